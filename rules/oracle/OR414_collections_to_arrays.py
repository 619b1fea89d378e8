from sct.rules import Effort, Example, Rule, register


@register
class OR414(Rule):
    """TABLE OF and VARRAY collections become PostgreSQL arrays; v(i) becomes v[i], the collection methods array expressions.

    Arrays are 1-based like nested tables. A constructor t(a, b) becomes ARRAY[a, b] (t() an empty array '{}');
    COUNT becomes COALESCE(ARRAY_LENGTH(v, 1), 0), FIRST / LAST ARRAY_LOWER / ARRAY_UPPER, EXISTS(i) whether i
    lies between them, NEXT(i) / PRIOR(i) the next / previous index within them, LIMIT the VARRAY's limit (NULL
    for other collections); the statements EXTEND [(n [, i])] append NULLs (or copies of element i), TRIM [(n)]
    is TRIM_ARRAY, DELETE (all elements) assigns '{}'. These are exact because an array, like a collection that
    no element was deleted from, holds every index between its bounds; DELETE(i) would leave a gap that an array
    cannot hold, so it is MANUAL (as are a collection of collections and elements read INTO from an unknown type).
    The differences that remain: arrays grow on assignment instead of raising SUBSCRIPT_BEYOND_COUNT, a local
    VARRAY's limit is not enforced, and an uninitialized nested table is NULL but EXTEND, COUNT and assignment do
    not raise COLLECTION_IS_NULL on it. On a schema-level nested table parameter (a domain over an array) FIRST
    and LAST are a REVIEW finding: the caller's code may have deleted elements. PL/pgSQL cannot read INTO an array
    element: SELECT/FETCH INTO v(i) reads into a variable of the element's type and assigns it after. TABLE(v) in SQL
    is unnest(v) (OR438), a PIPELINED function returning a collection a set-returning function (OR437). Associative
    arrays are rule OR431; PL/SQL-only numeric subtypes (NATURAL, POSITIVE, SIMPLE_INTEGER) become integer
    without their range checks.
    """

    name = "oracle.collections-to-arrays"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION grow RETURN NUMBER IS\n  TYPE nums IS TABLE OF NUMBER;\n  v nums := nums();\nBEGIN\n  v.EXTEND(2);\n  v(v.LAST) := 5;\n  v.TRIM;\n  IF v.EXISTS(2) THEN\n    RETURN -1;\n  END IF;\n  RETURN v.NEXT(v.FIRST);\nEND;\n/', after="CREATE OR REPLACE FUNCTION grow()\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v numeric[] := '{}';\nBEGIN\n  FOR sct_i IN 1..2 LOOP\n    v := ARRAY_APPEND(v, NULL);\n  END LOOP;\n  v[ARRAY_UPPER(v, 1)] := 5;\n  v := TRIM_ARRAY(v, 1);\n  IF COALESCE((2) BETWEEN ARRAY_LOWER(v, 1) AND ARRAY_UPPER(v, 1), FALSE) THEN\n    RETURN -1;\n  END IF;\n  RETURN CASE WHEN (ARRAY_LOWER(v, 1)) < ARRAY_LOWER(v, 1) THEN ARRAY_LOWER(v, 1) WHEN (ARRAY_LOWER(v, 1)) < ARRAY_UPPER(v, 1) THEN (ARRAY_LOWER(v, 1)) + 1 END;\nEND;\n$$;"),
        Example(before='CREATE FUNCTION first_of (n NUMBER) RETURN NUMBER IS\n  TYPE nums IS TABLE OF NUMBER;\n  v nums;\nBEGIN\n  v(1) := n;\n  RETURN v(1) + v.COUNT;\nEND;\n/',
                after='CREATE OR REPLACE FUNCTION first_of(n numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v numeric[];\nBEGIN\n  v[1] := n;\n  RETURN v[1] + COALESCE(ARRAY_LENGTH(v, 1), 0);\nEND;\n$$;'),
    )
