from sct.rules import Effort, Example, Rule, register


@register
class OR441(Rule):
    """A package cursor becomes a cursor declared in each routine of the package that uses it.

    PostgreSQL has no package-level cursors: a cursor declared in a routine lives for one call. That is what a
    package cursor is when each routine that uses it opens and closes it itself: in a cursor FOR loop (exact),
    or with OPEN, FETCH and CLOSE in the same call (to review: if an error leaves the routine between OPEN and
    CLOSE, Oracle keeps the cursor open and the next OPEN raises CURSOR_ALREADY_OPEN; PostgreSQL closes it). A
    cursor that one call opens and another fetches from or closes, a routine that opens it without closing it
    (or may RETURN in between), and a package cursor used outside its package keep their state across calls:
    those are MANUAL (OR426).
    """

    name = "oracle.package-cursor"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE PACKAGE BODY pay AS\n  CURSOR c_emp IS SELECT id, sal FROM emp;\n"
                       "  FUNCTION total RETURN NUMBER IS\n    n NUMBER := 0;\n  BEGIN\n"
                       "    FOR r IN c_emp LOOP\n      n := n + r.sal;\n    END LOOP;\n    RETURN n;\n  END;\n"
                       "END;\n/",
                after="CREATE SCHEMA IF NOT EXISTS pay;\nCREATE OR REPLACE FUNCTION pay.total()\nRETURNS numeric\n"
                      "LANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n"
                      "  c_emp CURSOR FOR SELECT id, sal FROM emp;\n  n numeric := 0;\nBEGIN\n"
                      "  FOR r IN c_emp LOOP\n    n := n + r.sal;\n  END LOOP;\n  RETURN n;\nEND;\n$$;"),
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE PACKAGE BODY pay AS\n  CURSOR c_emp IS SELECT sal FROM emp ORDER BY id;\n"
                       "  FUNCTION first_sal RETURN NUMBER IS\n    v NUMBER;\n  BEGIN\n    OPEN c_emp;\n"
                       "    FETCH c_emp INTO v;\n    CLOSE c_emp;\n    RETURN v;\n  END;\nEND;\n/"),
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE FUNCTION total RETURN NUMBER IS\n  CURSOR c_emp IS SELECT sal FROM emp;\n"
                       "  n NUMBER := 0;\nBEGIN\n  FOR r IN c_emp LOOP\n    n := n + r.sal;\n  END LOOP;\n"
                       "  RETURN n;\nEND;\n/", applies=False),
    )
