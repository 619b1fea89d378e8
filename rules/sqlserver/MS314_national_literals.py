from sct.rules import Effort, Example, Rule, register


@register
class MS314(Rule):
    """N'...' literals become plain '...' literals (PostgreSQL reads N'...' as char, which drops trailing spaces)."""

    name = "sqlserver.national-literals"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (name NVARCHAR(10))\nGO',
                before="INSERT INTO t VALUES (N'Rock')\nGO",
                after="INSERT INTO t VALUES ('Rock');"),
    )
