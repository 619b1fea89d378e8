"""The run's state, kept on the target like DMS's awsdms_* tables, so a crash loses nothing.

Tables (PostgreSQL: schema sct_control; MySQL/MariaDB and SQLite: tables named sct_control_* in the target
database):

- tasks: task_id, source (the DSN without its password), started_at, finished_at, status
- units: task_id, unit_id, table_name, key_column, key_low, key_high, status (pending, done, failed), rows,
  rejects, seconds, error; a unit's status becomes `done` in the same transaction as its rows, so a unit is
  either loaded and recorded or neither.
- rejects: task_id, table_name, unit_id, row_key, error, row_data: rows the target refused (or values the
  policy refused), never lost silently.
- units.snapshot_position: in a full-load-and-cdc run, the source log position of the snapshot the unit was read
  in (runner.cdc.engine explains the handoff).

Change data capture (runner.cdc):
- cdc_state: task_id, position (the source position applied up to, committed in the same target transaction as
  the changes), source_commit_time, applied_at, heartbeat_at, changes, transactions, status (capturing, stopped,
  caught-up, cut-over, failed), request (cutover, asked by `sct cutover`), metrics (JSON), error.
- cdc_tables: task_id, table_name, inserts, updates, deletes, truncates, ddls, last_applied_at.
- apply_exceptions: task_id, table_name, position, operation, row_key, error, at_time (DMS's
  awsdms_apply_exceptions).
- validation_failures: task_id, table_name, row_key, failure_type (RECORD_DIFF, MISSING_SOURCE, MISSING_TARGET),
  details, at_time (DMS's awsdms_validation_failures_v1).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

CONTROL_SCHEMA = "sct_control"


TABLES = ("tasks", "units", "rejects", "cdc_state", "cdc_tables", "apply_exceptions", "validation_failures")


def names(target: Any) -> dict[str, tuple[str | None, str]]:
    """(schema, table) of the control tables on this target."""
    if target.dialect == "postgres":
        return {t: (CONTROL_SCHEMA, t) for t in TABLES}
    return {t: (None, f"{CONTROL_SCHEMA}_{t}") for t in TABLES}


def qualified(target: Any, which: str) -> str:
    schema, table = names(target)[which]
    return f"{target.quote(schema)}.{target.quote(table)}" if schema else target.quote(table)


def ensure(target: Any, conn: Any) -> None:
    """Create the control tables if they are not there (idempotent; safe while another process does the same:
    PostgreSQL's IF NOT EXISTS can still collide on the catalog, and then the second attempt finds them)."""
    try:
        _ensure(target, conn)
    except Exception:
        conn.rollback()
        _ensure(target, conn)


def _ensure(target: Any, conn: Any) -> None:
    text = "text" if target.dialect != "mysql" else "varchar(255)"
    big = "longtext" if target.dialect == "mysql" else "text"
    if target.dialect == "postgres":
        target.execute(conn, f"CREATE SCHEMA IF NOT EXISTS {target.quote(CONTROL_SCHEMA)}")
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'tasks')} (task_id {text} PRIMARY KEY, "
                         f"source {big}, started_at double precision, finished_at double precision, status {text})"
                   if target.dialect != "mysql" else
                   f"CREATE TABLE IF NOT EXISTS {qualified(target, 'tasks')} (task_id {text} PRIMARY KEY, "
                   f"source {big}, started_at double, finished_at double, status {text})")
    dbl = "double" if target.dialect == "mysql" else "double precision"
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'units')} (task_id {text} NOT NULL, "
                         f"unit_id {text} NOT NULL, table_name {text} NOT NULL, key_column {text}, key_low {big}, "
                         f"key_high {big}, status {text} NOT NULL, rows_loaded bigint DEFAULT 0, "
                         f"rejects bigint DEFAULT 0, seconds {dbl}, error {big}, snapshot_position {text}, "
                         "PRIMARY KEY (task_id, unit_id))")
    _add_column(target, conn, "units", "snapshot_position", text)      # control tables of an older sct
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'rejects')} (task_id {text} NOT NULL, "
                         f"table_name {text} NOT NULL, unit_id {text}, row_key {big}, error {big}, row_data {big}, "
                         f"at_time {dbl})")
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'cdc_state')} (task_id {text} PRIMARY KEY, "
                         f"position {text}, source_commit_time {dbl}, applied_at {dbl}, heartbeat_at {dbl}, "
                         f"changes bigint DEFAULT 0, transactions bigint DEFAULT 0, status {text}, request {text}, "
                         f"metrics {big}, error {big}, tables {big})")
    _add_column(target, conn, "cdc_state", "tables", big)
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'cdc_tables')} (task_id {text} NOT NULL, "
                         f"table_name {text} NOT NULL, inserts bigint DEFAULT 0, updates bigint DEFAULT 0, "
                         "deletes bigint DEFAULT 0, truncates bigint DEFAULT 0, ddls bigint DEFAULT 0, "
                         f"last_applied_at {dbl}, PRIMARY KEY (task_id, table_name))")
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'apply_exceptions')} (task_id {text} NOT "
                         f"NULL, table_name {text}, position {text}, operation {text}, row_key {big}, error {big}, "
                         f"at_time {dbl})")
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'validation_failures')} (task_id {text} "
                         f"NOT NULL, table_name {text} NOT NULL, row_key {big}, failure_type {text}, details {big}, "
                         f"at_time {dbl})")


