from sct.rules import Effort, Example, Rule, register


@register
class SQ025(Rule):
    """DEFAULT CURRENT_TIMESTAMP (or CURRENT_DATE, CURRENT_TIME) is SQLite's UTC time as text: it becomes the UTC time.

    SQLite writes 'YYYY-MM-DD HH:MM:SS' in UTC; PostgreSQL's CURRENT_TIMESTAMP is the session's time zone.
    A timestamp, date or time column gets (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), cast as needed; a text
    column gets that time formatted as SQLite writes it. Code that reads the values as local time must change.
    """

    name = "sqlite.current-timestamp-default"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (created DATETIME DEFAULT CURRENT_TIMESTAMP, at TEXT DEFAULT CURRENT_TIMESTAMP);",
                after="CREATE TABLE t (\n    created timestamp DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),\n"
                      "    at text DEFAULT TO_CHAR(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')\n);"),
    )
