from sct.rules import Effort, Example, Rule, register


@register
class MS417(Rule):
    """Without SET XACT_ABORT ON, SQL Server goes on after most statement errors; PostgreSQL stops and undoes the call.

    A procedure that writes without TRY/CATCH and without SET XACT_ABORT ON keeps, in SQL Server, what its
    statements did before a failing one and runs the next; in PostgreSQL the first error ends the call and undoes
    its work. Callers that rely on partial work need a TRY/CATCH around each statement.
    """

    name = "sqlserver.error-continuation"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.archive @id INT\nAS\nUPDATE dbo.orders SET status = 9 WHERE id = @id\nDELETE FROM dbo.orders WHERE status = 9\nGO',
                after='CREATE OR REPLACE PROCEDURE archive(id integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  UPDATE orders SET status = 9 WHERE id = archive.id;\n  DELETE FROM orders WHERE status = 9;\nEND;\n$$;'),
    )
