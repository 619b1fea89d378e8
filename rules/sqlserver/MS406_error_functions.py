from sct.rules import Effort, Example, Rule, register


@register
class MS406(Rule):
    """ERROR_MESSAGE(), ERROR_NUMBER(), ERROR_SEVERITY() and ERROR_STATE() in a CATCH block read the caught error.

    The CATCH block reads the error with GET STACKED DIAGNOSTICS. ERROR_NUMBER() is the number THROW or RAISERROR
    gave (kept in the DETAIL), or SQL Server's number for the PostgreSQL error class (23505 -> 2627, 23503 -> 547,
    23502 -> 515, 22012 -> 8134, ...), else NULL; ERROR_MESSAGE() is PostgreSQL's message, whose text differs from
    SQL Server's for errors the database raises. @@ERROR tested right after a statement: that statement runs in its
    own block, so a failing one is undone and the routine goes on with its error number, as in SQL Server (review:
    errors that abort the batch there go on here too); after a statement that did not fail @@ERROR is 0.
    ERROR_LINE(), ERROR_PROCEDURE() and XACT_STATE() are MANUAL.
    """

    name = "sqlserver.error-functions"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.add_order @customer NVARCHAR(20), @err INT OUTPUT\nAS\nBEGIN TRY\n  INSERT INTO dbo.orders (customer) VALUES (@customer)\n  SET @err = 0\nEND TRY\nBEGIN CATCH\n  SET @err = ERROR_NUMBER()\nEND CATCH\nGO',
                after="CREATE OR REPLACE PROCEDURE add_order(customer varchar(20), INOUT err integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_error_message text;\n  sct_error_detail text;\n  sct_error_sqlstate text;\nBEGIN\n  customer := CAST(add_order.customer AS varchar(20));\n  BEGIN\n    INSERT INTO orders (customer) VALUES (add_order.customer);\n    err := 0;\n  EXCEPTION\n    WHEN OTHERS THEN\n      GET STACKED DIAGNOSTICS sct_error_message = MESSAGE_TEXT, sct_error_detail = PG_EXCEPTION_DETAIL, sct_error_sqlstate = RETURNED_SQLSTATE;\n      err := CASE WHEN sct_error_detail LIKE 'SQL Server error %' THEN CAST(SUBSTRING(sct_error_detail FROM 18) AS INT) ELSE CASE sct_error_sqlstate WHEN '23505' THEN 2627 WHEN '23503' THEN 547 WHEN '23514' THEN 547 WHEN '23502' THEN 515 WHEN '22012' THEN 8134 WHEN '22001' THEN 8152 WHEN '22003' THEN 8115 WHEN '40P01' THEN 1205 WHEN '22P02' THEN 245 WHEN '22007' THEN 241 WHEN '22008' THEN 242 END END;\n  END;\nEND var;\n$$;"),
    )
