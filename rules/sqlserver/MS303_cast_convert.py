from sct.rules import Effort, Example, Rule, register


@register
class MS303(Rule):
    """CAST and CONVERT become casts to the mapped type; CONVERT date styles become to_char/to_timestamp patterns.

    Styles 1-5, 10-12, 20-25, 101-105, 108, 110-112, 120 and 121 have exact patterns; any other style, and a
    date converted to text without a style, is reported.
    """

    name = "sqlserver.cast-convert"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME)\nGO',
                before='CREATE VIEW v AS SELECT CONVERT(varchar(8), d, 112) AS day FROM t\nGO',
                after="CREATE VIEW v AS SELECT CAST(TO_CHAR(CAST(d AS TIMESTAMP), 'YYYYMMDD') AS VARCHAR(8)) AS day FROM t;"),
    )
