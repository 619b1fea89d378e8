"""Full load and change data capture: the handoff between them, the capture loop, checkpoints and cutover.

    sct migrate task.yaml --mode full-load-and-cdc     load, then apply changes until stopped or cut over
    sct migrate task.yaml --mode cdc [--start-position P]
    sct cutover task.yaml                              catch up, stop, resync sequences, validate, report

## Why no change is lost or applied twice

MySQL/MariaDB source. Each full-load unit (a table, or a key range of it) is read in its own consistent snapshot
(START TRANSACTION WITH CONSISTENT SNAPSHOT), and MariaDB reports the binary log position that snapshot matches
(`binlog_snapshot_file`/`_position`): every transaction logged before that position is in the snapshot, none
after. The position is committed in sct_control.units together with the unit's rows. Capture then reads the
log from the smallest unit position; a logged transaction ends at position P (its commit event), and a change
to a row is applied exactly when P is past the snapshot position of the unit that holds the row's key: the
units' key ranges cover every key once, so each change is judged against the one snapshot that did or did not
contain it. An UPDATE that moves a row's key from one unit's range to another's is judged on both sides: it
becomes a DELETE of the old key (when the old unit's snapshot predates it), an INSERT of the new row (when the
new unit's snapshot predates it), both (the UPDATE itself), or nothing. Past the largest unit position every
change is applied. Tables are split into ranges only over integer keys during such a run, because a range is
matched in Python and string order would differ from the source collation's.

PostgreSQL source. Before the load, a logical replication slot is created over a replication connection that
exports its snapshot; every unit reads that one snapshot (SET TRANSACTION SNAPSHOT), and the slot streams
exactly the transactions that committed after it. No per-unit filtering is needed.

Apply. Changes are applied in source commit order in batches of whole source transactions; each batch is
one target transaction that also writes the batch's last source position to sct_control.cdc_state. A crash at
any point leaves the target with either the whole batch and its position, or neither; capture restarts at the
recorded position, and the source yields only the transactions after it (PostgreSQL: the slot is advanced only
after the target committed, so nothing the target lacks is discarded). So every change is applied once.

DDL (MySQL logs it as statements): ADD COLUMN of a nullable column or one with a constant default is applied to
the target and capture goes on; TRUNCATE is applied; index changes are logged and left to the user; any other
change to a captured table (DROP/MODIFY/RENAME COLUMN, DROP/RENAME TABLE, statement-logged DML) stops the task
with the statement and its position. PostgreSQL's logical decoding carries no DDL: a row that no longer fits
the table stops the task.
"""

from __future__ import annotations

import bisect
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sct.errors import InputError, SctError
from sct.runner import control
from sct.runner.cdc.apply import Applier, ApplyError
from sct.runner.cdc.metrics import Metrics, serve
from sct.runner.cdc.model import (
    BinlogPosition,
    Heartbeat,
    Lsn,
    RowChange,
    SchemaChange,
    SchemaMismatch,
    SourceTransaction,
)
from sct.runner.cdc.settings import CdcSettings
from sct.runner.model import TableMapping

HEARTBEAT_EVERY = 1.0           # seconds between writes of the capture's heartbeat and metrics to sct_control
ALIVE_SECONDS = 15.0            # a capture whose heartbeat is older is taken for dead (by `sct cutover`)


class CaptureStopped(SctError):
    """The capture stopped on something a person must look at (DDL, a refused change); exit code 1."""

    exit_code = 1


@dataclass
class CaptureResult:
    status: str                             # stopped | caught-up | stop-position | cut-over | failed
    position: str | None = None
    changes: int = 0
    transactions: int = 0
    validation: dict | None = None
    metrics: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and (self.validation is None or all(v["ok"] for v in self.validation.values()))


# --- sources -----------------------------------------------------------------------------------------------

def open_change_source(settings: Any) -> Any:
    from sct.runner.endpoints import _parse

    dialect, _ = _parse(settings.source)
    if dialect == "mysql":
        from sct.runner.cdc.mysql_binlog import MySQLChangeSource
        return MySQLChangeSource(settings.source)
    if dialect == "postgres":
        from sct.runner.cdc.postgres_logical import PostgresChangeSource
        return PostgresChangeSource(settings.source, slot=slot_name(settings))
    raise InputError("change data capture reads MySQL/MariaDB binary logs and PostgreSQL logical decoding; "
                     "an SQLite source can only be loaded (--mode full-load)")


def slot_name(settings: Any) -> str:
    cdc = settings.cdc or CdcSettings()
    if cdc.slot:
        return cdc.slot
    import re
    return "sct_" + re.sub(r"[^a-z0-9_]", "_", settings.task_id.lower())[:40]    # room for a _r<time> suffix


# --- the whole run -----------------------------------------------------------------------------------------

