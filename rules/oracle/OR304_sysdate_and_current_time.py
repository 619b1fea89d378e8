from sct.rules import Effort, Example, Rule, register


@register
class OR304(Rule):
    """SYSDATE, CURRENT_DATE, SYSTIMESTAMP, CURRENT_TIMESTAMP and LOCALTIMESTAMP keep their Oracle values.

    Oracle SYSDATE is the current time truncated to the second and fixed for the statement. PostgreSQL's
    LOCALTIMESTAMP(0) rounds (12:00:00.6 becomes 12:00:01) and is fixed for the whole transaction, so the
    converter writes CAST(date_trunc('second', statement_timestamp()) AS timestamp(0)). SYSTIMESTAMP and
    CURRENT_TIMESTAMP become statement_timestamp(), LOCALTIMESTAMP statement_timestamp()::timestamp.
    Check time zones: SYSDATE and SYSTIMESTAMP use the database server's OS time zone, PostgreSQL the
    session's TimeZone setting (drivers such as JDBC set it to the client's zone); CURRENT_DATE uses the
    session time zone in both.
    """

    name = "oracle.sysdate-and-current-time"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT SYSDATE AS now FROM dual;', after="CREATE VIEW v AS SELECT CAST(DATE_TRUNC('second', STATEMENT_TIMESTAMP()) AS TIMESTAMP(0)) AS now;"),
        Example(before='INSERT INTO log (at) VALUES (SYSTIMESTAMP);', after='INSERT INTO log (at) VALUES (STATEMENT_TIMESTAMP());'),
    )
