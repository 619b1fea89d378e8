from sct.rules import Effort, Example, Rule, register


@register
class MY306(Rule):
    """DATE_FORMAT/STR_TO_DATE format strings are translated to to_char/to_timestamp patterns; a specifier with no equivalent is a finding."""

    name = "mysql.date-format-patterns"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME);',
                before="CREATE VIEW v AS SELECT DATE_FORMAT(d, '%Y-%m-%d %H:%i') AS s FROM t;",
                after="CREATE VIEW v AS SELECT TO_CHAR(CAST(d AS TIMESTAMP), 'YYYY-MM-DD HH24:MI') AS s FROM t;"),
    )
