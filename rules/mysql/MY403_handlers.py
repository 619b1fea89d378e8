from sct.rules import Effort, Example, Rule, register


@register
class MY403(Rule):
    """DECLARE EXIT and CONTINUE HANDLERs become per-statement EXCEPTION blocks; NOT FOUND handlers run where FETCH or SELECT INTO finds no row.

    MySQL undoes only the failing statement and runs the handler; a PL/pgSQL EXCEPTION section undoes its whole
    block. So each statement a handler covers gets its own BEGIN ... EXCEPTION ... END; an EXIT handler ends with
    EXIT of its block, a CONTINUE handler falls through to the next statement. SQLEXCEPTION is WHEN OTHERS (class 02
    re-raised), SQLSTATE '23000' is integrity_constraint_violation (MySQL reports every integrity error as 23000),
    error numbers map to conditions (1062 unique_violation, 1452/1451 foreign_key_violation, 1048 not_null_violation,
    ...). Handlers for SQLWARNING, named conditions, other class codes and unknown error numbers are MANUAL. An error
    raised by the condition of an IF/WHILE/CASE is not caught (REVIEW when the condition calls something).
    """

    name = "mysql.handlers"
    source = "mysql"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT PRIMARY KEY);',
                before="DELIMITER //\nCREATE PROCEDURE add_a(IN x INT, OUT status VARCHAR(10))\nBEGIN\n  DECLARE EXIT HANDLER FOR 1062 SET status = 'duplicate';\n  INSERT INTO t (a) VALUES (x);\n  SET status = 'ok';\nEND //\nDELIMITER ;",
                after="CREATE OR REPLACE PROCEDURE add_a(x integer, OUT status varchar(10))\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nBEGIN\n  <<sct_block1>>\n  BEGIN\n    BEGIN\n      INSERT INTO t (a) VALUES (x);\n    EXCEPTION\n      WHEN unique_violation THEN\n        status := 'duplicate';\n        EXIT sct_block1;\n    END;\n    BEGIN\n      status := 'ok';\n    EXCEPTION\n      WHEN unique_violation THEN\n        status := 'duplicate';\n        EXIT sct_block1;\n    END;\n  END sct_block1;\nEND;\n$$;"),
    )
