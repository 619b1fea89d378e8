"""Endpoints: the databases the runner reads from (`Source`) and writes to (`Target`), chosen by DSN scheme.

    mysql://user:password@host:3306/db      MySQL / MariaDB (PyMySQL)       also mariadb://
    postgresql://user:password@host/db      PostgreSQL (psycopg 3)          also postgres://, and libpq's
                                                                            "host=... dbname=..." form
    sqlite:///relative/path.db              SQLite (sqlite3)                sqlite:////absolute/path.db

Reads are streamed in batches (server-side cursors; never a whole table in memory) inside one consistent
snapshot per `read`. Writes go into the caller's transaction: COPY on PostgreSQL, multi-row INSERT on MySQL,
executemany on SQLite. A server that cannot be reached, or a DSN that cannot be read, raises
`sct.errors.ConnectionFailed` naming host:port/database and never the password.

Besides the `Source`/`Target` protocols of `runner.model`, every endpoint has `quote(name)`; targets also have
`execute`, `table_columns`, `truncate`, `drop_table`, `count`, `read` (see `runner.endpoints.postgres` for the
contract all three dialects keep). `Target.connection()` returns a `TargetConnection`: autocommit off,
commit()/rollback()/close()/cursor(), `with conn:` commits or rolls back (and leaves the connection open).
Endpoints pickle (their cached connections are left behind), so they can be shipped to worker processes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from sct.errors import ConnectionFailed
from sct.runner.model import KeyRange

__all__ = ["open_source", "open_target", "TargetConnection", "DEFAULT_MAX_BATCH_BYTES", "percent_escaped"]

DEFAULT_MAX_BATCH_BYTES = 32 << 20      # a read batch stops growing past about this many bytes of values
DEFAULT_CONNECT_TIMEOUT = 10            # seconds

_SCHEMES = {"mysql": "mysql", "mariadb": "mysql", "postgresql": "postgres", "postgres": "postgres",
            "sqlite": "sqlite"}
_RESERVED_HINT = "percent-encode @ / : ? # in the user name and password"


def open_source(dsn: str, *, max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES) -> Any:
    """The `Source` for a DSN (mysql://, mariadb://, postgresql://, postgres://, sqlite:///path).

    Connects once to check the server answers (ConnectionFailed when not). `max_batch_bytes` caps a read batch
    by size as well as by `batch_rows`, so rows of large BLOBs come a few at a time."""
    dialect, parts = _parse(dsn)
    if dialect == "mysql":
        from sct.runner.endpoints.mysql import MySQLSource
        return MySQLSource(parts, max_batch_bytes=max_batch_bytes)
    if dialect == "postgres":
        from sct.runner.endpoints.postgres import PostgresSource
        return PostgresSource(parts, max_batch_bytes=max_batch_bytes)
    from sct.runner.endpoints.sqlite import SQLiteSource
    return SQLiteSource(parts, max_batch_bytes=max_batch_bytes)


def open_target(dsn: str) -> Any:
    """The `Target` for a DSN; connects once to check the server answers (ConnectionFailed when not)."""
    dialect, parts = _parse(dsn)
    if dialect == "mysql":
        from sct.runner.endpoints.mysql import MySQLTarget
        return MySQLTarget(parts)
    if dialect == "postgres":
        from sct.runner.endpoints.postgres import PostgresTarget
        return PostgresTarget(parts)
    from sct.runner.endpoints.sqlite import SQLiteTarget
    return SQLiteTarget(parts)


# --- DSNs -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DsnParts:
    """A parsed DSN. `password` is kept for connecting only: never put it in a message (use `where`)."""

    scheme: str
    host: str | None
    port: int | None
    user: str | None
    password: str | None = field(repr=False)
    database: str | None
    params: dict[str, str]
    path: str | None = None         # SQLite: the database file

    def where(self, default_port: int | None = None) -> str:
        """host:port/database (SQLite: the file), for messages."""
        if self.path is not None:
            return self.path
        host = self.host or "localhost"
        port = self.port or default_port
        hostport = f"[{host}]" if ":" in host else host
        return f"{hostport}{':' + str(port) if port else ''}/{self.database or ''}"

    def scrub(self, text: str) -> str:
        """`text` with the password (plain or percent-encoded) replaced by ***."""
        for secret in {self.password, _quoted(self.password)}:
            if secret:
                text = text.replace(secret, "***")
        return text


def _quoted(value: str | None) -> str | None:
    from urllib.parse import quote
    return quote(value, safe="") if value else None


def _parse(dsn: str) -> tuple[str, DsnParts]:
    if isinstance(dsn, str) and "://" not in dsn and "=" in dsn:
        return "postgres", _parse_conninfo(dsn)
    if not isinstance(dsn, str) or "://" not in dsn:
        raise ConnectionFailed("cannot read the DSN: expected scheme://... (mysql://, mariadb://, postgresql://, "
                               "postgres://, sqlite:///path)")
    scheme = dsn.split("://", 1)[0].lower()
    if scheme not in _SCHEMES:
        raise ConnectionFailed(f"cannot read the DSN: unknown scheme {scheme[:40]!r} (use mysql://, mariadb://, "
                               "postgresql://, postgres:// or sqlite:///path)")
    dialect = _SCHEMES[scheme]
    if dialect == "sqlite":
        return dialect, _parse_sqlite(dsn)
    try:
        url = urlsplit(dsn)
        port = url.port
        host = url.hostname
    except ValueError:
        raise ConnectionFailed(f"cannot read the {scheme} DSN (bad host or port); {_RESERVED_HINT}") from None
    if "@" in url.path or "@" in url.query or "@" in url.fragment:
        raise ConnectionFailed(f"cannot read the {scheme} DSN: an '@' after the host; {_RESERVED_HINT}")
    if url.fragment:
        raise ConnectionFailed(f"cannot read the {scheme} DSN: it has a '#' fragment; {_RESERVED_HINT}")
    user = unquote(url.username) if url.username is not None else None
    password = unquote(url.password) if url.password is not None else None
    database = unquote(url.path[1:]) if url.path.startswith("/") and len(url.path) > 1 else None
    if database is not None and "/" in database:
        raise ConnectionFailed(f"cannot read the {scheme} DSN: the path must be one database name; "
                               f"{_RESERVED_HINT}")
    params = dict(parse_qsl(url.query, keep_blank_values=True))
    if host is not None:
        host = unquote(host)
    return dialect, DsnParts(scheme, host, port, user, password, database, params)


def _parse_conninfo(dsn: str) -> DsnParts:
    """A libpq keyword/value string ("host=... dbname=..."): PostgreSQL."""
    from psycopg import Error
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = {k: str(v) for k, v in conninfo_to_dict(dsn).items()}
    except Error:
        raise ConnectionFailed("cannot read the PostgreSQL connection string (libpq key=value form)") from None
    port = params.pop("port", None)
    try:
        port_number = int(port) if port else None
    except ValueError:
        raise ConnectionFailed("cannot read the PostgreSQL connection string: the port is not a number") from None
    return DsnParts("postgresql", params.pop("host", None), port_number, params.pop("user", None),
                    params.pop("password", None), params.pop("dbname", None), params)


def _parse_sqlite(dsn: str) -> DsnParts:
    # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute.db
    rest = dsn.split("://", 1)[1]
    if not rest.startswith("/"):
        raise ConnectionFailed("cannot read the sqlite DSN: use sqlite:///relative/path.db or "
                               "sqlite:////absolute/path.db")
    path, _, query = rest[1:].partition("?")
    if not path:
        raise ConnectionFailed("cannot read the sqlite DSN: no database file after sqlite:///")
    return DsnParts("sqlite", None, None, None, None, None, dict(parse_qsl(query)), path=unquote(path))


def connect_timeout(parts: DsnParts) -> int:
    try:
        return max(1, int(parts.params.get("connect_timeout", DEFAULT_CONNECT_TIMEOUT)))
    except ValueError:
        raise ConnectionFailed(f"connect_timeout in the DSN for {parts.where()} is not a number") from None


def failure(parts: DsnParts, what: str, error: BaseException, default_port: int | None = None) -> ConnectionFailed:
    """ConnectionFailed for `error` while connecting to `parts` (the driver's reason, password scrubbed)."""
    reason = parts.scrub(" ".join(str(error).split())) or type(error).__name__
    as_user = f" as {parts.user}" if parts.user else ""
    return ConnectionFailed(f"cannot connect to {what} at {parts.where(default_port)}{as_user}: {reason}")


# --- connections and batches ------------------------------------------------------------------------------------

class MetaConnection:
    """An endpoint's own connection for catalog queries (`_meta`, guarded by `_lock`): closed by `close()`,
    and left behind when the endpoint is pickled to a worker process, which opens its own."""

    _meta: Any
    _lock: Any

    def close(self) -> None:
        with self._lock:
            if self._meta is not None:
                try:
                    self._meta.close()
                except Exception:
                    pass
                self._meta = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_meta"] = None
        state["_lock"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()


class TargetConnection:
    """A target connection: one open transaction at a time (autocommit off), DB-API style.

    `commit()`, `rollback()`, `close()`, `cursor()`; `raw` is the driver's connection. As a context manager
    (`with conn:`) it commits when the block ends normally and rolls back on an exception; the connection stays
    open for the next block (close it, or let it be collected). Any other attribute is the driver's."""

    dialect = ""

    def __init__(self, raw: Any):
        self.raw = raw
        self._closed = False

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        return self.raw.cursor(*args, **kwargs)

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.raw.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> TargetConnection:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            try:
                self.rollback()
            except Exception:       # the connection is broken: the original exception matters
                pass

    def __getattr__(self, name: str) -> Any:
        if name in ("raw", "_closed"):          # not set yet: __init__ did not finish
            raise AttributeError(name)
        return getattr(self.raw, name)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def raw_connection(conn: Any) -> Any:
    """The driver connection behind a TargetConnection (or `conn` itself when it is one already)."""
    return conn.raw if isinstance(conn, TargetConnection) else conn


_VAR = (str, bytes, bytearray, memoryview)


def row_bytes(row: tuple) -> int:
    """About how many bytes a row's values take (lengths of text and binary values, 8 for the rest)."""
    n = 0
    for v in row:
        n += len(v) if isinstance(v, _VAR) else 8
    return n


def adaptive_batches(fetch: Any, batch_rows: int, max_batch_bytes: int) -> Iterator[list[tuple]]:
    """Batches of at most `batch_rows` rows and, past the first row, about `max_batch_bytes` bytes.

    `fetch(n)` returns up to n rows ([] at the end). The first call asks for one row; later calls ask for as many
    rows as the average row size so far says fit, so a table of 5 MB BLOBs is read a few rows at a time and a
    table of small rows in whole batches."""
    batch_rows = max(1, int(batch_rows))
    seen_rows = seen_bytes = 0
    batch: list[tuple] = []
    size = 0
    while True:
        want = batch_rows - len(batch)
        if seen_rows:
            average = max(1, seen_bytes // seen_rows)
            want = min(want, max(1, (max_batch_bytes - size) // average))
        else:
            want = 1
        rows = fetch(want)
        if not rows:
            break
        # measure every row of a small fetch; of a large one every 8th (and scale up): a batch's byte budget is
        # an estimate either way, and sizing each value of every row cost 5% of a load
        step = 1 if len(rows) <= 64 else 8
        got = sum(row_bytes(row) for row in rows[::step]) * len(rows) // len(rows[::step])
        seen_rows += len(rows)
        seen_bytes += got
        batch.extend(rows)
        rows = None                 # hold one batch, not also the last fetch while the next one arrives
        size += got
        if len(batch) >= batch_rows or size >= max_batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def chunks(rows: Iterable[tuple], max_rows: int, max_bytes: int) -> Iterator[list[tuple]]:
    """`rows` in lists of at most `max_rows` rows and about `max_bytes` bytes (at least one row each)."""
    chunk: list[tuple] = []
    size = 0
    for row in rows:
        chunk.append(row)
        size += row_bytes(row)
        if len(chunk) >= max_rows or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# --- SQL pieces shared by the dialects -----------------------------------------------------------------------------

def percent_escaped(text: str) -> str:
    """Text for a statement run with parameters (which the drivers %-format): every % doubled. Use it on
    `quote(name)` when the name may hold a % and the statement has %s placeholders."""
    return text.replace("%", "%%")


def order_columns(order_by: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if order_by is None:
        return []
    if isinstance(order_by, str):
        return [order_by]
    return list(order_by)


def where_clause(quote: Any, where: str | None, key_range: KeyRange | None, placeholder: str = "%s",
                 escape_percent: bool = True) -> tuple[str, list[Any]]:
    """' WHERE ...' (or '') and its parameters for a filter and a key range (low <= k < high)."""
    conditions: list[str] = []
    params: list[Any] = []
    if where and where.strip():
        conditions.append(f"({percent_escaped(where) if escape_percent else where})")
    if key_range is not None:
        column = quote(key_range.column)
        if escape_percent:
            column = percent_escaped(column)
        if key_range.low is not None:
            conditions.append(f"{column} >= {placeholder}")
            params.append(key_range.low)
        if key_range.high is not None:
            conditions.append(f"{column} < {placeholder}")
            params.append(key_range.high)
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def distinct_increasing(values: Iterable[Any]) -> list[Any]:
    """Values in order without repeats or NULLs (boundaries of key ranges)."""
    out: list[Any] = []
    for v in values:
        if v is None:
            continue
        if out and v == out[-1]:
            continue
        out.append(v)
    return out


def offset_positions(total: int, parts: int) -> list[int]:
    """Row offsets (0-based, in key order) of the first row of parts 2..parts."""
    if parts < 2 or total < 2:
        return []
    positions = sorted({(total * i) // parts for i in range(1, parts)})
    return [p for p in positions if 0 < p < total]

