from sct.rules import Effort, Example, Rule, register


@register
class OR322(Rule):
    """TRUNC/ROUND of a value whose type is unknown (number or date), or with a unit PostgreSQL lacks.

    The converter keeps numeric trunc()/round(); if the argument is a DATE, PostgreSQL refuses it (no trunc
    for timestamps) and the finding says so. Units depending on NLS_TERRITORY (D, DY, DAY, W, WW) and ISO
    years (IYYY) have no date_trunc unit.
    """

    name = "oracle.trunc-round-ambiguous"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT TRUNC(x) AS x FROM t;', after='CREATE VIEW v AS SELECT TRUNC(x) AS x FROM t;'),
    )
