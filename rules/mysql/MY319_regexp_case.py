from sct.rules import Effort, Example, Rule, register


@register
class MY319(Rule):
    """REGEXP/RLIKE becomes ~* (case-insensitive, as under MySQL's default collation); the regex dialects differ in details."""

    name = "mysql.regexp-case"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a VARCHAR(10));',
                before="CREATE VIEW v AS SELECT a FROM t WHERE a REGEXP '^x';",
                after="CREATE VIEW v AS SELECT a FROM t WHERE a ~* '^x';"),
    )
