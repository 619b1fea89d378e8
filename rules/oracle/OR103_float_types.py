from sct.rules import Effort, Example, Rule, register


@register
class OR103(Rule):
    """FLOAT, BINARY_FLOAT and BINARY_DOUBLE become the PostgreSQL type with the same precision.

    BINARY_FLOAT and BINARY_DOUBLE are IEEE 754 single and double precision, like real and double precision.
    Oracle FLOAT(b) is a decimal NUMBER with b binary digits of precision, not an IEEE type; see the finding
    message for the type chosen.
    """

    name = "oracle.float-types"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a BINARY_FLOAT, b BINARY_DOUBLE);",
                after="CREATE TABLE t (a real, b double precision);"),
    )
