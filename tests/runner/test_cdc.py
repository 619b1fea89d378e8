"""Change data capture end to end, against the real MariaDB and PostgreSQL: full load with writers running,
handoff, crash and resume, key changes, atomic multi-table transactions, DDL, cutover, status and metrics."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
import pytest

from sct.runner.cdc.engine import CaptureStopped, Handoff, request_cutover, run_migration
from sct.runner.cdc.model import BinlogPosition, RowChange, SourceTransaction
from sct.runner.cdc.settings import CdcSettings
from sct.runner.endpoints import open_source, open_target
from sct.runner.full_load import LoadSettings, _mappings
from sct.runner.model import ColumnInfo, TableInfo, TableMapping
from sct.runner.validate import validate_mappings

ROOT = Path(__file__).resolve().parents[2]
SCT = str(ROOT / ".venv" / "bin" / "sct")


def my_connect(dsn: str) -> pymysql.Connection:
    url = urlsplit(dsn)
    return pymysql.connect(host=url.hostname or "127.0.0.1", port=url.port or 3306,
                           user=unquote(url.username or "root"), password=unquote(url.password or ""),
                           database=url.path.lstrip("/"), autocommit=True, charset="utf8mb4")


def my_exec(dsn: str, *statements: str, params: list | None = None) -> None:
    conn = my_connect(dsn)
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement, params)
    finally:
        conn.close()


def pg_rows(dsn: str, sql: str) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql).fetchall()


def settings(source: str, target: str, **cdc) -> LoadSettings:
    return LoadSettings(source=source, target=target, task_id=f"t{uuid.uuid4().hex[:8]}",
                        prep_mode="drop-and-create", mode="full-load-and-cdc", parallel=2, chunk_rows=1500,
                        cdc=CdcSettings(**{"batch_seconds": 0.05, "settle_seconds": 0.5, **cdc}))


def identical(s: LoadSettings) -> dict:
    source, target = open_source(s.source), open_target(s.target)
    try:
        result = validate_mappings(source, target, _mappings(s, source, target.dialect), s)
    finally:
        source.close()
        target.close()
    return {t: (v["ok"], v["source_rows"], v["target_rows"], v["mismatches"][:1]) for t, v in result.items()}


SHOP = [
    """CREATE TABLE accounts (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(60) NOT NULL,
         balance DECIMAL(12,2) NOT NULL, updated DATETIME(6) NULL, note TEXT)""",
    """CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, account_id INT NOT NULL, qty INT NOT NULL,
         label VARCHAR(40) CHARACTER SET utf8mb4)""",
]


def fill(dsn: str, accounts: int = 4000, items: int = 4000) -> None:
    conn = my_connect(dsn)
    try:
        with conn.cursor() as cur:
            for ddl in SHOP:
                cur.execute(ddl)
            cur.executemany("INSERT INTO accounts (id, name, balance, updated, note) VALUES (%s, %s, %s, %s, %s)",
                            [(i, f"acct {i} \u00e9", f"{i}.{i % 100:02d}", "2024-01-02 03:04:05.123456",
                              None if i % 7 else "n\u4e2d") for i in range(1, accounts + 1)])
            cur.executemany("INSERT INTO items VALUES (%s, %s, %s, %s)",
                            [(i, 1 + i % accounts, i % 50, f"item {i}") for i in range(1, items + 1)])
    finally:
        conn.close()


class Writers:
    """Writes to the source while the test runs: inserts, updates (some moving a row's key far away, across
    unit ranges), deletes, and transactions that touch both tables."""

    def __init__(self, dsn: str, seed: int = 1):
        self.dsn, self.rng = dsn, random.Random(seed)
        self.stop = threading.Event()
        self.count = 0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Writers:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.finish()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join(30)
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        conn = my_connect(self.dsn)
        next_item = 10_000_000
        try:
            with conn.cursor() as cur:
                while not self.stop.is_set():
                    r = self.rng.random()
                    k = self.rng.randint(1, 4000)
                    if r < 0.25:
                        cur.execute("INSERT INTO accounts (name, balance, updated) VALUES (%s, %s, NOW(6))",
                                    (f"new {self.count}", self.rng.randint(0, 10**6) / 100))
                    elif r < 0.55:
                        cur.execute("UPDATE accounts SET balance = balance + 1, updated = NOW(6), note = %s "
                                    "WHERE id = %s", (f"u{self.count}", k))
                    elif r < 0.62:      # the key moves to another unit's range (or out of every loaded one)
                        cur.execute("UPDATE IGNORE accounts SET id = id + 500000 WHERE id = %s", (k,))
                    elif r < 0.72:
                        cur.execute("DELETE FROM accounts WHERE id = %s", (k,))
                    else:               # one transaction, two tables
                        next_item += 1
                        cur.execute("BEGIN")
                        cur.execute("INSERT INTO items VALUES (%s, %s, %s, %s)", (next_item, k, 1, "tx"))
                        cur.execute("UPDATE items SET qty = qty + 1 WHERE id = %s", (k,))
                        cur.execute("UPDATE accounts SET balance = balance - 1 WHERE id = %s", (k,))
                        cur.execute("COMMIT")
                    self.count += 1
        except BaseException as error:      # noqa: BLE001 (handed to the test thread)
            self.error = error
        finally:
            conn.close()


def in_thread(fn, *args, **kwargs):
    box: dict = {}

    def run() -> None:
        try:
            box["result"] = fn(*args, **kwargs)
        except BaseException as error:      # noqa: BLE001
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def wait_for(check, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def capture_state(s: LoadSettings) -> dict | None:
    from sct.runner import control

    target = open_target(s.target)
    conn = target.connection()
    try:
        control.ensure(target, conn)
        return control.cdc_read(target, conn, s.task_id)
    finally:
        conn.close()
        target.close()


def load_capture_and_cut_over(s: LoadSettings, writers: Writers) -> tuple:
    """full-load-and-cdc with `writers` writing from before the load until the capture has applied 200 changes,
    then `sct cutover`: the capture must cut over with every table validated identical.
    Returns (load result, capture result, log lines)."""
    lines: list[str] = []
    with writers:
        thread, box = in_thread(run_migration, s, log=lines.append)
        wait_for(lambda: (capture_state(s) or {}).get("changes", 0) > 200 or "error" in box, 120,
                 "the capture to apply changes")
        assert "error" not in box, box.get("error")
    assert writers.count > 300
    outcome = request_cutover(s, timeout=120, log=lines.append)
    thread.join(120)
    assert "error" not in box, box.get("error")
    load, captured = box["result"]
    assert captured.status == "cut-over" and outcome["status"] == "cut-over", lines
    assert captured.validation and all(v["ok"] for v in captured.validation.values()), captured.validation
    assert all(ok for ok, *_ in identical(s).values())
    assert captured.changes > 0
    return load, captured, lines


# --- the handoff rule, on its own ------------------------------------------------------------------------------

def _table() -> TableMapping:
    info = TableInfo("t", "db", [ColumnInfo("id", "int"), ColumnInfo("v", "int")], ["id"])
    return TableMapping(info, None, "t", [("id", "id", None), ("v", "v", None)])


def test_handoff_applies_a_change_only_when_its_unit_snapshot_predates_it():
    mapping = _table()
    p = lambda n: BinlogPosition("b.000001", n)     # noqa: E731
    units = [("t#1", "t", "id", None, "100", "done", "b.000001:500"),
             ("t#2", "t", "id", "100", None, "done", "b.000001:900")]
    handoff = Handoff(units, [mapping], BinlogPosition.parse)
    assert handoff.start == p(500) and not handoff.settled(p(900)) and handoff.settled(p(901))

    def kept(position: int, change: RowChange) -> list[tuple]:
        out = handoff.filter(SourceTransaction(p(position), 0.0, [change]))
        return [(c.op, c.before, c.after) for c in out]

    ins = lambda k: RowChange("insert", "db", "t", ("id", "v"), None, (k, 0))           # noqa: E731
    upd = lambda a, b: RowChange("update", "db", "t", ("id", "v"), (a, 0), (b, 1))      # noqa: E731
    # between the two snapshots: unit 1's rows take changes, unit 2's already hold them
    assert kept(700, ins(5)) == [("insert", None, (5, 0))]
    assert kept(700, ins(150)) == []
    # a key moving from unit 1 to unit 2: only the delete of the old key is missing on the target
    assert kept(700, upd(5, 150)) == [("delete", (5, 0), None)]
    # from unit 2 to unit 1: the new row is missing, the old one is already gone from unit 2's snapshot
    assert kept(700, upd(150, 5)) == [("insert", None, (5, 1))]
    assert kept(700, upd(150, 160)) == []
    assert kept(950, upd(150, 5)) == [("update", (150, 0), (5, 1))]
    # before every snapshot: nothing
    assert kept(400, ins(5)) == []


# --- MariaDB -> PostgreSQL --------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.postgres
def test_full_load_and_cdc_with_writers_during_the_load_ends_identical(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb)
    s = settings(scratch_mariadb, scratch_pg)
    load, captured, _ = load_capture_and_cut_over(s, Writers(scratch_mariadb))
    assert len(load.units) > 2, "the tables were loaded in several key-range units"
    assert all(ok for ok, *_ in identical(s).values())
    assert captured.changes > 0


@pytest.mark.slow
@pytest.mark.postgres
def test_kill_9_during_capture_then_resume_ends_identical(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 2000, 2000)
    task = f"k{uuid.uuid4().hex[:8]}"
    args = [SCT, "migrate", "--source", scratch_mariadb, "--target", scratch_pg, "--prep-mode", "drop-and-create",
            "--mode", "full-load-and-cdc", "--task-id", task, "--chunk-rows", "700"]
    s = settings(scratch_mariadb, scratch_pg)
    s.task_id = task
    with Writers(scratch_mariadb, seed=7):
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        try:
            wait_for(lambda: (capture_state(s) or {}).get("changes", 0) > 300 or proc.poll() is not None, 120,
                     "the capture to apply changes")
            assert proc.poll() is None, proc.communicate()[1].decode()
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(30)
        time.sleep(0.5)                 # writes go on while nothing captures
    resumed = subprocess.run(args + ["--resume", "--until-caught-up"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "capturing from" in resumed.stderr and "its checkpoint" in resumed.stderr
    assert "sct: cdc=caught-up" in resumed.stdout
    assert all(ok for ok, *_ in identical(s).values()), identical(s)


@pytest.mark.postgres
def test_key_updates_deletes_and_a_table_without_primary_key(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 50, 50)
    my_exec(scratch_mariadb, "CREATE TABLE log (who VARCHAR(10), n INT)",
            "INSERT INTO log VALUES ('a', 1), ('a', 1), ('b', 2)")
    s = settings(scratch_mariadb, scratch_pg, until_caught_up=True)
    run_migration(s, log=lambda _: None)
    my_exec(scratch_mariadb, "UPDATE accounts SET id = 9000 WHERE id = 3",
            "UPDATE accounts SET id = id + 100 WHERE id BETWEEN 10 AND 12 ORDER BY id DESC",
            "DELETE FROM accounts WHERE id = 4", "DELETE FROM log WHERE who = 'a' LIMIT 1",
            "UPDATE log SET n = 3 WHERE who = 'b'", "INSERT INTO log VALUES (NULL, NULL)")
    s.resume = True
    _, captured = run_migration(s, log=lambda _: None)
    assert captured.status == "caught-up"
    ids = {r[0] for r in pg_rows(scratch_pg, "SELECT id FROM accounts")}
    assert {9000, 110, 111, 112} <= ids and not ids & {3, 4, 10, 11, 12}
    assert sorted(pg_rows(scratch_pg, "SELECT who, n FROM log"), key=str) == \
        sorted([("a", 1), ("b", 3), (None, None)], key=str)
    assert all(ok for ok, *_ in identical(s).values())


@pytest.mark.postgres
def test_a_transaction_over_two_tables_is_applied_whole_or_not_at_all(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 20, 20)
    s = settings(scratch_mariadb, scratch_pg, until_caught_up=True)
    run_migration(s, log=lambda _: None)
    # the target refuses the second change of the transaction
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("ALTER TABLE items ADD CONSTRAINT qty_small CHECK (qty < 1000)")
    conn = my_connect(scratch_mariadb)
    with conn.cursor() as cur:
        cur.execute("SHOW MASTER STATUS")
        file, pos = cur.fetchone()[:2]
        for sql in ("BEGIN", "INSERT INTO accounts (id, name, balance) VALUES (777, 'tx', 1)",
                    "INSERT INTO items VALUES (777, 777, 5000, 'big')", "COMMIT", "SELECT @@last_gtid"):
            cur.execute(sql)
        gtid = cur.fetchone()[0]
        # where the transaction starts in the log (other tests write to it too)
        cur.execute(f"SHOW BINLOG EVENTS IN '{file}' FROM {int(pos)}")
        txn_start = next(BinlogPosition(row[0], int(row[1])) for row in cur.fetchall()
                         if row[2] == "Gtid" and row[5].endswith(f"GTID {gtid}"))
    conn.close()
    s.resume = True
    with pytest.raises(CaptureStopped, match=r"items: insert of key 777: .*qty_small"):
        run_migration(s, log=lambda _: None)
    assert pg_rows(scratch_pg, "SELECT count(*) FROM accounts WHERE id = 777") == [(0,)]
    state = capture_state(s)
    # the checkpoint stays before the transaction (other tests' writes in the log may move it up to there)
    assert BinlogPosition.parse(state["position"]) <= txn_start
    assert state["status"] == "failed" and "qty_small" in state["error"]
    # fixed on the target, the same transaction applies, both rows at once
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("ALTER TABLE items DROP CONSTRAINT qty_small")
    _, captured = run_migration(s, log=lambda _: None)
    assert captured.status == "caught-up"
    assert pg_rows(scratch_pg, "SELECT a.name, i.qty FROM accounts a JOIN items i ON i.account_id = a.id "
                               "WHERE a.id = 777") == [("tx", 5000)]


@pytest.mark.postgres
def test_cutover_moves_identity_sequences_past_the_copied_keys(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 30, 5)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("CREATE TABLE accounts (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                      "name varchar(60) NOT NULL, balance numeric(12,2) NOT NULL, updated timestamp(6), note text)")
        conn.execute("CREATE TABLE items (id bigint PRIMARY KEY, account_id integer NOT NULL, qty integer NOT NULL, "
                      "label varchar(40))")
    s = settings(scratch_mariadb, scratch_pg, until_caught_up=True)
    s.prep_mode = "do-nothing"
    run_migration(s, log=lambda _: None)
    my_exec(scratch_mariadb, "INSERT INTO accounts (name, balance) VALUES ('late', 1), ('later', 2)")
    s.resume = True
    captured = request_cutover(s, timeout=60, log=lambda _: None)
    assert captured.status == "cut-over" and captured.ok
    top = pg_rows(scratch_pg, "SELECT max(id) FROM accounts")[0][0]
    assert top == 32
    assert pg_rows(scratch_pg, "INSERT INTO accounts (name, balance) VALUES ('app', 0) RETURNING id")[0][0] > top
    assert capture_state(s)["status"] == "cut-over"


@pytest.mark.postgres
def test_source_ddl_add_column_is_applied_and_drop_column_stops_the_task(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 10, 10)
    s = settings(scratch_mariadb, scratch_pg, until_caught_up=True)
    run_migration(s, log=lambda _: None)
    my_exec(scratch_mariadb, "ALTER TABLE accounts ADD COLUMN region VARCHAR(20) NULL",
            "UPDATE accounts SET region = 'emea' WHERE id = 2",
            "ALTER TABLE items ADD COLUMN flag INT NOT NULL DEFAULT 7",
            "INSERT INTO items (id, account_id, qty, label, flag) VALUES (99, 1, 1, 'x', 8)",
            "CREATE INDEX items_qty ON items (qty)")
    s.resume = True
    lines: list[str] = []
    _, captured = run_migration(s, log=lines.append)
    assert captured.status == "caught-up"
    assert pg_rows(scratch_pg, "SELECT region FROM accounts WHERE id = 2") == [("emea",)]
    assert pg_rows(scratch_pg, "SELECT flag, count(*) FROM items GROUP BY flag ORDER BY flag") == [(7, 10), (8, 1)]
    assert any("added column region" in line for line in lines)
    assert any("index change" in line and "not applied" in line for line in lines)
    assert all(ok for ok, *_ in identical(s).values())

    my_exec(scratch_mariadb, "ALTER TABLE accounts DROP COLUMN note")
    with pytest.raises(CaptureStopped, match=r"source DDL at .*ALTER TABLE accounts DROP COLUMN note"):
        run_migration(s, log=lambda _: None)
    status = subprocess.run([SCT, "status", "--target", scratch_pg, "--task-id", s.task_id],
                            capture_output=True, text=True, timeout=60)
    assert "capture: failed" in status.stdout and "DROP COLUMN note" in status.stdout


@pytest.mark.postgres
def test_status_json_and_prometheus_metrics_while_capturing(scratch_mariadb, scratch_pg, unused_tcp_port):
    fill(scratch_mariadb, 10, 10)
    s = settings(scratch_mariadb, scratch_pg, metrics_port=unused_tcp_port)
    stop = threading.Event()
    thread, box = in_thread(run_migration, s, log=lambda _: None, stop=stop)
    try:
        wait_for(lambda: (capture_state(s) or {}).get("status") == "capturing", 60, "capture to start")
        my_exec(scratch_mariadb, "INSERT INTO accounts (name, balance) VALUES ('m', 1)",
                "UPDATE items SET qty = 9 WHERE id = 1", "DELETE FROM items WHERE id = 2")
        wait_for(lambda: (capture_state(s) or {}).get("changes", 0) >= 3, 30, "3 changes applied")
        time.sleep(1.2)             # one heartbeat writes the metrics
        body = urllib.request.urlopen(f"http://127.0.0.1:{unused_tcp_port}/metrics", timeout=5).read().decode()
        assert "sct_cdc_latency_source_seconds" in body
        assert f'sct_cdc_table_changes_total{{task="{s.task_id}",table="items",op="deletes"}} 1' in body
        status = subprocess.run([SCT, "status", "--target", scratch_pg, "--task-id", s.task_id, "--json"],
                                capture_output=True, text=True, timeout=60)
        assert status.returncode == 0, status.stderr
        cdc = json.loads(status.stdout)["cdc"]
        assert cdc["status"] == "capturing" and cdc["changes_applied"] >= 3
        assert cdc["lag_seconds"] is not None and cdc["lag_changes"] == 0
        assert cdc["lag_bytes"] is None or cdc["lag_bytes"] >= 0     # None across binlog files
        assert cdc["tables"]["items"]["updates"] == 1 and cdc["tables"]["accounts"]["inserts"] == 1
        assert cdc["tables"]["items"]["lag_changes"] == 0 and cdc["tables"]["items"]["lag_seconds"] == 0.0
        text = subprocess.run([SCT, "status", "--target", scratch_pg, "--task-id", s.task_id],
                              capture_output=True, text=True, timeout=60).stdout
        assert "capture: capturing at mariadb-bin." in text and ", lag 0.0 s and 0 changes," in text
        assert "  items: 0 inserts, 1 updates, 1 deletes; lag 0.0 s, 0 changes" in text
    finally:
        stop.set()
        thread.join(30)
    assert "error" not in box, box.get("error")
    assert box["result"][1].status == "stopped"


@pytest.fixture
def unused_tcp_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_cdc_mode_rejects_a_bad_start_position_and_sqlite_sources(scratch_mariadb, tmp_path):
    fill(scratch_mariadb, 1, 1)
    run = subprocess.run([SCT, "migrate", "--source", scratch_mariadb, "--target", f"sqlite:///{tmp_path}/t.db",
                          "--mode", "cdc", "--start-position", "nonsense"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2 and "expected FILE:POSITION" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([SCT, "migrate", "--source", f"sqlite:///{tmp_path}/s.db", "--target",
                          f"sqlite:///{tmp_path}/t.db", "--mode", "cdc"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "SQLite source can only be loaded" in run.stderr


def test_mariadb_to_mariadb_capture(scratch_mariadb, mariadb_dsn):
    """The target may be MySQL/MariaDB too."""
    url = urlsplit(mariadb_dsn)
    name = f"sct_test_{uuid.uuid4().hex[:12]}"
    my_exec(mariadb_dsn, f"CREATE DATABASE `{name}`")
    target = f"mysql://{url.username or 'root'}@{url.hostname}:{url.port or 3306}/{name}"
    try:
        fill(scratch_mariadb, 40, 40)
        s = settings(scratch_mariadb, target, until_caught_up=True)
        run_migration(s, log=lambda _: None)
        my_exec(scratch_mariadb, "UPDATE accounts SET name = 'same' WHERE id = 1",
                "UPDATE accounts SET name = 'same' WHERE id = 1",        # matches a row, changes nothing
                "UPDATE accounts SET id = 4000 WHERE id = 2", "DELETE FROM items WHERE id < 10",
                "TRUNCATE TABLE items")
        s.resume = True
        _, captured = run_migration(s, log=lambda _: None)
        assert captured.status == "caught-up"
        assert all(ok for ok, *_ in identical(s).values())
    finally:
        my_exec(mariadb_dsn, f"DROP DATABASE IF EXISTS `{name}`")



# --- PostgreSQL -> PostgreSQL -------------------------------------------------------------------------------------

@pytest.fixture
def pg_pair(scratch_pg, pg_dsn):
    """(source DSN, target DSN): two scratch databases; the source's replication slots are dropped at the end."""
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = f"sct_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield scratch_pg, make_conninfo(pg_dsn, dbname=name)
    finally:
        with psycopg.connect(scratch_pg, autocommit=True) as conn:
            conn.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                         "WHERE database = current_database() AND NOT active")
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def pg_fill(dsn: str, n: int) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance numeric(12,2), "
                     "seen timestamptz, tags text[], doc jsonb)")
        conn.execute("CREATE TABLE items (id bigint PRIMARY KEY, account_id int NOT NULL, qty int NOT NULL)")
        conn.execute("INSERT INTO accounts (name, balance, seen, tags, doc) SELECT 'a ' || i || ' é''q', i / 100.0, "
                      "'2024-01-01 00:00:00+00'::timestamptz + i * interval '1 minute', ARRAY['x', i::text], "
                      "jsonb_build_object('i', i) FROM generate_series(1, %s) i", (n,))
        conn.execute("INSERT INTO items SELECT i, 1 + i %% %s, i %% 9 FROM generate_series(1, %s) i", (n, n))


