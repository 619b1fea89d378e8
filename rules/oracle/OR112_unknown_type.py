from sct.rules import Effort, Example, Rule, register


@register
class OR112(Rule):
    """A user-defined object type or unknown type has no automatic conversion.

    Object types become composite types or separate tables, depending on how they are used; that is a design
    decision for a person. The table that uses the type is left out until then.
    """

    name = "oracle.unknown-type"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a address_typ);"),
    )