def _add_column(target: Any, conn: Any, which: str, column: str, kind: str) -> None:
    schema, table = names(target)[which]
    present = [c for c, _ in target.table_columns(conn, schema, table)]
    if present and column not in present:
        target.execute(conn, f"ALTER TABLE {qualified(target, which)} ADD COLUMN {target.quote(column)} {kind}")


@dataclass
class UnitState:
    unit_id: str
    table_name: str
    status: str
    rows: int
    rejects: int
    seconds: float | None
    error: str | None


def start_task(target: Any, task_id: str, source_label: str, resume: bool) -> None:
    conn = target.connection()
    try:
        ensure(target, conn)
        if not resume:
            for which in ("units", "rejects", "tasks", "cdc_state", "cdc_tables", "apply_exceptions",
                          "validation_failures"):
                target.execute(conn, f"DELETE FROM {qualified(target, which)} WHERE task_id = %s", (task_id,))
            target.execute(conn, f"INSERT INTO {qualified(target, 'tasks')} (task_id, source, started_at, status) "
                                 "VALUES (%s, %s, %s, %s)", (task_id, source_label, time.time(), "running"))
        else:
            target.execute(conn, f"UPDATE {qualified(target, 'tasks')} SET status = %s, finished_at = NULL "
                                 "WHERE task_id = %s", ("running", task_id))
        conn.commit()
    finally:
        conn.close()


def register_units(target: Any, task_id: str, units: list) -> None:
    """Record planned units as pending (units already recorded keep their state)."""
    conn = target.connection()
    try:
        known = {row[0] for row in target.execute(
            conn, f"SELECT unit_id FROM {qualified(target, 'units')} WHERE task_id = %s", (task_id,))}
        for unit in units:
            if unit.unit_id in known:
                continue
            rng = unit.key_range
            target.execute(conn, f"INSERT INTO {qualified(target, 'units')} (task_id, unit_id, table_name, "
                                 "key_column, key_low, key_high, status) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                           (task_id, unit.unit_id, unit.mapping.label, rng.column if rng else None,
                            _text(rng.low) if rng else None, _text(rng.high) if rng else None, "pending"))
        conn.commit()
    finally:
        conn.close()


def done_units(target: Any, task_id: str) -> set[str]:
    conn = target.connection()
    try:
        ensure(target, conn)
        conn.commit()
        return {row[0] for row in target.execute(
            conn, f"SELECT unit_id FROM {qualified(target, 'units')} WHERE task_id = %s AND status = %s",
            (task_id, "done"))}
    finally:
        conn.close()


def mark_done(target: Any, conn: Any, task_id: str, unit_id: str, rows: int, rejects: int, seconds: float,
              snapshot_position: str | None = None) -> None:
    """Inside the unit's own transaction: the unit is done exactly when its rows are committed."""
    target.execute(conn, f"UPDATE {qualified(target, 'units')} SET status = %s, rows_loaded = %s, rejects = %s, "
                         "seconds = %s, error = NULL, snapshot_position = %s WHERE task_id = %s AND unit_id = %s",
                   ("done", rows, rejects, seconds, snapshot_position, task_id, unit_id))


def table_rejects(target: Any, conn: Any, task_id: str, table: str) -> int:
    """Rejected rows of the table's units already committed."""
    rows = target.execute(conn, f"SELECT COALESCE(SUM(rejects), 0) FROM {qualified(target, 'units')} "
                                "WHERE task_id = %s AND table_name = %s AND status = %s", (task_id, table, "done"))
    return int(rows[0][0]) if rows else 0


def mark_failed(target: Any, task_id: str, unit_id: str, error: str) -> None:
    conn = target.connection()
    try:
        target.execute(conn, f"UPDATE {qualified(target, 'units')} SET status = %s, error = %s "
                             "WHERE task_id = %s AND unit_id = %s", ("failed", error[:4000], task_id, unit_id))
        conn.commit()
    finally:
        conn.close()


