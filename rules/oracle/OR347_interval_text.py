from sct.rules import Effort, Example, Rule, register


@register
class OR347(Rule):
    """TO_YMINTERVAL('y-m') and TO_DSINTERVAL('d hh:mi:ss' or ISO 'P...') become CAST(text AS interval).

    PostgreSQL reads the same texts with the same meaning, with one exception: a negative day-second text
    ('-5 10:00:00') is negated as a whole in Oracle but only in its days in PostgreSQL. A literal is written
    so that it keeps Oracle's meaning; a computed text is flagged for review.
    """

    name = "oracle.interval-text"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT TO_YMINTERVAL('+01-06') AS w, TO_DSINTERVAL('-5 10:00:00') AS d FROM dual;",
                after="CREATE VIEW v AS SELECT CAST('+01-06' AS INTERVAL) AS w, -CAST('5 10:00:00' AS INTERVAL) AS d;"),
    )
