from sct.rules import Effort, Example, Rule, register


@register
class MY105(Rule):
    """TIMESTAMP becomes timestamptz: both store an instant and show it in the session time zone.

    MySQL reads and writes TIMESTAMP literals in the session's time_zone; data.sql carries the dump's
    SET TIME_ZONE, else the values are read in the PostgreSQL session's zone. DATETIME becomes timestamp.
    """

    name = "mysql.timestamp-time-zone"
    source = "mysql"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (created TIMESTAMP NULL);',
                after='CREATE TABLE t (\n    created timestamptz(0)\n);'),
    )
