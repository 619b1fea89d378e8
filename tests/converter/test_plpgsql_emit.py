"""PL/SQL procedures, functions and triggers -> PL/pgSQL (converter/emit/plpgsql.py): the important lines."""

from __future__ import annotations

from sct.converter.ir import CodeObject
from sct.converter.pipeline import convert_text


def unit(text: str) -> CodeObject:
    conversion = convert_text(text, file="u.sql")
    return next(o for o in conversion.objects if isinstance(o, CodeObject))


def rules(obj: CodeObject) -> set[str]:
    return {f.rule_id for f in obj.findings}


def test_in_out_parameters_and_defaults():
    sql = unit("CREATE PROCEDURE p (a IN NUMBER, b IN OUT VARCHAR2, c OUT DATE, d NUMBER := 5) IS\n"
               "BEGIN NULL; END;\n/").target_sql
    assert "p(a numeric, INOUT b varchar, OUT c timestamp(0), d numeric DEFAULT 5)" in sql


def test_select_into_is_strict_and_returning_into_is_not():
    sql = unit("CREATE PROCEDURE p (x OUT NUMBER) IS BEGIN\n SELECT NVL(a, 0) INTO x FROM t WHERE id = 1;\n"
               " UPDATE t SET a = 1 WHERE id = 2 RETURNING a INTO x;\nEND;\n/").target_sql
    assert "SELECT COALESCE(a, 0) FROM t WHERE id = 1 INTO STRICT x;" in sql
    assert "UPDATE t SET a = 1 WHERE id = 2 RETURNING a INTO x;" in sql


def test_reverse_loop_swaps_bounds_and_cursor_for_loop_declares_record():
    sql = unit("CREATE PROCEDURE p IS BEGIN\n FOR i IN REVERSE 1..n LOOP NULL; END LOOP;\n"
               " FOR r IN (SELECT a FROM t) LOOP NULL; END LOOP;\nEND;\n/").target_sql
    assert "FOR i IN REVERSE n..1 LOOP" in sql
    assert "r record;" in sql and "FOR r IN SELECT a FROM t LOOP" in sql


def test_exceptions_map_to_conditions_and_sqlstates():
    obj = unit("CREATE PROCEDURE p IS\n e EXCEPTION;\n dup EXCEPTION;\n PRAGMA EXCEPTION_INIT(dup, -1);\n"
               "BEGIN\n RAISE_APPLICATION_ERROR(-20001, 'bad ' || 'x');\nEXCEPTION\n"
               " WHEN NO_DATA_FOUND OR dup THEN NULL;\n WHEN e THEN RAISE;\nEND;\n/")
    sql = obj.target_sql
    assert "RAISE EXCEPTION USING ERRCODE = 'U0001', MESSAGE = 'bad ' || 'x';" in sql
    assert "WHEN no_data_found OR unique_violation THEN" in sql
    assert "WHEN SQLSTATE 'U1" in sql and "RAISE;" in sql


def test_sql_rowcount_reads_get_diagnostics():
    sql = unit("CREATE PROCEDURE p IS BEGIN\n DELETE FROM t;\n IF SQL%NOTFOUND THEN NULL; END IF;\nEND;\n/").target_sql
    assert "DELETE FROM t;\n  GET DIAGNOSTICS sct_rowcount = ROW_COUNT;" in sql
    assert "IF (sct_rowcount = 0) THEN" in sql


def test_function_commit_is_manual_and_left_out():
    obj = unit("CREATE FUNCTION f RETURN NUMBER IS BEGIN COMMIT; RETURN 1; END;\n/")
    assert obj.status == "manual" and obj.target_sql is None and "OR412" in rules(obj)


def test_before_row_trigger_with_delete_returns_old_for_delete():
    obj = unit("CREATE TABLE t (a NUMBER, b DATE);\n"
               "CREATE TRIGGER trg BEFORE INSERT OR DELETE ON t REFERENCING NEW AS n FOR EACH ROW\n"
               "WHEN (new.a > 0)\nBEGIN\n IF INSERTING THEN :n.b := SYSDATE; END IF;\nEND;\n/")
    sql = obj.target_sql
    assert "new.b := CAST(DATE_TRUNC('second', CLOCK_TIMESTAMP()) AS TIMESTAMP(0));" in sql
    assert "IF TG_OP = 'DELETE' THEN\n    RETURN OLD;\n  END IF;\n  RETURN NEW;" in sql
    assert "BEFORE INSERT OR DELETE ON t\nFOR EACH ROW\nWHEN (new.a > 0)\nEXECUTE FUNCTION trg_fn();" in sql


def test_alter_trigger_disable_is_kept():
    conversion = convert_text("CREATE TABLE t (a NUMBER);\nCREATE TRIGGER trg AFTER INSERT ON t\nBEGIN NULL; END;\n/\n"
                              "ALTER TRIGGER trg DISABLE;\n")
    obj = next(o for o in conversion.objects if isinstance(o, CodeObject))
    assert obj.target_sql.endswith("ALTER TABLE t DISABLE TRIGGER trg;")


def test_routines_come_after_what_they_use():
    conversion = convert_text("CREATE PROCEDURE p IS BEGIN INSERT INTO t (a) VALUES (s.NEXTVAL); END;\n/\n"
                              "CREATE TABLE t (a NUMBER);\nCREATE SEQUENCE s;\n")
    assert [o.name.name for o in conversion.ordered] == ["s", "t", "p"]


def test_syntax_error_is_or010_with_position_and_the_rest_converts():
    conversion = convert_text("CREATE PROCEDURE p IS BEGIN x := ; END;\n/\nCREATE TABLE t (a NUMBER);\n", file="e.sql")
    bad = next(o for o in conversion.objects if isinstance(o, CodeObject))
    [finding] = [f for f in bad.findings if f.rule_id == "OR010"]
    assert (finding.span.file, finding.span.line) == ("e.sql", 1) and finding.span.column > 1
    assert [o.name.name for o in conversion.ordered] == ["t"]


def test_supplied_packages_and_autonomous_transactions_are_manual():
    assert "OR417" in rules(unit("CREATE PROCEDURE p IS BEGIN DBMS_JOB.RUN(1); END;\n/"))
    obj = unit("CREATE PROCEDURE p IS PRAGMA AUTONOMOUS_TRANSACTION; BEGIN NULL; END;\n/")
    assert "OR416" in rules(obj) and obj.target_sql is None


def test_sysdate_in_a_plsql_expression_is_the_evaluation_time_and_the_finding_says_so():
    obj = unit("CREATE PROCEDURE p (d OUT DATE) IS BEGIN\n d := SYSDATE;\n INSERT INTO t VALUES (SYSDATE);\nEND;\n/")
    assert "d := CAST(DATE_TRUNC('second', CLOCK_TIMESTAMP()) AS TIMESTAMP(0));" in obj.target_sql
    assert "INSERT INTO t VALUES (CAST(DATE_TRUNC('second', STATEMENT_TIMESTAMP()) AS TIMESTAMP(0)));" in \
        obj.target_sql
    messages = sorted(f.message for f in obj.findings if f.rule_id == "OR304")
    assert len(messages) == 2 and "CLOCK_TIMESTAMP" in messages[0] and "STATEMENT_TIMESTAMP" in messages[1]
    assert "OR420" in rules(obj)
