from sct.rules import Effort, Example, Rule, register


@register
class OR425(Rule):
    """A package variable becomes a session setting (set_config / current_setting): session-scoped like Oracle's, but kept as text and undone by ROLLBACK.

    A variable of a built-in scalar type is the custom setting `'pkg.var'`: `g := v` becomes
    `PERFORM set_config('pkg.g', coalesce(CAST(CAST((v) AS type) AS text), chr(1)), false)` and a read
    `CAST(nullif(coalesce(nullif(current_setting('pkg.g', true), ''), CAST(default AS text)), chr(1)) AS type)`
    (chr(1) marks NULL), where the default is its literal default, or its default expression when that is a
    constant expression (literals and constants, as in OR424: `CAST(CAST((expr) AS type) AS text)`), so that an
    unset setting reads as the default. A variable (or constant) whose default is any other expression
    (SYSDATE, USER, a function call, another variable) is set from it once per session by the package's
    initialization function, as Oracle does when it instantiates the package (OR440). Differences to review: the value is stored
    as text (a timestamp goes through DateStyle, a float through its text form); the CAST to varchar(n) cuts a
    too-long value where Oracle raises VALUE_ERROR; set_config is transactional, so a ROLLBACK undoes the
    assignments of the transaction, which Oracle keeps; recompiling the package does not reset the state; any
    code of the session can read and set the setting. A variable used as an INTO or OUT target, or of another
    type (records, collections, %TYPE), is OR426.
    """

    name = "oracle.package-variable-setting"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE counter AS\n  g_total NUMBER := 0;\n  PROCEDURE add(p_n NUMBER);\nEND;\n/\nCREATE OR REPLACE PACKAGE BODY counter AS\n  PROCEDURE add(p_n NUMBER) IS\n  BEGIN\n    g_total := g_total + p_n;\n  END;\nEND;\n/"),
        Example(before="CREATE OR REPLACE PACKAGE counter AS\n  c_start CONSTANT NUMBER := 10;\n"
                       "  g_total NUMBER := c_start * 2;\nEND;\n/\n"
                       "CREATE OR REPLACE FUNCTION total RETURN NUMBER IS\nBEGIN\n  RETURN counter.g_total;\nEND;\n/",
                after="CREATE SCHEMA IF NOT EXISTS counter;\n"
                      "CREATE OR REPLACE FUNCTION total()\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nBEGIN\n"
                      "  RETURN CAST(nullif(coalesce(nullif(current_setting('counter.g_total', true), ''), "
                      "CAST(CAST((CAST(10 AS numeric) * 2) AS numeric) AS text)), chr(1)) AS numeric);\nEND;\n$$;"),
    )
