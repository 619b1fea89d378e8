from sct.rules import Effort, Example, Rule, register


@register
class OR424(Rule):
    """A package constant with a literal value is inlined where it is used, as CAST(literal AS type).

    A constant of a built-in scalar type whose value is a number, a string, TRUE, FALSE or NULL is replaced by
    its value, cast to its declared type (so `c_rate CONSTANT NUMBER := 10` divides as numeric, not as
    integer), inside its package and as `pkg.c_rate` outside. A constant with a computed value is OR426.
    """

    name = "oracle.package-constant-inlined"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE cfg AS\n  c_rate CONSTANT NUMBER := 10;\nEND cfg;\n/\nCREATE OR REPLACE FUNCTION fee(p_x NUMBER) RETURN NUMBER IS\nBEGIN\n  RETURN p_x / cfg.c_rate;\nEND;\n/"),
    )
