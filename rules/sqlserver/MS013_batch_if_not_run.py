from sct.rules import Effort, Example, Rule, register


@register
class MS013(Rule):
    """An IF statement at batch level (other than an existence guard) is not run.

    T-SQL control flow outside a routine has no place in a schema script; check what the branch did.
    """

    name = "sqlserver.batch-if-not-run"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "script"
    examples = (
        Example(before="IF DB_NAME() <> 'pubs' RAISERROR('wrong database', 16, 1)\nGO"),
    )
