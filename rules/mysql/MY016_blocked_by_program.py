from sct.rules import Effort, Example, Rule, register


@register
class MY016(Rule):
    """A view that calls a stored function of the scripts is left out while that function is not converted."""

    name = "mysql.blocked-by-program"
    source = "mysql"
    effort = Effort.MANUAL
    category = "dependency"
    examples = (
        Example(before='DELIMITER //\nCREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN RETURN x + FOUND_ROWS(); END //\nDELIMITER ;\nCREATE TABLE t (a INT);\nCREATE VIEW v AS SELECT f(a) AS b FROM t;'),
    )
