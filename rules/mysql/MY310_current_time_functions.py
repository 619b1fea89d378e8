from sct.rules import Effort, Example, Rule, register


@register
class MY310(Rule):
    """NOW(), SYSDATE(), UTC_TIMESTAMP(), CURTIME() become CURRENT_TIMESTAMP, clock_timestamp(), timezone('UTC', ...), LOCALTIME."""

    name = "mysql.current-time-functions"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME);',
                before='CREATE VIEW v AS SELECT d FROM t WHERE d < NOW();',
                after='CREATE VIEW v AS SELECT d FROM t WHERE d < CURRENT_TIMESTAMP;'),
    )
