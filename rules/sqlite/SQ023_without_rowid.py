from sct.rules import Effort, Example, Rule, register


@register
class SQ023(Rule):
    """WITHOUT ROWID is dropped: a PostgreSQL table has no rowid to leave out.

    A WITHOUT ROWID table is stored clustered on its primary key in SQLite; in PostgreSQL every table is a
    heap with the primary key as a separate index, which is what the target gets (CLUSTER can order it once).
    """

    name = "sqlite.without-rowid"
    source = "sqlite"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;",
                after="CREATE TABLE t (\n    k text NOT NULL,\n    v bytea,\n    PRIMARY KEY (k)\n);"),
    )
