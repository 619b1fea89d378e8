from sct.rules import Effort, Example, Rule, register


@register
class MY211(Rule):
    """View ALGORITHM, DEFINER and SQL SECURITY are dropped; SQL SECURITY INVOKER is a review item."""

    name = "mysql.view-options-dropped"
    source = "mysql"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT a FROM t;',
                after='CREATE VIEW v AS SELECT a FROM t;'),
    )
