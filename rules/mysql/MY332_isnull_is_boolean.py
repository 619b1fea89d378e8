from sct.rules import Effort, Example, Rule, register


@register
class MY332(Rule):
    """ISNULL(x) is the integer 1 or 0 in MySQL and becomes `x IS NULL`, a boolean, on PostgreSQL.

    In a WHERE or ON condition the two mean the same. As a value (a select-list column, a sum, `ISNULL(x) + 1`,
    a comparison with 1) the result type differs: PostgreSQL refuses boolean arithmetic and a view column becomes
    boolean. Write `CASE WHEN x IS NULL THEN 1 ELSE 0 END` where the number is used.
    """

    name = "mysql.isnull-is-boolean"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (a INT);",
                before="CREATE VIEW v AS SELECT a FROM t WHERE ISNULL(a);",
                after="CREATE VIEW v AS SELECT a FROM t WHERE (a IS NULL);"),
    )
