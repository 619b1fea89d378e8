from sct.rules import Effort, Example, Rule, register


@register
class SQ028(Rule):
    """A constraint's ON CONFLICT clause (REPLACE, IGNORE, ...) is dropped: PostgreSQL raises an error on a violation.

    In SQLite `UNIQUE ON CONFLICT REPLACE` makes an insert delete the row it clashes with, `IGNORE` skips the
    insert; the statement does not fail. PostgreSQL has the same choices per statement only (INSERT ... ON
    CONFLICT DO UPDATE / DO NOTHING): change the application's inserts.
    """

    name = "sqlite.on-conflict-clause"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (code TEXT NOT NULL UNIQUE ON CONFLICT REPLACE);"),
    )