def add_reject(target: Any, conn: Any, task_id: str, table: str, unit_id: str, key: Any, error: str,
               row: dict) -> None:
    target.execute(conn, f"INSERT INTO {qualified(target, 'rejects')} (task_id, table_name, unit_id, row_key, "
                         "error, row_data, at_time) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                   (task_id, table, unit_id, _text(key), error[:4000],
                    json.dumps(row, default=_text, ensure_ascii=False), time.time()))


def finish_task(target: Any, task_id: str, status: str) -> None:
    conn = target.connection()
    try:
        target.execute(conn, f"UPDATE {qualified(target, 'tasks')} SET status = %s, finished_at = %s "
                             "WHERE task_id = %s", (status, time.time(), task_id))
        conn.commit()
    finally:
        conn.close()


def read_state(target: Any, task_id: str) -> dict:
    """Task and unit states, for `sct status`."""
    conn = target.connection()
    try:
        ensure(target, conn)
        conn.commit()
        task = list(target.execute(conn, f"SELECT source, started_at, finished_at, status FROM "
                                         f"{qualified(target, 'tasks')} WHERE task_id = %s", (task_id,)))
        units = [UnitState(*row) for row in target.execute(
            conn, f"SELECT unit_id, table_name, status, rows_loaded, rejects, seconds, error FROM "
                  f"{qualified(target, 'units')} WHERE task_id = %s ORDER BY table_name, unit_id", (task_id,))]
        rejects = list(target.execute(conn, f"SELECT table_name, row_key, error FROM {qualified(target, 'rejects')} "
                                            "WHERE task_id = %s ORDER BY table_name, at_time", (task_id,)))
    finally:
        conn.close()
    return {"task": task[0] if task else None, "units": units, "rejects": rejects}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return str(value)



# --- change data capture ------------------------------------------------------------------------------------

CDC_COUNTERS = ("inserts", "updates", "deletes", "truncates", "ddls")


def cdc_begin(target: Any, task_id: str, position: str | None, status: str = "capturing") -> None:
    """Start (or restart) the task's capture state; a recorded position is kept unless `position` is given."""
    conn = target.connection()
    try:
        ensure(target, conn)
        rows = target.execute(conn, f"SELECT position FROM {qualified(target, 'cdc_state')} WHERE task_id = %s",
                              (task_id,))
        if rows:
            target.execute(conn, f"UPDATE {qualified(target, 'cdc_state')} SET status = %s, request = NULL, "
                                 "error = NULL, heartbeat_at = %s" + (", position = %s" if position else "")
                                 + " WHERE task_id = %s",
                           (status, time.time(), *([position] if position else []), task_id))
        else:
            target.execute(conn, f"INSERT INTO {qualified(target, 'cdc_state')} (task_id, position, status, "
                                 "heartbeat_at, changes, transactions) VALUES (%s, %s, %s, %s, 0, 0)",
                           (task_id, position, status, time.time()))
        conn.commit()
    finally:
        conn.close()


def cdc_read(target: Any, conn: Any, task_id: str) -> dict | None:
    rows = target.execute(conn, f"SELECT position, source_commit_time, applied_at, heartbeat_at, changes, "
                                f"transactions, status, request, metrics, error, tables FROM "
                                f"{qualified(target, 'cdc_state')} WHERE task_id = %s", (task_id,))
    if not rows:
        return None
    keys = ("position", "source_commit_time", "applied_at", "heartbeat_at", "changes", "transactions", "status",
            "request", "metrics", "error", "tables")
    state = dict(zip(keys, rows[0], strict=True))
    state["metrics"] = json.loads(state["metrics"]) if state["metrics"] else {}
    state["tables"] = json.loads(state["tables"]) if state["tables"] else {}
    return state


def cdc_save_tables(target: Any, conn: Any, task_id: str, tables: dict) -> None:
    """Inside the transaction that applies a source DDL (or starts the capture): the captured tables' columns."""
    target.execute(conn, f"UPDATE {qualified(target, 'cdc_state')} SET tables = %s WHERE task_id = %s",
                   (json.dumps(tables, ensure_ascii=False), task_id))


