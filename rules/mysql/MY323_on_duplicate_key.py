from sct.rules import Effort, Example, Rule, register


@register
class MY323(Rule):
    """ON DUPLICATE KEY UPDATE becomes ON CONFLICT (key) DO UPDATE against the key the insert gives, VALUES(c) becoming EXCLUDED.c."""

    name = "mysql.on-duplicate-key"
    source = "mysql"
    effort = Effort.AUTO
    category = "data"
    examples = (
        Example(setup='CREATE TABLE t (a INT PRIMARY KEY, b INT);',
                before='INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b);',
                after='INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT(a) DO UPDATE SET b = excluded.b;'),
    )
