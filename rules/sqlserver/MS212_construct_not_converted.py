from sct.rules import Effort, Example, Rule, register


@register
class MS212(Rule):
    """A table feature with no PostgreSQL form (temporary tables, system versioning, bound defaults and rules, columnstore and XML indexes) is not converted."""

    name = "sqlserver.construct-not-converted"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE #work (a INT)\nGO'),
    )
