from sct.rules import Effort, Example, Rule, register


@register
class MY303(Rule):
    """CONCAT(a, b, ...) becomes a || b || ...: NULL in any argument gives NULL, as in MySQL.

    PostgreSQL's concat() skips NULLs, so it is not used. The first argument is cast to text unless a string
    literal makes the chain text already (|| needs one text operand).
    """

    name = "mysql.concat-to-pipes"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (f VARCHAR(10), l VARCHAR(10));',
                before="CREATE VIEW v AS SELECT CONCAT(f, ' ', l) AS n FROM t;",
                after="CREATE VIEW v AS SELECT f || ' ' || l AS n FROM t;"),
    )
