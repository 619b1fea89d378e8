from sct.rules import Effort, Example, Rule, register


@register
class MS401(Rule):
    """A T-SQL procedure or function becomes a PL/pgSQL one: parameters, OUTPUT as INOUT, variables qualified, assignments converted as SQL Server converts.

    Parameters keep their names and defaults; OUTPUT parameters become INOUT. Every reference to a variable is
    qualified (parameters by the routine's name, locals by the block label `var`) under `#variable_conflict
    use_column`, because PL/pgSQL would otherwise read a column and a variable of the same name as one. DECLAREs
    are declared at the top and assign their value where they stand. Assignments convert as SQL Server's implicit
    conversion does: a non-integer number assigned to an integer variable is truncated (PostgreSQL would round),
    text assigned to varchar(n) is cut to n characters (PostgreSQL would raise). WITH EXECUTE AS a user, a
    parameter without a default after one with a default, and OUTPUT parameters of functions are MANUAL.
    """

    name = "sqlserver.routine"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE dbo.orders (id INT IDENTITY(1,1) PRIMARY KEY, customer NVARCHAR(20) NOT NULL, amount MONEY NULL, status TINYINT NOT NULL DEFAULT 0)\nGO',
                before='CREATE FUNCTION dbo.net_amount (@id INT, @rate DECIMAL(5,2) = 0.2)\nRETURNS INT\nAS\nBEGIN\n  DECLARE @a MONEY\n  SELECT @a = amount FROM dbo.orders WHERE id = @id\n  RETURN @a * (1 - @rate)\nEND\nGO',
                after='CREATE OR REPLACE FUNCTION net_amount(id integer, rate numeric(5,2) DEFAULT 0.2)\nRETURNS integer\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  a numeric(19,4);\n  sct_row record;\nBEGIN\n  rate := CAST(net_amount.rate AS numeric(5,2));\n  SELECT amount AS v1 INTO sct_row FROM orders WHERE id = net_amount.id;\n  IF FOUND THEN\n    a := sct_row.v1;\n  END IF;\n  RETURN TRUNC(var.a * (1 - net_amount.rate));\nEND var;\n$$;'),
    )