def run_migration(settings: Any, log: Callable[[str], None] = print, stop: threading.Event | None = None,
                  cutover: bool = False) -> tuple[Any, CaptureResult | None]:
    """`sct migrate`: full load, full load then capture, or capture only. Returns (LoadResult or None,
    CaptureResult or None)."""
    from sct.runner.full_load import run_full_load

    settings.cdc = settings.cdc or CdcSettings()
    if settings.mode == "full-load":
        return run_full_load(settings, log), None
    changes = open_change_source(settings)
    try:
        for flag, text in (("--start-position", settings.cdc.start_position),
                           ("--stop-position", settings.cdc.stop_position)):
            if text:
                try:
                    parsed = changes.parse_position(text)
                except (ValueError, InputError) as error:
                    raise InputError(f"{flag}: {error}") from None
                if flag == "--stop-position" and type(parsed) is not type(changes.current_position()):
                    raise InputError(f"--stop-position {text}: give a position of the log itself "
                                     f"(e.g. {changes.current_position()}), not a GTID state")
        changes.check()
        load = None
        if settings.mode == "full-load-and-cdc" and not _load_finished(settings):
            load = _full_load_for_cdc(settings, changes, log)
            if any(u.error for u in load.units):
                log("migrate: change data capture not started: units failed to load (fix and run with --resume)")
                return load, None
        return load, capture(settings, changes, log, stop=stop, cutover=cutover)
    finally:
        changes.close()


def _load_finished(settings: Any) -> bool:
    """A resumed full-load-and-cdc run whose load is complete goes straight to capture."""
    if not settings.resume:
        return False
    from sct.runner.endpoints import open_target

    target = open_target(settings.target)
    try:
        units = control.unit_positions(target, settings.task_id)
    finally:
        target.close()
    return bool(units) and all(u[5] == "done" for u in units)


def _full_load_for_cdc(settings: Any, changes: Any, log: Callable[[str], None]) -> Any:
    from sct.runner.full_load import run_full_load

    if changes.dialect != "postgres":
        return run_full_load(settings, log)
    # one exported snapshot for every unit. On a resume, the slot made by the first attempt keeps streaming from
    # its own start; the units still to load read a new temporary slot's snapshot and are marked with its start,
    # so the changes between the two starts are filtered per unit exactly as for a MySQL source.
    resuming = settings.resume and changes.slot_exists()
    if not resuming:
        changes.drop_slot()
        exporter = changes
    else:
        exporter = type(changes)(settings.source, slot=f"{changes.slot}_r{int(time.time())}")
    position, snapshot = exporter.create_slot()
    settings.snapshot, settings.snapshot_position = snapshot, str(position)
    log(f"migrate: replication slot {exporter.slot} at {position}; the load reads its snapshot")
    try:
        return run_full_load(settings, log)
    finally:
        exporter.release_snapshot()
        settings.snapshot = None
        if exporter is not changes:
            exporter.drop_slot()
            exporter.close()


# --- the handoff -------------------------------------------------------------------------------------------

class Handoff:
    """Which changes the full load's snapshots already hold (see the module docstring)."""

    def __init__(self, units: list[tuple], mappings: list[TableMapping], parse: Callable[[str], Any]):
        from sct.runner.full_load import _key_parser

        by_label = {m.label: m for m in mappings}
        ranges: dict[tuple, list[tuple[Any, Any, Any]]] = {}
        self.columns: dict[tuple, str | None] = {}
        positions = []
        for _unit_id, table, column, low, high, _status, position in units:
            mapping = by_label.get(table)
            if mapping is None or position is None:
                continue
            pos = parse(position)
            positions.append(pos)
            key = (mapping.source.schema, mapping.source.name)
            read = _key_parser(mapping, column) if column else (lambda v: v)
            ranges.setdefault(key, []).append((read(low) if column else None, read(high) if column else None, pos))
            self.columns[key] = column
        self.ranges = {k: sorted(v, key=lambda r: (r[0] is not None, r[0] if r[0] is not None else 0))
                       for k, v in ranges.items()}
        self.lows = {k: [r[0] for r in v[1:]] for k, v in self.ranges.items()}
        self.start = min(positions) if positions else None
        self.end = max(positions) if positions else None

    def settled(self, position: Any) -> bool:
        """Past every unit's snapshot: every change applies."""
        return self.end is None or position > self.end

    def _unit_position(self, key: tuple, image: dict | None) -> Any:
        ranges = self.ranges[key]
        if len(ranges) == 1 or image is None:
            return ranges[0][2]
        value = image.get(self.columns[key])
        return ranges[bisect.bisect_right(self.lows[key], value)][2]

    def filter(self, txn: SourceTransaction) -> list[RowChange]:
        out = []
        for change in txn.changes:
            key = (change.schema, change.table)
            if key not in self.ranges:
                out.append(change)
                continue
            after = change.new() or None
            before = change.key_image() or None
            if change.op == "insert":
                if txn.position > self._unit_position(key, after):
                    out.append(change)
            elif change.op == "delete":
                if txn.position > self._unit_position(key, before):
                    out.append(change)
            elif change.op == "update":
                old_ok = txn.position > self._unit_position(key, before)
                new_ok = txn.position > self._unit_position(key, after)
                if old_ok and new_ok:
                    out.append(change)
                elif old_ok:
                    out.append(RowChange("delete", change.schema, change.table, change.columns, change.before,
                                         None, change.before_columns))
                elif new_ok:
                    out.append(RowChange("insert", change.schema, change.table, change.columns, None, change.after))
            else:                   # truncate: all units of the table must agree
                verdicts = {txn.position > r[2] for r in self.ranges[key]}
                if verdicts == {True}:
                    out.append(change)
                elif verdicts != {False}:
                    raise CaptureStopped(f"{change.schema}.{change.table} was truncated on the source at {txn.position} "
                                         "while its key ranges were being loaded: reload the table")
        return out


