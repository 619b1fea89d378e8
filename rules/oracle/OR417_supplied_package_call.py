from sct.rules import Effort, Example, Rule, register


@register
class OR417(Rule):
    """A call into an Oracle-supplied package (UTL_FILE, DBMS_SQL, DBMS_JOB, UTL_HTTP, ...) has no PostgreSQL equivalent.

    The message names the PostgreSQL way: UTL_FILE -> server files (pg_read_file, COPY), DBMS_SQL -> EXECUTE,
    DBMS_JOB / DBMS_SCHEDULER -> the pg_cron extension, UTL_HTTP -> an extension or the application.
    DBMS_LOCK.SLEEP and DBMS_SESSION.SLEEP are converted to pg_sleep (AUTO).
    """

    name = "oracle.supplied-package-call"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE PROCEDURE p IS\nBEGIN\n  UTL_FILE.FREMOVE('DIR', 'a.txt');\nEND;\n/"),
    )
