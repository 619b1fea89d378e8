from sct.rules import Effort, Example, Rule, register


@register
class MY307(Rule):
    """DATE_ADD/DATE_SUB/+ INTERVAL become + or - an interval; on a DATE, PostgreSQL returns a timestamp where MySQL returns a DATE."""

    name = "mysql.date-arithmetic"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME);',
                before='CREATE VIEW v AS SELECT DATE_ADD(d, INTERVAL 1 DAY) AS n FROM t;',
                after="CREATE VIEW v AS SELECT d + INTERVAL '1 DAY' AS n FROM t;"),
    )
