"""runner.cdc.mysql_binlog against the real MariaDB: every column type decoded exactly as the full-load read
gives it, update and delete images, transactions (several tables, rollback, savepoints, XA), uncaptured
tables, resuming, binary log rotation, DDL and schema mismatches, statement-logged DML, partial row images,
heartbeats (non-blocking end, blocking with a stop event, long runs of skipped transactions), settings and
privilege checks, bad DSNs.

Other tests write to the same binary log at the same time: every test reads only its scratch database's tables
(the `tables` callable) and schema changes."""

from __future__ import annotations

import struct
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import unquote, urlsplit

import pymysql
import pytest

from sct.errors import ConnectionFailed, InputError
from sct.runner.cdc.model import (
    BinlogPosition,
    GtidPosition,
    Heartbeat,
    SchemaChange,
    SchemaMismatch,
    SourceTransaction,
)
from sct.runner.cdc.mysql_binlog import MySQLChangeSource, setting_problems
from sct.runner.endpoints import open_source
from sct.runner.model import TableInfo

SECRET = "S3cr@t/Pw:x"
SECRET_URL = "S3cr%40t%2FPw%3Ax"


def my_connect(dsn: str, **kwargs) -> pymysql.Connection:
    url = urlsplit(dsn)
    return pymysql.connect(host=url.hostname or "127.0.0.1", port=url.port or 3306,
                           user=unquote(url.username or "root"), password=unquote(url.password or ""),
                           database=url.path.lstrip("/") or None, autocommit=True, charset="utf8mb4",
                           **kwargs)


def run(dsn: str, *statements: str, session: str | None = None) -> None:
    """Each statement in autocommit (so each its own transaction), after `session` (e.g. SET sql_mode)."""
    conn = my_connect(dsn)
    try:
        with conn.cursor() as cur:
            for statement in ([session] if session else []) + list(statements):
                cur.execute(statement)
    finally:
        conn.close()


def database_of(dsn: str) -> str:
    return urlsplit(dsn).path.lstrip("/")


class Capture:
    """A change source on a scratch database, the catalog of its tables, and non-blocking reads of the log."""

    def __init__(self, dsn: str):
        self.dsn = dsn
        self.db = database_of(dsn)
        self.source = MySQLChangeSource(dsn)
        self.catalog: dict[str, TableInfo] = {}

    def refresh(self) -> None:
        reader = open_source(self.dsn)
        self.catalog = {t.name: t for t in reader.tables()}
        reader.close()

    def tables(self, schema: str, table: str) -> TableInfo | None:
        return self.catalog.get(table) if schema == self.db else None

    def read(self, start: BinlogPosition, **kwargs) -> list:
        """Everything about this database from `start` to the end of the log, and the final heartbeat."""
        items = list(self.source.stream(start, self.tables, blocking=False, **kwargs))
        assert isinstance(items[-1], Heartbeat)
        return [i for i in items if isinstance(i, SourceTransaction)
                or (isinstance(i, SchemaChange) and i.schema == self.db)] + [items[-1]]

    def transactions(self, start: BinlogPosition) -> list[SourceTransaction]:
        return [i for i in self.read(start) if isinstance(i, SourceTransaction)]

    def rows(self, table: str) -> list[tuple]:
        """The table as MySQLSource.read gives it (the full-load path), in key order."""
        reader = open_source(self.dsn)
        info = {t.name: t for t in reader.tables()}[table]
        batches = reader.read(info, [c.name for c in info.columns], None, None, 1000)
        rows = [r for batch in batches for r in batch]
        reader.close()
        return rows


@pytest.fixture
def cap(scratch_mariadb: str):
    capture = Capture(scratch_mariadb)
    yield capture
    capture.source.close()


# --- values -------------------------------------------------------------------------------------------------

EVERY_TYPE = """CREATE TABLE every (
    id int NOT NULL PRIMARY KEY,
    ti tinyint, tu tinyint unsigned, flag tinyint(1), si smallint, su smallint unsigned,
    mi mediumint, mu mediumint unsigned, i int, iu int unsigned, bi bigint, bu bigint unsigned, y year,
    d30 decimal(30,10), d12 decimal(12,2), d65 decimal(65,30), d10 decimal(10,10), d9 decimal(9,0),
    f float, db double,
    vc varchar(40), vlong varchar(300), ch char(5), cwide char(100), tt tinytext, tx text, mt mediumtext,
    lt longtext, vc3 varchar(20) CHARACTER SET utf8mb3,
    l1 varchar(20) CHARACTER SET latin1, l1c char(10) CHARACTER SET latin1, l1t text CHARACTER SET latin1,
    cyr varchar(20) CHARACTER SET cp1251, u2 char(6) CHARACTER SET ucs2, u16 varchar(10) CHARACTER SET utf16,
    u32 text CHARACTER SET utf32, sj varchar(10) CHARACTER SET sjis, gb varchar(10) CHARACTER SET gbk,
    bn binary(4), vb varbinary(10), tb tinyblob, bl blob, mb mediumblob, lb longblob,
    e enum('a','it''s','x,y'), st set('red','green','blue'), b1 bit(1), b10 bit(10), b64 bit(64),
    dt date, dtm datetime(6), dt3 datetime(3), dt0 datetime, ts timestamp(6) NULL, ts0 timestamp NULL,
    tm time(6), tm1 time(1), tm3 time(3), tm0 time,
    j json, g geometry, pt point,
    nn varchar(10) NOT NULL DEFAULT '', nd decimal(5,2) NOT NULL DEFAULT 0
) DEFAULT CHARSET=utf8mb4"""

