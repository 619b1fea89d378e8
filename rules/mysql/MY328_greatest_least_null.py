from sct.rules import Effort, Example, Rule, register


@register
class MY328(Rule):
    """GREATEST and LEAST are NULL in MySQL when any argument is NULL: a CASE keeps that on PostgreSQL.

    PostgreSQL's GREATEST and LEAST ignore NULL arguments (GREATEST(1, NULL) is 1 there, NULL in MySQL). The
    call is kept inside `CASE WHEN <an argument> IS NULL ... THEN NULL ELSE ... END`; literal arguments, which
    cannot be NULL, are not tested.
    """

    name = "mysql.greatest-least-null"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (a INT, b INT);",
                before="CREATE VIEW v AS SELECT GREATEST(a, b, 0) AS g FROM t;",
                after="CREATE VIEW v AS SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE GREATEST(a, b, 0) END "
                      "AS g FROM t;"),
    )
