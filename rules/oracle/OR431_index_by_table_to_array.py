from sct.rules import Effort, Example, Rule, register


@register
class OR431(Rule):
    """An associative array INDEX BY an integer type becomes an array that starts empty; INDEX BY a string type is not converted.

    `TYPE t IS TABLE OF x INDEX BY PLS_INTEGER` (or BINARY_INTEGER, SIMPLE_INTEGER, ...) becomes `x[]`, and a
    variable of it starts as `'{}'` (an associative array is never NULL). Elements, COUNT, FIRST, LAST, EXISTS,
    NEXT and PRIOR convert as for the other collections (OR414). The conversion is exact while the keys the code
    uses are consecutive, which is how most code fills them (BULK COLLECT, `v(v.COUNT + 1) := x`, a loop from 1).
    It is a REVIEW finding because an array is dense: it holds every index between its lowest and its highest key,
    so keys with gaps (`v(10) := a; v(20) := b;`) leave NULL elements that COUNT counts, EXISTS finds and
    FIRST/NEXT/PRIOR/LAST visit; the first key assigned (0 or a negative number too) sets the array's lower bound;
    DELETE(i) is not converted (OR414).

    `INDEX BY VARCHAR2(n)` (or STRING, LONG, a %TYPE) is MANUAL: PostgreSQL has no collection with string keys kept
    in sorted order. jsonb and hstore keep their keys in an order of their own (jsonb: shorter keys first), so
    FIRST, NEXT and LAST, which walk an Oracle associative array in key order, would differ. Use a temporary table
    with the key as primary key (ORDER BY the key to walk it), or jsonb where the code never relies on key order.
    """

    name = "oracle.index-by-table-to-array"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE FUNCTION first_key RETURN NUMBER IS\n  TYPE names IS TABLE OF VARCHAR2(30) INDEX BY PLS_INTEGER;\n  v names;\nBEGIN\n  v(1) := 'a';\n  v(2) := 'b';\n  RETURN v.FIRST + v.COUNT;\nEND;\n/", after="CREATE OR REPLACE FUNCTION first_key()\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v varchar(30)[] := '{}';\nBEGIN\n  v[1] := 'a';\n  v[2] := 'b';\n  RETURN ARRAY_LOWER(v, 1) + COALESCE(ARRAY_LENGTH(v, 1), 0);\nEND;\n$$;"),
        Example(before="CREATE FUNCTION by_name RETURN NUMBER IS\n  TYPE ages IS TABLE OF NUMBER INDEX BY VARCHAR2(30);\n  v ages;\nBEGIN\n  v('x') := 1;\n  RETURN v('x');\nEND;\n/"),
    )
