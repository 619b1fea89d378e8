from sct.rules import Effort, Example, Rule, register


@register
class MS108(Rule):
    """Table types (CREATE TYPE ... AS TABLE) and CLR types are not converted."""

    name = "sqlserver.table-types"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before='CREATE TYPE dbo.ids AS TABLE (id INT)\nGO'),
    )
