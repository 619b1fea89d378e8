"""Records, collections, BULK COLLECT, FORALL and nested routines (rules OR414, OR430-OR435): what the converter
writes, and the converted code run on the real PostgreSQL with the results Oracle documents."""

from __future__ import annotations

import uuid
from decimal import Decimal

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject, QName
from sct.converter.pipeline import convert_text


def objects(text: str) -> dict[str, CodeObject]:
    conversion = convert_text(text, file="c.sql")
    return {o.label: o for o in conversion.objects if isinstance(o, CodeObject) and not o.is_block}


def unit(text: str) -> CodeObject:
    return next(iter(objects(text).values()))


def findings(obj: CodeObject, rule: str, effort: str | None = None) -> list[str]:
    return [f.message for f in obj.findings if f.rule_id == rule and (effort is None or f.effort.name == effort)]


EMP = "CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2), dept NUMBER(4));\n"


# --- records (OR430) -------------------------------------------------------------------------------------

def test_local_record_types_of_two_routines_get_their_own_composite_types():
    found = objects("CREATE PROCEDURE a IS\n  TYPE r IS RECORD (x NUMBER);\n  v r;\nBEGIN\n  v.x := 1;\nEND;\n/\n"
                    "CREATE PROCEDURE hr.b IS\n  TYPE r IS RECORD (y VARCHAR2(5));\n  v r;\nBEGIN\n  v.y := 'b';\nEND;\n/\n")
    a, b = found["procedure a"].target_sql, found["procedure hr.b"].target_sql
    assert a.startswith("CREATE TYPE a__r AS (x numeric);\nCREATE OR REPLACE PROCEDURE a()")
    assert b.startswith("CREATE TYPE hr.b__r AS (y varchar(5));\nCREATE OR REPLACE PROCEDURE hr.b()")
    assert "  v a__r;" in a and "  v hr.b__r;" in b


def test_record_declared_twice_in_one_routine_and_a_long_name_stay_distinct_and_fit():
    obj = unit("CREATE PROCEDURE a_rather_long_procedure_name_for_testing_the_limit IS\n"
               "  TYPE a_record_type_with_a_long_name IS RECORD (x NUMBER);\n  v a_record_type_with_a_long_name;\n"
               "BEGIN\n  DECLARE\n    TYPE a_record_type_with_a_long_name IS RECORD (y NUMBER);\n"
               "    w a_record_type_with_a_long_name;\n  BEGIN\n    w.y := 1;\n  END;\nEND;\n/\n")
    types = [line.split()[2] for line in obj.target_sql.splitlines() if line.startswith("CREATE TYPE")]
    assert len(types) == 2 and len(set(types)) == 2 and all(len(t) <= 63 for t in types)


def test_field_defaults_initialise_the_variable_and_not_null_is_a_review():
    obj = unit("CREATE PROCEDURE p IS\n  TYPE r IS RECORD (a NUMBER NOT NULL := 0, b VARCHAR2(3) DEFAULT 'x', c DATE);\n"
               "  v r;\n  w r := v;\nBEGIN\n  NULL;\nEND;\n/\n")
    assert "  v p__r := ROW(0, 'x', NULL)::p__r;" in obj.target_sql
    assert "  w p__r := v;" in obj.target_sql
    [review] = findings(obj, "OR430", "REVIEW")
    assert "does not enforce NOT NULL on a" in review


def test_column_type_fields_are_read_from_the_catalog_when_the_type_is_created():
    obj = objects(EMP + "CREATE PROCEDURE p IS\n  TYPE r IS RECORD (id emp.id%TYPE, who emp%ROWTYPE);\n  v r;\n"
                        "BEGIN\n  NULL;\nEND;\n/\n")["procedure p"]
    assert obj.target_sql.startswith("DO $$\nBEGIN\n  EXECUTE format('CREATE TYPE p__r AS (id %s, who emp)', "
                                     "(SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                                     "'emp'::regclass AND attname = 'id' AND NOT attisdropped));")
    assert ("relation", QName(None, "emp")) in obj.depends_on


def test_cursor_rowtype_is_the_table_row_a_column_list_type_or_a_record():
    obj = objects(EMP + "CREATE PROCEDURE p IS\n  CURSOR c1 IS SELECT * FROM emp;\n"
                        "  CURSOR c2 IS SELECT e.id, e.name AS who FROM emp e;\n"
                        "  CURSOR c3 IS SELECT id + 1 AS n FROM emp;\n"
                        "  r1 c1%ROWTYPE;\n  r2 c2%ROWTYPE;\n  r3 c3%ROWTYPE;\nBEGIN\n  NULL;\nEND;\n/\n")["procedure p"]
    assert "  r1 emp;" in obj.target_sql and "  r2 p__c2_row;" in obj.target_sql and "  r3 record;" in obj.target_sql
    assert "CREATE TYPE p__c2_row AS (id %s, who %s)" in obj.target_sql
    assert any("c3%ROWTYPE becomes record" in m for m in findings(obj, "OR430", "REVIEW"))


