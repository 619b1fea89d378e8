from sct.rules import Effort, Example, Rule, register


@register
class MS301(Rule):
    """ISNULL(a, b) becomes COALESCE(a, b)."""

    name = "sqlserver.isnull-to-coalesce"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before='CREATE VIEW v AS SELECT ISNULL(a, 0) AS a FROM t\nGO',
                after='CREATE VIEW v AS SELECT COALESCE(a, 0) AS a FROM t;'),
    )
