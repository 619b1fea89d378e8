from sct.rules import Effort, Example, Rule, register


@register
class MY408(Rule):
    """SET @v = x in a routine becomes set_config('sct.v', x::text, false); reading @v in a routine is MANUAL.

    A user variable lives for the session, like a setting: the value stays readable with current_setting('sct.v',
    true), as text. Unlike a MySQL user variable the setting is undone when the transaction rolls back. A routine
    that reads @v is left out: the value may come from the client or from another routine.
    """

    name = "mysql.user-variables-in-routines"
    source = "mysql"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(before='DELIMITER //\nCREATE PROCEDURE remember(IN x INT)\nBEGIN\n  SET @last_x = x;\nEND //\nDELIMITER ;',
                after="CREATE OR REPLACE PROCEDURE remember(x integer)\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nBEGIN\n  PERFORM set_config('sct.last_x', (x)::text, false);\nEND;\n$$;"),
    )