def test_package_record_types_live_in_the_package_schema_and_other_packages_depend_on_the_spec():
    found = objects("CREATE PACKAGE geo AS\n  TYPE point IS RECORD (x NUMBER, y NUMBER);\nEND geo;\n/\n"
                    "CREATE PACKAGE BODY geo AS\n  TYPE secret IS RECORD (z NUMBER);\n"
                    "  PROCEDURE hidden IS s secret; BEGIN s.z := 1; END;\nEND geo;\n/\n"
                    "CREATE PACKAGE maps AS\n  FUNCTION x_of (p geo.point) RETURN NUMBER;\nEND maps;\n/\n"
                    "CREATE PACKAGE BODY maps AS\n  FUNCTION x_of (p geo.point) RETURN NUMBER IS\n"
                    "  BEGIN\n    RETURN p.x;\n  END;\nEND maps;\n/\n")
    spec, body = found["package geo"], found["package_body geo"]
    assert spec.target_sql == "CREATE SCHEMA IF NOT EXISTS geo;\nCREATE TYPE geo.point AS (x numeric, y numeric);"
    assert body.target_sql == "CREATE SCHEMA IF NOT EXISTS geo;\nCREATE TYPE geo.secret AS (z numeric);"
    assert "  s geo.secret;" in found["procedure geo.hidden"].target_sql
    x_of = found["function maps.x_of"]
    assert "maps.x_of(p geo.point)" in x_of.target_sql
    assert ("routine", spec.name) in x_of.depends_on


def test_a_body_private_type_of_a_body_left_out_is_manual_in_its_routines():
    found = objects("CREATE PACKAGE pk AS\n  PROCEDURE p;\nEND pk;\n/\n"
                    "CREATE PACKAGE BODY pk AS\n  TYPE bad IS TABLE OF NUMBER INDEX BY VARCHAR2(10);\n"
                    "  TYPE secret IS RECORD (z NUMBER);\n"
                    "  PROCEDURE p IS s secret; BEGIN s.z := 1; END;\nEND pk;\n/\n")
    assert found["procedure pk.p"].target_sql is None
    assert any("body of package pk, which is not converted" in m for m in findings(found["procedure pk.p"], "OR430", "MANUAL"))


def test_insert_values_record_and_update_set_row():
    found = objects(EMP + "CREATE PROCEDURE ins IS\n  r emp%ROWTYPE;\nBEGIN\n  INSERT INTO emp VALUES r;\nEND;\n/\n"
                          "CREATE PROCEDURE upd IS\n  r emp%ROWTYPE;\nBEGIN\n"
                          "  UPDATE emp SET ROW = r WHERE id = 1;\nEND;\n/\n")
    assert "INSERT INTO emp VALUES (r.*);" in found["procedure ins"].target_sql
    assert found["procedure upd"].target_sql is None
    assert any("SET ROW = record (line 11)" in m for m in findings(found["procedure upd"], "OR430", "MANUAL"))


# --- collections (OR414, OR431) --------------------------------------------------------------------------

def test_index_by_integer_is_an_empty_array_with_a_review_naming_the_differences():
    obj = unit("CREATE PROCEDURE p IS\n  TYPE t IS TABLE OF NUMBER INDEX BY BINARY_INTEGER;\n  v t;\nBEGIN\n"
               "  v(-1) := 5;\nEND;\n/\n")
    assert "  v numeric[] := '{}';" in obj.target_sql and "v[-1] := 5;" in obj.target_sql
    [review] = findings(obj, "OR431", "REVIEW")
    assert all(word in review for word in ("gaps", "COUNT", "EXISTS", "lower bound", "DELETE(i)"))


def test_index_by_varchar2_is_manual_and_says_why_jsonb_is_not_the_same():
    obj = unit("CREATE PROCEDURE p IS\n  TYPE t IS TABLE OF NUMBER INDEX BY VARCHAR2(10);\n  v t;\nBEGIN\n"
               "  v('a') := 1;\nEND;\n/\n")
    assert obj.target_sql is None
    [manual] = findings(obj, "OR431", "MANUAL")
    assert "INDEX BY VARCHAR2(10)" in manual and "jsonb" in manual and "FIRST, NEXT and LAST would differ" in manual


def test_delete_of_one_element_is_manual_with_its_line():
    obj = unit("CREATE PROCEDURE p IS\n  TYPE t IS TABLE OF NUMBER;\n  v t := t(1, 2);\nBEGIN\n  v.DELETE(1);\nEND;\n/\n")
    assert obj.target_sql is None
    assert any("v.DELETE(1) (line 5)" in m for m in findings(obj, "OR414", "MANUAL"))


