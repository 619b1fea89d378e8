"""PostgreSQL endpoint (psycopg 3).

Source: the catalog from pg_catalog (types by format_type, primary keys, reltuples as the row estimate);
reads through a server-side (named) cursor in a REPEATABLE READ READ ONLY transaction, one per `read`, so a
read sees one snapshot and holds one batch in memory. When `PostgresSource.snapshot` names an exported snapshot
(change data capture: the one its replication slot exported), each `read` imports it with SET TRANSACTION
SNAPSHOT, so the full load sees the data exactly as of the slot's start (`count` and `key_boundaries`, which
only size and split the work, read the current data). Target: writes with COPY ... FROM STDIN (text format,
`copy.write_row`) in the caller's transaction.

Every session runs with TimeZone=UTC, DateStyle=ISO and IntervalStyle=postgres: timestamptz values come back
as aware datetimes in UTC. json and jsonb are read as their text (str), as MySQL and SQLite give them.

The target methods below (`execute`, `table_columns`, `truncate`, `drop_table`, `count`, `read`) are the same on
all three dialects:

- `quote(name)` (every endpoint): the dialect's quoted identifier, embedded quote characters doubled.
- `execute(conn, sql, params=())`: run one statement (several, without params, on PostgreSQL); placeholders are
  %s on every dialect and a literal % is written %% -- but only when params are given: without params the SQL
  runs exactly as written. So a quoted name holding a % goes into a statement with params as
  `percent_escaped(quote(name))`. Returns the rows it produced (list of tuples; [] when none).
- `table_columns(conn, schema, table)`: [(column, type)] in column order from the target catalog ([] when the
  table does not exist); types as the catalog writes them (PostgreSQL format_type, MySQL column type lower
  case without integer display widths except tinyint(1), SQLite declared type lower case).
- `truncate(conn, schema, table)`: empty the table inside the transaction (TRUNCATE on PostgreSQL; DELETE on
  MySQL, whose TRUNCATE would commit, and on SQLite).
- `drop_table(conn, schema, table)`: DROP TABLE IF EXISTS (MySQL commits implicitly on DDL).
- `count(conn, schema, table, where=None)`: rows, optionally filtered by SQL in the target's dialect.
- `read(conn, schema, table, columns, order_by=None, key_range=None, *, where=None, batch_rows=10000)`: the
  rows (tuples in `columns` order) streamed from a server-side cursor in the caller's transaction; `order_by`
  is a column name or a list of them.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg
from psycopg.sql import SQL, Literal
from psycopg.types.string import TextLoader

from sct.runner.endpoints import (
    DEFAULT_MAX_BATCH_BYTES,
    DsnParts,
    MetaConnection,
    TargetConnection,
    adaptive_batches,
    connect_timeout,
    distinct_increasing,
    failure,
    order_columns,
    percent_escaped,
    raw_connection,
    where_clause,
)
from sct.runner.model import ColumnInfo, KeyRange, SqlExpr, TableInfo

DEFAULT_PORT = 5432
_SESSION_OPTIONS = "-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres"


def quote(name: str) -> str:
    """A PostgreSQL quoted identifier ("name", embedded " doubled)."""
    return '"' + str(name).replace('"', '""') + '"'


class _PostgresEndpoint(MetaConnection):
    dialect = "postgres"

    def __init__(self, parts: DsnParts):
        self._parts = parts
        self._lock = threading.Lock()
        self._meta: psycopg.Connection | None = None

    @staticmethod
    def quote(name: str) -> str:
        return quote(name)

    def _ref(self, schema: str | None, table: str) -> str:
        return f"{quote(schema)}.{quote(table)}" if schema else quote(table)

    def _connect(self, autocommit: bool) -> psycopg.Connection:
        p = self._parts
        kwargs: dict[str, Any] = {k: v for k, v in p.params.items() if k != "connect_timeout"}
        kwargs["options"] = f"{kwargs.get('options', '')} {_SESSION_OPTIONS}".strip()
        kwargs.setdefault("application_name", "sct")
        for key, value in (("host", p.host), ("port", p.port), ("user", p.user), ("password", p.password),
                           ("dbname", p.database)):
            if value is not None:
                kwargs[key] = value
        try:
            conn = psycopg.connect(autocommit=autocommit, connect_timeout=connect_timeout(p), **kwargs)
        except psycopg.Error as e:
            raise failure(p, "PostgreSQL", e, DEFAULT_PORT) from None
        for name in ("json", "jsonb"):
            conn.adapters.register_loader(name, TextLoader)
        return conn

    def _meta_conn(self) -> psycopg.Connection:
        if self._meta is None or self._meta.closed:
            self._meta = self._connect(autocommit=True)
        return self._meta

    def _query(self, sql: str, params: Iterable[Any] | None = None) -> list[tuple]:
        with self._lock:
            conn = self._meta_conn()
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description is not None else []



class PostgresSource(_PostgresEndpoint):
    """Reads a PostgreSQL database: every table of every non-system schema."""

    def __init__(self, parts: DsnParts, max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES):
        super().__init__(parts)
        self.max_batch_bytes = max_batch_bytes
        self.snapshot: str | None = None        # an exported snapshot name for `read` to import
        self._meta = self._connect(autocommit=True)

    def tables(self) -> list[TableInfo]:
        rows = self._query("""
            SELECT c.oid, n.nspname, c.relname,
                   CASE WHEN c.relkind = 'p' THEN
                            (SELECT coalesce(sum(greatest(p.reltuples, 0)), 0) FROM pg_inherits i
                             JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = c.oid)
                        ELSE greatest(c.reltuples, 0) END::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
            ORDER BY n.nspname, c.relname""", ())
        tables = {oid: TableInfo(name, schema, [], [], int(est)) for oid, schema, name, est in rows}
        if not tables:
            return []
        oids = list(tables)
        for oid, name, kind, notnull in self._query("""
                SELECT attrelid, attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
                WHERE attrelid = ANY(%s) AND attnum > 0 AND NOT attisdropped ORDER BY attrelid, attnum""",
                                                    (oids,)):
            tables[oid].columns.append(ColumnInfo(name, kind, nullable=not notnull))
        for oid, name in self._query("""
                SELECT i.indrelid, a.attname FROM pg_index i
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indisprimary AND i.indrelid = ANY(%s) ORDER BY i.indrelid, k.ord""", (oids,)):
            tables[oid].primary_key.append(name)
        return list(tables.values())

    def read(self, table: TableInfo, columns: list[str], where: str | None, key_range: KeyRange | None,
             batch_rows: int) -> Iterator[list[tuple]]:
        """Batches of rows from a named cursor in a REPEATABLE READ READ ONLY transaction of its own."""
        cond, params = where_clause(quote, where, key_range)
        order = ", ".join(percent_escaped(quote(k)) for k in table.primary_key)
        sql = (f"SELECT {', '.join(percent_escaped(c if isinstance(c, SqlExpr) else quote(c)) for c in columns)} "
               f"FROM {percent_escaped(self._ref(table.schema, table.name))}{cond}"
               + (f" ORDER BY {order}" if order else ""))
        conn = self._connect(autocommit=False)
        try:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            if self.snapshot is not None:       # must be the transaction's first statement
                conn.execute(SQL("SET TRANSACTION SNAPSHOT {}").format(Literal(self.snapshot)))
            with conn.cursor(name=f"sct_read_{uuid.uuid4().hex[:12]}") as cur:
                cur.execute(sql, params)
                yield from adaptive_batches(cur.fetchmany, batch_rows, self.max_batch_bytes)
            conn.rollback()
        finally:
            conn.close()

    def key_boundaries(self, table: TableInfo, column: str, parts: int, where: str | None) -> list[Any]:
        """Up to parts - 1 increasing key values cutting the table into parts of about equal row counts (NTILE);
        NULL keys are left out."""
        if parts < 2:
            return []
        cond, params = where_clause(quote, where, None)
        k = percent_escaped(quote(column))
        cond = f"{cond} AND {k} IS NOT NULL" if cond else f" WHERE {k} IS NOT NULL"
        rows = self._query(f"SELECT min(k) FROM (SELECT {k} AS k, ntile(%s) OVER (ORDER BY {k}) AS t "
                           f"FROM {percent_escaped(self._ref(table.schema, table.name))}{cond}) s "
                           f"GROUP BY t ORDER BY t", [int(parts), *params])
        return distinct_increasing(r[0] for r in rows[1:])

    def count(self, table: TableInfo, where: str | None, key_range: KeyRange | None) -> int:
        cond, params = where_clause(quote, where, key_range)
        return int(self._query(f"SELECT count(*) FROM {percent_escaped(self._ref(table.schema, table.name))}"
                               f"{cond}", params)[0][0])


class PostgresConnection(TargetConnection):
    dialect = "postgres"


class PostgresTarget(_PostgresEndpoint):
    """Writes to a PostgreSQL database with COPY."""

    def __init__(self, parts: DsnParts):
        super().__init__(parts)
        self._connect(autocommit=True).close()        # fail now, not in the first worker

    def connection(self) -> PostgresConnection:
        return PostgresConnection(self._connect(autocommit=False))

    def write(self, conn: Any, schema: str | None, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        """COPY rows into the table (text format); returns how many."""
        raw = raw_connection(conn)
        sql = f"COPY {self._ref(schema, table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        n = 0
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n

    def write_copy_text(self, conn: Any, schema: str | None, table: str, columns: list[str],
                        chunks: Iterable[bytes]) -> int:
        """COPY rows given as COPY text (lines, tab-separated, \\N for NULL) in the caller's transaction, read
        as UTC where a time zone matters; returns how many rows."""
        raw = raw_connection(conn)
        sql = f"COPY {self._ref(schema, table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        rows = 0
        with raw.cursor() as cur:
            cur.execute("SET LOCAL TimeZone = 'UTC'")
            with cur.copy(sql) as copy:
                for chunk in chunks:
                    copy.write(chunk)
                    rows += chunk.count(b"\n")
        return rows

    def execute(self, conn: Any, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        raw = raw_connection(conn)
        args = list(params) if params else None
        with raw.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall() if cur.description is not None else []

    def table_columns(self, conn: Any, schema: str | None, table: str) -> list[tuple[str, str]]:
        return [(n, t) for n, t in self.execute(conn, """
            SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped ORDER BY attnum""",
                                                    (self._ref(schema, table),))]

    def truncate(self, conn: Any, schema: str | None, table: str) -> None:
        self.execute(conn, f"TRUNCATE {self._ref(schema, table)}")

    def drop_table(self, conn: Any, schema: str | None, table: str) -> None:
        # CASCADE: foreign keys and views that use it go too; drop-and-create re-creates them afterwards
        self.execute(conn, f"DROP TABLE IF EXISTS {self._ref(schema, table)} CASCADE")

    def count(self, conn: Any, schema: str | None, table: str, where: str | None = None) -> int:
        cond, params = where_clause(quote, where, None)
        with raw_connection(conn).cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {percent_escaped(self._ref(schema, table))}{cond}", params)
            return int(cur.fetchone()[0])

    def read(self, conn: Any, schema: str | None, table: str, columns: list[str],
             order_by: str | list[str] | None = None, key_range: KeyRange | None = None, *,
             where: str | None = None, batch_rows: int = 10000) -> Iterator[tuple]:
        raw = raw_connection(conn)
        cond, params = where_clause(quote, where, key_range)
        order = ", ".join(percent_escaped(quote(c)) for c in order_columns(order_by))
        sql = (f"SELECT {', '.join(percent_escaped(quote(c)) for c in columns)} "
               f"FROM {percent_escaped(self._ref(schema, table))}{cond}" + (f" ORDER BY {order}" if order else ""))
        with raw.cursor(name=f"sct_read_{uuid.uuid4().hex[:12]}") as cur:
            cur.execute(sql, params)
            while True:
                rows = cur.fetchmany(max(1, batch_rows))
                if not rows:
                    break
                yield from rows
