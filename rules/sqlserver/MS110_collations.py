from sct.rules import Effort, Example, Rule, register


@register
class MS110(Rule):
    """A column COLLATE clause is dropped; SQL Server's default collations compare text case-insensitively.

    PostgreSQL compares with the database collation, case-sensitively: keys that SQL Server treats as equal
    ('a' and 'A') are distinct, and LIKE, = and CHARINDEX match case. Use a nondeterministic ICU collation or
    citext where the case-insensitive behaviour is needed.
    """

    name = "sqlserver.collations"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (name VARCHAR(10) COLLATE Latin1_General_CI_AS)\nGO'),
    )
