from sct.rules import Effort, Example, Rule, register


@register
class MS325(Rule):
    """DATEPART(weekday) and DATEPART(week) / DATENAME(week) become date arithmetic under SET DATEFIRST 7 (us_english).

    Sunday is weekday 1; week 1 is the week that holds January 1 and weeks start on Sunday. A script that sets
    another DATEFIRST (or a login with another language) gets other numbers: the finding says DATEFIRST 7 is
    assumed.
    """

    name = "sqlserver.datefirst-weekday-week"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME)\nGO',
                before='CREATE VIEW v AS SELECT DATEPART(weekday, d) AS wd FROM t\nGO',
                after="CREATE VIEW v AS SELECT CAST(EXTRACT(DOW FROM CAST(d AS TIMESTAMP)) + 1 AS INT) AS wd FROM t;"),
    )
