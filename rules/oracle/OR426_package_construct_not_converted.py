from sct.rules import Effort, Example, Rule, register


@register
class OR426(Rule):
    """A package construct with no automatic conversion: package cursors used across calls, records, non-scalar state, package variables as INTO targets.

    The message names the construct and its line. Reported where they are declared or used: package cursors
    that one call opens and another fetches from or closes, or that a unit outside the package uses (a cursor
    each routine opens and closes itself is OR441); package-level record types and subtypes; package variables
    and constants that are not of a built-in scalar type (records, collections, %TYPE); package variables used
    as the target of SELECT ... INTO, FETCH ... INTO or an OUT argument; and package names that a column of
    the same name may hide in SQL. Initialization sections are converted (OR440).
    """

    name = "oracle.package-construct-not-converted"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE BODY scan AS\n  CURSOR c_all IS SELECT 1 AS n FROM dual;\n"
                       "  PROCEDURE open_all IS BEGIN OPEN c_all; END;\nEND;\n/"),
        Example(setup="CREATE TABLE emp (id NUMBER(6), name VARCHAR2(30));",
                before="CREATE OR REPLACE PACKAGE st AS\n  g_name emp.name%TYPE;\nEND;\n/"),
        Example(before="CREATE OR REPLACE PACKAGE BODY app AS\n  g_n NUMBER;\n"
                       "  PROCEDURE p IS BEGIN g_n := 1; END;\nBEGIN\n  g_n := 0;\nEND;\n/", applies=False),
    )
