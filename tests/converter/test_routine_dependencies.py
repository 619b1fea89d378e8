"""A routine, trigger or block that calls a routine left out of the target is left out too (OR016), transitively."""

from __future__ import annotations

from sct.converter.ir import CodeObject, Status
from sct.converter.pipeline import convert_text

PACKAGE = """CREATE OR REPLACE PACKAGE pk AS
  PROCEDURE a;
  PROCEDURE b;
  PROCEDURE c;
  FUNCTION f RETURN NUMBER;
  PROCEDURE ok;
END pk;
/
CREATE OR REPLACE PACKAGE BODY pk AS
  PROCEDURE a IS
  BEGIN
    UTL_FILE.FCLOSE_ALL;
  END;
  PROCEDURE b IS
  BEGIN
    a;
  END;
  PROCEDURE c IS
  BEGIN
    pk.b;
  END;
  FUNCTION f RETURN NUMBER IS
  BEGIN
    a;
    RETURN 1;
  END;
  PROCEDURE ok IS
  BEGIN
    NULL;
  END;
END pk;
/
"""


def code(conversion, name: str) -> CodeObject:
    [obj] = [o for o in conversion.objects if isinstance(o, CodeObject) and str(o.name) == name]
    return obj


def blocked_by(obj, name: str) -> bool:
    return obj.target_sql is None and any(f.rule_id == "OR016" and name in f.message for f in obj.findings)


def test_package_member_calling_a_member_left_out_is_left_out_transitively():
    conversion = convert_text(PACKAGE)
    assert code(conversion, "pk.a").target_sql is None
    assert blocked_by(code(conversion, "pk.b"), "pk.a")
    assert blocked_by(code(conversion, "pk.c"), "pk.b")
    assert blocked_by(code(conversion, "pk.f"), "pk.a")
    assert code(conversion, "pk.ok").target_sql is not None
    assert code(conversion, "pk.b").status is not Status.CONVERTED


def test_standalone_procedure_calling_a_procedure_left_out_is_left_out():
    conversion = convert_text("CREATE PROCEDURE a IS\nBEGIN\n  UTL_FILE.FCLOSE_ALL;\nEND;\n/\n"
                              "CREATE PROCEDURE b IS\nBEGIN\n  a;\nEND;\n/\n"
                              "CREATE FUNCTION g RETURN NUMBER IS\nBEGIN\n  b;\n  RETURN 1;\nEND;\n/\n")
    assert code(conversion, "a").target_sql is None
    assert blocked_by(code(conversion, "b"), "a")
    assert blocked_by(code(conversion, "g"), "b")


def test_trigger_calling_a_procedure_left_out_is_left_out():
    conversion = convert_text("CREATE TABLE t (x NUMBER);\n"
                              "CREATE PROCEDURE a IS\nBEGIN\n  UTL_FILE.FCLOSE_ALL;\nEND;\n/\n"
                              "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  a;\nEND;\n/\n")
    trigger = [o for o in conversion.objects if isinstance(o, CodeObject) and o.code_kind == "trigger"][0]
    assert blocked_by(trigger, "a")


def test_function_called_in_an_expression_left_out_blocks_the_caller():
    conversion = convert_text("CREATE FUNCTION a RETURN NUMBER IS\nBEGIN\n  UTL_FILE.FCLOSE_ALL;\n  RETURN 1;\nEND;\n/\n"
                              "CREATE PROCEDURE b(n OUT NUMBER) IS\nBEGIN\n  n := a();\nEND;\n/\n")
    assert blocked_by(code(conversion, "b"), "a")


def test_call_to_an_overloaded_member_blocks_only_if_the_overload_it_reaches_is_left_out():
    # a(1) reaches a(x NUMBER), which is left out: on PostgreSQL CALL pk.a(1) finds no a(numeric) and fails
    # when b runs, so b is left out too; a('x') reaches a(x VARCHAR2), which is emitted (converter.overloads)
    text = """CREATE OR REPLACE PACKAGE pk AS
  PROCEDURE a(x NUMBER);
  PROCEDURE a(x VARCHAR2);
  PROCEDURE b;
  PROCEDURE c;
END pk;
/
CREATE OR REPLACE PACKAGE BODY pk AS
  PROCEDURE a(x NUMBER) IS
  BEGIN
    UTL_FILE.FCLOSE_ALL;
  END;
  PROCEDURE a(x VARCHAR2) IS
  BEGIN
    NULL;
  END;
  PROCEDURE b IS
  BEGIN
    a(1);
  END;
  PROCEDURE c IS
  BEGIN
    a('x');
  END;
END pk;
/
"""
    conversion = convert_text(text)
    assert blocked_by(code(conversion, "pk.b"), "pk.a")
    assert "<string>:9" in next(f.message for f in code(conversion, "pk.b").findings if f.rule_id == "OR016")
    assert code(conversion, "pk.c").target_sql is not None


