"""MySQL / MariaDB endpoint (PyMySQL).

Source: the catalog from information_schema of the DSN's database (TableInfo.schema is that database).
Column types are COLUMN_TYPE in lower case without integer display widths, except tinyint(1) which means
boolean: "int unsigned", "tinyint(1)", "bigint unsigned zerofill", "decimal(12,2)", "year"; ENUM and SET keep
their members as declared (case matters there): "enum('A','b')". A MariaDB JSON column (LONGTEXT with a
json_valid CHECK) is reported as "json".

Reads: one connection per `read`, REPEATABLE READ and START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY, an
unbuffered SSCursor fetched in batches (never the whole result). Sessions use time_zone '+00:00', so TIMESTAMP
values come as naive datetimes in UTC (runner.values makes them aware for timestamptz). FLOAT columns are
read as CAST(col AS DOUBLE): the text protocol would round a FLOAT to 6 digits, the cast gives the exact
single-precision value. Zero and invalid dates ('0000-00-00', '2020-00-10') come as str; TIME as timedelta
(-838:59:59 .. 838:59:59); BIT(n) as big-endian bytes; SET as 'a,b'; binary strings and BLOBs as bytes.

Target: multi-row INSERT (PyMySQL executemany: one statement per ~1 MB) in chunks of at most 1000 rows and
16 MB, in the caller's transaction. LOAD DATA LOCAL INFILE is not used: with LOCAL the server turns data
errors into warnings (as IGNORE does), so a bad value would be loaded truncated instead of refused.
See runner.endpoints.postgres for the target methods common to all dialects.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pymysql
import pymysql.constants
import pymysql.converters
import pymysql.cursors

from sct.errors import ConnectionFailed
from sct.runner.endpoints import (
    DEFAULT_MAX_BATCH_BYTES,
    DsnParts,
    MetaConnection,
    TargetConnection,
    adaptive_batches,
    chunks,
    connect_timeout,
    distinct_increasing,
    failure,
    offset_positions,
    order_columns,
    percent_escaped,
    raw_connection,
    where_clause,
)
from sct.runner.model import ColumnInfo, KeyRange, SqlExpr, TableInfo
from sct.runner.values import float32

DEFAULT_PORT = 3306
INSERT_ROWS = 1000              # rows per executemany call
INSERT_BYTES = 16 << 20         # and about this many bytes of values
_INIT = "SET time_zone = '+00:00'"
_PARAMS = {"connect_timeout", "unix_socket", "ssl_ca", "ssl_cert", "ssl_key", "ssl_verify_cert",
           "ssl_verify_identity", "read_timeout", "write_timeout", "charset"}
_INT_WIDTH = re.compile(r"^(tinyint|smallint|mediumint|int|integer|bigint|year)\(\d+\)")
_MEMBERS = re.compile(r"^(enum|set)\s*(\(.*\))(.*)$", re.IGNORECASE | re.DOTALL)
_JSON_CHECK = re.compile(r"^\s*json_valid\(\s*`((?:[^`]|``)+)`\s*\)\s*$", re.IGNORECASE)


def quote(name: str) -> str:
    """A MySQL quoted identifier (`name`, embedded ` doubled)."""
    return "`" + str(name).replace("`", "``") + "`"


def normalise_type(column_type: str | bytes) -> str:
    """information_schema COLUMN_TYPE -> "int unsigned", "tinyint(1)", "enum('A','b')", "varchar(40)"."""
    t = column_type.decode() if isinstance(column_type, bytes) else str(column_type)
    t = t.strip()
    m = _MEMBERS.match(t)
    if m:
        rest = " ".join(m.group(3).lower().split())
        return f"{m.group(1).lower()}{m.group(2)}" + (f" {rest}" if rest else "")
    t = " ".join(t.lower().split())
    if t.startswith("tinyint(1)"):
        return t
    return _INT_WIDTH.sub(r"\1", t)


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes | bytearray) else value


