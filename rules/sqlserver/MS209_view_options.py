from sct.rules import Effort, Example, Rule, register


@register
class MS209(Rule):
    """View options WITH SCHEMABINDING, VIEW_METADATA and ENCRYPTION and a TOP 100 PERCENT are dropped.

    PostgreSQL views depend on the tables they read already (DROP TABLE is refused while a view reads it);
    TOP 100 PERCENT ... ORDER BY returns every row in no guaranteed order in SQL Server too.
    """

    name = "sqlserver.view-options"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before='CREATE VIEW v WITH SCHEMABINDING AS SELECT a FROM dbo.t\nGO',
                after='CREATE VIEW v AS SELECT a FROM t;'),
    )