def test_first_and_last_of_a_schema_level_varray_parameter_are_array_bounds():
    conversion = convert_text("CREATE TYPE pl AS VARRAY(5) OF VARCHAR2(25);\n/\n"
                              "CREATE FUNCTION f(p pl) RETURN VARCHAR2 IS\nBEGIN\n"
                              "  RETURN p(p.FIRST) || p(p.LAST) || p.COUNT;\nEND;\n/\n")
    sql = code(conversion, "f").target_sql
    assert "p[ARRAY_LOWER(p, 1)]" in sql and "p[ARRAY_UPPER(p, 1)]" in sql and "ARRAY_LENGTH(p, 1)" in sql


def test_other_methods_of_a_schema_level_collection_are_manual_and_nested_table_bounds_review():
    conversion = convert_text("CREATE TYPE nt AS TABLE OF NUMBER;\n/\n"
                              "CREATE FUNCTION f(q nt) RETURN NUMBER IS\n  w nt := q;\nBEGIN\n"
                              "  w.DELETE(1);\n  RETURN q.LAST;\nEND;\n/\n")
    f = code(conversion, "f")
    assert f.target_sql is None
    assert any(x.rule_id == "OR414" and "w.DELETE(1)" in x.message for x in f.findings)
    assert any(x.rule_id == "OR414" and "q.LAST" in x.message and x.effort.name == "REVIEW" for x in f.findings)


def test_routine_naming_tables_the_scripts_do_not_create_is_reported():
    conversion = convert_text("CREATE TABLE t (x NUMBER);\n"
                              "CREATE PROCEDURE purge IS\nBEGIN\n  DELETE FROM xdb.locks;\n  DELETE FROM t;\nEND;\n/\n"
                              "CREATE PROCEDURE tidy IS\nBEGIN\n  DELETE FROM scratch_rows;\nEND;\n/\n")
    purge, tidy = code(conversion, "purge"), code(conversion, "tidy")
    assert purge.target_sql is None                      # another schema: it exists only where Oracle's does
    assert any(f.rule_id == "OR017" and "xdb.locks in another schema" in f.message for f in purge.findings)
    assert tidy.target_sql is not None                   # same schema: it must exist before schema.sql runs
    assert any(f.rule_id == "OR017" and f.effort.name == "REVIEW" and "scratch_rows" in f.message
               for f in tidy.findings)


def test_view_calling_functions_comes_after_them_and_is_blocked_with_them(scratch_pg):
    import psycopg

    from sct.converter.emit import postgres

    conversion = convert_text("""CREATE TABLE t (x NUMBER);
CREATE VIEW v AS SELECT double_it(x) AS d, pk.triple(x) AS tr FROM t;
CREATE VIEW w AS SELECT broken(x) AS b FROM t;
CREATE FUNCTION double_it (n NUMBER) RETURN NUMBER IS BEGIN RETURN n * 2; END;
/
CREATE FUNCTION broken (n NUMBER) RETURN NUMBER IS BEGIN UTL_FILE.FCLOSE_ALL; RETURN n; END;
/
CREATE PACKAGE pk AS FUNCTION triple (n NUMBER) RETURN NUMBER; END pk;
/
CREATE PACKAGE BODY pk AS FUNCTION triple (n NUMBER) RETURN NUMBER IS BEGIN RETURN n * 3; END; END pk;
/
INSERT INTO t (x) VALUES (5);
""")
    views = {o.name.name: o for o in conversion.schema_objects if o.name.name in ("v", "w")}
    assert views["v"].target_sql is not None
    assert views["w"].target_sql is None and blocked_by(views["w"], "broken")
    order = [o.name.name for o in conversion.ordered]
    assert order.index("double_it") < order.index("v") and order.index("triple") < order.index("v")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        conn.execute(postgres.data_script(conversion))
        assert conn.execute("SELECT d, tr FROM v").fetchone() == (10, 15)
