from sct.rules import Effort, Example, Rule, register


@register
class MY302(Rule):
    """IF(c, a, b) becomes CASE WHEN c THEN a ELSE b END."""

    name = "mysql.if-to-case"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before="CREATE VIEW v AS SELECT IF(a > 1, 'big', 'small') AS s FROM t;",
                after="CREATE VIEW v AS SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END AS s FROM t;"),
    )
