from sct.rules import Effort, Example, Rule, register


@register
class OR352(Rule):
    """CHR and ASCII beyond ASCII: Oracle uses the character's encoded bytes, PostgreSQL its code point.

    Oracle's CHR(n) is the character whose encoding in the database character set is n (AL32UTF8: CHR(50089)
    is 'é', bytes C3 A9) and ASCII(c) that number; PostgreSQL's chr(233) is 'é' and ascii('é') is 233. Below
    128 both are ASCII: CHR of a literal below 128 and ASCII of a literal ASCII character are kept without a
    finding, a computed value is for review. CHR(n USING NCHAR_CS) is a UTF-16 code unit, the code point below
    D800 (hex), and becomes chr(n).
    """

    name = "oracle.chr-ascii-encoding"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT CHR(50089) AS e_acute FROM t;",
                after="CREATE VIEW v AS SELECT CHR(50089) AS e_acute FROM t;"),
        Example(before="CREATE VIEW v AS SELECT 'a' || CHR(10) || 'b' AS two_lines FROM t;", applies=False),
    )
