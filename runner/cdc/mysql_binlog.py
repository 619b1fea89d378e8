"""MySQL / MariaDB change source: the row-based binary log, read over the replication protocol, decoded here.

One PyMySQL connection asks the server for its binary log (COM_BINLOG_DUMP, as a replica does; this source
registers no replica and writes nothing); a second one answers catalog questions (column character sets,
positions, settings). This module decodes the events itself: python-mysql-replication decodes about 4,700
changes/s, too slow for an apply loop that must keep up with thousands of changes a second.
bench/binlog_decode.py compares the two.

Yields (see runner/cdc/model.py), in log order:

- SourceTransaction for every committed transaction that changed at least one captured table (the `tables`
  callable returns a TableInfo for it): the row changes of captured tables in the order they were logged,
  `position` after the commit event (an XID event, or a Query 'COMMIT' for non-transactional engines),
  `commit_time` from that event's header, `xid` the MariaDB GTID ("0-1-42"), else the XID number. Rows of
  tables that are not captured are skipped without being decoded.
- SchemaChange for every Query event that is not BEGIN / COMMIT / ROLLBACK / SAVEPOINT / XA: DDL, and DML
  that a session logged as a statement (binlog_format STATEMENT or MIXED for that session). All of them,
  whatever table they touch: the engine decides.
- Heartbeat: while the server has nothing new (the replica heartbeat, every `heartbeat_seconds`; `time` is
  now), at least that often during long runs of transactions that touch no captured table (`time` is the
  last one's commit time), and once at the end of a non-blocking read.

Positions are BinlogPosition(file, offset) of the event after a transaction (or a statement, or a rotation):
reading from a yielded position gives exactly what follows it. Reading must start at such a boundary; a
position inside a transaction is not supported (its first rows would come without their table map).
`parse_position` reads "FILE:POS" (BinlogPosition) and a MariaDB GTID state "D-S-N[,D-S-N...]" ("0-1-42",
"0-1-42,1-2-7": GtidPosition, as @@gtid_binlog_pos, mariadb-dump --gtid or a replica's gtid_slave_pos give
it); `current_gtid()` is @@gtid_binlog_pos. MySQL GTID sets (uuid:1-5) are refused: use FILE:POS there.

A GtidPosition is only a START: the stream begins right after the state's last transaction in each domain,
and everything it yields carries BinlogPositions as above (a GtidPosition has no order against them). The
dump runs in MariaDB's GTID mode (@slave_connect_state, strict: a GTID the log lacks is an error; file name
empty, offset 4): the server picks the file, announces it with its first (made-up) ROTATE, which says offset
4, and then skips, without sending them, the transactions up to the state's in each domain. So the offset is
learnt from what follows the skipped part: the made-up GTID_LIST the server sends right after the transaction
that completes a domain's state (its header position), the start file's own GTID_LIST when it already holds
the state (nothing is skipped), the first transaction sent (its GTID event's start), or a heartbeat (where the
server waits). Nothing is yielded before that. Refused (InputError): a domain the server has never logged
(MariaDB would accept it and send every other domain from its log's beginning), a GTID beyond the log, purged,
or from an unknown server (the server's error, with the state), and a state that is not one point of this log:
a transaction sent in one domain while another is still being skipped (a domain missing from the state is read
from the log's beginning; a replica's parallel domains can be uneven), where no file offset would resume it.

Values are exactly what `MySQLSource.read` (runner/endpoints/mysql.py) gives for the same row, so one
`runner.values.Converter` serves the full load and the changes alike. The TABLE_MAP event gives each column's
binary layout (type code and metadata); the TableInfo's source_type gives what the bytes mean (signedness,
text or binary, ENUM and SET members):

    TINYINT..BIGINT, signed or unsigned, tinyint(1), YEAR   int
    DECIMAL                                                 Decimal with the column's scale: Decimal('12.30')
    DOUBLE                                                  float
    FLOAT                                                   runner.values.float32 of the float32 value
    CHAR, VARCHAR, TEXT family, ENUM, SET, MariaDB JSON     str (SET: 'a,c'), decoded from the column's
                                                            character set (utf8mb4/utf8mb3: UTF-8; an 8-bit
                                                            set through a table the server itself makes, so
                                                            latin1 is MySQL's variant of cp1252)
    BINARY(n)                                               bytes, padded with 0x00 to n bytes as MySQL reads
                                                            it (the log strips trailing zero bytes)
    VARBINARY, BLOB family, spatial types                   bytes (spatial: MySQL's internal SRID + WKB)
    BIT(n)                                                  big-endian bytes, (n + 7) // 8 of them
    DATE                                                    date
    DATETIME                                                naive datetime
    TIMESTAMP                                               naive datetime in UTC
    TIME                                                    timedelta (negative ones too)
    zero or invalid dates and datetimes                     str, as the server prints them:
                                                            '0000-00-00', '2020-00-10 00:00:00.000000'
    NULL                                                    None

Column character sets come from information_schema.COLUMNS (cached; the cache is dropped at every DDL), so an
event logged before a DDL that changed a column's character set is decoded with the new one. Multi-byte sets
other than the Unicode ones (sjis, gbk, big5, ...) go through Python's codec of the same name, which can
differ from MySQL's for a few vendor-specific characters.

Not supported (InputError with the reason and the setting to change): binlog_row_image MINIMAL or NOBLOB (a
row without every column), compressed events (MariaDB log_bin_compress, MySQL binlog_transaction_compression),
MySQL 8 partial JSON updates and binary JSON columns, XA transactions that PREPARE changes to a captured
table, temporal columns in the pre-MySQL 5.6 / MariaDB 10.1 storage format (ALTER TABLE ... FORCE converts
them), column types without a decoder here (named with the column). A transaction that ends in a logged
ROLLBACK is dropped whole. A TABLE_MAP whose column count differs from the TableInfo's, or a column whose
logged type does not fit its catalog type, raises SchemaMismatch.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import random
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pymysql
import pymysql.err
from pymysql.constants import COMMAND

from sct.errors import ConnectionFailed, InputError
from sct.runner.cdc.model import (
    BinlogPosition,
    GtidPosition,
    Heartbeat,
    RowChange,
    SchemaChange,
    SchemaMismatch,
    SourceTransaction,
)
from sct.runner.endpoints import _parse, failure
from sct.runner.endpoints.mysql import DEFAULT_PORT, _MySQLEndpoint
from sct.runner.model import TableInfo
from sct.runner.values import TypeSpec, float32, parse_type

__all__ = ["MySQLChangeSource", "setting_problems"]

TablesFn = Callable[[str, str], TableInfo | None]
Charmap = Callable[[str, str], str]         # (8-bit character set, column for messages) -> its decoding table

# --- protocol constants -------------------------------------------------------------------------------------

_NON_BLOCK = 0x01                   # COM_BINLOG_DUMP flag: send EOF at the end of the log instead of waiting
_MAX_SERVER_ID = 4_000_000_000

# event types
_QUERY, _ROTATE, _FORMAT_DESCRIPTION, _XID, _TABLE_MAP = 2, 4, 15, 16, 19
_HEARTBEAT, _HEARTBEAT_V2 = 27, 41
_XA_PREPARE, _PARTIAL_UPDATE_ROWS, _TRANSACTION_PAYLOAD = 38, 39, 40
_MARIADB_GTID, _MARIADB_GTID_LIST, _MARIADB_QUERY_COMPRESSED = 162, 163, 165
_ROWS = {23: "insert", 24: "update", 25: "delete", 30: "insert", 31: "update", 32: "delete"}
_ROWS_V2 = {30, 31, 32}
_COMPRESSED_ROWS = {166, 167, 168, 169, 170, 171}

_HEADER = struct.Struct("<IBIIIH")  # timestamp, type, server_id, event_size, next position, flags
_BODY = 20                          # the event header starts after the packet's 0x00 byte; 19 bytes long
_U16 = struct.Struct("<H").unpack_from
_U32 = struct.Struct("<I").unpack_from
_U64 = struct.Struct("<Q").unpack_from

_ARTIFICIAL = 0x20                  # event header flag: made up for this stream (the first ROTATE)
_GTID_STANDALONE = 0x01             # MariaDB GTID event flag: a statement without BEGIN/COMMIT (DDL)

# column type codes (the TABLE_MAP's)
(_T_DECIMAL, _T_TINY, _T_SHORT, _T_LONG, _T_FLOAT, _T_DOUBLE, _T_NULL, _T_TIMESTAMP, _T_LONGLONG, _T_INT24,
 _T_DATE, _T_TIME, _T_DATETIME, _T_YEAR, _T_NEWDATE, _T_VARCHAR, _T_BIT, _T_TIMESTAMP2, _T_DATETIME2,
 _T_TIME2) = range(20)
_T_VARCHAR_COMPRESSED, _T_BLOB_COMPRESSED = 140, 141         # MariaDB COMPRESSED columns
_T_JSON, _T_NEWDECIMAL, _T_ENUM, _T_SET = 245, 246, 247, 248
_T_BLOB, _T_VAR_STRING, _T_STRING, _T_GEOMETRY = 252, 253, 254, 255     # every BLOB/TEXT size logs as 252

# bytes of TABLE_MAP metadata per column type (types not listed have none)
_META_BYTES = {_T_FLOAT: 1, _T_DOUBLE: 1, _T_BLOB: 1, _T_GEOMETRY: 1, _T_JSON: 1, _T_TIMESTAMP2: 1,
               _T_DATETIME2: 1, _T_TIME2: 1, _T_BLOB_COMPRESSED: 1, _T_VARCHAR: 2, _T_VARCHAR_COMPRESSED: 2,
               _T_BIT: 2, _T_NEWDECIMAL: 2, _T_STRING: 2, _T_VAR_STRING: 2, _T_ENUM: 2, _T_SET: 2}
_TYPE_NAMES = {_T_DECIMAL: "DECIMAL (pre-5.0)", _T_TINY: "TINYINT", _T_SHORT: "SMALLINT", _T_LONG: "INT",
               _T_FLOAT: "FLOAT", _T_DOUBLE: "DOUBLE", _T_NULL: "NULL",
               _T_TIMESTAMP: "TIMESTAMP (old format)", _T_LONGLONG: "BIGINT", _T_INT24: "MEDIUMINT",
               _T_DATE: "DATE", _T_TIME: "TIME (old format)", _T_DATETIME: "DATETIME (old format)",
               _T_YEAR: "YEAR", _T_NEWDATE: "DATE", _T_VARCHAR: "VARCHAR", _T_BIT: "BIT",
               _T_TIMESTAMP2: "TIMESTAMP", _T_DATETIME2: "DATETIME", _T_TIME2: "TIME",
               _T_VARCHAR_COMPRESSED: "VARCHAR COMPRESSED", _T_BLOB_COMPRESSED: "BLOB COMPRESSED",
               _T_JSON: "JSON (MySQL binary)", _T_NEWDECIMAL: "DECIMAL", _T_ENUM: "ENUM", _T_SET: "SET",
               _T_BLOB: "BLOB/TEXT", _T_VAR_STRING: "VAR_STRING", _T_STRING: "CHAR/BINARY",
               _T_GEOMETRY: "GEOMETRY"}

# catalog type names (runner.values.parse_type(...).base) each logged type code can stand for
_INT_TYPES = {_T_TINY: ("tinyint", "bool", "boolean"), _T_SHORT: ("smallint",), _T_INT24: ("mediumint",),
              _T_LONG: ("int", "integer"), _T_LONGLONG: ("bigint",)}
_INT_FORMATS = {_T_TINY: "b", _T_SHORT: "h", _T_LONG: "i", _T_LONGLONG: "q"}
_INT_SIZES = {_T_TINY: 1, _T_SHORT: 2, _T_INT24: 3, _T_LONG: 4, _T_LONGLONG: 8}
_TEXTS = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json")
_BINARIES = ("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob")
_SPATIAL = ("geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection")
_KNOWN_TYPES = {*(b for bases in _INT_TYPES.values() for b in bases), "year", "float", "double",
                "double precision", "real", "decimal", "numeric", "dec", "fixed", "bit", "date", "datetime",
                "timestamp", "time", "enum", "set", *_TEXTS, *_BINARIES, *_SPATIAL}

# MySQL character sets Python decodes the same way (8-bit ones get a table from the server instead)
_MULTIBYTE_CODECS = {"utf8mb4": "utf-8", "utf8mb3": "utf-8", "utf8": "utf-8", "ucs2": "utf-16-be",
                     "utf16": "utf-16-be", "utf16le": "utf-16-le", "utf32": "utf-32-be", "sjis": "shift_jis",
                     "cp932": "cp932", "ujis": "euc_jp", "eucjpms": "euc_jp", "euckr": "euc_kr", "gbk": "gbk",
                     "gb2312": "gb2312", "gb18030": "gb18030", "big5": "big5"}

_CONTROL_STATEMENT = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|XA|SAVEPOINT|RELEASE)\b(\s+(?:WORK\s+)?TO\b)?",
                                re.IGNORECASE)
_EPOCH = dt.datetime(1970, 1, 1)
_ERR_ACCESS_DENIED = (1045, 1227)   # ER_ACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR
_ERR_FATAL_READING_BINLOG = 1236    # the position is not in the log, or the log is unreadable
_ERR_INCORRECT_GTID_STATE = 1941    # MariaDB could not parse @slave_connect_state
_ERR_UNKNOWN_VARIABLE = 1193        # @@gtid_binlog_pos on MySQL
_GTID_TEXT = re.compile(r"[\d\s,-]*-[\d\s,-]*")      # what a MariaDB GTID state (or a mistyped one) looks like
_MYSQL_GTID_SET = re.compile(r"\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*:", re.IGNORECASE)


# --- the source ---------------------------------------------------------------------------------------------

class MySQLChangeSource(_MySQLEndpoint):
    """Changes from a MySQL / MariaDB binary log (see the module docstring)."""

    dialect = "mysql"

    def __init__(self, dsn: str, *, server_id: int | None = None):
        dialect, parts = _parse(dsn)
        if dialect != "mysql":
            raise ConnectionFailed("a MySQL change source needs a mysql:// or mariadb:// DSN, not "
                                   f"{parts.scheme}://")
        super().__init__(parts)
        # a replica id the server has not seen from another stream (it ends the older dump of a repeated id)
        self.server_id = server_id if server_id is not None else random.randint(10000, _MAX_SERVER_ID)
        self._charset_cache: dict[tuple[str, str], dict[str, str | None]] = {}
        self._charmaps: dict[str, str] = {}
        self._meta_conn()          # fail now when the server cannot be reached

    # --- catalog -------------------------------------------------------------------------------------------

    def check(self) -> None:
        """InputError naming the setting or privilege to change when this server cannot feed capture."""
        names = ("log_bin", "binlog_format", "binlog_row_image", "log_bin_compress",
                 "binlog_transaction_compression")
        rows = self._query("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES "
                           f"WHERE VARIABLE_NAME IN ({', '.join(['%s'] * len(names))})",
                           [n.upper() for n in names])
        problems = setting_problems({_text(k).lower(): _text(v) for k, v in rows})
        if problems:
            raise InputError("the binary log cannot feed change data capture: " + "; ".join(problems))
        position = self.current_position()            # REPLICATION CLIENT / BINLOG MONITOR
        conn, _ = self._open_dump(position, blocking=False, heartbeat_seconds=0)
        try:                        # REPLICATION SLAVE: the server checks it before sending the first event
            self._read(conn)
        finally:
            _close_quietly(conn)

    def current_position(self) -> BinlogPosition:
        """The end of the binary log now (SHOW MASTER STATUS; SHOW BINARY LOG STATUS on MySQL 8.4)."""
        rows: list[tuple] = []
        for statement in ("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"):
            try:
                rows = self._query(statement)
                break
            except pymysql.err.ProgrammingError as e:
                if e.args[0] != 1064:       # a syntax error: the server knows the other spelling
                    raise
            except pymysql.MySQLError as e:
                if e.args and e.args[0] in _ERR_ACCESS_DENIED:
                    raise InputError(f"user {self._parts.user or ''!r} may not read the binary log position: "
                                     "GRANT REPLICATION CLIENT ON *.* (MariaDB 10.5+: BINLOG MONITOR) to it "
                                     f"({_reason(e)})") from None
                raise
        if not rows:
            raise InputError("the binary log is off (log_bin=OFF): start the server with log_bin and a "
                             "server_id to capture changes")
        return BinlogPosition(_text(rows[0][0]), int(rows[0][1]))

    def current_gtid(self) -> GtidPosition:
        """Where the binary log is now as a MariaDB GTID state (@@gtid_binlog_pos): the last GTID of each
        domain. Reading from it gives what is logged after now, as from current_position()."""
        try:
            rows = self._query("SELECT @@gtid_binlog_pos")
        except pymysql.MySQLError as e:
            if e.args and e.args[0] == _ERR_UNKNOWN_VARIABLE:
                raise InputError("this server has no MariaDB GTIDs (@@gtid_binlog_pos): MySQL GTID sets are not "
                                 "supported as positions, use FILE:POS (SHOW MASTER STATUS)") from None
            raise
        state = _text(rows[0][0]) if rows and rows[0][0] is not None else ""
        if not state.strip():
            raise InputError("the binary log holds no GTID yet (@@gtid_binlog_pos is empty): use FILE:POS "
                             "(SHOW MASTER STATUS)")
        return GtidPosition.parse(state)

    def parse_position(self, text: str) -> BinlogPosition | GtidPosition:
        """FILE:POS (a BinlogPosition), or a MariaDB GTID state D-S-N[,D-S-N...] (a GtidPosition, only a start:
        see the module docstring)."""
        text = str(text)
        if _MYSQL_GTID_SET.match(text):
            raise InputError(f"position {text.strip()!r}: MySQL GTID sets (uuid:1-5) are not supported as "
                             "positions; use FILE:POS (SHOW MASTER STATUS / SHOW BINARY LOG STATUS), e.g. "
                             "binlog.000003:1234")
        try:
            if ":" not in text and _GTID_TEXT.fullmatch(text):
                return GtidPosition.parse(text)
            return BinlogPosition.parse(text)
        except ValueError as e:
            if ":" not in text and _GTID_TEXT.fullmatch(text):
                raise InputError(str(e)) from None
            raise InputError(f"{e}; or a MariaDB GTID state D-S-N[,D-S-N...], e.g. 0-1-42") from None

    def _check_gtid_start(self, start: GtidPosition) -> None:
        """InputError unless this server is MariaDB and has logged every domain of `start` (MariaDB itself
        accepts a domain it has never logged and would then send the whole log of every other domain)."""
        try:
            rows = self._query("SELECT @@gtid_binlog_state")
        except pymysql.MySQLError as e:
            if e.args and e.args[0] == _ERR_UNKNOWN_VARIABLE:
                raise InputError(f"GTID state {start}: this server is not MariaDB (no @@gtid_binlog_state); "
                                 "MySQL GTID sets are not supported, use FILE:POS") from None
            raise
        logged = _text(rows[0][0]) if rows and rows[0][0] is not None else ""
        domains = {int(g.split("-")[0]) for g in logged.replace(" ", "").split(",") if g}
        unknown = [f"{d}-{s}-{n}" for d, s, n in start.gtids() if d not in domains]
        if unknown:
            raise InputError(f"GTID state {start}: domain {unknown[0].split('-')[0]} ({unknown[0]}) is not in this "
                             f"server's binary log (its GTID state is {logged or 'empty'!r}; SELECT "
                             "@@gtid_binlog_pos gives where it is now)")

    def _charsets(self, schema: str, table: str) -> dict[str, str | None]:
        """Column name -> character set name (None for binary and non-text columns), cached."""
        key = (schema, table)
        if key not in self._charset_cache:
            rows = self._query("SELECT COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
                               "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s", [schema, table])
            self._charset_cache[key] = {_text(c): _text(s) if s is not None else None for c, s in rows}
        return self._charset_cache[key]

    def _charmap(self, name: str, where: str) -> str:
        """The decoding table (256 characters, for codecs.charmap_decode) of an 8-bit MySQL character set: the
        server's own conversion of each byte to utf8mb4, so values read as MySQLSource.read gives them (latin1
        is MySQL's variant of cp1252, which Python's cp1252 codec does not quite match)."""
        if name not in self._charmaps:
            rows = self._query("SELECT MAXLEN FROM information_schema.CHARACTER_SETS "
                               "WHERE CHARACTER_SET_NAME = %s", [name])
            if not rows or int(rows[0][0]) != 1:
                raise InputError(f"{where}: character set {name} is not decoded from the binary log "
                                 f"(supported: {', '.join(sorted(_MULTIBYTE_CODECS))} and every 8-bit one)")
            # the name is one the server has just listed: safe in the statement's text
            values = self._query("SELECT " + ", ".join(
                f"CONVERT(CONVERT(UNHEX('{b:02X}') USING {name}) USING utf8mb4)" for b in range(256)))[0]
            self._charmaps[name] = "".join(_text(v) if v is not None and len(_text(v)) == 1 else "\ufffd"
                                           for v in values)
        return self._charmaps[name]

    # --- the stream ----------------------------------------------------------------------------------------

    def stream(self, start: BinlogPosition | GtidPosition, tables: TablesFn, *,
               stop: threading.Event | None = None, blocking: bool = True, heartbeat_seconds: float = 1.0
               ) -> Iterator[SourceTransaction | SchemaChange | Heartbeat]:
        """Transactions, schema changes and heartbeats from `start` on (see the module docstring)."""
        if not isinstance(start, BinlogPosition | GtidPosition):
            start = self.parse_position(str(start))
        if isinstance(start, GtidPosition):
            self._check_gtid_start(start)
        conn, checksum = self._open_dump(start, blocking, heartbeat_seconds)
        try:
            yield from _Reader(self, conn, start, tables, checksum, heartbeat_seconds).events(stop)
        finally:
            _close_quietly(conn)

    def _open_dump(self, start: BinlogPosition | GtidPosition, blocking: bool, heartbeat_seconds: float
                   ) -> tuple[Any, int]:
        """A connection the server sends its log on from `start`, and the checksum length of its events."""
        conn = self._connect(autocommit=True)
        try:
            with conn.cursor() as cur:
                # we verify CRC32 checksums, understand MariaDB GTID events (capability 4), and want a
                # heartbeat event whenever the log has been idle that long (nanoseconds)
                cur.execute("SET @master_binlog_checksum = @@global.binlog_checksum, "
                            "@mariadb_slave_capability = 4, @master_heartbeat_period = %s",
                            [int(heartbeat_seconds * 1e9) if blocking else 0])
                cur.execute("SELECT @master_binlog_checksum")
                checksum = 0 if _text(cur.fetchone()[0]).upper() == "NONE" else 4
                if isinstance(start, GtidPosition):
                    # MariaDB's GTID mode: the server finds the file and skips every transaction up to the
                    # state's, in each domain. Strict: a GTID missing from the log (a hole between two it has)
                    # is an error, not a silent start elsewhere; a GTID beyond the log is one too.
                    cur.execute("SET @slave_connect_state = %s, @slave_gtid_strict_mode = 1, "
                                "@slave_gtid_ignore_duplicates = 0", [start.state])
            # a stall much longer than the heartbeat period means the server or the network is gone
            conn._read_timeout = max(60.0, 5 * heartbeat_seconds)
            flags = 0 if blocking else _NON_BLOCK
            file, pos = (b"", 4) if isinstance(start, GtidPosition) else (start.file.encode(), start.pos)
            conn._execute_command(COMMAND.COM_BINLOG_DUMP, struct.pack("<IHI", pos, flags, self.server_id) + file)
        except pymysql.MySQLError as e:
            _close_quietly(conn)
            raise failure(self._parts, "MySQL", e, DEFAULT_PORT) from None
        return conn, checksum

    def _read(self, conn: Any, gtid: GtidPosition | None = None) -> bytes:
        """The next packet of the dump (bytes, first byte 0x00 for an event, 0xFE at the end); `gtid` the
        state a GTID-mode dump started from, for messages."""
        try:
            return conn._read_packet()._data
        except pymysql.MySQLError as e:
            code = e.args[0] if e.args else None
            if code in _ERR_ACCESS_DENIED:
                raise InputError(f"user {self._parts.user or ''!r} may not read the binary log: GRANT "
                                 f"REPLICATION SLAVE ON *.* to it ({_reason(e)})") from None
            if gtid is not None and code in (_ERR_FATAL_READING_BINLOG, _ERR_INCORRECT_GTID_STATE):
                raise InputError(f"the server cannot send its binary log from GTID state {gtid}: {_reason(e)} "
                                 "(binary logs purged since, a GTID this server never logged, or a mistyped "
                                 "one? SELECT @@gtid_binlog_pos gives where it is now)") from None
            if code == _ERR_FATAL_READING_BINLOG:
                raise InputError(f"the server cannot send its binary log from there: {_reason(e)} (a purged "
                                 "or mistyped position?)") from None
            where, reason = self._parts.where(DEFAULT_PORT), self._parts.scrub(_reason(e))
            raise ConnectionFailed(f"lost the binary log stream from MySQL at {where}: {reason}") from None


class _Table:
    """A TABLE_MAP event's table: names, the event body (types and metadata), the catalog's TableInfo, and
    the row decoder built from both (on the first row event)."""

    __slots__ = ("schema", "table", "body", "info", "decoder")

    def __init__(self, schema: str, table: str, body: bytes, info: TableInfo | None):
        self.schema, self.table, self.body, self.info = schema, table, body, info
        self.decoder: _Decoder | None = None


class _Decoder:
    """Decodes row images of one table: `image(data, pos) -> (values, next pos)`."""

    __slots__ = ("columns", "image", "present")

    def __init__(self, columns: tuple[str, ...], image: Callable[[bytes, int], tuple[tuple, int]],
                 present: bytes):
        self.columns, self.image, self.present = columns, image, present


class _Reader:
    """The state of one dump: where we are, the open transaction, the table maps, the decoders."""

    def __init__(self, source: MySQLChangeSource, conn: Any, start: BinlogPosition | GtidPosition,
                 tables: TablesFn, checksum: int, heartbeat_seconds: float):
        self.source, self.conn, self.tables = source, conn, tables
        # where a resumed read gets everything not yet yielded; None while a GTID-mode dump has not yet passed
        # its state in every domain (the server skips what is before it without sending it)
        self.boundary: BinlogPosition | None
        self.gtid_start: GtidPosition | None = None
        self.pending: dict[int, tuple[int, int]] | None = None     # domain -> (server id, seqno) not yet passed
        if isinstance(start, GtidPosition):
            self.file, self.boundary, self.gtid_start = "", None, start
            self.pending = {d: (server, seqno) for d, server, seqno in start.gtids()}
            self.first_list = True          # the start file's own GTID_LIST event is still to come
        else:
            self.file, self.boundary = start.file, start
        self.heartbeat_seconds = heartbeat_seconds
        self.checksum = checksum            # CRC32 bytes after each event (each format description says)
        self.post_header = bytes(256)       # post-header length per event type, from the format description
        self.maps: dict[int, _Table | None] = {}    # table id -> its table, None when not captured
        self.known: dict[bytes, _Table] = {}        # TABLE_MAP body -> table (and its decoder), across events

    def events(self, stop: threading.Event | None) -> Iterator[SourceTransaction | SchemaChange | Heartbeat]:
        read, unpack = self.source._read, _HEADER.unpack_from
        if self.gtid_start is not None:
            read = functools.partial(self.source._read, gtid=self.gtid_start)
        conn, tables, maps, rows_ops = self.conn, self.tables, self.maps, _ROWS
        changes: list[RowChange] = []
        gtid: str | None = None
        in_transaction = False
        quiet_since = time.monotonic()      # the last time something was yielded
        while stop is None or not stop.is_set():
            data = read(conn)
            if data[0] != 0:                # 0xFE: the end of the log (non-blocking)
                if self.boundary is None:
                    raise InputError(self._unreached())
                yield Heartbeat(self.boundary, time.time())
                return
            timestamp, kind, server_id, size, next_pos, flags = unpack(data, 1)
            if kind == _FORMAT_DESCRIPTION:
                self._format_description(data)
            end = len(data) - self.checksum
            if self.checksum and zlib.crc32(memoryview(data)[1:end]) != _U32(data, end)[0]:
                raise InputError(f"binary log event at {self.file}:{next_pos} fails its CRC32 checksum")

            if kind in rows_ops:
                table = maps.get(self._table_id(data, kind), False)
                if table is None:
                    continue                # not captured: never decoded
                if table is False:
                    raise InputError(f"a row event at {self.file}:{next_pos} without its table map: reading "
                                     "must start at a transaction boundary")
                self._rows(table, rows_ops[kind], data, kind, end, changes)
                continue
            if kind == _TABLE_MAP:
                self._table_map(data, end, tables)
                continue
            word = _statement_word(data, end, self.post_header[_QUERY]) if kind == _QUERY else None
            if kind == _XID or word == "COMMIT":
                in_transaction = False
                self.boundary = BinlogPosition(self.file, next_pos)
                if changes:
                    xid = gtid or (str(_U64(data, _BODY)[0]) if kind == _XID else None)
                    yield SourceTransaction(self.boundary, float(timestamp), changes, xid)
                    changes, quiet_since = [], time.monotonic()
                elif time.monotonic() - quiet_since >= self.heartbeat_seconds:
                    yield Heartbeat(self.boundary, float(timestamp))
                    quiet_since = time.monotonic()
            elif kind == _MARIADB_GTID:
                in_transaction = not data[_BODY + 12] & _GTID_STANDALONE
                gtid = f"{_U32(data, _BODY + 8)[0]}-{server_id}-{_U64(data, _BODY)[0]}"
                if self.pending is not None:
                    self._gtid_sent(_U32(data, _BODY + 8)[0], gtid, next_pos - size)
                changes = []
                maps.clear()                # table ids are mapped again in every transaction
            elif word == "BEGIN":
                in_transaction, changes = True, []
                maps.clear()
            elif word == "ROLLBACK":
                in_transaction, changes = False, []
                self.boundary = BinlogPosition(self.file, next_pos)
            elif word == "OTHER":           # SAVEPOINT, ROLLBACK TO, XA ...: nothing to apply
                if not in_transaction:
                    self.boundary = BinlogPosition(self.file, next_pos)
            elif kind == _QUERY:
                change = self._schema_change(data, end, timestamp, next_pos)
                if not in_transaction:
                    self.boundary = change.position
                yield change
                quiet_since = time.monotonic()
            elif kind == _ROTATE:
                self._rotate(data, end, in_transaction or bool(flags & _ARTIFICIAL) or self.boundary is None)
            elif kind in (_HEARTBEAT, _HEARTBEAT_V2):
                if self.boundary is None:
                    # the server waits at the end of the log: everything before was sent or skipped as covered
                    # by the GTID state, so where it waits (the header's position, the file in the body) is
                    # where a resumed read gets what comes next
                    self.boundary, self.pending = BinlogPosition(data[_BODY:end].decode(), next_pos), None
                yield Heartbeat(self.boundary, time.time())
                quiet_since = time.monotonic()
            elif kind == _MARIADB_GTID_LIST:
                if self.pending is not None:
                    self._gtid_list(data, end, next_pos, bool(flags & _ARTIFICIAL))
            elif kind == _XA_PREPARE:
                if changes:
                    first = changes[0]
                    raise InputError(f"an XA transaction prepared at {self.file}:{next_pos} changes "
                                     f"{first.schema}.{first.table}: XA transactions are not captured")
                in_transaction = False
                self.boundary = BinlogPosition(self.file, next_pos)
            elif kind in _COMPRESSED_ROWS or kind == _PARTIAL_UPDATE_ROWS:
                if maps.get(self._table_id(data, kind)) is not None:
                    what = ("MariaDB compressed row events (SET GLOBAL log_bin_compress = OFF)"
                            if kind in _COMPRESSED_ROWS else
                            "MySQL partial JSON updates (SET GLOBAL binlog_row_value_options = '')")
                    raise InputError(f"{self.file}:{next_pos}: {what} are not decoded")
            elif kind in (_MARIADB_QUERY_COMPRESSED, _TRANSACTION_PAYLOAD):
                raise InputError(f"{self.file}:{next_pos}: compressed binary log events are not decoded "
                                 "(MariaDB: SET GLOBAL log_bin_compress = OFF; MySQL: "
                                 "binlog_transaction_compression = OFF)")
            # the rest carries nothing to capture: the format description, GTID lists, checkpoints, MySQL
            # GTIDs, statement context (INTVAR, RAND, USER_VAR), ANNOTATE_ROWS, STOP

    # --- events --------------------------------------------------------------------------------------------

    def _gtid_list(self, data: bytes, end: int, next_pos: int, artificial: bool) -> None:
        """A GTID_LIST event while a GTID-mode dump has domains not yet passed. The server sends a made-up one
        right after the transaction that completes the state in a domain (its header position: the end of that
        transaction), listing the last GTID it has read in each domain and server. The start file's own one,
        at its head, lists the state before the file: a domain whose GTID is there exactly is passed already
        (the server starts that domain at the file's beginning and skips nothing of it)."""
        pending = self.pending
        assert pending is not None
        count = _U32(data, _BODY)[0] & 0x0FFFFFFF
        listed = [struct.unpack_from("<IIQ", data, _BODY + 4 + 16 * i) for i in range(count)]
        if artificial:
            for domain, server, seqno in listed:
                if domain in pending and pending[domain][0] == server and seqno >= pending[domain][1]:
                    del pending[domain]
        elif self.first_list:
            for domain, server, seqno in listed:
                if pending.get(domain) == (server, seqno):
                    del pending[domain]
        self.first_list = False
        if not pending:
            self.boundary, self.pending = BinlogPosition(self.file, next_pos), None

    def _gtid_sent(self, domain: int, gtid: str, at: int) -> None:
        """The server sends a transaction while a GTID-mode dump has domains not yet passed: it is past the
        state in its own domain. When other domains are still being skipped, no file offset stands for "this
        transaction read, those skipped ones covered": refuse rather than yield a position a resumed read
        would not honour."""
        pending = self.pending
        assert pending is not None
        pending.pop(domain, None)
        if pending:
            behind = ", ".join(f"{d}-{s}-{n}" for d, (s, n) in sorted(pending.items()))
            raise InputError(f"GTID state {self.gtid_start} is not one point of this server's binary log: "
                             f"transaction {gtid} at {self.file}:{at} comes before the log reaches {behind} "
                             "(a domain missing from the state is read from the log's beginning; a replica's "
                             "parallel domains can be uneven); start from FILE:POS, or from the state the "
                             "server reports now (SELECT @@gtid_binlog_pos)")
        self.boundary, self.pending = BinlogPosition(self.file, at), None

    def _unreached(self) -> str:
        pending = self.pending or {}
        behind = ", ".join(f"{d}-{s}-{n}" for d, (s, n) in sorted(pending.items()))
        return (f"GTID state {self.gtid_start}: the server read its binary log to the end without reaching "
                f"{behind} (a GTID it logged only as a replica?); start from FILE:POS")

    def _table_id(self, data: bytes, kind: int) -> int:
        if self.post_header[kind] == 6:             # MySQL 5.0 layout: a 4-byte table id
            return _U32(data, _BODY)[0]
        return int.from_bytes(data[_BODY:_BODY + 6], "little")

    def _table_map(self, data: bytes, end: int, tables: TablesFn) -> None:
        start = _BODY + self.post_header[_TABLE_MAP]
        body = data[start:end]
        table = self.known.get(body)
        if table is None:
            schema = body[1:1 + body[0]].decode()
            at = 2 + body[0]
            table = _Table(schema, body[at + 1:at + 1 + body[at]].decode(), body, None)
            if len(self.known) > 10_000:            # one per (table, definition) seen: keep it bounded
                self.known.clear()
            self.known[body] = table
        info = tables(table.schema, table.table)
        if info is not table.info:                  # first seen, or the catalog's description changed
            table.info, table.decoder = info, None
        self.maps[self._table_id(data, _TABLE_MAP)] = table if info is not None else None

    def _rows(self, table: _Table, op: str, data: bytes, kind: int, end: int, out: list[RowChange]) -> None:
        decoder = table.decoder or self._compile(table)
        pos = _BODY + self.post_header[kind]
        if kind in _ROWS_V2:                        # extra data after the post-header, its length included
            pos += _U16(data, pos - 2)[0] - 2
        count, pos = _packed_int(data, pos)
        size = (count + 7) >> 3
        present = decoder.present
        if data[pos:pos + size] != present or (op == "update" and data[pos + size:pos + 2 * size] != present):
            raise InputError(f"{table.schema}.{table.table}: the binary log has rows without every column "
                             "(binlog_row_image MINIMAL or NOBLOB): SET GLOBAL binlog_row_image = 'FULL'")
        pos += 2 * size if op == "update" else size
        image, columns, schema, name = decoder.image, decoder.columns, table.schema, table.table
        try:
            if op == "insert":
                while pos < end:
                    after, pos = image(data, pos)
                    out.append(RowChange("insert", schema, name, columns, None, after))
            elif op == "delete":
                while pos < end:
                    before, pos = image(data, pos)
                    out.append(RowChange("delete", schema, name, columns, before, None))
            else:
                while pos < end:
                    before, pos = image(data, pos)
                    after, pos = image(data, pos)
                    out.append(RowChange("update", schema, name, columns, before, after))
            if pos != end:
                raise IndexError(f"the rows end at byte {pos} of an event of {end}")
        except (IndexError, struct.error) as e:
            raise SchemaMismatch(f"{schema}.{name}: a logged row does not fit the table as the catalog "
                                 f"describes it ({type(e).__name__}: {e}); has a DDL changed it?") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{schema}.{name}: a text column holds bytes that are not valid in its "
                             f"character set ({e.reason} at byte {e.start})") from None

    def _compile(self, table: _Table) -> _Decoder:
        info = table.info
        assert info is not None
        types, metas, nullable = _column_layout(table.body)
        if len(types) != len(info.columns):
            raise SchemaMismatch(f"{table.schema}.{table.table}: the binary log has {len(types)} columns, "
                                 f"the catalog {len(info.columns)}; has a DDL changed the table?")
        charsets = self.source._charsets(table.schema, table.table)
        image = _build_image(table, types, metas, nullable, charsets, self.source._charmap)
        count = len(types)
        present = bytes([0xFF] * (count >> 3) + ([(1 << (count & 7)) - 1] if count & 7 else []))
        table.decoder = _Decoder(tuple(c.name for c in info.columns), image, present)
        return table.decoder

    def _schema_change(self, data: bytes, end: int, timestamp: int, next_pos: int) -> SchemaChange:
        schema, sql = _query_text(data, end, self.post_header[_QUERY])
        # a DDL may change types or character sets of captured tables: build decoders afresh from the next
        # table maps on (each statement's row events come after table maps of their own)
        self.source._charset_cache.clear()
        self.known.clear()
        return SchemaChange(BinlogPosition(self.file, next_pos), float(timestamp), schema or None, sql)

    def _rotate(self, data: bytes, end: int, keep_boundary: bool) -> None:
        position = _U64(data, _BODY)[0]
        self.file = data[_BODY + 8:end].decode()
        # a real rotation (not the one the server sends first) ends a file between transactions: resuming at
        # the start of the next file is the same place
        if not keep_boundary:
            self.boundary = BinlogPosition(self.file, position)

    def _format_description(self, data: bytes) -> None:
        header_length = data[_BODY + 2 + 50 + 4]
        if header_length != 19:
            raise InputError(f"a binary log with {header_length}-byte event headers (v1/v3) is not read")
        # the checksum algorithm byte comes just before the (always present) 4 checksum bytes
        self.checksum = 4 if data[-5] else 0
        lengths = data[_BODY + 2 + 50 + 4 + 1:len(data) - 5]
        self.post_header = bytes([0]) + lengths + bytes(255 - len(lengths))


