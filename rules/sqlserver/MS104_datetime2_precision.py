from sct.rules import Effort, Example, Rule, register


@register
class MS104(Rule):
    """DATETIME2/TIME with 7 digits keep microseconds, and DATETIMEOFFSET becomes timestamptz without its offset.

    SQL Server's default fractional precision is 7 (100 ns); PostgreSQL keeps 6. DATETIMEOFFSET keeps the
    instant; the offset it was written with is not stored (read back in the session time zone).
    """

    name = "sqlserver.datetime2-precision"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (d DATETIME2)\nGO',
                after='CREATE TABLE t (\n    d timestamp(6)\n);'),
    )
