from sct.rules import Effort, Example, Rule, register


@register
class MY301(Rule):
    """IFNULL(a, b) becomes COALESCE(a, b)."""

    name = "mysql.ifnull-to-coalesce"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='CREATE VIEW v AS SELECT IFNULL(a, 0) AS a FROM t;',
                after='CREATE VIEW v AS SELECT COALESCE(a, 0) AS a FROM t;'),
    )
