"""runner.cdc.postgres_logical against the real PostgreSQL server: values decoded from test_decoding equal the
full-load read of the same rows, updates/deletes/truncates and their key images, transactions whole and in
order, positions (confirm, resume from a position, heartbeats), the exported snapshot handoff, and the errors a
user can act on. Every test has its own scratch database and uniquely named slots, dropped afterwards."""

from __future__ import annotations

import pickle
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import psycopg
import pytest
from psycopg.conninfo import make_conninfo
from test_endpoints import pg_run  # the module beside this one (pytest puts its folder on sys.path)

from sct.errors import ConnectionFailed, InputError
from sct.runner.cdc.model import Heartbeat, Lsn, RowChange, SchemaMismatch, SourceTransaction
from sct.runner.cdc.postgres_logical import PostgresChangeSource
from sct.runner.endpoints import open_source

Tables = Callable[[str, str], object]


pg = pg_run                 # run statements in autocommit mode; the rows of the last one


@pytest.fixture
def capture(scratch_pg: str) -> Iterator[Callable[..., PostgresChangeSource]]:
    """`capture(dsn=scratch_pg)`: a change source with a new uniquely named slot (not created yet). Every slot
    in the scratch database is dropped afterwards: a leftover slot would hold WAL and block DROP DATABASE."""
    made: list[PostgresChangeSource] = []

    def make(dsn: str = scratch_pg) -> PostgresChangeSource:
        source = PostgresChangeSource(dsn, slot=f"sct_test_{uuid.uuid4().hex[:12]}")
        made.append(source)
        return source

    yield make
    for source in made:
        source.close()
    pg(scratch_pg, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                   "WHERE database = current_database()")


def catalog(dsn: str) -> Tables:
    """The `tables` callable for stream(): every table of the database as PostgresSource describes it."""
    source = open_source(dsn)
    infos = {(t.schema, t.name): t for t in source.tables()}
    source.close()
    return lambda schema, table: infos.get((schema, table))


def only(*names: str, dsn: str) -> Tables:
    """The `tables` callable capturing just these tables (schema.table)."""
    everything = catalog(dsn)
    return lambda schema, table: everything(schema, table) if f"{schema}.{table}" in names else None


def drain(source: PostgresChangeSource, start: Lsn, tables: Tables, **kwargs) -> list[SourceTransaction]:
    """A non-blocking stream read to its end: the transactions (checks it ends with one Heartbeat)."""
    items = list(source.stream(start, tables, blocking=False, **kwargs))
    assert isinstance(items[-1], Heartbeat) and not any(isinstance(i, Heartbeat) for i in items[:-1])
    return items[:-1]


def started(capture: Callable[..., PostgresChangeSource]) -> tuple[PostgresChangeSource, Lsn]:
    source = capture()
    start, _ = source.create_slot()
    source.release_snapshot()
    return source, start


# --- values -----------------------------------------------------------------------------------------------------

TYPES_DDL = """
    CREATE TYPE mood AS ENUM ('happy', 'sad');
    CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
    CREATE TABLE v (
        id integer PRIMARY KEY, s smallint, b bigint, n numeric(12, 2), nn numeric, r real, f double precision,
        t text, vc varchar(20), c char(5), bo boolean, by bytea, ts timestamp, tz timestamptz, d date,
        tm time, ttz timetz, iv interval, j json, jb jsonb, u uuid, ia integer[], ta text[], na numeric[],
        tza timestamptz[], m mood, dm posint, bi bit(4), vb varbit, ip inet, cn cidr, mac macaddr,
        rg int4range, x xml, mo money, pt point, ch "char", o oid)"""

TYPES_ROWS = [
    """INSERT INTO v VALUES (1, -32768, 9223372036854775807, 1234567890.12, 'NaN', 0.1, 'Infinity',
        E'it''s "quoted"\\nsecond line\\ttab \\\\ back ü € 😀', 'varchar', 'ab', true, '\\x00ff27275c0a',
        '2024-02-29 23:59:59.999999', '2024-01-02 03:04:05.123456+02', '2024-02-29', '10:11:12.5',
        '10:11:12+03', '1 year 2 mons 3 days 04:05:06.7', '{"a": [1, "x''y"], "ü": null}',
        '{"b": "line\\nbreak", "a": 1.50}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{1,NULL,3}',
        ARRAY['a''b', 'c,d', NULL, 'e f', 'g"h', 'back\\slash'], '{1.5,NaN}',
        '{"2024-01-01 00:00:00+00"}', 'sad', 7, B'0101', B'110', '10.0.0.1/8', '10.0.0.0/8',
        '08:00:2b:01:02:03', '[1,5)', '<a>x &amp; y</a>', 12.34, '(1.5,-2)', 'x', 42)""",
    "INSERT INTO v (id, t, vc, nn, f, by, iv, ta) VALUES (2, '', 'null', -0.000001, -1.5e-300, '', "
    "'-1 days -00:00:01', '{}')",
    "INSERT INTO v (id) VALUES (3)",
    "INSERT INTO v (id, ts, tz, d, iv, f, r) VALUES (4, '0001-01-01 00:00:00', '1999-12-31 23:59:59.5-08', "
    "'1970-01-01', '00:00:00', '-Infinity', 'NaN')",
]


