from sct.rules import Effort, Example, Rule, register


@register
class OR309(Rule):
    """WHERE ROWNUM <= n (< n, = 1) becomes LIMIT n; the top-n idiom keeps its ORDER BY.

    Oracle numbers the rows that pass the other WHERE conditions, so ROWNUM <= n AND-ed with them is LIMIT n.
    In the top-n idiom SELECT * FROM (SELECT ... ORDER BY k) WHERE ROWNUM <= n the ORDER BY moves out next to
    the LIMIT (PostgreSQL does not promise to keep a subquery's order); when it cannot move (it sorts by an
    expression that is not an output column) the finding asks for review.
    """

    name = "oracle.rownum-to-limit"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT * FROM (SELECT id, sal FROM emp ORDER BY sal DESC) WHERE ROWNUM <= 3;', after='CREATE VIEW v AS SELECT * FROM (SELECT id, sal FROM emp) AS subq1 ORDER BY sal DESC LIMIT 3;'),
        Example(before='DELETE FROM t WHERE a = 1;', applies=False),
    )
