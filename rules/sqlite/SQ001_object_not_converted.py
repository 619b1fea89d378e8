from sct.rules import Effort, Example, Rule, register


@register
class SQ001(Rule):
    """A SQLite object whose SQL does not convert is left out of the target and listed with the reason.

    The reasons: sqlglot cannot read an expression, a function SQLite has and sqlglot does not know (so it
    would not exist on PostgreSQL: typeof(), printf(), julianday(), ...), a foreign key to a table that does
    not exist or to columns that are not its primary key or unique (SQLite accepts both definitions). Objects
    that depend on it are left out too. Write the PostgreSQL equivalent by hand.
    """

    name = "sqlite.object-not-converted"
    source = "sqlite"
    effort = Effort.MANUAL
    category = "parse"
    examples = (
        Example(setup="CREATE TABLE t (a TEXT);", before="CREATE VIEW v AS SELECT typeof(a) AS kind FROM t;"),
        Example(setup="CREATE TABLE p (a TEXT);", before="CREATE TABLE c (k TEXT REFERENCES p (a));"),
        Example(setup="CREATE TABLE t (a TEXT);", before="CREATE VIEW v AS SELECT upper(a) AS u FROM t;",
                applies=False),
    )
