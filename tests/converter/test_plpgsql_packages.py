"""PL/SQL packages (rules OR422-OR426): the text converted, and the routines run on a real PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_text

PACKAGE = """
CREATE OR REPLACE PACKAGE counter AS
  c_step CONSTANT NUMBER := 10;
  c_label CONSTANT VARCHAR2(10) := 'n=';
  g_total NUMBER := 0;
  g_note VARCHAR2(30);
  PROCEDURE add(p_n NUMBER);
  FUNCTION total RETURN NUMBER;
  FUNCTION doubled(p_x NUMBER) RETURN NUMBER;
  FUNCTION doubled(p_x VARCHAR2) RETURN VARCHAR2;
  PROCEDURE note(p_text VARCHAR2);
  FUNCTION last_note RETURN VARCHAR2;
END counter;
/
CREATE OR REPLACE PACKAGE BODY counter AS
  FUNCTION twice(p_x NUMBER) RETURN NUMBER IS
  BEGIN
    RETURN p_x * 2;
  END;
  PROCEDURE add(p_n NUMBER) IS
  BEGIN
    g_total := g_total + p_n + c_step;
  END add;
  FUNCTION total RETURN NUMBER IS
  BEGIN
    RETURN g_total;
  END;
  FUNCTION doubled(p_x NUMBER) RETURN NUMBER IS
  BEGIN
    RETURN twice(p_x);
  END;
  FUNCTION doubled(p_x VARCHAR2) RETURN VARCHAR2 IS
  BEGIN
    RETURN c_label || p_x || p_x;
  END;
  PROCEDURE note(p_text VARCHAR2) IS
  BEGIN
    g_note := p_text;
    add(1);
  END;
  FUNCTION last_note RETURN VARCHAR2 IS
  BEGIN
    RETURN g_note;
  END;
END counter;
/
CREATE OR REPLACE PROCEDURE use_counter(p_out OUT NUMBER) IS
BEGIN
  counter.add(5);
  p_out := counter.doubled(counter.total) + counter.c_step;
END;
/
"""


def convert(text: str = PACKAGE):
    return convert_text(text, file="pkg.sql")


def by_label(conversion) -> dict:
    return {o.label: o for o in conversion.objects}


def rules_of(obj) -> set[str]:
    return {f.rule_id for f in obj.findings}


def test_package_becomes_a_schema_and_its_routines_objects_of_their_own():
    objects = by_label(convert())
    assert objects["package counter"].target_sql == "CREATE SCHEMA IF NOT EXISTS counter;"
    assert "OR422" in rules_of(objects["package counter"])
    add = objects["procedure counter.add"]
    assert add.target_sql.startswith("CREATE OR REPLACE PROCEDURE counter.add(p_n numeric)")
    assert add.span.line == 20                                        # the routine's own line
    assert "OR012" not in {f.rule_id for o in objects.values() for f in o.findings}


def test_unqualified_calls_inside_and_qualified_calls_outside_resolve_to_the_schema():
    objects = by_label(convert())
    doubled = [o.target_sql for o in convert().objects if o.label == "function counter.doubled"]
    assert len(doubled) == 2 and "RETURN counter.twice(p_x);" in doubled[0]
    assert "CALL counter.add(1);" in objects["procedure counter.note"].target_sql
    outside = objects["procedure use_counter"].target_sql
    assert "CALL counter.add(5);" in outside
    assert "p_out := counter.doubled(counter.total()) + CAST(10 AS numeric);" in outside


def test_private_routine_is_created_with_a_review_finding():
    objects = by_label(convert())
    twice = objects["function counter.twice"]
    assert twice.target_sql is not None
    assert "OR423" in rules_of(twice) and "OR423" not in rules_of(objects["function counter.total"])


def test_variables_are_session_settings_and_constants_inlined():
    objects = by_label(convert())
    add = objects["procedure counter.add"].target_sql
    assert "PERFORM set_config('counter.g_total', coalesce(CAST(CAST((" in add
    assert "current_setting('counter.g_total', true)" in add and "CAST(10 AS numeric)" in add
    assert {"OR424", "OR425"} <= rules_of(objects["procedure counter.add"])
    assert "OR425" in rules_of(objects["package counter"])


def test_initialization_section_and_computed_default_become_the_init_function():
    text = """
CREATE OR REPLACE PACKAGE state AS
  CURSOR c_all IS SELECT 1 FROM dual;
  g_started DATE := SYSDATE;
  PROCEDURE p;
END;
/
CREATE OR REPLACE PACKAGE BODY state AS
  PROCEDURE p IS BEGIN NULL; END;
BEGIN
  DBMS_OUTPUT.PUT_LINE('loaded');
END;
/
"""
    objects = by_label(convert(text))
    body, routine, init = objects["package_body state"], objects["procedure state.p"], objects["function state.sct_init"]
    assert "OR426" not in rules_of(body) | rules_of(routine)      # converted since OR440 / OR441
    assert "sct_state_ready CONSTANT boolean := state.sct_init();" in routine.target_sql
    assert "RAISE NOTICE '%', 'loaded';" in init.target_sql and "'state.g_started'" in init.target_sql
    assert objects["package state"].target_sql == "CREATE SCHEMA IF NOT EXISTS state;"


def test_package_variable_as_into_target_is_manual():
    text = """
