from sct.rules import Effort, Example, Rule, register


@register
class MY010(Rule):
    """A MySQL statement that could not be parsed is left out of the target and listed with its location.

    The rest of the script still converts; convert the statement by hand or report the construct.
    """

    name = "mysql.unparsable-statement"
    source = "mysql"
    effort = Effort.MANUAL
    category = "parse"
    examples = (
        Example(before='CREATE TABLE t (a INT,, b INT);'),
    )
