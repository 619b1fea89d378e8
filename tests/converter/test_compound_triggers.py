"""Compound triggers (rules OR442, OR443, OR419): one trigger per timing point, rows collected for AFTER
STATEMENT read from a transition table; run with real DML on PostgreSQL and checked by plpgsql_check."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_text
from sct.converter.verify import VerifyUnit, verify

TABLES = """
CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, sal NUMBER(8,2), dept NUMBER(4));
CREATE TABLE trail (seq NUMBER(6), what VARCHAR2(40));
CREATE TABLE seen (id NUMBER(6));
CREATE SEQUENCE trail_seq;
"""

AUDIT = TABLES + """
CREATE OR REPLACE TRIGGER emp_ct
FOR INSERT OR UPDATE ON emp
COMPOUND TRIGGER
  TYPE id_list IS TABLE OF emp.id%TYPE;
  TYPE sal_list IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  g_ids id_list := id_list();
  g_sals sal_list;
  c_cap CONSTANT NUMBER := 1000;
  v_note VARCHAR2(40);

  BEFORE STATEMENT IS
  BEGIN
    g_ids.DELETE;
    v_note := 'start ' || CASE WHEN INSERTING THEN 'insert' ELSE 'update' END;
    INSERT INTO trail VALUES (trail_seq.NEXTVAL, v_note);
  END BEFORE STATEMENT;

  BEFORE EACH ROW IS
  BEGIN
    IF :NEW.sal > c_cap THEN
      :NEW.sal := c_cap;
    END IF;
  END BEFORE EACH ROW;

  AFTER EACH ROW IS
  BEGIN
    g_ids.EXTEND;
    g_ids(g_ids.LAST) := :NEW.id;
    g_sals(g_sals.COUNT + 1) := :NEW.sal;
  END AFTER EACH ROW;

  AFTER STATEMENT IS
  BEGIN
    IF g_ids.COUNT > 0 THEN
      FOR i IN 1 .. g_ids.COUNT LOOP
        INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'row ' || g_ids(i) || ' ' || g_sals(i));
      END LOOP;
    END IF;
    FORALL j IN 1 .. g_ids.COUNT
      INSERT INTO seen (id) VALUES (g_ids(j));
    INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'end ' || g_ids.COUNT);
  END AFTER STATEMENT;
END emp_ct;
/
"""


def convert(text: str):
    return convert_text(text, file="trg.sql")


def trigger(conversion, name: str = "emp_ct"):
    return next(o for o in conversion.objects if o.label == f"trigger {name}")


def test_each_timing_point_becomes_a_trigger_and_collected_rows_a_transition_table():
    obj = trigger(convert(AUDIT))
    sql = obj.target_sql
    for name, timing in [("emp_ct_before_statement", "BEFORE INSERT OR UPDATE ON emp\nFOR EACH STATEMENT"),
                         ("emp_ct_before_row", "BEFORE INSERT OR UPDATE ON emp\nFOR EACH ROW"),
                         ("emp_ct_after_statement_insert", "AFTER INSERT ON emp\nREFERENCING NEW TABLE AS "
                                                           "sct_new_rows\nFOR EACH STATEMENT"),
                         ("emp_ct_after_statement_update", "AFTER UPDATE ON emp\nREFERENCING NEW TABLE AS "
                                                           "sct_new_rows\nFOR EACH STATEMENT")]:
        assert f"CREATE OR REPLACE TRIGGER {name}\n{timing}" in sql
    assert "emp_ct_after_row" not in sql                     # only collected the rows: nothing left to do
    assert "FOR sct_row IN SELECT id AS g_ids, CAST(sal AS DECIMAL) AS g_sals FROM sct_new_rows LOOP" in sql
    assert "(SELECT COUNT(*) FROM sct_new_rows)" in sql
    assert "g_ids" not in sql.split("emp_ct_after_statement_fn")[1].split("LOOP")[0].replace("AS g_ids", "")
    rules = {f.rule_id for f in obj.findings}
    assert {"OR442", "OR443"} <= rules and "OR419" not in rules


@pytest.fixture
def audited(scratch_pg):
    conversion = convert(AUDIT)
    left_out = [o.label for o in conversion.schema_objects if o.target_sql is None]
    assert not left_out, left_out
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
    return conversion, scratch_pg


def test_compound_trigger_behaves_as_in_oracle_on_real_dml(audited, pg_dsn):
    conversion, dsn = audited
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO emp (id, sal) VALUES (1, 500), (2, 5000)")
        assert conn.execute("SELECT id, sal FROM emp ORDER BY id").fetchall() == [(1, 500), (2, 1000)]  # capped
        conn.execute("UPDATE emp SET sal = sal + 1 WHERE id = 1")
        conn.execute("UPDATE emp SET sal = 0 WHERE id = 99")    # no row: the statement sections still fire
        trail = [r[0] for r in conn.execute("SELECT what FROM trail ORDER BY seq")]
        assert [r[0] for r in conn.execute("SELECT id FROM seen ORDER BY id")] == [1, 1, 2]
    assert trail == ["start insert", "row 1 500.00", "row 2 1000.00", "end 2",
                     "start update", "row 1 501.00", "end 1",
                     "start update", "end 0"]
    units = [VerifyUnit(o, o.target_sql) for o in conversion.ordered if o.target_sql]
    result = verify(units, pg_dsn)
    assert result.failed == 0 and result.routines_checked == 3
    assert [o.verification_error for o in conversion.ordered if o.verification_error] == []


def test_firing_order_of_the_timing_points(scratch_pg):
    text = TABLES + """
