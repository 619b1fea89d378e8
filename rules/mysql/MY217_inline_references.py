from sct.rules import Effort, Example, Rule, register


@register
class MY217(Rule):
    """A column's inline REFERENCES clause is not created: MySQL parses and ignores it."""

    name = "mysql.inline-references"
    source = "mysql"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE p (id INT PRIMARY KEY);',
                before='CREATE TABLE c (pid INT REFERENCES p (id));',
                after='CREATE TABLE c (\n    pid integer\n);'),
    )
