from sct.rules import Effort, Example, Rule, register


@register
class OR315(Rule):
    """SELECT ... FROM dual becomes SELECT ... without FROM.

    DUAL is Oracle's one-row table; PostgreSQL allows a SELECT without FROM, which returns one row.
    """

    name = "oracle.from-dual-removed"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT 1 AS one FROM dual;', after='CREATE VIEW v AS SELECT 1 AS one;'),
    )