EVERY_ROWS = [
    # maxima and unusual-but-valid values
    """INSERT INTO every VALUES (1, 127, 255, 1, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
        9223372036854775807, 18446744073709551615, 2155,
        99999999999999999999.9999999999, 9999999999.99,
        99999999999999999999999999999999999.999999999999999999999999999999,
        0.9999999999, 999999999,
        3.4028235e38, 1.7976931348623157e308,
        'héllo wörld 😀🎉', REPEAT('é', 300), 'ab  ', REPEAT('日本', 50), 'tiny ✓', 'text\ttab\nnewline',
        'médium',
        REPEAT('long 😀 ', 1000), 'ñandú',
        'Ünïcödé €‚ƒ', 'Grüße', 'Ça coûte 5 €', 'Привет', 'Grüße', 'ü😀 ', 'a😀b', 'テスト漢字', '中文',
        x'01000000', x'00ff00', x'00', x'0001020300', REPEAT(x'00ff', 5000), x'',
        'it''s', 'red,blue', b'1', b'1111111111',
        b'1111111111111111111111111111111111111111111111111111111111111111',
        '9999-12-31', '9999-12-31 23:59:59.999999', '2024-02-29 12:00:00.5', '1000-01-01 00:00:00',
        '2038-01-19 03:14:07.999999', '1970-01-01 00:00:01',
        '838:59:59.000000', '-00:00:01.5', '-12:34:56.789', '-838:59:59',
        '{"a": [1, 2, {"b": null}], "t": "ü"}', ST_GeomFromText('LINESTRING(0 0, 1 1, 2 5)'), POINT(1.5, -2),
        'not null', 123.45)""",
    # minima and negatives
    """INSERT INTO every VALUES (2, -128, 0, -1, -32768, 0, -8388608, 0, -2147483648, 0,
        -9223372036854775808, 0, 1901,
        -12345678901234567890.1234567890, -0.01, -0.000000000000000000000000000001, -0.0000000001, -999999999,
        -1.5, -2.5e-300,
        '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
        x'00000000', x'', x'', x'', x'', x'',
        'a', '', b'0', b'0000000001', b'0',
        '1000-01-01', '1000-01-01 00:00:00.000000', '1000-01-01 00:00:00', '1000-01-01 00:00:00',
        '1970-01-01 00:00:01', '2038-01-19 03:14:07',
        '-838:59:59.000000', '00:00:00.1', '00:00:00.001', '00:00:00',
        '[]', POINT(0, 0), POINT(0, 0), '', -999.99)""",
    # NULL everywhere it may be
    "INSERT INTO every (id) VALUES (3)",
    # zero and invalid dates, as MySQL lets them in without strict modes
    """INSERT INTO every (id, y, dt, dtm, dt3, dt0, ts, ts0, e, f, db, tm, flag) VALUES
        (4, 0, '0000-00-00', '0000-00-00 00:00:00', '2020-00-10 10:00:00.25', '2021-02-31 23:59:59',
         '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0, 0.1, 0.30000000000000004, '00:00:00.000001', 5)""",
    """INSERT INTO every (id, dt, dtm, f, db)
        VALUES (5, '2021-02-31', '0000-01-01 00:00:00', 1e-45, 1e308)""",
]


