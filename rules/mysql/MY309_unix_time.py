from sct.rules import Effort, Example, Rule, register


@register
class MY309(Rule):
    """UNIX_TIMESTAMP and FROM_UNIXTIME become extract(epoch ...) and to_timestamp(...)."""

    name = "mysql.unix-time"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (n BIGINT);',
                before='CREATE VIEW v AS SELECT FROM_UNIXTIME(n) AS d FROM t;',
                after='CREATE VIEW v AS SELECT CAST(TO_TIMESTAMP(n) AS TIMESTAMP) AS d FROM t;'),
    )
