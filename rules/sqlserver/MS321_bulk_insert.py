from sct.rules import Effort, Example, Rule, register


@register
class MS321(Rule):
    """BULK INSERT reads a file on the SQL Server host: load it with COPY (psql \\copy) instead."""

    name = "sqlserver.bulk-insert"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before="BULK INSERT t FROM 'c:\\\\data\\\\t.csv'\nGO"),
    )
