from sct.rules import Effort, Example, Rule, register


@register
class MS403(Rule):
    """SELECT @v = ... FROM keeps SQL Server's no-row behaviour (the variables are unchanged); several rows are a review.

    An assignment SELECT with FROM reads into a record and assigns when a row was found, so that no row leaves
    the variables as they were, as in SQL Server. When the query may return several rows SQL Server assigns the
    values of the last row it reads and PostgreSQL of the first: a REVIEW finding. Compound assignments
    (SELECT @s += x FROM t), an item that reads a variable the same SELECT assigns, and ORDER BY over several
    rows are MANUAL.
    """

    name = "sqlserver.select-assignment"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before="CREATE PROCEDURE dbo.touch @id INT\nAS\nDECLARE @c NVARCHAR(20) = N'none'\nSELECT @c = customer FROM dbo.orders WHERE id = @id\nUPDATE dbo.orders SET customer = @c WHERE id = @id\nGO",
                after="CREATE OR REPLACE PROCEDURE touch(id integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  c varchar(20);\n  sct_row record;\nBEGIN\n  c := 'none';\n  SELECT customer AS v1 INTO sct_row FROM orders WHERE id = touch.id;\n  IF FOUND THEN\n    c := sct_row.v1;\n  END IF;\n  UPDATE orders SET customer = var.c WHERE id = touch.id;\nEND var;\n$$;"),
    )
