from sct.rules import Effort, Example, Rule, register


@register
class MS214(Rule):
    """A sequence without START WITH starts at its type's minimum in SQL Server: the start is written out."""

    name = "sqlserver.sequence-start"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE SEQUENCE s AS INT\nGO',
                after='CREATE SEQUENCE s\n    MINVALUE -2147483648\n    MAXVALUE 2147483647\n    START WITH -2147483648;'),
    )
