from sct.rules import Effort, Example, Rule, register


@register
class OR320(Rule):
    """TO_NUMBER(s) becomes CAST(s AS numeric); with a format it stays to_number(s, fmt) for review.

    Both accept leading and trailing blanks, signs, a decimal point and exponents. DEFAULT ... ON CONVERSION
    ERROR has no PostgreSQL form and is reported.
    """

    name = "oracle.to-number-to-cast"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT TO_NUMBER(code) AS n FROM t;', after='CREATE VIEW v AS SELECT CAST(code AS DECIMAL) AS n FROM t;'),
    )
