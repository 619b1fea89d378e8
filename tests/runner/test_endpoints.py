"""runner.endpoints against the real servers: DSNs and connection errors, catalogs, streamed reads (batches,
filters, key ranges, snapshots, BLOBs without the table in memory), key boundaries, and the target API on all
three dialects (execute, write, table_columns, truncate, drop_table, count, read, transactions, savepoints)."""

from __future__ import annotations

import hashlib
import pickle
import random
import sqlite3
import tracemalloc
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
import pytest

from sct.errors import ConnectionFailed
from sct.runner.endpoints import open_source, open_target, percent_escaped
from sct.runner.model import KeyRange

SECRET = "S3cr@t/Pw:x"
SECRET_URL = "S3cr%40t%2FPw%3Ax"
MB = 1 << 20


@pytest.fixture
def maria(scratch_mariadb: str, pg_dsn: str) -> str:
    """A scratch MariaDB database; asks for pg_dsn too, so these tests carry the `postgres` (servers) marker."""
    return scratch_mariadb


def my_connect(dsn: str) -> pymysql.Connection:
    url = urlsplit(dsn)
    return pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path[1:], autocommit=True,
                           charset="utf8mb4", max_allowed_packet=64 * MB)


def my_run(dsn: str, *statements: str | tuple[str, object]) -> list:
    conn = my_connect(dsn)
    try:
        with conn.cursor() as cur:
            out = []
            for statement in statements:
                cur.execute(*statement) if isinstance(statement, tuple) else cur.execute(statement)
                out = list(cur.fetchall())
            return out
    finally:
        conn.close()


def pg_run(dsn: str, *statements: str | tuple[str, object]) -> list:
    with psycopg.connect(dsn, autocommit=True) as conn:
        out: list = []
        for statement in statements:
            cur = conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
            out = cur.fetchall() if cur.description else []
        return out


# --- DSNs and connection errors --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dsn", [f"mysql://bob:{SECRET_URL}@127.0.0.1:1/shop",
                                 f"mariadb://bob:{SECRET_URL}@127.0.0.1:1/shop",
                                 f"postgresql://bob:{SECRET_URL}@127.0.0.1:1/shop",
                                 f"postgres://bob:{SECRET_URL}@127.0.0.1:1/shop"])
@pytest.mark.parametrize("opener", [open_source, open_target])
def test_an_unreachable_server_names_host_port_database_never_the_password(dsn: str, opener) -> None:
    with pytest.raises(ConnectionFailed) as caught:
        opener(dsn)
    message = str(caught.value)
    assert "127.0.0.1:1/shop" in message and "bob" in message
    assert SECRET not in message and SECRET_URL not in message and "S3cr" not in message


def test_a_refused_password_is_not_repeated(mariadb_dsn: str, pg_dsn: str) -> None:
    url = urlsplit(mariadb_dsn)
    with pytest.raises(ConnectionFailed, match=r"127\.0\.0\.1:3306/test as root: .*Access denied") as caught:
        open_source(f"mysql://root:{SECRET_URL}@{url.hostname}:{url.port or 3306}/test")
    assert "S3cr" not in str(caught.value)
    with pytest.raises(ConnectionFailed, match="sct_no_such_database") as caught:
        open_target(f"postgresql://root:{SECRET_URL}@127.0.0.1:5432/sct_no_such_database")
    assert "S3cr" not in str(caught.value)


@pytest.mark.parametrize(("dsn", "expected"), [
    ("mysql://u:pa/ss@db.example/shop", "percent-encode"),
    ("mysql://db.example:port/shop", "bad host or port"),
    ("ftp://db.example/x", "unknown scheme 'ftp'"),
    ("just text", "expected scheme://"),
    ("mysql://root@127.0.0.1:3306", "names no database"),
    ("mysql://root@127.0.0.1:3306/test?frobnicate=1", "frobnicate"),
    ("sqlite://relative.db", "sqlite:///relative"),
    ("sqlite:///no/such/dir/x.db", "no/such/dir/x.db: no such file"),
])
def test_a_bad_dsn_is_connection_failed(dsn: str, expected: str) -> None:
    with pytest.raises(ConnectionFailed, match=expected) as caught:
        open_source(dsn)
    assert "pa/ss" not in str(caught.value)


