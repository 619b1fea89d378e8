from sct.rules import Effort, Example, Rule, register


@register
class MS308(Rule):
    """DATEPART, YEAR, MONTH, DAY, DATENAME and EOMONTH become extract, to_char and date arithmetic.

    DATEPART(weekday) and DATEPART(week) depend on SET DATEFIRST and are reported; DATENAME gives English names,
    as under us_english.
    """

    name = "sqlserver.datepart-datename"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME)\nGO',
                before='CREATE VIEW v AS SELECT YEAR(d) AS y FROM t\nGO',
                after='CREATE VIEW v AS SELECT CAST(EXTRACT(YEAR FROM CAST(d AS TIMESTAMP)) AS INT) AS y FROM t;'),
    )
