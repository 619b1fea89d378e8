from sct.rules import Effort, Example, Rule, register


@register
class MY409(Rule):
    """LAST_INSERT_ID() in a routine becomes lastval().

    After a single-row INSERT into a table with an identity column both give the id generated. After a multi-row
    INSERT MySQL gives the first id, lastval() the last; lastval() also follows any other sequence used since
    (a trigger's INSERT).
    """

    name = "mysql.last-insert-id-in-routines"
    source = "mysql"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, b INT);',
                before='DELIMITER //\nCREATE PROCEDURE add_b(IN x INT, OUT new_id INT)\nBEGIN\n  INSERT INTO t (b) VALUES (x);\n  SET new_id = LAST_INSERT_ID();\nEND //\nDELIMITER ;',
                after='CREATE OR REPLACE PROCEDURE add_b(x integer, OUT new_id integer)\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nBEGIN\n  INSERT INTO t (b) VALUES (x);\n  new_id := LASTVAL();\nEND;\n$$;'),
    )
