from sct.rules import Effort, Example, Rule, register


@register
class OR346(Rule):
    """UTL_RAW.CAST_TO_RAW(s) becomes convert_to(s, 'UTF8'); UTL_RAW.CAST_TO_VARCHAR2(r) becomes convert_from(r, 'UTF8').

    Both keep the bytes as they are, in the database character set. The PostgreSQL form names UTF8, which is
    the same bytes when the Oracle database character set is AL32UTF8 (the default since Oracle 12.2); for a
    single-byte Oracle character set, non-ASCII characters give other bytes.
    """

    name = "oracle.utl-raw-cast"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (a NUMBER(4), doc BLOB);",
                before="INSERT INTO t VALUES (1, UTL_RAW.CAST_TO_RAW('{\"a\": 1}'));",
                after="INSERT INTO t VALUES (1, CONVERT_TO('{\"a\": 1}', 'UTF8'));"),
    )
