"""REF CURSOR types (OR436), PIPELINED functions (OR437), TABLE(...) in SQL (OR438) and subtypes (OR439): what the
converter writes, and the converted code run on the real PostgreSQL with the results Oracle gives."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject
from sct.converter.pipeline import convert_text


def objects(text: str) -> dict[str, CodeObject]:
    conversion = convert_text(text, file="c.sql")
    return {o.label: o for o in conversion.objects if isinstance(o, CodeObject) and not o.is_block}


def findings(obj, rule: str, effort: str | None = None) -> list[str]:
    return [f.message for f in obj.findings if f.rule_id == rule and (effort is None or f.effort.name == effort)]


EMP = "CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2));\n"


# --- what the converter writes ---------------------------------------------------------------------------

def test_ref_cursor_types_are_refcursor_and_cursor_variable_attributes_are_kept():
    obj = objects(EMP + "CREATE PROCEDURE p IS\n  TYPE rc IS REF CURSOR RETURN emp%ROWTYPE;\n  c rc;\n"
                        "  r emp%ROWTYPE;\nBEGIN\n  OPEN c FOR SELECT * FROM emp;\n  LOOP\n    FETCH c INTO r;\n"
                        "    EXIT WHEN c%NOTFOUND;\n  END LOOP;\n  IF c%ISOPEN THEN\n    CLOSE c;\n  END IF;\nEND;\n/\n"
                  )["procedure p"]
    assert "  c refcursor;" in obj.target_sql
    assert "OPEN c FOR SELECT * FROM emp;\n  sct_c_rowcount := 0;\n  sct_c_found := NULL;" in obj.target_sql
    assert "EXIT WHEN (NOT sct_c_found);" in obj.target_sql
    assert "IF EXISTS (SELECT FROM pg_catalog.pg_cursors WHERE name = c::text) THEN" in obj.target_sql
    [message] = findings(obj, "OR436", "AUTO")
    assert "does not check that the queries opened for it return emp%ROWTYPE" in message


def test_rowcount_of_a_cursor_parameter_counts_this_routines_fetches_only():
    obj = objects(EMP + "CREATE FUNCTION drain (c SYS_REFCURSOR) RETURN NUMBER IS\n  r emp%ROWTYPE;\nBEGIN\n"
                        "  LOOP\n    FETCH c INTO r;\n    EXIT WHEN c%NOTFOUND;\n  END LOOP;\n"
                        "  RETURN c%ROWCOUNT;\nEND;\n/\n")["function drain"]
    assert obj.target_sql is not None
    [review] = findings(obj, "OR436", "REVIEW")
    assert "counts the rows fetched in this routine only" in review


def test_subtypes_are_the_base_type_or_a_domain_with_their_constraints():
    obj = objects("CREATE PROCEDURE p IS\n  SUBTYPE money IS NUMBER(8,2);\n  SUBTYPE small IS PLS_INTEGER RANGE 1..10;\n"
                  "  SUBTYPE code IS VARCHAR2(5) NOT NULL;\n  SUBTYPE word IS VARCHAR2;\n  m money;\n  s small := 1;\n"
                  "  c code := 'a';\n  w word(20);\nBEGIN\n  NULL;\nEND;\n/\n")["procedure p"]
    assert obj.target_sql.startswith("CREATE DOMAIN p__small AS integer CHECK (VALUE BETWEEN 1 AND 10);\n"
                                     "CREATE DOMAIN p__code AS varchar(5) NOT NULL;\n")
    for line in ("  m numeric(8,2);", "  s p__small := 1;", "  c p__code := 'a';", "  w varchar(20);"):
        assert line in obj.target_sql
    reviews = findings(obj, "OR439", "REVIEW")
    assert len(reviews) == 2 and all("WHEN VALUE_ERROR handler does not catch" in m for m in reviews)


def test_a_constraint_on_a_constrained_subtype_is_manual():
    obj = objects("CREATE PROCEDURE p IS\n  SUBTYPE code IS VARCHAR2(5) NOT NULL;\n  c code(3) := 'a';\nBEGIN\n"
                  "  NULL;\nEND;\n/\n")["procedure p"]
    assert obj.target_sql is None
    assert findings(obj, "OR439", "MANUAL")


def test_package_ref_cursor_and_subtypes_are_declared_once_in_the_package_schema():
    found = objects(EMP + "CREATE PACKAGE pk AS\n  TYPE rc IS REF CURSOR;\n  SUBTYPE code IS VARCHAR2(5) NOT NULL;\n"
                          "  SUBTYPE name_t IS VARCHAR2(30);\n  FUNCTION f (k code) RETURN rc;\nEND pk;\n/\n"
                          "CREATE PACKAGE BODY pk AS\n  FUNCTION f (k code) RETURN rc IS\n    c rc;\n    n name_t;\n"
                          "  BEGIN\n    OPEN c FOR SELECT * FROM emp;\n    RETURN c;\n  END;\nEND pk;\n/\n")
    assert found["package pk"].target_sql == ("CREATE SCHEMA IF NOT EXISTS pk;\n"
                                              "CREATE DOMAIN pk.code AS varchar(5) NOT NULL;")
    f = found["function pk.f"]
    assert "CREATE OR REPLACE FUNCTION pk.f(k pk.code)\nRETURNS refcursor" in f.target_sql
    assert "  c refcursor;\n  n varchar(30);" in f.target_sql
    assert ("routine", found["package pk"].name) in f.depends_on


def test_pipelined_scalar_function_returns_a_column_value_table():
    obj = objects("CREATE TYPE num_list AS TABLE OF NUMBER;\n/\nCREATE FUNCTION gen (n NUMBER) RETURN num_list "
                  "PIPELINED IS\nBEGIN\n  FOR i IN 1..n LOOP\n    PIPE ROW(i);\n  END LOOP;\n  RETURN;\nEND;\n/\n"
                  )["function gen"]
    assert obj.target_sql == ("CREATE OR REPLACE FUNCTION gen(n numeric)\nRETURNS TABLE(column_value numeric)\n"
                              "LANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  FOR i IN 1..n LOOP\n"
                              "    column_value := i;\n    RETURN NEXT;\n  END LOOP;\n  RETURN;\nEND;\n$$;")
    [review] = findings(obj, "OR437", "REVIEW")
    assert "never returns" in review


def test_pipelined_with_parallel_enable_or_an_unknown_return_type_is_manual():
    found = objects("CREATE TYPE num_list AS TABLE OF NUMBER;\n/\n"
                    "CREATE FUNCTION a (c SYS_REFCURSOR) RETURN num_list PIPELINED PARALLEL_ENABLE (PARTITION c BY ANY)"
                    " IS\nBEGIN\n  RETURN;\nEND;\n/\n"
                    "CREATE FUNCTION b RETURN elsewhere_t PIPELINED IS\nBEGIN\n  RETURN;\nEND;\n/\n")
    assert found["function a"].target_sql is None and findings(found["function a"], "OR437", "MANUAL")
    assert found["function b"].target_sql is None and findings(found["function b"], "OR437", "MANUAL")


def test_table_of_a_collection_variable_is_unnest_with_column_value():
    obj = objects(EMP + "CREATE PROCEDURE p (n OUT NUMBER) IS\n  TYPE nums IS TABLE OF NUMBER;\n  v nums := nums(1, 2);\n"
                        "BEGIN\n  SELECT COUNT(*) INTO n FROM emp WHERE id IN (SELECT column_value FROM TABLE(v));\n"
                        "  SELECT SUM(t.column_value) INTO n FROM TABLE(v) t;\nEND;\n/\n")["procedure p"]
    assert "WHERE id IN (SELECT column_value FROM UNNEST(v) AS sct_t(column_value))" in obj.target_sql
    assert "SELECT SUM(t.column_value) FROM UNNEST(v) AS t(column_value) INTO STRICT n;" in obj.target_sql


def test_table_of_a_function_in_a_view_is_a_review():
    conversion = convert_text("CREATE VIEW v AS SELECT * FROM TABLE(gen(3)) g;\n", file="c.sql")
    [view] = [o for o in conversion.objects if o.label == "view v"]
    assert view.target_sql == "CREATE VIEW v AS SELECT * FROM GEN(3) AS g;"
    assert any("if it returns a collection instead" in m for m in findings(view, "OR438", "REVIEW"))


# --- on the real PostgreSQL --------------------------------------------------------------------------------

CODE = EMP + """
INSERT INTO emp VALUES (1, 'Ann', 100);
INSERT INTO emp VALUES (2, 'Bob', 200);
INSERT INTO emp VALUES (3, 'Cy', 300);
CREATE TYPE num_list AS TABLE OF NUMBER;
/
CREATE TYPE emp_row AS OBJECT (id NUMBER, name VARCHAR2(30));
/
CREATE TYPE emp_rows AS TABLE OF emp_row;
/
CREATE FUNCTION gen (n NUMBER) RETURN num_list PIPELINED IS
BEGIN
  FOR i IN 1..n LOOP
    PIPE ROW(i * 10);
  END LOOP;
  RETURN;
