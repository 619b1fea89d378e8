from sct.rules import Effort, Example, Rule, register


@register
class MS416(Rule):
    """SET NOCOUNT and SET XACT_ABORT ON are dropped; SET ROWCOUNT n limits the SELECTs after it.

    SET NOCOUNT only stops row-count messages; SET XACT_ABORT ON makes SQL Server stop and roll back at an error,
    which PostgreSQL always does. SET ROWCOUNT n becomes LIMIT n on the SELECTs after it (until SET ROWCOUNT 0);
    under SET ROWCOUNT an INSERT, UPDATE or DELETE is MANUAL. Other SET options in a routine are MANUAL.
    """

    name = "sqlserver.session-options"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.top_orders\nAS\nSET ROWCOUNT 10\nSELECT id, amount FROM dbo.orders ORDER BY amount DESC\nGO',
                after='CREATE OR REPLACE FUNCTION top_orders()\nRETURNS TABLE (id integer, amount numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RETURN QUERY SELECT id, amount FROM orders ORDER BY amount DESC NULLS LAST LIMIT 10;\nEND;\n$$;'),
    )
