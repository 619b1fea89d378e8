from sct.rules import Effort, Example, Rule, register


@register
class OR312(Rule):
    """ROWNUM <= n with ORDER BY in the same query block becomes ORDER BY ... LIMIT n.

    Oracle takes n arbitrary rows and then sorts them; LIMIT sorts first and takes the first n. PostgreSQL's
    result is one of the results Oracle may return, but it is probably what the author meant rather than
    what Oracle did: confirm.
    """

    name = "oracle.rownum-before-order-by"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT a FROM t WHERE ROWNUM <= 5 ORDER BY a;', after='CREATE VIEW v AS SELECT a FROM t ORDER BY a LIMIT 5;'),
    )
