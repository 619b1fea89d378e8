from sct.rules import Effort, Example, Rule, register


@register
class OR311(Rule):
    """ROWNUM used as a value becomes row_number() OVER ().

    Both number rows in the order they are produced, before ORDER BY; check that the numbering is not
    expected to follow the ORDER BY (then use row_number() OVER (ORDER BY ...)).
    """

    name = "oracle.rownum-value-to-row-number"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT ROWNUM AS n, a FROM t;', after='CREATE VIEW v AS SELECT ROW_NUMBER() OVER () AS n, a FROM t;'),
    )