# --- the capture loop ----------------------------------------------------------------------------------------

class Capture:
    def __init__(self, settings: Any, changes: Any, log: Callable[[str], None], stop: threading.Event | None):
        from sct.runner.endpoints import open_source, open_target
        from sct.runner.full_load import _mappings, _target_types, mask
        from sct.runner.values import ValuePolicy

        self.settings, self.changes, self.log = settings, changes, log
        self.cdc: CdcSettings = settings.cdc or CdcSettings()
        self.stop = stop or threading.Event()
        self.task_id = settings.task_id
        self.source = open_source(settings.source)
        self.target = open_target(settings.target)
        self.masked_source = mask(settings.source)
        self.mappings = _mappings(settings, self.source, self.target.dialect, log)
        if not self.mappings:
            raise InputError("no source table is selected (check the selection rules)")
        self.state = self._state()
        if self.state and self.state["tables"] and settings.resume:
            self.mappings = [self._remap(table_from_json(self.state["tables"][m.label]))
                             if m.label in self.state["tables"] else m for m in self.mappings]
        self.policy = ValuePolicy(zero_dates=settings.zero_dates, nul_bytes=settings.nul_bytes,
                                  invalid_utf8=settings.invalid_utf8)
        self.target_types = _target_types(self.target, self.mappings)
        try:
            self.applier = Applier(self.target, self.source.dialect, self.mappings, self.target_types, self.policy,
                                   source=self.source)
        except SchemaMismatch as error:
            raise InputError(str(error)) from None
        self.by_source = {(m.source.schema, m.source.name): m for m in self.mappings}
        self.metrics = Metrics()
        self.conn = self.target.connection()
        self.batch: list[SourceTransaction] = []
        self.batch_changes = 0
        self.batch_started: float | None = None
        self.last_position: Any = None          # of the last transaction read (or DDL handled)
        self.saved_position: Any = None         # committed on the target
        self.last_heartbeat = 0.0
        self.goal: Any = None                   # cutover: stop once the source position reaches this
        self.recheck = Rechecker(self) if self.cdc.validate else None

    def _state(self) -> dict | None:
        conn = self.target.connection()
        try:
            control.ensure(self.target, conn)
            state = control.cdc_read(self.target, conn, self.task_id)
            conn.commit()
            return state
        finally:
            conn.close()

    def save_tables(self) -> None:
        """Record the captured tables' columns as of the position being committed (same transaction)."""
        control.cdc_save_tables(self.target, self.conn, self.task_id,
                                {m.label: table_to_json(m.source) for m in self.by_source.values()})

    def tables(self, schema: str, table: str) -> Any:
        mapping = self.by_source.get((schema, table))
        return mapping.source if mapping is not None else None

    def close(self) -> None:
        for closer in (self.conn.close, self.source.close, self.target.close):
            try:
                closer()
            except Exception:
                pass

    # --- batches ---

    def add(self, txn: SourceTransaction, changes: list[RowChange]) -> None:
        self.last_position = txn.position
        if not changes:
            return
        txn.changes = changes
        self.batch.append(txn)
        self.batch_changes += len(changes)
        self.metrics.read(txn.commit_time, len(changes))
        if self.batch_started is None:
            self.batch_started = time.monotonic()

    def due(self) -> bool:
        return bool(self.batch) and (self.batch_changes >= self.cdc.batch_changes or
                                     time.monotonic() - self.batch_started >= self.cdc.batch_seconds)

    def flush(self) -> None:
        """Commit the batch and its position in one target transaction (or just the position, when transactions
        were read that needed no change on the target)."""
        if not self.batch and self.last_position == self.saved_position:
            return
        position = self.last_position
        changes = [c for txn in self.batch for c in txn.changes]
        commit_time = self.batch[-1].commit_time if self.batch else None
        counts: dict[str, Counter] = {}
        try:
            self.applier.apply(self.conn, changes, counts)
        except SchemaMismatch:
            self._rollback()
            raise
        except Exception:               # something refused or off: again, one change at a time
            self._rollback()
            counts = {}
            self.applier.apply_carefully(self.conn, changes, counts, self.cdc.apply_errors == "stop",
                                         self._exception(position))
        control.cdc_save(self.target, self.conn, self.task_id, str(position), commit_time, len(changes),
                         len(self.batch), {t: dict(c) for t, c in counts.items()})
        self.conn.commit()
        if hasattr(self.changes, "confirm"):
            self.changes.confirm(position)
        self.saved_position = position
        self.metrics.applied(str(position), counts, len(self.batch))
        if self.recheck is not None:
            self.recheck.note(changes)
        self.batch, self.batch_changes, self.batch_started = [], 0, None

    def _exception(self, position: Any) -> Callable:
        def record(plan: Any, change: RowChange, key: Any, reason: str) -> None:
            control.add_apply_exception(self.target, self.conn, self.task_id, plan.label, str(position), change.op,
                                        key, reason)
            self.log(f"migrate: cdc: {plan.label}: {change.op} of key {key} skipped: {reason}")
        return record

    def _rollback(self) -> None:
        try:
            self.conn.rollback()
        except Exception:
            pass

    # --- heartbeat, requests ---

    def snapshot(self) -> dict:
        """The metrics, with each table's lag: changes read and not yet applied, and the age of the oldest."""
        metrics = self.metrics.snapshot()
        now = time.time()
        lag: dict[str, dict] = {}
        for txn in self.batch:
            for change in txn.changes:
                plan = self.applier.plan(change)
                entry = lag.setdefault(plan.label if plan else change.table,
                                       {"lag_changes": 0, "lag_seconds": round(max(0.0, now - txn.commit_time), 3)})
                entry["lag_changes"] += 1
        for label in metrics["tables"]:
            lag.setdefault(label, {"lag_changes": 0, "lag_seconds": 0.0})
        metrics["lag_by_table"] = dict(sorted(lag.items()))
        metrics["lag_bytes"] = self.log_behind()
        return metrics

    def log_behind(self) -> int | None:
        """Bytes of source log between the committed position and the source's end (the changes not read yet
        are in there): the same binary log file's offsets, or PostgreSQL LSNs; None across binlog files."""
        try:
            end = self.changes.current_position()
        except Exception:           # the source is gone: the next read says so
            return None
        done = self.saved_position
        if isinstance(end, Lsn) and isinstance(done, Lsn):
            return max(0, end.value - done.value)
        if isinstance(end, BinlogPosition) and isinstance(done, BinlogPosition) and end.file == done.file:
            return max(0, end.pos - done.pos)
        return None

    def beat(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_heartbeat < HEARTBEAT_EVERY:
            return
        self.last_heartbeat = now
        state = control.cdc_heartbeat(self.target, self.conn, self.task_id, self.snapshot())
        self.conn.commit()
        if state and state.get("request") == "cutover" and self.goal is None:
            self.goal = self.changes.current_position()
            self.log(f"migrate: cdc: cutover requested: catching up to {self.goal}")
        if self.recheck is not None:
            self.recheck.tick()

    # --- DDL ---

    def schema_change(self, item: SchemaChange) -> None:
        from sct.runner.cdc.ddl import classify

        self.flush()
        verdict = classify(item.sql, item.schema, set(self.by_source))
        if verdict.kind == "ignore":
            pass
        elif verdict.kind == "log":
            self.log(f"migrate: cdc: {verdict.reason} at {item.position}: {_short(item.sql)} (not applied)")
        elif verdict.kind == "truncate":
            txn = SourceTransaction(item.position, item.commit_time, [
                RowChange("truncate", schema, table, ()) for schema, table in verdict.tables])
            self.add(txn, self.handoff.filter(txn) if self._filtering(item.position) else txn.changes)
            self.flush()
            return
        elif verdict.kind == "add_column":
            self._add_columns(verdict.tables[0], verdict.columns, item)
        else:
            raise CaptureStopped(f"source DDL at {item.position} changes a captured table and cannot be applied "
                                 f"safely ({verdict.reason}): {_short(item.sql, 300)}. Make the same change on the "
                                 "target (or reload the table) and start again")
        self.last_position = item.position
        self.flush()

    def _add_columns(self, table: tuple[str, str], names: list[str], item: SchemaChange) -> None:
        """The statement's new columns, with their types and places from the source catalog (columns that a
        later statement adds are not taken: rows logged before that statement do not have them)."""
        from sct.runner.ddl import mysql_type, postgres_type
        from sct.runner.model import TableInfo

        mapping = self.by_source[table]
        current = next((t for t in self.source.tables() if (t.schema, t.name) == table), None)
        old = {c.name for c in mapping.source.columns}
        wanted = old | set(names)
        added = [c for c in (current.columns if current else []) if c.name in set(names) - old]
        if current is None or len(added) != len(set(names) - old) or \
                [c.name for c in current.columns if c.name in old] != [c.name for c in mapping.source.columns]:
            raise CaptureStopped(f"source DDL at {item.position}: {_short(item.sql, 300)}: the table in the source "
                                 "catalog does not match it (changed again since?): reload the table")
        fresh = TableInfo(current.name, current.schema, [c for c in current.columns if c.name in wanted],
                          mapping.source.primary_key, current.estimated_rows)
        defaults = self.source.column_defaults(fresh) if hasattr(self.source, "column_defaults") else {}
        new_mapping = self._remap(fresh)
        target_of = {s: t for s, t, _ in new_mapping.columns if s is not None}
        for column in added:
            default = defaults.get(column.name)
            if default is not None and not _constant(default):
                raise CaptureStopped(f"source DDL at {item.position}: column {column.name} has the default "
                                     f"{default}, which existing rows took without a logged change: add it on the "
                                     "target yourself (with its values) and start again")
            if not column.nullable and default is None:
                raise CaptureStopped(f"source DDL at {item.position}: column {column.name} is NOT NULL without a "
                                     "default, so existing rows took an implicit value that was not logged: add it "
                                     "on the target yourself and start again")
            if column.name not in target_of:
                continue            # removed by the mappings
            kind = postgres_type(column, self.source.dialect) if self.target.dialect == "postgres" \
                else mysql_type(column, self.source.dialect)
            ref = (f"{self.target.quote(new_mapping.target_schema)}." if new_mapping.target_schema else "") + \
                self.target.quote(new_mapping.target_name)
            sql = (f"ALTER TABLE {ref} ADD COLUMN IF NOT EXISTS {self.target.quote(target_of[column.name])} {kind}"
                   + (f" DEFAULT {default}" if default is not None else "")
                   + ("" if column.nullable else " NOT NULL"))
            self.target.execute(self.conn, sql)
            self.log(f"migrate: cdc: {new_mapping.label}: added column {target_of[column.name]} {kind} "
                     f"(source DDL at {item.position})")
        from sct.runner.full_load import _target_types

        self.by_source[table] = new_mapping
        control.cdc_save(self.target, self.conn, self.task_id, str(item.position), item.commit_time, 0, 0,
                         {new_mapping.label: {"ddls": 1}})
        self.save_tables()
        self.conn.commit()
        self.saved_position = item.position
        types = _target_types(self.target, [new_mapping])
        self.target_types.update(types)
        self.applier.add(new_mapping, types[new_mapping.label])

    def _remap(self, table: Any) -> TableMapping:
        if self.settings.mappings is None:
            return TableMapping(table, None, table.name, [(c.name, c.name, None) for c in table.columns])
        found = self.settings.mappings.apply([table], self.source.quote, self.source.dialect,
                                             target_dialect=self.target.dialect)
        if not found:
            raise CaptureStopped(f"{table.key}: the mappings no longer select the table after a source change")
        return found[0]

    # --- the loop ---

    handoff: Handoff | None = None

    def _filtering(self, position: Any) -> bool:
        return self.handoff is not None and not self.handoff.settled(position)

    def run(self, start: Any, blocking: bool) -> CaptureResult:
        cdc = self.cdc
        stop_at = self.changes.parse_position(cdc.stop_position) if cdc.stop_position else None
        self.last_position = self.saved_position = start
        server = serve(cdc.metrics_port, self.metrics, self.task_id) if cdc.metrics_port else None
        status = "stopped"
        heartbeat_seconds = max(0.02, min(cdc.batch_seconds, 1.0))
        try:
            self.beat(force=True)
            stream = self.changes.stream(start, self.tables, stop=self.stop, blocking=blocking,
                                         heartbeat_seconds=heartbeat_seconds)
            for item in stream:
                if isinstance(item, SourceTransaction):
                    self.add(item, self.handoff.filter(item) if self._filtering(item.position) else item.changes)
                    if self.due():
                        self.flush()
                    if self.goal is not None and item.position >= self.goal:
                        status = "cut-over"
                        break
                elif isinstance(item, SchemaChange):
                    self.schema_change(item)
                elif isinstance(item, Heartbeat):
                    # a heartbeat's position is a transaction boundary with everything before it read: past
                    # transactions of tables not captured, it is the checkpoint (and frees a PostgreSQL slot's WAL)
                    if _later(item.position, self.last_position):
                        self.last_position = item.position
                    self.flush()
                    self.metrics.idle(str(self.saved_position) if self.saved_position is not None else None)
                    if self.goal is not None and item.position >= self.goal:
                        status = "cut-over"
                        break
                if stop_at is not None and self.last_position is not None and not _later(stop_at, self.last_position):
                    status = "stop-position"
                    break
                self.beat()
                if self.stop.is_set():
                    break
            else:
                status = "caught-up" if not blocking else "stopped"
            self.flush()
            self.metrics.idle(None)
            self.beat(force=True)
        finally:
            if server is not None:
                server.shutdown()
        return CaptureResult(status, str(self.saved_position) if self.saved_position is not None else None,
                             self.metrics.applied_changes, self.metrics.applied_transactions,
                             metrics=self.snapshot())


def table_to_json(table: Any) -> dict:
    return {"name": table.name, "schema": table.schema, "primary_key": list(table.primary_key),
            "columns": [[c.name, c.source_type, c.nullable] for c in table.columns]}


def table_from_json(data: dict) -> Any:
    from sct.runner.model import ColumnInfo, TableInfo

    return TableInfo(data["name"], data["schema"], [ColumnInfo(n, t, nullable=bool(nl)) for n, t, nl in data["columns"]],
                     list(data["primary_key"]))


def _driver_error(error: BaseException) -> bool:
    """An error of a database driver or the network (not a bug of sct's)."""
    import sqlite3

    import psycopg
    import pymysql

    return isinstance(error, psycopg.Error | pymysql.MySQLError | sqlite3.Error | OSError)


def _later(position: Any, than: Any) -> bool:
    """`position` is past `than`. A start given in another form (a MariaDB GTID state) is before everything
    the source yields, which always carries its own ordered positions."""
    return than is None or type(position) is not type(than) or position > than


def _short(sql: str, limit: int = 120) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _constant(default: str) -> bool:
    """A column default that is a literal: a number or a quoted string (MariaDB's information_schema form)."""
    import re
    return bool(re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|'(?:[^'\\]|''|\\.)*'", default.strip()))


