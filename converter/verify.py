"""Verification: apply converted objects one by one to a real PostgreSQL, in a scratch area dropped after use.

`verify` creates a database `sct_verify_<12 hex>` (from template0, so it starts as clean as a new database),
applies each unit's SQL in order and drops the database `WITH (FORCE)` whatever happens. Each unit is sent as
one simple query in autocommit mode, so PostgreSQL runs a unit of several statements as one implicit
transaction: a rejected unit leaves nothing behind and the units after it still run. A rejected unit is marked
on its object (`verification_error`, finding OR090); units that depend on it then fail with PostgreSQL's own
message ("relation ... does not exist"), which is the truth about what a real run would do.

When the role may not create databases, `verify` falls back to a scratch schema `sct_verify_<12 hex>` in the
DSN's database, first on the search_path, dropped with CASCADE at the end. In that mode only unqualified
names land in the scratch schema: a unit that names a schema (`CREATE TABLE hr.emp`) or sets its own
search_path creates objects outside it, and those are not dropped. Prefer a role with CREATEDB.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from sct.converter.findings import fire
from sct.converter.ir import SchemaObject
from sct.errors import ConnectionFailed, SctError

__all__ = ["VerifyResult", "VerifyUnit", "verify"]

CONNECT_TIMEOUT = 5                 # seconds
STATEMENT_TIMEOUT = "5min"          # a unit running longer than this (a runaway DO block) is rejected
PREFIX = "sct_verify_"


@dataclass
class VerifyUnit:
    """One object and the target SQL that creates it (one or more statements)."""

    obj: SchemaObject
    sql: str


@dataclass
class VerifyResult:
    """What a verification run did. `database` is the scratch database (dropped by the time you read this);
    in scratch-schema mode it is the DSN's database and `schema` names the (dropped) scratch schema."""

    applied: int
    failed: int
    database: str
    server_version: str
    schema: str | None = None


def verify(units: list[VerifyUnit], dsn: str) -> VerifyResult:
    """Apply `units` in order to a scratch database on the server at `dsn`; mark the ones PostgreSQL rejects.

    Raises ConnectionFailed when the server cannot be reached (the message never contains the password).
    """
    where = _describe(dsn)
    scratch = PREFIX + uuid.uuid4().hex[:12]
    with _connect(dsn) as admin:
        server_version = admin.execute("SHOW server_version").fetchone()[0].split()[0]
        try:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch)))
        except psycopg.errors.InsufficientPrivilege:
            return _verify_in_schema(units, dsn, where, admin, scratch, server_version)
        try:
            with _connect(dsn, scratch) as conn:
                applied, failed = _apply(units, conn, where)
        finally:
            _drop(admin, dsn, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), scratch)
    return VerifyResult(applied, failed, scratch, server_version)


def _verify_in_schema(units: list[VerifyUnit], dsn: str, where: str, admin: psycopg.Connection,
                      scratch: str, server_version: str) -> VerifyResult:
    """The fallback when the role cannot CREATE DATABASE: a scratch schema first on the search_path."""
    database = admin.info.dbname
    try:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(scratch)))
    except psycopg.errors.InsufficientPrivilege as e:
        raise SctError(f"cannot verify: the role at {where} may create neither a database nor a schema "
                       f"({_one_line(str(e))}); grant it CREATEDB") from None
    try:
        with _connect(dsn) as conn:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(scratch)))
            applied, failed = _apply(units, conn, where)
    finally:
        _drop(admin, dsn, sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE"), scratch)
    return VerifyResult(applied, failed, database, server_version, schema=scratch)


def _apply(units: list[VerifyUnit], conn: psycopg.Connection, where: str) -> tuple[int, int]:
    conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
    conn.execute("SET synchronous_commit = off")     # a scratch area: no need to wait for the disk
    applied = failed = 0
    for unit in units:
        try:
            # No parameters: psycopg sends the text as is (simple query protocol), several statements allowed.
            conn.execute(unit.sql)
        except psycopg.Error as e:
            if conn.broken:
                raise ConnectionFailed(f"lost the connection to PostgreSQL at {where} while applying "
                                       f"{unit.obj.label}: {_one_line(str(e))}") from None
            _reject(unit, e)
            failed += 1
        else:
            applied += 1
    return applied, failed


def _reject(unit: VerifyUnit, error: psycopg.Error) -> None:
    """Record PostgreSQL's verdict on the unit's object."""
    diag = error.diag
    text = f"{error.sqlstate or type(error).__name__} {diag.message_primary or _one_line(str(error))}"
    if diag.statement_position:
        text += f" (line {_line_of(unit.sql, int(diag.statement_position))} of the target SQL)"
    if diag.message_detail:
        text += f"; DETAIL: {_one_line(diag.message_detail)}"
    if diag.message_hint:
        text += f"; HINT: {_one_line(diag.message_hint)}"
    if diag.context:
        text += f"; CONTEXT: {_one_line(diag.context)}"
    unit.obj.verification_error = text
    fire(unit.obj, "OR090", message=f"PostgreSQL rejected it: {text}")


def _line_of(text: str, position: int) -> int:
    """The 1-based line of a PostgreSQL error position (1-based, counted in characters)."""
    return text.count("\n", 0, max(position - 1, 0)) + 1


def _connect(dsn: str, dbname: str | None = None) -> psycopg.Connection:
    """An autocommit connection to `dsn` (or to `dbname` on the same server), with a short timeout."""
    overrides = {"dbname": dbname} if dbname else {}
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT, **overrides)
    except psycopg.Error as e:
        raise ConnectionFailed(f"cannot connect to PostgreSQL at {_describe(dsn, dbname)}: "
                               f"{_scrub(_one_line(str(e)), dsn)}") from None


