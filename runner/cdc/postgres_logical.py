"""PostgreSQL change source: logical decoding through a replication slot with the built-in `test_decoding` plugin.

How it reads. `create_slot()` creates the slot over a replication connection and exports a snapshot in the same
step, so a full load that reads under that snapshot (`PostgresSource.snapshot`) sees exactly the data as of the
slot's start and the slot delivers exactly the transactions after it. `stream()` polls with SQL:
`pg_logical_slot_peek_changes(slot, NULL, n, 'include-xids', '1', 'include-timestamp', '1', 'skip-empty-xacts',
'1')`. Peek never moves the slot; only `confirm(position)` does (`pg_replication_slot_advance`), and the engine
calls it after the target committed what it applied. Because a peek always starts at the slot's confirmed point,
the stream remembers how far it has read and asks each peek for as many rows as it already saw that are not yet
confirmed plus `batch_changes`; transactions it has yielded (or whose position is <= `start`) are not yielded
again. The server decodes a whole transaction at its commit record, so a peek returns whole transactions only.

Values. test_decoding prints each column as `name[type]:value`, the value in its text output form (the decoding
session runs with TimeZone=UTC, DateStyle=ISO, IntervalStyle=postgres, as the endpoint's reads do). The value is
converted by psycopg's text loader for that type -- the loader `PostgresSource.read` uses for the same column, so
a decoded value equals the value a full-load read returns: int, Decimal, float, str, bytes, bool, date, time,
aware datetime in UTC for timestamptz, naive datetime, timedelta for interval, UUID, lists for arrays of known
types, json/jsonb as their text. A domain is converted as its base type (a read reports the base type too).
Types psycopg has no loader for (enums, money, bit, xml, geometric types, arrays of domains or enums...) stay
their text (str), as they do in a read.

Positions (`Lsn`). A transaction's position is the LSN test_decoding reports on its COMMIT row: the end of the
commit record. The server skips a transaction whose commit record starts before the slot's confirmed point, so
`confirm(position)` makes the slot skip that transaction and everything committed before it, and nothing after
it. The engine confirms only after the target committed a transaction, so after a crash the slot re-delivers
every transaction from the last confirmed one on, and the engine skips those whose position is <= its
checkpoint. A Heartbeat's position is a WAL insert position (a record boundary) read before a peek that decoded
everything up to the flushed WAL: every transaction committed before it has been yielded, so it is safe to
checkpoint and confirm too. `current_position()` is the WAL insert position now.

What is captured. INSERT, UPDATE, DELETE and TRUNCATE of the tables `tables(schema, table)` describes; rows of
other tables are skipped. An UPDATE carries the old key (`before`, `before_columns`) only when the key changed
or the table has REPLICA IDENTITY FULL (then the whole old row); otherwise `before` is None. A DELETE carries the
key (REPLICA IDENTITY DEFAULT or USING INDEX) or the whole row (FULL).

Not captured and limits. DDL: logical decoding does not carry it; a logged row whose columns differ from the
table the engine knows raises SchemaMismatch, and column type changes that keep the names go unnoticed (values
are converted by the logged type). A DELETE on a table without replica identity (no primary key, REPLICA
IDENTITY DEFAULT or NOTHING) raises InputError, as does an UPDATE that leaves a large (TOASTed) value unchanged
on a table without REPLICA IDENTITY FULL (the log does not hold the value); on a table with REPLICA IDENTITY
NOTHING a changed key cannot be seen. Sequences, large objects and logical messages are not captured. A
transaction is held in memory whole, and until the engine confirms, each poll decodes again what is unconfirmed,
so confirm regularly. Prepared transactions are delivered when COMMIT PREPARED runs.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from threading import Event
from typing import Any

import psycopg
from psycopg import pq
from psycopg.adapt import Transformer

from sct.errors import InputError
from sct.runner.cdc.model import Heartbeat, Lsn, RowChange, SchemaMismatch, SourceTransaction
from sct.runner.endpoints import _parse, failure
from sct.runner.endpoints.postgres import DEFAULT_PORT, _PostgresEndpoint
from sct.runner.model import TableInfo

_SLOT_NAME = re.compile(r"[a-z0-9_]{1,63}")
_PEEK_OPTIONS = "'include-xids', '1', 'include-timestamp', '1', 'skip-empty-xacts', '1'"
_MIN_PAUSE, _MAX_PAUSE = 0.02, 0.2          # seconds between polls: the shortest after news, the longest idle
_COMMIT_TIME = re.compile(r" \(at (.+)\)$")
_UNCHANGED = object()                       # the value of an `unchanged-toast-datum` column
_TOKENS = {"null": None, "unchanged-toast-datum": _UNCHANGED, "true": "t", "false": "f"}


class _Malformed(Exception):
    """test_decoding output this parser does not understand."""


class PostgresChangeSource(_PostgresEndpoint):
    """Committed changes of one PostgreSQL database, read through the logical replication slot `slot`."""

    dialect = "postgres"

    def __init__(self, dsn: str, *, slot: str):
        dialect, parts = _parse(dsn)
        if dialect != "postgres":
            raise InputError("PostgreSQL change data capture needs a postgresql:// DSN")
        if not _SLOT_NAME.fullmatch(slot):
            raise InputError(f"replication slot name {slot!r}: use 1 to 63 lower case letters, digits and _")
        super().__init__(parts)
        self.slot = slot
        self._replication: psycopg.Connection | None = None    # holds the exported snapshot
        self._loaders: dict[str, Any] = {}                      # logged type name -> psycopg text loader
        self._meta = self._connect(autocommit=True)
        self._encoding = self._meta.info.encoding

    # --- the slot ---------------------------------------------------------------------------------------------

    def check(self) -> None:
        """InputError naming the setting when this server or user cannot do logical decoding."""
        ((wal_level, max_slots, slots, ours, max_senders, senders, privileged, user),) = self._sql(
            "check logical decoding", """
            SELECT current_setting('wal_level'), current_setting('max_replication_slots')::int,
                   (SELECT count(*) FROM pg_replication_slots)::int,
                   EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = %s),
                   current_setting('max_wal_senders')::int,
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender')::int,
                   (SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user), current_user""",
            (self.slot,))
        where = f"PostgreSQL at {self._parts.where(DEFAULT_PORT)}"
        if wal_level != "logical":
            raise InputError(f"{where}: wal_level is {wal_level}; change data capture needs wal_level = logical "
                             "(ALTER SYSTEM SET wal_level = logical, then restart the server)")
        if not privileged:
            raise InputError(f"{where}: user {user} may not use logical replication; it needs the REPLICATION "
                             f"attribute (ALTER ROLE {self.quote(user)} WITH REPLICATION) or superuser")
        if not ours and slots >= max_slots:
            raise InputError(f"{where}: no free replication slot, all {max_slots} (max_replication_slots) are "
                             "in use; drop unused ones (see pg_replication_slots) or raise max_replication_slots "
                             "and restart the server")
        if not ours and senders >= max_senders:
            raise InputError(f"{where}: no free WAL sender to create the replication slot, all {max_senders} "
                             "(max_wal_senders) are in use; raise max_wal_senders and restart the server")

    def create_slot(self) -> tuple[Lsn, str]:
        """Create the slot (test_decoding) and export a snapshot in one step; returns (consistent point, snapshot
        name). The snapshot can be imported (SET TRANSACTION SNAPSHOT) until `release_snapshot()`."""
        self.release_snapshot()
        replication = _PostgresEndpoint(dataclasses.replace(
            self._parts, params={**self._parts.params, "replication": "database"}))
        conn = replication._connect(autocommit=True)
        # a replication connection speaks only the simple query protocol; PostgreSQL 15 has the option list
        export = "(SNAPSHOT 'export')" if conn.info.server_version >= 150000 else "EXPORT_SNAPSHOT"
        result = conn.pgconn.exec_(f"CREATE_REPLICATION_SLOT {self.slot} LOGICAL test_decoding {export}".encode())
        if result.status != pq.ExecStatus.TUPLES_OK:
            reason = " ".join(pq.error_message(result, conn.info.encoding).split())
            conn.close()
            raise InputError(f"cannot create the replication slot {self.slot} in PostgreSQL at "
                             f"{self._parts.where(DEFAULT_PORT)}: {reason}")
        self._replication = conn
        return Lsn.parse(result.get_value(0, 1).decode()), result.get_value(0, 2).decode()

    def release_snapshot(self) -> None:
        """Close the connection that holds the exported snapshot (the slot stays)."""
        if self._replication is not None:
            self._replication.close()
            self._replication = None

    def drop_slot(self) -> None:
        self.release_snapshot()
        self._sql("drop the replication slot", "SELECT pg_drop_replication_slot(slot_name) "
                  "FROM pg_replication_slots WHERE slot_name = %s", (self.slot,))

    def slot_exists(self) -> bool:
        return bool(self._sql("look for the replication slot",
                              "SELECT 1 FROM pg_replication_slots WHERE slot_name = %s", (self.slot,)))

    def current_position(self) -> Lsn:
        """The WAL insert position: every transaction committed so far ends at or before it."""
        return Lsn.parse(self._sql("read the WAL position", "SELECT pg_current_wal_insert_lsn()::text")[0][0])

    def parse_position(self, text: str) -> Lsn:
        try:
            return Lsn.parse(text)
        except ValueError as e:
            raise InputError(str(e)) from None

    def confirm(self, position: Lsn) -> None:
        """Advance the slot to `position`: the server may forget what committed before it. Never moves back."""
        rows = self._sql("read the replication slot", "SELECT confirmed_flush_lsn < %s::pg_lsn "
                         "FROM pg_replication_slots WHERE slot_name = %s", (str(position), self.slot))
        if not rows:
            raise self._no_slot()
        if rows[0][0]:
            self._sql("advance the replication slot", "SELECT pg_replication_slot_advance(%s, %s::pg_lsn)",
                      (self.slot, str(position)))

    def close(self) -> None:
        self.release_snapshot()
        super().close()

    # --- reading ------------------------------------------------------------------------------------------------

    def stream(self, start: Lsn, tables: Callable[[str, str], TableInfo | None], *, stop: Event | None = None,
               blocking: bool = True, heartbeat_seconds: float = 1.0,
               batch_changes: int = 5000) -> Iterator[SourceTransaction | Heartbeat]:
        """The committed transactions after `start` that touch captured tables, in commit order.

        Not blocking: read to the end of the log, yield one Heartbeat and return. Blocking: poll until `stop` is
        set, with a Heartbeat about every `heartbeat_seconds` while nothing new comes."""
        done = start                    # every transaction whose position <= done was yielded or skipped
        position = start                # where the stream is: done, or a later point all seen (see _safe_mark)
        seen: list[tuple[int, int]] = []    # (kept_while, rows) of each unit the last peek returned
        previous_mark: Lsn | None = None
        pause = _MIN_PAUSE
        last_beat = time.monotonic()
        while stop is None or not stop.is_set():
            mark, flushed, confirmed = self._marks()
            # the next peek returns again the units of the last one that are still unconfirmed: ask for those
            # rows and batch_changes more
            limit = sum(rows for kept_while, rows in seen if kept_while >= confirmed.value) + max(1, batch_changes)
            rows = self._sql("read the replication slot", "SELECT lsn::text, xid::text, data FROM "
                             f"pg_logical_slot_peek_changes(%s, NULL, %s, {_PEEK_OPTIONS})", (self.slot, limit))
            seen = []
            news = False
            for unit in _units(rows):
                seen.append((unit.kept_while, unit.rows))
                if unit.position is None or unit.position <= done:
                    continue
                done = position = unit.position
                transaction = self._transaction(unit, tables)
                if transaction.changes:
                    news = True
                    yield transaction
            if len(rows) >= limit:
                continue                # stopped at the limit: there is more to read now
            # the peek decoded all the WAL flushed when it began
            safe = _safe_mark(mark, previous_mark, flushed)
            previous_mark = mark
            if safe is not None and safe > position:
                position = done = safe
            if not blocking:
                yield Heartbeat(position, time.time())
                return
            if news:
                pause = _MIN_PAUSE
                last_beat = time.monotonic()
            else:
                if time.monotonic() - last_beat >= heartbeat_seconds:
                    yield Heartbeat(position, time.time())
                    last_beat = time.monotonic()
                pause = min(pause * 2, _MAX_PAUSE)
            if stop is not None:
                stop.wait(pause)
            else:
                time.sleep(pause)

    def _marks(self) -> tuple[Lsn, Lsn, Lsn]:
        """(WAL insert position, then the flushed position, the slot's confirmed point)."""
        rows = self._sql("read the replication slot", """
            SELECT pg_current_wal_insert_lsn()::text, pg_current_wal_flush_lsn()::text, confirmed_flush_lsn::text
            FROM pg_replication_slots WHERE slot_name = %s""", (self.slot,))
        if not rows:
            raise self._no_slot()
        insert, flushed, confirmed = (Lsn.parse(v) for v in rows[0])
        return insert, flushed, confirmed

    def _transaction(self, unit: _Unit, tables: Callable[[str, str], TableInfo | None]) -> SourceTransaction:
        changes: list[RowChange] = []
        for data in unit.data:
            try:
                changes.extend(self._changes(data, tables))
            except _Malformed:
                raise InputError(f"cannot read test_decoding output in transaction {unit.xid}: "
                                 f"{data[:200]!r}") from None
        return SourceTransaction(unit.position, unit.commit_time, changes, unit.xid)

    def _changes(self, data: str, tables: Callable[[str, str], TableInfo | None]) -> list[RowChange]:
        """The RowChanges of one `table ...` row of test_decoding output (several for a TRUNCATE of several
        tables, none for tables not captured)."""
        if not data.startswith("table "):
            return []                   # a logical decoding message
        p = _Parser(data, len("table "))
        names = [p.qualified()]
        while p.take(", "):
            names.append(p.qualified())
        p.expect(": ")
        op = p.word().lower()
        p.expect(":")
        if op not in ("insert", "update", "delete", "truncate"):
            raise _Malformed
        if op == "truncate":
            return [RowChange("truncate", s, t, ()) for s, t in names if tables(s, t) is not None]
        if len(names) != 1:
            raise _Malformed
        ((schema, table),) = names
        info = tables(schema, table)
        if info is None:
            return []
        label = f"{schema}.{table}"
        if p.take(" (no-tuple-data)"):
            raise InputError(f"PostgreSQL logged no key for {op.upper()} on {label}: the table has no replica "
                             f"identity; add a primary key or run ALTER TABLE {self._ref(schema, table)} REPLICA "
                             "IDENTITY FULL")
        old = p.tuple() if op == "delete" or p.take(" old-key:") else None
        new = None
        if op != "delete":
            if old is not None:
                p.expect(" new-tuple:")
            new = p.tuple()
        if not p.done():
            raise _Malformed
        columns = [c.name for c in info.columns]
        new_fits = new is None or [n for n, _, _ in new] == columns
        old_fits = old is None or {n for n, _, _ in old} <= set(columns)
        if not (new_fits and old_fits):
            logged = [n for n, _, _ in (new if not new_fits else old)]
            raise SchemaMismatch(f"{label}: the log has columns {logged} but the table has {columns}; the table "
                                 "was altered (logical decoding does not carry DDL)")
        before = before_columns = after = None
        if old is not None:
            before_columns = tuple(n for n, _, _ in old)
            before = tuple(self._load(schema, table, n, t, v) for n, t, v in old)
        if new is not None:
            # REPLICA IDENTITY FULL: a large value the UPDATE left alone is in the old row only
            olds = {n: (t, v) for n, t, v in old or []}
            new = [(n, *olds[n]) if v is _UNCHANGED and n in olds else (n, t, v) for n, t, v in new]
            after = tuple(self._load(schema, table, n, t, v) for n, t, v in new)
        return [RowChange(op, schema, table, before_columns if op == "delete" else tuple(columns), before=before,
                          after=after, before_columns=before_columns)]

    def _load(self, schema: str, table: str, column: str, type_name: str, text: Any) -> Any:
        """The Python value of a logged text value, as PostgresSource.read gives it for that type."""
        if text is None:
            return None
        if text is _UNCHANGED:
            raise InputError(f"{schema}.{table}.{column}: an UPDATE left this large (TOASTed) value unchanged and "
                             f"PostgreSQL did not log it; run ALTER TABLE {self._ref(schema, table)} REPLICA "
                             "IDENTITY FULL so the old row is logged whole")
        loader = self._loaders.get(type_name)
        if loader is None:
            loader = self._loaders[type_name] = self._loader(type_name)
        return loader.load(text.encode(self._encoding))

    def _loader(self, type_name: str) -> Any:
        """psycopg's text loader for a type test_decoding names (format_type): a domain's base type, like the
        type a query result reports; the plain text loader for a type that no longer exists."""
        rows = self._sql("look up a column type", """
            WITH RECURSIVE t(oid, typtype, typbasetype) AS (
                SELECT oid, typtype, typbasetype FROM pg_type WHERE oid = to_regtype(%s)
                UNION ALL
                SELECT b.oid, b.typtype, b.typbasetype FROM t JOIN pg_type b ON b.oid = t.typbasetype
                WHERE t.typtype = 'd')
            SELECT oid::int FROM t WHERE typtype <> 'd'""", (type_name,))
        with self._lock:
            return Transformer(self._meta_conn()).get_loader(rows[0][0] if rows else 0, pq.Format.TEXT)

    def _sql(self, what: str, sql: str, params: tuple | None = None) -> list[tuple]:
        """Run a query on the catalog connection: ConnectionFailed when the connection broke, InputError naming
        `what` for an error of the server."""
        try:
            return self._query(sql, params)
        except psycopg.Error as e:
            if self._meta is None or self._meta.closed:
                raise failure(self._parts, "PostgreSQL", e, DEFAULT_PORT) from None
            reason = " ".join(str(e).split())
            raise InputError(f"PostgreSQL at {self._parts.where(DEFAULT_PORT)}, replication slot {self.slot}: "
                             f"cannot {what}: {reason}") from None

    def _no_slot(self) -> InputError:
        return InputError(f"the replication slot {self.slot} does not exist in PostgreSQL at "
                          f"{self._parts.where(DEFAULT_PORT)} (was it dropped?); start change data capture again "
                          "with a full load")


def _safe_mark(mark: Lsn, previous_mark: Lsn | None, flushed: Lsn) -> Lsn | None:
    """The latest of two WAL insert positions (each read before the flushed position) that is flushed: a peek
    that read all flushed WAL decoded every commit record that starts before it (an insert position is a record
    boundary), so every transaction committed before it was seen. None when neither is flushed yet."""
    if mark <= flushed:
        return mark
    if previous_mark is not None and previous_mark <= flushed:
        return previous_mark
    return None


@dataclass
class _Unit:
    """A transaction in peek output (BEGIN .. COMMIT), or one row outside any (a logical decoding message)."""

    kept_while: int                 # the server returns this unit again while its confirmed point is <= this
    rows: int                       # how many peek rows it took
    position: Lsn | None = None     # a transaction: its COMMIT row's LSN
    xid: str | None = None
    commit_time: float = 0.0
    data: list[str] = field(default_factory=list)


def _units(rows: list[tuple[str, str, str]]) -> Iterator[_Unit]:
    unit: _Unit | None = None
    for lsn, xid, data in rows:
        if unit is None and data.startswith("BEGIN"):
            unit = _Unit(0, 1, xid=xid)
        elif unit is None:
            # a message is skipped once its record starts before the confirmed point
            yield _Unit(Lsn.parse(lsn).value, 1)
        elif data.startswith("COMMIT"):
            unit.rows += 1
            unit.position = Lsn.parse(lsn)
            # a transaction is skipped once its commit record starts before the confirmed point: confirming its
            # COMMIT row's LSN (the record's end) does that
            unit.kept_while = unit.position.value - 1
            found = _COMMIT_TIME.search(data)
            unit.commit_time = datetime.fromisoformat(found.group(1)).timestamp() if found else 0.0
            yield unit
            unit = None
        else:
            unit.rows += 1
            unit.data.append(data)


class _Parser:
    """A cursor over one row of test_decoding output:
    `table public."My Table": UPDATE: old-key: id[integer]:1 new-tuple: id[integer]:2 name[text]:'it''s'`."""

    def __init__(self, text: str, pos: int = 0):
        self.text = text
        self.pos = pos

    def done(self) -> bool:
        return self.pos == len(self.text)

    def take(self, literal: str) -> bool:
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        return False

    def expect(self, literal: str) -> None:
        if not self.take(literal):
            raise _Malformed

    def word(self) -> str:
        end = self.pos
        while end < len(self.text) and self.text[end].isalpha():
            end += 1
        word, self.pos = self.text[self.pos:end], end
        return word

    def identifier(self) -> str:
        """A name as quote_identifier writes it: bare (a-z 0-9 _) or in double quotes, "" for a quote."""
        if self.take('"'):
            return self._quoted('"')
        end = self.pos
        while end < len(self.text) and self.text[end] not in '.:[ ,':
            end += 1
        if end == self.pos:
            raise _Malformed
        name, self.pos = self.text[self.pos:end], end
        return name

    def qualified(self) -> tuple[str, str]:
        schema = self.identifier()
        self.expect(".")
        return schema, self.identifier()

    def tuple(self) -> list[tuple[str, str, Any]]:
        """` name[type]:value ...` up to the end or ` new-tuple:`: [(name, type name, text or None or
        _UNCHANGED)]."""
        columns = []
        while not self.done() and not self.text.startswith(" new-tuple:", self.pos):
            self.expect(" ")
            name = self.identifier()
            self.expect("[")
            type_name = self._type_name()
            columns.append((name, type_name, self._value()))
        return columns

    def _type_name(self) -> str:
        """format_type's name up to `]:` ("integer[]", "character varying", public."My Type")."""
        start, quoted = self.pos, False
        for end in range(self.pos, len(self.text)):
            c = self.text[end]
            if c == '"':
                quoted = not quoted
            elif c == "]" and not quoted and self.text.startswith(":", end + 1):
                self.pos = end + 2
                return self.text[start:end]
        raise _Malformed

    def _value(self) -> Any:
        """A quoted literal ('' for a quote; B'0101' for bit strings), or a bare token: a number, null, true,
        false, unchanged-toast-datum."""
        if self.take("'") or self.take("B'"):
            return self._quoted("'")
        end = self.text.find(" ", self.pos)
        end = len(self.text) if end < 0 else end
        token, self.pos = self.text[self.pos:end], end
        return _TOKENS.get(token, token)

    def _quoted(self, quote: str) -> str:
        parts = []
        while True:
            end = self.text.find(quote, self.pos)
            if end < 0:
                raise _Malformed
            parts.append(self.text[self.pos:end])
            self.pos = end + 1
            if not self.take(quote):
                return "".join(parts)
            parts.append(quote)
