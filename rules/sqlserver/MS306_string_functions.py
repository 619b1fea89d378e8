from sct.rules import Effort, Example, Rule, register


@register
class MS306(Rule):
    """CHARINDEX, STUFF and ROUND(x, n, 1) become strpos, overlay and trunc."""

    name = "sqlserver.string-functions"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (email VARCHAR(50))\nGO',
                before="CREATE VIEW v AS SELECT CHARINDEX('@', email) AS at FROM t\nGO",
                after="CREATE VIEW v AS SELECT STRPOS(email, '@') AS at FROM t;"),
    )
