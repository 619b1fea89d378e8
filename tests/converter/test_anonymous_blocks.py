"""Anonymous PL/SQL blocks become DO blocks in data.sql, at their place in source order (OR427)."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import Effort, Status
from sct.converter.pipeline import convert_text

TABLE = "CREATE TABLE t (a NUMBER(4), b VARCHAR2(10));\n"

LOOP = TABLE + """INSERT INTO t VALUES (0, 'first');
DECLARE
  n NUMBER := 3;
BEGIN
  FOR i IN 1 .. n LOOP
    INSERT INTO t VALUES (i, 'row ' || i);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('inserted ' || n);
END;
/
INSERT INTO t VALUES (9, 'last');
"""


def rules(obj, effort: Effort | None = None) -> set[str]:
    return {f.rule_id for f in obj.findings if effort is None or f.effort is effort}


def test_block_becomes_a_do_block_in_data_sql_in_source_order():
    conversion = convert_text(LOOP, file="b.sql")
    [block] = conversion.blocks
    assert block.status == Status.CONVERTED and "OR427" in rules(block) and "OR408" in rules(block)
    assert block.target_sql == (
        "DO $$\n#variable_conflict use_column\nDECLARE\n  n numeric := 3;\nBEGIN\n  FOR i IN 1..n LOOP\n"
        "    INSERT INTO t VALUES (i, CONCAT('row ', i));\n  END LOOP;\n  RAISE NOTICE '%', CONCAT('inserted ', n);\n"
        "END;\n$$;")
    assert "DO $$" not in postgres.schema_script(conversion)
    data = postgres.data_script(conversion)
    assert data.index("'first'") < data.index("DO $$") < data.index("'last'")
    assert data.index("BEGIN;") < data.index("DO $$") < data.rindex("COMMIT;")


def test_plain_dml_block_stays_statements():
    conversion = convert_text(TABLE + "BEGIN\n  INSERT INTO t VALUES (1, 'x');\nEND;\n/\n")
    assert conversion.blocks == [] and [s.verb for s in conversion.data_statements] == ["insert"]


@pytest.mark.parametrize("body, message", [
    ("INSERT INTO t VALUES (:id, 'x');", "bind variable :id"),
    ("INSERT INTO t VALUES (&id, 'x');", "substitution variable &id"),
    ("EXECUTE IMMEDIATE 'CREATE TABLE t2 (a NUMBER)';", "EXECUTE IMMEDIATE 'CREATE ...'"),
    ("EXECUTE IMMEDIATE q'[DROP TABLE t]';", "EXECUTE IMMEDIATE 'DROP ...'"),
])
def test_what_a_do_block_cannot_take_is_manual_and_left_out(body, message):
    conversion = convert_text(TABLE + f"DECLARE\n  n NUMBER;\nBEGIN\n  n := 1;\n  {body}\nEND;\n/\n", file="b.sql")
    [block] = conversion.blocks
    found = [f for f in block.findings if f.rule_id == "OR427" and f.effort is Effort.MANUAL]
    assert found and message in found[0].message and found[0].span.line == 6
    assert block.target_sql is None
    data = postgres.data_script(conversion)
    assert "DO $$" not in data
    [listed] = [line for line in data.splitlines() if "anonymous_block anonymous block (b.sql:2:1): " in line]
    assert "OR427" in listed


def test_strings_and_comments_are_not_inputs():
    conversion = convert_text(TABLE + "DECLARE\n  n NUMBER := 1;\nBEGIN\n  -- :x &y\n"
                                      "  INSERT INTO t VALUES (n, 'a:b&c');\nEND;\n/\n")
    assert conversion.blocks[0].target_sql is not None


def test_block_that_commits_runs_between_the_transactions():
    conversion = convert_text(TABLE + "INSERT INTO t VALUES (0, 'a');\nDECLARE\n  n NUMBER := 1;\nBEGIN\n"
                                      "  INSERT INTO t VALUES (n, 'b');\n  COMMIT;\nEND;\n/\n"
                                      "INSERT INTO t VALUES (2, 'c');\n", file="b.sql")
    [block] = conversion.blocks
    assert block.ends_transaction and "OR412" in rules(block, Effort.REVIEW)
    body = postgres.data_script(conversion).split("BEGIN;\n", 1)[1]
    assert body.startswith("INSERT INTO t VALUES (0, 'a');\nCOMMIT;\n-- anonymous_block")
    assert "$$;\nBEGIN;\nINSERT INTO t VALUES (2, 'c');\nCOMMIT;" in body


def test_commit_inside_an_exception_block_is_manual():
    conversion = convert_text(TABLE + "BEGIN\n  INSERT INTO t VALUES (1, 'b');\n  COMMIT;\n"
                                      "EXCEPTION WHEN OTHERS THEN NULL;\nEND;\n/\n")
    [block] = conversion.blocks
    assert "OR427" in rules(block, Effort.MANUAL) and block.target_sql is None


def test_block_calling_a_routine_left_out_is_left_out():
    conversion = convert_text("CREATE PROCEDURE p IS\nBEGIN\n  GOTO done;\n  <<done>>\n  NULL;\nEND;\n/\n"
                              "DECLARE\n  n NUMBER := 1;\nBEGIN\n  p;\nEND;\n/\n")
    [block] = conversion.blocks
    assert "OR016" in rules(block) and block.target_sql is None


@pytest.mark.postgres
def test_do_block_loads_rows_on_postgres(scratch_pg, psql_apply, tmp_path):
    text = LOOP + """DECLARE
  total NUMBER := 0;
BEGIN
  FOR r IN (SELECT a FROM t) LOOP
    total := total + r.a;
  END LOOP;
  UPDATE t SET b = 'sum ' || total WHERE a = 9;
  COMMIT;
END;
/
"""
    conversion = convert_text(text, file="b.sql")
    assert all(b.target_sql is not None for b in conversion.blocks)
    (tmp_path / "schema.sql").write_text(postgres.schema_script(conversion))
    (tmp_path / "data.sql").write_text(postgres.data_script(conversion))
    psql_apply(scratch_pg, tmp_path / "schema.sql")
    psql_apply(scratch_pg, tmp_path / "data.sql")
    with psycopg.connect(scratch_pg) as conn:
        rows = conn.execute("SELECT a, b FROM t ORDER BY a").fetchall()
    assert rows == [(0, "first"), (1, "row 1"), (2, "row 2"), (3, "row 3"), (9, "sum 15")]
