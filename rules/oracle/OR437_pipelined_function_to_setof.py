from sct.rules import Effort, Example, Rule, register


@register
class OR437(Rule):
    """A PIPELINED table function becomes a set-returning function; PIPE ROW(x) becomes RETURN NEXT.

    `FUNCTION f (...) RETURN coll_t PIPELINED` where coll_t is a TABLE OF / VARRAY type (schema-level or of a
    package spec): for a collection of rows (an object type, a record type, t%ROWTYPE) `RETURNS SETOF <row type>`,
    whose columns are the attributes as in Oracle's `TABLE(f(...))`; for a collection of scalars
    `RETURNS TABLE(column_value <element type>)`, since Oracle names that column COLUMN_VALUE (callers that select
    it by name keep working). `PIPE ROW(x)` is `RETURN NEXT x` (a row variable), `RETURN NEXT ROW(a, b)::t` (the
    constructor t(a, b)), `RETURN NEXT CAST(x AS t)` (another row expression) or `column_value := x; RETURN NEXT;`
    (a scalar); the final `RETURN;` is kept. Callers: `TABLE(f(...))` in SQL is `f(...)` (OR438).
    To review: PostgreSQL hands the caller the rows once the function has produced them all (kept in memory, then on
    disk), where Oracle streams them as they are piped. A caller that reads only the first rows (ROWNUM, FETCH
    FIRST) still runs the function to its end, a function that pipes rows until the caller stops never returns,
    and NO_DATA_NEEDED is never raised. PIPELINED with PARALLEL_ENABLE (PARTITION ... BY), ORDER or CLUSTER, a
    PIPELINED USING interface implementation and AGGREGATE USING are MANUAL, as is a PIPELINED function whose
    return type is not a collection type these scripts declare.
    """

    name = "oracle.pipelined-function-to-setof"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(setup="CREATE TYPE num_list AS TABLE OF NUMBER;\n/",
                before="CREATE FUNCTION gen (n NUMBER) RETURN num_list PIPELINED IS\nBEGIN\n  FOR i IN 1..n LOOP\n"
                       "    PIPE ROW(i);\n  END LOOP;\n  RETURN;\nEND;\n/",
                after="CREATE OR REPLACE FUNCTION gen(n numeric)\nRETURNS TABLE(column_value numeric)\n"
                      "LANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  FOR i IN 1..n LOOP\n"
                      "    column_value := i;\n    RETURN NEXT;\n  END LOOP;\n  RETURN;\nEND;\n$$;"),
        Example(setup="CREATE TABLE emp (id NUMBER(6), name VARCHAR2(30));\n"
                      "CREATE TYPE emp_row AS OBJECT (id NUMBER, name VARCHAR2(30));\n/\n"
                      "CREATE TYPE emp_rows AS TABLE OF emp_row;\n/",
                before="CREATE FUNCTION staff RETURN emp_rows PIPELINED IS\nBEGIN\n"
                       "  FOR e IN (SELECT id, name FROM emp) LOOP\n    PIPE ROW(emp_row(e.id, e.name));\n"
                       "  END LOOP;\n  RETURN;\nEND;\n/",
                after="CREATE OR REPLACE FUNCTION staff()\nRETURNS SETOF emp_row\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nDECLARE\n  e record;\nBEGIN\n"
                      "  FOR e IN SELECT id, name FROM emp LOOP\n    RETURN NEXT ROW(e.id, e.name)::emp_row;\n"
                      "  END LOOP;\n  RETURN;\nEND;\n$$;"),
        Example(setup="CREATE TYPE num_list AS TABLE OF NUMBER;\n/",
                before="CREATE FUNCTION split (c SYS_REFCURSOR) RETURN num_list PIPELINED\n"
                       "  PARALLEL_ENABLE (PARTITION c BY ANY) IS\nBEGIN\n  RETURN;\nEND;\n/"),
    )
