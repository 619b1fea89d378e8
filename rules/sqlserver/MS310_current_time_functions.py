from sct.rules import Effort, Example, Rule, register


@register
class MS310(Rule):
    """GETDATE(), SYSDATETIME() and CURRENT_TIMESTAMP become statement_timestamp()::timestamp.

    SQL Server evaluates them once per statement; PostgreSQL's CURRENT_TIMESTAMP is the start of the
    transaction, statement_timestamp() the start of the statement. GETUTCDATE() becomes statement_timestamp()
    AT TIME ZONE 'UTC'.
    """

    name = "sqlserver.current-time-functions"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE TABLE t (created DATETIME DEFAULT GETDATE())\nGO',
                after='CREATE TABLE t (\n    created timestamp(3) DEFAULT CAST(STATEMENT_TIMESTAMP() AS TIMESTAMP)\n);'),
    )
