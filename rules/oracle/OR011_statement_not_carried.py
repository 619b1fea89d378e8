from sct.rules import Effort, Example, Rule, register


@register
class OR011(Rule):
    """Statements that manage the Oracle instance or session (ALTER SESSION, CREATE USER, DROP, ANALYZE, ...) are not carried into the target schema.

    Install scripts mix schema objects with administration: users, tablespaces, session settings, statistics
    gathering, and DROP statements that clean up a previous install. None of them describe the schema, and most
    have no PostgreSQL counterpart, so they are listed here with their location and otherwise left out. Create
    roles and settings on the target with your own PostgreSQL administration scripts.
    """

    name = "oracle.statement-not-carried"
    effort = Effort.AUTO
    category = "script"
    examples = (
        Example(before="ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD';\nDROP TABLE old_t CASCADE CONSTRAINTS;"),
    )
