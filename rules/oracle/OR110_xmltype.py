from sct.rules import Effort, Example, Rule, register


@register
class OR110(Rule):
    """XMLTYPE columns become xml; XMLType methods and storage options need review."""

    name = "oracle.xmltype"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (doc XMLTYPE);"),
    )
