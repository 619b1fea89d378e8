from sct.rules import Effort, Example, Rule, register


@register
class OR306(Rule):
    """ROWID, UID, ORA_ROWSCN and similar pseudo-columns have no PostgreSQL equivalent.

    ROWID is a physical row address; PostgreSQL's ctid also changes on every update, so code that stores or
    compares row ids must use the primary key instead. UID is the numeric user id (pg_roles.oid is a
    different number).
    """

    name = "oracle.pseudo-column-without-equivalent"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT ROWID AS rid, a FROM t;'),
    )
