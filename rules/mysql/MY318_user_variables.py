from sct.rules import Effort, Example, Rule, register


@register
class MY318(Rule):
    """User variables (@name) have no PostgreSQL equivalent in plain SQL."""

    name = "mysql.user-variables"
    source = "mysql"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE TABLE t (a INT);\nCREATE VIEW v AS SELECT a FROM t WHERE a = @x;'),
    )
