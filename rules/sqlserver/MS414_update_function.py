from sct.rules import Effort, Example, Rule, register


@register
class MS414(Rule):
    """UPDATE(column) and COLUMNS_UPDATED() in an UPDATE trigger have no PostgreSQL equivalent with transition tables.

    PostgreSQL's statement triggers do not know which columns the UPDATE set (a column list, UPDATE OF col, is not
    allowed with transition tables). In an INSERT trigger UPDATE(column) is true, as in SQL Server.
    """

    name = "sqlserver.update-function"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before="CREATE TRIGGER orders_status ON dbo.orders AFTER UPDATE\nAS\nIF UPDATE(status)\n  PRINT 'status changed'\nGO"),
    )
