from sct.rules import Effort, Example, Rule, register


@register
class MS105(Rule):
    """ROWVERSION/TIMESTAMP becomes a plain bytea that nothing maintains.

    SQL Server changes a row version on every update; PostgreSQL has no such column type. Optimistic-locking
    code can use the system column xmin or a trigger instead.
    """

    name = "sqlserver.rowversion"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (a INT, rv ROWVERSION)\nGO'),
    )