def test_libpq_keyword_form_and_scheme_aliases(scratch_pg: str, maria: str) -> None:
    assert "://" not in scratch_pg                      # the scratch_pg fixture yields key=value
    source = open_source(scratch_pg)
    assert source.dialect == "postgres" and source.tables() == []
    source.close()
    target = open_target(maria.replace("mysql://", "mariadb://"))
    assert target.dialect == "mysql"
    target.close()


def test_quote_escapes_the_quote_character(tmp_path: Path, scratch_pg: str, maria: str) -> None:
    sqlite_target = open_target(f"sqlite:///{tmp_path / 'q.db'}")
    assert sqlite_target.quote('a"b') == '"a""b"'
    assert open_target(scratch_pg).quote('a"b') == '"a""b"'
    assert open_target(maria).quote("a`b") == "`a``b`"


def test_endpoints_pickle_without_their_connections(scratch_pg: str, maria: str, tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "p.db").close()
    for endpoint in (open_source(scratch_pg), open_source(maria), open_source(f"sqlite:///{tmp_path / 'p.db'}"),
                     open_target(scratch_pg)):
        endpoint.tables() if hasattr(endpoint, "tables") else None
        copy = pickle.loads(pickle.dumps(endpoint))
        assert copy.dialect == endpoint.dialect
        if hasattr(copy, "tables"):
            assert copy.tables() == endpoint.tables()
        copy.close()
        endpoint.close()


# --- catalogs -----------------------------------------------------------------------------------------------------

def test_mariadb_catalog(maria: str) -> None:
    my_run(maria,
           "CREATE TABLE b (a int(10) unsigned NOT NULL, b tinyint(1) NOT NULL, c tinyint(4), d bigint(20) unsigned "
           "zerofill, e ENUM('Small','b''s') NOT NULL, f SET('x','Y'), g JSON, h YEAR(4), i DECIMAL(10,2), "
           "j VARCHAR(40), k BIT(3), l DATETIME(6), m TIMESTAMP NULL, n BLOB, o DOUBLE, p FLOAT, "
           "PRIMARY KEY (b, a))",
           "CREATE TABLE a (id int PRIMARY KEY)", "CREATE VIEW v AS SELECT * FROM a",
           "INSERT INTO a VALUES (1), (2), (3)", "ANALYZE TABLE a")
    source = open_source(maria)
    tables = source.tables()
    source.close()
    assert [t.name for t in tables] == ["a", "b"]                     # no views
    a, b = tables
    assert a.schema == urlsplit(maria).path[1:] and a.estimated_rows == 3 and a.primary_key == ["id"]
    assert [(c.name, c.source_type, c.nullable) for c in b.columns] == [
        ("a", "int unsigned", False), ("b", "tinyint(1)", False), ("c", "tinyint", True),
        ("d", "bigint unsigned zerofill", True), ("e", "enum('Small','b''s')", False), ("f", "set('x','Y')", True),
        ("g", "json", True), ("h", "year", True), ("i", "decimal(10,2)", True), ("j", "varchar(40)", True),
        ("k", "bit(3)", True), ("l", "datetime(6)", True), ("m", "timestamp", True), ("n", "blob", True),
        ("o", "double", True), ("p", "float", True)]
    assert b.primary_key == ["b", "a"]


def test_postgres_catalog(scratch_pg: str) -> None:
    pg_run(scratch_pg,
           "CREATE SCHEMA sales",
           "CREATE TABLE sales.orders (region text, id bigint, total numeric(12,2) NOT NULL, at timestamptz, "
           "tags text[], doc jsonb, PRIMARY KEY (region, id))",
           "CREATE TABLE public.p (id int, k int) PARTITION BY RANGE (id)",
           "CREATE TABLE public.p1 PARTITION OF public.p FOR VALUES FROM (0) TO (100)",
           "CREATE VIEW public.v AS SELECT 1 AS x",
           "INSERT INTO public.p SELECT g, g FROM generate_series(0, 99) g", "ANALYZE")
    source = open_source(scratch_pg)
    tables = {t.key: t for t in source.tables()}
    source.close()
    assert sorted(tables) == ["public.p", "sales.orders"]             # partitions once, through the parent
    orders = tables["sales.orders"]
    assert [(c.name, c.source_type, c.nullable) for c in orders.columns] == [
        ("region", "text", False), ("id", "bigint", False), ("total", "numeric(12,2)", False),
        ("at", "timestamp with time zone", True), ("tags", "text[]", True), ("doc", "jsonb", True)]
    assert orders.primary_key == ["region", "id"]
    assert tables["public.p"].estimated_rows == 100


