from sct.rules import Effort, Example, Rule, register


@register
class OR319(Rule):
    """TO_CHAR of a number (or without a format) may print differently in PostgreSQL.

    Oracle prints 0.5 as '.5' without a format and uses NLS settings for dates; PostgreSQL's text output
    differs. Number format models are mostly the same (9, 0, D, G, FM, S, MI, PR, L) but not entirely
    (X, TM, V, EEEE rounding): check the output.
    """

    name = "oracle.to-char-number-format"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT TO_CHAR(amount) AS s FROM t;', after='CREATE VIEW v AS SELECT CAST(amount AS TEXT) AS s FROM t;'),
    )
