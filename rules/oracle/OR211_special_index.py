from sct.rules import Effort, Example, Rule, register


@register
class OR211(Rule):
    """Bitmap join indexes and domain indexes (Oracle Text, spatial) need a manual PostgreSQL design."""

    name = "oracle.special-index"
    effort = Effort.MANUAL
    category = "indexes"
    examples = (
        Example(before="CREATE TABLE t (a VARCHAR2(100));\nCREATE INDEX t_ctx ON t (a) INDEXTYPE IS ctxsys.context;"),
    )
