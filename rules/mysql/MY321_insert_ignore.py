from sct.rules import Effort, Example, Rule, register


@register
class MY321(Rule):
    """INSERT IGNORE becomes INSERT ... ON CONFLICT DO NOTHING; MySQL's IGNORE also turns other errors (bad values) into warnings."""

    name = "mysql.insert-ignore"
    source = "mysql"
    effort = Effort.REVIEW
    category = "data"
    examples = (
        Example(setup='CREATE TABLE t (a INT PRIMARY KEY);',
                before='INSERT IGNORE INTO t (a) VALUES (1);',
                after='INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING;'),
    )
