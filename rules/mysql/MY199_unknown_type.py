from sct.rules import Effort, Example, Rule, register


@register
class MY199(Rule):
    """A column type with no PostgreSQL conversion leaves its table out."""

    name = "mysql.unknown-type"
    source = "mysql"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (a VARCHAR);'),
    )
