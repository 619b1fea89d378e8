from sct.rules import Effort, Example, Rule, register


@register
class SQ013(Rule):
    """A primary key column that is not INTEGER PRIMARY KEY may hold NULL in SQLite; in PostgreSQL it is NOT NULL.

    SQLite keeps this long-standing quirk for compatibility (the documentation of CREATE TABLE says so):
    rows with a NULL key exist in SQLite and will not load. Find them with `WHERE key IS NULL`.
    """

    name = "sqlite.nullable-primary-key"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (code TEXT PRIMARY KEY);"),
        Example(before="CREATE TABLE t (code TEXT NOT NULL PRIMARY KEY);", applies=False),
    )
