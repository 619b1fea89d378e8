from sct.rules import Effort, Example, Rule, register


@register
class MS103(Rule):
    """DATETIME becomes timestamp(3) and SMALLDATETIME timestamp(0).

    SQL Server rounds DATETIME to 1/300 of a second (.000, .003, .007) and SMALLDATETIME to the minute;
    PostgreSQL keeps the milliseconds (seconds) given, so values written by new code can differ in the last digit.
    """

    name = "sqlserver.datetime-precision"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (d DATETIME)\nGO',
                after='CREATE TABLE t (\n    d timestamp(3)\n);'),
    )
