from sct.rules import Effort, Example, Rule, register


@register
class OR218(Rule):
    """Object tables, object views and nested table columns have no PostgreSQL counterpart."""

    name = "oracle.object-relational"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before="CREATE TABLE t OF person_typ;"),
    )
