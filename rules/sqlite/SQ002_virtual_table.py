from sct.rules import Effort, Example, Rule, register


@register
class SQ002(Rule):
    """A virtual table (FTS5, R*Tree, ...) is not converted; its shadow tables are left out with it.

    A virtual table is a module's interface, not data SQLite stores as a table: full-text search becomes a
    tsvector column with a GIN index, an R*Tree a PostGIS or range index, each written by hand.
    """

    name = "sqlite.virtual-table"
    source = "sqlite"
    effort = Effort.MANUAL
    category = "ddl"
    examples = (
        Example(before="CREATE VIRTUAL TABLE notes USING fts5(body);"),
    )
