from sct.rules import Effort, Example, Rule, register


@register
class MY313(Rule):
    """|| is logical OR in MySQL (unless sql_mode PIPES_AS_CONCAT) and is converted as OR."""

    name = "mysql.pipes-are-or"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b INT);',
                before='CREATE VIEW v AS SELECT a FROM t WHERE a = 1 || b = 2;',
                after='CREATE VIEW v AS SELECT a FROM t WHERE a = 1 OR b = 2;'),
    )
