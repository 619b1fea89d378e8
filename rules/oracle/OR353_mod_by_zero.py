from sct.rules import Effort, Example, Rule, register


@register
class OR353(Rule):
    """MOD(a, b) with a divisor that may be 0 returns a in Oracle: CASE WHEN b = 0 THEN a ELSE MOD(a, b) END.

    PostgreSQL's mod raises division by zero. A literal divisor other than 0 keeps MOD as it is; a literal 0
    gives a.
    """

    name = "oracle.mod-by-zero"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT MOD(qty, pack_size) AS loose FROM t;",
                after="CREATE VIEW v AS SELECT CASE WHEN pack_size = 0 THEN qty ELSE MOD(qty, pack_size) END "
                      "AS loose FROM t;"),
        Example(before="CREATE VIEW v AS SELECT MOD(qty, 12) AS loose FROM t;", applies=False),
    )
