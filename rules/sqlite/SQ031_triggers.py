from sct.rules import Effort, Example, Rule, register


@register
class SQ031(Rule):
    """SQLite triggers are not converted: the report carries each trigger's text to rewrite in PL/pgSQL.

    A SQLite trigger body is a list of SQL statements with NEW/OLD, RAISE(ABORT, ...) and WHEN; PostgreSQL
    needs a trigger function (RETURNS trigger) and a CREATE TRIGGER that calls it.
    """

    name = "sqlite.triggers"
    source = "sqlite"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(setup="CREATE TABLE t (a INTEGER, changed TEXT);",
                before="CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET changed = 'y' WHERE a = NEW.a; END;"),
    )