CREATE OR REPLACE PACKAGE s AS
  g_n NUMBER;
  PROCEDURE load;
END;
/
CREATE OR REPLACE PACKAGE BODY s AS
  PROCEDURE load IS BEGIN SELECT 1 INTO g_n FROM dual; END;
END;
/
"""
    routine = by_label(convert(text))["procedure s.load"]
    assert routine.target_sql is None
    assert any(f.rule_id == "OR426" and "INTO" in f.message for f in routine.findings)


def test_local_variable_hides_a_package_routine():
    text = """
CREATE OR REPLACE PACKAGE h AS
  FUNCTION total RETURN NUMBER;
  FUNCTION f RETURN NUMBER;
END;
/
CREATE OR REPLACE PACKAGE BODY h AS
  FUNCTION total RETURN NUMBER IS BEGIN RETURN 1; END;
  FUNCTION f RETURN NUMBER IS
    total NUMBER := 5;
  BEGIN
    RETURN total;
  END;
END;
/
"""
    assert "RETURN total;" in by_label(convert(text))["function h.f"].target_sql


@pytest.fixture
def counter_db(scratch_pg):
    conversion = convert()
    left_out = [o.label for o in conversion.schema_objects if o.target_sql is None]
    assert not left_out, left_out
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
    return scratch_pg


def test_package_state_constant_and_calls_behave_as_in_oracle(counter_db):
    with psycopg.connect(counter_db, autocommit=True) as conn:
        value = lambda sql: conn.execute(sql).fetchone()[0]   # noqa: E731
        assert value("SELECT counter.total()") == 0                    # the default, before any assignment
        conn.execute("CALL counter.add(1)")                            # 0 + 1 + c_step
        assert value("SELECT counter.total()") == 11                   # set by one procedure, read by another
        assert value("CALL use_counter(NULL)") == 2 * 26 + 10          # outside: counter.add(5), counter.f(x)
        assert value("SELECT counter.doubled(3::numeric)") == 6        # public calls private, unqualified
        assert value("SELECT counter.doubled('ab'::varchar)") == "n=abab"   # the overload and a constant
        assert value("SELECT counter.last_note()") is None
        conn.execute("CALL counter.note('hello')")                     # calls add unqualified
        assert value("SELECT counter.last_note()") == "hello"
        assert value("SELECT counter.total()") == 37                   # 26 + 1 + c_step
    with psycopg.connect(counter_db, autocommit=True) as conn:          # a new session starts afresh
        assert conn.execute("SELECT counter.total()").fetchone()[0] == 0


def test_overloads_that_postgresql_cannot_tell_apart_are_reported_not_replaced():
    from sct.converter.pipeline import convert_text

    conversion = convert_text(
        "CREATE OR REPLACE PACKAGE BODY fmt AS\n"
        "  FUNCTION show(x VARCHAR2) RETURN VARCHAR2 IS BEGIN RETURN 'v ' || x; END;\n"
        "  FUNCTION show(x NVARCHAR2) RETURN VARCHAR2 IS BEGIN RETURN 'n ' || x; END;\n"
        "  FUNCTION show(x NUMBER) RETURN VARCHAR2 IS BEGIN RETURN 'number'; END;\n"
        "END fmt;\n/", file="fmt.sql")
    shows = [o for o in conversion.objects if str(o.name) == "fmt.show"]
    assert [o.target_sql is not None for o in shows] == [True, False, True]
    [finding] = [f for f in shows[1].findings if f.rule_id == "OR415"]
    assert finding.message.startswith("function fmt.show(varchar) has the same PostgreSQL signature as the "
                                      "function at fmt.sql:2:")
    assert shows[1].status == "manual"


def test_same_named_exceptions_of_two_packages_are_different_conditions():
    from sct.converter.pipeline import convert_text
    from sct.converter.procedural.conditions import user_exception_sqlstate

    conversion = convert_text("""CREATE PACKAGE a AS not_found EXCEPTION; PROCEDURE p; END a;
/
CREATE PACKAGE b AS not_found EXCEPTION; END b;
/
CREATE PACKAGE BODY a AS
  PROCEDURE p IS
  BEGIN
    RAISE b.not_found;
  EXCEPTION
    WHEN not_found THEN NULL;
  END;
END a;
/
""", file="x.sql")
    [p] = [o for o in conversion.schema_objects if str(o.name) == "a.p"]
    mine, theirs = user_exception_sqlstate("A.NOT_FOUND"), user_exception_sqlstate("B.NOT_FOUND")
    assert mine != theirs
    assert f"ERRCODE = '{theirs}'" in p.target_sql          # raises b's
    assert f"WHEN SQLSTATE '{mine}'" in p.target_sql        # catches only a's: b's propagates, as in Oracle
