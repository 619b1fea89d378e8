from sct.rules import Effort, Example, Rule, register


@register
class OR101(Rule):
    """NUMBER(p) and NUMBER(p,0) become smallint, integer, bigint or numeric(p) by precision.

    NUMBER(p) holds integers of up to p digits. The smallest PostgreSQL integer type that holds every such value
    is used: smallint up to 4 digits, integer up to 9, bigint up to 18, numeric(p) beyond. Integer types are
    faster and smaller than numeric and keep the same range of values.
    """

    name = "oracle.number-to-integer"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), b NUMBER(9,0), c NUMBER(18), d NUMBER(20));",
                after="CREATE TABLE t (a smallint, b integer, c bigint, d numeric(20));"),
    )
