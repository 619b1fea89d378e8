from sct.rules import Effort, Example, Rule, register


@register
class MS207(Rule):
    """An index whose name another index, table or key of the schema already has is renamed table_index.

    SQL Server names indexes per table, PostgreSQL per schema.
    """

    name = "sqlserver.index-renamed"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE a (x INT)\nGO\nCREATE TABLE b (x INT)\nGO',
                before='CREATE INDEX ix ON a (x)\nGO\nCREATE INDEX ix ON b (x)\nGO',
                after='CREATE INDEX ix ON a (x);\nCREATE INDEX b_ix ON b (x);'),
    )