# --- validation of changed rows ------------------------------------------------------------------------------

class Rechecker:
    """Rows changed during capture are compared, source against target, once they have stayed unchanged for
    `settle_seconds`; a difference that is still there at the next look, with no change to the row applied in
    between, is recorded in sct_control.validation_failures (RECORD_DIFF, MISSING_TARGET, MISSING_SOURCE)."""

    MAX_KEYS = 500              # rows compared per look
    EVERY = 2.0                 # seconds between looks

    def __init__(self, capture: Capture):
        self.capture = capture
        self.changed: dict[tuple[str, tuple], float] = {}      # (label, key) -> when its last change was applied
        self.suspects: dict[tuple[str, tuple], float] = {}
        self.last = 0.0
        self.failures = 0

    def note(self, changes: list[RowChange]) -> None:
        now = time.monotonic()
        for change in changes:
            plan = self.capture.applier.plan(change)
            if plan is None or plan.full_row or change.op == "truncate":
                continue
            for image in (change.new(), change.old()):
                if image:
                    key = (plan.label, tuple(image.get(k) for k in plan.key))
                    self.changed[key] = now
                    self.suspects.pop(key, None)

    def tick(self) -> None:
        now = time.monotonic()
        if now - self.last < self.EVERY:
            return
        self.last = now
        settle = self.capture.cdc.settle_seconds
        due = [k for k, t in self.changed.items() if now - t >= settle][:self.MAX_KEYS]
        if not due:
            return
        for k in due:
            del self.changed[k]
        by_table: dict[str, list[tuple]] = {}
        for label, key in due:
            by_table.setdefault(label, []).append(key)
        for label, keys in by_table.items():
            for key, failure, details in self.compare(label, keys):
                caught_up = self.capture.metrics.snapshot()["CDCLatencySource"] < settle
                if (label, key) in self.suspects and caught_up:  # still different, unchanged since: a failure
                    del self.suspects[(label, key)]
                    control.add_validation_failure(self.capture.target, self.capture.conn, self.capture.task_id,
                                                   label, key[0] if len(key) == 1 else key, failure, details)
                    self.failures += 1
                    self.capture.log(f"migrate: cdc: validation: {label}: key {key}: {failure}")
                else:
                    self.suspects[(label, key)] = now
                    self.changed[(label, key)] = now      # look again after another settle period
        self.capture.conn.commit()

    def compare(self, label: str, keys: list[tuple]) -> list[tuple[tuple, str, dict]]:
        from sct.runner.validate import canonical

        capture = self.capture
        plan = next(p for p in capture.applier.plans.values() if p.label == label)
        mapping = plan.mapping
        source_where = key_filter(capture.source.dialect, capture.source.quote, plan.key, keys)
        if mapping.where:           # a row the filter does not select is not on the target, rightly
            source_where = f"({mapping.where}) AND ({source_where})"
        source_rows = [row for batch in capture.source.read(mapping.source, plan.source_columns, source_where, None,
                                                            len(keys) + 1) for row in batch]
        key_targets = [plan.target_columns[plan.source_columns.index(k)] for k in plan.key]
        target_keys = [tuple(plan.converters[plan.source_columns.index(k)](v) for k, v in zip(plan.key, key,
                                                                                              strict=True))
                       for key in keys]
        target_where = key_filter(capture.target.dialect, capture.target.quote, key_targets, target_keys)
        target_rows = list(capture.target.read(capture.conn, mapping.target_schema, mapping.target_name,
                                               plan.target_columns, where=target_where))
        json_columns = [str(capture.target_types[label].get(t) or "").startswith("json")
                        for t in plan.target_columns]
        positions = [plan.source_columns.index(k) for k in plan.key]

        def text(values: list) -> list[str]:
            return [canonical(v, j) for v, j in zip(values, json_columns, strict=True)]

        source_by_key = {}
        for row in source_rows:
            try:
                converted = [conv(v) for conv, v in zip(plan.converters, row, strict=True)]
            except Exception:
                continue
            source_by_key[tuple(row[i] for i in positions)] = text(converted)
        target_by_key = {}
        for row in target_rows:
            target_by_key[tuple(canonical(row[i]) for i in positions)] = text(list(row))
        out = []
        for key, target_key in zip(keys, target_keys, strict=True):
            src = source_by_key.get(key)
            tgt = target_by_key.get(tuple(canonical(v) for v in target_key))
            if src == tgt:
                continue
            if src is None:
                out.append((key, "MISSING_SOURCE", {}))
            elif tgt is None:
                out.append((key, "MISSING_TARGET", {}))
            else:
                diff = {c: {"source": s, "target": t} for c, s, t in zip(plan.target_columns, src, tgt, strict=True)
                        if s != t}
                out.append((key, "RECORD_DIFF", diff))
        return out


