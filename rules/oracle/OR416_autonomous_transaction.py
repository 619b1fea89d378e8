from sct.rules import Effort, Example, Rule, register


@register
class OR416(Rule):
    """PRAGMA AUTONOMOUS_TRANSACTION has no PostgreSQL equivalent: run the work over a dblink connection or move it to the application.

    An autonomous transaction commits independently of its caller (typically logging that survives a
    rollback). PostgreSQL runs a routine in the caller's transaction; the usual substitute is the dblink
    extension (`PERFORM dblink_exec('dbname=' || current_database(), 'INSERT ...')`), which opens a second
    connection, or pg_background.
    """

    name = "oracle.autonomous-transaction"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE log_it (m VARCHAR2) IS\n  PRAGMA AUTONOMOUS_TRANSACTION;\nBEGIN\n  INSERT INTO logs (msg) VALUES (m);\n  COMMIT;\nEND;\n/'),
    )
