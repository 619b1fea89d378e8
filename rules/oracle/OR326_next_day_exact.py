from sct.rules import Effort, Example, Rule, register


@register
class OR326(Rule):
    """NEXT_DAY(d, 'MONDAY') becomes d plus the days to the next such weekday (always 1 to 7).

    Day names depend on NLS_DATE_LANGUAGE in Oracle; English names (full or three letters) are converted,
    other literal names are reported. A day name computed at run time becomes sct_oracle.next_day(d, name),
    which reads English names when it runs (docs/sct_oracle.md).
    """

    name = "oracle.next-day-exact"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT NEXT_DAY(d, 'MONDAY') AS n FROM t;", after='CREATE VIEW v AS SELECT d + MAKE_INTERVAL(days => (7 - CAST(EXTRACT(DOW FROM d) AS INT)) % 7 + 1) AS n FROM t;'),
    )