def literal(dialect: str, value: Any) -> str:
    """A key value as an SQL literal of the dialect (for the rechecker's IN lists)."""
    import decimal

    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if dialect == "postgres" else str(int(value))
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        hexed = bytes(value).hex()
        return f"'\\x{hexed}'::bytea" if dialect == "postgres" else f"X'{hexed}'"
    from sct.runner.mappings import sql_string  # the one safe string literal (quotes, backslashes, modes)

    return sql_string(str(value), dialect)


def key_filter(dialect: str, quote: Callable[[str], str], columns: list[str], keys: list[tuple]) -> str:
    """SQL selecting the rows with these keys: k IN (...), or (k1 = .. AND k2 = ..) OR ..."""
    if len(columns) == 1:
        return f"{quote(columns[0])} IN ({', '.join(literal(dialect, k[0]) for k in keys)})"
    return " OR ".join("(" + " AND ".join(f"{quote(c)} = {literal(dialect, v)}" for c, v in zip(columns, key,
                                                                                               strict=True)) + ")"
                       for key in keys)


# --- entry points --------------------------------------------------------------------------------------------

def capture(settings: Any, changes: Any, log: Callable[[str], None] = print, stop: threading.Event | None = None,
            cutover: bool = False) -> CaptureResult:
    """Apply changes from where the task stands (its checkpoint, the full load's snapshots, --start-position, or
    the source's current position) until stopped, caught up (cdc.until_caught_up), past cdc.stop_position, or
    cut over (`cutover=True`: catch up to the source's current position, then finish)."""
    from sct.runner.full_load import mask

    cdc: CdcSettings = settings.cdc or CdcSettings()
    run = Capture(settings, changes, log, stop)
    try:
        state = run.state
        if state and state["status"] == "cut-over" and not cutover:
            raise InputError(f"task {settings.task_id} was cut over; start a new task (or another --task-id)")
        units = control.unit_positions(run.target, settings.task_id) if settings.mode == "full-load-and-cdc" else []
        if units and changes.dialect == "mysql" or units_split(units):
            run.handoff = Handoff(units, run.mappings, changes.parse_position)
        resume = state is not None and state.get("position") and (settings.resume or cutover)
        if resume:
            start = changes.parse_position(state["position"])
            how = "its checkpoint"
        elif settings.mode == "full-load-and-cdc" and changes.dialect == "postgres" and not units_split(units):
            start = changes.parse_position(settings.snapshot_position or units[0][6]) if units else \
                changes.current_position()
            how = "the replication slot"
        elif run.handoff is not None and run.handoff.start is not None:
            start = run.handoff.start
            how = "the full load's first snapshot"
        elif cdc.start_position:
            start = changes.parse_position(cdc.start_position)
            how = "--start-position"
        else:
            start = changes.current_position()
            how = "the source's current position"
        if not resume:
            if state is not None and settings.mode == "cdc" and not cdc.start_position and not cutover:
                raise InputError(f"task {settings.task_id} has a capture checkpoint at {state['position']}: use "
                                 "--resume to continue from it, or --start-position")
            control.cdc_begin(run.target, settings.task_id, str(start))
            run.save_tables()
            run.conn.commit()
        else:
            control.cdc_begin(run.target, settings.task_id, None)
        _record_task(run, mask(settings.source), "capturing")
        log(f"migrate: cdc: capturing from {start} ({how})")
        if cutover:
            run.goal = changes.current_position()
            log(f"migrate: cdc: cutover: catching up to {run.goal}")
        restore = stop_on_signals(run.stop)    # Ctrl-C / SIGTERM: commit the batch in hand, then return
        try:
            result = run.run(start, blocking=not cdc.until_caught_up or cutover)
        except Exception as error:
            run._rollback()
            driver = _driver_error(error)
            message = " ".join(str(error).split()) or type(error).__name__
            if driver:
                message = (f"the capture lost a database connection or was refused: {message}; "
                           "`sct migrate --resume` continues from the last committed position")
            try:                # the target itself may be what failed
                control.cdc_set(run.target, settings.task_id, status="failed", error=message[:4000])
            except Exception:
                pass
            if isinstance(error, CaptureStopped | ApplyError | SchemaMismatch) or driver:
                raise CaptureStopped(message) from None
            raise
        finally:
            restore()
        if result.status == "cut-over":
            _finish_cutover(run, result, log)
        control.cdc_set(run.target, settings.task_id, status=result.status, request=None)
        _record_task(run, mask(settings.source), result.status)
        log(f"migrate: cdc: {result.status} at {result.position}: {result.changes} changes in "
            f"{result.transactions} transactions applied")
        return result
    finally:
        run.close()


