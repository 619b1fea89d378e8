from sct.rules import Effort, Example, Rule, register


@register
class MY215(Rule):
    """CREATE TABLE ... LIKE, CREATE TABLE ... SELECT and temporary tables are not converted."""

    name = "mysql.table-not-converted"
    source = "mysql"
    effort = Effort.MANUAL
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t2 LIKE t1;'),
    )
