from sct.rules import Effort, Example, Rule, register


@register
class OR102(Rule):
    """NUMBER without precision becomes numeric; NUMBER(p,s) becomes numeric(p,s).

    Both are exact decimal types. PostgreSQL numeric without precision accepts any scale, like Oracle NUMBER
    (which keeps up to 38 significant digits). A negative scale or a scale above the precision has no
    PostgreSQL spelling and is reported.
    """

    name = "oracle.number-to-numeric"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER, b NUMBER(8,2));",
                after="CREATE TABLE t (a numeric, b numeric(8,2));"),
    )