END;
/
CREATE FUNCTION rich (lim NUMBER) RETURN emp_rows PIPELINED IS
  r emp_row;
BEGIN
  FOR e IN (SELECT id, name FROM emp WHERE salary > lim ORDER BY id) LOOP
    PIPE ROW(emp_row(e.id, e.name));
  END LOOP;
  r.id := 0;
  r.name := 'none';
  PIPE ROW(r);
  RETURN;
END;
/
CREATE PACKAGE pk AS
  TYPE nums IS TABLE OF NUMBER;
  TYPE rec IS RECORD (a NUMBER, b VARCHAR2(10));
  TYPE recs IS TABLE OF rec;
  TYPE rc IS REF CURSOR RETURN emp%ROWTYPE;
  SUBTYPE small IS PLS_INTEGER RANGE 1..10;
  SUBTYPE name_t IS VARCHAR2(30);
  FUNCTION evens (n NUMBER) RETURN nums PIPELINED;
  FUNCTION pairs RETURN recs PIPELINED;
  FUNCTION opened (lim NUMBER) RETURN rc;
  FUNCTION count_evens (s small) RETURN name_t;
END pk;
/
CREATE PACKAGE BODY pk AS
  FUNCTION evens (n NUMBER) RETURN nums PIPELINED IS
  BEGIN
    FOR i IN 1..n LOOP
      PIPE ROW(i * 2);
    END LOOP;
    RETURN;
  END;
  FUNCTION pairs RETURN recs PIPELINED IS
    r rec;
  BEGIN
    r.a := 1;
    r.b := 'one';
    PIPE ROW(r);
    r.a := 2;
    r.b := 'two';
    PIPE ROW(r);
    RETURN;
  END;
  FUNCTION opened (lim NUMBER) RETURN rc IS
    c rc;
  BEGIN
    OPEN c FOR SELECT * FROM emp WHERE salary > lim ORDER BY id;
    RETURN c;
  END;
  FUNCTION count_evens (s small) RETURN name_t IS
    n NUMBER;
  BEGIN
    SELECT COUNT(*) INTO n FROM TABLE(evens(s));
    RETURN 'n=' || n;
  END;
