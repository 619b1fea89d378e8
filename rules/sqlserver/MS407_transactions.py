from sct.rules import Effort, Example, Rule, register


@register
class MS407(Rule):
    """BEGIN TRAN is dropped, COMMIT/ROLLBACK stay in procedures; the TRY/CATCH transaction pattern becomes the block's subtransaction.

    A PostgreSQL procedure always runs in a transaction: BEGIN TRANSACTION is dropped and COMMIT or ROLLBACK end
    it and start the next (allowed when the procedure is CALLed outside a transaction block). BEGIN TRAN ... COMMIT
    inside TRY with [IF @@TRANCOUNT > 0] ROLLBACK in CATCH becomes the TRY block's own subtransaction, since
    PostgreSQL cannot COMMIT inside a block with an EXCEPTION clause. ROLLBACK in a trigger raises SQL Server's
    error 3609 message. Nested transactions, savepoints, @@TRANCOUNT elsewhere and transaction statements in
    functions are MANUAL.
    """

    name = "sqlserver.transactions"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.close_order @id INT\nAS\nBEGIN TRAN\nUPDATE dbo.orders SET status = 2 WHERE id = @id\nCOMMIT TRAN\nGO',
                after='CREATE OR REPLACE PROCEDURE close_order(id integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  UPDATE orders SET status = 2 WHERE id = close_order.id;\n  COMMIT;\nEND;\n$$;'),
    )
