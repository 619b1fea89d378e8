from sct.rules import Effort, Example, Rule, register


@register
class OR217(Rule):
    """Oracle treats '' as NULL; PostgreSQL does not. NOT NULL character columns are reported.

    In Oracle a NOT NULL VARCHAR2 column rejects '', because '' is NULL. In PostgreSQL '' is an ordinary
    value and is accepted, so data the application thought impossible can appear. Add CHECK (col <> '') where
    that matters.
    """

    name = "oracle.empty-string-is-null"
    effort = Effort.REVIEW
    category = "semantics"
    examples = (
        Example(before="CREATE TABLE t (a VARCHAR2(10) NOT NULL);"),
    )
