from sct.rules import Effort, Example, Rule, register


@register
class MY315(Rule):
    """X'..', 0x.. and _binary '...' literals become bytea ('\\x..'::bytea); PostgreSQL reads X'..' as a bit string."""

    name = "mysql.binary-literals"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (h VARBINARY(4));',
                before='INSERT INTO t VALUES (0x0A0B);',
                after="INSERT INTO t VALUES (CAST('\\x0a0b' AS BYTEA));"),
    )
