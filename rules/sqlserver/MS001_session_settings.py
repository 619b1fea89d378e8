from sct.rules import Effort, Example, Rule, register


@register
class MS001(Rule):
    """SET ANSI_NULLS OFF, SET QUOTED_IDENTIFIER OFF and SET DATEFORMAT change how the statements after them read.

    ANSI_NULLS OFF makes `x = NULL` true for NULL (the converter writes IS NULL in the objects created after it);
    QUOTED_IDENTIFIER OFF makes "text" a string literal, which the converter still reads as a name (review);
    DATEFORMAT becomes SET datestyle in data.sql, so date literals are read in the same order.
    """

    name = "sqlserver.session-settings"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "script"
    examples = (
        Example(before='SET ANSI_NULLS OFF\nGO'),
    )
