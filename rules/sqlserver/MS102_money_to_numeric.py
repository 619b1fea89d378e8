from sct.rules import Effort, Example, Rule, register


@register
class MS102(Rule):
    """MONEY becomes numeric(19,4) and SMALLMONEY numeric(10,4).

    The range and the 4 decimals are the same; SQL Server rounds money arithmetic to 4 decimals at each
    step, where numeric keeps every digit until the value is stored.
    """

    name = "sqlserver.money-to-numeric"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (price MONEY)\nGO',
                after='CREATE TABLE t (\n    price numeric(19,4)\n);'),
    )
