from sct.rules import Effort, Example, Rule, register


@register
class OR106(Rule):
    """INTERVAL YEAR TO MONTH and INTERVAL DAY TO SECOND become PostgreSQL interval with the same fields."""

    name = "oracle.interval-types"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a INTERVAL YEAR(2) TO MONTH);",
                after="CREATE TABLE t (a interval year to month);"),
    )
