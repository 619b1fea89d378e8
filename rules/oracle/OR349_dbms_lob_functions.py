from sct.rules import Effort, Example, Rule, register


@register
class OR349(Rule):
    """DBMS_LOB calls become operations on text (CLOB) and bytea (BLOB) values with Oracle's results.

    In expressions: GETLENGTH -> length (characters of text, bytes of bytea); SUBSTR(lob, amount, offset) ->
    sct_oracle.dbms_lob_substr (the amount comes first, and it is NULL for an amount below 1 or above 32767 or
    an offset below 1); INSTR -> sct_oracle.dbms_lob_instr; COMPARE -> sct_oracle.dbms_lob_compare, for review
    unless the result is compared with 0 (CLOB order: code points on PostgreSQL, UTF-16 in Oracle). As
    statements: APPEND(d, s) -> d := d || s, WRITEAPPEND, TRIM, CREATETEMPORARY, FREETEMPORARY, and OPEN/CLOSE
    (nothing to do for a value). BFILE operations (FILEOPEN, LOADCLOBFROMFILE, BFILENAME, ...) are not converted
    (OR398/OR417: pg_read_file, pg_read_binary_file).
    """

    name = "oracle.dbms-lob-functions"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE VIEW v AS SELECT DBMS_LOB.GETLENGTH(doc) AS n, DBMS_LOB.SUBSTR(doc, 100, 1) AS head "
                       "FROM t;",
                after="CREATE VIEW v AS SELECT LENGTH(doc) AS n, sct_oracle.dbms_lob_substr(doc, 100, 1) AS head "
                      "FROM t;"),
        Example(before="CREATE VIEW v AS SELECT DBMS_LOB.ISOPEN(doc) AS o FROM t;", applies=False),
        Example(before="CREATE PROCEDURE add_line (doc IN OUT CLOB, line VARCHAR2) IS\nBEGIN\n"
                       "  DBMS_LOB.APPEND(doc, line);\nEND;\n/",
                after="CREATE OR REPLACE PROCEDURE add_line(INOUT doc text, line varchar)\nLANGUAGE plpgsql\n"
                      "AS $$\n#variable_conflict use_column\nBEGIN\n  doc := doc || line;\nEND;\n$$;"),
    )
