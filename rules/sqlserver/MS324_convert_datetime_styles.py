from sct.rules import Effort, Example, Rule, register


@register
class MS324(Rule):
    """CONVERT of a datetime to text with style 0/100, 9/109, 13/113 or 126 (or no style) calls sct_sqlserver.datetime_style.

    These styles pad the day and the hour with a space ('Jan  5 2008  5:44PM') or leave out .mmm when it is 0
    (126), which no to_char pattern does. The fraction of seconds follows the source type (3 digits for datetime,
    7 for datetime2), so styles 9/109, 13/113 and 126 are converted for DATETIME and SMALLDATETIME values only,
    and style 0/100 (no fraction) for any date and time; other values are reported. Style 127 is reported.
    """

    name = "sqlserver.convert-datetime-styles"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME)\nGO',
                before='CREATE VIEW v AS SELECT CONVERT(varchar(30), d, 109) AS s FROM t\nGO',
                after="CREATE VIEW v AS SELECT CAST(sct_sqlserver.datetime_style(CAST(d AS TIMESTAMP(3)), 109) AS "
                      "VARCHAR(30)) AS s FROM t;"),
    )