END pk;
/
CREATE FUNCTION walk (lim NUMBER) RETURN VARCHAR2 IS
  TYPE rc IS REF CURSOR;
  c rc;
  r emp%ROWTYPE;
  seen VARCHAR2(100);
BEGIN
  OPEN c FOR SELECT * FROM emp WHERE salary > lim ORDER BY id;
  LOOP
    FETCH c INTO r;
    EXIT WHEN c%NOTFOUND;
    seen := seen || r.name || ',';
  END LOOP;
  seen := seen || c%ROWCOUNT;
  IF c%ISOPEN THEN
    CLOSE c;
  END IF;
  IF NOT c%ISOPEN THEN
    seen := seen || ' closed';
  END IF;
  RETURN seen;
END;
/
CREATE FUNCTION drain (lim NUMBER) RETURN NUMBER IS
  c pk.rc;
  r emp%ROWTYPE;
  n NUMBER := 0;
BEGIN
  c := pk.opened(lim);
  LOOP
    FETCH c INTO r;
    EXIT WHEN c%NOTFOUND;
    n := n + r.salary;
  END LOOP;
  CLOSE c;
  RETURN n;
END;
/
CREATE FUNCTION in_list RETURN NUMBER IS
  TYPE nums IS TABLE OF NUMBER;
  v nums := nums(1, 3, 5);
  w num_list;
  n NUMBER;
