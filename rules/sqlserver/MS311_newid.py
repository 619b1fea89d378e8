from sct.rules import Effort, Example, Rule, register


@register
class MS311(Rule):
    """NEWID() becomes gen_random_uuid(); NEWSEQUENTIALID() too, and its values are then not increasing."""

    name = "sqlserver.newid"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE TABLE t (id UNIQUEIDENTIFIER DEFAULT NEWID())\nGO',
                after='CREATE TABLE t (\n    id uuid DEFAULT GEN_RANDOM_UUID()\n);'),
    )
