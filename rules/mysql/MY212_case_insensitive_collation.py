from sct.rules import Effort, Example, Rule, register


@register
class MY212(Rule):
    """MySQL's default collations compare text case-insensitively; PostgreSQL compares case-sensitively.

    WHERE name = 'abc' also finds 'ABC' in MySQL, and a unique key refuses both (a review item when a key
    holds text). Use citext, a nondeterministic collation or lower() where that matters.
    """

    name = "mysql.case-insensitive-collation"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (name VARCHAR(20));',
                after='CREATE TABLE t (\n    name varchar(20)\n);'),
        Example(before='CREATE TABLE t (name VARCHAR(20) COLLATE utf8mb4_bin);', applies=False),
    )