def test_every_type_decodes_as_the_full_load_read_gives_it(cap: Capture) -> None:
    run(cap.dsn, EVERY_TYPE)
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, *EVERY_ROWS,
        session="SET SESSION sql_mode = 'ALLOW_INVALID_DATES', time_zone = '+00:00'")
    read = cap.rows("every")
    changes = [c for t in cap.transactions(start) for c in t.changes]
    assert [c.op for c in changes] == ["insert"] * len(EVERY_ROWS)
    assert all(c.schema == cap.db and c.table == "every" and c.before is None for c in changes)
    assert changes[0].columns == tuple(c.name for c in cap.catalog["every"].columns)
    for logged, expected in zip((c.after for c in changes), read, strict=True):
        for name, a, b in zip(changes[0].columns, logged, expected, strict=True):
            assert (a, type(a)) == (b, type(b)), f"row {logged[0]} column {name}: binlog {a!r}, read {b!r}"
    # the values as the read path documents them, spelled out for a few
    first, second, nulls, zeros, invalid = (c.after for c in changes)
    by = dict(zip(changes[0].columns, first, strict=True))
    assert by["bu"] == 18446744073709551615 and by["flag"] == 1 and by["y"] == 2155
    assert by["d12"] == Decimal("9999999999.99")
    assert str(dict(zip(changes[0].columns, second, strict=True))["d12"]) == "-0.01"
    assert by["vc"] == "héllo wörld 😀🎉" and by["l1"] == "Ünïcödé €‚ƒ" and by["cyr"] == "Привет"
    assert by["ch"] == "ab" and by["bn"] == b"\x01\x00\x00\x00" and by["tb"] == b"\x00"
    assert by["st"] == "red,blue" and by["e"] == "it's" and by["b10"] == b"\x03\xff" and by["b1"] == b"\x01"
    assert by["dtm"] == datetime(9999, 12, 31, 23, 59, 59, 999999)
    assert by["ts"] == datetime(2038, 1, 19, 3, 14, 7, 999999)
    assert by["tm1"] == -timedelta(seconds=1.5)
    assert by["tm3"] == -timedelta(hours=12, minutes=34, seconds=56.789)
    assert all(v is None for v in nulls[1:-2]) and nulls[-2:] == ("", Decimal("0.00"))
    z = dict(zip(changes[0].columns, zeros, strict=True))
    assert (z["dt"], z["dtm"], z["dt3"], z["dt0"]) == ("0000-00-00", "0000-00-00 00:00:00.000000",
                                                       "2020-00-10 10:00:00.250", "2021-02-31 23:59:59")
    assert (z["ts"], z["ts0"]) == ("0000-00-00 00:00:00.000000", "0000-00-00 00:00:00")
    assert (z["e"], z["f"], z["y"]) == ("", 0.1, 0)
    assert dict(zip(changes[0].columns, invalid, strict=True))["dt"] == "2021-02-31"


def test_update_and_delete_carry_whole_rows(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY, name varchar(20), amount decimal(8,2), at datetime(6))",
        "INSERT INTO t VALUES (1, 'one', 1.50, '2024-01-01 10:00:00.000001'), (2, 'two', NULL, NULL)")
    cap.refresh()
    before = cap.rows("t")
    start = cap.source.current_position()
    run(cap.dsn, "UPDATE t SET name = 'uno', amount = amount * 2 WHERE id = 1")
    after = cap.rows("t")
    run(cap.dsn, "UPDATE t SET id = 20 WHERE id = 2", "DELETE FROM t WHERE id = 1")
    txs = cap.transactions(start)
    assert [[(c.op, c.before, c.after) for c in t.changes] for t in txs] == [
        [("update", before[0], after[0])],
        [("update", (2, "two", None, None), (20, "two", None, None))],
        [("delete", after[0], None)]]
    assert txs[0].changes[0].old() == {"id": 1, "name": "one", "amount": Decimal("1.50"),
                                       "at": datetime(2024, 1, 1, 10, 0, 0, 1)}


def test_many_rows_in_one_statement_and_large_values(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE big (id int PRIMARY KEY, payload longblob, note mediumtext)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "INSERT INTO big SELECT seq, NULL, CONCAT('row ', seq) FROM seq_1_to_5000",
        "INSERT INTO big VALUES (0, REPEAT(x'00ab', 1500000), REPEAT('ü', 100000))")
    txs = cap.transactions(start)
    assert [len(t.changes) for t in txs] == [5000, 1]
    assert [c.after[0] for c in txs[0].changes] == list(range(1, 5001))
    assert txs[0].changes[4999].after == (5000, None, "row 5000")
    assert txs[1].changes[0].after == (0, b"\x00\xab" * 1500000, "ü" * 100000)


# --- transactions -------------------------------------------------------------------------------------------

def test_a_transaction_over_two_tables_is_one_source_transaction_in_order(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE a (id int PRIMARY KEY, v varchar(10))",
        "CREATE TABLE b (id int PRIMARY KEY, n int)", "INSERT INTO b VALUES (7, 0)")
    cap.refresh()
    start = cap.source.current_position()
    began = time.time()
    run(cap.dsn, "BEGIN", "INSERT INTO a VALUES (1, 'x')", "UPDATE b SET n = n + 1 WHERE id = 7",
        "INSERT INTO a VALUES (2, 'y')", "COMMIT")
    [tx] = cap.transactions(start)
    assert [(c.table, c.op, c.after) for c in tx.changes] == [
        ("a", "insert", (1, "x")), ("b", "update", (7, 1)), ("a", "insert", (2, "y"))]
    assert began - 2 <= tx.commit_time <= time.time() + 2
    assert tx.xid and tx.xid.count("-") == 2                # the MariaDB GTID, domain-server-sequence
    assert start < tx.position <= cap.source.current_position()


def test_rolled_back_work_yields_nothing(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "BEGIN", "INSERT INTO t VALUES (1)", "ROLLBACK",
        "BEGIN", "INSERT INTO t VALUES (2)", "SAVEPOINT s", "INSERT INTO t VALUES (3)",
        "ROLLBACK TO SAVEPOINT s", "INSERT INTO t VALUES (4)", "COMMIT")
    assert [[c.after for c in t.changes] for t in cap.transactions(start)] == [[(2,), (4,)]]


