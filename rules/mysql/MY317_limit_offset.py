from sct.rules import Effort, Example, Rule, register


@register
class MY317(Rule):
    """LIMIT x, y becomes LIMIT y OFFSET x."""

    name = "mysql.limit-offset"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='CREATE VIEW v AS SELECT a FROM t ORDER BY a LIMIT 5, 10;',
                after='CREATE VIEW v AS SELECT a FROM t ORDER BY a NULLS FIRST LIMIT 10 OFFSET 5;'),
    )
