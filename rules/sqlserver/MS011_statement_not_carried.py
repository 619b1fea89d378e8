from sct.rules import Effort, Example, Rule, register


@register
class MS011(Rule):
    """A session or administration statement (SET, PRINT, RAISERROR, DROP, CREATE DATABASE, ...) is not carried into the target.

    They are counted, once per kind, at their first location.
    """

    name = "sqlserver.statement-not-carried"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before="SET NOCOUNT ON\nGO\nPRINT 'hello'\nGO"),
    )
