from sct.rules import Effort, Example, Rule, register


@register
class OR108(Rule):
    """CLOB, NCLOB and LONG become text; BLOB, RAW and LONG RAW become bytea.

    PostgreSQL text and bytea hold up to 1 GB per value and need no LOB locators; code that uses DBMS_LOB
    is converted with the PL/SQL code. BFILE (a pointer to a file outside the database) has no equivalent.
    """

    name = "oracle.lob-types"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (a CLOB, b BLOB, c RAW(16));",
                after="CREATE TABLE t (a text, b bytea, c bytea);"),
    )
