from sct.rules import Effort, Example, Rule, register


@register
class MS199(Rule):
    """A column type with no conversion leaves its table out."""

    name = "sqlserver.unknown-type"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (a WIBBLETYPE)\nGO'),
    )