def test_collection_of_collections_is_manual():
    obj = unit("CREATE PROCEDURE p IS\n  TYPE t IS TABLE OF NUMBER;\n  TYPE tt IS TABLE OF t;\n  v tt;\n"
               "BEGIN\n  NULL;\nEND;\n/\n")
    assert obj.target_sql is None
    assert any("arrays do not nest" in m for m in findings(obj, "OR414", "MANUAL"))


def test_select_into_an_element_reads_into_a_variable_first():
    obj = objects(EMP + "CREATE PROCEDURE p IS\n  TYPE t IS TABLE OF emp%ROWTYPE;\n  v t := t();\nBEGIN\n"
                        "  v.EXTEND;\n  SELECT name INTO v(1).name FROM emp WHERE id = 1;\nEND;\n/\n")["procedure p"]
    assert "  sct_into_1 emp.name%TYPE;" in obj.target_sql
    assert "SELECT name FROM emp WHERE id = 1 INTO STRICT sct_into_1;\n  v[1].name := sct_into_1;" in obj.target_sql


# --- BULK COLLECT and FORALL (OR433, OR434) --------------------------------------------------------------

def test_bulk_collect_into_several_arrays_keeps_the_row_order_in_one_statement():
    obj = objects(EMP + "CREATE PROCEDURE p IS\n  TYPE a IS TABLE OF NUMBER;\n  TYPE b IS TABLE OF VARCHAR2(30);\n"
                        "  x a;\n  y b;\nBEGIN\n  SELECT id, name BULK COLLECT INTO x, y FROM emp ORDER BY name;\n"
                        "END;\n/\n")["procedure p"]
    assert ("SELECT COALESCE(ARRAY_AGG(sct_c1 ORDER BY sct_n), '{}'), COALESCE(ARRAY_AGG(sct_c2 ORDER BY sct_n), "
            "'{}') INTO x, y FROM (SELECT sct_q.*, ROW_NUMBER() OVER () AS sct_n FROM (SELECT id, name FROM emp "
            "ORDER BY name) AS sct_q(sct_c1, sct_c2)) AS sct_s;") in obj.target_sql


def test_save_exceptions_and_bulk_exceptions_are_manual():
    obj = objects(EMP + "CREATE PROCEDURE p IS\n  TYPE a IS TABLE OF NUMBER;\n  x a := a(1);\nBEGIN\n"
                        "  FORALL i IN 1 .. x.COUNT SAVE EXCEPTIONS\n    DELETE FROM emp WHERE id = x(i);\n"
                        "EXCEPTION\n  WHEN OTHERS THEN\n    DBMS_OUTPUT.PUT_LINE(SQL%BULK_EXCEPTIONS.COUNT);\nEND;\n/\n")["procedure p"]
    assert obj.target_sql is None
    manual = findings(obj, "OR434", "MANUAL")
    assert any("SAVE EXCEPTIONS (line 6)" in m for m in manual) and any("SQL%BULK_EXCEPTIONS" in m for m in manual)


# --- nested routines (OR435) and GOTO --------------------------------------------------------------------

def test_nested_routine_using_a_variable_of_its_unit_is_manual_naming_it():
    obj = unit("CREATE PROCEDURE p (n NUMBER) IS\n  total NUMBER := 0;\n  CURSOR c IS SELECT 1 x FROM dual;\n"
               "  PROCEDURE add (k NUMBER) IS\n  BEGIN\n    total := total + k + n;\n    OPEN c;\n  END;\n"
               "BEGIN\n  add(1);\nEND;\n/\n")
    assert obj.target_sql is None
    [manual] = findings(obj, "OR435", "MANUAL")
    assert "nested procedure add uses c, n, total of the enclosing unit" in manual


def test_lifted_routines_follow_the_unit_and_share_its_types_and_exceptions():
    obj = unit("CREATE PROCEDURE hr.p IS\n  TYPE r IS RECORD (a NUMBER);\n  oops EXCEPTION;\n"
               "  FUNCTION make (x NUMBER) RETURN r IS v r; BEGIN IF x < 0 THEN RAISE oops; END IF; v.a := x; "
               "RETURN v; END;\n  v r;\nBEGIN\n  v := make(1);\nEXCEPTION\n  WHEN oops THEN NULL;\nEND;\n/\n")
    sql = obj.target_sql
    assert sql.index("CREATE TYPE hr.p__r") < sql.index("CREATE OR REPLACE PROCEDURE hr.p()") < sql.index(
        "CREATE OR REPLACE FUNCTION hr.p__make(x numeric)\nRETURNS hr.p__r")
    assert "v := hr.p__make(1);" in sql
    assert sql.count("RAISE EXCEPTION USING ERRCODE = 'U") == 1 and sql.count("WHEN SQLSTATE 'U") == 1


