from sct.rules import Effort, Example, Rule, register


@register
class MS313(Rule):
    """0x... binary literals become '\\x...'::bytea (PostgreSQL reads x'...' as a bit string)."""

    name = "sqlserver.binary-literals"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (b VARBINARY(10))\nGO',
                before='INSERT INTO t VALUES (0x0AFF)\nGO',
                after="INSERT INTO t VALUES (CAST('\\x0aff' AS BYTEA));"),
    )