def test_xa_transactions_that_prepare_captured_changes_are_refused(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "XA START 'one'", "INSERT INTO t VALUES (1)", "XA END 'one'", "XA COMMIT 'one' ONE PHASE")
    assert [[c.after for c in t.changes] for t in cap.transactions(start)] == [[(1,)]]
    run(cap.dsn, "XA START 'two'", "INSERT INTO t VALUES (2)", "XA END 'two'", "XA PREPARE 'two'",
        "XA COMMIT 'two'")
    with pytest.raises(InputError, match=rf"XA transaction prepared at .* changes {cap.db}\.t"):
        cap.transactions(start)


@pytest.mark.parametrize(("column", "changed", "row", "message"), [
    ("s set('a','b')", "s set('a','b','c')", "(1, 'a,c')", r"{db}\.t: a logged row does not fit.*SET value 0x5"),
    ("v varchar(10)", "v int", "(1, 2)", r"column v \(varchar\(10\)\): the binary log holds INT values"),
], ids=["a SET member the catalog does not know", "a changed column type"])
def test_a_row_that_does_not_fit_the_catalog_is_a_mismatch(cap: Capture, column: str, changed: str, row: str,
                                                           message: str) -> None:
    run(cap.dsn, f"CREATE TABLE t (id int PRIMARY KEY, {column})")
    cap.refresh()
    old = cap.catalog
    run(cap.dsn, f"ALTER TABLE t MODIFY {changed}")
    start = cap.source.current_position()
    run(cap.dsn, f"INSERT INTO t VALUES {row}")
    cap.catalog = old
    with pytest.raises(SchemaMismatch, match=message.format(db=cap.db)):
        cap.transactions(start)


def test_tables_not_captured_are_skipped_even_when_not_decodable(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY, u uuid)")
    cap.refresh()
    captured = cap.catalog
    cap.catalog = {"kept": captured["kept"]}
    start = cap.source.current_position()
    run(cap.dsn, "INSERT INTO other VALUES (1, UUID())", "INSERT INTO kept VALUES (1)",
        "BEGIN", "INSERT INTO other VALUES (2, UUID())", "INSERT INTO kept VALUES (2)", "COMMIT")
    txs = cap.transactions(start)
    assert [[(c.table, c.after) for c in t.changes] for t in txs] == [[("kept", (1,))], [("kept", (2,))]]
    cap.catalog = captured              # captured, the UUID column is named as what is not decoded
    with pytest.raises(InputError, match=r"other column u \(uuid\).*type uuid is not decoded"):
        cap.transactions(start)


# --- positions ----------------------------------------------------------------------------------------------

def test_resuming_from_a_yielded_position_gives_exactly_what_follows(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, *(f"INSERT INTO t VALUES ({i})" for i in range(1, 6)))
    txs = cap.transactions(start)
    assert [t.changes[0].after for t in txs] == [(i,) for i in range(1, 6)]
    assert [t.position for t in txs] == sorted(t.position for t in txs)
    for k, tx in enumerate(txs):
        again = cap.source.parse_position(str(tx.position))
        assert again == tx.position
        assert [t.changes[0].after for t in cap.transactions(again)] == [(i,) for i in range(k + 2, 6)]


def test_a_rotation_of_the_binary_log_is_crossed(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "INSERT INTO t VALUES (1)", "FLUSH BINARY LOGS", "INSERT INTO t VALUES (2)")
    txs = cap.transactions(start)
    assert [t.changes[0].after for t in txs] == [(1,), (2,)]
    assert txs[0].position.file < txs[1].position.file and txs[0].position < txs[1].position
    assert [t.changes[0].after for t in cap.transactions(txs[0].position)] == [(2,)]
    ended = cap.read(txs[1].position)[-1]
    assert ended.position >= txs[1].position


def test_a_position_the_server_does_not_have_is_a_clear_error(cap: Capture) -> None:
    with pytest.raises(InputError, match="cannot send its binary log from there"):
        cap.read(BinlogPosition("mariadb-bin.999999", 4))
    with pytest.raises(InputError, match="FILE:POSITION"):
        cap.source.parse_position("nowhere")


# --- MariaDB GTID start positions ---------------------------------------------------------------------------

def gtid_after(dsn: str, *statements: str) -> GtidPosition:
    """Runs the statements (each its own transaction), then reads @@gtid_binlog_pos on the same session."""
    conn = my_connect(dsn)
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
            cur.execute("SELECT @@gtid_binlog_pos")
            return GtidPosition.parse(cur.fetchone()[0])
    finally:
        conn.close()


def binlog_gtid_pos(dsn: str, position: BinlogPosition) -> str:
    conn = my_connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT BINLOG_GTID_POS(%s, %s)", [position.file, position.pos])
            return cur.fetchone()[0]
    finally:
        conn.close()


