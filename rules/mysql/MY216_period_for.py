from sct.rules import Effort, Example, Rule, register


@register
class MY216(Rule):
    """PERIOD FOR (MariaDB application-time periods) is not converted; the columns are."""

    name = "mysql.period-for"
    source = "mysql"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (s DATE, e DATE, PERIOD FOR p (s, e));',
                after='CREATE TABLE t (\n    s date,\n    e date\n);'),
    )
