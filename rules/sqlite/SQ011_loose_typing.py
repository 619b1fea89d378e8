from sct.rules import Effort, Example, Rule, register


@register
class SQ011(Rule):
    """SQLite does not enforce declared types or lengths: a column may hold values of any type.

    The type follows SQLite's affinity rules (INT anywhere: bigint; CHAR, CLOB, TEXT: text, varchar(n) with
    a length; BLOB: bytea; REAL, FLOA, DOUB: double precision; otherwise numeric, with DATE, DATETIME, TIME
    and BOOLEAN mapped by their declared meaning, SQ012). A column with no declared type becomes text.
    SQLite stores 'abc' in an INTEGER column and 300 characters in a VARCHAR(40) one; PostgreSQL refuses
    them when the data is loaded. Check the data (typeof(), length()) first. STRICT tables enforce their
    types and get no finding.
    """

    name = "sqlite.loose-typing"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (id INTEGER, name VARCHAR(40), price DECIMAL(8,2), note);",
                after="CREATE TABLE t (\n    id bigint,\n    name varchar(40),\n    price numeric(8,2),\n"
                      "    note text\n);"),
        Example(before="CREATE TABLE t (id INTEGER, name TEXT) STRICT;", applies=False),
    )
