from sct.rules import Effort, Example, Rule, register


@register
class OR415(Rule):
    """A PL/SQL construct with no automatic PL/pgSQL conversion (records, nested routines, GOTO, FORALL, BULK COLLECT, package calls, ...).

    The message names the construct and the PostgreSQL way to write it. The unit is left out of the target
    script until it is rewritten.
    """

    name = "oracle.plsql-construct-not-converted"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE p IS\n  TYPE pair IS RECORD (a NUMBER, b NUMBER);\n  v pair;\nBEGIN\n  NULL;\nEND;\n/'),
    )
