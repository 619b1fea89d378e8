from sct.rules import Effort, Example, Rule, register


@register
class OR012(Rule):
    """PL/SQL units (procedures, functions, packages, triggers, types, anonymous blocks) are listed but not converted yet.

    The PL/SQL converter is a separate stage; until it handles a unit, the unit is reported with its kind, name
    and location so the assessment counts it, and it is left out of the target script.
    """

    name = "oracle.plsql-not-converted-yet"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/"),
    )
