from sct.rules import Effort, Example, Rule, register


@register
class MS012(Rule):
    """T-SQL procedures, functions and triggers are not converted yet."""

    name = "sqlserver.code-not-converted"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE p AS SELECT 1\nGO'),
    )
