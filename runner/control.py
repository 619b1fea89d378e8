"""The run's state, kept on the target like DMS's awsdms_* tables, so a crash loses nothing.

Tables (PostgreSQL: schema sct_control; MySQL/MariaDB and SQLite: tables named sct_control_* in the target
database):

- tasks: task_id, source (the DSN without its password), started_at, finished_at, status
- units: task_id, unit_id, table_name, key_column, key_low, key_high, status (pending, done, failed), rows,
  rejects, seconds, error; a unit's status becomes `done` in the same transaction as its rows, so a unit is
  either loaded and recorded or neither.
- rejects: task_id, table_name, unit_id, row_key, error, row_data: rows the target refused (or values the
  policy refused), never lost silently.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

CONTROL_SCHEMA = "sct_control"


def names(target: Any) -> dict[str, tuple[str | None, str]]:
    """(schema, table) of the control tables on this target."""
    if target.dialect == "postgres":
        return {t: (CONTROL_SCHEMA, t) for t in ("tasks", "units", "rejects")}
    return {t: (None, f"{CONTROL_SCHEMA}_{t}") for t in ("tasks", "units", "rejects")}


def qualified(target: Any, which: str) -> str:
    schema, table = names(target)[which]
    return f"{target.quote(schema)}.{target.quote(table)}" if schema else target.quote(table)


def ensure(target: Any, conn: Any) -> None:
    """Create the control tables if they are not there (idempotent)."""
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
                         f"rejects bigint DEFAULT 0, seconds {dbl}, error {big}, PRIMARY KEY (task_id, unit_id))")
    target.execute(conn, f"CREATE TABLE IF NOT EXISTS {qualified(target, 'rejects')} (task_id {text} NOT NULL, "
                         f"table_name {text} NOT NULL, unit_id {text}, row_key {big}, error {big}, row_data {big}, "
                         f"at_time {dbl})")


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
            for which in ("units", "rejects", "tasks"):
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


def mark_done(target: Any, conn: Any, task_id: str, unit_id: str, rows: int, rejects: int, seconds: float) -> None:
    """Inside the unit's own transaction: the unit is done exactly when its rows are committed."""
    target.execute(conn, f"UPDATE {qualified(target, 'units')} SET status = %s, rows_loaded = %s, rejects = %s, "
                         "seconds = %s, error = NULL WHERE task_id = %s AND unit_id = %s",
                   ("done", rows, rejects, seconds, task_id, unit_id))


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

