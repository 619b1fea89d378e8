from sct.rules import Effort, Example, Rule, register


@register
class MS307(Rule):
    """DATEADD becomes + interval and DATEDIFF counts the boundaries crossed, as SQL Server does.

    DATEDIFF(year, '2005-12-31 23:59:59', '2006-01-01') is 1: it counts boundaries, not elapsed time. Each
    part is computed from the values truncated to it (years, quarters and months from their numbers, days as
    date differences, weeks from the Sundays before, hours to microseconds from date_trunc).
    """

    name = "sqlserver.dateadd-datediff"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a DATETIME, b DATETIME)\nGO',
                before='CREATE VIEW v AS SELECT DATEDIFF(day, a, b) AS days FROM t\nGO',
                after='CREATE VIEW v AS SELECT CAST(CAST(CAST(b AS TIMESTAMP) AS DATE) - CAST(CAST(a AS TIMESTAMP) AS DATE) AS INT) AS days FROM t;'),
    )
