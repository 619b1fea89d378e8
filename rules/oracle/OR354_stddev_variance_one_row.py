from sct.rules import Effort, Example, Rule, register


@register
class OR354(Rule):
    """STDDEV and VARIANCE of a single value are 0 in Oracle and NULL in PostgreSQL: the one-value case is spelled out.

    Oracle's STDDEV and VARIANCE are the sample statistics except that one value gives 0; PostgreSQL's (like
    STDDEV_SAMP and VAR_SAMP in both) give NULL. They become CASE WHEN COUNT(x) = 1 THEN 0 ELSE STDDEV(x) END,
    with the same OVER (...) for the analytic form; no value at all is NULL in both.
    """

    name = "oracle.stddev-variance-one-row"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT dept, STDDEV(salary) AS sd FROM emp GROUP BY dept;",
                after="CREATE VIEW v AS SELECT dept, CASE WHEN COUNT(salary) = 1 THEN 0 ELSE STDDEV(salary) END "
                      "AS sd FROM emp GROUP BY dept;"),
    )
