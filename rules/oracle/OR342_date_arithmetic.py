from sct.rules import Effort, Example, Rule, register


@register
class OR342(Rule):
    """date + n adds n days and date - date is a number of days in Oracle: exact PostgreSQL forms.

    PostgreSQL adds intervals to timestamps and subtracts timestamps into intervals. Where an operand is known
    to be a date, d + 1 becomes d + interval '1 day', d + 1/24 becomes d + interval '1 hour', d + n
    becomes d + n * interval '1 day', and d1 - d2 becomes extract(epoch from d1 - d2) / 86400. Operands of
    unknown type are left alone, and PostgreSQL rejects timestamp + integer at verification.
    """

    name = "oracle.date-arithmetic"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT SYSDATE + 1 AS tomorrow FROM dual;', after="CREATE VIEW v AS SELECT CAST(DATE_TRUNC('second', STATEMENT_TIMESTAMP()) AS TIMESTAMP(0)) + INTERVAL '1 day' AS tomorrow;"),
    )
