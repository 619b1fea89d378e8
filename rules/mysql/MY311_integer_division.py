from sct.rules import Effort, Example, Rule, register


@register
class MY311(Rule):
    """a DIV b becomes div(a, NULLIF(b, 0)): MySQL gives NULL for a zero divisor."""

    name = "mysql.integer-division"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b INT);',
                before='CREATE VIEW v AS SELECT a DIV b AS q FROM t;',
                after='CREATE VIEW v AS SELECT DIV(a, NULLIF(b, 0)) AS q FROM t;'),
    )
