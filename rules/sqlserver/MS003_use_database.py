from sct.rules import Effort, Example, Rule, register


@register
class MS003(Rule):
    """USE database is not carried: the converted scripts run in the database they are applied to."""

    name = "sqlserver.use-database"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before='USE [Chinook]\nGO'),
    )