def units_split(units: list[tuple]) -> bool:
    """The units were read in more than one snapshot (a MySQL source; a PostgreSQL load resumed after a crash)."""
    return len({u[6] for u in units if u[6]}) > 1


def _record_task(run: Capture, source_label: str, status: str) -> None:
    """The task's row in sct_control.tasks says what it is doing (a capture-only task gets one)."""
    tasks = control.qualified(run.target, "tasks")
    rows = run.target.execute(run.conn, f"SELECT 1 FROM {tasks} WHERE task_id = %s", (run.task_id,))
    if rows:
        run.target.execute(run.conn, f"UPDATE {tasks} SET status = %s WHERE task_id = %s", (status, run.task_id))
    else:
        run.target.execute(run.conn, f"INSERT INTO {tasks} (task_id, source, started_at, status) "
                                     "VALUES (%s, %s, %s, %s)", (run.task_id, source_label, time.time(), status))
    run.conn.commit()


def _finish_cutover(run: Capture, result: CaptureResult, log: Callable[[str], None]) -> None:
    """Caught up with the source at the cutover: sequences past the keys, a full validation, the slot dropped."""
    from sct.runner.full_load import _resync_sequences
    from sct.runner.validate import validate_mappings

    mappings = list(run.by_source.values())
    _resync_sequences(run.target, mappings, log)
    result.validation = validate_mappings(run.source, run.target, mappings, run.settings)
    bad = [t for t, v in result.validation.items() if not v["ok"]]
    if run.changes.dialect == "postgres":
        run.changes.drop_slot()
    summary = {"position": result.position, "changes": result.changes, "validated_tables": len(result.validation),
               "mismatched_tables": bad, "at": time.time()}
    control.cdc_heartbeat(run.target, run.conn, run.task_id, {**run.snapshot(), "cutover": summary})
    run.conn.commit()
    log(f"migrate: cutover: {len(result.validation)} tables validated, "
        f"{'all identical' if not bad else 'MISMATCH in ' + ', '.join(bad)}")


