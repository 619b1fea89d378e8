from sct.rules import Effort, Example, Rule, register


@register
class SQ026(Rule):
    """COLLATE NOCASE or RTRIM is dropped: PostgreSQL compares the values exactly.

    NOCASE ignores the case of ASCII letters in =, ORDER BY, UNIQUE and indexes; RTRIM ignores trailing
    spaces. In PostgreSQL 'Ann' = 'ann' is false and a unique key accepts both. Where the application relies on
    it, use the citext extension, lower() in a unique index, or a nondeterministic ICU collation.
    """

    name = "sqlite.nocase-collation"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (email TEXT COLLATE NOCASE UNIQUE);",
                after="CREATE TABLE t (\n    email text,\n    UNIQUE (email)\n);"),
    )
