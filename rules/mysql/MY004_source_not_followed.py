from sct.rules import Effort, Example, Rule, register


@register
class MY004(Rule):
    """A SOURCE (or \\.) command of the mysql client is not followed: the file it names is not read.

    Give the included files to `sct convert` with the script (in the order the client would run them).
    """

    name = "mysql.source-not-followed"
    source = "mysql"
    effort = Effort.REVIEW
    category = "script"
    examples = (
        Example(before='source load_departments.dump ;'),
    )
