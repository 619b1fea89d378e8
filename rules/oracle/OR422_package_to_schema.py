from sct.rules import Effort, Example, Rule, register


@register
class OR422(Rule):
    """A PL/SQL package becomes a PostgreSQL schema of the same name, and each routine of its body `schema.routine`.

    The spec and the body each become CREATE SCHEMA IF NOT EXISTS (a name `hr.emp_pkg` gives the schema
    `emp_pkg`: PostgreSQL schemas do not nest); every procedure and function of the body with an implementation
    (public or private, see OR423) becomes a routine of that schema, reported as an object of its own
    (`procedure emp_pkg.raise_pay`), so that a routine needing manual work leaves out that routine only.
    Overloads become PostgreSQL overloads. Calls are resolved by name: inside the package an unqualified
    `p(...)` becomes `CALL pkg.p(...)` and a function `f(x)` (or `f` without arguments) `pkg.f(x)` (`pkg.f()`),
    unless a local variable or parameter of that name hides it; outside, `pkg.p(...)` and `pkg.f(x)` keep their
    qualified form. Package exceptions keep one SQLSTATE wherever they are raised or caught (`pkg.e` too);
    TABLE OF / VARRAY types of the package become arrays in the routines that use them (OR414).
    """

    name = "oracle.package-to-schema"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE api AS\n  FUNCTION twice(p_x NUMBER) RETURN NUMBER;\n  PROCEDURE log_twice(p_x NUMBER);\nEND api;\n/\nCREATE OR REPLACE PACKAGE BODY api AS\n  FUNCTION twice(p_x NUMBER) RETURN NUMBER IS\n  BEGIN\n    RETURN p_x * 2;\n  END;\n  PROCEDURE log_twice(p_x NUMBER) IS\n  BEGIN\n    DBMS_OUTPUT.PUT_LINE(twice(p_x));\n  END;\nEND api;\n/"),
    )
