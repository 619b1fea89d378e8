"""Package state (rules OR424, OR425, OR440, OR441): constant expressions, initialization sections and package
cursors, converted and run on a real PostgreSQL, the routines checked by plpgsql_check."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_text
from sct.converter.verify import VerifyUnit, verify


def convert(text: str):
    return convert_text(text, file="pkg.sql")


def by_label(conversion) -> dict:
    return {o.label: o for o in conversion.objects}


def rules_of(obj) -> set[str]:
    return {f.rule_id for f in obj.findings}


def apply(conversion, dsn: str) -> None:
    left_out = [o.label for o in conversion.schema_objects if o.target_sql is None]
    assert not left_out, left_out
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))


def assert_plpgsql_check_passes(conversion, pg_dsn: str) -> None:
    units = [VerifyUnit(o, o.target_sql) for o in conversion.ordered if o.target_sql]
    result = verify(units, pg_dsn)
    errors = {o.label: o.verification_error for o in conversion.ordered if o.verification_error}
    assert errors == {} and result.failed == 0
    assert result.routines_checked >= 1 and result.plpgsql_check_unavailable is None


# --- constants whose value is an expression (OR424) and variables whose default is one (OR425) ---------------

NAMESPACES = """
CREATE OR REPLACE PACKAGE coe_namespaces AS
  RESOURCE_NAMESPACE CONSTANT VARCHAR2(128) := 'http://xmlns.oracle.com/xdb/XDBResource.xsd';
  RESOURCE_PREFIX_R CONSTANT VARCHAR2(128) := 'xmlns:r="' || RESOURCE_NAMESPACE || '"';
  c_base CONSTANT NUMBER := 100;
  c_limit CONSTANT NUMBER(6) := -(c_base / 8) + CAST('2.5' AS NUMBER) * 2;
  g_quota NUMBER := c_base * 3;
END;
/
CREATE OR REPLACE PACKAGE other AS
  c_label CONSTANT VARCHAR2(200) := 'ns=' || coe_namespaces.RESOURCE_PREFIX_R;
END;
/
CREATE OR REPLACE FUNCTION ns_label RETURN VARCHAR2 IS
BEGIN
  RETURN other.c_label;
END;
/
CREATE OR REPLACE FUNCTION limits RETURN NUMBER IS
BEGIN
  RETURN coe_namespaces.c_limit * 1000 + coe_namespaces.g_quota;
END;
/
CREATE OR REPLACE PROCEDURE use_quota(p_n NUMBER) IS
BEGIN
  coe_namespaces.g_quota := coe_namespaces.g_quota - p_n;
END;
/
"""


def test_constant_expressions_are_inlined_with_their_types():
    objects = by_label(convert(NAMESPACES))
    assert "OR426" not in rules_of(objects["package coe_namespaces"])
    limits = objects["function limits"].target_sql
    assert "RETURN CAST((-(" in limits and "/ 8) + CAST('2.5' AS DECIMAL) * 2) AS integer) * 1000" in limits
    assert "CAST(CAST((CAST(100 AS numeric) * 3) AS numeric) AS text)" in limits     # g_quota's unset value
    assert {"OR424", "OR425"} <= rules_of(objects["function limits"])


def test_a_name_that_is_not_a_constant_makes_no_constant_expression():
    objects = by_label(convert("""
CREATE OR REPLACE PACKAGE p AS
  g_n NUMBER := 1;
  c_twice CONSTANT NUMBER := g_n * 2;
  c_now CONSTANT DATE := SYSDATE;
END;
/
CREATE OR REPLACE FUNCTION f RETURN NUMBER IS BEGIN RETURN p.c_twice; END;
/
"""))
    messages = [f.message for f in objects["package p"].findings if f.rule_id == "OR425"]
    assert any("c_twice is kept in the session setting 'p.c_twice', set to g_n * 2 by p.sct_init()" in m
               for m in messages)
    init = objects["function p.sct_init"].target_sql
    assert "PERFORM set_config('p.c_twice'" in init and "PERFORM set_config('p.c_now'" in init
    assert "current_setting('p.c_twice', true)" in objects["function f"].target_sql


def test_constant_expressions_and_expression_defaults_run(pg_dsn, scratch_pg):
    conversion = convert(NAMESPACES)
    apply(conversion, scratch_pg)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        value = lambda sql: conn.execute(sql).fetchone()[0]     # noqa: E731
        assert value("SELECT ns_label()") == 'ns=xmlns:r="http://xmlns.oracle.com/xdb/XDBResource.xsd"'
        assert value("SELECT limits()") == -8 * 1000 + 300       # -(100/8) + 5 = -7.5, NUMBER(6) rounds to -8
        conn.execute("CALL use_quota(50)")
        assert value("SELECT limits()") == -8 * 1000 + 250
    assert_plpgsql_check_passes(conversion, pg_dsn)


# --- initialization sections (OR440) ----------------------------------------------------------------------

APP = """
CREATE TABLE init_log (n NUMBER(4), at DATE);
CREATE OR REPLACE PACKAGE app AS
  g_count NUMBER := 0;
  g_loaded DATE;
  g_user VARCHAR2(128) := USER;
  PROCEDURE bump;
  FUNCTION count_now RETURN NUMBER;
