from sct.rules import Effort, Example, Rule, register


@register
class OR206(Rule):
    """A global temporary table becomes an UNLOGGED table: its rows are no longer private to a session.

    Oracle global temporary tables have a permanent definition and per-session (or per-transaction) rows.
    PostgreSQL temporary tables are created per session. The converted UNLOGGED table keeps the definition but
    shares rows between sessions and does not empty itself on COMMIT; use the pgtt extension or create a
    TEMPORARY table at session start where the application depends on private rows.
    """

    name = "oracle.global-temporary-table"
    effort = Effort.REVIEW
    category = "tables"
    examples = (
        Example(before="CREATE GLOBAL TEMPORARY TABLE t (a NUMBER(4)) ON COMMIT DELETE ROWS;",
                after="CREATE UNLOGGED TABLE t (a smallint);"),
    )