CREATE OR REPLACE TRIGGER emp_order
FOR INSERT ON emp
COMPOUND TRIGGER
  PROCEDURE note(p VARCHAR2) IS BEGIN NULL; END;
  AFTER STATEMENT IS BEGIN INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'after statement'); END AFTER STATEMENT;
  AFTER EACH ROW IS BEGIN INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'after row ' || :NEW.id); END AFTER EACH ROW;
  BEFORE EACH ROW IS BEGIN INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'before row ' || :NEW.id); END BEFORE EACH ROW;
  BEFORE STATEMENT IS BEGIN INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'before statement'); END BEFORE STATEMENT;
END emp_order;
/
"""
    conversion = convert(text)
    obj = trigger(conversion, "emp_order")
    assert obj.target_sql is not None                             # the unused nested procedure is not declared
    assert any(f.rule_id == "OR442" and "alternates them row by row" in f.message for f in obj.findings)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        conn.execute("INSERT INTO emp (id) VALUES (1), (2)")
        trail = [r[0] for r in conn.execute("SELECT what FROM trail ORDER BY seq")]
    # Oracle: before statement, before row 1, after row 1, before row 2, after row 2, after statement (OR442)
    assert trail == ["before statement", "before row 1", "before row 2", "after row 1", "after row 2",
                     "after statement"]


def test_a_variable_one_statement_section_uses_is_local_and_a_row_section_may_set_it_first():
    text = TABLES + """
CREATE OR REPLACE TRIGGER emp_local
FOR UPDATE ON emp
COMPOUND TRIGGER
  v_total NUMBER := 0;
  v_old NUMBER;
  AFTER STATEMENT IS
  BEGIN
    SELECT SUM(sal) INTO v_total FROM emp;
    INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'total ' || v_total);
  END AFTER STATEMENT;
  AFTER EACH ROW IS
  BEGIN
    v_old := :OLD.sal;
    INSERT INTO trail VALUES (trail_seq.NEXTVAL, 'was ' || v_old);
  END AFTER EACH ROW;
