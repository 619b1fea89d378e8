from sct.rules import Effort, Example, Rule, register


@register
class MS006(Rule):
    """An EXEC of a procedure at batch level is not run by the converted scripts.

    A system procedure (sp_dboption, sp_configure, ...) changes server or database settings that have no
    PostgreSQL counterpart in a schema; a procedure of the scripts would run code. Check what it did.
    """

    name = "sqlserver.exec-not-run"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "script"
    examples = (
        Example(before="EXEC sp_dboption 'pubs', 'trunc. log on chkpt.', 'true'\nGO"),
    )
