from sct.rules import Effort, Example, Rule, register


@register
class OR012(Rule):
    """Java units and libraries are listed but not converted.

    Procedures, functions and triggers are converted (OR401-OR421), packages too (OR422-OR426), anonymous blocks
    become DO blocks (OR427), type bodies schemas of routines (OR428). The other units are reported with their
    kind, name and location so the assessment counts them, and they are left out of the target script.
    """

    name = "oracle.plsql-not-converted-yet"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE LIBRARY ext_lib AS '/opt/lib/ext.so';\n/"),
        Example(before="CREATE OR REPLACE TYPE BODY point AS\n  MEMBER FUNCTION norm RETURN NUMBER IS BEGIN RETURN 0; END;\nEND;\n/",
                applies=False),
        Example(before="CREATE OR REPLACE PACKAGE BODY api AS\n  PROCEDURE p IS BEGIN NULL; END;\nEND;\n/", applies=False),
        Example(before="CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/", applies=False),
        Example(before="DECLARE\n  n NUMBER := 1;\nBEGIN\n  n := n + 1;\nEND;\n/", applies=False),
    )
