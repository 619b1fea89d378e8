from sct.rules import Effort, Example, Rule, register


@register
class OR004(Rule):
    """A script included with @file, @@file or START file could not be read, so its statements are missing.

    The converter follows includes the way SQL*Plus does: relative to the including script, then to the
    current directory, adding '.sql' when the name has no extension. An include is not read when the file
    is not there, when its name holds a substitution variable without a value (@&script), or when it would
    include itself again (the cycle is cut). When the file is not found as written but a file of the same
    name sits beside the including script (install scripts often start paths with a placeholder such as
    __SUB__CWD__), that file is read and the finding asks you to confirm it. Convert the missing script on
    its own, or pass the folder that holds it.
    """

    name = "oracle.include-not-found"
    effort = Effort.MANUAL
    category = "script"
    examples = (
        Example(before="@no_such_script_anywhere.sql\nCREATE TABLE t (a NUMBER);"),
    )
