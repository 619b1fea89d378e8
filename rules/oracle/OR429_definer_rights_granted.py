from sct.rules import Effort, Example, Rule, register


@register
class OR429(Rule):
    """A routine granted to other users runs with the caller's rights on PostgreSQL, the owner's on Oracle.

    An Oracle procedure, function or package runs with its owner's rights unless it says AUTHID CURRENT_USER
    (AUTHID DEFINER is the default). A PostgreSQL routine runs with the caller's rights (SECURITY INVOKER)
    unless it is SECURITY DEFINER. sct writes SECURITY DEFINER only where the source says AUTHID DEFINER
    explicitly, because a SECURITY DEFINER routine must also pin its search_path (`SET search_path = ...`),
    and a procedure with a SET clause cannot COMMIT: a choice for the DBA. The difference shows only when a
    role other than the owner calls the routine, so this finding is raised where the scripts GRANT EXECUTE on
    it (or on its package) and the source does not name AUTHID: the grantees need privileges on the tables
    and routines it uses, or the routine becomes SECURITY DEFINER with a pinned search_path.
    """

    name = "oracle.definer-rights-granted"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE TABLE pay (id NUMBER);\nCREATE OR REPLACE PROCEDURE add_pay (p NUMBER) IS\nBEGIN\n  INSERT INTO pay (id) VALUES (p);\nEND;\n/\nGRANT EXECUTE ON add_pay TO clerk;"),
    )