def test_sqlite_catalog(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (b TEXT, a INTEGER, c VARCHAR(20) NOT NULL, d, PRIMARY KEY (a, b))")
        conn.execute("INSERT INTO t VALUES ('x', 1, 'c', NULL)")
    source = open_source(f"sqlite:///{db}")
    (t,) = source.tables()
    source.close()
    assert [(c.name, c.source_type, c.nullable) for c in t.columns] == [
        ("b", "text", True), ("a", "integer", True), ("c", "varchar(20)", False), ("d", "", True)]
    assert t.primary_key == ["a", "b"] and t.estimated_rows == 1 and t.schema is None


# --- reads on every dialect -----------------------------------------------------------------------------------------

ROWS = 1000


@pytest.fixture(params=["mysql", "postgres", "sqlite"])
def items(request: pytest.FixtureRequest, pg_dsn: str, tmp_path: Path) -> str:
    """A source with items(id 1..1000, name 'item-0001'.., price id/4, code text key 'k0001'..) on each dialect."""
    rows = [(i, f"item-{i:04d}" + ("%" if i % 100 == 0 else ""), Decimal(i) / 4, f"k{i:04d}") for i in range(1, ROWS + 1)]
    if request.param == "mysql":
        dsn = request.getfixturevalue("scratch_mariadb")
        conn = my_connect(dsn)
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(40), price decimal(10,2), "
                        "code varchar(10) NOT NULL UNIQUE)")
            cur.executemany("INSERT INTO items VALUES (%s, %s, %s, %s)", rows)
        conn.close()
    elif request.param == "postgres":
        dsn = request.getfixturevalue("scratch_pg")
        with psycopg.connect(dsn) as conn:
            conn.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(40), price numeric(10,2), "
                         "code text NOT NULL UNIQUE)")
            with conn.cursor().copy("COPY items FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        db = tmp_path / "items.db"
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE items (id integer PRIMARY KEY, name text, price real, code text NOT NULL UNIQUE)")
            conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?)", [(a, b, float(c), d) for a, b, c, d in rows])
        dsn = f"sqlite:///{db}"
    return dsn


def test_read_streams_ordered_batches_with_filters_and_ranges(items: str) -> None:
    source = open_source(items)
    (table,) = [t for t in source.tables() if t.name == "items"]
    batches = list(source.read(table, ["id", "name"], None, None, 64))
    assert all(1 <= len(b) <= 64 for b in batches)
    assert [r[0] for b in batches for r in b] == list(range(1, ROWS + 1))       # primary-key order
    assert batches[0][0] == (1, "item-0001")
    # a filter in the source's dialect, with a literal % in it, and a key range [low, high)
    where = "name LIKE '%\\%%'" if source.dialect == "mysql" else "name LIKE '%\\%' ESCAPE '\\'" \
        if source.dialect == "sqlite" else "name LIKE '%\\%'"
    ids = [r[0] for b in source.read(table, ["id"], where, KeyRange("id", 200, 700), 1000) for r in b]
    assert ids == [200, 300, 400, 500, 600]
    assert source.count(table, where, KeyRange("id", 200, 700)) == 5
    assert source.count(table, None, None) == ROWS
    assert source.count(table, None, KeyRange("id", None, 11)) == 10
    assert source.count(table, None, KeyRange("id", 991, None)) == 10
    source.close()


def test_key_boundaries_cut_equal_parts(items: str) -> None:
    source = open_source(items)
    (table,) = [t for t in source.tables() if t.name == "items"]
    assert source.key_boundaries(table, "id", 4, None) == [251, 501, 751]
    assert source.key_boundaries(table, "id", 1, None) == []
    assert source.key_boundaries(table, "code", 4, None) == ["k0251", "k0501", "k0751"]     # text keys
    assert source.key_boundaries(table, "id", 2, "id > 500") == [751]
    bounds = source.key_boundaries(table, "id", 3, None)
    edges = [None, *bounds, None]
    counts = [source.count(table, None, KeyRange("id", lo, hi)) for lo, hi in zip(edges, edges[1:], strict=False)]
    assert sum(counts) == ROWS and max(counts) - min(counts) <= 1
    assert len(source.key_boundaries(table, "id", 5000, "id <= 3")) == 2      # fewer rows than parts
    if source.dialect == "mysql":                      # MySQL 5.7 has no NTILE: ORDER BY ... LIMIT 1 OFFSET n
        source._has_window_functions = lambda: False
        assert source.key_boundaries(table, "id", 4, None) == [251, 501, 751]
        assert source.key_boundaries(table, "code", 4, "id > 500") == ["k0626", "k0751", "k0876"]
    source.close()


