from sct.rules import Effort, Example, Rule, register


@register
class OR010(Rule):
    """A statement that could not be parsed is left out of the target and listed with its location.

    The converter reads each statement on its own, so one statement it cannot parse does not stop the rest
    of the script. The statement is kept verbatim in the report; convert it by hand, or report the construct
    so that the parser learns it.
    """

    name = "oracle.unparsable-statement"
    effort = Effort.MANUAL
    category = "parse"
    examples = (Example(before="CREATE TABLE t (a NUMBER,, b NUMBER);"),)
