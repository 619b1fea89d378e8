from sct.rules import Effort, Example, Rule, register


@register
class MY325(Rule):
    """LAST_INSERT_ID() becomes lastval()."""

    name = "mysql.last-insert-id"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='CREATE VIEW v AS SELECT LAST_INSERT_ID() AS i FROM t;',
                after='CREATE VIEW v AS SELECT LASTVAL() AS i FROM t;'),
    )
