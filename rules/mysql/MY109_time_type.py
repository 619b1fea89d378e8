from sct.rules import Effort, Example, Rule, register


@register
class MY109(Rule):
    """TIME becomes time: MySQL TIME also holds durations up to 838:59:59, which do not load into time."""

    name = "mysql.time-type"
    source = "mysql"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (d TIME);',
                after='CREATE TABLE t (\n    d time(0)\n);'),
    )
