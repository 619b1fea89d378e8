from sct.rules import Effort, Example, Rule, register


@register
class MS315(Rule):
    """A LIKE pattern with [...] character classes becomes SIMILAR TO.

    PostgreSQL LIKE reads [ and ] literally; SIMILAR TO has the same %, _ and [...] classes, and its other
    metacharacters are escaped. SQL Server LIKE ignores case under the default collations (MS110).
    """

    name = "sqlserver.like-character-classes"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE TABLE t (zip CHAR(5) CHECK (zip LIKE '[0-9][0-9][0-9][0-9][0-9]'))\nGO",
                after="CREATE TABLE t (\n    zip char(5),\n    CHECK (zip SIMILAR TO '[0-9][0-9][0-9][0-9][0-9]')\n);"),
    )