def _drop(admin: psycopg.Connection, dsn: str, statement: sql.SQL, scratch: str) -> None:
    """Drop the scratch area, reconnecting once if the admin connection was lost meanwhile."""
    query = statement.format(sql.Identifier(scratch))
    if admin.broken or admin.closed:
        with _connect(dsn) as again:
            again.execute(query)
    else:
        admin.execute(query)


def _describe(dsn: str, dbname: str | None = None) -> str:
    """`host:port database` for messages: enough to find the server, never the password."""
    if _ambiguous_uri(dsn):
        raise ConnectionFailed("invalid PostgreSQL connection URI: a '@' or '/' in the user name or password "
                               "must be percent-encoded (%40, %2F)")
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.Error as e:
        raise ConnectionFailed(f"invalid PostgreSQL connection string: {_scrub(_one_line(str(e)), dsn)}") \
            from None
    host = params.get("host") or params.get("hostaddr") or os.environ.get("PGHOST") or "the local socket"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    user = params.get("user") or os.environ.get("PGUSER")
    dbname = dbname or params.get("dbname") or os.environ.get("PGDATABASE") or user or "(default)"
    return f"{host}:{port} database {dbname}"


def _ambiguous_uri(dsn: str) -> bool:
    """Whether a URI has a '@' or '/' in its user info that libpq would read as part of the host or path.

    libpq ends the user info at the first '@' or '/': with `postgresql://u:p@ss@host/db` the host would be
    `ss@host`, with `postgresql://u:p/ss@host/db` it would be `u` (port `p`), so the password would show in
    messages about the host. Such a URI is refused with a message that does not repeat it.
    """
    scheme = re.match(r"postgres(?:ql)?://", dsn)
    if scheme is None:
        return False
    rest = dsn[scheme.end():]
    cut = re.search(r"[@/]", rest)
    if cut is None:
        return False
    after = rest[cut.end():]
    if cut.group() == "@":
        return "@" in re.split(r"[/?]", after, maxsplit=1)[0]      # a second '@' inside the host part
    return "@" in after.split("?", 1)[0]                             # a '@' after a '/' in the user info


_PASSWORDS = (
    re.compile(r"://[^:/@\s]*:([^@\s]+)@"),                         # URI: postgresql://user:secret@host
    re.compile(r"password\s*=\s*('(?:[^'\\]|\\.)*'?|\S+)", re.I),   # keyword: password=secret
)


def _scrub(message: str, dsn: str) -> str:
    """Remove anything that looks like the DSN's password from a message (libpq may quote the DSN)."""
    for pattern in _PASSWORDS:
        for match in pattern.finditer(dsn):
            secret = match.group(1).strip("'")
            if secret:
                message = message.replace(secret, "***")
    return message


def _one_line(text: str) -> str:
    return " ".join(text.split())
