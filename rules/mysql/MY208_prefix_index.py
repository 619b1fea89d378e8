from sct.rules import Effort, Example, Rule, register


@register
class MY208(Rule):
    """A prefix key part col(n) becomes the expression left(col, n) in the index."""

    name = "mysql.prefix-index"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (name VARCHAR(200), KEY ix_name (name(10)));',
                after='CREATE TABLE t (\n    name varchar(200)\n);\nCREATE INDEX ix_name ON t ((LEFT(name, 10)));'),
    )
