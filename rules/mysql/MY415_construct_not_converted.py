from sct.rules import Effort, Example, Rule, register


@register
class MY415(Rule):
    """A stored-program construct without an exact PL/pgSQL conversion leaves the program out.

    The finding names the construct and its line: PREPARE/EXECUTE, GET DIAGNOSTICS, MariaDB FOR loops and packages,
    system variables, REPLACE / INSERT IGNORE / ON DUPLICATE KEY UPDATE inside a routine, DDL inside a routine,
    ITERATE of a REPEAT loop, ...
    """

    name = "mysql.construct-not-converted"
    source = "mysql"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(before='DELIMITER //\nCREATE PROCEDURE dyn(IN q TEXT)\nBEGIN\n  SET @q = q;\n  PREPARE s FROM @q;\n  EXECUTE s;\nEND //\nDELIMITER ;'),
    )