def test_goto_is_manual_with_its_label_and_line():
    obj = unit("CREATE PROCEDURE p IS\nBEGIN\n  GOTO the_end;\n  <<the_end>>\n  NULL;\nEND;\n/\n")
    assert obj.target_sql is None
    assert any(m.startswith("GOTO the_end (line 3)") for m in findings(obj, "OR415", "MANUAL"))


# --- on PostgreSQL -----------------------------------------------------------------------------------------

CODE = EMP + """CREATE TABLE audit_log (id NUMBER(6), note VARCHAR2(60));
CREATE TABLE emp_copy (id NUMBER(6), name VARCHAR2(30), salary NUMBER(8,2), dept NUMBER(4));
INSERT INTO emp VALUES (1, 'ann', 100, 10);
INSERT INTO emp VALUES (2, 'bob', 300, 10);
INSERT INTO emp VALUES (3, 'cid', 200, 10);
INSERT INTO emp VALUES (4, 'dan', 50, 20);
INSERT INTO emp VALUES (5, 'eve', 70, 20);
CREATE OR REPLACE PACKAGE hr_types AS
  TYPE emp_brief IS RECORD (id emp.id%TYPE, name emp.name%TYPE, grade NUMBER := 1);
  TYPE name_map IS TABLE OF VARCHAR2(30) INDEX BY PLS_INTEGER;
  FUNCTION brief (p_id NUMBER) RETURN emp_brief;
  FUNCTION grade_of (p emp_brief) RETURN NUMBER;
  FUNCTION names_of (p_dept NUMBER) RETURN name_map;
END hr_types;
/
CREATE OR REPLACE PACKAGE BODY hr_types AS
  TYPE pair IS RECORD (a NUMBER, b NUMBER);
  FUNCTION brief (p_id NUMBER) RETURN emp_brief IS
    r emp_brief;
  BEGIN
    SELECT id, name INTO r.id, r.name FROM emp WHERE id = p_id;
    RETURN r;
  END;
  FUNCTION grade_of (p emp_brief) RETURN NUMBER IS
    x pair;
  BEGIN
    x.a := p.grade;
    x.b := 10;
    RETURN x.a * x.b;
  END;
  FUNCTION names_of (p_dept NUMBER) RETURN name_map IS
    m name_map;
  BEGIN
    FOR r IN (SELECT id, name FROM emp WHERE dept = p_dept ORDER BY id) LOOP
      m(r.id) := r.name;
    END LOOP;
    RETURN m;
  END;
END hr_types;
/
CREATE OR REPLACE PACKAGE reports AS
  FUNCTION brief_name (p_id NUMBER) RETURN VARCHAR2;
  FUNCTION team (p_dept NUMBER) RETURN VARCHAR2;
END reports;
/
CREATE OR REPLACE PACKAGE BODY reports AS
  FUNCTION brief_name (p_id NUMBER) RETURN VARCHAR2 IS
    b hr_types.emp_brief;
  BEGIN
    b := hr_types.brief(p_id);
    RETURN b.name || '/' || b.grade || '/' || hr_types.grade_of(b);
  END;
  FUNCTION team (p_dept NUMBER) RETURN VARCHAR2 IS
    m hr_types.name_map;
  BEGIN
    m := hr_types.names_of(p_dept);
    RETURN m.COUNT || ' ' || m(m.FIRST) || ' ' || m(m.LAST);
  END;
END reports;
/
CREATE OR REPLACE FUNCTION record_defaults RETURN VARCHAR2 IS
  TYPE inner_t IS RECORD (x NUMBER := 7, y VARCHAR2(5));
  TYPE outer_t IS RECORD (label VARCHAR2(10) NOT NULL := 'none', nested inner_t, total NUMBER);
  r outer_t;
BEGIN
  r.total := NVL(r.total, 0) + r.nested.x;
  r.nested.y := 'set';
  RETURN r.label || ':' || r.nested.x || ':' || r.nested.y || ':' || r.total;
END;
/
CREATE OR REPLACE FUNCTION record_array RETURN VARCHAR2 IS
  TYPE pt IS RECORD (x NUMBER, y NUMBER);
  TYPE pts IS TABLE OF pt;
  v pts := pts();
  p pt;
BEGIN
  v.EXTEND(2);
  p.x := 1;
  p.y := 2;
  v(1) := p;
  v(2).x := 3;
  v(2).y := v(1).y * 10;
  RETURN v.COUNT || ':' || v(1).x || ',' || v(1).y || ':' || v(2).x || ',' || v(2).y;
END;
/
CREATE OR REPLACE FUNCTION methods RETURN VARCHAR2 IS
  TYPE nums IS TABLE OF NUMBER;
  TYPE small IS VARRAY(5) OF NUMBER;
  v nums := nums(10, 20, 30);
  s small := small();
  res VARCHAR2(200);
BEGIN
  res := v.COUNT || ' ' || v.FIRST || ' ' || v.LAST || ' ' || v.NEXT(1) || ' ' || NVL(TO_CHAR(v.NEXT(3)), 'null')
         || ' ' || v.PRIOR(3) || ' ' || NVL(TO_CHAR(v.PRIOR(1)), 'null') || ' ' || v.NEXT(0) || ' ' || v.PRIOR(9);
  IF v.EXISTS(3) AND NOT v.EXISTS(4) AND NOT v.EXISTS(0) AND NOT s.EXISTS(1) THEN
    res := res || ' exists';
  END IF;
  v.EXTEND;
  v(4) := 40;
  v.EXTEND(2, 1);
  res := res || ' ' || v.COUNT || ' ' || v(6);
  v.TRIM(2);
  v.TRIM;
  res := res || ' ' || v.COUNT || ' ' || v.LAST;
  v.DELETE;
  res := res || ' ' || v.COUNT || ' ' || NVL(TO_CHAR(v.FIRST), 'null') || ' ' || s.LIMIT || ' '
         || NVL(TO_CHAR(v.LIMIT), 'null');
  RETURN res;
END;
/
CREATE OR REPLACE FUNCTION index_by RETURN VARCHAR2 IS
  TYPE names IS TABLE OF VARCHAR2(30) INDEX BY PLS_INTEGER;
  v names;
  i PLS_INTEGER;
  res VARCHAR2(200);
BEGIN
  res := v.COUNT || ' ' || NVL(TO_CHAR(v.FIRST), 'null');
  v(v.COUNT + 1) := 'a';
  v(v.COUNT + 1) := 'b';
  v(v.COUNT + 1) := 'c';
  i := v.FIRST;
  WHILE i IS NOT NULL LOOP
    res := res || ' ' || i || '=' || v(i);
    i := v.NEXT(i);
  END LOOP;
  RETURN res;
END;
/
CREATE OR REPLACE FUNCTION bulk_select RETURN VARCHAR2 IS
  TYPE ids IS TABLE OF emp.id%TYPE;
  TYPE names IS TABLE OF emp.name%TYPE INDEX BY PLS_INTEGER;
  v_ids ids;
  v_names names;
  v_none ids;
  res VARCHAR2(200);
BEGIN
  SELECT id, name BULK COLLECT INTO v_ids, v_names FROM emp WHERE dept = 10 ORDER BY salary DESC;
  res := SQL%ROWCOUNT || ':';
  FOR i IN 1 .. v_ids.COUNT LOOP
    res := res || ' ' || v_ids(i) || v_names(i);
  END LOOP;
  SELECT id BULK COLLECT INTO v_none FROM emp WHERE dept = 99;
  res := res || ' | ' || v_none.COUNT || ' ' || SQL%ROWCOUNT;
  IF v_none IS NOT NULL THEN
    res := res || ' notnull';
  END IF;
  RETURN res;
END;
/
CREATE OR REPLACE FUNCTION bulk_records RETURN VARCHAR2 IS
  TYPE emp_rows IS TABLE OF emp%ROWTYPE;
  TYPE brief IS RECORD (id NUMBER, name VARCHAR2(30));
  TYPE briefs IS TABLE OF brief INDEX BY BINARY_INTEGER;
  v emp_rows;
  b briefs;
  res VARCHAR2(200);
BEGIN
  SELECT * BULK COLLECT INTO v FROM emp ORDER BY id;
  SELECT id, name BULK COLLECT INTO b FROM emp WHERE dept = 20 ORDER BY id DESC;
  res := v.COUNT || ' ' || v(1).name || ' ' || v(v.LAST).salary || ' | ' || b.COUNT;
  FOR i IN b.FIRST .. b.LAST LOOP
    res := res || ' ' || b(i).id || b(i).name;
  END LOOP;
  RETURN res;
END;
/
CREATE OR REPLACE FUNCTION fetch_limit (p_batch NUMBER) RETURN VARCHAR2 IS
  CURSOR c IS SELECT id, name FROM emp ORDER BY id;
  TYPE rows_t IS TABLE OF c%ROWTYPE;
  v rows_t;
  batches NUMBER := 0;
  seen VARCHAR2(100);
BEGIN
  OPEN c;
  LOOP
    FETCH c BULK COLLECT INTO v LIMIT p_batch;
    EXIT WHEN v.COUNT = 0;
    batches := batches + 1;
    FOR i IN 1 .. v.COUNT LOOP
      seen := seen || v(i).name;
    END LOOP;
  END LOOP;
  CLOSE c;
  RETURN batches || ' ' || seen;
END;
/
CREATE OR REPLACE FUNCTION fetch_notfound (p_batch NUMBER) RETURN VARCHAR2 IS
  CURSOR c IS SELECT id FROM emp ORDER BY id;
  TYPE ids IS TABLE OF NUMBER;
  v ids;
  processed NUMBER := 0;
  flags VARCHAR2(100);
BEGIN
  OPEN c;
  LOOP
    FETCH c BULK COLLECT INTO v LIMIT p_batch;
    flags := flags || CASE WHEN c%NOTFOUND THEN 'N' ELSE 'F' END;
    EXIT WHEN c%NOTFOUND;
    processed := processed + v.COUNT;
  END LOOP;
  RETURN processed || ' ' || c%ROWCOUNT || ' ' || flags || ' ' || v.COUNT;
END;
/
CREATE OR REPLACE FUNCTION fetch_all RETURN VARCHAR2 IS
  c SYS_REFCURSOR;
  TYPE ids IS TABLE OF NUMBER;
  TYPE names IS TABLE OF VARCHAR2(30);
  a ids;
  b names;
BEGIN
  OPEN c FOR SELECT id, name FROM emp WHERE dept = 10 ORDER BY id;
  FETCH c BULK COLLECT INTO a, b;
  CLOSE c;
  RETURN a.COUNT || ' ' || a(1) || b(1) || ' ' || a(a.LAST) || b(b.LAST);
END;
/
CREATE OR REPLACE PROCEDURE bulk_returning (p_dept NUMBER, p_out OUT VARCHAR2) IS
  TYPE ids IS TABLE OF NUMBER;
  v ids;
  s ids;
BEGIN
  UPDATE emp SET salary = salary + 1 WHERE dept = p_dept RETURNING id, salary BULK COLLECT INTO v, s;
  p_out := SQL%ROWCOUNT || ' ' || v.COUNT || ' ' || s.COUNT;
  DELETE FROM audit_log WHERE id < -100 RETURNING id BULK COLLECT INTO v;
  p_out := p_out || ' ' || v.COUNT || ' ' || SQL%ROWCOUNT;
END;
/
CREATE OR REPLACE FUNCTION bulk_dynamic (p_dept NUMBER) RETURN VARCHAR2 IS
  TYPE ids IS TABLE OF NUMBER;
  TYPE names IS TABLE OF VARCHAR2(30);
  v ids;
  w names;
BEGIN
  EXECUTE IMMEDIATE 'SELECT id FROM emp WHERE dept = $1 ORDER BY id' BULK COLLECT INTO v USING p_dept;
  EXECUTE IMMEDIATE 'SELECT id, name FROM emp WHERE dept = $1 ORDER BY id DESC' BULK COLLECT INTO v, w USING p_dept;
  RETURN v.COUNT || ' ' || v(1) || w(1);
END;
/
CREATE OR REPLACE PROCEDURE forall_dml (p_out OUT VARCHAR2) IS
  TYPE ids IS TABLE OF NUMBER;
  TYPE pos IS TABLE OF PLS_INTEGER;
  v ids := ids(1, 2, 3, 4);
  d ids := ids(10, 20, 30);
  k pos := pos(1, 3);
BEGIN
  FORALL i IN 1 .. v.COUNT
    INSERT INTO audit_log (id, note) VALUES (v(i), 'ins ' || v(i));
  p_out := SQL%ROWCOUNT;
  FORALL i IN INDICES OF d
    UPDATE emp SET salary = salary * 2 WHERE dept = d(i);
  p_out := p_out || ' ' || SQL%ROWCOUNT || ' ' || SQL%BULK_ROWCOUNT(1) || ' ' || SQL%BULK_ROWCOUNT(2)
           || ' ' || SQL%BULK_ROWCOUNT(3);
  FORALL i IN INDICES OF d BETWEEN 2 AND 5
    UPDATE emp SET salary = salary / 2 WHERE dept = d(i);
  p_out := p_out || ' ' || SQL%ROWCOUNT;
  FORALL i IN VALUES OF k
    DELETE FROM audit_log WHERE id = v(i);
  p_out := p_out || ' ' || SQL%ROWCOUNT;
END;
/
CREATE OR REPLACE PROCEDURE copy_rows IS
  TYPE rows_t IS TABLE OF emp%ROWTYPE;
  v rows_t;
  r emp%ROWTYPE;
BEGIN
  SELECT * BULK COLLECT INTO v FROM emp WHERE dept = 20;
  FORALL i IN 1 .. v.COUNT
    INSERT INTO emp_copy VALUES v(i);
  r.id := 9;
  r.name := 'zed';
  INSERT INTO emp_copy VALUES r;
END;
/
CREATE OR REPLACE FUNCTION nested_calls (n NUMBER) RETURN NUMBER IS
  total NUMBER := 0;
  FUNCTION fact (k NUMBER) RETURN NUMBER;
  PROCEDURE bump (t IN OUT NUMBER, by_ NUMBER) IS
  BEGIN
    t := t + by_;
  END;
  FUNCTION fact (k NUMBER) RETURN NUMBER IS
  BEGIN
    IF k <= 1 THEN
      RETURN 1;
    END IF;
    RETURN k * fact(k - 1);
  END;
BEGIN
  bump(total, fact(n));
  bump(total, 1);
  RETURN total;
END;
/
CREATE TABLE emp_hist (id NUMBER(6), note VARCHAR2(60));
CREATE OR REPLACE TRIGGER emp_au AFTER UPDATE OF salary ON emp FOR EACH ROW
DECLARE
  TYPE change_t IS RECORD (id NUMBER, delta NUMBER := 0);
  c change_t;
  msg VARCHAR2(60);
  FUNCTION describe (x NUMBER) RETURN VARCHAR2 IS
  BEGIN
    RETURN 'delta ' || x;
  END;
BEGIN
  c.id := :NEW.id;
  c.delta := :NEW.salary - :OLD.salary;
  msg := describe(c.delta);
  INSERT INTO emp_hist VALUES (c.id, msg);
END;
/
CREATE OR REPLACE PACKAGE pay AS
  TYPE brief IS RECORD (id NUMBER, name VARCHAR2(30));
  TYPE briefs IS TABLE OF brief;
  PROCEDURE raise_all (p_dept NUMBER, p_pct NUMBER);
  FUNCTION briefs_of (p_dept NUMBER) RETURN briefs;
END pay;
/
CREATE OR REPLACE PACKAGE BODY pay AS
  PROCEDURE raise_all (p_dept NUMBER, p_pct NUMBER) IS
    TYPE ids IS TABLE OF emp.id%TYPE;
    v ids;
    f NUMBER;
    FUNCTION factor (pct NUMBER) RETURN NUMBER IS
    BEGIN
      RETURN 1 + pct / 100;
    END;
  BEGIN
    f := factor(p_pct);
    SELECT id BULK COLLECT INTO v FROM emp WHERE dept = p_dept;
    FORALL i IN INDICES OF v
      UPDATE emp SET salary = salary * f WHERE id = v(i);
  END;
  FUNCTION briefs_of (p_dept NUMBER) RETURN briefs IS
    v briefs;
  BEGIN
    SELECT id, name BULK COLLECT INTO v FROM emp WHERE dept = p_dept ORDER BY id;
    RETURN v;
  END;
END pay;
/
CREATE OR REPLACE FUNCTION second_brief (p_dept NUMBER) RETURN VARCHAR2 IS
  v pay.briefs;
  b pay.brief;
BEGIN
  v := pay.briefs_of(p_dept);
  b := v(2);
  RETURN v.COUNT || ' ' || b.id || b.name;
END;
/
DECLARE
  TYPE pair IS RECORD (a NUMBER, b NUMBER);
  TYPE pairs IS TABLE OF pair INDEX BY PLS_INTEGER;
  v pairs;
  p pair;
  PROCEDURE note (msg VARCHAR2) IS
  BEGIN
    INSERT INTO audit_log (id, note) VALUES (-1, msg);
  END;
BEGIN
  p.a := 1;
  p.b := 2;
  v(1) := p;
  note('block ' || v(1).b || ' ' || v.COUNT);
END;
/
"""


