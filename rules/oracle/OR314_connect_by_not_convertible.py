from sct.rules import Effort, Example, Rule, register


@register
class OR314(Rule):
    """A hierarchical query the converter cannot rewrite (joins, SELECT *, CONNECT_BY_ISCYCLE, no PRIOR equality).

    Write the WITH RECURSIVE query by hand: an anchor for START WITH, a recursive member joining on the
    CONNECT BY condition, a level and a path column for ordering and cycle detection.
    """

    name = "oracle.connect-by-not-convertible"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT * FROM emp START WITH mgr IS NULL CONNECT BY PRIOR empno = mgr;'),
    )
