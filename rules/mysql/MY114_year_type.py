from sct.rules import Effort, Example, Rule, register


@register
class MY114(Rule):
    """YEAR becomes smallint with a CHECK on MySQL's range (0 and 1901-2155)."""

    name = "mysql.year-type"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (y YEAR);',
                after='CREATE TABLE t (\n    y smallint,\n    CHECK (y = 0 OR y BETWEEN 1901 AND 2155)\n);'),
    )
