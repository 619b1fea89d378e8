from sct.rules import Effort, Example, Rule, register


@register
class MS004(Rule):
    """Existence guards (IF EXISTS (SELECT ... FROM sysobjects ...) DROP ..., IF OBJECT_ID(...) IS NOT NULL DROP ...) are dropped.

    The target schema is created fresh, so there is nothing to drop; the CREATE after the guard is converted.
    """

    name = "sqlserver.existence-guards"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before="IF OBJECT_ID('dbo.t') IS NOT NULL DROP TABLE dbo.t\nGO\nCREATE TABLE dbo.t (a INT)\nGO",
                after='CREATE TABLE t (\n    a integer\n);'),
    )
