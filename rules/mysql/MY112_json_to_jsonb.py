from sct.rules import Effort, Example, Rule, register


@register
class MY112(Rule):
    """JSON becomes jsonb."""

    name = "mysql.json-to-jsonb"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (doc JSON);',
                after='CREATE TABLE t (\n    doc jsonb\n);'),
    )
