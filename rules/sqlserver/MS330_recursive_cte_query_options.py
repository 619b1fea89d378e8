from sct.rules import Effort, Example, Rule, register


@register
class MS330(Rule):
    """A CTE that reads itself becomes WITH RECURSIVE; OPTION (...) query hints such as MAXRECURSION are dropped.

    T-SQL writes a recursive common table expression without a keyword; PostgreSQL needs WITH RECURSIVE. Query
    hints (OPTION (MAXRECURSION n), RECOMPILE, MAXDOP, OPTIMIZE FOR, ...) change no result of a query that
    succeeds; PostgreSQL has no recursion limit where SQL Server stops at 100 levels by default.
    """

    name = "sqlserver.recursive-cte-query-options"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW dbo.numbers AS\nWITH n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                       "WHERE x < 10)\nSELECT x FROM n\nGO",
                after="CREATE VIEW numbers AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                      "WHERE x < 10) SELECT x FROM n;"),
    )
