from sct.rules import Effort, Example, Rule, register


@register
class OR301(Rule):
    """NVL(a, b) becomes COALESCE(a, b).

    Both return the first argument when it is not NULL, else the second. Oracle converts the second argument to
    the type of the first; PostgreSQL looks for a common type and refuses mixed types (NVL(varchar_col, 0)
    fails to create instead of converting): such a failure shows at verification, never as a wrong value.
    """

    name = "oracle.nvl-to-coalesce"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT NVL(a, 0) AS a FROM t;', after='CREATE VIEW v AS SELECT COALESCE(a, 0) AS a FROM t;'),
        Example(before='CREATE VIEW v AS SELECT COALESCE(a, 0) AS a FROM t;', applies=False),
    )
