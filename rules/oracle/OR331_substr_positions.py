from sct.rules import Effort, Example, Rule, register


@register
class OR331(Rule):
    """SUBSTR with position 0 or a negative position is rewritten to Oracle's meaning.

    Oracle reads position 0 as 1 and a negative position as counted from the end (NULL when before the
    start); PostgreSQL's substr does neither. A computed position is kept and reported for review.
    """

    name = "oracle.substr-positions"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT SUBSTR(code, -3) AS tail FROM t;', after='CREATE VIEW v AS SELECT SUBSTR(code, CASE WHEN LENGTH(code) >= 3 THEN LENGTH(code) - 3 + 1 END) AS tail FROM t;'),
        Example(before='CREATE VIEW v AS SELECT SUBSTR(code, 1, 2) AS head FROM t;', applies=False),
    )
