from sct.rules import Effort, Example, Rule, register


@register
class MY411(Rule):
    """FOUND_ROWS() (SQL_CALC_FOUND_ROWS) has no PostgreSQL equivalent.

    Count the rows with a second query, or with count(*) OVER () in the first one.
    """

    name = "mysql.found-rows"
    source = "mysql"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='DELIMITER //\nCREATE FUNCTION counted() RETURNS INT READS SQL DATA\nBEGIN\n  RETURN FOUND_ROWS();\nEND //\nDELIMITER ;'),
    )