def test_decoded_values_equal_the_full_load_read(scratch_pg: str, capture) -> None:
    pg(scratch_pg, TYPES_DDL)
    source, start = started(capture)
    pg(scratch_pg, *TYPES_ROWS)
    transactions = drain(source, start, catalog(scratch_pg))
    assert [len(t.changes) for t in transactions] == [1] * len(TYPES_ROWS)
    decoded = [t.changes[0].after for t in transactions]

    reader = open_source(scratch_pg)
    (table,) = reader.tables()
    columns = [c.name for c in table.columns]
    read = [row for batch in reader.read(table, columns, None, None, 100) for row in batch]
    reader.close()
    assert transactions[0].changes[0].columns == tuple(columns)
    for got, want in zip(decoded, read, strict=True):
        for column, g, w in zip(columns, got, want, strict=True):
            assert type(g) is type(w), column
            if isinstance(w, Decimal) and w.is_nan():
                assert g.is_nan(), column
            elif isinstance(w, float) and w != w:
                assert g != g, column
            elif isinstance(w, list) and any(isinstance(e, Decimal) and e.is_nan() for e in w):
                assert str(g) == str(w), column
            else:
                assert g == w, column
    first = dict(zip(columns, decoded[0], strict=True))
    assert first["t"] == "it's \"quoted\"\nsecond line\ttab \\ back ü € 😀"
    assert first["by"] == b"\x00\xff''\\\n"
    assert first["tz"].utcoffset().total_seconds() == 0 and first["tz"].hour == 1
    assert first["n"] == Decimal("1234567890.12") and first["bo"] is True
    assert first["jb"] == '{"a": 1.50, "b": "line\\nbreak"}' and isinstance(first["j"], str)
    assert first["ta"] == ["a'b", "c,d", None, "e f", 'g"h', "back\\slash"]
    assert first["dm"] == 7 and first["m"] == "sad" and first["bi"] == "0101"
    assert decoded[1][columns.index("vc")] == "null" and decoded[2][columns.index("vc")] is None
    assert all(v is None for v in decoded[2][1:])


# --- row changes ------------------------------------------------------------------------------------------------

def test_insert_update_delete_and_their_key_images(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE k (a int, b text, v text, PRIMARY KEY (a, b))",
       "CREATE TABLE full_row (id int PRIMARY KEY, v text)", "ALTER TABLE full_row REPLICA IDENTITY FULL")
    source, start = started(capture)
    pg(scratch_pg, "INSERT INTO k VALUES (1, 'x', 'one')",
       "UPDATE k SET v = 'uno'",
       "UPDATE k SET b = 'y', v = 'moved'",
       "DELETE FROM k",
       "INSERT INTO full_row VALUES (1, 'a')", "UPDATE full_row SET v = 'b'", "DELETE FROM full_row")
    changes = [c for t in drain(source, start, catalog(scratch_pg)) for c in t.changes]
    assert changes == [
        RowChange("insert", "public", "k", ("a", "b", "v"), after=(1, "x", "one")),
        RowChange("update", "public", "k", ("a", "b", "v"), after=(1, "x", "uno")),
        RowChange("update", "public", "k", ("a", "b", "v"), before=(1, "x"), after=(1, "y", "moved"),
                  before_columns=("a", "b")),
        RowChange("delete", "public", "k", ("a", "b"), before=(1, "y"), before_columns=("a", "b")),
        RowChange("insert", "public", "full_row", ("id", "v"), after=(1, "a")),
        RowChange("update", "public", "full_row", ("id", "v"), before=(1, "a"), after=(1, "b"),
                  before_columns=("id", "v")),
        RowChange("delete", "public", "full_row", ("id", "v"), before=(1, "b"), before_columns=("id", "v")),
    ]
    assert changes[3].old() == {"a": 1, "b": "y"}


