from sct.rules import Effort, Example, Rule, register


@register
class MY402(Rule):
    """SQL SECURITY DEFINER becomes SECURITY DEFINER; DETERMINISTIC is not carried (the function stays VOLATILE).

    MySQL's default is SQL SECURITY DEFINER, so a routine that says nothing becomes SECURITY DEFINER too: it runs as
    the role that creates it, and a SECURITY DEFINER function should get a pinned search_path before it is granted.
    A procedure that COMMITs stays SECURITY INVOKER (PostgreSQL forbids transaction control in SECURITY DEFINER
    procedures). DETERMINISTIC is not checked by MySQL; IMMUTABLE would let PostgreSQL fold calls to a function
    that reads tables, so every function stays VOLATILE. READS SQL DATA / MODIFIES SQL DATA are dropped.
    """

    name = "mysql.routine-characteristics"
    source = "mysql"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(before='DELIMITER //\nCREATE FUNCTION one() RETURNS INT DETERMINISTIC SQL SECURITY DEFINER\nRETURN 1 //\nDELIMITER ;',
                after='CREATE OR REPLACE FUNCTION one()\nRETURNS integer\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nBEGIN\n  RETURN 1;\nEND;\n$$;'),
    )
