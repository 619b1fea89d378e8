from sct.rules import Effort, Example, Rule, register


@register
class MY203(Rule):
    """Generated columns become GENERATED ALWAYS AS (...) STORED; a VIRTUAL one becomes stored (a finding)."""

    name = "mysql.generated-columns"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (a INT, b INT AS (a * 2) VIRTUAL);',
                after='CREATE TABLE t (\n    a integer,\n    b integer GENERATED ALWAYS AS (a * 2) STORED\n);'),
    )
