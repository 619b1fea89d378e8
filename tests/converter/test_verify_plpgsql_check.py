"""converter.verify runs plpgsql_check on the PL/pgSQL routines it created, on the real PostgreSQL server.

CREATE FUNCTION accepts a PL/pgSQL body that selects a column its table lacks; the routine only fails when it
runs. verify() catches that with the extension plpgsql_check (installed by scripts/system-packages) and marks
the object failed_verification, like a rejection.
"""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from psycopg import sql

from sct import cli
from sct.converter.ir import CodeObject, QName, Span, Status, Table
from sct.converter.pipeline import Conversion
from sct.converter.verify import PLPGSQL_CHECK, VerifyUnit, verify
from sct.reports import model


def table(name: str, line: int = 1) -> Table:
    return Table(name=QName(None, name), span=Span("x.sql", line))


def code(name: str, kind: str = "function", line: int = 1) -> CodeObject:
    return CodeObject(name=QName(None, name), span=Span("x.sql", line), code_kind=kind)


T = "CREATE TABLE t (a integer, b text);"

# Line 5 of the unit (line 4 of the body: the body starts right after $$ on line 2) selects a column t lacks.
MISSING_COLUMN = """\
CREATE FUNCTION get_c() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE x integer;
BEGIN
  SELECT c INTO x FROM t;
  RETURN x;
END
$$;"""

CORRECT = """\
CREATE FUNCTION get_a(p integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE x integer;
BEGIN
  SELECT a INTO x FROM t WHERE a = p;
  RETURN x;
END
$$;"""

TRIGGER = """\
CREATE FUNCTION t_biu() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.missing_column := 1;
  RETURN NEW;
END
$$;
CREATE TRIGGER t_biu BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION t_biu();"""


@pytest.fixture(scope="module")
def extension_version(pg_dsn) -> str:
    """The plpgsql_check version the server offers; fails (never skips) when it has none."""
    with psycopg.connect(pg_dsn) as conn:
        row = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = %s",
                           (PLPGSQL_CHECK,)).fetchone()
    if row is None:
        pytest.fail("the PostgreSQL server has no plpgsql_check; install it with scripts/system-packages",
                    pytrace=False)
    return row[0]


def test_a_function_selecting_a_missing_column_fails_verification(pg_dsn, extension_version):
    t, fn = table("t"), code("get_c", line=3)

    result = verify([VerifyUnit(t, T), VerifyUnit(fn, MISSING_COLUMN)], pg_dsn)

    assert (result.applied, result.failed) == (1, 1)
    assert result.plpgsql_check == extension_version
    assert result.routines_checked == 1 and result.plpgsql_check_unavailable is None
    assert fn.status == Status.FAILED_VERIFICATION
    assert fn.verification_error == (
        '42703 column "c" does not exist (plpgsql_check, function get_c(), line 4 of its body '
        "(line 5 of the target SQL)); QUERY: SELECT c FROM t")
    [finding] = fn.findings
    assert finding.rule_id == "OR090"
    assert finding.message == f"plpgsql_check found an error: {fn.verification_error}"
    assert finding.span == Span("x.sql", 3)
    assert t.verification_error is None and t.status == Status.CONVERTED


def test_a_correct_function_is_verified(pg_dsn, extension_version):
    t, fn = table("t"), code("get_a")

    result = verify([VerifyUnit(t, T), VerifyUnit(fn, CORRECT)], pg_dsn)

    assert (result.applied, result.failed) == (2, 0)
    assert result.routines_checked == 1 and result.plpgsql_check == extension_version
    assert fn.verification_error is None and fn.findings == []
    assert fn.status == Status.CONVERTED


