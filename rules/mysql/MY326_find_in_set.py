from sct.rules import Effort, Example, Rule, register


@register
class MY326(Rule):
    """FIND_IN_SET(x, s) becomes the position of x in string_to_array(s, ','), 0 when absent and NULL when either is NULL."""

    name = "mysql.find-in-set"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (s VARCHAR(20));',
                before="CREATE VIEW v AS SELECT FIND_IN_SET('a', s) AS p FROM t;",
                after="CREATE VIEW v AS SELECT CASE WHEN 'a' IS NULL OR s IS NULL THEN NULL ELSE COALESCE(ARRAY_POSITION(STRING_TO_ARRAY(s, ','), 'a'), 0) END AS p FROM t;"),
    )
