from sct.rules import Effort, Example, Rule, register


@register
class MS412(Rule):
    """#temporary tables and table variables become temporary tables in pg_temp, dropped when the routine ends.

    CREATE TABLE #t and DECLARE @t TABLE (...) become CREATE TEMPORARY TABLE (after DROP TABLE IF EXISTS, so a
    second call in the session starts empty), referenced as pg_temp.t, and dropped when the routine ends. A table
    variable's rows are undone by ROLLBACK in PostgreSQL, unlike SQL Server's. ##global tables, SELECT ... INTO
    #t, table-valued parameters and a caller's #table are MANUAL.
    """

    name = "sqlserver.temporary-tables"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.big_orders\nAS\nCREATE TABLE #big (id INT PRIMARY KEY, amount MONEY)\nINSERT INTO #big SELECT id, amount FROM dbo.orders WHERE amount > 100\nUPDATE dbo.orders SET status = 1 WHERE id IN (SELECT id FROM #big)\nGO',
                after="CREATE OR REPLACE PROCEDURE big_orders()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  PERFORM 'PRAGMA:TABLE: pg_temp.big_orders_big (id integer, amount numeric(19,4))';\n  IF to_regclass('pg_temp.big_orders_big') IS NOT NULL THEN DROP TABLE pg_temp.big_orders_big; END IF;\n  CREATE TEMPORARY TABLE big_orders_big (id integer PRIMARY KEY, amount numeric(19,4));\n  INSERT INTO pg_temp.big_orders_big AS big SELECT id, amount FROM orders WHERE amount > 100;\n  UPDATE orders SET status = 1 WHERE id IN (SELECT id FROM pg_temp.big_orders_big AS big);\n  IF to_regclass('pg_temp.big_orders_big') IS NOT NULL THEN DROP TABLE pg_temp.big_orders_big; END IF;\nEND;\n$$;"),
    )
