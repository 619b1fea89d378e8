from sct.rules import Effort, Example, Rule, register


@register
class SQ024(Rule):
    """A generated column becomes GENERATED ALWAYS AS (...) STORED; a VIRTUAL one is stored in PostgreSQL 15.

    The value is the same; a VIRTUAL column is computed on read in SQLite and on write in PostgreSQL 15, so it
    takes space, and its expression must use only immutable functions.
    """

    name = "sqlite.generated-columns"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL);",
                after="CREATE TABLE t (\n    a bigint,\n    b bigint GENERATED ALWAYS AS (a * 2) STORED\n);"),
    )
