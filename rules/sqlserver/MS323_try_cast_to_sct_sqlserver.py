from sct.rules import Effort, Example, Rule, register


@register
class MS323(Rule):
    """TRY_CAST and TRY_CONVERT of text to a number or a date call sct_sqlserver functions that give NULL where SQL Server's conversion fails.

    PostgreSQL's cast raises an error where TRY_CAST gives NULL, and reads text differently: sct_sqlserver.try_int,
    try_numeric, try_float and try_datetime (docs/sct_sqlserver.md) accept what SQL Server accepts (' 12 ' is 12,
    '' is 0, '12.5' is not an int, 2024-02-30 is not a date, out of range is NULL) and the result is cast to the
    mapped type. Dates are read as under us_english (SET DATEFORMAT mdy); text with month names is read by
    PostgreSQL (REVIEW for a value that is not a literal). TRY_CONVERT with a style, other target types and
    sources that are neither text nor integers are reported.
    """

    name = "sqlserver.try-cast"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (code VARCHAR(10))\nGO',
                before='CREATE VIEW v AS SELECT TRY_CAST(code AS INT) AS n FROM t\nGO',
                after="CREATE VIEW v AS SELECT CAST(sct_sqlserver.try_int(code, -2147483648, 2147483647) AS INT) "
                      "AS n FROM t;"),
        Example(before="CREATE VIEW v AS SELECT TRY_CONVERT(date, '2024-02-30') AS d\nGO",
                after="CREATE VIEW v AS SELECT CAST(sct_sqlserver.try_datetime('2024-02-30', 'date') AS DATE) AS d;"),
    )
