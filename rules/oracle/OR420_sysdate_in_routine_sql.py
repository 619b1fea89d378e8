from sct.rules import Effort, Example, Rule, register


@register
class OR420(Rule):
    """SYSDATE in a SQL statement inside a routine is the time the calling statement started, not the time of that statement.

    Oracle evaluates SYSDATE once per SQL statement; PostgreSQL's statement_timestamp() inside a routine is the
    start of the client's statement (the CALL). In a PL/SQL expression SYSDATE becomes clock_timestamp(), the
    time of evaluation, which is exact.
    """

    name = "oracle.sysdate-in-routine-sql"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE stamp IS\nBEGIN\n  UPDATE emp SET seen = SYSDATE;\nEND;\n/',
                after="CREATE OR REPLACE PROCEDURE stamp()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  UPDATE emp SET seen = CAST(DATE_TRUNC('second', STATEMENT_TIMESTAMP()) AS TIMESTAMP(0));\nEND;\n$$;"),
    )
