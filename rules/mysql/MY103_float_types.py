from sct.rules import Effort, Example, Rule, register


@register
class MY103(Rule):
    """FLOAT(M,D)/DOUBLE(M,D) become real/double precision; MySQL rounds stored values to D decimals, PostgreSQL does not."""

    name = "mysql.float-types"
    source = "mysql"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (a FLOAT(7,2));',
                after='CREATE TABLE t (\n    a double precision\n);'),
        Example(before='CREATE TABLE t (a DOUBLE);', applies=False),
    )
