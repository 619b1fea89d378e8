from sct.rules import Effort, Example, Rule, register


@register
class MS305(Rule):
    """LEN(x) becomes length(rtrim(x::text)) and DATALENGTH octet_length.

    LEN does not count trailing spaces. DATALENGTH counts 2 bytes per NCHAR/NVARCHAR character (UTF-16)
    where PostgreSQL counts UTF-8 bytes (review).
    """

    name = "sqlserver.len-datalength"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (name VARCHAR(10))\nGO',
                before='CREATE VIEW v AS SELECT LEN(name) AS n FROM t\nGO',
                after='CREATE VIEW v AS SELECT LENGTH(RTRIM(CAST(name AS TEXT))) AS n FROM t;'),
    )
