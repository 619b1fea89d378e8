from sct.rules import Effort, Example, Rule, register


@register
class OR302(Rule):
    """NVL2(a, b, c) becomes CASE WHEN a IS NOT NULL THEN b ELSE c END.

    PostgreSQL has no NVL2; the CASE expression has exactly its meaning.
    """

    name = "oracle.nvl2-to-case"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT NVL2(a, 'set', 'empty') AS s FROM t;", after="CREATE VIEW v AS SELECT CASE WHEN NOT a IS NULL THEN 'set' ELSE 'empty' END AS s FROM t;"),
    )