def test_every_error_of_a_routine_is_a_finding(pg_dsn, extension_version):
    fn = code("three")
    body = """\
CREATE FUNCTION three() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE x integer;
BEGIN
  SELECT c INTO x FROM t;
  SELECT d INTO x FROM t;
  PERFORM sct_no_such_function(x);
  RETURN x;
END $$;"""

    verify([VerifyUnit(table("t"), T), VerifyUnit(fn, body)], pg_dsn)

    assert fn.verification_error.startswith(
        '42703 column "c" does not exist (plpgsql_check, function three(), line 4 of its body '
        "(line 4 of the target SQL))")
    assert fn.verification_error.endswith("(and 2 more plpgsql_check error(s), see the findings)")
    messages = [f.message for f in fn.findings]
    assert [f.rule_id for f in fn.findings] == ["OR090"] * 3
    assert 'column "d" does not exist' in messages[1] and "line 5 of its body" in messages[1]
    assert messages[2].startswith(
        "plpgsql_check found an error: 42883 function sct_no_such_function(integer) does not exist")


def test_a_trigger_function_is_checked_against_its_triggers_table(pg_dsn, extension_version):
    t, trg = table("t"), code("t_biu", kind="trigger")

    result = verify([VerifyUnit(t, T), VerifyUnit(trg, TRIGGER)], pg_dsn)

    assert (result.applied, result.failed) == (1, 1)
    assert result.routines_checked == 1
    assert trg.status == Status.FAILED_VERIFICATION
    assert trg.verification_error.startswith(
        '42703 record "new" has no field "missing_column" (plpgsql_check, trigger function t_biu() for its '
        "trigger on t, line 3 of its body (line 4 of the target SQL))")


def test_a_trigger_function_and_its_trigger_in_separate_units(pg_dsn, extension_version):
    """The error is the function's, whichever unit creates the trigger."""
    function_sql, trigger_sql = TRIGGER.rsplit("\n", 1)
    t, fn, trg = table("t"), code("t_biu"), code("t_biu", kind="trigger")

    verify([VerifyUnit(t, T), VerifyUnit(fn, function_sql), VerifyUnit(trg, trigger_sql)], pg_dsn)

    assert fn.status == Status.FAILED_VERIFICATION
    assert 'no field "missing_column"' in fn.verification_error
    assert trg.verification_error is None


def test_a_correct_trigger_function_is_verified(pg_dsn, extension_version):
    t, trg = table("t"), code("t_biu", kind="trigger")
    good = TRIGGER.replace("NEW.missing_column := 1;", "NEW.b := upper(NEW.b);")

    result = verify([VerifyUnit(t, T), VerifyUnit(trg, good)], pg_dsn)

    assert (result.applied, result.failed, result.routines_checked) == (2, 0, 1)
    assert trg.status == Status.CONVERTED


def test_a_trigger_with_a_transition_table(pg_dsn, extension_version):
    t, trg = table("t"), code("t_count", kind="trigger")
    unit = """\
CREATE FUNCTION t_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM count(*) FROM new_rows WHERE zz = 1;
  RETURN NULL;
END $$;
CREATE TRIGGER t_count AFTER INSERT ON t REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION t_count();"""

    verify([VerifyUnit(t, T), VerifyUnit(trg, unit)], pg_dsn)

    # the transition table is known to the check: the error is the column, not the relation new_rows
    assert trg.verification_error.startswith('42703 column "zz" does not exist'), trg.verification_error


def test_procedures_are_checked(pg_dsn, extension_version):
    t, bad, good = table("t"), code("set_zz", kind="procedure"), code("set_a", kind="procedure")
    units = [
        VerifyUnit(t, T),
        VerifyUnit(bad, "CREATE PROCEDURE set_zz(p integer) LANGUAGE plpgsql AS $$\n"
                        "BEGIN\n  UPDATE t SET zz = p;\nEND $$;"),
        VerifyUnit(good, "CREATE PROCEDURE set_a(INOUT p integer) LANGUAGE plpgsql AS $$\n"
                         "BEGIN\n  UPDATE t SET a = p;\n  p := p + 1;\nEND $$;"),
    ]

    result = verify(units, pg_dsn)

    assert (result.applied, result.failed, result.routines_checked) == (2, 1, 2)
    assert bad.verification_error.startswith(
        '42703 column "zz" of relation "t" does not exist (plpgsql_check, procedure set_zz(integer), '
        "line 3 of its body (line 3 of the target SQL))")
    assert good.status == Status.CONVERTED


