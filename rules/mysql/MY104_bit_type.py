from sct.rules import Effort, Example, Rule, register


@register
class MY104(Rule):
    """BIT(n) becomes bit(n): values are bit strings; data literals are padded to the width as MySQL does."""

    name = "mysql.bit-type"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(setup='CREATE TABLE t (flags BIT(4));',
                before="INSERT INTO t VALUES (b'101');",
                after="INSERT INTO t VALUES (b'0101');"),
    )
