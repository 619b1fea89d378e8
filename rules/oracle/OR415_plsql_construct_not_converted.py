from sct.rules import Effort, Example, Rule, register


@register
class OR415(Rule):
    """A PL/SQL construct with no automatic PL/pgSQL conversion (GOTO, SAVEPOINT, calls into unknown packages, ...).

    The message names the construct, its line and the PostgreSQL way to write it. The unit is left out of the
    target script until it is rewritten. GOTO is one: PL/pgSQL has no GOTO, so the finding names the label and
    the line of the jump; restructure the code with IF, a loop with EXIT / CONTINUE, or a labelled block. (Records,
    collections, BULK COLLECT, FORALL and nested routines convert: rules OR430-OR435; REF CURSOR types, PIPELINED
    functions, TABLE(...) in SQL and SUBTYPEs: OR436-OR439.)
    """

    name = "oracle.plsql-construct-not-converted"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE PROCEDURE jump (n NUMBER) IS\nBEGIN\n  IF n > 0 THEN\n    GOTO done;\n  END IF;\n  DBMS_OUTPUT.PUT_LINE('positive');\n  <<done>>\n  NULL;\nEND;\n/"),
    )