END app;
/
CREATE OR REPLACE PACKAGE BODY app AS
  g_calls NUMBER := 0;
  PROCEDURE note IS BEGIN g_calls := g_calls + 1; END;
  PROCEDURE bump IS
  BEGIN
    note;
    g_count := g_count + 1;
  END;
  FUNCTION count_now RETURN NUMBER IS
    v_seen NUMBER := g_count;
  BEGIN
    RETURN v_seen;
  END;
BEGIN
  SELECT COUNT(*) + 1 INTO g_calls FROM init_log;
  INSERT INTO init_log (n, at) VALUES (g_calls, SYSDATE);
  g_count := 100;
  g_loaded := SYSDATE;
  bump;
END app;
/
CREATE OR REPLACE FUNCTION read_count RETURN NUMBER IS
BEGIN
  RETURN app.g_count;
END;
/
CREATE OR REPLACE PROCEDURE set_count(p_n NUMBER) IS
BEGIN
  app.g_count := p_n;
END;
/
"""


def test_initialization_section_becomes_a_guarded_function_every_routine_calls_first():
    objects = by_label(convert(APP.replace("SELECT COUNT(*) + 1 INTO g_calls FROM init_log;", "")))
    init = objects["function app.sct_init"]
    assert init.target_sql.startswith("CREATE OR REPLACE FUNCTION app.sct_init()\nRETURNS boolean")
    assert "current_setting('app.sct_initialized', true)" in init.target_sql
    assert "PERFORM set_config('app.g_user'" in init.target_sql          # a default that is no constant
    assert "CALL app.bump();" in init.target_sql
    for label in ("procedure app.bump", "procedure app.note", "function app.count_now"):
        declarations = objects[label].target_sql.split("DECLARE\n", 1)[1]
        assert declarations.startswith("  sct_app_ready CONSTANT boolean := app.sct_init();"), label
    assert "sct_app_ready CONSTANT boolean := app.sct_init();" in objects["function read_count"].target_sql
    assert any(f.rule_id == "OR440" and f.effort.name == "REVIEW" for f in objects["procedure set_count"].findings)
    assert "OR426" not in rules_of(objects["package_body app"])


def test_package_state_set_by_the_initialization_is_seen_by_the_first_call_once_per_session(pg_dsn, scratch_pg):
    conversion = convert(APP.replace("SELECT COUNT(*) + 1 INTO g_calls FROM init_log;", ""))
    apply(conversion, scratch_pg)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        value = lambda sql: conn.execute(sql).fetchone()[0]     # noqa: E731
        assert value("SELECT app.count_now()") == 101            # 100, then bump from the initialization
        conn.execute("CALL app.bump()")
        assert value("SELECT app.count_now()") == 102
        assert value("SELECT count(*) FROM init_log") == 1        # ran once in this session
        assert value("SELECT current_setting('app.g_user')") == value("SELECT current_user")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:   # a new session: the outside reader runs it
        value = lambda sql: conn.execute(sql).fetchone()[0]     # noqa: E731
        assert value("SELECT read_count()") == 101
        assert value("SELECT count(*) FROM init_log") == 2
        conn.execute("CALL set_count(7)")
        assert value("SELECT app.count_now()") == 7               # not reset: initialized already
        assert value("SELECT count(*) FROM init_log") == 2
    with psycopg.connect(scratch_pg, autocommit=True) as conn:   # writing first also initializes first
        conn.execute("CALL set_count(5)")
        assert conn.execute("SELECT app.count_now()").fetchone()[0] == 5
    assert_plpgsql_check_passes(conversion, pg_dsn)


def test_an_initialization_that_selects_into_a_package_variable_is_manual_and_blocks_the_routines():
    objects = by_label(convert(APP))
    init = objects["function app.sct_init"]
    assert init.target_sql is None and "OR426" in rules_of(init)
    bump = objects["procedure app.bump"]
    assert bump.target_sql is None
    assert any(f.rule_id == "OR016" and "app.sct_init" in f.message for f in bump.findings)


# --- package cursors (OR441) ------------------------------------------------------------------------------

PAY = """
CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));
INSERT INTO emp VALUES (1, 100);
INSERT INTO emp VALUES (2, 250);
CREATE OR REPLACE PACKAGE pay AS
  CURSOR c_all RETURN emp%ROWTYPE;
  FUNCTION total(p_min NUMBER) RETURN NUMBER;
  FUNCTION first_sal RETURN NUMBER;
