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

CREATE FUNCTION does not check a PL/pgSQL body beyond its syntax: a missing table or column, a wrong type or
an unknown function only shows when the routine runs. So once every unit is applied, each PL/pgSQL function,
procedure and trigger function a unit created (or replaced with a new body) is checked with the extension
plpgsql_check (`CREATE EXTENSION IF NOT EXISTS plpgsql_check` in the scratch area, then
`plpgsql_check_function_tb`; a trigger function once for each table one of its triggers is on, with the
trigger's transition tables). Every error it finds is recorded on the unit's object like a rejection
(`verification_error`, OR090), with the SQLSTATE, the line of the routine's body and, when the body appears
as is in the unit, the line of the target SQL. Warnings are not reported. When the extension cannot be
created (not installed on the server, or the role is no superuser), the bodies are verified by CREATE only
and `VerifyResult.plpgsql_check_unavailable` says why. A trigger function no trigger uses cannot be checked
(plpgsql_check needs the table) and is left as CREATE accepted it.
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
PLPGSQL_CHECK = "plpgsql_check"

# A unit that may create or replace a routine (plain text test: the catalog is only read for those).
_ROUTINE_WORDS = re.compile(r"\b(?:FUNCTION|PROCEDURE)\b", re.I)
# The PL/pgSQL routines outside the system schemas, each with a digest of its body: a new oid or a new
# digest after a unit means the unit created the routine or replaced its body (a GRANT or an ALTER does not).
_PLPGSQL_ROUTINES = """
    SELECT p.oid, md5(p.prosrc)
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE l.lanname = 'plpgsql'
      AND p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    ORDER BY p.oid"""
_ROUTINE_INFO = """
    SELECT p.oid, p.oid::regprocedure::text, p.prokind, p.prorettype = 'trigger'::regtype, p.prosrc
    FROM pg_proc p WHERE p.oid = ANY(%s::oid[])"""
# The distinct tables (and transition tables) of the user triggers that run a function.
_TRIGGER_RELATIONS = """
    SELECT DISTINCT tgrelid, tgrelid::regclass::text, tgoldtable::text, tgnewtable::text
    FROM pg_trigger WHERE tgfoid = %s AND NOT tgisinternal
    ORDER BY 2, 3, 4"""


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
    plpgsql_check: str | None = None                # version of plpgsql_check, when bodies were checked
    routines_checked: int = 0                       # PL/pgSQL routines plpgsql_check looked at
    plpgsql_check_unavailable: str | None = None    # why the PL/pgSQL bodies were verified by CREATE only


@dataclass
class _Applied:
    """What `_apply` did, before it becomes a VerifyResult."""

    applied: int = 0
    failed: int = 0
    plpgsql_check: str | None = None
    routines_checked: int = 0
    plpgsql_check_unavailable: str | None = None

    def result(self, database: str, server_version: str, schema: str | None = None) -> VerifyResult:
        return VerifyResult(self.applied, self.failed, database, server_version, schema, self.plpgsql_check,
                            self.routines_checked, self.plpgsql_check_unavailable)


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
                outcome = _apply(units, conn, where)
        finally:
            _drop(admin, dsn, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), scratch)
    return outcome.result(scratch, server_version)


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
            outcome = _apply(units, conn, where)
    finally:
        _drop(admin, dsn, sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE"), scratch)
    return outcome.result(database, server_version, schema=scratch)


def _apply(units: list[VerifyUnit], conn: psycopg.Connection, where: str) -> _Applied:
    conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
    conn.execute("SET synchronous_commit = off")     # a scratch area: no need to wait for the disk
    outcome = _Applied()
    routines = _Routines(conn)
    for unit in units:
        try:
            # No parameters: psycopg sends the text as is (simple query protocol), several statements allowed.
            conn.execute(unit.sql)
        except psycopg.Error as e:
            _still_connected(conn, where, f"applying {unit.obj.label}", e)
            _reject(unit, e)
            outcome.failed += 1
        else:
            outcome.applied += 1
            if _ROUTINE_WORDS.search(unit.sql):
                routines.claim(unit)
    if routines.owners:
        _check_plpgsql(units, routines.owners, conn, where, outcome)
    return outcome


def _still_connected(conn: psycopg.Connection, where: str, doing: str, error: psycopg.Error) -> None:
    if conn.broken:
        raise ConnectionFailed(f"lost the connection to PostgreSQL at {where} while {doing}: "
                               f"{_one_line(str(error))}") from None


class _Routines:
    """Which unit created each PL/pgSQL routine (the last unit that gave it its current body)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.seen = self._snapshot()
        self.owners: dict[int, VerifyUnit] = {}

    def _snapshot(self) -> dict[int, str]:
        return dict(self.conn.execute(_PLPGSQL_ROUTINES).fetchall())

    def claim(self, unit: VerifyUnit) -> None:
        now = self._snapshot()
        for oid, digest in now.items():
            if self.seen.get(oid) != digest:
                self.owners[oid] = unit
        self.seen = now


def _check_plpgsql(units: list[VerifyUnit], owners: dict[int, VerifyUnit], conn: psycopg.Connection,
                   where: str, outcome: _Applied) -> None:
    """Run plpgsql_check on every routine in `owners`; mark the units whose routines have errors."""
    try:
        conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(PLPGSQL_CHECK)))
    except psycopg.Error as e:
        _still_connected(conn, where, f"creating the extension {PLPGSQL_CHECK}", e)
        reason = f"{e.sqlstate} {e.diag.message_primary or _one_line(str(e))}"
        outcome.plpgsql_check_unavailable = (
            f"the extension {PLPGSQL_CHECK} could not be created at {where} ({reason}): the bodies of "
            f"{len(owners)} PL/pgSQL routine(s) were verified by CREATE only, which does not find missing "
            "tables or columns or type errors in them; install it (Debian: postgresql-N-plpgsql-check for "
            "server major version N) and verify as a superuser")
        return
    schema, version = conn.execute(
        "SELECT n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = %s", (PLPGSQL_CHECK,)).fetchone()
    outcome.plpgsql_check = version
    check = sql.SQL(
        "SELECT lineno, sqlstate, message, detail, hint, level, query, context "
        "FROM {}.plpgsql_check_function_tb(%s::oid::regprocedure, %s::oid::regclass, "
        "oldtable => %s, newtable => %s, fatal_errors => false, without_warnings => true)"
    ).format(sql.Identifier(schema))
    position = {id(u): n for n, u in enumerate(units)}
    errors: dict[int, list[str]] = {}           # id(unit) -> the error texts, in order, once each
    info = conn.execute(_ROUTINE_INFO, (list(owners),)).fetchall()     # without those a later unit dropped
    info.sort(key=lambda row: (position[id(owners[row[0]])], row[1]))
    for oid, signature, prokind, is_trigger, body in info:
        unit = owners[oid]
        label = "procedure" if prokind == "p" else "trigger function" if is_trigger else "function"
        if is_trigger:
            targets = conn.execute(_TRIGGER_RELATIONS, (oid,)).fetchall()
            if not targets:
                continue            # plpgsql_check needs the table of a trigger; no trigger uses this one
        else:
            targets = [(0, None, None, None)]
        outcome.routines_checked += 1
        for relid, table, old, new in targets:
            where_checked = f"{label} {signature}" + (f" for its trigger on {table}" if table else "")
            try:
                rows = conn.execute(check, (oid, relid, old, new)).fetchall()
            except psycopg.Error as e:
                _still_connected(conn, where, f"checking {where_checked} with {PLPGSQL_CHECK}", e)
                rows = [(None, e.sqlstate, f"{PLPGSQL_CHECK} could not check it: "
                         f"{e.diag.message_primary or _one_line(str(e))}", e.diag.message_detail,
                         e.diag.message_hint, "error", None, None)]
            for lineno, sqlstate, message, detail, hint, level, query, context in rows:
                if level != "error":
                    continue
                text = _check_error_text(unit.sql, body, where_checked, lineno, sqlstate, message, detail,
                                         hint, query, context)
                found = errors.setdefault(id(unit), [])
                if text not in found:
                    found.append(text)
    for unit in units:
        found = errors.get(id(unit))
        if not found:
            continue
        more = f" (and {len(found) - 1} more {PLPGSQL_CHECK} error(s), see the findings)"
        unit.obj.verification_error = found[0] + (more if len(found) > 1 else "")
        for text in found:
            fire(unit.obj, "OR090", message=f"{PLPGSQL_CHECK} found an error: {text}")
        outcome.applied -= 1
        outcome.failed += 1


def _check_error_text(unit_sql: str, body: str, where_checked: str, lineno: int | None, sqlstate: str | None,
                      message: str, detail: str | None, hint: str | None, query: str | None,
                      context: str | None) -> str:
    """One plpgsql_check error, worded like a rejection: `SQLSTATE message (where); QUERY, DETAIL, ...`."""
    place = f"{PLPGSQL_CHECK}, {where_checked}"
    if lineno:
        place += f", line {lineno} of its body"
        # the line of the target SQL, when the body is in the unit exactly once (dollar-quoted, as written)
        start = unit_sql.find(body) if body.strip() else -1
        if start >= 0 and unit_sql.find(body, start + 1) < 0:
            place += f" (line {_line_of(unit_sql, start + 1) + lineno - 1} of the target SQL)"
    text = f"{sqlstate or 'XX000'} {_one_line(message)} ({place})"
    if query:
        text += f"; QUERY: {_one_line(query)}"
    if detail:
        text += f"; DETAIL: {_one_line(detail)}"
    if hint:
        text += f"; HINT: {_one_line(hint)}"
    if context:
        text += f"; CONTEXT: {_one_line(context)}"
    return text


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
