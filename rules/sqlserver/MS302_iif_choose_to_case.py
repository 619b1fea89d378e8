from sct.rules import Effort, Example, Rule, register


@register
class MS302(Rule):
    """IIF and CHOOSE become CASE expressions."""

    name = "sqlserver.iif-choose-to-case"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before="CREATE VIEW v AS SELECT IIF(a > 1, 'big', 'small') AS size FROM t\nGO",
                after="CREATE VIEW v AS SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END AS size FROM t;"),
    )