END pay;
/
CREATE OR REPLACE PACKAGE BODY pay AS
  CURSOR c_all RETURN emp%ROWTYPE IS SELECT * FROM emp ORDER BY id;
  CURSOR c_big(p_min NUMBER) IS SELECT id, sal FROM emp WHERE sal >= p_min;
  FUNCTION total(p_min NUMBER) RETURN NUMBER IS
    n NUMBER := 0;
  BEGIN
    FOR r IN c_big(p_min) LOOP
      n := n + r.sal;
    END LOOP;
    RETURN n;
  END;
  FUNCTION first_sal RETURN NUMBER IS
    v_id NUMBER;
    v_sal NUMBER;
  BEGIN
    IF c_all%ISOPEN THEN
      CLOSE c_all;
    END IF;
    OPEN c_all;
    FETCH c_all INTO v_id, v_sal;
    CLOSE c_all;
    RETURN v_sal;
  END;
END pay;
/
"""


def test_package_cursors_are_declared_in_the_routines_that_open_and_close_them(pg_dsn, scratch_pg):
    conversion = convert(PAY)
    objects = by_label(conversion)
    total = objects["function pay.total"]
    assert "c_big CURSOR (p_min numeric) FOR SELECT id, sal FROM emp WHERE sal >= p_min;" in total.target_sql
    assert any(f.rule_id == "OR441" and f.effort.name == "AUTO" for f in total.findings)
    assert any(f.rule_id == "OR441" and f.effort.name == "REVIEW" for f in objects["function pay.first_sal"].findings)
    apply(conversion, scratch_pg)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.data_script(conversion))
        assert conn.execute("SELECT pay.total(0)").fetchone()[0] == 350
        assert conn.execute("SELECT pay.total(200)").fetchone()[0] == 250
        assert conn.execute("SELECT pay.first_sal()").fetchone()[0] == 100
        assert conn.execute("SELECT pay.first_sal()").fetchone()[0] == 100    # opened afresh in each call
    assert_plpgsql_check_passes(conversion, pg_dsn)


@pytest.mark.parametrize("routine, reason", [
    ("PROCEDURE start_scan IS BEGIN OPEN c_all; END;", "is opened here and not closed"),
    ("FUNCTION next_sal RETURN NUMBER IS v NUMBER; BEGIN FETCH c_all INTO v; RETURN v; END;",
     "not opened by this routine"),
    ("FUNCTION early RETURN NUMBER IS v NUMBER; BEGIN OPEN c_all; FETCH c_all INTO v; "
     "IF v > 0 THEN RETURN v; END IF; CLOSE c_all; RETURN 0; END;", "a RETURN may leave it open"),
])
def test_a_package_cursor_used_across_calls_is_manual(routine, reason):
    text = ("CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));\nCREATE OR REPLACE PACKAGE BODY scan AS\n"
            f"  CURSOR c_all IS SELECT sal FROM emp;\n  {routine}\nEND scan;\n/\n")
    routine_obj = next(o for o in convert(text).objects if getattr(o, "code_kind", "") in ("procedure", "function"))
    assert routine_obj.target_sql is None
    [finding] = [f for f in routine_obj.findings if f.rule_id == "OR426"]
    assert reason in finding.message and "Oracle keeps a package cursor open across calls" in finding.message


def test_a_package_cursor_used_outside_its_package_is_manual():
    objects = by_label(convert(PAY + "CREATE OR REPLACE PROCEDURE outside IS\nBEGIN\n"
                                     "  FOR r IN pay.c_all LOOP NULL; END LOOP;\nEND;\n/\n"))
    outside = objects["procedure outside"]
    assert outside.target_sql is None
    assert any(f.rule_id == "OR426" and "pay.c_all is used outside its package" in f.message
               for f in outside.findings)
