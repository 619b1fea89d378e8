from sct.rules import Effort, Example, Rule, register


@register
class OR317(Rule):
    """Text read as a date without a format model (TO_DATE(s), CAST('...' AS DATE)) depends on settings.

    Oracle reads it with NLS_DATE_FORMAT (often DD-MON-RR), PostgreSQL with DateStyle. The converter writes a
    CAST; give the format explicitly. ISO literals (DATE '2024-01-31') are exact and not reported.
    """

    name = "oracle.date-text-without-format"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT TO_DATE(s) AS d FROM t;', after='CREATE VIEW v AS SELECT CAST(s AS TIMESTAMP(0)) AS d FROM t;'),
    )