class PgWriters(Writers):
    def _run(self) -> None:
        conn = psycopg.connect(self.dsn, autocommit=True)
        next_item = 10_000_000
        try:
            while not self.stop.is_set():
                r = self.rng.random()
                k = self.rng.randint(1, 3000)
                if r < 0.3:
                    conn.execute("INSERT INTO accounts (name, balance, seen, tags) VALUES (%s, %s, now(), %s)",
                                 (f"new {self.count}", self.rng.randint(0, 10**6) / 100, ["n", str(self.count)]))
                elif r < 0.6:
                    conn.execute("UPDATE accounts SET balance = balance + 1, doc = %s WHERE id = %s",
                                 (json.dumps({"u": self.count}), k))
                elif r < 0.65:
                    conn.execute("UPDATE accounts SET id = id + 500000 WHERE id = %s "
                                 "AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = %s + 500000)", (k, k))
                elif r < 0.75:
                    conn.execute("DELETE FROM accounts WHERE id = %s", (k,))
                else:
                    next_item += 1
                    with conn.transaction():
                        conn.execute("INSERT INTO items VALUES (%s, %s, 1)", (next_item, k))
                        conn.execute("UPDATE items SET qty = qty + 1 WHERE id = %s", (k,))
                        conn.execute("UPDATE accounts SET balance = balance - 1 WHERE id = %s", (k,))
                self.count += 1
        except BaseException as error:      # noqa: BLE001 (handed to the test thread)
            self.error = error
        finally:
            conn.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_source_full_load_and_cdc_with_writers_ends_identical(pg_pair):
    source, target = pg_pair
    pg_fill(source, 3000)
    s = settings(source, target)
    _, _, lines = load_capture_and_cut_over(s, PgWriters(source, seed=3))
    assert any("replication slot" in line for line in lines)
    # the cutover dropped the slot, so the source keeps no WAL for a finished task
    assert pg_rows(source, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()") == [(0,)]
    assert pg_rows(target, "SELECT max(id) FROM accounts") == pg_rows(source, "SELECT max(id) FROM accounts")


def source_with_rows(kind: str, scratch_mariadb: str, pg_pair: tuple[str, str], rows: int) -> tuple:
    """(source DSN, PostgreSQL target DSN, write(*statements) on the source): the shop tables with `rows` rows
    on a MariaDB or a PostgreSQL source."""
    if kind == "mariadb":
        fill(scratch_mariadb, rows, rows)
        return scratch_mariadb, pg_pair[1], lambda *sql: my_exec(scratch_mariadb, *sql)
    source, target = pg_pair
    pg_fill(source, rows)

    def write(*statements: str) -> None:
        with psycopg.connect(source, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
    return source, target, write


def _crash_one_unit(s: LoadSettings, table: str) -> None:
    """As if the process died while loading `table`: its units are pending and its rows not on the target."""
    from sct.runner import control

    target = open_target(s.target)
    conn = target.connection()
    try:
        target.execute(conn, f"UPDATE {control.qualified(target, 'units')} SET status = 'pending', "
                             "snapshot_position = NULL WHERE task_id = %s AND table_name = %s", (s.task_id, table))
        target.truncate(conn, None, table)
        conn.commit()
    finally:
        conn.close()
        target.close()


@pytest.mark.postgres
@pytest.mark.parametrize("source_kind", ["mariadb", "postgres"])
def test_a_crash_during_the_full_load_resumes_with_a_new_snapshot_for_the_rest(source_kind, scratch_mariadb,
                                                                               pg_pair):
    """Units loaded before the crash keep their snapshot; the rest are read in a new one; the capture then
    applies to each unit exactly the changes its own snapshot lacks."""
    from sct.runner.cdc.engine import _full_load_for_cdc, open_change_source

    source, target, write = source_with_rows(source_kind, scratch_mariadb, pg_pair, 300)
    s = settings(source, target, until_caught_up=True)
    changes = open_change_source(s)
    try:
        load = _full_load_for_cdc(s, changes, log=lambda _: None)
    finally:
        changes.close()
    assert not any(u.error for u in load.units)
    # in the snapshot the reloaded unit reads: applying them again would fail (duplicate key, no row to delete)
    write("UPDATE accounts SET name = 'before the crash' WHERE id = 1", "DELETE FROM items WHERE id = 2",
          "UPDATE items SET qty = 77 WHERE id = 3", "DELETE FROM accounts WHERE id = 7",
          "INSERT INTO accounts (id, name, balance) VALUES (900, 'new', 1)")
    _crash_one_unit(s, "accounts")
    write("UPDATE accounts SET name = 'after the crash' WHERE id = 5", "DELETE FROM accounts WHERE id = 6",
          "UPDATE items SET qty = 88 WHERE id = 4")
    s.resume = True
    lines: list[str] = []
    load, captured = run_migration(s, log=lines.append)
    assert [u.unit_id for u in load.units] == ["accounts"], "only the unit that had not committed is loaded again"
    assert captured.status == "caught-up"
    assert all(ok for ok, *_ in identical(s).values()), identical(s)
    assert pg_rows(target, "SELECT name FROM accounts WHERE id IN (1, 5) ORDER BY id") == \
        [("before the crash",), ("after the crash",)]
    assert pg_rows(target, "SELECT id, qty FROM items WHERE id IN (2, 3, 4) ORDER BY id") == [(3, 77), (4, 88)]


@pytest.mark.postgres
def test_changed_rows_are_rechecked_and_a_target_that_diverged_is_reported(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 20, 20)
    s = settings(scratch_mariadb, scratch_pg)
    stop = threading.Event()
    thread, box = in_thread(run_migration, s, log=lambda _: None, stop=stop)
    try:
        wait_for(lambda: (capture_state(s) or {}).get("status") == "capturing", 60, "capture to start")
        my_exec(scratch_mariadb, "UPDATE accounts SET balance = 5 WHERE id IN (1, 2)")
        wait_for(lambda: pg_rows(scratch_pg, "SELECT count(*) FROM accounts WHERE balance = 5") == [(2,)], 30,
                 "the updates to arrive")
        with psycopg.connect(scratch_pg, autocommit=True) as conn:      # someone writes to the target
            conn.execute("UPDATE accounts SET balance = 6 WHERE id = 2")
        wait_for(lambda: b"RECORD_DIFF" in subprocess.run(
            [SCT, "status", "--target", scratch_pg, "--task-id", s.task_id], capture_output=True).stdout, 30,
            "the rechecker to report the diverged row")
    finally:
        stop.set()
        thread.join(30)
    assert "error" not in box, box.get("error")
    status = subprocess.run([SCT, "status", "--target", scratch_pg, "--task-id", s.task_id, "--json"],
                            capture_output=True, text=True, timeout=60)
    failures = json.loads(status.stdout)["cdc"]["validation_failures"]
    assert [(f["table"], f["key"], f["failure_type"]) for f in failures] == [("accounts", "2", "RECORD_DIFF")]
    assert json.loads(failures[0]["details"]) == {"balance": {"source": "5", "target": "6"}}


@pytest.mark.postgres
def test_apply_errors_log_policy_records_the_refused_change_and_goes_on(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 5, 5)
    s = settings(scratch_mariadb, scratch_pg, until_caught_up=True, apply_errors="log")
    run_migration(s, log=lambda _: None)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("ALTER TABLE items ADD CONSTRAINT qty_small CHECK (qty < 1000)")
    my_exec(scratch_mariadb, "INSERT INTO items VALUES (50, 1, 5000, 'big')", "INSERT INTO items VALUES (51, 1, 5, 'ok')")
    s.resume = True
    _, captured = run_migration(s, log=lambda _: None)
    assert captured.status == "caught-up"
    assert pg_rows(scratch_pg, "SELECT id FROM items WHERE id >= 50") == [(51,)]
    status = subprocess.run([SCT, "status", "--target", scratch_pg, "--task-id", s.task_id],
                            capture_output=True, text=True, timeout=60)
    assert "apply exception: items insert key 50:" in status.stdout and "qty_small" in status.stdout


@pytest.mark.postgres
def test_cli_full_load_and_cdc_until_caught_up_prints_both_summaries(scratch_mariadb, scratch_pg):
    fill(scratch_mariadb, 3, 3)
    run = subprocess.run([SCT, "migrate", "--source", scratch_mariadb, "--target", scratch_pg, "--prep-mode",
                          "drop-and-create", "--mode", "full-load-and-cdc", "--until-caught-up"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "sct: tables=2 rows=6 rejects=0 failed_units=0 validation=at-cutover" in run.stdout
    assert "sct: cdc=caught-up position=mariadb-bin." in run.stdout
    assert "migrate: cdc: capturing from mariadb-bin." in run.stderr and "(the full load's first snapshot)" in run.stderr


@pytest.mark.postgres
def test_cdc_mode_from_a_mariadb_gtid_state(scratch_mariadb, scratch_pg):
    """A DBA who loaded the data some other way starts capture at the GTID state the copy matches."""
    fill(scratch_mariadb, 10, 10)
    load = subprocess.run([SCT, "migrate", "--source", scratch_mariadb, "--target", scratch_pg, "--prep-mode",
                           "drop-and-create"], capture_output=True, text=True, timeout=120)
    assert load.returncode == 0, load.stderr
    conn = my_connect(scratch_mariadb)
    with conn.cursor() as cur:
        cur.execute("SELECT @@gtid_binlog_pos")
        gtid = cur.fetchone()[0]
    conn.close()
    my_exec(scratch_mariadb, "UPDATE accounts SET name = 'after' WHERE id = 1", "DELETE FROM items WHERE id = 3")
    run = subprocess.run([SCT, "migrate", "--source", scratch_mariadb, "--target", scratch_pg, "--mode", "cdc",
                          "--start-position", gtid, "--until-caught-up", "--task-id", "gtid"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert f"capturing from {gtid} (--start-position)" in run.stderr
    assert "sct: cdc=caught-up position=mariadb-bin." in run.stdout and "changes=2 " in run.stdout
    assert pg_rows(scratch_pg, "SELECT name FROM accounts WHERE id = 1") == [("after",)]
    bad = subprocess.run([SCT, "migrate", "--source", scratch_mariadb, "--target", scratch_pg, "--mode", "cdc",
                          "--start-position", "mariadb-bin.000001:4", "--stop-position", gtid],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--stop-position" in bad.stderr and "not a GTID state" in bad.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("source_kind", ["mariadb", "postgres"])
def test_filtered_tables_capture_exactly_the_rows_the_filter_selects(source_kind, scratch_mariadb, pg_pair):
    """DMS source filters apply to changes: rows entering and leaving the filter, judged by the source's own
    comparison (MariaDB's default collation is case-insensitive: 'KEEP' = 'keep')."""
    from sct.runner.mappings import load_mappings

    source, target, write = source_with_rows(source_kind, scratch_mariadb, pg_pair, 0)
    write(*(f"INSERT INTO accounts (id, name, balance) VALUES ({i}, '{n}', {i})"
            for i, n in [(1, "keep"), (2, "KEEP" if source_kind == "mariadb" else "keep"), (3, "drop"), (4, "drop"),
                         (5, "keep"), (6, "keep")]))
    s = settings(source, target, until_caught_up=True)
    s.mappings = load_mappings({"rules": [{
        "rule-type": "selection", "rule-id": "1", "rule-name": "keep", "rule-action": "include",
        "object-locator": {"schema-name": "%", "table-name": "accounts"},
        "filters": [{"filter-type": "source", "column-name": "name",
                     "filter-conditions": [{"filter-operator": "eq", "value": "keep"}]}]}]})
    run_migration(s, log=lambda _: None)
    # table mappings keep the source schema: the MariaDB database's name, or public
    table = f'"{urlsplit(source).path[1:]}".accounts' if source_kind == "mariadb" else "public.accounts"
    assert sorted(r[0] for r in pg_rows(target, f"SELECT id FROM {table}")) == [1, 2, 5, 6]
    upper = "Keep" if source_kind == "mariadb" else "keep"
    write(f"INSERT INTO accounts (id, name, balance) VALUES (7, '{upper}', 7)",        # in
          "INSERT INTO accounts (id, name, balance) VALUES (8, 'other', 8)",          # not in
          "UPDATE accounts SET name = 'keep' WHERE id = 3",                          # enters
          "UPDATE accounts SET name = 'gone' WHERE id = 5",                          # leaves
          "UPDATE accounts SET balance = 99 WHERE id = 6",                           # stays
          "UPDATE accounts SET balance = 98 WHERE id = 4",                           # stays out
          "DELETE FROM accounts WHERE id = 8",                                       # was never in
          "DELETE FROM accounts WHERE id = 1")                                       # was in
    s.resume = True
    _, captured = run_migration(s, log=lambda _: None)
    assert captured.status == "caught-up"
    assert sorted(pg_rows(target, f"SELECT id, balance FROM {table}")) == [(2, 2), (3, 3), (6, 99), (7, 7)]
    assert all(ok for ok, *_ in identical(s).values()), identical(s)
