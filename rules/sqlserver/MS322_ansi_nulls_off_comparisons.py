from sct.rules import Effort, Example, Rule, register


@register
class MS322(Rule):
    """Under SET ANSI_NULLS OFF, `x = NULL` and `x <> NULL` become IS NULL and IS NOT NULL."""

    name = "sqlserver.ansi-nulls-off-comparisons"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before='SET ANSI_NULLS OFF\nGO\nCREATE VIEW v AS SELECT a FROM t WHERE a = NULL\nGO',
                after='CREATE VIEW v AS SELECT a FROM t WHERE a IS NULL;'),
    )
