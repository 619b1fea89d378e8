from sct.rules import Effort, Example, Rule, register


@register
class MS329(Rule):
    """SUSER_SNAME(), ORIGINAL_LOGIN(), USER_NAME(), CURRENT_USER become PostgreSQL's session_user / current_user.

    SQL Server's login and database user names are PostgreSQL role names after a migration: session_user is the
    role that connected (the login), current_user the role whose rights apply (the user). The values differ from
    the source's (review: audit columns that store them). DB_NAME() is current_database(). A call for another
    login or user (SUSER_SNAME(sid), USER_NAME(id)) is MANUAL.
    """

    name = "sqlserver.user-names"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before="CREATE TABLE dbo.audit (id INT, who NVARCHAR(128) DEFAULT SUSER_SNAME(), "
                       "by_user SYSNAME DEFAULT CURRENT_USER)\nGO",
                after="CREATE TABLE audit (\n    id integer,\n    who varchar(128) DEFAULT SESSION_USER,\n    "
                      "by_user varchar(128) DEFAULT CURRENT_USER\n);"),
    )