class _MySQLEndpoint(MetaConnection):
    dialect = "mysql"

    def __init__(self, parts: DsnParts):
        unknown = sorted(set(parts.params) - _PARAMS)
        if unknown:
            raise ConnectionFailed(f"the MySQL DSN for {parts.where(DEFAULT_PORT)} has options this runner does not "
                                   f"know: {', '.join(unknown)} (known: {', '.join(sorted(_PARAMS))})")
        if not parts.database:
            raise ConnectionFailed(f"the MySQL DSN for {parts.where(DEFAULT_PORT)} names no database "
                                   "(mysql://user@host:3306/DATABASE)")
        self._parts = parts
        self.database = parts.database
        self._lock = threading.Lock()
        self._meta: Any = None
        self._version: str | None = None

    @staticmethod
    def quote(name: str) -> str:
        return quote(name)

    def _ref(self, schema: str | None, table: str) -> str:
        return f"{quote(schema)}.{quote(table)}" if schema else quote(table)

    def _connect(self, autocommit: bool, found_rows: bool = False) -> Any:
        p = self._parts
        kwargs: dict[str, Any] = {}
        if found_rows:      # an UPDATE reports the rows it matched, not only those whose values changed
            kwargs["client_flag"] = pymysql.constants.CLIENT.FOUND_ROWS
        for key in ("unix_socket", "ssl_ca", "ssl_cert", "ssl_key"):
            if key in p.params:
                kwargs[key] = p.params[key]
        for key in ("ssl_verify_cert", "ssl_verify_identity"):
            if key in p.params:
                kwargs[key] = p.params[key].lower() in ("1", "true", "yes", "on")
        for key in ("read_timeout", "write_timeout"):
            if key in p.params:
                kwargs[key] = int(p.params[key])
        try:
            return pymysql.connect(host=p.host or "localhost", port=p.port or DEFAULT_PORT, user=p.user or "",
                                   password=p.password or "", database=p.database,
                                   charset=p.params.get("charset", "utf8mb4"), autocommit=autocommit,
                                   connect_timeout=connect_timeout(p), init_command=_INIT, **kwargs)
        except ConnectionFailed:
            raise
        except Exception as e:      # OperationalError, InternalError (unknown database), OSError, ssl errors
            raise failure(p, "MySQL", e, DEFAULT_PORT) from None

    def _meta_conn(self) -> Any:
        if self._meta is None or not self._meta.open:
            self._meta = self._connect(autocommit=True)
        return self._meta

    def _query(self, sql: str, params: Iterable[Any] | None = None) -> list[tuple]:
        with self._lock:
            conn = self._meta_conn()
            try:
                conn.ping(False)
            except pymysql.MySQLError:          # the server closed an idle connection: connect again
                self._meta = None
                conn = self._meta_conn()
            with conn.cursor() as cur:
                cur.execute(sql, None if params is None else list(params))
                return list(cur.fetchall()) if cur.description is not None else []

    def server_version(self) -> str:
        if self._version is None:
            self._version = str(self._query("SELECT VERSION()")[0][0])
        return self._version

    def _has_window_functions(self) -> bool:
        """MariaDB 10.2+ and MySQL 8.0+ have NTILE."""
        version = self.server_version()
        numbers = [int(x) for x in re.findall(r"\d+", version)[:2]] + [0, 0]
        if "mariadb" in version.lower():
            return (numbers[0], numbers[1]) >= (10, 2)
        return numbers[0] >= 8

    def _columns(self, schema: str, table: str | None) -> list[tuple[str, str, str, bool]]:
        """(table, column, normalised type, nullable) in column order; MariaDB JSON columns typed json."""
        sql = ("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, DATA_TYPE FROM information_schema.COLUMNS "
               "WHERE TABLE_SCHEMA = %s" + (" AND TABLE_NAME = %s" if table is not None else "")
               + " ORDER BY TABLE_NAME, ORDINAL_POSITION")
        rows = self._query(sql, [schema] + ([table] if table is not None else []))
        json_columns = self._json_columns(schema, table)
        out = []
        for t, c, kind, nullable, data_type in rows:
            t, c, kind, data_type = _text(t), _text(c), normalise_type(kind), _text(data_type).lower()
            if data_type == "longtext" and (t, c) in json_columns:
                kind = "json"
            out.append((t, c, kind, _text(nullable) == "YES"))
        return out

    def _json_columns(self, schema: str, table: str | None) -> set[tuple[str, str]]:
        try:
            rows = self._query("SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                               "WHERE CONSTRAINT_SCHEMA = %s" + (" AND TABLE_NAME = %s" if table is not None else ""),
                               [schema] + ([table] if table is not None else []))
        except pymysql.MySQLError:          # MySQL 8 has no TABLE_NAME there, and a real JSON type anyway
            return set()
        out = set()
        for t, clause in rows:
            m = _JSON_CHECK.match(_text(clause) or "")
            if m:
                out.add((_text(t), m.group(1).replace("``", "`")))
        return out