@pytest.mark.parametrize("dialect", ["mysql", "postgres"])
def test_a_read_sees_one_snapshot(dialect: str, request: pytest.FixtureRequest, pg_dsn: str) -> None:
    dsn = request.getfixturevalue("scratch_mariadb" if dialect == "mysql" else "scratch_pg")
    run = my_run if dialect == "mysql" else pg_run
    run(dsn, "CREATE TABLE s (id int PRIMARY KEY, v int)",
        "INSERT INTO s SELECT seq, seq FROM seq_1_to_1000" if dialect == "mysql" else
        "INSERT INTO s SELECT g, g FROM generate_series(1, 1000) g")
    source = open_source(dsn)
    table = source.tables()[0]
    reader = source.read(table, ["id", "v"], None, None, 100)
    first = next(reader)
    run(dsn, "DELETE FROM s WHERE id > 900", "INSERT INTO s VALUES (5000, 5000)", "UPDATE s SET v = -1")
    rest = [r for b in reader for r in b]
    assert [r[0] for r in first + rest] == list(range(1, 1001))
    assert all(r[0] == r[1] for r in first + rest)
    assert source.count(table, None, None) == 901       # a new read: 900 rows and the one inserted
    source.close()


def test_an_abandoned_read_does_not_drain_the_table(maria: str) -> None:
    my_run(maria, "CREATE TABLE big (id int PRIMARY KEY, pad char(200))",
           "INSERT INTO big SELECT seq, 'x' FROM seq_1_to_50000")
    source = open_source(maria)
    table = source.tables()[0]
    reader = source.read(table, ["id", "pad"], None, None, 10)
    assert len(next(reader)) <= 10
    reader.close()                                      # closes the connection; no read to the end
    assert source.count(table, None, None) == 50000
    source.close()


# --- BLOBs ------------------------------------------------------------------------------------------------------------

BLOB_ROWS, BLOB_SIZE = 12, 5 * MB


def blob(i: int) -> bytes:
    return random.Random(i).randbytes(BLOB_SIZE)


def peak_while_reading(source, table, batch_rows: int) -> tuple[int, list[int], list[bytes]]:
    """tracemalloc peak while reading every batch and keeping only each row's digest."""
    digests, sizes = [], []
    tracemalloc.start()
    try:
        for batch in source.read(table, ["id", "b"], None, None, batch_rows):
            sizes.append(len(batch))
            digests.extend(hashlib.md5(r[1]).digest() for r in batch)
            del batch
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sizes, digests


def test_blobs_stream_from_mariadb_to_postgres_a_batch_at_a_time(maria: str, scratch_pg: str) -> None:
    conn = my_connect(maria)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE files (id int PRIMARY KEY, b LONGBLOB)")
        for i in range(1, BLOB_ROWS + 1):
            cur.execute("INSERT INTO files VALUES (%s, %s)", (i, blob(i)))
    conn.close()
    expected = [hashlib.md5(blob(i)).digest() for i in range(1, BLOB_ROWS + 1)]
    source = open_source(maria)
    table = source.tables()[0]
    peak, sizes, digests = peak_while_reading(source, table, 1)
    assert digests == expected and sizes == [1] * BLOB_ROWS
    # one row, plus PyMySQL's own copies of the packet being read (about three times the row): 60 MB table
    assert peak < 4 * BLOB_SIZE, f"reader peak {peak / MB:.1f} MB for a {BLOB_ROWS * BLOB_SIZE / MB:.0f} MB table"
    # batch_rows large, but batches stop at about max_batch_bytes
    capped = open_source(maria, max_batch_bytes=8 * MB)
    peak, sizes, digests = peak_while_reading(capped, table, 1000)
    assert digests == expected and max(sizes) == 2 and sum(sizes) == BLOB_ROWS
    assert peak < 5 * BLOB_SIZE, f"reader peak {peak / MB:.1f} MB"
    capped.close()
    # and through the PostgreSQL target's COPY, one batch at a time
    target = open_target(scratch_pg)
    with target.connection() as pg:
        target.execute(pg, "CREATE TABLE files (id int PRIMARY KEY, b bytea)")
        written = sum(target.write(pg, None, "files", ["id", "b"], batch)
                      for batch in source.read(table, ["id", "b"], None, None, 2))
    assert written == BLOB_ROWS
    source.close()
    target.close()
    assert [bytes.fromhex(h) for (h,) in pg_run(scratch_pg, "SELECT md5(b) FROM files ORDER BY id")] == expected


