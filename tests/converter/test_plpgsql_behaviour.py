"""Converted PL/SQL run on a real PostgreSQL: the results Oracle documents, not only the text."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_paths, convert_text


def apply(dsn: str, text: str) -> None:
    conversion = convert_text(text, file="b.sql")
    left_out = [o.label for o in conversion.schema_objects if o.target_sql is None]
    assert not left_out, left_out
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))


SCHEMA = """
CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2), created DATE);
CREATE SEQUENCE emp_seq;
CREATE OR REPLACE PROCEDURE check_pay (p NUMBER) IS
BEGIN
  IF p < 0 THEN RAISE_APPLICATION_ERROR(-20205, 'negative pay ' || p); END IF;
END;
/
CREATE OR REPLACE FUNCTION name_of (p_id NUMBER) RETURN VARCHAR2 IS
  v emp.name%TYPE;
BEGIN
  SELECT name INTO v FROM emp WHERE id = p_id;
  RETURN v;
END;
/
CREATE OR REPLACE PROCEDURE stats (p_total OUT NUMBER, p_count IN OUT NUMBER) IS
  CURSOR c (p_min NUMBER) IS SELECT salary FROM emp WHERE salary >= p_min;
BEGIN
  p_total := 0;
  FOR r IN c(NVL(p_count, 0)) LOOP
    p_total := p_total + r.salary;
  END LOOP;
  SELECT COUNT(*) INTO p_count FROM emp;
END;
/
CREATE OR REPLACE TRIGGER emp_bi BEFORE INSERT ON emp FOR EACH ROW
BEGIN
  IF :NEW.id IS NULL THEN :NEW.id := emp_seq.NEXTVAL; END IF;
  :NEW.created := SYSDATE;
END;
/
CREATE OR REPLACE FUNCTION safe_div (a NUMBER, b NUMBER) RETURN NUMBER IS
  oops EXCEPTION;
BEGIN
  IF a < 0 THEN RAISE oops; END IF;
  RETURN a / b;
EXCEPTION
  WHEN ZERO_DIVIDE THEN RETURN NULL;
  WHEN oops THEN RETURN -1;
END;
/
"""


@pytest.fixture
def db(scratch_pg):
    apply(scratch_pg, SCHEMA)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("INSERT INTO emp (name, salary) VALUES ('a', 100), ('b', 200), ('c', 300)")
        yield conn


def test_raise_application_error_has_the_derived_sqlstate_and_the_message(db):
    with pytest.raises(psycopg.Error) as raised:
        db.execute("CALL check_pay(-5)")
    assert raised.value.sqlstate == "U0205" and raised.value.diag.message_primary == "negative pay -5"
    db.execute("CALL check_pay(5)")


def test_select_into_with_no_row_raises_no_data_found(db):
    assert db.execute("SELECT name_of(2)").fetchone()[0] == "b"
    with pytest.raises(psycopg.Error) as raised:
        db.execute("SELECT name_of(99)")
    assert raised.value.sqlstate == "P0002"             # no_data_found


def test_out_parameters_and_a_cursor_for_loop_sum(db):
    assert db.execute("CALL stats(NULL, 150)").fetchone() == (500, 3)


def test_before_insert_trigger_sets_new_columns(db):
    row = db.execute("SELECT id, created FROM emp WHERE name = 'a'").fetchone()
    assert row[0] == 1 and isinstance(row[1], dt.datetime) and row[1].microsecond == 0


def test_exception_handlers_predefined_and_user_defined(db):
    assert db.execute("SELECT safe_div(1, 0), safe_div(-1, 2), safe_div(1, 4)").fetchone() == (None, -1, 0.25)


# --- the HR sample schema's code ---------------------------------------------------------------------------

def test_hr_code_applies_and_behaves(shared_corpus, scratch_pg):
    root = shared_corpus / "oracle" / "human_resources"
    conversion = convert_paths([root / "hr_create.sql", root / "hr_populate.sql", root / "hr_code.sql"])
    code = {o.name.name: o for o in conversion.objects if o.kind == "code"}
    assert {n: o.status for n, o in code.items()} == dict.fromkeys(
        ("secure_dml", "secure_employees", "add_job_history", "update_job_history"), "converted")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        conn.execute(postgres.data_script(conversion))
        # ALTER TRIGGER secure_employees DISABLE is kept: the data loaded at any hour
        enabled = conn.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'secure_employees'").fetchone()
        assert enabled == ("D",)
        before = conn.execute("SELECT count(*) FROM job_history WHERE employee_id = 206").fetchone()[0]
        conn.execute("UPDATE employees SET job_id = 'AC_MGR' WHERE employee_id = 206")
        rows = conn.execute("SELECT start_date, end_date::date, job_id, department_id FROM job_history "
                            "WHERE employee_id = 206 ORDER BY end_date DESC").fetchall()
        assert len(rows) == before + 1
        hired = conn.execute("SELECT hire_date FROM employees WHERE employee_id = 206").fetchone()[0]
        assert rows[0] == (hired, dt.date.today(), "AC_ACCOUNT", 110)

        # secure_dml: outside office hours -20205 (SQLSTATE U0205); the clock is a stand-in on the search_path
        conn.execute("CREATE SCHEMA fake")
        for when, fails in (("2024-01-06 10:00", True), ("2024-01-08 07:59", True),
                            ("2024-01-08 10:00", False)):
            conn.execute(f"CREATE OR REPLACE FUNCTION fake.clock_timestamp() RETURNS timestamptz "
                         f"LANGUAGE sql AS $$ SELECT timestamptz '{when}' $$")
            conn.execute("SET search_path = fake, pg_catalog, public")
            try:
                if fails:
                    with pytest.raises(psycopg.Error) as raised:
                        conn.execute("CALL secure_dml()")
                    assert raised.value.sqlstate == "U0205"
                    assert raised.value.diag.message_primary == (
                        "You may only make changes during normal office hours")
                else:
                    conn.execute("CALL secure_dml()")
            finally:
                conn.execute("RESET search_path")
        conn.execute("ALTER TABLE employees ENABLE TRIGGER secure_employees")
        conn.execute("CREATE OR REPLACE FUNCTION fake.clock_timestamp() RETURNS timestamptz "
                     "LANGUAGE sql AS $$ SELECT timestamptz '2024-01-06 10:00' $$")       # a Saturday
        conn.execute("SET search_path = fake, pg_catalog, public")
        with pytest.raises(psycopg.Error) as raised:
            conn.execute("DELETE FROM job_history WHERE employee_id = -1; UPDATE employees SET salary = salary")
        assert raised.value.sqlstate == "U0205"