def _float_columns(table: TableInfo | None, columns: list[str]) -> list[int]:
    """Positions of single-precision FLOAT columns (read as CAST(... AS DOUBLE), then made float32-shortest)."""
    out = []
    for i, c in enumerate(columns):
        info = table.column(c) if table is not None else None
        if info is not None and info.source_type.lower().startswith("float"):
            out.append(i)
    return out


def _select_list(columns: list[str], floats: list[int]) -> str:
    return ", ".join(percent_escaped(c) if isinstance(c, SqlExpr) else
                     f"CAST({percent_escaped(quote(c))} AS DOUBLE)" if i in floats else percent_escaped(quote(c))
                     for i, c in enumerate(columns))


def _fixing_floats(fetch: Any, floats: list[int]) -> Any:
    """fetch(n) whose FLOAT values are the shortest decimals that give the same single-precision number (what
    PostgreSQL prints for real): 0.1 stays 0.1 instead of 0.10000000149011612."""
    if not floats:
        return fetch

    def fixed(n: int) -> list[tuple]:
        out = []
        for row in fetch(n):
            row = list(row)
            for i in floats:
                if row[i] is not None:
                    row[i] = float32(row[i])
            out.append(tuple(row))
        return out
    return fixed


def _abandon(cur: Any) -> None:
    """Forget a cursor's unread rows: closing it would read the rest of the result (the whole table) first. The
    connection must be closed right after."""
    if cur is None:
        return
    result = getattr(cur, "_result", None)
    if result is not None and getattr(result, "unbuffered_active", False):
        result.unbuffered_active = False
    cur.connection = None


_INTEGERS = ("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year")
_TEXTS = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json")
_BINARIES = ("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob")


def _escaped_text(q: str) -> str:
    """SQL that writes a text value as PostgreSQL COPY text: backslash, tab, newline, CR escaped."""
    return (f"REPLACE(REPLACE(REPLACE(REPLACE({q}, '\\\\', '\\\\\\\\'), '\\t', '\\\\t'), "
            f"'\\n', '\\\\n'), '\\r', '\\\\r')")


def copy_text_expression(column: ColumnInfo, target_type: str | None, zero_dates_null: bool) -> str | None:
    """SQL giving a column's value as PostgreSQL COPY text (NULL as \\N), or None when this fast form would not
    be exact for the pair of types (the row-by-row path then loads the table)."""
    t = (column.source_type or "").lower()
    base = re.split(r"[ (]", t, maxsplit=1)[0]
    target = (target_type or "").lower()
    q = quote(column.name)
    if base in _INTEGERS:
        if t.startswith("tinyint(1)") and target == "boolean":
            expr = f"IF({q} = 0, 'f', 't')"
        elif target in ("smallint", "integer", "bigint") or target.startswith("numeric"):
            expr = f"CAST({q} AS CHAR)"
        else:
            return None
    elif base in ("decimal", "numeric", "dec", "fixed"):
        m = re.search(r"\((\d+)\s*,\s*(\d+)\)", t)
        tm = re.search(r"\((\d+)\s*,\s*(\d+)\)", target)
        if not target.startswith("numeric") or (tm and m and int(tm.group(2)) < int(m.group(2))):
            return None             # a narrower scale rounds: the converter does it exactly as the policy says
        expr = f"CAST({q} AS CHAR)"
    elif base in _TEXTS:
        if not (target in ("text", "jsonb", "json") or target.startswith(("character", "varchar"))):
            return None
        expr = _escaped_text(q)
    elif base in ("date", "datetime", "timestamp"):
        if not target.startswith(("date", "timestamp")):
            return None
        expr = f"CAST({q} AS CHAR)"
        if zero_dates_null:
            expr = f"IF(MONTH({q}) = 0 OR DAYOFMONTH({q}) = 0, NULL, {expr})"
    elif base == "time":
        if target != "interval":
            return None
        expr = f"CAST({q} AS CHAR)"
    elif base in _BINARIES:
        if target != "bytea":
            return None
        expr = f"CONCAT('\\\\\\\\x', HEX({q}))"   # \\x in COPY text is \x for bytea
    else:
        return None                 # FLOAT, DOUBLE, BIT, spatial: the row-by-row path
    return f"IFNULL({expr}, '\\\\N')"


