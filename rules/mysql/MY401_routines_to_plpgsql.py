from sct.rules import Effort, Example, Rule, register


@register
class MY401(Rule):
    """MySQL procedures and functions become PL/pgSQL procedures and functions.

    Parameters keep their modes (a function's are IN); DECLARE ... DEFAULT becomes a DECLARE section; SET x = v
    becomes x := v; labels, LEAVE and ITERATE become <<label>>, EXIT and CONTINUE. Every body starts with
    `#variable_conflict use_variable`: in MySQL a local variable wins over a column of the same name. A condition
    that is not a comparison is true when non-zero (`IF done` becomes `IF done <> 0`); a comparison assigned to a
    number becomes (a > b)::int. An unsigned or small integer variable keeps no range check (REVIEW); a
    comparison of strings is REVIEW: MySQL's default collations ignore case and trailing spaces, PostgreSQL's do not.
    """

    name = "mysql.procedures-and-functions"
    source = "mysql"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(before='DELIMITER //\nCREATE FUNCTION add_to(x INT, step INT) RETURNS INT NO SQL\nBEGIN\n  DECLARE total INT DEFAULT 0;\n  DECLARE done INT DEFAULT 0;\n  l: WHILE NOT done DO\n    SET total = total + step;\n    IF total >= x THEN\n      LEAVE l;\n    END IF;\n  END WHILE l;\n  RETURN total;\nEND //\nDELIMITER ;',
                after='CREATE OR REPLACE FUNCTION add_to(x integer, step integer)\nRETURNS integer\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nDECLARE\n  total integer := 0;\n  done integer := 0;\nBEGIN\n  <<l>>\n  WHILE NOT (done <> 0) LOOP\n    total := total + step;\n    IF total >= x THEN\n      EXIT l;\n    END IF;\n  END LOOP l;\n  RETURN total;\nEND;\n$$;'),
    )
