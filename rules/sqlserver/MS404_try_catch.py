from sct.rules import Effort, Example, Rule, register


@register
class MS404(Rule):
    """BEGIN TRY ... BEGIN CATCH becomes a block with EXCEPTION WHEN OTHERS; its TRY work is undone on error in PostgreSQL.

    PostgreSQL runs a block with an EXCEPTION clause as a subtransaction: when an error is caught, what the
    block did before the error is undone. SQL Server keeps it unless the transaction is rolled back. This is what
    the usual BEGIN TRAN ... COMMIT inside TRY with ROLLBACK in CATCH means anyway (MS407), so the finding is a
    review of the other cases.
    """

    name = "sqlserver.try-catch"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.safe_delete @id INT\nAS\nBEGIN TRY\n  DELETE FROM dbo.orders WHERE id = @id\nEND TRY\nBEGIN CATCH\n  PRINT ERROR_MESSAGE()\nEND CATCH\nGO',
                after="CREATE OR REPLACE PROCEDURE safe_delete(id integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_error_message text;\n  sct_error_detail text;\n  sct_error_sqlstate text;\nBEGIN\n  BEGIN\n    DELETE FROM orders WHERE id = safe_delete.id;\n  EXCEPTION\n    WHEN OTHERS THEN\n      GET STACKED DIAGNOSTICS sct_error_message = MESSAGE_TEXT, sct_error_detail = PG_EXCEPTION_DETAIL, sct_error_sqlstate = RETURNED_SQLSTATE;\n      RAISE NOTICE '%', sct_error_message;\n  END;\nEND var;\n$$;"),
    )