BEGIN
  SELECT SUM(salary) INTO n FROM emp WHERE id IN (SELECT column_value FROM TABLE(v));
  w := v;
  SELECT n + SUM(t.column_value) INTO n FROM TABLE(w) t;
  RETURN n;
END;
/
CREATE FUNCTION small_ok (x NUMBER) RETURN VARCHAR2 IS
  SUBTYPE small IS PLS_INTEGER RANGE 1..10;
  SUBTYPE code IS VARCHAR2(3) NOT NULL;
  s small := 1;
  c code := 'ok';
BEGIN
  s := x;
  RETURN c || s;
END;
/
"""


@pytest.fixture(scope="module")
def converted():
    conversion = convert_text(CODE, file="code.sql")
    left_out = {o.label: [f.message for f in o.findings if f.effort.name == "MANUAL"]
                for o in conversion.objects if o.target_sql is None and not getattr(o, "is_block", False)
                and o.kind in ("procedure", "function", "package", "package_body")}
    assert left_out == {}
    return conversion


@pytest.fixture(scope="module")
def db(converted, pg_dsn):
    name = f"sct_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(make_conninfo(pg_dsn, dbname=name), autocommit=True) as conn:
            conn.execute(postgres.schema_script(converted))
            conn.execute(postgres.data_script(converted))
            yield conn
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def rows(conn: psycopg.Connection, query: str) -> list[tuple]:
    with conn.transaction(force_rollback=True):
        return conn.execute(query).fetchall()


def test_every_routine_passes_plpgsql_check(db):
    db.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    found = db.execute("""
        SELECT p.oid::regprocedure::text, r.message
          FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
          LEFT JOIN LATERAL plpgsql_check_function_tb(p.oid, fatal_errors => false, without_warnings => true) r
                 ON r.level = 'error'
         WHERE l.lanname = 'plpgsql' AND p.pronamespace <> 'pg_catalog'::regnamespace
    """).fetchall()
    assert {"gen(numeric)", "rich(numeric)", "pk.evens(numeric)", "pk.pairs()", "pk.opened(numeric)",
            "pk.count_evens(pk.small)", "walk(numeric)", "drain(numeric)", "in_list()",
            "small_ok(numeric)"} <= {routine for routine, _ in found}
    assert [(routine, message) for routine, message in found if message is not None] == []


def test_pipelined_functions_return_oracles_rows(db):
    assert rows(db, "SELECT * FROM gen(3)") == [(10,), (20,), (30,)]
    assert rows(db, "SELECT column_value FROM gen(2) t") == [(10,), (20,)]
    assert rows(db, "SELECT * FROM rich(150)") == [(2, "Bob"), (3, "Cy"), (0, "none")]
    assert rows(db, "SELECT * FROM pk.pairs()") == [(1, "one"), (2, "two")]
    assert rows(db, "SELECT pk.count_evens(4)") == [("n=4",)]


def test_ref_cursor_opened_fetched_in_a_loop_and_closed(db):
    assert rows(db, "SELECT walk(100)") == [("Bob,Cy,2 closed",)]
    assert rows(db, "SELECT walk(1000)") == [("0 closed",)]
    assert rows(db, "SELECT drain(100)") == [(500,)]


def test_table_of_collection_variables(db):
    assert rows(db, "SELECT in_list()") == [(400 + 9,)]


def test_subtype_constraints_are_enforced(db):
    assert rows(db, "SELECT small_ok(10)") == [("ok10",)]
    with pytest.raises(psycopg.errors.CheckViolation):
        rows(db, "SELECT small_ok(11)")
    with pytest.raises(psycopg.errors.CheckViolation):
        rows(db, "SELECT pk.count_evens(0)")
