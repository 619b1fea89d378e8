from sct.rules import Effort, Example, Rule, register

_EMP = "CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2));"


@register
class OR436(Rule):
    """REF CURSOR types become refcursor; OPEN ... FOR, FETCH, CLOSE and the %attributes of cursor variables convert.

    `TYPE rc IS REF CURSOR [RETURN t%ROWTYPE]`, of a routine or of a package spec, declares no PostgreSQL type:
    variables, parameters and return values of the type (or of SYS_REFCURSOR, `pkg.rc`) are `refcursor`.
    `OPEN c FOR query` / `OPEN c FOR string USING ...`, `FETCH c INTO ...` and `CLOSE c` are the same statements in
    PL/pgSQL. A strong REF CURSOR's RETURN type is not checked by PostgreSQL: Oracle checked, when it compiled the
    code being converted, that every query opened for it returns that row, so the converted code opens the same
    queries (AUTO; the message names the RETURN type for code written later).
    `c%FOUND`, `c%NOTFOUND` and `c%ROWCOUNT` of a cursor variable read state variables that OPEN ... FOR resets and
    every FETCH sets, as for an explicit cursor (OR410); `c%ISOPEN` asks pg_cursors whether the portal the variable
    names is open, so a cursor opened by the caller or by another routine counts as open, as in Oracle. On a
    cursor parameter that the caller may have fetched from, %ROWCOUNT counts only this routine's fetches: REVIEW.
    """

    name = "oracle.ref-cursor-to-refcursor"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(setup=_EMP,
                before="CREATE FUNCTION high_paid (lim NUMBER) RETURN NUMBER IS\n"
                       "  TYPE emp_cur IS REF CURSOR RETURN emp%ROWTYPE;\n  c emp_cur;\n  r emp%ROWTYPE;\n  n NUMBER;\n"
                       "BEGIN\n  OPEN c FOR SELECT * FROM emp WHERE salary > lim;\n  LOOP\n    FETCH c INTO r;\n"
                       "    EXIT WHEN c%NOTFOUND;\n  END LOOP;\n  n := c%ROWCOUNT;\n  CLOSE c;\n  RETURN n;\nEND;\n/",
                after="CREATE OR REPLACE FUNCTION high_paid(lim numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nDECLARE\n  c refcursor;\n  r emp%ROWTYPE;\n  n numeric;\n"
                      "  sct_c_found boolean;\n  sct_c_rowcount integer := 0;\nBEGIN\n"
                      "  OPEN c FOR SELECT * FROM emp WHERE salary > lim;\n  sct_c_rowcount := 0;\n"
                      "  sct_c_found := NULL;\n  LOOP\n    FETCH c INTO r;\n    sct_c_found := FOUND;\n"
                      "    IF FOUND THEN sct_c_rowcount := sct_c_rowcount + 1; END IF;\n"
                      "    EXIT WHEN (NOT sct_c_found);\n  END LOOP;\n  n := sct_c_rowcount;\n  CLOSE c;\n"
                      "  RETURN n;\nEND;\n$$;"),
        Example(setup=_EMP,
                before="CREATE FUNCTION is_open (c SYS_REFCURSOR) RETURN BOOLEAN IS\nBEGIN\n  RETURN c%ISOPEN;\nEND;\n/",
                after="CREATE OR REPLACE FUNCTION is_open(c refcursor)\nRETURNS boolean\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nBEGIN\n"
                      "  RETURN EXISTS (SELECT FROM pg_catalog.pg_cursors WHERE name = c::text);\nEND;\n$$;",
                applies=False),
    )
