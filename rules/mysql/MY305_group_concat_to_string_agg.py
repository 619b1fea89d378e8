from sct.rules import Effort, Example, Rule, register


@register
class MY305(Rule):
    """GROUP_CONCAT becomes string_agg (DISTINCT, ORDER BY and SEPARATOR kept); MySQL cuts the result at group_concat_max_len (1024 bytes by default)."""

    name = "mysql.group-concat-to-string-agg"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (g INT, a VARCHAR(10));',
                before="CREATE VIEW v AS SELECT g, GROUP_CONCAT(a ORDER BY a SEPARATOR ';') AS s FROM t GROUP BY g;",
                after="CREATE VIEW v AS SELECT g, STRING_AGG(CAST(a AS TEXT), ';' ORDER BY a NULLS FIRST) AS s FROM t GROUP BY g;"),
    )
