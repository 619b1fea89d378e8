from sct.rules import Effort, Example, Rule, register


@register
class MY107(Rule):
    """BINARY(n) becomes bytea: MySQL pads values with zero bytes to n, bytea keeps the bytes as loaded."""

    name = "mysql.binary-padding"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (h BINARY(16));',
                after='CREATE TABLE t (\n    h bytea\n);'),
    )