def test_blobs_stream_from_postgres_to_mariadb(scratch_pg: str, maria: str) -> None:
    with psycopg.connect(scratch_pg) as conn:
        conn.execute("CREATE TABLE files (id int PRIMARY KEY, b bytea)")
        for i in range(1, BLOB_ROWS + 1):
            conn.execute("INSERT INTO files VALUES (%s, %s)", (i, blob(i)))
    expected = [hashlib.md5(blob(i)).digest() for i in range(1, BLOB_ROWS + 1)]
    source = open_source(scratch_pg)
    table = source.tables()[0]
    peak, sizes, digests = peak_while_reading(source, table, 1)
    assert digests == expected and sizes == [1] * BLOB_ROWS
    assert peak < 4 * BLOB_SIZE, f"reader peak {peak / MB:.1f} MB for a {BLOB_ROWS * BLOB_SIZE / MB:.0f} MB table"
    my_run(maria, "CREATE TABLE files (id int PRIMARY KEY, b LONGBLOB)")
    target = open_target(maria)
    with target.connection() as conn:
        written = sum(target.write(conn, None, "files", ["id", "b"], batch)
                      for batch in source.read(table, ["id", "b"], None, None, 3))
    assert written == BLOB_ROWS
    source.close()
    target.close()
    assert [bytes.fromhex(h) for (h,) in my_run(maria, "SELECT md5(b) FROM files ORDER BY id")] == expected


# --- the target API on every dialect ---------------------------------------------------------------------------------

WEIRD_TABLE = 'we"ird`%name'
WEIRD_COLUMN = 'co"l`%'


@pytest.fixture(params=["mysql", "postgres", "sqlite"])
def target_dsn(request: pytest.FixtureRequest, pg_dsn: str, tmp_path: Path) -> str:
    if request.param == "mysql":
        return request.getfixturevalue("scratch_mariadb")
    if request.param == "postgres":
        return request.getfixturevalue("scratch_pg")
    return f"sqlite:///{tmp_path / 'target.db'}"