def test_a_sql_function_is_not_passed_to_plpgsql_check(pg_dsn, extension_version):
    """plpgsql_check refuses non-PL/pgSQL routines; CREATE already checked a SQL function's body."""
    t, sql_fn, fn = table("t"), code("count_t"), code("get_a")
    units = [VerifyUnit(t, T),
             VerifyUnit(sql_fn, "CREATE FUNCTION count_t() RETURNS bigint LANGUAGE sql "
                                "AS 'SELECT count(*) FROM t';"),
             VerifyUnit(fn, CORRECT)]

    result = verify(units, pg_dsn)

    assert (result.applied, result.failed, result.routines_checked) == (3, 0, 1)
    assert sql_fn.status == Status.CONVERTED and sql_fn.findings == []


def test_without_plpgsql_routines_the_extension_is_not_needed(pg_dsn):
    result = verify([VerifyUnit(table("t"), T),
                     VerifyUnit(code("count_t"), "CREATE FUNCTION count_t() RETURNS bigint LANGUAGE sql "
                                                 "AS 'SELECT count(*) FROM t';")], pg_dsn)

    assert (result.applied, result.failed) == (2, 0)
    assert result.plpgsql_check is None and result.routines_checked == 0
    assert result.plpgsql_check_unavailable is None


def test_a_grant_does_not_take_over_the_routine(pg_dsn, extension_version):
    """A later unit that changes the routine's catalog row without a new body (GRANT) is not blamed."""
    t, fn, grant = table("t"), code("get_c"), code("grant_get_c")
    units = [VerifyUnit(t, T), VerifyUnit(fn, MISSING_COLUMN),
             VerifyUnit(grant, "GRANT EXECUTE ON FUNCTION get_c() TO PUBLIC;")]

    verify(units, pg_dsn)

    assert fn.status == Status.FAILED_VERIFICATION
    assert grant.verification_error is None and grant.findings == []


def test_a_replaced_body_belongs_to_the_unit_that_replaced_it(pg_dsn, extension_version):
    t, first, second = table("t"), code("get_c", line=1), code("get_c", line=20)
    units = [VerifyUnit(t, T), VerifyUnit(first, MISSING_COLUMN),
             VerifyUnit(second, MISSING_COLUMN.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
                        .replace("SELECT c INTO", "SELECT a INTO"))]

    result = verify(units, pg_dsn)

    assert (result.applied, result.failed, result.routines_checked) == (3, 0, 1)
    assert first.status == second.status == Status.CONVERTED


def test_a_rejected_routine_is_not_checked_again(pg_dsn, extension_version):
    fn = code("broken")
    result = verify([VerifyUnit(fn, "CREATE FUNCTION broken() RETURNS nosuchtype LANGUAGE plpgsql "
                                     "AS $$ BEGIN RETURN NULL; END $$;")], pg_dsn)

    assert (result.applied, result.failed, result.routines_checked) == (0, 1, 0)
    assert fn.verification_error.startswith('42704 type "nosuchtype" does not exist')
    assert len(fn.findings) == 1


@pytest.fixture
def plain_role(scratch_pg):
    """A login role that may create databases but is no superuser (so it cannot create plpgsql_check)."""
    role = f"sct_test_role_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(scratch_pg, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB NOSUPERUSER").format(sql.Identifier(role)))
        try:
            yield scratch_pg + f" user={role}"
        finally:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_without_the_extension_the_bodies_are_verified_by_create_only_and_it_says_so(plain_role):
    t, fn = table("t"), code("get_c")

    result = verify([VerifyUnit(t, T), VerifyUnit(fn, MISSING_COLUMN)], plain_role)

    assert (result.applied, result.failed) == (2, 0)
    assert result.plpgsql_check is None and result.routines_checked == 0
    assert fn.status == Status.CONVERTED
    reason = result.plpgsql_check_unavailable
    assert reason.startswith("the extension plpgsql_check could not be created at ")
    assert " database sct_test_" in reason
    assert "(42501 permission denied to create extension" in reason
    assert "the bodies of 1 PL/pgSQL routine(s) were verified by CREATE only" in reason


