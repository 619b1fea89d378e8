"""sct migrate end to end, against the real MariaDB and PostgreSQL (and SQLite): what a user runs and sees."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pymysql
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCT = str(ROOT / ".venv" / "bin" / "sct")


@pytest.fixture
def scratch_my(mariadb_dsn):
    """A fresh MariaDB database for one test; yields (dsn, connection factory); dropped afterwards."""
    url = urlsplit(mariadb_dsn)
    name = f"sct_test_{uuid.uuid4().hex[:12]}"

    def connect(db: str | None = name):
        return pymysql.connect(host=url.hostname or "127.0.0.1", port=url.port or 3306, user=url.username or "root",
                               password=url.password or "", database=db, autocommit=True, charset="utf8mb4")

    with connect(None) as conn:
        conn.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield f"mysql://{url.username or 'root'}@{url.hostname}:{url.port or 3306}/{name}", connect
    finally:
        with connect(None) as conn:
            conn.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")


def sct(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([SCT, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


SHOP = [
    """CREATE TABLE customers (id INT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL,
         vip TINYINT(1) NOT NULL DEFAULT 0, balance DECIMAL(12,2), joined DATETIME(6), notes TEXT)""",
    """CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id INT UNSIGNED, placed TIMESTAMP NULL,
         status ENUM('new','paid','shipped'), doc JSON, photo BLOB)""",
]


def fill(connect, customers: int = 300, orders: int = 1200) -> None:
    with connect() as conn:
        cur = conn.cursor()
        for ddl in SHOP:
            cur.execute(ddl)
        cur.executemany("INSERT INTO customers VALUES (%s, %s, %s, %s, %s, %s)", [
            (i, f"Customer {i} \u00e9\u4e2d 'q' \"d\"", i % 2, f"{i}.{i % 100:02d}",
             f"2024-01-{1 + i % 28:02d} 10:11:12.{i:06d}", None if i % 10 == 0 else f"line1\nline2\t{i}\\")
            for i in range(1, customers + 1)])
        cur.executemany("INSERT INTO orders VALUES (%s, %s, %s, %s, %s, %s)", [
            (i, 1 + i % customers, f"2024-02-{1 + i % 28:02d} 08:00:00", ("new", "paid", "shipped")[i % 3],
             json.dumps({"n": i, "tags": ["a", "b"]}), bytes(range(i % 256)) * 3) for i in range(1, orders + 1)])


def pg_rows(dsn: str, sql: str) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.postgres
def test_mariadb_to_postgres_copies_every_row_and_validates(scratch_my, scratch_pg):
    dsn, connect = scratch_my
    fill(connect)
    run = sct("migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "drop-and-create")
    assert run.returncode == 0, run.stderr
    assert "sct: tables=2 rows=1500 rejects=0 failed_units=0 validation=ok" in run.stdout
    assert pg_rows(scratch_pg, "SELECT count(*), sum(balance), bool_or(vip) FROM customers")[0] == (
        300, pytest.approx(sum(float(f"{i}.{i % 100:02d}") for i in range(1, 301))), True)
    name, notes = pg_rows(scratch_pg, "SELECT name, notes FROM customers WHERE id = 7")[0]
    assert name == "Customer 7 \u00e9\u4e2d 'q' \"d\"" and notes == "line1\nline2\t7\\"
    doc, photo = pg_rows(scratch_pg, "SELECT doc, photo FROM orders WHERE id = 5")[0]
    assert doc == {"n": 5, "tags": ["a", "b"]} and bytes(photo) == bytes(range(5)) * 3
    status = sct("status", "--target", scratch_pg, "--json")
    assert status.returncode == 0, status.stderr
    state = json.loads(status.stdout)
    assert state["status"] == "done" and state["tables"]["orders"]["rows"] == 1200
    assert "password" not in status.stdout.lower()


@pytest.mark.postgres
def test_a_refused_row_goes_to_the_reject_table_with_its_key(scratch_my, scratch_pg):
    dsn, connect = scratch_my
    fill(connect, customers=50, orders=10)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:     # the target says balance must be < 40
        conn.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(100) NOT NULL, vip boolean, "
                     "balance numeric(12,2) CHECK (balance < 40), joined timestamp(6), notes text)")
        conn.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, placed timestamptz, "
                      "status text, doc jsonb, photo bytea)")
    run = sct("migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "do-nothing",
              "--max-errors", "20")
    assert run.returncode == 1, run.stderr                 # done, but rows were rejected
    assert "rejects=11" in run.stdout                       # ids 40..50
    rejected = pg_rows(scratch_pg, "SELECT row_key, error FROM sct_control.rejects ORDER BY row_key::int")
    assert [int(k) for k, _ in rejected] == list(range(40, 51))
    assert all("check constraint" in e for _, e in rejected)
    assert pg_rows(scratch_pg, "SELECT count(*) FROM customers")[0][0] == 39
    again = sct("migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "truncate", "--max-errors", "5")
    assert again.returncode == 1
    assert "exceed max_errors 5" in again.stderr
    assert pg_rows(scratch_pg, "SELECT count(*) FROM customers")[0][0] == 0     # the table failed as a whole


@pytest.mark.postgres
def test_kill_9_mid_load_then_resume_gives_identical_tables(scratch_my, scratch_pg, tmp_path):
    dsn, connect = scratch_my
    fill(connect, customers=20000, orders=40000)
    args = ["migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "drop-and-create",
            "--parallel", "2", "--task-id", "kill", "--chunk-rows", "500"]
    env = dict(os.environ)
    proc = subprocess.Popen([SCT, *args, "--no-validate"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:           # wait until some units are committed, then kill everything
        try:
            done = pg_rows(scratch_pg, "SELECT count(*) FROM sct_control.units WHERE status = 'done'")[0][0]
        except psycopg.Error:
            done = 0
        if done >= 3 or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the load finished before it could be killed: nothing was tested"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    units = dict(pg_rows(scratch_pg, "SELECT status, count(*) FROM sct_control.units WHERE task_id = 'kill' "
                                     "GROUP BY status"))
    assert units.get("done", 0) >= 3 and units.get("pending", 0) > 0        # killed mid-load
    resumed = subprocess.run([SCT, *args, "--resume"], capture_output=True, text=True, env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming:" in resumed.stderr
    assert "validation=ok" in resumed.stdout
    check = sct("validate", "--source", dsn, "--target", scratch_pg)
    assert check.returncode == 0, check.stdout + check.stderr
    assert pg_rows(scratch_pg, "SELECT count(*), count(DISTINCT id) FROM orders")[0] == (40000, 40000)


@pytest.mark.postgres
def test_validation_catches_a_row_changed_behind_the_runners_back(scratch_my, scratch_pg):
    dsn, connect = scratch_my
    fill(connect, customers=100, orders=10)
    assert sct("migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "drop-and-create").returncode == 0
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("UPDATE customers SET name = 'changed' WHERE id = 42")
        conn.execute("DELETE FROM orders WHERE id = 3")
    check = sct("validate", "--source", dsn, "--target", scratch_pg)
    assert check.returncode == 1
    assert "customers: MISMATCH" in check.stdout and "keys 42" in check.stdout
    assert "orders: MISMATCH (source 10 rows, target 9 rows)" in check.stdout and "keys 3" in check.stdout


@pytest.mark.postgres
def test_sqlite_source(scratch_pg, tmp_path):
    db = tmp_path / "src.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB, amount NUMERIC)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                         [(i, f"n{i}", i / 3, bytes([i % 256]), i * 10) for i in range(1, 501)])
    run = sct("migrate", "--source", f"sqlite:///{db}", "--target", scratch_pg, "--prep-mode", "drop-and-create")
    assert run.returncode == 0, run.stderr
    assert pg_rows(scratch_pg, "SELECT count(*), max(name), sum(amount) FROM t")[0] == (500, "n99", 1252500)


@pytest.mark.postgres
def test_dask_local_cluster_runs_the_units(scratch_my, scratch_pg):
    from distributed import LocalCluster

    dsn, connect = scratch_my
    fill(connect, customers=200, orders=400)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        run = sct("migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "drop-and-create",
                  "--cluster", address)
    assert run.returncode == 0, run.stderr
    assert "rows=600" in run.stdout and "validation=ok" in run.stdout


def test_bad_input_is_a_clear_message_and_exit_2(tmp_path):
    run = sct("migrate", "--source", "mysql://root:s3cret@127.0.0.1:1/x", "--target", "postgresql://127.0.0.1:1/y")
    assert run.returncode == 2
    assert "s3cret" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    run = sct("migrate", "--source", "sqlite:///x.db", "--target", "sqlite:///y.db", "--prep-mode", "sideways")
    assert run.returncode == 2 and "prep mode" in run.stderr
    run = sct("migrate")
    assert run.returncode == 2 and "--source" in run.stderr


if sys.platform != "linux":       # kill -9 semantics and process groups
    pytestmark = pytest.mark.skip("runner tests need Linux")


@pytest.mark.postgres
def test_task_file_with_dms_mappings(scratch_my, scratch_pg, tmp_path):
    dsn, connect = scratch_my
    fill(connect, customers=40, orders=20)
    (tmp_path / "mappings.json").write_text(json.dumps({"rules": [
        {"rule-type": "selection", "rule-id": "1", "rule-name": "customers only",
         "object-locator": {"schema-name": "%", "table-name": "cust%"}, "rule-action": "include",
         "filters": [{"filter-type": "source", "column-name": "vip",
                      "filter-conditions": [{"filter-operator": "eq", "value": "1"}]}]},
        {"rule-type": "transformation", "rule-id": "5", "rule-name": "to public", "rule-target": "schema",
         "object-locator": {"schema-name": "%"}, "rule-action": "rename", "value": "public"},
        {"rule-type": "transformation", "rule-id": "2", "rule-name": "rename", "rule-target": "table",
         "object-locator": {"schema-name": "%", "table-name": "customers"}, "rule-action": "rename",
         "value": "clients"},
        {"rule-type": "transformation", "rule-id": "3", "rule-name": "drop notes", "rule-target": "column",
         "object-locator": {"schema-name": "%", "table-name": "customers", "column-name": "notes"},
         "rule-action": "remove-column"},
        {"rule-type": "transformation", "rule-id": "4", "rule-name": "label", "rule-target": "column",
         "object-locator": {"schema-name": "%", "table-name": "customers"}, "rule-action": "add-column",
         "value": "label", "expression": "$name || ' #' || $id",
         "data-type": {"type": "string", "length": 200}},
    ]}))
    from psycopg.conninfo import conninfo_to_dict

    pg = conninfo_to_dict(scratch_pg)
    target = f"postgresql://{pg.get('user', 'root')}@{pg.get('host', '127.0.0.1')}:{pg.get('port', 5432)}/{pg['dbname']}"
    (tmp_path / "task.yaml").write_text(f"source: {dsn}\ntarget: {target}\nprep_mode: drop-and-create\n"
                                        "mappings: mappings.json\nsettings:\n  parallel: 1\n")
    run = sct("migrate", str(tmp_path / "task.yaml"))
    assert run.returncode == 0, run.stderr
    assert "rows=20" in run.stdout                          # the 20 VIP customers of 40
    columns = [r[0] for r in pg_rows(scratch_pg, "SELECT column_name FROM information_schema.columns "
                                                 "WHERE table_name = 'clients' ORDER BY ordinal_position")]
    assert "notes" not in columns and "label" in columns
    assert pg_rows(scratch_pg, "SELECT label FROM clients WHERE id = 3")[0][0] == (
        "Customer 3 \u00e9\u4e2d 'q' \"d\" #3")
    assert pg_rows(scratch_pg, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'"
                   )[0][0] == 0
    status = sct("status", str(tmp_path / "task.yaml"), "--json")
    assert json.loads(status.stdout)["tables"]["public.clients"]["rows"] == 20
    (tmp_path / "bad.yaml").write_text(f"source: {dsn}\ntarget: x\nsettings:\n  paralel: 2\n")
    bad = sct("migrate", str(tmp_path / "bad.yaml"))
    assert bad.returncode == 2 and "settings.paralel" in bad.stderr and "parallel" in bad.stderr


@pytest.mark.postgres
def test_converted_schema_is_applied_in_phases(scratch_pg, pg_dsn, psql_apply, tmp_path):
    """PostgreSQL -> PostgreSQL with --schema: the `sct convert` output of the shop example creates the tables,
    the data is loaded, then indexes, foreign keys and views follow, and sequences continue after the keys."""
    out = tmp_path / "converted"
    shop = ROOT / "corpus" / "oracle" / "shop"
    converted = sct("convert", str(shop), "--install-order", str(shop / "install.sql"), "-o", str(out))
    assert converted.returncode == 0, converted.stderr
    source_db = f"sct_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{source_db}"')
    try:
        from psycopg.conninfo import make_conninfo

        source = make_conninfo(pg_dsn, dbname=source_db)
        psql_apply(source, out / "schema.sql")
        psql_apply(source, out / "data.sql")
        run = sct("migrate", "--source", source, "--target", scratch_pg, "--prep-mode", "drop-and-create",
                  "--schema", str(out))
        assert run.returncode == 0, run.stderr
        assert "validation=ok" in run.stdout
        assert "applied" in run.stderr and "index" in run.stderr and "view" in run.stderr
        indexes = {r[0] for r in pg_rows(scratch_pg, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}
        assert {"products_sku_uk", "orders_customer_ix"} <= indexes
        fks = {r[0] for r in pg_rows(scratch_pg, "SELECT conname FROM pg_constraint WHERE contype = 'f'")}
        assert {"orders_customer_fk", "order_items_order_fk"} <= fks
        views = {r[0] for r in pg_rows(scratch_pg, "SELECT viewname FROM pg_views WHERE schemaname = 'public'")}
        assert "customer_orders_v" in views
        for table in ("customers", "products", "orders", "order_items"):
            assert pg_rows(scratch_pg, f"SELECT count(*) FROM {table}") == pg_rows(source, f"SELECT count(*) FROM {table}")
        top = pg_rows(scratch_pg, "SELECT max(customer_id) FROM customers")[0][0]
        assert pg_rows(scratch_pg, "SELECT nextval('customer_seq')")[0][0] > top
        with psycopg.connect(scratch_pg, autocommit=True) as conn:     # identity continues too
            new = conn.execute("INSERT INTO products (sku, name, unit_price) VALUES ('X-1', 'new', 1) "
                               "RETURNING product_id").fetchone()[0]
        assert new > pg_rows(source, "SELECT max(product_id) FROM products")[0][0]
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{source_db}" WITH (FORCE)')


@pytest.mark.postgres
def test_sqlite_to_mariadb(scratch_my, tmp_path):
    dsn, connect = scratch_my
    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as conn:
        conn.executescript((ROOT / "corpus" / "migrate" / "shop.sql").read_text(encoding="utf-8"))
    run = sct("migrate", "--source", f"sqlite:///{db}", "--target", dsn, "--prep-mode", "drop-and-create")
    assert run.returncode == 0, run.stderr
    assert "rows=8620" in run.stdout and "validation=ok" in run.stdout
    with connect() as conn:
        cur = conn.cursor()
        cur.execute("SELECT name FROM customers WHERE id = 5")
        assert cur.fetchone()[0] == "Customer 5 O'Brien"
        cur.execute("SELECT count(*) FROM sct_control_units WHERE status = 'done'")
        assert cur.fetchone()[0] == 4


@pytest.mark.postgres
def test_fast_path_keeps_every_awkward_value(scratch_my, scratch_pg):
    """The MySQL client's COPY text path: marker-like strings, escapes, zero dates, blobs, NULLs all exact."""
    dsn, connect = scratch_my
    awkward = ["\\N", "NULL", "\\", "a\tb", "line\nbreak", "cr\rhere", "\\x41", "quote ' \"", "\u00e9\u4e2d\U0001f600",
               "", None]
    with connect() as conn:
        cur = conn.cursor()
        cur.execute("SET SESSION sql_mode = ''")
        cur.execute("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(50), d DATE, b BLOB, flag TINYINT(1))")
        cur.executemany("INSERT INTO t VALUES (%s, %s, %s, %s, %s)",
                        [(i, v, "0000-00-00" if i % 3 == 0 else "2024-02-29", None if v is None else
                          (v or "").encode() + b"\x00\xff", i % 2) for i, v in enumerate(awkward)])
    run = sct("migrate", "--source", dsn, "--target", scratch_pg, "--prep-mode", "drop-and-create")
    assert run.returncode == 0, run.stderr
    assert "validation=ok" in run.stdout
    rows = pg_rows(scratch_pg, "SELECT id, s, d, b, flag FROM t ORDER BY id")
    for (i, s, d, b, flag), v in zip(rows, awkward, strict=True):
        assert s == v, (i, s, v)
        assert (d is None) == (i % 3 == 0)
        assert (b is None and v is None) or bytes(b) == (v or "").encode() + b"\x00\xff"
        assert flag is bool(i % 2)