@pytest.fixture(scope="module")
def converted():
    conversion = convert_text(CODE, file="code.sql")
    left_out = {o.label: [f.message for f in o.findings if f.effort.name == "MANUAL"]
                for o in conversion.objects if isinstance(o, CodeObject) and o.target_sql is None}
    assert left_out == {}
    return conversion


@pytest.fixture(scope="module")
def db(converted, pg_dsn):
    """One database for the module: the converted schema and data (the anonymous block runs in data.sql)."""
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


def value(conn: psycopg.Connection, query: str):
    with conn.transaction(force_rollback=True):
        return conn.execute(query).fetchone()[0]


def test_every_routine_passes_plpgsql_check(db):
    db.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    rows = db.execute("""
        SELECT p.oid::regprocedure::text, r.message
          FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
          LEFT JOIN pg_trigger t ON t.tgfoid = p.oid AND NOT t.tgisinternal
          LEFT JOIN LATERAL plpgsql_check_function_tb(p.oid, COALESCE(t.tgrelid, 0), fatal_errors => false,
                                                      without_warnings => true) r ON r.level = 'error'
         WHERE l.lanname = 'plpgsql' AND p.pronamespace <> 'pg_catalog'::regnamespace
    """).fetchall()
    checked = {routine for routine, _ in rows}
    assert {"nested_calls(numeric)", "nested_calls__fact(numeric)", "nested_calls__bump(numeric,numeric)",
            "hr_types.brief(numeric)", "reports.team(numeric)", "forall_dml()", "pay.raise_all__factor(numeric)",
            "emp_au__describe(numeric)", "emp_au_fn()"} <= checked
    assert [(routine, message) for routine, message in rows if message is not None] == []


