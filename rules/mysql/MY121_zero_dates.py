from sct.rules import Effort, Example, Rule, register


@register
class MY121(Rule):
    """Zero dates ('0000-00-00', zero month or day) have no PostgreSQL value: rows with them are reported and left out.

    convert_paths(..., zero_dates="null") loads them as NULL instead (and reports how many). A zero-date
    DEFAULT is dropped.
    """

    name = "mysql.zero-dates"
    source = "mysql"
    effort = Effort.REVIEW
    category = "data"
    examples = (
        Example(setup='CREATE TABLE t (d DATE);',
                before="INSERT INTO t VALUES ('0000-00-00'), ('2020-01-02');",
                after="INSERT INTO t VALUES ('2020-01-02');"),
    )
