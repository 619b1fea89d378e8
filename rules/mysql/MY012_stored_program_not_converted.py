from sct.rules import Effort, Example, Rule, register


@register
class MY012(Rule):
    """MySQL stored programs are not converted yet.

    Procedures, functions, triggers and events are listed in the report and left out of schema.sql;
    what calls them (a view) is left out too (MY016).
    """

    name = "mysql.stored-program-not-converted"
    source = "mysql"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(before='DELIMITER //\nCREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN RETURN x + 1; END //\nDELIMITER ;'),
    )