def test_records_with_defaults_nested_fields_and_package_types(db):
    # grade defaults to 1 in the package record; SELECT INTO r.id, r.name leaves it; pair is body-private
    assert value(db, "SELECT reports.brief_name(1)") == "ann/1/10"
    assert value(db, "SELECT record_defaults()") == "none:7:set:7"
    assert value(db, "SELECT record_array()") == "2:1,2:3,20"


def test_collection_methods_as_oracle_documents_them(db):
    # COUNT FIRST LAST NEXT(1) NEXT(3) PRIOR(3) PRIOR(1) NEXT(0) PRIOR(9); EXTEND, EXTEND(2, 1) copies element 1;
    # TRIM(2), TRIM; DELETE empties; LIMIT is the VARRAY's, NULL for a nested table
    assert value(db, "SELECT methods()") == "3 1 3 2 null 2 null 1 3 exists 6 10 3 3 0 null 5 null"


def test_associative_arrays_start_empty_and_walk_with_first_next(db):
    assert value(db, "SELECT index_by()") == "0 null 1=a 2=b 3=c"
    assert value(db, "SELECT reports.team(10)") == "3 ann cid"


def test_bulk_collect_select_keeps_order_and_gives_empty_arrays(db):
    assert value(db, "SELECT bulk_select()") == "3: 2bob 3cid 1ann | 0 0 notnull"
    assert value(db, "SELECT bulk_records()") == "5 ann 70.00 | 2 5eve 4dan"


