from sct.rules import Effort, Example, Rule, register


@register
class MS109(Rule):
    """TINYINT becomes smallint with a CHECK on 0-255; FLOAT(1-24) becomes real; BINARY(n) becomes bytea without padding."""

    name = "sqlserver.numeric-type-ranges"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (n TINYINT)\nGO',
                after='CREATE TABLE t (\n    n smallint,\n    CHECK (n BETWEEN 0 AND 255)\n);'),
    )