# --- event pieces -------------------------------------------------------------------------------------------

def _packed_int(data: bytes, pos: int) -> tuple[int, int]:
    """A length-encoded integer and the position after it."""
    first = data[pos]
    if first < 251:
        return first, pos + 1
    if first == 252:
        return _U16(data, pos + 1)[0], pos + 3
    if first == 253:
        return int.from_bytes(data[pos + 1:pos + 4], "little"), pos + 4
    return _U64(data, pos + 1)[0], pos + 9


def _query_parts(data: bytes, post_header: int) -> tuple[int, int]:
    """(start of the default database name, start of the statement) in a Query event."""
    db_length = data[_BODY + 8]
    status_length = _U16(data, _BODY + 11)[0]
    db_start = _BODY + post_header + status_length
    return db_start, db_start + db_length + 1


def _statement_word(data: bytes, end: int, post_header: int) -> str | None:
    """What a Query event's statement does to the transaction: 'BEGIN', 'COMMIT', 'ROLLBACK', 'OTHER' for the
    statements that apply nothing (SAVEPOINT, ROLLBACK TO SAVEPOINT, XA ...), None for anything else (a
    schema change, or DML logged as a statement)."""
    _, at = _query_parts(data, post_header)
    match = _CONTROL_STATEMENT.match(data[at:min(end, at + 40)].decode("latin-1"))
    if match is None:
        return None
    word = match.group(1).upper()
    if word == "ROLLBACK" and match.group(2):
        return "OTHER"
    return word if word in ("BEGIN", "COMMIT", "ROLLBACK") else "OTHER"


