from sct.rules import Effort, Example, Rule, register


@register
class MY312(Rule):
    """a / b divides as numeric with NULLIF(b, 0): MySQL's / never truncates and gives NULL for zero; the number of decimals differs."""

    name = "mysql.decimal-division"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b INT);',
                before='CREATE VIEW v AS SELECT a / b AS q FROM t;',
                after='CREATE VIEW v AS SELECT CAST(a AS DECIMAL) / NULLIF(b, 0) AS q FROM t;'),
    )