def test_a_transaction_comes_whole_and_in_order_across_tables(scratch_pg: str, capture) -> None:
    pg(scratch_pg, 'CREATE SCHEMA "Sales Dept"', 'CREATE TABLE "Sales Dept"."My Table" ("a b" int PRIMARY KEY, '
       '"Note" text)', "CREATE TABLE plain (id int PRIMARY KEY)")
    source, start = started(capture)
    before = time.time()
    with psycopg.connect(scratch_pg) as conn:
        conn.execute("INSERT INTO plain VALUES (1)")
        conn.execute("""INSERT INTO "Sales Dept"."My Table" VALUES (1, 'n: x[text]:''y''')""")
        conn.execute("INSERT INTO plain VALUES (2)")
        conn.execute("""UPDATE "Sales Dept"."My Table" SET "Note" = NULL""")
        xid = conn.execute("SELECT txid_current()::text").fetchone()[0]
    (transaction,) = drain(source, start, catalog(scratch_pg))
    assert transaction.xid == xid
    assert before - 1 <= transaction.commit_time <= time.time() + 1
    assert [(c.op, c.schema, c.table, c.after) for c in transaction.changes] == [
        ("insert", "public", "plain", (1,)),
        ("insert", "Sales Dept", "My Table", (1, "n: x[text]:'y'")),
        ("insert", "public", "plain", (2,)),
        ("update", "Sales Dept", "My Table", (1, None)),
    ]
    assert transaction.changes[1].columns == ("a b", "Note")


def test_rolled_back_and_uncaptured_changes_yield_nothing(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY)")
    source, start = started(capture)
    with psycopg.connect(scratch_pg) as conn:
        conn.execute("INSERT INTO kept VALUES (1)")
        conn.rollback()
    pg(scratch_pg, "INSERT INTO other VALUES (1)", "DELETE FROM other",
       "BEGIN", "INSERT INTO other VALUES (2)", "INSERT INTO kept VALUES (2)", "COMMIT")
    items = list(source.stream(start, only("public.kept", dsn=scratch_pg), blocking=False))
    (transaction, heartbeat) = items
    assert [(c.table, c.after) for c in transaction.changes] == [("kept", (2,))]
    assert heartbeat.position >= transaction.position


def test_truncate_of_one_and_of_several_tables(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE a (id int PRIMARY KEY)", "CREATE TABLE b (id int PRIMARY KEY)",
       "CREATE TABLE c (id int PRIMARY KEY)", "INSERT INTO a VALUES (1)")
    source, start = started(capture)
    pg(scratch_pg, "TRUNCATE a", "TRUNCATE a, b, c RESTART IDENTITY")
    transactions = drain(source, start, only("public.a", "public.c", dsn=scratch_pg))
    assert [t.changes for t in transactions] == [
        [RowChange("truncate", "public", "a", ())],
        [RowChange("truncate", "public", "a", ()), RowChange("truncate", "public", "c", ())],
    ]


def test_large_unchanged_values_need_replica_identity_full(scratch_pg: str, capture) -> None:
    big = "x" * 200_000 + "y"       # stored out of line (TOAST), so an UPDATE that leaves it alone omits it
    for table in ("doc", "doc_full"):
        pg(scratch_pg, f"CREATE TABLE {table} (id int PRIMARY KEY, body text, n int)",
           f"ALTER TABLE {table} ALTER body SET STORAGE EXTERNAL", (f"INSERT INTO {table} VALUES (1, %s, 0)", (big,)))
    pg(scratch_pg, "ALTER TABLE doc_full REPLICA IDENTITY FULL")
    source, start = started(capture)
    pg(scratch_pg, "UPDATE doc_full SET n = 1", "UPDATE doc SET n = 1")
    ((change,),) = [t.changes for t in drain(source, start, only("public.doc_full", dsn=scratch_pg))]
    assert change.after == (1, big, 1) and change.before == (1, big, 0)
    with pytest.raises(InputError, match=r"public\.doc\.body: .*REPLICA IDENTITY FULL"):
        drain(source, start, catalog(scratch_pg))


