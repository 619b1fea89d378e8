from sct.rules import Effort, Example, Rule, register


@register
class MS106(Rule):
    """SQL_VARIANT, HIERARCHYID, GEOGRAPHY and GEOMETRY have no PostgreSQL equivalent: the table is left out."""

    name = "sqlserver.unsupported-types"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (g GEOGRAPHY)\nGO'),
    )
