from sct.rules import Effort, Example, Rule, register


@register
class MY329(Rule):
    """SUBSTRING, LEFT and RIGHT with a position of 0 or below, or a negative length, mean something else in MySQL.

    MySQL's SUBSTRING(s, 0) is '' and SUBSTRING(s, -3) the last three characters ('' when the string is shorter);
    PostgreSQL's substring treats positions below 1 as a window starting before the string. A literal 0 or
    negative position is rewritten to MySQL's result; a position that is not a literal is a REVIEW. LEFT and
    RIGHT with a negative length give '' in MySQL and all but that many characters in PostgreSQL: a length that
    is not a literal is a REVIEW.
    """

    name = "mysql.substring-positions"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (s VARCHAR(20));",
                before="CREATE VIEW v AS SELECT SUBSTRING(s, -3) AS tail FROM t;",
                after="CREATE VIEW v AS SELECT CASE WHEN 3 > CHAR_LENGTH(s) THEN '' ELSE SUBSTRING(s FROM "
                      "CHAR_LENGTH(s) - 2) END AS tail FROM t;"),
    )
