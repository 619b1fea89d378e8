from sct.rules import Effort, Example, Rule, register


@register
class MS005(Rule):
    """sp_addextendedproperty 'MS_Description' on a table, view or column becomes COMMENT ON.

    Other extended properties are not carried (MS011).
    """

    name = "sqlserver.extended-property-comments"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before="CREATE TABLE t (a INT)\nGO\nEXEC sp_addextendedproperty N'MS_Description', N'Buyers', N'SCHEMA', N'dbo', N'TABLE', N't'\nGO",
                after="CREATE TABLE t (\n    a integer\n);\nCOMMENT ON TABLE t IS 'Buyers';"),
    )
