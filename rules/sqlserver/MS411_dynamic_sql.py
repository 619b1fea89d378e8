from sct.rules import Effort, Example, Rule, register


@register
class MS411(Rule):
    """Dynamic SQL (EXEC (@sql), sp_executesql) is T-SQL text made at run time: converted by hand.

    The statement text of EXEC (...) and sp_executesql is T-SQL that exists only at run time; it has to be
    written in PostgreSQL's dialect and run with EXECUTE format(...) USING ..., which keeps the parameters bound.
    """

    name = "sqlserver.dynamic-sql"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(before="CREATE PROCEDURE dbo.count_rows @table SYSNAME\nAS\nDECLARE @sql NVARCHAR(200) = N'SELECT COUNT(*) FROM ' + QUOTENAME(@table)\nEXEC sp_executesql @sql\nGO"),
    )
