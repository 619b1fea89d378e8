from sct.rules import Effort, Example, Rule, register


@register
class OR333(Rule):
    """GREATEST/LEAST return NULL in Oracle when any argument is NULL; PostgreSQL ignores NULL arguments.

    The converter wraps the call in CASE WHEN a IS NULL OR ... THEN NULL ELSE GREATEST(...) END. Oracle also
    converts every argument to the type of the first one; PostgreSQL finds a common type.
    """

    name = "oracle.greatest-least-null"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT GREATEST(a, b, 0) AS g FROM t;', after='CREATE VIEW v AS SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE GREATEST(a, b, 0) END AS g FROM t;'),
    )