def test_target_api(target_dsn: str) -> None:
    target = open_target(target_dsn)
    q = target.quote
    text = "varchar(100)" if target.dialect == "mysql" else "text"
    conn = target.connection()
    target.execute(conn, f"CREATE TABLE {q(WEIRD_TABLE)} (id int PRIMARY KEY, {q(WEIRD_COLUMN)} {text})")
    assert target.table_columns(conn, None, WEIRD_TABLE) == [
        ("id", "int" if target.dialect != "postgres" else "integer"),
        (WEIRD_COLUMN, "varchar(100)" if target.dialect == "mysql" else "text")]
    assert target.table_columns(conn, None, "no_such_table") == []
    rows = [(i, f"v{i} 100% 'q' \"d\" \\") for i in range(1, 2501)]
    assert target.write(conn, None, WEIRD_TABLE, ["id", WEIRD_COLUMN], iter(rows)) == 2500
    conn.commit()
    # %s placeholders everywhere, %% for a literal % (in names too) when there are parameters; SQL as written
    # when there are none
    t, c = percent_escaped(q(WEIRD_TABLE)), percent_escaped(q(WEIRD_COLUMN))
    assert target.execute(conn, f"SELECT count(*) FROM {t} WHERE {c} LIKE %s AND id > %s",
                          ("%100%%", 2000))[0][0] == 500
    assert target.execute(conn, f"SELECT id FROM {t} WHERE {c} LIKE 'v7 100%%' AND id = %s", (7,)) == [(7,)]
    assert target.execute(conn, f"SELECT id FROM {q(WEIRD_TABLE)} WHERE {q(WEIRD_COLUMN)} LIKE 'v7 100%'") == [(7,)]
    assert target.execute(conn, f"UPDATE {t} SET id = id WHERE id = %s", [1]) == []
    assert target.count(conn, None, WEIRD_TABLE) == 2500
    assert target.count(conn, None, WEIRD_TABLE, "id <= 10 AND " + q(WEIRD_COLUMN) + " LIKE '%100%'") == 10
    assert list(target.read(conn, None, WEIRD_TABLE, [WEIRD_COLUMN, "id"], "id", KeyRange("id", 3, 5))) == [
        (rows[2][1], 3), (rows[3][1], 4)]
    back = list(target.read(conn, None, WEIRD_TABLE, ["id", WEIRD_COLUMN], ["id"], batch_rows=7))
    assert back == rows
    # truncate inside the transaction: rolled back, the rows are there again
    target.truncate(conn, None, WEIRD_TABLE)
    assert target.count(conn, None, WEIRD_TABLE) == 0
    conn.rollback()
    assert target.count(conn, None, WEIRD_TABLE) == 2500
    # the runner's savepoint pattern: a refused batch is rolled back alone
    target.execute(conn, "SAVEPOINT sct_batch")
    with pytest.raises(Exception):                       # noqa: B017 - each driver has its own IntegrityError
        target.write(conn, None, WEIRD_TABLE, ["id", WEIRD_COLUMN], [(9001, "new"), (1, "duplicate key")])
    target.execute(conn, "ROLLBACK TO SAVEPOINT sct_batch")
    target.write(conn, None, WEIRD_TABLE, ["id", WEIRD_COLUMN], [(9002, "after")])
    conn.commit()
    assert target.execute(conn, f"SELECT id FROM {q(WEIRD_TABLE)} WHERE id > 9000") == [(9002,)]
    # with-blocks: commit on success, roll back on an exception, connection still usable afterwards
    with conn:
        target.write(conn, None, WEIRD_TABLE, ["id", WEIRD_COLUMN], [(9003, "kept")])
    with pytest.raises(RuntimeError), conn:
        target.write(conn, None, WEIRD_TABLE, ["id", WEIRD_COLUMN], [(9004, "dropped")])
        raise RuntimeError("boom")
    other = target.connection()
    assert target.execute(other, f"SELECT id FROM {q(WEIRD_TABLE)} WHERE id > 9000 ORDER BY id") == [(9002,), (9003,)]
    other.close()
    target.drop_table(conn, None, WEIRD_TABLE)
    conn.commit()
    assert target.table_columns(conn, None, WEIRD_TABLE) == []
    target.drop_table(conn, None, WEIRD_TABLE)           # IF EXISTS
    conn.close()
    assert conn.closed
    target.close()


def test_schema_qualified_target_names(scratch_pg: str, maria: str) -> None:
    pg_run(scratch_pg, "CREATE SCHEMA s", "CREATE TABLE s.t (id int)")
    target = open_target(scratch_pg)
    with target.connection() as conn:
        assert target.write(conn, "s", "t", ["id"], [(1,), (2,)]) == 2
        assert target.table_columns(conn, "s", "t") == [("id", "integer")]
        assert target.count(conn, "s", "t") == 2
    target.close()
    database = urlsplit(maria).path[1:]
    my_run(maria, "CREATE TABLE t (id int)")
    target = open_target(maria)
    with target.connection() as conn:
        assert target.write(conn, database, "t", ["id"], [(1,)]) == 1
        assert target.table_columns(conn, database, "t") == [("id", "int")]
        assert list(target.read(conn, database, "t", ["id"])) == [(1,)]
    target.close()


def test_mariadb_target_reads_json_and_float_as_the_source_does(maria: str) -> None:
    my_run(maria, "CREATE TABLE j (id int PRIMARY KEY, doc JSON, f FLOAT)",
           "INSERT INTO j VALUES (1, '{\"a\": 1}', 0.1), (2, NULL, 1/3)")
    target = open_target(maria)
    with target.connection() as conn:
        assert target.table_columns(conn, None, "j") == [("id", "int"), ("doc", "json"), ("f", "float")]
        assert list(target.read(conn, None, "j", ["id", "doc", "f"], "id")) == [(1, '{"a": 1}', 0.1),
                                                                                (2, None, 0.33333334)]
    target.close()
