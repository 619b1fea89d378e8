from sct.rules import Effort, Example, Rule, register


@register
class MY205(Rule):
    """Table and column COMMENT clauses become COMMENT ON statements."""

    name = "mysql.comments"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before="CREATE TABLE t (a INT COMMENT 'the a') COMMENT='a table';",
                after="CREATE TABLE t (\n    a integer\n);\nCOMMENT ON TABLE t IS 'a table';\nCOMMENT ON COLUMN t.a IS 'the a';"),
    )