def test_fetch_bulk_collect_limit_loops(db):
    # EXIT WHEN v.COUNT = 0 after the FETCH: every batch is processed, the last partial one too
    assert value(db, "SELECT fetch_limit(2)") == "3 annbobciddaneve"
    assert value(db, "SELECT fetch_limit(10)") == "1 annbobciddaneve"
    # EXIT WHEN c%NOTFOUND right after the FETCH: %NOTFOUND is TRUE after the partial batch, which is not
    # processed (Oracle's documented pitfall); %ROWCOUNT counts every row fetched
    assert value(db, "SELECT fetch_notfound(2)") == "4 5 FFN 1"
    assert value(db, "SELECT fetch_notfound(5)") == "5 5 FN 0"
    assert value(db, "SELECT fetch_all()") == "3 1ann 3cid"


def test_bulk_collect_returning_and_dynamic(db):
    with db.transaction(force_rollback=True):
        assert db.execute("CALL bulk_returning(10, NULL)").fetchone()[0] == "3 3 3 0 0"
        assert db.execute("SELECT sum(salary) FROM emp WHERE dept = 10").fetchone()[0] == Decimal("603.00")
    assert value(db, "SELECT bulk_dynamic(10)") == "3 3cid"


def test_forall_rowcount_is_the_sum_and_bulk_rowcount_per_iteration(db):
    with db.transaction(force_rollback=True):
        # 4 inserts; dept 10 (3 rows) + 20 (2) + 30 (0); BETWEEN 2 AND 5: 20 and 30; VALUES OF (1, 3): ids 1, 3
        assert db.execute("CALL forall_dml(NULL)").fetchone()[0] == "4 5 3 2 0 2 2"
        assert db.execute("SELECT array_agg(id ORDER BY id) FROM audit_log WHERE id > 0").fetchone()[0] == [2, 4]
        assert db.execute("SELECT salary FROM emp WHERE id IN (1, 4) ORDER BY id").fetchall() == [
            (Decimal("200.00"),), (Decimal("50.00"),)]


def test_insert_values_record_and_collection_element(db):
    with db.transaction(force_rollback=True):
        db.execute("CALL copy_rows()")
        assert db.execute("SELECT id, name FROM emp_copy ORDER BY id").fetchall() == [
            (4, "dan"), (5, "eve"), (9, "zed")]


def test_nested_routines_lifted_and_the_block_ran(db):
    assert value(db, "SELECT nested_calls(4)") == 25              # 4! + 1
    assert value(db, "SELECT note FROM audit_log WHERE id = -1") == "block 2 1"


def test_trigger_and_package_routine_with_local_types_and_nested_functions(db):
    with db.transaction(force_rollback=True):
        db.execute("CALL pay.raise_all(20, 10)")
        assert db.execute("SELECT id, salary FROM emp WHERE dept = 20 ORDER BY id").fetchall() == [
            (4, Decimal("55.00")), (5, Decimal("77.00"))]
        assert db.execute("SELECT id, note FROM emp_hist ORDER BY id").fetchall() == [
            (4, "delta 5.00"), (5, "delta 7.00")]
    assert value(db, "SELECT second_brief(10)") == "3 2bob"
