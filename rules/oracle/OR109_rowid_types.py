from sct.rules import Effort, Example, Rule, register


@register
class OR109(Rule):
    """ROWID and UROWID columns have no PostgreSQL equivalent.

    A stored ROWID points at a physical row in Oracle and means nothing after migration. The column is kept as
    text where a type is given by the finding; review what the application stores there.
    """

    name = "oracle.rowid-types"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (r ROWID);"),
    )
