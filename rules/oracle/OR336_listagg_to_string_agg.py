from sct.rules import Effort, Example, Rule, register


@register
class OR336(Rule):
    """LISTAGG(x, sep) WITHIN GROUP (ORDER BY k) becomes string_agg(x, sep ORDER BY k).

    A missing separator is ''. string_agg takes text: cast numbers explicitly. LISTAGG ... OVER (...) has no
    PostgreSQL form (ordered aggregates cannot be window functions) and is reported.
    """

    name = "oracle.listagg-to-string-agg"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT dept, LISTAGG(name, ', ') WITHIN GROUP (ORDER BY name) AS names FROM emp GROUP BY dept;", after="CREATE VIEW v AS SELECT dept, STRING_AGG(name, ', ' ORDER BY name) AS names FROM emp GROUP BY dept;"),
    )