def request_cutover(settings: Any, timeout: float, log: Callable[[str], None] = print) -> CaptureResult | dict:
    """`sct cutover`: ask the running capture to cut over and wait for it; with no capture alive, catch up and cut
    over in this process."""
    from sct.runner.endpoints import open_target

    target = open_target(settings.target)
    try:
        conn = target.connection()
        control.ensure(target, conn)
        state = control.cdc_read(target, conn, settings.task_id)
        conn.commit()
        if state is None:
            raise InputError(f"task {settings.task_id} has no change data capture on that target "
                             "(run sct migrate --mode full-load-and-cdc or --mode cdc first)")
        if state["status"] == "cut-over":
            raise InputError(f"task {settings.task_id} is already cut over")
        alive = state["status"] == "capturing" and state["heartbeat_at"] and \
            time.time() - float(state["heartbeat_at"]) < ALIVE_SECONDS
        if alive:
            control.cdc_set(target, settings.task_id, request="cutover")
            log(f"cutover: asked the running capture of task {settings.task_id} to cut over")
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                time.sleep(0.5)
                state = control.cdc_read(target, conn, settings.task_id)
                conn.commit()
                if state["status"] in ("cut-over", "failed", "stopped"):
                    return state
            raise CaptureStopped(f"the capture did not cut over within {timeout:.0f} s (it is still catching up; "
                                 "sct status shows its lag)")
        conn.close()
    finally:
        target.close()
    log(f"cutover: no capture of task {settings.task_id} is running: catching up here")
    settings.resume = True
    changes = open_change_source(settings)
    try:
        changes.check()
        return capture(settings, changes, log, cutover=True)
    finally:
        changes.close()


def stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """SIGINT/SIGTERM set `stop` (the capture commits its batch and returns); returns a function that restores
    the previous handlers."""
    previous = {}

    def handler(signum: int, frame: Any) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, handler)
        except ValueError:              # not the main thread
            pass

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)
    return restore
