"""Shared fixtures. Tests talk to real servers (scripts/services starts them): a server that is down makes
the tests that need it fail, never skip, so CI cannot pass without having run them.

- pg_dsn / mariadb_dsn: where the servers are (env SCT_TEST_PG_DSN / SCT_TEST_MARIADB_DSN to override).
- scratch_pg: a fresh, uniquely named PostgreSQL database for one test, dropped afterwards.
- scratch_mariadb: the same on MariaDB (a mysql:// DSN).
- psql_apply: run a SQL script through the real `psql -v ON_ERROR_STOP=1`, as a user would.
- shared_corpus: the real-world corpora in ../shared/corpus beside the repository (skipped when absent).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG_DSN = "postgresql://root@127.0.0.1:5432/test"
DEFAULT_MARIADB_DSN = "mysql://root@127.0.0.1:3306/test"
START_HINT = "start the servers with scripts/services (scripts/test does it for you)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use PostgreSQL carry the `postgres` marker, so `-m 'not postgres'` leaves them out."""
    for item in items:
        if "pg_dsn" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    """The PostgreSQL server the tests use; fails (never skips) when it does not answer."""
    dsn = os.environ.get("SCT_TEST_PG_DSN", DEFAULT_PG_DSN)
    try:
        with psycopg.connect(dsn, connect_timeout=5):
            pass
    except psycopg.Error as e:
        reason = " ".join(str(e).split())
        pytest.fail(f"PostgreSQL is not reachable at {_without_password(dsn)} ({reason}); {START_HINT}",
                    pytrace=False)
    return dsn


def _without_password(dsn: str) -> str:
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.Error:
        return "the DSN in SCT_TEST_PG_DSN (unparsable)"
    params.pop("password", None)
    return make_conninfo(**params)


def _scratch_database(pg_dsn: str) -> Iterator[str]:
    name = f"sct_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_conninfo(pg_dsn, dbname=name)
    finally:
        with psycopg.connect(pg_dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def scratch_pg(pg_dsn: str) -> Iterator[str]:
    """A new database `sct_test_<12 hex>` for one test; yields its DSN, drops it WITH (FORCE) afterwards."""
    yield from _scratch_database(pg_dsn)


@pytest.fixture(scope="module")
def module_pg(pg_dsn: str) -> Iterator[str]:
    """Like scratch_pg, one database for all the tests of a module (e.g. functions created once)."""
    yield from _scratch_database(pg_dsn)


class PsqlFailed(AssertionError):
    """psql stopped on an error; the message is psql's stderr (file:line: ERROR: ...)."""


def run_psql(dsn: str, script: str | Path) -> str:
    """Apply a whole SQL script like `psql -X -q -v ON_ERROR_STOP=1 -f FILE`; return stdout, raise PsqlFailed.

    `script` is SQL text or the path of a .sql file. psql's messages name the file and line.
    """
    psql = shutil.which("psql")
    if psql is None:
        pytest.fail("psql not found on PATH (Debian package postgresql-client)", pytrace=False)
    if isinstance(script, Path):
        return _psql(psql, dsn, script)
    with tempfile.TemporaryDirectory(prefix="sct_psql_") as tmp:
        path = Path(tmp) / "script.sql"
        path.write_text(script, encoding="utf-8")
        return _psql(psql, dsn, path)


def _psql(psql: str, dsn: str, path: Path) -> str:
    done = subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", str(path)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600,
                          env={**os.environ, "PGCONNECT_TIMEOUT": "5"})
    if done.returncode != 0:
        raise PsqlFailed(f"psql exited with {done.returncode}:\n{done.stderr.strip()}")
    return done.stdout


@pytest.fixture(scope="session")
def psql_apply() -> Callable[[str, str | Path], str]:
    """`psql_apply(dsn, sql_text_or_path)`: run it through the real psql with ON_ERROR_STOP (see run_psql)."""
    return run_psql


@pytest.fixture(scope="session")
def mariadb_dsn() -> str:
    """The MariaDB server the tests use (a DSN string); fails (never skips) when nothing listens there."""
    dsn = os.environ.get("SCT_TEST_MARIADB_DSN", DEFAULT_MARIADB_DSN)
    url = urlsplit(dsn)
    host, port = url.hostname or "127.0.0.1", url.port or 3306
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError as e:
        pytest.fail(f"MariaDB is not reachable at {host}:{port} ({e}); {START_HINT}", pytrace=False)
    return dsn


@pytest.fixture
def scratch_mariadb(mariadb_dsn: str) -> Iterator[str]:
    """A new MariaDB database `sct_test_<12 hex>` (utf8mb4) for one test; yields its mysql:// DSN, drops it
    afterwards."""
    import pymysql

    url = urlsplit(mariadb_dsn)
    name = f"sct_test_{uuid.uuid4().hex[:12]}"

    def run(statement: str) -> None:
        conn = pymysql.connect(host=url.hostname or "127.0.0.1", port=url.port or 3306,
                               user=unquote(url.username or "root"), password=unquote(url.password or ""),
                               autocommit=True, connect_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
        finally:
            conn.close()

    run(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield urlunsplit(url._replace(path=f"/{name}"))
    finally:
        run(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real-world corpora that live beside the repository, in ../shared/corpus."""
    path = REPO.parent / "shared" / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus not present: the real-world corpora live beside the repository, "
                    "and a plain clone has none")
    return path


@pytest.fixture
def cli_in_process(monkeypatch, capsys) -> Callable[..., tuple[int, str, str]]:
    """`cli_in_process(*args)`: run `sct *args` through sct.cli.main() in this process (much faster than a
    subprocess); returns (exit code, stdout, stderr)."""
    import sys

    from sct import cli

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["sct", *args])
        try:
            cli.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
