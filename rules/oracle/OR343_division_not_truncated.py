from sct.rules import Effort, Example, Rule, register


@register
class OR343(Rule):
    """Division never truncates in Oracle; PostgreSQL truncates integer / integer, so the dividend is numeric.

    7 / 2 is 3.5 in Oracle and 3 in PostgreSQL, and NUMBER(p) columns become integer types. The converter
    writes 7.0 / 2 or CAST(a AS numeric) / b. numeric division keeps about 20 significant digits where
    Oracle keeps 38.
    """

    name = "oracle.division-not-truncated"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT a / b AS q FROM t;', after='CREATE VIEW v AS SELECT CAST(a AS DECIMAL) / b AS q FROM t;'),
    )
