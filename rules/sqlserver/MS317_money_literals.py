from sct.rules import Effort, Example, Rule, register


@register
class MS317(Rule):
    """Money literals ($20.00) become numbers."""

    name = "sqlserver.money-literals"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (price MONEY)\nGO',
                before='INSERT INTO t VALUES ($19.99)\nGO',
                after='INSERT INTO t VALUES (19.99);'),
    )
