from sct.rules import Effort, Example, Rule, register


@register
class MS413(Rule):
    """AFTER triggers become statement triggers with transition tables inserted/deleted; INSTEAD OF on views row triggers.

    A T-SQL trigger runs once per statement and reads the rows through the inserted and deleted tables:
    PostgreSQL's AFTER ... FOR EACH STATEMENT trigger with REFERENCING NEW TABLE AS inserted OLD TABLE AS
    deleted. PostgreSQL allows transition tables only on a trigger for one event, so FOR INSERT, UPDATE becomes one
    trigger (and function) per event; in the INSERT trigger deleted is an empty set of the table's rows, in the
    DELETE trigger inserted, as in SQL Server. An INSTEAD OF trigger on a view becomes an INSTEAD OF ... FOR EACH
    ROW trigger whose inserted/deleted are the one row NEW/OLD (review: SQL Server runs it once per statement with
    all the rows); on a table, or reading @@ROWCOUNT, it is MANUAL.
    """

    name = "sqlserver.triggers"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE TABLE dbo.audit (id INT, at DATETIME)\nGO\nCREATE TRIGGER orders_audit ON dbo.orders AFTER INSERT, UPDATE\nAS\nINSERT INTO dbo.audit (id, at) SELECT i.id, GETDATE() FROM inserted i LEFT JOIN deleted d ON d.id = i.id\nGO',
                after='CREATE TABLE audit (\n    id integer,\n    at timestamp(3)\n);\nCREATE OR REPLACE FUNCTION orders_audit_insert_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_now timestamptz;\nBEGIN\n  sct_now := clock_timestamp();\n  INSERT INTO audit (id, at) SELECT i.id, CAST(var.sct_now AS TIMESTAMP) FROM inserted AS i LEFT JOIN (SELECT * FROM orders WHERE FALSE) AS d ON d.id = i.id;\n  RETURN NULL;\nEND var;\n$$;\nCREATE TRIGGER orders_audit_insert AFTER INSERT ON orders\nREFERENCING NEW TABLE AS inserted\nFOR EACH STATEMENT EXECUTE FUNCTION orders_audit_insert_fn();\nCREATE OR REPLACE FUNCTION orders_audit_update_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_now timestamptz;\nBEGIN\n  sct_now := clock_timestamp();\n  INSERT INTO audit (id, at) SELECT i.id, CAST(var.sct_now AS TIMESTAMP) FROM inserted AS i LEFT JOIN deleted AS d ON d.id = i.id;\n  RETURN NULL;\nEND var;\n$$;\nCREATE TRIGGER orders_audit_update AFTER UPDATE ON orders\nREFERENCING OLD TABLE AS deleted NEW TABLE AS inserted\nFOR EACH STATEMENT EXECUTE FUNCTION orders_audit_update_fn();'),
    )
