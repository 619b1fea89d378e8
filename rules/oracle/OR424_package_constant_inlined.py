from sct.rules import Effort, Example, Rule, register


@register
class OR424(Rule):
    """A package constant whose value is a constant expression is inlined where it is used, as CAST(value AS type).

    A constant of a built-in scalar type whose value is a literal (a number, a string, TRUE, FALSE, NULL) or an
    expression of literals and other such constants (of its package or, qualified, of another: `||`, `+ - * /`,
    parentheses, unary minus, CAST(... AS type), TO_NUMBER or TO_CHAR of a literal) is replaced by its value
    cast to its declared type (so `c_rate CONSTANT NUMBER := 10` divides as numeric, not as integer), inside its
    package and as `pkg.c_rate` outside; the constants it names are inlined in turn, each with its own type.
    A name in the expression that is a variable, a function call or anything else makes the constant a value set
    once per session by the package's initialization function (OR440).
    """

    name = "oracle.package-constant-inlined"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE cfg AS\n  c_rate CONSTANT NUMBER := 10;\nEND cfg;\n/\nCREATE OR REPLACE FUNCTION fee(p_x NUMBER) RETURN NUMBER IS\nBEGIN\n  RETURN p_x / cfg.c_rate;\nEND;\n/"),
        Example(before="CREATE OR REPLACE PACKAGE cfg AS\n  c_base CONSTANT NUMBER := 100;\n"
                       "  c_limit CONSTANT NUMBER(6) := c_base * 3 + 1;\nEND cfg;\n/\n"
                       "CREATE OR REPLACE FUNCTION over_limit(p_x NUMBER) RETURN BOOLEAN IS\nBEGIN\n"
                       "  RETURN p_x > cfg.c_limit;\nEND;\n/",
                after="CREATE SCHEMA IF NOT EXISTS cfg;\n"
                      "CREATE OR REPLACE FUNCTION over_limit(p_x numeric)\nRETURNS boolean\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nBEGIN\n"
                      "  RETURN p_x > CAST((CAST(100 AS numeric) * 3 + 1) AS integer);\nEND;\n$$;"),
    )
