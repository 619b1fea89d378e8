from sct.rules import Effort, Example, Rule, register


@register
class OR337(Rule):
    """MEDIAN(x) becomes percentile_cont(0.5) WITHIN GROUP (ORDER BY x).
    """

    name = "oracle.median-to-percentile-cont"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT MEDIAN(sal) AS m FROM emp;', after='CREATE VIEW v AS SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY sal) AS m FROM emp;'),
    )
