from sct.rules import Effort, Example, Rule, register


@register
class MY204(Rule):
    """Table options (ENGINE, DEFAULT CHARSET, ROW_FORMAT, ...) are dropped; a non-InnoDB engine is a review item."""

    name = "mysql.table-options-dropped"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (a INT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
                after='CREATE TABLE t (\n    a integer\n);'),
    )
