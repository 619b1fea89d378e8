from sct.rules import Effort, Example, Rule, register


@register
class MS408(Rule):
    """Cursors become refcursor variables; FETCH keeps the variables when no row is left, @@FETCH_STATUS is tracked.

    DECLARE c CURSOR FOR query / OPEN / FETCH NEXT FROM c INTO @a / CLOSE / DEALLOCATE become a refcursor opened
    FOR the query when OPEN runs (so it sees the variables' values then, as in SQL Server), FETCH into temporaries
    copied to the variables only when a row was fetched (PostgreSQL would set them to NULL), and @@FETCH_STATUS
    as 0 or -1. FETCH PRIOR/FIRST/LAST/ABSOLUTE/RELATIVE open the cursor SCROLL. GLOBAL, DYNAMIC, KEYSET and FOR
    UPDATE cursors and cursor variables are MANUAL.
    """

    name = "sqlserver.cursors"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE PROCEDURE dbo.total @t MONEY OUTPUT\nAS\nDECLARE @a MONEY\nSET @t = 0\nDECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT amount FROM dbo.orders\nOPEN c\nFETCH NEXT FROM c INTO @a\nWHILE @@FETCH_STATUS = 0\nBEGIN\n  SET @t = @t + ISNULL(@a, 0)\n  FETCH NEXT FROM c INTO @a\nEND\nCLOSE c\nDEALLOCATE c\nGO',
                after='CREATE OR REPLACE PROCEDURE total(INOUT t numeric(19,4))\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  a numeric(19,4);\n  c refcursor;\n  sct_fetch_status integer := -1;\n  sct_fetch_1 numeric(19,4);\nBEGIN\n  t := CAST(total.t AS numeric(19,4));\n  t := CAST(0 AS DECIMAL(19, 4));\n  OPEN c NO SCROLL FOR SELECT amount FROM orders;\n  FETCH NEXT FROM c INTO sct_fetch_1;\n  sct_fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;\n  IF FOUND THEN\n    a := sct_fetch_1;\n  END IF;\n  WHILE sct_fetch_status = 0 LOOP\n    t := CAST(total.t + COALESCE(var.a, 0) AS DECIMAL(19, 4));\n    FETCH NEXT FROM c INTO sct_fetch_1;\n    sct_fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;\n    IF FOUND THEN\n      a := sct_fetch_1;\n    END IF;\n  END LOOP;\n  CLOSE c;\nEND var;\n$$;'),
    )
