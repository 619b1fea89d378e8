from sct.rules import Effort, Example, Rule, register


@register
class OR016(Rule):
    """An object that uses another object left out of the target is left out too.

    The target script must apply in one pass, so a view over a table that needs manual work (or an index on it,
    or a foreign key to it) cannot be created before that work is done. The finding names the object it waits
    for; once that one is converted, this one converts with it.
    """

    name = "oracle.blocked-by-dependency"
    effort = Effort.MANUAL
    category = "order"
    examples = (
        Example(before="CREATE TABLE t (g MDSYS.SDO_GEOMETRY);\nCREATE VIEW v AS SELECT g FROM t;"),
    )
