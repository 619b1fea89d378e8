from sct.rules import Effort, Example, Rule, register


@register
class MS210(Rule):
    """Storage options (ON filegroup, TEXTIMAGE_ON, WITH (DATA_COMPRESSION ...)) are dropped."""

    name = "sqlserver.storage-options"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (a INT) ON [PRIMARY]\nGO',
                after='CREATE TABLE t (\n    a integer\n);'),
    )
