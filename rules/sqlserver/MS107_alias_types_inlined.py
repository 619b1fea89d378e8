from sct.rules import Effort, Example, Rule, register


@register
class MS107(Rule):
    """Alias types (CREATE TYPE x FROM base, sp_addtype) are written out in each column that uses them.

    An alias type is a base type and a nullability; a PostgreSQL domain NOT NULL would refuse NULL even
    where a column says `x NULL`, which SQL Server allows, so the base type is inlined instead.
    """

    name = "sqlserver.alias-types-inlined"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TYPE dbo.code FROM varchar(11) NOT NULL\nGO\nCREATE TABLE t (c code)\nGO',
                after='CREATE TABLE t (\n    c varchar(11) NOT NULL\n);'),
    )