# MariaDB reports, inside START TRANSACTION WITH CONSISTENT SNAPSHOT, the binary log position the snapshot
# matches (status binlog_snapshot_file / binlog_snapshot_position): every transaction logged before it is in the
# snapshot, none after. MySQL has no such status (it would need FLUSH TABLES WITH READ LOCK around the start).
_SNAPSHOT_SQL = ("SELECT CONCAT(MAX(IF(VARIABLE_NAME = 'BINLOG_SNAPSHOT_FILE', VARIABLE_VALUE, NULL)), ':', "
                 "MAX(IF(VARIABLE_NAME = 'BINLOG_SNAPSHOT_POSITION', VARIABLE_VALUE, NULL))) "
                 "FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME LIKE 'BINLOG\\_SNAPSHOT\\_%'")


def _snapshot_text(value: Any) -> str:
    text = _text(value)
    if not text or text in ("NULL", ":") or text.startswith(":") or not text.rsplit(":", 1)[-1].isdigit():
        raise ConnectionFailed("this MySQL server does not report the binary log position of a consistent "
                               "snapshot (binlog_snapshot_position, a MariaDB status with the binary log on): "
                               "full-load-and-cdc needs MariaDB 10.x with log_bin, or use --mode cdc with "
                               "--start-position")
    return text


def _first_line_to(stream: Iterator[bytes], callback: Any) -> Iterator[bytes]:
    """`stream` without its first line, which goes (decoded) to `callback` before anything is yielded."""
    head = b""
    for chunk in stream:
        if callback is None:
            yield chunk
            continue
        head += chunk
        line, newline, rest = head.partition(b"\n")
        if not newline:
            continue
        callback(_snapshot_text(line.decode()))
        callback = None
        if rest:
            yield rest
    if callback is not None:
        raise RuntimeError("the MySQL client ended before it printed the snapshot position")


