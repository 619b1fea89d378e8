from sct.rules import Effort, Example, Rule, register


@register
class MS309(Rule):
    """TOP n becomes LIMIT n and TOP n WITH TIES FETCH FIRST n ROWS WITH TIES; TOP n PERCENT is reported."""

    name = "sqlserver.top-to-limit"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before='CREATE VIEW v AS SELECT TOP 5 a FROM t ORDER BY a\nGO',
                after='CREATE VIEW v AS SELECT a FROM t ORDER BY a NULLS FIRST LIMIT 5;'),
    )
