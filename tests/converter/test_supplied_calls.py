"""DBMS_LOB procedures called as statements become assignments (OR349), run on a real PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_text

pytestmark = pytest.mark.postgres

BUILD_DOC = """CREATE OR REPLACE FUNCTION build_doc (p_parts NUMBER) RETURN CLOB IS
  v CLOB;
  piece VARCHAR2(20) := 'abcdef';
BEGIN
  DBMS_LOB.CREATETEMPORARY(v, TRUE, DBMS_LOB.SESSION);
  FOR i IN 1 .. p_parts LOOP
    DBMS_LOB.APPEND(v, TO_CHAR(i));
    DBMS_LOB.WRITEAPPEND(v, 3, piece);
  END LOOP;
  DBMS_LOB.TRIM(v, DBMS_LOB.GETLENGTH(v) - 1);
  RETURN v;
END;
/
"""


def test_lob_statements_build_the_value_oracle_builds(scratch_pg):
    conversion = convert_text(BUILD_DOC, file="lob.sql")
    [fn] = [o for o in conversion.schema_objects if o.name.name == "build_doc"]
    assert fn.target_sql is not None, fn.findings
    assert sum(f.rule_id == "OR349" for f in fn.findings) >= 4
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        # CREATETEMPORARY gives an empty LOB (not NULL), APPEND/WRITEAPPEND add, TRIM(v, n) keeps n characters
        assert conn.execute("SELECT build_doc(2), build_doc(1)").fetchone() == ("1abc2ab", "1ab")


def test_bfile_and_unknown_lob_procedures_stay_manual_with_advice():
    conversion = convert_text("CREATE PROCEDURE p (f BFILE, b IN OUT BLOB) IS\nBEGIN\n"
                              "  DBMS_LOB.FILEOPEN(f, DBMS_LOB.FILE_READONLY);\n"
                              "  DBMS_LOB.LOADBLOBFROMFILE(b, f, 10, 1, 1);\nEND;\n/\n", file="p.sql")
    [p] = [o for o in conversion.schema_objects if o.name.name == "p"]
    assert p.target_sql is None
    messages = [f.message for f in p.findings if f.rule_id == "OR417"]
    assert any("FILEOPEN" in m and "pg_read_binary_file" in m for m in messages), messages