def test_in_a_scratch_schema_an_installed_extension_is_used(scratch_pg, extension_version):
    """A role without CREATEDB verifies in a scratch schema; plpgsql_check already in the database serves."""
    role = f"sct_test_role_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(scratch_pg, autocommit=True) as admin:
        admin.execute("CREATE EXTENSION plpgsql_check")
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN NOCREATEDB").format(sql.Identifier(role)))
        try:
            admin.execute(sql.SQL("GRANT CREATE ON DATABASE {} TO {}").format(
                sql.Identifier(admin.info.dbname), sql.Identifier(role)))
            t, fn = table("t"), code("get_c")

            result = verify([VerifyUnit(t, T), VerifyUnit(fn, MISSING_COLUMN)], scratch_pg + f" user={role}")

            assert result.schema is not None
            assert (result.applied, result.failed, result.routines_checked) == (1, 1, 1)
            assert fn.verification_error.startswith(
                '42703 column "c" does not exist (plpgsql_check, function ')
            assert admin.execute("SELECT 1 FROM pg_extension WHERE extname = 'plpgsql_check'").fetchone()
        finally:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


# --- through the CLI's verification step --------------------------------------------------------------------

def conversion_of(*objects) -> Conversion:
    return Conversion(source="oracle", target="postgres", files=["x.sql"], objects=list(objects),
                      ordered=list(objects))


def test_cli_verify_reports_the_check_in_report_json(pg_dsn, extension_version, capsys):
    t, fn = table("t"), code("get_c")
    t.target_sql, fn.target_sql = T, MISSING_COLUMN
    conversion = conversion_of(t, fn)

    verification = cli._verify(conversion, pg_dsn)

    assert verification["plpgsql_check"] == extension_version
    assert (verification["applied"], verification["failed"], verification["routines_checked"]) == (1, 1, 1)
    doc = json.loads(model.dump(model.build_report(conversion, verification)))
    [entry] = [o for o in doc["objects"] if o["name"] == "get_c"]
    assert entry["status"] == "failed_verification" and not entry["in_target"]
    assert 'column "c" does not exist' in entry["verification_error"]
    assert "line 4 of its body" in entry["verification_error"]
    assert doc["summary"]["by_status"]["failed_verification"] == 1
    assert cli.gate_fails(doc, "blocker")
    assert capsys.readouterr().err == ""


def test_cli_verify_says_once_on_stderr_when_the_extension_is_missing(plain_role, capsys):
    objects = [table("t"), code("get_c"), code("get_a")]
    for obj, text in zip(objects, (T, MISSING_COLUMN, CORRECT), strict=True):
        obj.target_sql = text

    verification = cli._verify(conversion_of(*objects), plain_role)

    assert verification["plpgsql_check"] is None and verification["failed"] == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("sct: verify: the extension plpgsql_check could not be created at ")
    assert "the bodies of 2 PL/pgSQL routine(s) were verified by CREATE only" in err[0]


def test_sct_convert_verify_end_to_end(tmp_path, monkeypatch, capsys, pg_dsn):
    """`sct convert --verify` end to end: the converted procedure reaches plpgsql_check and passes it."""
    (tmp_path / "a.sql").write_text("CREATE TABLE t (id NUMBER(5));\n"
                                    "CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n/\n",
                                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["sct", "convert", "a.sql", "-o", "out", "--verify", pg_dsn])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code in (0, None)
    assert "plpgsql_check" not in capsys.readouterr().err
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert doc["verification"]["routines_checked"] == 1 and doc["verification"]["plpgsql_check"] is not None
    assert doc["verification"]["failed"] == 0
