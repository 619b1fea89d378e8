from sct.rules import Effort, Example, Rule, register


@register
class OR407(Rule):
    """A user-defined exception becomes a SQLSTATE of its own ('U1' + 3 characters from its name); PRAGMA EXCEPTION_INIT maps the Oracle error.

    PostgreSQL has no exception variables: `RAISE e` raises SQLSTATE 'U1xxx' with the message
    'User-Defined Exception' (what SQLERRM says in Oracle), and `WHEN e` catches that SQLSTATE. The code is a
    hash of the upper-case name, the same in every routine. `PRAGMA EXCEPTION_INIT(e, -1)` makes `e` the
    condition of that Oracle error (unique_violation); -20nnn is SQLSTATE U0nnn as in OR405; an error with no
    known PostgreSQL condition is a MANUAL finding.
    """

    name = "oracle.user-exceptions"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE p IS\n  too_big EXCEPTION;\nBEGIN\n  RAISE too_big;\nEXCEPTION\n  WHEN too_big THEN\n    NULL;\nEND;\n/',
                after="CREATE OR REPLACE PROCEDURE p()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RAISE EXCEPTION USING ERRCODE = 'U1KC9', MESSAGE = 'User-Defined Exception';\nEXCEPTION\n  WHEN SQLSTATE 'U1KC9' THEN\n    NULL;\nEND;\n$$;"),
    )
