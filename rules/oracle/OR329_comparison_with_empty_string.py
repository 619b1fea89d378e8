from sct.rules import Effort, Example, Rule, register


@register
class OR329(Rule):
    """A comparison with '' (x = '', x <> '', x LIKE '') is never true in Oracle, because '' is NULL.

    The converter keeps Oracle's meaning (a comparison with NULL, never true); the author probably meant
    x IS NULL or x IS NOT NULL.
    """

    name = "oracle.comparison-with-empty-string"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT a FROM t WHERE b <> '';", after='CREATE VIEW v AS SELECT a FROM t WHERE b <> NULL;'),
    )
