from sct.rules import Effort, Example, Rule, register


@register
class MY327(Rule):
    """A comparison of text with a number that MySQL makes by converting both to numbers has no PostgreSQL form.

    MySQL compares a character column with a number as numbers: `phone = 5551234` is true for '5551234',
    '05551234' and ' 5551234x' (with a warning), and a numeric column with text that is not a number reads
    the text's leading digits (or 0). PostgreSQL has no varchar = integer operator and rejects '5abc' as an
    integer, so such a view would not apply. It is left out with the comparison named: write the text
    comparison (`phone = '5551234'`) or a numeric one (`CAST(phone AS numeric) = 5551234`, which needs every
    value to be a number), whichever the query means. Comparisons with literals that already are of the
    column's kind (a number with a number, text with text, '42' with an integer column) are not findings.
    """

    name = "mysql.implicit-numeric-comparison"
    source = "mysql"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE customer (id INT PRIMARY KEY, phone VARCHAR(20));",
                before="CREATE VIEW dialled AS SELECT id FROM customer WHERE phone = 5551234;"),
    )
