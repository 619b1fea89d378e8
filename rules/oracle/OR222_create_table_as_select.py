from sct.rules import Effort, Example, Rule, register


@register
class OR222(Rule):
    """CREATE TABLE ... AS SELECT is not converted: the columns' types come from the query."""

    name = "oracle.create-table-as-select"
    effort = Effort.MANUAL
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t2 AS SELECT * FROM t;"),
    )
