from sct.rules import Effort, Example, Rule, register


@register
class OR320(Rule):
    """TO_NUMBER(s) becomes CAST(s AS numeric); with a format it stays to_number(s, fmt) for review.

    Both accept leading and trailing blanks, signs, a decimal point and exponents. TO_NUMBER(s DEFAULT v ON
    CONVERSION ERROR) becomes sct_oracle.to_number_default(s, v) (docs/sct_oracle.md); with a format model as
    well it is reported.
    """

    name = "oracle.to-number-to-cast"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT TO_NUMBER(code) AS n FROM t;', after='CREATE VIEW v AS SELECT CAST(code AS DECIMAL) AS n FROM t;'),
        Example(before="CREATE VIEW v AS SELECT TO_NUMBER(code DEFAULT -1 ON CONVERSION ERROR) AS n FROM t;",
                after="CREATE VIEW v AS SELECT sct_oracle.to_number_default(code, -1) AS n FROM t;"),
    )
