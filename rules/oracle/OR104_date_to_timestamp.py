from sct.rules import Effort, Example, Rule, register


@register
class OR104(Rule):
    """DATE becomes timestamp(0): an Oracle DATE carries a time of day to the second.

    PostgreSQL date has no time part, so mapping by name would silently drop hours, minutes and seconds.
    timestamp(0) keeps exactly what Oracle DATE holds.
    """

    name = "oracle.date-to-timestamp"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (d DATE);", after="CREATE TABLE t (d timestamp(0));"),
    )
