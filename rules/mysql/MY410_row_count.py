from sct.rules import Effort, Example, Rule, register


@register
class MY410(Rule):
    """ROW_COUNT() right after an INSERT, UPDATE or DELETE becomes GET DIAGNOSTICS ... = ROW_COUNT.

    After an UPDATE MySQL counts the rows changed, PostgreSQL the rows matched (REVIEW). ROW_COUNT() anywhere else
    (after a SELECT, a SET, a CALL) is MANUAL.
    """

    name = "mysql.row-count"
    source = "mysql"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='DELIMITER //\nCREATE PROCEDURE drop_a(IN x INT, OUT n INT)\nBEGIN\n  DELETE FROM t WHERE a = x;\n  SET n = ROW_COUNT();\nEND //\nDELIMITER ;',
                after='CREATE OR REPLACE PROCEDURE drop_a(x integer, OUT n integer)\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nDECLARE\n  sct_row_count bigint;\nBEGIN\n  DELETE FROM t WHERE a = x;\n  GET DIAGNOSTICS sct_row_count = ROW_COUNT;\n  n := sct_row_count;\nEND;\n$$;'),
    )
