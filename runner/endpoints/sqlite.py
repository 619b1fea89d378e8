"""SQLite endpoint (stdlib sqlite3). DSN: sqlite:///relative/path.db or sqlite:////absolute/path.db.

Source: tables from sqlite_master, columns from PRAGMA table_info (declared type in lower case, "" when none),
the primary key in key order, the row count as the estimate; the file is opened read-only and each `read` runs
in a transaction of its own (one snapshot) on its own connection, fetched in batches. TEXT that is not valid
UTF-8 (SQLite does not check) is returned as bytes, so runner.values applies the invalid_utf8 policy instead of
the read failing. Values are what SQLite stores: int, float, str, bytes, None, whatever the declared type.

Target: executemany INSERT in the caller's transaction; a connection is always inside a transaction (BEGIN
again after each commit or rollback). See runner.endpoints.postgres for the target methods common to all
dialects; here %s placeholders become ?.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from sct.errors import ConnectionFailed
from sct.runner.endpoints import (
    DEFAULT_MAX_BATCH_BYTES,
    DsnParts,
    MetaConnection,
    TargetConnection,
    adaptive_batches,
    distinct_increasing,
    offset_positions,
    order_columns,
    raw_connection,
    where_clause,
)
from sct.runner.model import ColumnInfo, KeyRange, SqlExpr, TableInfo

_PLACEHOLDER = re.compile(r"%([s%])")
_HAS_NTILE = sqlite3.sqlite_version_info >= (3, 25, 0)
BUSY_TIMEOUT = 30.0


def quote(name: str) -> str:
    """An SQLite quoted identifier ("name", embedded " doubled)."""
    return '"' + str(name).replace('"', '""') + '"'


def text_or_bytes(data: bytes) -> str | bytes:
    """sqlite3 text_factory: the text when it is UTF-8, else the bytes themselves."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def qmark(sql: str) -> str:
    """%s placeholders to ?, %% to %."""
    return _PLACEHOLDER.sub(lambda m: "?" if m.group(1) == "s" else "%", sql)


class _SQLiteEndpoint(MetaConnection):
    dialect = "sqlite"

    def __init__(self, parts: DsnParts):
        self._parts = parts
        self.path = parts.path or ""
        self._lock = threading.Lock()
        self._meta: sqlite3.Connection | None = None

    @staticmethod
    def quote(name: str) -> str:
        return quote(name)

    def _ref(self, schema: str | None, table: str) -> str:
        return f"{quote(schema)}.{quote(table)}" if schema else quote(table)

    def _connect(self, read_only: bool) -> sqlite3.Connection:
        try:
            if read_only:
                if not Path(self.path).is_file():
                    raise ConnectionFailed(f"cannot open SQLite database {self.path}: no such file")
                conn = sqlite3.connect(f"file:{url_quote(self.path)}?mode=ro", uri=True, isolation_level=None,
                                       check_same_thread=False, timeout=BUSY_TIMEOUT)
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                       timeout=BUSY_TIMEOUT)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()     # is it a database at all?
        except ConnectionFailed:
            raise
        except sqlite3.Error as e:
            raise ConnectionFailed(f"cannot open SQLite database {self.path}: {e}") from None
        conn.text_factory = text_or_bytes
        return conn

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._lock:
            if self._meta is None:
                self._meta = self._connect(read_only=True)
            return self._meta.execute(sql, list(params)).fetchall()



def _key_boundaries(query: Any, ref: str, column: str, parts: int, where: str | None) -> list[Any]:
    if parts < 2:
        return []
    cond, params = where_clause(quote, where, None, placeholder="?", escape_percent=False)
    k = quote(column)
    cond = f"{cond} AND {k} IS NOT NULL" if cond else f" WHERE {k} IS NOT NULL"
    if _HAS_NTILE:
        rows = query(f"SELECT min(k) FROM (SELECT {k} AS k, ntile(?) OVER (ORDER BY {k}) AS t FROM {ref}{cond}) "
                     f"GROUP BY t ORDER BY t", [int(parts), *params])
        return distinct_increasing(r[0] for r in rows[1:])
    total = int(query(f"SELECT count(*) FROM {ref}{cond}", params)[0][0])
    values = []
    for offset in offset_positions(total, parts):
        rows = query(f"SELECT {k} FROM {ref}{cond} ORDER BY {k} LIMIT 1 OFFSET ?", [*params, offset])
        if rows:
            values.append(rows[0][0])
    return distinct_increasing(values)


class SQLiteSource(_SQLiteEndpoint):
    """Reads an SQLite database file (read-only)."""

    def __init__(self, parts: DsnParts, max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES):
        super().__init__(parts)
        self.max_batch_bytes = max_batch_bytes
        self._meta = self._connect(read_only=True)

    def tables(self) -> list[TableInfo]:
        out = []
        names = [r[0] for r in self._query("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
        for name in names:
            info = TableInfo(name, None)
            keyed = []
            for _cid, column, kind, notnull, _default, pk in self._query(f"PRAGMA table_info({quote(name)})"):
                info.columns.append(ColumnInfo(column, " ".join(str(kind or "").lower().split()),
                                               nullable=not notnull))
                if pk:
                    keyed.append((pk, column))
            info.primary_key = [c for _, c in sorted(keyed)]
            info.estimated_rows = int(self._query(f"SELECT count(*) FROM {quote(name)}")[0][0])
            out.append(info)
        return out

    def read(self, table: TableInfo, columns: list[str], where: str | None, key_range: KeyRange | None,
             batch_rows: int) -> Iterator[list[tuple]]:
        cond, params = where_clause(quote, where, key_range, placeholder="?", escape_percent=False)
        order = ", ".join(quote(k) for k in table.primary_key)
        sql = (f"SELECT {', '.join(c if isinstance(c, SqlExpr) else quote(c) for c in columns)} "
               f"FROM {self._ref(table.schema, table.name)}{cond}"
               + (f" ORDER BY {order}" if order else ""))
        conn = self._connect(read_only=True)
        try:
            conn.execute("BEGIN")
            cur = conn.execute(sql, params)
            yield from adaptive_batches(cur.fetchmany, batch_rows, self.max_batch_bytes)
            conn.execute("COMMIT")
        finally:
            conn.close()

    def key_boundaries(self, table: TableInfo, column: str, parts: int, where: str | None) -> list[Any]:
        """Up to parts - 1 increasing key values cutting the table into parts of about equal row counts (NTILE,
        or ORDER BY with OFFSET before SQLite 3.25); NULL keys are left out."""
        return _key_boundaries(self._query, self._ref(table.schema, table.name), column, parts, where)

    def count(self, table: TableInfo, where: str | None, key_range: KeyRange | None) -> int:
        cond, params = where_clause(quote, where, key_range, placeholder="?", escape_percent=False)
        return int(self._query(f"SELECT count(*) FROM {self._ref(table.schema, table.name)}{cond}", params)[0][0])


class SQLiteConnection(TargetConnection):
    """Always inside a transaction: BEGIN at the start and again after each commit or rollback."""

    dialect = "sqlite"

    def __init__(self, raw: sqlite3.Connection):
        super().__init__(raw)
        raw.execute("BEGIN")

    def commit(self) -> None:
        if self.raw.in_transaction:
            self.raw.execute("COMMIT")
        self.raw.execute("BEGIN")

    def rollback(self) -> None:
        if self.raw.in_transaction:
            self.raw.execute("ROLLBACK")
        self.raw.execute("BEGIN")

    def close(self) -> None:
        if not self._closed and self.raw.in_transaction:
            try:
                self.raw.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        super().close()


class SQLiteTarget(_SQLiteEndpoint):
    """Writes to an SQLite database file (created when missing)."""

    def __init__(self, parts: DsnParts):
        super().__init__(parts)
        self._connect(read_only=False).close()

    def connection(self) -> SQLiteConnection:
        return SQLiteConnection(self._connect(read_only=False))

    def write(self, conn: Any, schema: str | None, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        raw = raw_connection(conn)
        counted = _Counter(rows)
        raw.executemany(f"INSERT INTO {self._ref(schema, table)} ({', '.join(quote(c) for c in columns)}) "
                        f"VALUES ({', '.join(['?'] * len(columns))})", counted)
        return counted.n

    def execute(self, conn: Any, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        raw = raw_connection(conn)
        args = list(params) if params else None
        cur = raw.execute(qmark(sql), args) if args is not None else raw.execute(sql)
        return cur.fetchall() if cur.description is not None else []

    def table_columns(self, conn: Any, schema: str | None, table: str) -> list[tuple[str, str]]:
        raw = raw_connection(conn)
        pragma = f"PRAGMA {quote(schema)}.table_info({quote(table)})" if schema else \
            f"PRAGMA table_info({quote(table)})"
        return [(r[1], " ".join(str(r[2] or "").lower().split())) for r in raw.execute(pragma).fetchall()]

    def truncate(self, conn: Any, schema: str | None, table: str) -> None:
        raw_connection(conn).execute(f"DELETE FROM {self._ref(schema, table)}")

    def drop_table(self, conn: Any, schema: str | None, table: str) -> None:
        raw_connection(conn).execute(f"DROP TABLE IF EXISTS {self._ref(schema, table)}")

    def count(self, conn: Any, schema: str | None, table: str, where: str | None = None) -> int:
        cond, params = where_clause(quote, where, None, placeholder="?", escape_percent=False)
        return int(raw_connection(conn).execute(f"SELECT count(*) FROM {self._ref(schema, table)}{cond}",
                                                params).fetchone()[0])

    def read(self, conn: Any, schema: str | None, table: str, columns: list[str],
             order_by: str | list[str] | None = None, key_range: KeyRange | None = None, *,
             where: str | None = None, batch_rows: int = 10000) -> Iterator[tuple]:
        cond, params = where_clause(quote, where, key_range, placeholder="?", escape_percent=False)
        order = ", ".join(quote(c) for c in order_columns(order_by))
        cur = raw_connection(conn).execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {self._ref(schema, table)}{cond}"
            + (f" ORDER BY {order}" if order else ""), params)
        while True:
            rows = cur.fetchmany(max(1, batch_rows))
            if not rows:
                break
            yield from rows


class _Counter:
    def __init__(self, rows: Iterable[tuple]):
        self._rows = iter(rows)
        self.n = 0

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> tuple:
        row = next(self._rows)
        self.n += 1
        return row
