from sct.rules import Effort, Example, Rule, register


@register
class OR325(Rule):
    """LAST_DAY(d) becomes date_trunc('month', d) + interval '1 month - 1 day' plus d's time of day.
    """

    name = "oracle.last-day-exact"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT LAST_DAY(d) AS e FROM t;', after="CREATE VIEW v AS SELECT DATE_TRUNC('month', d) + INTERVAL '1 month - 1 day' + (d - DATE_TRUNC('day', d)) AS e FROM t;"),
    )
