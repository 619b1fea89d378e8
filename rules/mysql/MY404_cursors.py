from sct.rules import Effort, Example, Rule, register


@register
class MY404(Rule):
    """Cursors: DECLARE CURSOR, OPEN, FETCH and CLOSE, with MySQL's end-of-rows behaviour.

    FETCH past the last row keeps the variables in MySQL and raises NOT FOUND (error 1329, SQLSTATE 02000, unless a
    handler catches it); PL/pgSQL would assign NULLs and set FOUND. The FETCH reads into temporaries copied when
    FOUND; otherwise the NOT FOUND handler in force runs (the done-flag pattern), or SQLSTATE 02000 is raised.
    """

    name = "mysql.cursors"
    source = "mysql"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='DELIMITER //\nCREATE PROCEDURE total(OUT s INT)\nBEGIN\n  DECLARE done INT DEFAULT 0;\n  DECLARE v INT;\n  DECLARE c CURSOR FOR SELECT a FROM t;\n  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;\n  SET s = 0;\n  OPEN c;\n  r: LOOP\n    FETCH c INTO v;\n    IF done THEN\n      LEAVE r;\n    END IF;\n    SET s = s + v;\n  END LOOP;\n  CLOSE c;\nEND //\nDELIMITER ;',
                after='CREATE OR REPLACE PROCEDURE total(OUT s integer)\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nDECLARE\n  sct_fetch_v integer;\nBEGIN\n  <<sct_block1>>\n  DECLARE\n    done integer := 0;\n    v integer;\n    c CURSOR FOR SELECT a FROM t;\n  BEGIN\n    s := 0;\n    OPEN c;\n    <<r>>\n    LOOP\n      FETCH c INTO sct_fetch_v;\n      IF FOUND THEN\n        v := sct_fetch_v;\n      ELSE\n        done := 1;\n      END IF;\n      IF done <> 0 THEN\n        EXIT r;\n      END IF;\n      s := s + v;\n    END LOOP r;\n    CLOSE c;\n  END sct_block1;\nEND;\n$$;'),
    )
