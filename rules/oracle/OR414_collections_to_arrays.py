from sct.rules import Effort, Example, Rule, register


@register
class OR414(Rule):
    """TABLE OF and VARRAY collections become PostgreSQL arrays; v(i) becomes v[i], v.COUNT array_length.

    Arrays are 1-based like nested tables, but have no EXTEND, DELETE, FIRST, LAST, NEXT or EXISTS (those
    are MANUAL findings), grow on assignment instead of raising SUBSCRIPT_BEYOND_COUNT, and an unset array is
    NULL. Associative arrays (INDEX BY) are MANUAL. PL/SQL-only numeric subtypes (NATURAL, POSITIVE,
    SIMPLE_INTEGER) become integer without their range checks.
    """

    name = "oracle.collections-to-arrays"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION first_of (n NUMBER) RETURN NUMBER IS\n  TYPE nums IS TABLE OF NUMBER;\n  v nums;\nBEGIN\n  v(1) := n;\n  RETURN v(1) + v.COUNT;\nEND;\n/',
                after='CREATE OR REPLACE FUNCTION first_of(n numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v numeric[];\nBEGIN\n  v[1] := n;\n  RETURN v[1] + COALESCE(ARRAY_LENGTH(v, 1), 0);\nEND;\n$$;'),
    )