def test_a_delete_without_replica_identity_names_the_table(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE loose (a int, b text)", "INSERT INTO loose VALUES (1, 'x')")
    source, start = started(capture)
    pg(scratch_pg, "UPDATE loose SET b = 'y'", "DELETE FROM loose")
    with pytest.raises(InputError, match=r"DELETE on public\.loose.*primary key.*REPLICA IDENTITY FULL"):
        drain(source, start, catalog(scratch_pg))
    assert drain(source, start, only("public.other", dsn=scratch_pg)) == []     # not captured: no error


def test_a_table_altered_after_its_catalog_was_read_is_a_schema_mismatch(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE t (id int PRIMARY KEY, v text)")
    tables = catalog(scratch_pg)
    source, start = started(capture)
    pg(scratch_pg, "ALTER TABLE t ADD COLUMN w int", "INSERT INTO t VALUES (1, 'a', 2)")
    with pytest.raises(SchemaMismatch, match=r"public\.t: .*'w'"):
        drain(source, start, tables)
    assert drain(source, start, catalog(scratch_pg))[0].changes[0].after == (1, "a", 2)


# --- positions --------------------------------------------------------------------------------------------------

def test_confirm_and_resume_yield_only_later_transactions(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE t (id int PRIMARY KEY)")
    source, start = started(capture)
    tables = catalog(scratch_pg)
    pg(scratch_pg, *(f"INSERT INTO t VALUES ({i})" for i in range(1, 6)))
    first = drain(source, start, tables)
    assert [t.changes[0].after for t in first] == [(i,) for i in range(1, 6)]
    assert [t.position for t in first] == sorted({t.position for t in first})

    # resume from a position without confirming: the slot still holds everything, the stream skips
    assert [t.changes[0].after for t in drain(source, first[1].position, tables)] == [(3,), (4,), (5,)]
    # confirm: the slot itself forgets transactions 1 and 2, and a stream from the start no longer sees them
    source.confirm(first[1].position)
    assert [t.changes[0].after for t in drain(source, start, tables)] == [(3,), (4,), (5,)]
    source.confirm(first[1].position)               # again, and backwards: no error, no move
    source.confirm(start)
    assert [t.changes[0].after for t in drain(source, start, tables)] == [(3,), (4,), (5,)]
    source.confirm(first[-1].position)
    assert drain(source, start, tables) == []

    # a new source object on the same slot, as after a restart
    again = PostgresChangeSource(scratch_pg, slot=source.slot)
    pg(scratch_pg, "INSERT INTO t VALUES (6)")
    resumed = drain(again, again.parse_position(str(first[-1].position)), tables)
    again.close()
    assert [t.changes[0].after for t in resumed] == [(6,)]


def test_a_heartbeat_position_is_safe_to_confirm(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE other (id int PRIMARY KEY)")
    source, start = started(capture)
    tables = only("public.t", dsn=scratch_pg)
    pg(scratch_pg, "INSERT INTO t VALUES (1)", "INSERT INTO other VALUES (1)")
    items = list(source.stream(start, tables, blocking=False))
    assert [type(i) for i in items] == [SourceTransaction, Heartbeat]
    assert items[1].position > items[0].position        # past the uncaptured transaction too
    assert abs(items[1].time - time.time()) < 5
    source.confirm(items[1].position)
    pg(scratch_pg, "INSERT INTO t VALUES (2)")
    assert [t.changes[0].after for t in drain(source, items[1].position, tables)] == [(2,)]
    assert source.current_position() >= items[1].position


def test_small_batches_read_everything_once_with_or_without_confirm(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE t (id int PRIMARY KEY)")
    source, start = started(capture)
    tables = catalog(scratch_pg)
    pg(scratch_pg, *(f"INSERT INTO t VALUES ({i})" for i in range(20)),
       "INSERT INTO t SELECT g FROM generate_series(100, 109) g",
       "SELECT pg_logical_emit_message(false, 'sct-test', 'not a change')",
       *(f"INSERT INTO t VALUES ({i})" for i in range(200, 205)))
    expected = [[(i,)] for i in range(20)] + [[(i,) for i in range(100, 110)]] + [[(i,)] for i in range(200, 205)]
    unconfirmed = drain(source, start, tables, batch_changes=2)
    assert [[c.after for c in t.changes] for t in unconfirmed] == expected
    got = []
    for item in source.stream(start, tables, blocking=False, batch_changes=1):
        if isinstance(item, SourceTransaction):
            got.append([c.after for c in item.changes])
            source.confirm(item.position)       # as the engine does after the target committed
    assert got == expected


def test_parse_position(capture) -> None:
    source = capture()
    assert source.parse_position("16/B374D848") == Lsn(0x16B374D848)
    with pytest.raises(InputError, match="expected X/Y"):
        source.parse_position("nonsense")


# --- the snapshot handoff ---------------------------------------------------------------------------------------

def test_the_exported_snapshot_sees_exactly_what_the_stream_does_not(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE t (id int PRIMARY KEY, v text)",
       "INSERT INTO t SELECT g, 'before' FROM generate_series(1, 50) g")
    source = capture()
    assert not source.slot_exists()
    start, snapshot = source.create_slot()
    assert source.slot_exists()
    pg(scratch_pg, "INSERT INTO t SELECT g, 'after' FROM generate_series(51, 60) g",
       "UPDATE t SET v = 'changed' WHERE id = 1", "DELETE FROM t WHERE id = 2")

    with psycopg.connect(scratch_pg) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        assert conn.execute("SELECT count(*), min(v), max(v) FROM t").fetchone() == (50, "before", "before")

    reader = open_source(scratch_pg)
    reader.snapshot = snapshot
    (table,) = reader.tables()
    worker = pickle.loads(pickle.dumps(reader))     # as the full load ships it to a worker process
    for endpoint in (reader, worker):
        rows = [r for b in endpoint.read(table, ["id", "v"], None, None, 7) for r in b]
        assert rows == [(i, "before") for i in range(1, 51)]
    reader.close()
    worker.close()

    changes = [c for t in drain(source, start, catalog(scratch_pg)) for c in t.changes]
    assert [(c.op, (c.after or c.before)[0]) for c in changes] == \
        [("insert", i) for i in range(51, 61)] + [("update", 1), ("delete", 2)]

    source.release_snapshot()
    with psycopg.connect(scratch_pg) as conn, pytest.raises(psycopg.Error, match="snapshot"):
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    with pytest.raises(InputError, match="already exists"):
        source.create_slot()
    source.drop_slot()
    assert not source.slot_exists()
    source.drop_slot()                              # gone already: nothing to do


# --- blocking ---------------------------------------------------------------------------------------------------

def test_a_blocking_stream_waits_for_changes_and_stops_when_asked(scratch_pg: str, capture) -> None:
    pg(scratch_pg, "CREATE TABLE t (id int PRIMARY KEY)")
    source, start = started(capture)
    stop = threading.Event()

    def later() -> None:
        time.sleep(0.4)
        pg(scratch_pg, "INSERT INTO t VALUES (1)")
        time.sleep(0.8)
        stop.set()

    writer = threading.Thread(target=later)
    writer.start()
    began = time.monotonic()
    items = list(source.stream(start, catalog(scratch_pg), stop=stop, heartbeat_seconds=0.2))
    ended = time.monotonic()
    writer.join()
    assert ended - began < 3
    transactions = [i for i in items if isinstance(i, SourceTransaction)]
    assert [t.changes[0].after for t in transactions] == [(1,)]
    beats = [i for i in items if isinstance(i, Heartbeat)]
    assert len(beats) >= 3
    assert [b.position for b in beats] == sorted(b.position for b in beats)
    assert beats[-1].position >= transactions[0].position


# --- checks and errors ------------------------------------------------------------------------------------------

def test_check_passes_for_a_superuser_and_names_replication_for_a_plain_user(scratch_pg: str, capture) -> None:
    capture().check()
    role = f"sct_test_{uuid.uuid4().hex[:12]}"
    pg(scratch_pg, f"CREATE ROLE {role} LOGIN")
    try:
        plain = capture(make_conninfo(scratch_pg, user=role))
        with pytest.raises(InputError, match=rf"user {role} .*REPLICATION"):
            plain.check()
        plain.close()
    finally:
        pg(scratch_pg, f"DROP ROLE {role}")


def test_bad_settings_and_unreachable_servers(capture) -> None:
    with pytest.raises(InputError, match="replication slot name"):
        PostgresChangeSource("postgresql://root@127.0.0.1:5432/test", slot="Bad-Name")
    with pytest.raises(InputError, match="postgresql://"):
        PostgresChangeSource("mysql://root@127.0.0.1:3306/test", slot="s")
    with pytest.raises(ConnectionFailed, match=r"127\.0\.0\.1:1/shop as bob") as caught:
        PostgresChangeSource("postgresql://bob:S3cr%40t@127.0.0.1:1/shop", slot="s")
    assert "S3cr" not in str(caught.value)
    source = capture()
    with pytest.raises(InputError, match=rf"{source.slot} does not exist"):
        list(source.stream(Lsn(0), lambda s, t: None, blocking=False))


def test_a_lost_connection_is_connection_failed_and_the_next_call_reconnects(scratch_pg: str, capture) -> None:
    source, start = started(capture)
    pid = source._meta.info.backend_pid
    pg(scratch_pg, f"SELECT pg_terminate_backend({pid})")
    with pytest.raises(ConnectionFailed, match=r"127\.0\.0\.1:5432/sct_test_"):
        source.current_position()
    assert source.current_position() >= start
    assert drain(source, start, lambda s, t: None) == []
