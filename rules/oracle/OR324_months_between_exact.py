from sct.rules import Effort, Example, Rule, register


@register
class OR324(Rule):
    """MONTHS_BETWEEN(a, b) becomes the same arithmetic: whole months, or a fraction based on 31-day months.

    The result is an integer when both days of the month are equal or both are month ends; otherwise the
    difference in days and time of day divided by 31. Digits beyond the 20th may differ (numeric division).
    """

    name = "oracle.months-between-exact"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT MONTHS_BETWEEN(a, b) AS m FROM t;', after="CREATE VIEW v AS SELECT ((EXTRACT(YEAR FROM a) - EXTRACT(YEAR FROM b)) * 12 + EXTRACT(MONTH FROM a) - EXTRACT(MONTH FROM b) + CASE WHEN EXTRACT(DAY FROM a) = EXTRACT(DAY FROM b) OR (EXTRACT(DAY FROM a + INTERVAL '1 day') = 1 AND EXTRACT(DAY FROM b + INTERVAL '1 day') = 1) THEN 0 ELSE (EXTRACT(EPOCH FROM a - DATE_TRUNC('month', a)) - EXTRACT(EPOCH FROM b - DATE_TRUNC('month', b))) / 2678400 END) AS m FROM t;"),
    )
