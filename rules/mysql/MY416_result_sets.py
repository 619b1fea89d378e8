from sct.rules import Effort, Example, Rule, register


@register
class MY416(Rule):
    """A SELECT without INTO in a procedure sends a result set to the client; PostgreSQL procedures cannot.

    Return a refcursor (an INOUT refcursor parameter) or make the procedure a set-returning function, and change
    the callers.
    """

    name = "mysql.result-sets"
    source = "mysql"
    effort = Effort.MANUAL
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='DELIMITER //\nCREATE PROCEDURE list_a()\nBEGIN\n  SELECT a FROM t;\nEND //\nDELIMITER ;'),
    )
