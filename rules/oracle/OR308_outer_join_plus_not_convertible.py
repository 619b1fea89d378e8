from sct.rules import Effort, Example, Rule, register


@register
class OR308(Rule):
    """A (+) outer join that cannot be rewritten mechanically: write the ANSI join by hand.

    Cases: (+) inside OR or next to a subquery, (+) mixed with ANSI JOIN syntax, unqualified columns (the
    converter cannot tell which table is outer-joined), conditions forming a cycle. The statement is not
    converted, because dropping the (+) would turn the outer join into an inner join.
    """

    name = "oracle.outer-join-plus-not-convertible"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT a.id FROM a, b WHERE a.id = b.id(+) OR b.id(+) IS NULL;'),
    )
