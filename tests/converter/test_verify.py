"""converter.verify against the real PostgreSQL server: what it accepts, rejects and leaves behind."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from sct.converter.ir import QName, Span, Status, Table, View
from sct.converter.verify import VerifyUnit, verify
from sct.errors import ConnectionFailed, SctError


def table(name: str, line: int = 1) -> Table:
    return Table(name=QName(None, name), span=Span("x.sql", line))


def view(name: str, line: int = 1) -> View:
    return View(name=QName(None, name), span=Span("x.sql", line))


def database_exists(dsn: str, name: str) -> bool:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def test_a_good_unit_applies(pg_dsn):
    t = table("t")
    result = verify([VerifyUnit(t, "CREATE TABLE t (a integer PRIMARY KEY, b text NOT NULL);")], pg_dsn)

    assert (result.applied, result.failed) == (1, 0)
    assert t.verification_error is None
    assert t.findings == []
    assert t.status == Status.CONVERTED
    assert result.database.startswith("sct_verify_") and len(result.database) == len("sct_verify_") + 12
    assert result.server_version.split(".")[0].isdigit()


def test_a_rejected_unit_is_marked_and_the_next_ones_still_apply(pg_dsn):
    good, bad, after = table("good", 1), table("bad", 3), table("after", 5)
    units = [
        VerifyUnit(good, "CREATE TABLE good (a integer);"),
        VerifyUnit(bad, "CREATE TABLE bad (\n  a integer,\n  b nosuchtype\n);"),
        VerifyUnit(after, "CREATE TABLE after (a integer);"),
    ]

    result = verify(units, pg_dsn)

    assert (result.applied, result.failed) == (2, 1)
    assert bad.verification_error == '42704 type "nosuchtype" does not exist (line 3 of the target SQL)'
    assert bad.status == Status.FAILED_VERIFICATION
    [finding] = bad.findings
    assert finding.rule_id == "OR090"
    assert finding.message == f"PostgreSQL rejected it: {bad.verification_error}"
    assert finding.span == Span("x.sql", 3)
    assert good.verification_error is None and after.verification_error is None


def test_a_unit_is_all_or_nothing(pg_dsn):
    """A unit of several statements is one transaction: when its second statement fails, its first is undone,
    so a later unit creating the same table succeeds."""
    first, again = table("t", 1), table("t", 9)
    units = [
        VerifyUnit(first, "CREATE TABLE t (a integer);\nCOMMENT ON COLUMN t.nosuch IS 'x';"),
        VerifyUnit(again, "CREATE TABLE t (a integer);"),
    ]

    result = verify(units, pg_dsn)

    assert (result.applied, result.failed) == (1, 1)
    assert first.verification_error.startswith('42703 column "nosuch" of relation "t" does not exist')
    assert again.verification_error is None


def test_a_unit_depending_on_a_rejected_one_fails_with_postgres_message(pg_dsn):
    base, dependent = table("base"), view("v")
    units = [
        VerifyUnit(base, "CREATE TABLE base (a nosuchtype);"),
        VerifyUnit(dependent, "CREATE VIEW v AS\nSELECT a\nFROM base;"),
    ]

    result = verify(units, pg_dsn)

    assert (result.applied, result.failed) == (0, 2)
    assert dependent.verification_error == '42P01 relation "base" does not exist (line 3 of the target SQL)'
    assert [f.rule_id for f in dependent.findings] == ["OR090"]


def test_detail_and_hint_are_kept(pg_dsn):
    t, bad_fn = table("t"), table("f")
    units = [
        VerifyUnit(t, "CREATE TABLE t (a integer);"),
        VerifyUnit(bad_fn, "SELECT nosuch(a) FROM t;"),
    ]

    verify(units, pg_dsn)

    assert bad_fn.verification_error.startswith("42883 function nosuch(integer) does not exist (line 1")
    assert "; HINT: No function matches the given name and argument types." in bad_fn.verification_error


def test_the_scratch_database_is_dropped(pg_dsn):
    units = [VerifyUnit(table("t"), "CREATE TABLE t (a integer);"), VerifyUnit(table("u"), "garbage;")]

    result = verify(units, pg_dsn)

    assert result.failed == 1
    assert not database_exists(pg_dsn, result.database)


def test_nothing_outside_the_scratch_database_is_touched(scratch_pg):
    """The DSN's own database only serves to create the scratch one."""
    verify([VerifyUnit(table("t"), "CREATE TABLE t (a integer);")], scratch_pg)

    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT to_regclass('public.t')").fetchone() == (None,)


def test_a_role_without_createdb_verifies_in_a_scratch_schema(pg_dsn, scratch_pg):
    role = f"sct_test_role_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(scratch_pg, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN NOCREATEDB").format(sql.Identifier(role)))
        try:
            admin.execute(sql.SQL("GRANT CREATE ON DATABASE {} TO {}").format(
                sql.Identifier(admin.info.dbname), sql.Identifier(role)))
            good, bad = table("t"), table("u")
            units = [VerifyUnit(good, "CREATE TABLE t (a integer);"),
                     VerifyUnit(bad, "CREATE TABLE u (a nosuchtype);")]

            result = verify(units, scratch_pg + f" user={role}")

            assert (result.applied, result.failed) == (1, 1)
            assert result.database == admin.info.dbname
            assert result.schema.startswith("sct_verify_")
            assert bad.verification_error.startswith("42704 ")
            left = admin.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (result.schema,)).fetchone()
            assert left is None
        finally:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_role_that_can_create_nothing_gets_a_clear_error(scratch_pg):
    role = f"sct_test_role_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(scratch_pg, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN NOCREATEDB").format(sql.Identifier(role)))
        try:
            with pytest.raises(SctError, match="may create neither a database nor a schema"):
                verify([VerifyUnit(table("t"), "CREATE TABLE t (a integer);")], scratch_pg + f" user={role}")
        finally:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.mark.parametrize("dsn", [
    "postgresql://u:s3cret@127.0.0.1:1/x",
    "host=127.0.0.1 port=1 dbname=x user=u password=s3cret",
])
def test_an_unreachable_server_raises_connection_failed_without_the_password(dsn):
    with pytest.raises(ConnectionFailed) as caught:
        verify([VerifyUnit(table("t"), "CREATE TABLE t (a integer);")], dsn)

    message = str(caught.value)
    assert "s3cret" not in message
    assert "127.0.0.1:1" in message and "database x" in message
    assert "\n" not in message


@pytest.mark.parametrize("dsn", [
    "postgresql://u:s3cret@[::1/x",
    "user=u password=s3cret oops",
    "postgresql://u:s3cret@127.0.0.1:notaport/x",
])
def test_a_bad_dsn_raises_connection_failed_without_the_password(dsn):
    with pytest.raises(ConnectionFailed) as caught:
        verify([], dsn)

    assert "s3cret" not in str(caught.value)
