from sct.rules import Effort, Example, Rule, register


@register
class OR323(Rule):
    """ADD_MONTHS(d, n) becomes an expression with Oracle's month-end rule, keeping the time of day.

    PostgreSQL d + interval 'n months' clamps Jan 31 + 1 month to Feb 28/29 as Oracle does, but Oracle also
    maps the last day of a month to the last day of the target month (Feb 28 + 1 month is Mar 31), which the
    CASE reproduces. Fractional months are truncated as in Oracle.
    """

    name = "oracle.add-months-exact"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT ADD_MONTHS(d, 1) AS d1 FROM t;', after="CREATE VIEW v AS SELECT CASE WHEN EXTRACT(DAY FROM d + INTERVAL '1 day') = 1 THEN DATE_TRUNC('month', d) + MAKE_INTERVAL(months => 2) - INTERVAL '1 day' + (d - DATE_TRUNC('day', d)) ELSE d + MAKE_INTERVAL(months => 1) END AS d1 FROM t;"),
    )
