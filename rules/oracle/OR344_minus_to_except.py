from sct.rules import Effort, Example, Rule, register


@register
class OR344(Rule):
    """MINUS becomes EXCEPT; both remove duplicates. Mixed set operators keep Oracle's left-to-right order.

    Oracle gives UNION, INTERSECT and MINUS the same precedence; PostgreSQL binds INTERSECT tighter, so the
    converter adds parentheses where the order would change.
    """

    name = "oracle.minus-to-except"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT a FROM t MINUS SELECT a FROM u;', after='CREATE VIEW v AS SELECT a FROM t EXCEPT SELECT a FROM u;'),
    )
