from sct.rules import Effort, Example, Rule, register


@register
class OR205(Rule):
    """Virtual columns become stored generated columns (PostgreSQL 15 has no virtual ones).

    The value is computed on write and stored, instead of computed on read: it costs space, and the expression
    must be immutable in PostgreSQL. Values are the same.
    """

    name = "oracle.virtual-column"
    effort = Effort.REVIEW
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), b NUMBER(9) AS (a * 2) VIRTUAL);",
                after="CREATE TABLE t (a smallint, b integer GENERATED ALWAYS AS (a * 2) STORED);"),
    )
