from sct.rules import Effort, Example, Rule, register


@register
class MS411(Rule):
    """Dynamic SQL with a constant text becomes static SQL; text built at run time (EXEC (@sql), sp_executesql) is MANUAL.

    EXEC (N'...') and sp_executesql N'...', N'@p type [OUTPUT], ...', @p = value, whose statement text is a literal
    (or literals joined with +, or a variable the routine assigns once from such a text), are converted like the
    routine's own statements: the parameters become variables assigned from the arguments, OUTPUT parameters are
    copied back. A text made at run time (table names from variables, conditions appended in IF branches) is T-SQL
    that exists only then: it has to be written in PostgreSQL's dialect and run with EXECUTE format(...) USING.
    Dynamic SQL that returns rows or declares variables is MANUAL too.
    """

    name = "sqlserver.dynamic-sql"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup="CREATE TABLE dbo.emp (id INT PRIMARY KEY, dept INT)\nGO",
                before="CREATE PROCEDURE dbo.move_dept @from INT, @to INT\nAS\nEXEC sp_executesql "
                       "N'UPDATE dbo.emp SET dept = @t WHERE dept = @f', N'@f int, @t int', @f = @from, @t = @to\nGO",
                after='CREATE OR REPLACE PROCEDURE move_dept("from" integer, "to" integer)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n<<var>>\nDECLARE\n  sct_dyn_f integer;\n  sct_dyn_t integer;\nBEGIN\n  sct_dyn_f := move_dept."from";\n  sct_dyn_t := move_dept."to";\n  UPDATE emp SET dept = var.sct_dyn_t WHERE dept = var.sct_dyn_f;\nEND var;\n$$;'),
        Example(before="CREATE PROCEDURE dbo.count_rows @table SYSNAME\nAS\nDECLARE @sql NVARCHAR(200) = "
                       "N'SELECT COUNT(*) FROM ' + QUOTENAME(@table)\nEXEC sp_executesql @sql\nGO"),
    )
