from sct.rules import Effort, Example, Rule, register


@register
class OR426(Rule):
    """A package construct with no automatic conversion: initialization section, package cursors, records, non-scalar or computed state.

    The message names the construct and its line. An initialization section (the body's BEGIN ... END part,
    run once per session) is reported on the body and on each of its routines, since their package state would
    differ; package-level cursors, record types and subtypes, variables that are not built-in scalars with a
    literal default, and package variables used as INTO targets or that a column of the same name may hide in
    SQL are reported where they are declared or used.
    """

    name = "oracle.package-construct-not-converted"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before="CREATE OR REPLACE PACKAGE state AS\n  PROCEDURE p;\nEND;\n/\nCREATE OR REPLACE PACKAGE BODY state AS\n  g_started DATE;\n  PROCEDURE p IS BEGIN NULL; END;\nBEGIN\n  g_started := SYSDATE;\nEND;\n/"),
    )