def _query_text(data: bytes, end: int, post_header: int) -> tuple[str, str]:
    db_start, at = _query_parts(data, post_header)
    schema = data[db_start:at - 1].decode("utf-8", "replace")
    raw = data[at:end]
    try:
        sql = raw.decode("utf-8")
    except UnicodeDecodeError:      # a client in another character set; the engine only shows or refuses it
        sql = raw.decode("utf-8", "replace")
    return schema, sql


def _column_layout(body: bytes) -> tuple[bytes, list[int], int]:
    """From a TABLE_MAP body: the column type codes, each column's metadata (an int, or for STRING the real
    type << 16 | length) and the nullable-columns bitmap as an int."""
    at = 1 + body[0] + 1
    at += 1 + body[at] + 1
    count, at = _packed_int(body, at)
    types = body[at:at + count]
    at += count
    meta_length, at = _packed_int(body, at)
    meta_end = at + meta_length
    metas = []
    for code in types:
        size = _META_BYTES.get(code, 0)
        if code in (_T_STRING, _T_VAR_STRING, _T_ENUM, _T_SET):
            real, low = body[at], body[at + 1]
            if real & 0x30 != 0x30:         # CHAR longer than 255 bytes: two length bits hide in the type
                low |= ((real & 0x30) ^ 0x30) << 4
                real |= 0x30
            metas.append(real << 16 | low)
        elif size == 2 and code in (_T_NEWDECIMAL, _T_BIT):
            metas.append(body[at] << 8 | body[at + 1])      # precision, scale / bits % 8, bytes
        elif size == 2:
            metas.append(_U16(body, at)[0])
        elif size == 1:
            metas.append(body[at])
        else:
            metas.append(0)
        at += size
    if at != meta_end:
        raise InputError(f"a TABLE_MAP event with metadata this reader does not understand (type codes "
                         f"{list(types)})")
    nullable = int.from_bytes(body[meta_end:meta_end + (count + 7) // 8], "little")
    return types, metas, nullable


# --- row decoders -------------------------------------------------------------------------------------------
# A table's row image is decoded by one Python function generated for it (per table map and catalog), so
# decoding a row does no per-column type dispatch: each column is a few inline operations on the event bytes.
# For (id int NOT NULL, v varchar(40)):
#
#     def image(d, p):
#         nulls = d[p]
#         p += 1
#         v0, = I0(d, p); p += 4
#         if nulls & 2:
#             v1 = None
#         else:
#             n = d[p]; p += 1
#             v1 = d[p:p + n].decode('utf-8'); p += n
#         return (v0, v1, ), p
#
# Each column reader below returns the lines that set v{i} from the bytes at p and move p past them; what they
# need (struct functions, ENUM members, helpers) goes into the function's namespace, per column where it
# differs.

def _build_image(table: _Table, types: bytes, metas: list[int], nullable: int, charsets: dict[str, str | None],
                 charmap: Charmap) -> Callable[[bytes, int], tuple[tuple, int]]:
    info = table.info
    assert info is not None
    count = len(types)
    null_bytes = (count + 7) // 8
    nulls = "d[p]" if null_bytes == 1 else f"int.from_bytes(d[p:p + {null_bytes}], 'little')"
    lines = ["def image(d, p):", f"    nulls = {nulls}", f"    p += {null_bytes}"]
    namespace: dict[str, Any] = {}
    for i, (code, meta, column) in enumerate(zip(types, metas, info.columns, strict=True)):
        where = f"{table.schema}.{table.table} column {column.name} ({column.source_type})"
        reader = _column_reader(i, code, meta, column.source_type, charsets.get(column.name), where, charmap,
                                namespace)
        if nullable >> i & 1:
            lines += [f"    if nulls & {1 << i}:", f"        v{i} = None", "    else:"]
            lines += ["        " + line for line in reader]
        else:
            lines += ["    " + line for line in reader]
    lines.append(f"    return ({''.join(f'v{i}, ' for i in range(count))}), p")
    code_object = compile("\n".join(lines), f"<binlog row decoder for {table.schema}.{table.table}>", "exec")
    exec(code_object, namespace)            # our own code: no name or value from the catalog is in its text
    return namespace["image"]


def _column_reader(i: int, code: int, meta: int, source_type: str, charset: str | None, where: str,
                   charmap: Charmap, ns: dict[str, Any]) -> list[str]:
    spec = parse_type(source_type)
    base = spec.base
    v = f"v{i}"

    def expect(*bases: str) -> None:
        if base in bases:
            return
        if base in _KNOWN_TYPES:
            raise SchemaMismatch(f"{where}: the binary log holds {_TYPE_NAMES.get(code, code)} values there; "
                                 "has a DDL changed the table?")
        raise InputError(f"{where}: the column type {base} is not decoded from the binary log")

    if code in _INT_TYPES:
        expect(*_INT_TYPES[code])
        if code == _T_INT24:
            return [f"{v} = int.from_bytes(d[p:p + 3], 'little', signed={not spec.unsigned}); p += 3"]
        fmt = _INT_FORMATS[code].upper() if spec.unsigned else _INT_FORMATS[code]
        ns[f"I{i}"] = struct.Struct("<" + fmt).unpack_from
        return [f"{v}, = I{i}(d, p); p += {_INT_SIZES[code]}"]
    if code == _T_YEAR:
        expect("year")
        return [f"{v} = d[p]; p += 1", f"if {v}: {v} += 1900"]
    if code == _T_FLOAT:
        expect("float")
        ns["F32"], ns["float32"] = struct.Struct("<f").unpack_from, float32
        return [f"{v} = float32(F32(d, p)[0]); p += 4"]
    if code == _T_DOUBLE:
        expect("double", "double precision", "real")
        ns["F64"] = struct.Struct("<d").unpack_from
        return [f"{v}, = F64(d, p); p += 8"]
    if code == _T_NEWDECIMAL:
        expect("decimal", "numeric", "dec", "fixed")
        return _decimal_reader(i, meta >> 8, meta & 0xFF, ns)
    if code == _T_BIT:
        expect("bit")
        size = (meta & 0xFF) + (1 if meta >> 8 else 0)
        return [f"{v} = d[p:p + {size}]; p += {size}"]
    if code in (_T_DATE, _T_NEWDATE):
        expect("date")
        ns["date_value"] = _date_value
        return [f"{v} = date_value(d[p] | d[p + 1] << 8 | d[p + 2] << 16); p += 3"]
    if code == _T_DATETIME2:
        expect("datetime")
        frac = (meta + 1) // 2
        ns["datetime_value"] = _datetime_value
        return [f"{v} = datetime_value(int.from_bytes(d[p:p + {5 + frac}], 'big'), {frac}, {meta}); "
                f"p += {5 + frac}"]
    if code == _T_TIMESTAMP2:
        expect("timestamp")
        frac = (meta + 1) // 2
        ns["timestamp_value"] = _timestamp_value
        return [f"{v} = timestamp_value(int.from_bytes(d[p:p + {4 + frac}], 'big'), {frac}, {meta}); "
                f"p += {4 + frac}"]
    if code == _T_TIME2:
        expect("time")
        frac = (meta + 1) // 2
        ns["time_value"] = _time_value
        return [f"{v} = time_value(int.from_bytes(d[p:p + {3 + frac}], 'big'), {frac}); p += {3 + frac}"]
    if code in (_T_TIMESTAMP, _T_DATETIME, _T_TIME):
        raise InputError(f"{where}: stored in the temporal format of MySQL before 5.6 / MariaDB before "
                         "10.1, which this reader does not decode; ALTER TABLE ... FORCE rewrites it in the "
                         "current one")
    if code == _T_VARCHAR:
        expect("varchar", "varbinary")
        return _string_reader(i, 1 if meta < 256 else 2, spec, charset, where, charmap, ns)
    if code in (_T_STRING, _T_VAR_STRING):
        real, length = meta >> 16, meta & 0xFFFF
        if real == _T_ENUM:
            expect("enum")
            ns[f"M{i}"] = ("",) + spec.members      # index 0: the '' of an invalid value
            return ([f"{v} = M{i}[d[p]]; p += 1"] if length == 1 else
                    [f"{v} = M{i}[d[p] | d[p + 1] << 8]; p += 2"])
        if real == _T_SET:
            expect("set")
            ns[f"S{i}"] = _set_text(spec.members)
            return [f"{v} = S{i}(int.from_bytes(d[p:p + {length}], 'little')); p += {length}"]
        expect("char", "binary")
        return _string_reader(i, 1 if length < 256 else 2, spec, charset, where, charmap, ns)
    if code == _T_BLOB:
        expect(*_TEXTS, *_BINARIES)
        return _string_reader(i, meta, spec, charset, where, charmap, ns)
    if code == _T_GEOMETRY:
        expect(*_SPATIAL)
        return _string_reader(i, meta, spec, None, where, charmap, ns)
    if code == _T_JSON:
        raise InputError(f"{where}: MySQL's binary JSON is not decoded from the binary log")
    raise InputError(f"{where}: the column type {_TYPE_NAMES.get(code, code)} is not decoded from the binary "
                     "log")


def _string_reader(i: int, length_bytes: int, spec: TypeSpec, charset: str | None, where: str,
                   charmap: Charmap, ns: dict[str, Any]) -> list[str]:
    v = f"v{i}"
    if length_bytes == 1:
        lines = ["n = d[p]; p += 1"]
    elif length_bytes == 2:
        lines = ["n = d[p] | d[p + 1] << 8; p += 2"]
    else:
        lines = [f"n = int.from_bytes(d[p:p + {length_bytes}], 'little'); p += {length_bytes}"]
    value = "d[p:p + n]"
    if spec.base in _TEXTS:
        name = (charset or "utf8mb4").lower()       # no catalog entry (a dropped table): MariaDB's default
        if name in _MULTIBYTE_CODECS:
            value = f"{value}.decode({_MULTIBYTE_CODECS[name]!r})"
        else:
            ns["charmap_decode"], ns[f"T{i}"] = codecs.charmap_decode, charmap(name, where)
            value = f"charmap_decode({value}, 'strict', T{i})[0]"
    elif spec.base == "binary" and spec.int_param() is not None:
        # the log drops a BINARY(n) value's trailing zero bytes; MySQL reads it padded back to n
        value = f"{value}.ljust({spec.int_param()}, b'\\0')"
    return lines + [f"{v} = {value}; p += n"]


def _decimal_reader(i: int, precision: int, scale: int, ns: dict[str, Any]) -> list[str]:
    """MySQL's binary DECIMAL: groups of 9 digits in 4 bytes big-endian, the leftover digits at both ends in
    1-4 bytes; the first bit flipped for the sign, and every bit inverted for a negative number."""
    dig2bytes = (0, 1, 1, 2, 2, 3, 3, 4, 4, 4)
    whole = precision - scale
    groups = ([(dig2bytes[whole % 9], whole % 9)] if whole % 9 else []) + [(4, 9)] * (whole // 9) \
        + [(4, 9)] * (scale // 9) + ([(dig2bytes[scale % 9], scale % 9)] if scale % 9 else [])
    size = sum(b for b, _ in groups)
    # the unscaled integer: digit groups from the most significant one, each shifted out of x
    shift, expr = size * 8, ""
    for nbytes, digits in groups:
        shift -= nbytes * 8
        part = f"(x >> {shift} & {(1 << nbytes * 8) - 1})" if shift else f"(x & {(1 << nbytes * 8) - 1})"
        expr = f"({expr}) * {10 ** digits} + {part}" if expr else part
    sign, everything = 1 << (size * 8 - 1), (1 << size * 8) - 1
    ns["Decimal"] = Decimal
    v = f"v{i}"
    suffix = f"E-{scale}" if scale else ""
    return [f"x = int.from_bytes(d[p:p + {size}], 'big') ^ {sign}; p += {size}",
            f"if x & {sign}:",
            f"    x ^= {everything}; {v} = Decimal(f'-{{{expr}}}{suffix}')",
            "else:",
            f"    {v} = Decimal(f'{{{expr}}}{suffix}')"]


def _set_text(members: tuple[str, ...]) -> Callable[[int], str]:
    """A SET bitmask -> 'a,c' (members in declared order, as MySQL prints them); remembers the masks seen."""
    seen: dict[int, str] = {}

    def text(mask: int) -> str:
        value = seen.get(mask)
        if value is None:
            if mask >> len(members):        # a member the catalog does not list (caught as SchemaMismatch)
                raise IndexError(f"SET value {mask:#x} has members beyond the catalog's {len(members)}")
            value = seen[mask] = ",".join(m for bit, m in enumerate(members) if mask >> bit & 1)
        return value
    return text


def _date_value(x: int) -> dt.date | str:
    """DATE: day 5 bits, month 4 bits, year above; a zero or invalid date as the server prints it."""
    year, month, day = x >> 9, x >> 5 & 15, x & 31
    try:
        return dt.date(year, month, day)
    except ValueError:
        return f"{year:04d}-{month:02d}-{day:02d}"


def _fraction(x: int, frac: int) -> int:
    """Microseconds from the fractional bytes of a DATETIME2/TIMESTAMP2/TIME2 (1, 2 or 3 bytes hold 2, 4 or
    6 decimal digits)."""
    return x * (10000, 100, 1)[frac - 1]


def _datetime_value(x: int, frac: int, fsp: int) -> dt.datetime | str:
    """DATETIME2: 1 sign bit, year * 13 + month 17 bits, day 5, hour 5, minute 6, second 6; the fraction."""
    micro = _fraction(x & ((1 << frac * 8) - 1), frac) if frac else 0
    x >>= frac * 8
    ym = x >> 22 & 0x1FFFF
    year, month, day = ym // 13, ym % 13, x >> 17 & 31
    hour, minute, second = x >> 12 & 31, x >> 6 & 63, x & 63
    try:
        return dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        text = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"
        return f"{text}.{micro // 10 ** (6 - fsp):0{fsp}d}" if fsp else text


def _timestamp_value(x: int, frac: int, fsp: int) -> dt.datetime | str:
    """TIMESTAMP2: seconds since 1970 (UTC), big-endian, then the fraction; 0 is the zero timestamp."""
    micro = _fraction(x & ((1 << frac * 8) - 1), frac) if frac else 0
    seconds = x >> frac * 8
    if seconds == 0 and micro == 0:
        return "0000-00-00 00:00:00" + ("." + "0" * fsp if fsp else "")
    return _EPOCH + dt.timedelta(seconds=seconds, microseconds=micro)


def _time_value(x: int, frac: int) -> dt.timedelta:
    """TIME2: an offset-binary number, hour 10 bits, minute 6, second 6, then the fraction; negative times are
    stored so that they sort, which the 1- and 2-byte fractions undo with a carry."""
    if frac == 3:
        packed = x - 0x800000000000
    else:
        whole = (x >> frac * 8) - 0x800000
        part = x & ((1 << frac * 8) - 1)
        if whole < 0 and part:
            whole, part = whole + 1, part - (1 << frac * 8)
        packed = (whole << 24) + (_fraction(part, frac) if frac else 0)
    negative = packed < 0
    packed = -packed if negative else packed
    hms, micro = packed >> 24, packed & 0xFFFFFF
    value = dt.timedelta(hours=hms >> 12 & 0x3FF, minutes=hms >> 6 & 63, seconds=hms & 63, microseconds=micro)
    return -value if negative else value


# --- settings and small helpers -----------------------------------------------------------------------------

def setting_problems(settings: dict[str, str | None]) -> list[str]:
    """What is wrong, setting by setting, with server variables (lower-case names -> values) for capture."""
    problems = []
    value = {k: (v or "").upper() for k, v in settings.items()}
    if value.get("log_bin") not in ("ON", "1"):
        problems.append("the binary log is off (log_bin=OFF): start the server with log_bin and a server_id")
    if value.get("binlog_format", "ROW") != "ROW":
        problems.append(f"binlog_format is {value['binlog_format']}: set binlog_format=ROW (SET GLOBAL "
                        "binlog_format = 'ROW', and in the server's configuration)")
    if value.get("binlog_row_image", "FULL") != "FULL":
        problems.append(f"binlog_row_image is {value['binlog_row_image']}: set binlog_row_image=FULL (SET "
                        "GLOBAL binlog_row_image = 'FULL', and in the server's configuration)")
    if value.get("log_bin_compress", "OFF") in ("ON", "1"):
        problems.append("log_bin_compress is ON: compressed events are not decoded (SET GLOBAL "
                        "log_bin_compress = OFF)")
    if value.get("binlog_transaction_compression", "OFF") in ("ON", "1"):
        problems.append("binlog_transaction_compression is ON: compressed events are not decoded (SET GLOBAL "
                        "binlog_transaction_compression = OFF)")
    return problems


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes | bytearray) else value


def _reason(error: BaseException) -> str:
    args = getattr(error, "args", ())
    text = args[1] if len(args) > 1 else (args[0] if args else type(error).__name__)
    return " ".join(str(text).split())


def _close_quietly(conn: Any) -> None:
    try:
        conn.close()
    except Exception:               # already closed, or the server went away: nothing left to release
        pass
