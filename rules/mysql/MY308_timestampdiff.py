from sct.rules import Effort, Example, Rule, register


@register
class MY308(Rule):
    """TIMESTAMPDIFF(unit, a, b) becomes the truncated difference in that unit (epoch seconds, or age() for months and years)."""

    name = "mysql.timestampdiff"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a DATETIME, b DATETIME);',
                before='CREATE VIEW v AS SELECT TIMESTAMPDIFF(HOUR, a, b) AS h FROM t;',
                after='CREATE VIEW v AS SELECT CAST(TRUNC(EXTRACT(EPOCH FROM (CAST(b AS TIMESTAMP) - CAST(a AS TIMESTAMP))) / 3600) AS BIGINT) AS h FROM t;'),
    )
