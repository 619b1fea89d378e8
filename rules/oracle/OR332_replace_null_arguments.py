from sct.rules import Effort, Example, Rule, register


@register
class OR332(Rule):
    """REPLACE(s, x) and a NULL search or replacement keep Oracle's meaning: NULL counts as ''.

    Oracle REPLACE(s, x) removes x; PostgreSQL needs three arguments, and its replace() returns NULL when the
    search or replacement is NULL.
    """

    name = "oracle.replace-null-arguments"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT REPLACE(phone, '-') AS digits FROM t;", after="CREATE VIEW v AS SELECT REPLACE(phone, '-', '') AS digits FROM t;"),
    )
