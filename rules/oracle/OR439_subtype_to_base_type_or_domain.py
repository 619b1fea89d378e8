from sct.rules import Effort, Example, Rule, register


@register
class OR439(Rule):
    """A PL/SQL SUBTYPE is its base type where it is used; with RANGE or NOT NULL, a domain that enforces them.

    `SUBTYPE s IS base [(n)]`, in a routine or a package, declares no PostgreSQL type: variables, parameters and
    return values of type s get the base type's conversion (an unconstrained `s` used as `s(20)` gets the base type
    with that length). A subtype with `RANGE lo..hi` or `NOT NULL` becomes a domain, `CREATE DOMAIN <unit>__s` for
    a routine's subtype and `CREATE DOMAIN pkg.s` for a package's, `AS base [NOT NULL] [CHECK (VALUE BETWEEN lo AND
    hi)]`: PL/pgSQL checks a domain's constraints on every assignment to a variable and on every argument, as Oracle
    checks the subtype's, whereas a plain variable would silently take any value. To review: a violation raises
    check_violation (23514) or not_null_violation (23502) where Oracle raises VALUE_ERROR (ORA-06502), so a WHEN
    VALUE_ERROR handler does not catch it. A length on a subtype that has a constraint already (`s(3)`) is MANUAL.
    """

    name = "oracle.subtype-to-base-type-or-domain"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE PROCEDURE grade IS\n  SUBTYPE score IS PLS_INTEGER RANGE 0..100;\n"
                       "  SUBTYPE label IS VARCHAR2(10);\n  s score := 50;\n  l label;\nBEGIN\n  s := s + 10;\nEND;\n/",
                after="CREATE DOMAIN grade__score AS integer CHECK (VALUE BETWEEN 0 AND 100);\n"
                      "CREATE OR REPLACE PROCEDURE grade()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\n"
                      "DECLARE\n  s grade__score := 50;\n  l varchar(10);\nBEGIN\n  s := s + 10;\nEND;\n$$;"),
    )
