from sct.rules import Effort, Example, Rule, register


@register
class MS312(Rule):
    """CROSS APPLY and OUTER APPLY become JOIN LATERAL ... ON TRUE and LEFT JOIN LATERAL ... ON TRUE."""

    name = "sqlserver.apply-to-lateral"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO\nCREATE TABLE u (a INT, b INT)\nGO',
                before='CREATE VIEW v AS SELECT t.a, x.b FROM t CROSS APPLY (SELECT TOP 1 b FROM u WHERE u.a = t.a ORDER BY b) x\nGO',
                after='CREATE VIEW v AS SELECT t.a, x.b FROM t INNER JOIN LATERAL (SELECT b FROM u WHERE u.a = t.a ORDER BY b NULLS FIRST LIMIT 1) AS x ON TRUE;'),
    )
