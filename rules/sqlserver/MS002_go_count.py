from sct.rules import Effort, Example, Rule, register


@register
class MS002(Rule):
    """`GO n` runs the batch before it n times: its statements are repeated n times.

    sqlcmd and SSMS send the batch n times; the converted data script repeats the batch's statements as
    many times, so an INSERT batch loads its rows n times, as on SQL Server.
    """

    name = "sqlserver.go-count"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(setup="CREATE TABLE t (a INT)\nGO",
                before="INSERT INTO t VALUES (1)\nGO 2",
                after="INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);"),
    )
