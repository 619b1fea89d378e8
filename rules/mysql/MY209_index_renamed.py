from sct.rules import Effort, Example, Rule, register


@register
class MY209(Rule):
    """An index whose name is taken in the schema is renamed table_index: PostgreSQL index names are unique per schema."""

    name = "mysql.index-renamed"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE a (x INT, KEY ix (x));\nCREATE TABLE b (x INT, KEY ix (x));',
                after='CREATE TABLE a (\n    x integer\n);\nCREATE TABLE b (\n    x integer\n);\nCREATE INDEX ix ON a (x);\nCREATE INDEX b_ix ON b (x);'),
    )
