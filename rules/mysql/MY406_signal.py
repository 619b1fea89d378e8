from sct.rules import Effort, Example, Rule, register


@register
class MY406(Rule):
    """SIGNAL SQLSTATE '...' SET MESSAGE_TEXT = m becomes RAISE SQLSTATE '...' USING MESSAGE = m.

    The SQLSTATE is kept; without MESSAGE_TEXT the message is MySQL's 'Unhandled user-defined exception
    condition'. MYSQL_ERRNO has no PostgreSQL equivalent (REVIEW). RESIGNAL, SIGNAL of a named condition and SIGNAL
    of a warning or NOT FOUND (class 01, 02) are MANUAL.
    """

    name = "mysql.signal"
    source = "mysql"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(before="DELIMITER //\nCREATE PROCEDURE check_qty(IN q INT)\nBEGIN\n  IF q < 0 THEN\n    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative';\n  END IF;\nEND //\nDELIMITER ;",
                after="CREATE OR REPLACE PROCEDURE check_qty(q integer)\nLANGUAGE plpgsql\nSECURITY DEFINER\nAS $$\n#variable_conflict use_variable\nBEGIN\n  IF q < 0 THEN\n    RAISE SQLSTATE '45000' USING MESSAGE = 'negative';\n  END IF;\nEND;\n$$;"),
    )
