from sct.rules import Effort, Example, Rule, register


@register
class OR321(Rule):
    """TRUNC(date[, fmt]) becomes date_trunc(unit, date); ROUND(date[, fmt]) the exact rounding expression.

    Oracle's TRUNC and ROUND work on numbers and dates. A date is recognised by a format argument, by a date
    expression (SYSDATE, TO_DATE...) or by the column types the caller passes. Units: DD (default), MM, YYYY,
    Q, IW (ISO week, Monday in both), HH, MI, CC. ROUND rounds up from noon, the 30th minute or second, the
    16th day of the month, or July 1st, as Oracle documents.
    """

    name = "oracle.trunc-round-date"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT TRUNC(SYSDATE, 'MM') AS m FROM dual;", after="CREATE VIEW v AS SELECT DATE_TRUNC('month', CAST(DATE_TRUNC('second', STATEMENT_TIMESTAMP()) AS TIMESTAMP(0))) AS m;"),
    )
