from sct.rules import Effort, Example, Rule, register


@register
class OR440(Rule):
    """A package's initialization becomes a function `pkg.sct_init()` that runs once per session, called first by every routine that needs it.

    Oracle instantiates a package at the session's first reference to it: it assigns the variables' defaults,
    then runs the initialization section (the body's final BEGIN ... END). `pkg.sct_init()` does the same:
    it sets the variables whose defaults are not constant expressions (SYSDATE, USER, a function call; OR425
    keeps them in session settings), then runs the section's converted statements. A session setting
    `pkg.sct_initialized`, set before the statements run, makes later calls return at once (and a routine of the
    package that the section calls does not run it again). Every routine of the package, public or private,
    calls it in its first declaration (`sct_pkg_ready CONSTANT boolean := pkg.sct_init();`), so before any other
    default is computed; so does every routine, trigger or block of the scripts that reads or sets a variable of
    the package. Differences to review: outside the package, Oracle runs the initialization at the first
    reference, which may come later in the routine or not at all; a reference the converter cannot see (dynamic
    SQL, a client reading the setting) does not run it; a ROLLBACK of the transaction that ran it undoes the
    guard with the rest, so it runs again (Oracle keeps package state across a rollback); an initialization
    that fails runs again at the next use; reading a constant (inlined, OR424) does not run it.
    """

    name = "oracle.package-initialization"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE BODY app AS\n  g_rate NUMBER;\n"
                       "  FUNCTION fee(p NUMBER) RETURN NUMBER IS\n  BEGIN\n    RETURN p * g_rate;\n  END;\n"
                       "BEGIN\n  g_rate := 0.2;\nEND;\n/",
                after="CREATE SCHEMA IF NOT EXISTS app;\n"
                      "CREATE OR REPLACE FUNCTION app.sct_init()\nRETURNS boolean\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nBEGIN\n"
                      "  IF CAST(nullif(nullif(current_setting('app.sct_initialized', true), ''), chr(1)) AS boolean) "
                      "THEN\n    RETURN TRUE;\n  END IF;\n"
                      "  PERFORM set_config('app.sct_initialized', coalesce(CAST(CAST((TRUE) AS boolean) AS text), "
                      "chr(1)), false);\n"
                      "  PERFORM set_config('app.g_rate', coalesce(CAST(CAST((0.2) AS numeric) AS text), chr(1)), "
                      "false);\n  RETURN TRUE;\nEND;\n$$;\n"
                      "CREATE OR REPLACE FUNCTION app.fee(p numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nDECLARE\n  sct_app_ready CONSTANT boolean := app.sct_init();\n"
                      "BEGIN\n  RETURN p * CAST(nullif(nullif(current_setting('app.g_rate', true), ''), chr(1)) AS "
                      "numeric);\nEND;\n$$;"),
        Example(before="CREATE OR REPLACE PACKAGE BODY app AS\n  PROCEDURE p IS BEGIN NULL; END;\nEND;\n/",
                applies=False),
    )
