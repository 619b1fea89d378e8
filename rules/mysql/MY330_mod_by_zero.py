from sct.rules import Effort, Example, Rule, register


@register
class MY330(Rule):
    """MOD(a, b) and a % b are NULL in MySQL when b is 0, and raise division_by_zero in PostgreSQL."""

    name = "mysql.mod-by-zero"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (a INT, b INT);",
                before="CREATE VIEW v AS SELECT MOD(a, b) AS r FROM t;",
                after="CREATE VIEW v AS SELECT a % b AS r FROM t;"),
    )
