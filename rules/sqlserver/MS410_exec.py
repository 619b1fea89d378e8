from sct.rules import Effort, Example, Rule, register


@register
class MS410(Rule):
    """EXEC of a procedure of the scripts becomes CALL with named arguments; RETURN n is an INOUT return_status.

    EXEC p @a = 1, @b = @x OUTPUT becomes CALL p(a => 1, b => x): PL/pgSQL assigns INOUT parameters back to the
    variables passed. An OUTPUT parameter the caller did not mark OUTPUT gets a scratch variable, so the caller's
    variable keeps its value as in SQL Server. A procedure that RETURNs a value has an INOUT return_status
    parameter (0 when it ends without RETURN n) that EXEC @rc = p reads. EXEC of a procedure outside the scripts,
    of one that returns a result set, INSERT ... EXEC and EXEC @variable are MANUAL.
    """

    name = "sqlserver.exec"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before="CREATE PROCEDURE dbo.set_status @id INT, @status TINYINT\nAS\nUPDATE dbo.orders SET status = @status WHERE id = @id\nIF @@ROWCOUNT = 0\n  RETURN 1\nRETURN 0\nGO\nCREATE PROCEDURE dbo.ship @id INT\nAS\nDECLARE @rc INT\nEXEC @rc = dbo.set_status @id, 3\nIF @rc <> 0\n  THROW 50001, N'no such order', 1\nGO",
                after="CREATE OR REPLACE PROCEDURE set_status(id integer, status smallint, INOUT return_status integer DEFAULT NULL)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_rowcount bigint;\nBEGIN\n  return_status := 0;\n  UPDATE orders SET status = set_status.status WHERE id = set_status.id;\n  GET DIAGNOSTICS sct_rowcount = ROW_COUNT;\n  IF sct_rowcount = 0 THEN\n    return_status := 1;\n    RETURN;\n  END IF;\n  return_status := 0;\n  RETURN;\nEND var;\n$$;\nCREATE OR REPLACE PROCEDURE ship(id integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  rc integer;\nBEGIN\n  CALL set_status(id => CAST(ship.id AS INT), status => CAST(3 AS SMALLINT), return_status => rc);\n  IF var.rc <> 0 THEN\n    RAISE EXCEPTION USING MESSAGE = 'no such order', DETAIL = 'SQL Server error ' || 50001, HINT = 'state ' || 1;\n  END IF;\nEND var;\n$$;"),
    )