class MySQLSource(_MySQLEndpoint):
    """Reads the tables of the DSN's database."""

    def copy_text(self, table: TableInfo, columns: list[str], where: str | None, key_range: KeyRange | None,
                  target_types: list[str | None], zero_dates_null: bool,
                  on_snapshot: Any = None) -> Iterator[bytes] | None:
        """The rows as PostgreSQL COPY text, streamed from the `mariadb` (or `mysql`) command-line client in
        one consistent snapshot: the client decodes rows in C, several times faster than PyMySQL. None when a
        column has no exact text form here or the client is not installed. The password goes to the client in
        its environment (MYSQL_PWD), never on its command line. `on_snapshot(position)`, when given, is called
        with the binary log position of the snapshot (see `snapshot_position`) before the first row."""
        import shutil

        client = shutil.which("mariadb") or shutil.which("mysql")
        if client is None or any(isinstance(c, SqlExpr) for c in columns):
            return None
        exprs = []
        for name, target_type in zip(columns, target_types, strict=True):
            info = table.column(name)
            expr = copy_text_expression(info, target_type, zero_dates_null) if info else None
            if expr is None:
                return None
            exprs.append(expr)
        cond, params = where_clause(quote, where, key_range, escape_percent=False)
        if params:
            cond = cond.replace("%s", "{}").format(*(pymysql.converters.escape_item(p, "utf8mb4") for p in params))
        order = ", ".join(quote(k) for k in table.primary_key)
        sql = (f"SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', ''); {_INIT}; "
               "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ; "
               "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY; "
               + (f"{_SNAPSHOT_SQL}; " if on_snapshot is not None else "")
               + f"SELECT CONCAT_WS(CHAR(9), {', '.join(exprs)}) FROM {self._ref(table.schema or self.database, table.name)}"
               f"{cond}" + (f" ORDER BY {order}" if order else "") + "; COMMIT")
        stream = self._stream_client(client, sql)
        return _first_line_to(stream, on_snapshot) if on_snapshot is not None else stream

    def _stream_client(self, client: str, sql: str) -> Iterator[bytes]:
        import os
        import subprocess

        p = self._parts
        args = [client, "--batch", "--raw", "--skip-column-names", "--quick", "--default-character-set=utf8mb4",
                f"--host={p.host or 'localhost'}", f"--port={p.port or DEFAULT_PORT}", f"--user={p.user or ''}",
                f"--connect-timeout={connect_timeout(p)}", p.database, "-e", sql]
        if "unix_socket" in p.params:
            args.insert(1, f"--socket={p.params['unix_socket']}")
        env = {**os.environ, "MYSQL_PWD": p.password or ""}
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                env=env)
        try:
            while True:
                chunk = proc.stdout.read(1 << 20)
                if not chunk:
                    break
                yield chunk
            error = proc.stderr.read().decode("utf-8", "replace").strip()
            if proc.wait() != 0:
                raise RuntimeError(f"the MySQL client failed: {error or proc.returncode}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def __init__(self, parts: DsnParts, max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES):
        super().__init__(parts)
        self.max_batch_bytes = max_batch_bytes
        self._meta = self._connect(autocommit=True)


    def column_defaults(self, table: TableInfo) -> dict[str, str | None]:
        """Each column's default as information_schema writes it (MariaDB: a quoted literal, a number, or an
        expression such as current_timestamp()); None when it has none (or NULL)."""
        rows = self._query("SELECT COLUMN_NAME, COLUMN_DEFAULT FROM information_schema.COLUMNS "
                           "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s", [table.schema or self.database, table.name])
        out = {}
        for name, default in rows:
            default = _text(default)
            out[_text(name)] = None if default is None or default.upper() == "NULL" else default
        return out

    def tables(self) -> list[TableInfo]:
        tables = {}
        for name, rows in self._query("SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                                      "WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
                                      [self.database]):
            tables[_text(name)] = TableInfo(_text(name), self.database, [], [], int(rows or 0))
        for t, c, kind, nullable in self._columns(self.database, None):
            if t in tables:
                tables[t].columns.append(ColumnInfo(c, kind, nullable=nullable))
        for t, c in self._query("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                                "WHERE TABLE_SCHEMA = %s AND CONSTRAINT_NAME = 'PRIMARY' "
                                "ORDER BY TABLE_NAME, ORDINAL_POSITION", [self.database]):
            if _text(t) in tables:
                tables[_text(t)].primary_key.append(_text(c))
        return list(tables.values())

    def read(self, table: TableInfo, columns: list[str], where: str | None, key_range: KeyRange | None,
             batch_rows: int, on_snapshot: Any = None) -> Iterator[list[tuple]]:
        """Batches of rows from an unbuffered cursor inside a consistent snapshot of their own; `on_snapshot`, when
        given, is called with the snapshot's binary log position before the first batch."""
        cond, params = where_clause(quote, where, key_range)
        order = ", ".join(percent_escaped(quote(k)) for k in table.primary_key)
        floats = _float_columns(table, columns)
        sql = (f"SELECT {_select_list(columns, floats)} "
               f"FROM {percent_escaped(self._ref(table.schema or self.database, table.name))}{cond}"
               + (f" ORDER BY {order}" if order else ""))
        conn = self._connect(autocommit=True)
        cur = None
        try:
            with conn.cursor() as setup:
                setup.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                setup.execute("SET SESSION net_write_timeout = 3600")   # the consumer may write slowly
                setup.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
                if on_snapshot is not None:
                    setup.execute(_SNAPSHOT_SQL)
                    on_snapshot(_snapshot_text(setup.fetchone()[0]))
            cur = conn.cursor(pymysql.cursors.SSCursor)
            cur.execute(sql, params)
            try:
                yield from adaptive_batches(_fixing_floats(cur.fetchmany, floats), batch_rows, self.max_batch_bytes)
            except UnicodeDecodeError as e:
                raise RuntimeError(f"{table.key}: a text column holds bytes that are not valid UTF-8 ({e.reason} "
                                   f"at byte {e.start})") from None
        finally:
            _abandon(cur)
            conn.close()

    def key_boundaries(self, table: TableInfo, column: str, parts: int, where: str | None) -> list[Any]:
        """Up to parts - 1 increasing key values cutting the table into parts of about equal row counts (NTILE on
        MariaDB 10.2+ / MySQL 8, else ORDER BY with OFFSET); NULL keys are left out."""
        if parts < 2:
            return []
        ref = percent_escaped(self._ref(table.schema or self.database, table.name))
        k = percent_escaped(quote(column))
        cond, params = where_clause(quote, where, None)
        cond = f"{cond} AND {k} IS NOT NULL" if cond else f" WHERE {k} IS NOT NULL"
        if self._has_window_functions():
            rows = self._query(f"SELECT MIN(k) FROM (SELECT {k} AS k, NTILE(%s) OVER (ORDER BY {k}) AS t "
                               f"FROM {ref}{cond}) s GROUP BY t ORDER BY t", [int(parts), *params])
            return distinct_increasing(r[0] for r in rows[1:])
        total = int(self._query(f"SELECT COUNT(*) FROM {ref}{cond}", params)[0][0])
        values = []
        for offset in offset_positions(total, parts):
            rows = self._query(f"SELECT {k} FROM {ref}{cond} ORDER BY {k} LIMIT 1 OFFSET %s", [*params, offset])
            if rows:
                values.append(rows[0][0])
        return distinct_increasing(values)

    def count(self, table: TableInfo, where: str | None, key_range: KeyRange | None) -> int:
        cond, params = where_clause(quote, where, key_range)
        ref = percent_escaped(self._ref(table.schema or self.database, table.name))
        return int(self._query(f"SELECT COUNT(*) FROM {ref}{cond}", params)[0][0])


class MySQLConnection(TargetConnection):
    dialect = "mysql"


class MySQLTarget(_MySQLEndpoint):
    """Writes to the DSN's database with multi-row INSERTs."""

    def __init__(self, parts: DsnParts):
        super().__init__(parts)
        self._connect(autocommit=True).close()        # fail now, not in the first worker

    def connection(self) -> MySQLConnection:
        return MySQLConnection(self._connect(autocommit=False, found_rows=True))

    def write(self, conn: Any, schema: str | None, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        """INSERT ... VALUES (...), (...) in chunks of at most 1000 rows / 16 MB; returns rows written."""
        raw = raw_connection(conn)
        sql = (f"INSERT INTO {percent_escaped(self._ref(schema, table))} "
               f"({', '.join(percent_escaped(quote(c)) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})")
        n = 0
        with raw.cursor() as cur:
            for chunk in chunks(rows, INSERT_ROWS, INSERT_BYTES):
                cur.executemany(sql, chunk)
                n += len(chunk)
        return n

    def execute(self, conn: Any, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        raw = raw_connection(conn)
        args = list(params) if params else None
        with raw.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall()) if cur.description is not None else []

    def table_columns(self, conn: Any, schema: str | None, table: str) -> list[tuple[str, str]]:
        raw = raw_connection(conn)
        with raw.cursor() as cur:
            cur.execute("SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE FROM information_schema.COLUMNS "
                        "WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION",
                        [schema, table])
            rows = cur.fetchall()
            json_columns: set[str] = set()
            try:
                cur.execute("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                            "WHERE CONSTRAINT_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s", [schema, table])
                for (clause,) in cur.fetchall():
                    m = _JSON_CHECK.match(_text(clause) or "")
                    if m:
                        json_columns.add(m.group(1).replace("``", "`"))
            except pymysql.MySQLError:
                pass
        out = []
        for name, kind, data_type in rows:
            name = _text(name)
            kind = "json" if _text(data_type).lower() == "longtext" and name in json_columns else normalise_type(kind)
            out.append((name, kind))
        return out

    def truncate(self, conn: Any, schema: str | None, table: str) -> None:
        """DELETE FROM the table: MySQL's TRUNCATE would commit the caller's transaction."""
        self.execute(conn, f"DELETE FROM {self._ref(schema, table)}")

    def drop_table(self, conn: Any, schema: str | None, table: str) -> None:
        self.execute(conn, f"DROP TABLE IF EXISTS {self._ref(schema, table)}")

    def count(self, conn: Any, schema: str | None, table: str, where: str | None = None) -> int:
        cond, params = where_clause(quote, where, None)
        with raw_connection(conn).cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {percent_escaped(self._ref(schema, table))}{cond}", params)
            return int(cur.fetchone()[0])

    def read(self, conn: Any, schema: str | None, table: str, columns: list[str],
             order_by: str | list[str] | None = None, key_range: KeyRange | None = None, *,
             where: str | None = None, batch_rows: int = 10000) -> Iterator[tuple]:
        """Rows from an unbuffered cursor on `conn` (which can run nothing else until they are all read).
        FLOAT columns come as CAST(... AS DOUBLE), exact."""
        raw = raw_connection(conn)
        types = dict(self.table_columns(conn, schema, table))
        info = TableInfo(table, schema, [ColumnInfo(c, types.get(c, "")) for c in columns])
        cond, params = where_clause(quote, where, key_range)
        order = ", ".join(percent_escaped(quote(c)) for c in order_columns(order_by))
        floats = _float_columns(info, columns)
        sql = (f"SELECT {_select_list(columns, floats)} FROM {percent_escaped(self._ref(schema, table))}{cond}"
               + (f" ORDER BY {order}" if order else ""))
        cur = raw.cursor(pymysql.cursors.SSCursor)
        try:
            cur.execute(sql, params)
            fetch = _fixing_floats(cur.fetchmany, floats)
            while True:
                rows = fetch(max(1, batch_rows))
                if not rows:
                    break
                yield from rows
        finally:
            cur.close()
