from sct.rules import Effort, Example, Rule, register


@register
class MS010(Rule):
    """A statement the converter cannot parse is left out."""

    name = "sqlserver.unparsable-statement"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "script"
    examples = (
        Example(before='CREATE TABLE t (a INT WIBBLE)\nGO'),
    )
