from sct.rules import Effort, Example, Rule, register


@register
class OR399(Rule):
    """An Oracle SQL construct with no PostgreSQL rendering (PIVOT, MODEL, KEEP, flashback queries, ...).

    sqlglot reads it but cannot write it for PostgreSQL, or writes something with another meaning; the
    statement is reported instead of being dropped or changed.
    """

    name = "oracle.unsupported-construct"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT * FROM t PIVOT (SUM(a) FOR b IN (1 AS one, 2 AS two));'),
    )