END emp_local;
/
"""
    obj = trigger(convert(text), "emp_local")
    assert obj.target_sql is not None
    after_statement = obj.target_sql.split("emp_local_after_statement_fn()")[1]
    assert "v_total numeric := 0;" in after_statement and "v_old" not in after_statement


@pytest.mark.parametrize("declare, sections, reason", [
    ("g_rows NUMBER := 0;",
     "AFTER EACH ROW IS BEGIN g_rows := g_rows + 1; END AFTER EACH ROW;\n"
     "AFTER STATEMENT IS BEGIN INSERT INTO trail VALUES (1, g_rows); END AFTER STATEMENT;",
     "the timing points share the variable g_rows"),
    ("v_last NUMBER;",
     "BEFORE EACH ROW IS BEGIN IF v_last IS NULL THEN v_last := :NEW.id; END IF; END BEFORE EACH ROW;",
     "the timing points share the variable v_last"),
    ("TYPE t IS TABLE OF NUMBER; g t := t();",
     "AFTER EACH ROW IS BEGIN g.EXTEND; g(g.LAST) := :NEW.id; END AFTER EACH ROW;\n"
     "AFTER STATEMENT IS BEGIN INSERT INTO trail VALUES (1, g(1)); END AFTER STATEMENT;",
     "the timing points share the variable g"),
])
def test_other_shared_state_is_manual_naming_the_variables(declare, sections, reason):
    text = TABLES + (f"CREATE OR REPLACE TRIGGER emp_shared\nFOR INSERT OR UPDATE ON emp\nCOMPOUND TRIGGER\n"
                     f"  {declare}\n  {sections}\nEND emp_shared;\n/\n")
    obj = trigger(convert(text), "emp_shared")
    assert obj.target_sql is None
    assert any(f.rule_id == "OR419" and reason in f.message for f in obj.findings), obj.findings


def test_collected_rows_with_update_of_columns_or_new_values_on_delete_are_manual():
    collect = ("  TYPE t IS TABLE OF NUMBER; g t := t();\n"
               "  AFTER EACH ROW IS BEGIN g.EXTEND; g(g.LAST) := :NEW.id; END AFTER EACH ROW;\n"
               "  AFTER STATEMENT IS BEGIN FOR i IN 1 .. g.COUNT LOOP INSERT INTO trail VALUES (g(i), 'x'); "
               "END LOOP; END AFTER STATEMENT;\nEND c;\n/\n")
    of_columns = trigger(convert(TABLES + "CREATE TRIGGER c FOR UPDATE OF sal ON emp COMPOUND TRIGGER\n" + collect),
                         "c")
    assert of_columns.target_sql is None
    assert any("no transition table on a trigger with UPDATE OF columns" in f.message for f in of_columns.findings)
    on_delete = trigger(convert(TABLES + "CREATE TRIGGER c FOR INSERT OR DELETE ON emp COMPOUND TRIGGER\n" + collect),
                        "c")
    assert on_delete.target_sql is None
    assert any(f.rule_id == "OR419" and "share the variable g (it collects :NEW.id, which is NULL on DELETE" in
               f.message for f in on_delete.findings)


def test_collected_old_values_on_delete_are_read_from_the_old_table(scratch_pg):
    text = TABLES + """
CREATE OR REPLACE TRIGGER emp_gone
FOR DELETE ON emp
COMPOUND TRIGGER
  TYPE t IS TABLE OF NUMBER INDEX BY BINARY_INTEGER;
  g t;
  AFTER EACH ROW IS BEGIN g(g.COUNT + 1) := :OLD.id; END AFTER EACH ROW;
  AFTER STATEMENT IS
  BEGIN
    FORALL i IN INDICES OF g
      INSERT INTO trail VALUES (g(i), 'deleted');
  END AFTER STATEMENT;
END emp_gone;
/
"""
    conversion = convert(text)
    assert "REFERENCING OLD TABLE AS sct_old_rows" in trigger(conversion, "emp_gone").target_sql
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        conn.execute("INSERT INTO emp (id) VALUES (1), (2), (3)")
        conn.execute("DELETE FROM emp WHERE id <> 2")
        assert conn.execute("SELECT seq, what FROM trail ORDER BY seq").fetchall() == [
            (1, "deleted"), (3, "deleted")]
