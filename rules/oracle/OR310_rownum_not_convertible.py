from sct.rules import Effort, Example, Rule, register


@register
class OR310(Rule):
    """A ROWNUM condition that is not a plain limit (ROWNUM > n, ROWNUM in OR, before GROUP BY, in DML).

    Oracle assigns ROWNUM before GROUP BY, DISTINCT, aggregates and ORDER BY of the same query block, and
    ROWNUM > 1 is never true. Rewrite with row_number() OVER (...) in a subquery, or LIMIT/OFFSET where the
    intent is paging; for UPDATE/DELETE use WHERE ctid IN (SELECT ctid FROM ... LIMIT n).
    """

    name = "oracle.rownum-not-convertible"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT dept, COUNT(*) AS n FROM emp WHERE ROWNUM <= 10 GROUP BY dept;'),
    )
