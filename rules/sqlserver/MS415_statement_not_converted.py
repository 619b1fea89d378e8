from sct.rules import Effort, Example, Rule, register


@register
class MS415(Rule):
    """A T-SQL statement or construct in a routine that has no exact PL/pgSQL conversion.

    GOTO, DDL other than #temporary tables, SET options other than NOCOUNT, XACT_ABORT ON and ROWCOUNT, system
    values other than those converted, and types without a PostgreSQL equivalent. GROUP BY ... WITH ROLLUP becomes
    GROUP BY ROLLUP (...), and WAITFOR DELAY pg_sleep (review: the transaction stays open).
    """

    name = "sqlserver.statement-not-converted"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.retry\nAS\nDECLARE @n INT = 0\nagain:\nSET @n = @n + 1\nIF @n < 3 GOTO again\nGO'),
    )
