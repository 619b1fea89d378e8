from sct.rules import Effort, Example, Rule, register


@register
class MY314(Rule):
    """CAST(x AS CHAR/SIGNED/UNSIGNED/DATETIME/...) becomes a cast to the PostgreSQL type of the same meaning."""

    name = "mysql.cast-types"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='CREATE VIEW v AS SELECT CAST(a AS CHAR) AS s FROM t;',
                after='CREATE VIEW v AS SELECT CAST(a AS TEXT) AS s FROM t;'),
    )
