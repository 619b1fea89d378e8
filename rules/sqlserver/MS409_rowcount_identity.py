from sct.rules import Effort, Example, Rule, register


@register
class MS409(Rule):
    """@@ROWCOUNT right after a statement, SCOPE_IDENTITY() and @@IDENTITY are converted.

    @@ROWCOUNT read right after the statement that sets it becomes GET DIAGNOSTICS ... ROW_COUNT of that statement
    (in a trigger's first statement, the number of rows of the triggering statement); read later, MANUAL.
    SCOPE_IDENTITY() is the value the routine's last INSERT into a table with an identity generated (currval of the
    identity's sequence after an INSERT that wrote rows); @@IDENTITY is lastval() (review: any sequence of the
    session, as @@IDENTITY counts triggers' INSERTs).
    """

    name = "sqlserver.rowcount-identity"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.new_order @customer NVARCHAR(20), @id INT OUTPUT\nAS\nINSERT INTO dbo.orders (customer) VALUES (@customer)\nIF @@ROWCOUNT = 1\n  SET @id = SCOPE_IDENTITY()\nGO',
                after="CREATE OR REPLACE PROCEDURE new_order(customer varchar(20), INOUT id integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_rowcount bigint;\n  sct_scope_identity numeric;\nBEGIN\n  customer := CAST(new_order.customer AS varchar(20));\n  INSERT INTO orders (customer) VALUES (new_order.customer);\n  GET DIAGNOSTICS sct_rowcount = ROW_COUNT;\n  IF sct_rowcount > 0 THEN sct_scope_identity := currval(pg_get_serial_sequence('orders', 'id')); END IF;\n  IF sct_rowcount = 1 THEN\n    id := sct_scope_identity;\n  END IF;\nEND var;\n$$;"),
    )
