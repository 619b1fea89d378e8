from sct.rules import Effort, Example, Rule, register


@register
class MY322(Rule):
    """REPLACE INTO becomes INSERT ... ON CONFLICT (key) DO UPDATE, setting every other column (to DEFAULT when not given)."""

    name = "mysql.replace-into"
    source = "mysql"
    effort = Effort.REVIEW
    category = "data"
    examples = (
        Example(setup='CREATE TABLE t (a INT PRIMARY KEY, b INT);',
                before='REPLACE INTO t (a, b) VALUES (1, 2);',
                after='INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT(a) DO UPDATE SET b = excluded.b;'),
    )
