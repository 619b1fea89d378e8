from sct.rules import Effort, Example, Rule, register


@register
class OR012(Rule):
    """Java units, libraries and SQL types sct does not read (SQLJ, external) are listed but not converted.

    Procedures, functions and triggers are converted (OR401-OR421), packages too (OR422-OR426, OR440, OR441),
    anonymous blocks become DO blocks (OR427), type bodies schemas of routines (OR428), and SQL types composite
    types or domains (OR233; subtypes OR234, REF OR235). The other units are reported with their kind, name,
    location and, for a type, what in it is not read, so the assessment counts them, and they are left out of
    the target script.
    """

    name = "oracle.plsql-not-converted-yet"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE LIBRARY ext_lib AS '/opt/lib/ext.so';\n/"),
        Example(before="CREATE TYPE addr_java AS OBJECT EXTERNAL NAME 'com.example.Addr' LANGUAGE JAVA\n"
                       "  USING SQLData (street VARCHAR2(40) EXTERNAL NAME 'street');\n/"),
        Example(before="CREATE TYPE circle_typ UNDER shape_typ (radius NUMBER);\n/", applies=False),
        Example(before="CREATE OR REPLACE TYPE BODY point AS\n  MEMBER FUNCTION norm RETURN NUMBER IS BEGIN RETURN 0; END;\nEND;\n/",
                applies=False),
        Example(before="CREATE OR REPLACE PACKAGE BODY api AS\n  PROCEDURE p IS BEGIN NULL; END;\nEND;\n/", applies=False),
        Example(before="CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/", applies=False),
        Example(before="DECLARE\n  n NUMBER := 1;\nBEGIN\n  n := n + 1;\nEND;\n/", applies=False),
    )