def test_a_gtid_state_starts_right_after_its_transactions(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    state = gtid_after(cap.dsn, "INSERT INTO t VALUES (1)")
    run(cap.dsn, "INSERT INTO t VALUES (2)", "INSERT INTO t VALUES (3)")
    *txs, end = cap.read(state)
    assert [[c.after for c in t.changes] for t in txs] == [[(2,)], [(3,)]]
    assert all(type(t.position) is BinlogPosition for t in txs) and type(end.position) is BinlogPosition
    assert txs[0].position < txs[1].position <= end.position
    # each position is a real transaction boundary: the server's own GTID state there ends with that
    # transaction (domain 0 is the only one the test server logs)
    assert txs[0].xid in binlog_gtid_pos(cap.dsn, txs[0].position).split(",")
    domain, server, seqno = state.gtids()[0]
    assert txs[0].xid.startswith(f"{domain}-{server}-") and int(txs[0].xid.split("-")[2]) > seqno
    # resuming from a yielded position (file:offset now) gives exactly what follows
    assert [t.changes[0].after for t in cap.transactions(txs[0].position)] == [(3,)]
    assert cap.transactions(txs[1].position) == []
    assert cap.source.parse_position(str(state)) == state


def test_a_gtid_state_is_found_across_a_rotation_of_the_binary_log(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    # the state is (unless another test writes in between) the new file's own GTID list: the server starts
    # at that file's beginning and skips nothing
    state = gtid_after(cap.dsn, "INSERT INTO t VALUES (1)")
    run(cap.dsn, "FLUSH BINARY LOGS", "INSERT INTO t VALUES (2)", "INSERT INTO t VALUES (3)")
    txs = cap.transactions(state)
    assert [t.changes[0].after for t in txs] == [(2,), (3,)]
    assert [t.changes[0].after for t in cap.transactions(txs[0].position)] == [(3,)]


def test_the_current_gtid_state_reads_only_what_is_logged_after_it(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    before = cap.source.current_position()
    now = cap.source.current_gtid()
    assert isinstance(now, GtidPosition) and str(now) == now.state and "-" in now.state
    [end] = cap.read(now)
    assert isinstance(end, Heartbeat) and type(end.position) is BinlogPosition and end.position >= before
    run(cap.dsn, "INSERT INTO t VALUES (1)")
    assert [t.changes[0].after for t in cap.transactions(now)] == [(1,)]
    assert [t.changes[0].after for t in cap.transactions(end.position)] == [(1,)]


def test_a_blocking_read_from_a_gtid_state_beats_and_delivers(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_gtid()
    stop = threading.Event()
    seen: list = []

    def consume() -> None:
        for item in cap.source.stream(start, cap.tables, stop=stop, heartbeat_seconds=0.2):
            seen.append(item)

    reader = threading.Thread(target=consume)
    reader.start()
    time.sleep(0.5)
    run(cap.dsn, "INSERT INTO t VALUES (1)")
    time.sleep(1.0)
    stop.set()
    reader.join(timeout=10)
    assert not reader.is_alive()
    txs = [i for i in seen if isinstance(i, SourceTransaction)]
    assert [t.changes[0].after for t in txs] == [(1,)]
    assert seen and all(type(i.position) is BinlogPosition for i in seen)
    assert [t.changes[0].after for t in cap.transactions(seen[0].position)] == [(1,)]


def test_gtid_positions_parse_and_mysql_gtid_sets_are_refused(cap: Capture) -> None:
    parse = cap.source.parse_position
    assert parse("0-1-42") == GtidPosition("0-1-42") and str(parse("0-1-42")) == "0-1-42"
    assert parse(" 1-2-7 , 0-1-42") == GtidPosition.parse("0-1-42,1-2-7")
    assert parse(" 1-2-7 , 0-1-42").state == "0-1-42,1-2-7"
    assert GtidPosition("1-2-7,0-1-42").gtids() == ((0, 1, 42), (1, 2, 7))
    assert parse("mariadb-bin.000003:1234") == BinlogPosition("mariadb-bin.000003", 1234)
    for text in ("0-1", "0-1-42,", "0-1-42,0-2-43", "4294967296-1-1", "0-1-18446744073709551616", "nowhere",
                 "0-1-4x"):
        with pytest.raises(InputError, match=r"FILE:POS.*D-S-N\[,D-S-N\.\.\.\]") as caught:
            parse(text)
        assert repr(text) in str(caught.value)
    with pytest.raises(ValueError, match=r"expected FILE:POS .* or a MariaDB GTID state D-S-N\[,D-S-N\.\.\.\]"):
        GtidPosition.parse("0-1-x")
    with pytest.raises(ValueError, match="expected FILE:POSITION"):        # its own message, unchanged
        BinlogPosition.parse("0-1-42")
    with pytest.raises(InputError, match=r"MySQL GTID sets .* not supported.*use FILE:POS"):
        parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5")
    # a start, not a point in the order of BinlogPositions
    with pytest.raises(TypeError):
        _ = GtidPosition("0-1-42") < BinlogPosition("mariadb-bin.000001", 4)     # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = BinlogPosition("mariadb-bin.000001", 4) <= GtidPosition("0-1-42")    # type: ignore[operator]


def test_a_gtid_state_the_server_cannot_serve_is_a_clear_error(cap: Capture) -> None:
    now = cap.source.current_gtid()
    domain, server, seqno = now.gtids()[0]
    logged = {d for d, _, _ in now.gtids()}
    never = next(d for d in range(987654, 987700) if d not in logged)
    with pytest.raises(InputError, match=rf"domain {never} .*is not in this server's binary log"):
        cap.read(GtidPosition(f"{domain}-{server}-{seqno},{never}-1-5"))
    with pytest.raises(InputError, match=rf"cannot send its binary log from GTID state {domain}-{server}-"
                                         rf"{seqno + 10 ** 12}: .*not in the master's binlog"):
        cap.read(GtidPosition(f"{domain}-{server}-{seqno + 10 ** 12}"))
    with pytest.raises(InputError, match=rf"cannot send its binary log from GTID state {domain}-4242424-1: "):
        cap.read(GtidPosition(f"{domain}-4242424-1"))          # a server that never logged in the domain

    class Purged:               # what the server answers when the state's binary logs are gone
        def _read_packet(self):
            raise pymysql.err.OperationalError(
                1236, "Could not find GTID state requested by slave in any binlog files. Probably the slave "
                      "state is too old and required binlog files have been purged.")

    with pytest.raises(InputError, match=r"GTID state 0-1-7: Could not find GTID state .*purged"):
        cap.source._read(Purged(), gtid=GtidPosition("0-1-7"))


# made-up dump packets, for what the test server (one domain) cannot show: several domains
def _event(kind: int, body: bytes, log_pos: int, *, flags: int = 0, server: int = 1) -> bytes:
    return b"\0" + struct.pack("<IBIIIH", 1, kind, server, 19 + len(body), log_pos, flags) + body


def _rotate(file: str) -> bytes:                # the server's made-up first ROTATE of a file
    return _event(4, struct.pack("<Q", 4) + file.encode(), 0, flags=0x20)


def _gtid_list(log_pos: int, *gtids: tuple[int, int, int], made_up: bool = False) -> bytes:
    body = struct.pack("<I", len(gtids)) + b"".join(struct.pack("<IIQ", *g) for g in gtids)
    return _event(163, body, log_pos, flags=0x20 if made_up else 0)


def _transaction(at: int, domain: int, seqno: int) -> list[bytes]:
    """A GTID event at `at` (38 bytes), an XID event after it: the transaction ends at at + 65."""
    return [_event(162, struct.pack("<QIB", seqno, domain, 0) + bytes(6), at + 38),
            _event(16, struct.pack("<Q", seqno), at + 65)]


def _heartbeat(file: str, log_pos: int) -> bytes:
    return _event(27, file.encode(), log_pos)


class _Packets:
    def __init__(self, packets: list[bytes]):
        self.packets = list(packets) + [b"\xfe\0\0\0\0"]

    def _read_packet(self):
        return type("Packet", (), {"_data": self.packets.pop(0)})()


def _positions(source: MySQLChangeSource, state: str, packets: list[bytes]) -> list[str]:
    from sct.runner.cdc.mysql_binlog import _Reader

    reader = _Reader(source, _Packets(packets), GtidPosition(state), lambda s, t: None, 0, 0.0)
    return [str(i.position) for i in reader.events(None)]


def test_a_gtid_start_learns_its_offset_from_what_follows_the_skipped_part(cap: Capture) -> None:
    f = "mariadb-bin.000007"
    # domain 1's GTID is the file's own GTID list (nothing of it skipped); domain 0 is passed where the server
    # says so with a made-up GTID list; then a transaction is read
    assert _positions(cap.source, "0-1-10,1-1-5", [
        _rotate(f), _gtid_list(300, (0, 1, 8), (1, 1, 5)), _gtid_list(500, (0, 1, 10), made_up=True),
        *_transaction(500, 0, 11)]) == [f"{f}:565", f"{f}:565"]
    # the state is the end of the log
    assert _positions(cap.source, "0-1-10,1-1-5", [
        _rotate(f), _gtid_list(300, (0, 1, 8), (1, 1, 3)), _gtid_list(500, (0, 1, 10), made_up=True),
        _gtid_list(700, (0, 1, 10), (1, 1, 5), made_up=True)]) == [f"{f}:700"]
    # the start file's GTID list is the whole state: nothing skipped
    assert _positions(cap.source, "0-1-10", [_rotate(f), _gtid_list(300, (0, 1, 10))]) == [f"{f}:300"]
    # a transaction past the state in the last domain to pass: its GTID event's start
    assert _positions(cap.source, "0-1-10", [_rotate(f), _gtid_list(300, (0, 1, 8)), *_transaction(900, 0, 12)]
                      ) == [f"{f}:965", f"{f}:965"]
    # a heartbeat: the server waits at the end of the log with everything before it skipped
    assert _positions(cap.source, "0-1-10", [_rotate(f), _gtid_list(300, (0, 1, 8)), _heartbeat(f, 800)]
                      ) == [f"{f}:800", f"{f}:800"]
    # a transaction of one domain while another is still skipped: no offset resumes that
    with pytest.raises(InputError, match=r"GTID state 0-1-10,1-1-5 is not one point of this server's binary "
                                         rf"log: transaction 2-1-1 at {f}:400 comes before the log reaches "
                                         r"0-1-10, 1-1-5"):
        _positions(cap.source, "0-1-10,1-1-5", [_rotate(f), _gtid_list(300, (0, 1, 8), (1, 1, 3)),
                                                *_transaction(400, 2, 1)])
    with pytest.raises(InputError, match=r"reaches 1-1-5"):
        _positions(cap.source, "0-1-10,1-1-5", [_rotate(f), _gtid_list(300, (0, 1, 8), (1, 1, 3)),
                                                *_transaction(500, 0, 11)])
    # the end of the log (non-blocking) with the state not reached
    with pytest.raises(InputError, match=r"GTID state 0-1-10: .* to the end without reaching 0-1-10"):
        _positions(cap.source, "0-1-10", [_rotate(f), _gtid_list(300, (0, 1, 8))])


# --- DDL and mismatches -------------------------------------------------------------------------------------

def test_ddl_is_a_schema_change_and_a_wider_row_against_the_old_catalog_is_a_mismatch(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY, v varchar(10))")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "INSERT INTO t VALUES (1, 'a')", "ALTER TABLE t ADD COLUMN extra int",
        "INSERT INTO t VALUES (2, 'b', 3)")
    items = []
    with pytest.raises(SchemaMismatch, match=rf"{cap.db}\.t: the binary log has 3 columns, the catalog 2"):
        for item in cap.source.stream(start, cap.tables, blocking=False):
            ours = isinstance(item, SchemaChange) and item.schema == cap.db
            if isinstance(item, SourceTransaction) or ours:
                items.append(item)
    tx, ddl = items
    assert tx.changes[0].after == (1, "a")
    assert "ALTER TABLE t ADD COLUMN extra int" in ddl.sql and tx.position < ddl.position
    cap.refresh()                       # the engine's answer: the new catalog, from the schema change on
    [after] = cap.transactions(ddl.position)
    assert after.changes[0].after == (2, "b", 3)




def test_dml_logged_as_a_statement_is_a_schema_change_for_the_engine_to_refuse(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "INSERT INTO t VALUES (1)", session="SET SESSION binlog_format = 'STATEMENT'")
    [change, _] = cap.read(start)
    assert isinstance(change, SchemaChange) and change.sql == "INSERT INTO t VALUES (1)"


def test_rows_without_every_column_are_refused(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 1)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "UPDATE t SET v = 2", session="SET SESSION binlog_row_image = 'MINIMAL'")
    with pytest.raises(InputError, match="binlog_row_image MINIMAL or NOBLOB.*binlog_row_image = 'FULL'"):
        cap.transactions(start)


# --- heartbeats and stopping --------------------------------------------------------------------------------

def test_non_blocking_read_ends_with_a_heartbeat_at_the_last_position(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    run(cap.dsn, "INSERT INTO t VALUES (1)")
    *_, tx, end = cap.read(start)
    assert isinstance(tx, SourceTransaction) and isinstance(end, Heartbeat)
    assert tx.position <= end.position and abs(end.time - time.time()) < 60
    nothing = cap.read(end.position)
    assert len(nothing) == 1 and nothing[0].position >= end.position


def test_long_runs_of_skipped_transactions_still_give_heartbeats(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE skipped (id int PRIMARY KEY)")
    cap.refresh()
    cap.catalog = {}
    start = cap.source.current_position()
    run(cap.dsn, *(f"INSERT INTO skipped VALUES ({i})" for i in range(50)))
    items = list(cap.source.stream(start, cap.tables, blocking=False, heartbeat_seconds=0))
    beats = [i for i in items if isinstance(i, Heartbeat)]
    assert not [i for i in items if isinstance(i, SourceTransaction)]
    assert len(beats) >= 50 and [b.position for b in beats] == sorted(b.position for b in beats)


def test_blocking_read_delivers_new_transactions_beats_while_idle_and_stops(cap: Capture) -> None:
    run(cap.dsn, "CREATE TABLE t (id int PRIMARY KEY)")
    cap.refresh()
    start = cap.source.current_position()
    stop = threading.Event()
    seen: list = []

    def consume() -> None:
        for item in cap.source.stream(start, cap.tables, stop=stop, heartbeat_seconds=0.2):
            seen.append((time.monotonic(), item))

    reader = threading.Thread(target=consume)
    reader.start()
    time.sleep(0.5)
    run(cap.dsn, "INSERT INTO t VALUES (1)")
    time.sleep(1.0)
    stop.set()
    stopped = time.monotonic()
    reader.join(timeout=10)
    assert not reader.is_alive()
    assert all(t - stopped < 1.0 for t, _ in seen[-1:])
    txs = [i for _, i in seen if isinstance(i, SourceTransaction)]
    assert [t.changes[0].after for t in txs] == [(1,)]
    # idle for about a second with heartbeat_seconds=0.2: heartbeats, unless other tests' DDL (schema changes
    # of other databases, which count as signs of life too) kept the log busy
    alive = [i for t, i in seen if t > stopped - 0.9 and isinstance(i, Heartbeat | SchemaChange)]
    assert len(alive) >= 2
    assert all(i.position >= txs[0].position for i in alive)


# --- settings, privileges, connections ----------------------------------------------------------------------

def test_check_passes_on_the_test_server(cap: Capture) -> None:
    cap.source.check()
    assert cap.source.dialect == "mysql"
    assert cap.source.current_position().pos > 0


def test_setting_problems_name_the_setting_to_change() -> None:
    assert setting_problems({"log_bin": "ON", "binlog_format": "ROW", "binlog_row_image": "FULL",
                             "log_bin_compress": "OFF"}) == []
    problems = " | ".join(setting_problems({"log_bin": "OFF", "binlog_format": "MIXED",
                                            "binlog_row_image": "MINIMAL", "log_bin_compress": "ON"}))
    for text in ("log_bin=OFF", "binlog_format is MIXED", "binlog_format=ROW", "binlog_row_image is MINIMAL",
                 "binlog_row_image=FULL", "log_bin_compress = OFF"):
        assert text in problems


def test_missing_replication_privileges_are_named(cap: Capture, mariadb_dsn: str) -> None:
    user = f"sct_cdc_{uuid.uuid4().hex[:8]}"
    url = urlsplit(mariadb_dsn)
    dsn = f"mysql://{user}:{SECRET_URL}@{url.hostname}:{url.port or 3306}/{cap.db}"
    run(mariadb_dsn, f"CREATE USER '{user}'@'%' IDENTIFIED BY '{SECRET}'",
        f"GRANT SELECT ON `{cap.db}`.* TO '{user}'@'%'")
    try:
        source = MySQLChangeSource(dsn)
        with pytest.raises(InputError, match="REPLICATION CLIENT") as caught:
            source.check()
        assert "S3cr" not in str(caught.value)
        source.close()
        # global privileges count from a session's start: a new source for each grant
        run(mariadb_dsn, f"GRANT BINLOG MONITOR ON *.* TO '{user}'@'%'")
        source = MySQLChangeSource(dsn)
        with pytest.raises(InputError, match="GRANT REPLICATION SLAVE"):
            source.check()
        source.close()
        run(mariadb_dsn, f"GRANT REPLICATION SLAVE ON *.* TO '{user}'@'%'")
        source = MySQLChangeSource(dsn)
        source.check()
        source.close()
    finally:
        run(mariadb_dsn, f"DROP USER IF EXISTS '{user}'@'%'")


def test_an_unreachable_server_is_connection_failed_without_the_password() -> None:
    with pytest.raises(ConnectionFailed) as caught:
        MySQLChangeSource(f"mysql://bob:{SECRET_URL}@127.0.0.1:1/shop")
    message = str(caught.value)
    assert "127.0.0.1:1/shop" in message and "bob" in message
    assert "S3cr" not in message and "Traceback" not in message and "\n" not in message
    with pytest.raises(ConnectionFailed, match="mysql:// or mariadb://"):
        MySQLChangeSource("postgresql://root@127.0.0.1/x")


def test_each_source_has_its_own_replica_id(scratch_mariadb: str) -> None:
    ids = {MySQLChangeSource(scratch_mariadb).server_id for _ in range(5)}
    assert len(ids) == 5 and all(10000 <= i <= 4_000_000_000 for i in ids)
    assert MySQLChangeSource(scratch_mariadb, server_id=4242).server_id == 4242


def test_values_of_dates_times_are_python_types() -> None:
    """The decoders for the temporal layouts, on hand-made bytes: negative TIME with a carried fraction."""
    from sct.runner.cdc.mysql_binlog import _date_value, _datetime_value, _time_value

    assert _date_value(2024 << 9 | 2 << 5 | 29) == date(2024, 2, 29)
    assert _date_value(0) == "0000-00-00"
    packed = ((2024 * 13 + 1) << 22 | 2 << 17 | 3 << 12 | 4 << 6 | 5) + (1 << 39)
    assert _datetime_value(packed, 0, 0) == datetime(2024, 1, 2, 3, 4, 5)
    # TIME(2) '-00:00:01.50': integer part -2 and fraction 0x32 complemented, as MySQL stores it
    assert _time_value(((0x800000 - 2) << 8) | (256 - 50), 1) == -timedelta(seconds=1.5)
    assert _time_value(0x800000 << 24, 3) == timedelta(0)
