from sct.rules import Effort, Example, Rule, register


@register
class MS304(Rule):
    """`+` on strings becomes ||; `+` of a string and a number is reported.

    Both give NULL when either side is NULL. SQL Server converts a string to a number when the other side of +
    is a number ('5' + 1 is 6), which || would not do.
    """

    name = "sqlserver.plus-concatenation"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (first NVARCHAR(10), last NVARCHAR(10))\nGO',
                before="CREATE VIEW v AS SELECT first + ' ' + last AS name FROM t\nGO",
                after="CREATE VIEW v AS SELECT first || ' ' || last AS name FROM t;"),
    )
