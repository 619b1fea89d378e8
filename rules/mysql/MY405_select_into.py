from sct.rules import Effort, Example, Rule, register


@register
class MY405(Rule):
    """SELECT ... INTO becomes SELECT ... INTO STRICT in a block that gives MySQL's no-row and many-row behaviour.

    MySQL leaves the variables unchanged when no row is found (a warning, or the NOT FOUND handler in force) and
    raises error 1172 (SQLSTATE 42000) on more than one row. STRICT raises before it assigns anything, so catching
    no_data_found (running the NOT FOUND handler, if any) and too_many_rows (raising SQLSTATE 42000) is exact.
    Targets other than local variables and parameters are MANUAL.
    """

    name = "mysql.select-into"
    source = "mysql"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b VARCHAR(10));',
                before="DELIMITER //\nCREATE FUNCTION name_of(x INT) RETURNS VARCHAR(10) READS SQL DATA\nBEGIN\n  DECLARE n VARCHAR(10) DEFAULT '?';\n  SELECT b INTO n FROM t WHERE a = x;\n  RETURN n;\nEND //\nDELIMITER ;",
                after="CREATE OR REPLACE FUNCTION name_of(x integer)\nRETURNS varchar(10)\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nDECLARE\n  n varchar(10) := '?';\nBEGIN\n  BEGIN\n    SELECT b FROM t WHERE a = x INTO STRICT n;\n  EXCEPTION\n    WHEN no_data_found THEN\n      NULL;\n    WHEN too_many_rows THEN\n      RAISE SQLSTATE '42000' USING MESSAGE = 'Result consisted of more than one row';\n  END;\n  RETURN n;\nEND;\n$$;"),
    )
