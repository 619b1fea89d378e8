from sct.rules import Effort, Example, Rule, register


@register
class MS316(Rule):
    """@@IDENTITY, SCOPE_IDENTITY() and IDENT_CURRENT in data scripts are not converted: write the key values out."""

    name = "sqlserver.identity-functions"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before='INSERT INTO t (a) VALUES (SCOPE_IDENTITY())\nGO'),
    )
