from sct.rules import Effort, Example, Rule, register


@register
class MS203(Rule):
    """A computed column becomes GENERATED ALWAYS AS (...) STORED; a non-persisted one is stored too.

    PostgreSQL 15 computes generated columns on write only. The value is the same for deterministic
    expressions; one that reads the clock or another table needs a view instead.
    """

    name = "sqlserver.computed-columns"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (a INT, b INT, total AS (a + b) PERSISTED)\nGO',
                after='CREATE TABLE t (\n    a integer,\n    b integer,\n    total integer GENERATED ALWAYS AS (a + b) STORED\n);'),
    )
