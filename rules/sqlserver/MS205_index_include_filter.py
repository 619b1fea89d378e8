from sct.rules import Effort, Example, Rule, register


@register
class MS205(Rule):
    """INCLUDE columns are kept and a filtered index becomes a partial index."""

    name = "sqlserver.index-include-filter"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b INT)\nGO',
                before='CREATE NONCLUSTERED INDEX ix ON t (a) INCLUDE (b) WHERE a > 0\nGO',
                after='CREATE INDEX ix ON t (a) INCLUDE (b) WHERE a > 0;'),
    )
