from sct.rules import Effort, Example, Rule, register


@register
class MS418(Rule):
    """OUTPUT ... INTO becomes RETURNING in a WITH that inserts the rows into the target; MERGE converts (review).

    INSERT ... OUTPUT inserted.x INTO @t / #t / table, DELETE ... OUTPUT deleted.x INTO ... and UPDATE ... OUTPUT
    inserted.x INTO ... become WITH sct_output AS (<statement> RETURNING x) INSERT INTO target SELECT * FROM
    sct_output. PostgreSQL 15's RETURNING has no old values in an UPDATE (deleted.x) and MERGE has neither
    RETURNING nor WHEN NOT MATCHED BY SOURCE (PostgreSQL 17): those, OUTPUT without INTO (rows to the client) and
    $action are MANUAL. MERGE converts to PostgreSQL's MERGE, which also raises an error when a target row matches
    several source rows (review: concurrency).
    """

    name = "sqlserver.output-merge"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup="CREATE TABLE dbo.orders (id INT IDENTITY PRIMARY KEY, status TINYINT NOT NULL)\nGO\n"
                      "CREATE TABLE dbo.cancelled (id INT)\nGO",
                before="CREATE PROCEDURE dbo.purge\nAS\nDELETE FROM dbo.orders OUTPUT deleted.id INTO dbo.cancelled "
                       "WHERE status = 4\nGO",
                after='CREATE OR REPLACE PROCEDURE purge()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  WITH sct_output AS (\n  DELETE FROM orders WHERE status = 4 RETURNING orders.id\n  )\n  INSERT INTO cancelled SELECT * FROM sct_output;\nEND;\n$$;'),
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.cancel @id INT\nAS\nUPDATE dbo.orders SET status = 4 OUTPUT deleted.status, inserted.status WHERE id = @id\nGO'),
    )
