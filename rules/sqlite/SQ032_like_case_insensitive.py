from sct.rules import Effort, Example, Rule, register


@register
class SQ032(Rule):
    """LIKE ignores the case of ASCII letters in SQLite: it becomes ILIKE.

    ILIKE also ignores the case of non-ASCII letters, which SQLite's LIKE does not ('É' LIKE 'é' is false in
    SQLite, true as ILIKE). Other operators keep their meaning: || gives NULL when either side is NULL in both,
    and / between integers divides as integers in both (division by zero gives NULL in SQLite: NULLIF keeps it).
    One difference stays: a NUMERIC or DECIMAL column stores a whole number as an integer in SQLite, so
    `price / 3` divides as integers there when price is 10, and exactly in PostgreSQL (numeric).
    """

    name = "sqlite.like-case-insensitive"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (name TEXT, qty INTEGER);",
                before="CREATE VIEW v AS SELECT name || '!' AS shout, qty / 2 AS half FROM t WHERE name LIKE 'a%';",
                after="CREATE VIEW v AS SELECT name || '!' AS shout, qty / NULLIF(2, 0) AS half FROM t "
                      "WHERE name ILIKE 'a%';"),
        Example(setup="CREATE TABLE t (name TEXT);",
                before="CREATE TABLE u (code TEXT CHECK (code NOT LIKE '%-%'));",
                after="CREATE TABLE u (\n    code text,\n    CHECK (code NOT ILIKE '%-%')\n);"),
    )
