from sct.rules import Effort, Example, Rule, register


@register
class OR002(Rule):
    """A substitution variable (&name) is replaced by its DEFINE value, or left as-is when it has none.

    SQL*Plus replaces substitution variables in the statement text (strings included) before sending it to
    the server, so the converter does the same with the values the script DEFINEs, or that @file arguments
    give; check that the value is the one your installation uses. A variable without a value at conversion
    time (a script argument such as &1, a value typed in at an ACCEPT prompt, one set by COLUMN ... NEW_VALUE,
    or one never defined) is left in the text and reported as manual work: DEFINE it at the top of the script,
    or replace it by hand. SET DEFINE OFF turns substitution off, as in SQL*Plus.
    """

    name = "oracle.substitution-variable"
    effort = Effort.REVIEW
    category = "script"
    examples = (
        Example(before="DEFINE tbs = users\nCREATE TABLE t (a NUMBER) TABLESPACE &tbs;"),
        Example(before="SET DEFINE OFF\nCREATE TABLE t (a VARCHAR2(10) DEFAULT 'R&D');", applies=False),
    )