def cdc_save(target: Any, conn: Any, task_id: str, position: str, commit_time: float | None, changes: int,
             transactions: int, tables: dict[str, dict[str, int]]) -> None:
    """Inside the apply transaction: the new position and counters commit with the changes, or neither does."""
    now = time.time()
    target.execute(conn, f"UPDATE {qualified(target, 'cdc_state')} SET position = %s, "
                         "source_commit_time = COALESCE(%s, source_commit_time), applied_at = %s, heartbeat_at = %s, "
                         "changes = changes + %s, transactions = transactions + %s WHERE task_id = %s",
                   (position, commit_time, now, now, changes, transactions, task_id))
    table = qualified(target, "cdc_tables")
    columns = ", ".join(CDC_COUNTERS)
    marks = ", ".join(["%s"] * len(CDC_COUNTERS))
    if target.dialect == "mysql":
        upsert = "ON DUPLICATE KEY UPDATE " + ", ".join(f"{c} = {c} + VALUES({c})" for c in CDC_COUNTERS) + \
                 ", last_applied_at = VALUES(last_applied_at)"
    else:
        upsert = "ON CONFLICT (task_id, table_name) DO UPDATE SET " + \
                 ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in CDC_COUNTERS) + \
                 ", last_applied_at = excluded.last_applied_at"
    for name, counts in tables.items():
        target.execute(conn, f"INSERT INTO {table} (task_id, table_name, {columns}, last_applied_at) "
                             f"VALUES (%s, %s, {marks}, %s) {upsert}",
                       (task_id, name, *(counts.get(c, 0) for c in CDC_COUNTERS), now))


def cdc_heartbeat(target: Any, conn: Any, task_id: str, metrics: dict) -> dict | None:
    """Record that the capture is alive with its metrics; returns the state (with any request) in one trip."""
    target.execute(conn, f"UPDATE {qualified(target, 'cdc_state')} SET heartbeat_at = %s, metrics = %s "
                         "WHERE task_id = %s", (time.time(), json.dumps(metrics, default=str), task_id))
    return cdc_read(target, conn, task_id)


def cdc_set(target: Any, task_id: str, **values: Any) -> None:
    """Set columns of the task's cdc_state row (status, request, error) in a transaction of its own."""
    allowed = {"status", "request", "error"}
    if not values or set(values) - allowed:
        raise ValueError(f"cdc_set takes {sorted(allowed)}")
    conn = target.connection()
    try:
        ensure(target, conn)
        target.execute(conn, f"UPDATE {qualified(target, 'cdc_state')} SET "
                             + ", ".join(f"{k} = %s" for k in values) + " WHERE task_id = %s",
                       (*values.values(), task_id))
        conn.commit()
    finally:
        conn.close()


def cdc_tables(target: Any, conn: Any, task_id: str) -> dict[str, dict]:
    rows = target.execute(conn, f"SELECT table_name, {', '.join(CDC_COUNTERS)}, last_applied_at FROM "
                                f"{qualified(target, 'cdc_tables')} WHERE task_id = %s ORDER BY table_name", (task_id,))
    return {r[0]: {**dict(zip(CDC_COUNTERS, (int(v or 0) for v in r[1:-1]), strict=True)), "last_applied_at": r[-1]}
            for r in rows}


def unit_positions(target: Any, task_id: str) -> list[tuple]:
    """(unit_id, table_name, key_column, key_low, key_high, status, snapshot_position) of the task's units."""
    conn = target.connection()
    try:
        ensure(target, conn)
        conn.commit()
        return list(target.execute(conn, f"SELECT unit_id, table_name, key_column, key_low, key_high, status, "
                                         f"snapshot_position FROM {qualified(target, 'units')} WHERE task_id = %s "
                                         "ORDER BY unit_id", (task_id,)))
    finally:
        conn.close()


def add_apply_exception(target: Any, conn: Any, task_id: str, table: str, position: str, operation: str,
                        key: Any, error: str) -> None:
    target.execute(conn, f"INSERT INTO {qualified(target, 'apply_exceptions')} (task_id, table_name, position, "
                         "operation, row_key, error, at_time) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                   (task_id, table, position, operation, _text(key), error[:4000], time.time()))


def add_validation_failure(target: Any, conn: Any, task_id: str, table: str, key: Any, failure_type: str,
                           details: dict) -> None:
    target.execute(conn, f"INSERT INTO {qualified(target, 'validation_failures')} (task_id, table_name, row_key, "
                         "failure_type, details, at_time) VALUES (%s, %s, %s, %s, %s, %s)",
                   (task_id, table, _text(key), failure_type, json.dumps(details, default=_text, ensure_ascii=False),
                    time.time()))


def read_exceptions(target: Any, conn: Any, task_id: str) -> dict[str, list[tuple]]:
    """Apply exceptions and validation failures of the task, oldest first."""
    return {
        "apply_exceptions": list(target.execute(
            conn, f"SELECT table_name, position, operation, row_key, error FROM "
                  f"{qualified(target, 'apply_exceptions')} WHERE task_id = %s ORDER BY at_time", (task_id,))),
        "validation_failures": list(target.execute(
            conn, f"SELECT table_name, row_key, failure_type, details FROM "
                  f"{qualified(target, 'validation_failures')} WHERE task_id = %s ORDER BY at_time", (task_id,))),
    }
