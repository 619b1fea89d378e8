"""Benchmark: change data capture MariaDB -> PostgreSQL, sct against a row-by-row python-mysql-replication loop.

    .venv/bin/python bench/cdc.py [--changes 20000] [--repeat 3] [--rate 2000] [--seconds 15] [--profile] [--keep]

1. Makes a scratch MariaDB database and a scratch PostgreSQL database (unique names, dropped at the end unless
   --keep) with one table `bench (id int primary key, a varchar(40), b decimal(12,2), c datetime(6), d int)`
   holding 10,000 rows on both sides.
2. Catching up: writes --changes single-row transactions to MariaDB (50% updates, 30% inserts, 20% deletes; from
   two client threads), noting the binary log position before and after. Then, interleaved, --repeat times each,
   every run starting from the same target rows:
   (A) sct:       runner.cdc.engine.capture from the first position, --until-caught-up (in this process; the
                  table catalog, the handoff and the checkpoint bookkeeping included);
   (B) reference: a minimal python-mysql-replication loop (BinLogStreamReader, only_events Write/Update/Delete
                  rows, only_schemas) applying each row to PostgreSQL by primary key with a commit per change;
   (C) reference, batched: the same loop committing every 500 changes;
   (D) decode only: the same reader iterating every row of every event, applying nothing.
   Every applied run's table is compared with the source (count and an order-independent hash of every row's
   text): a run that does not match is printed as WRONG and the exit status is 1.
   Prints changes/s (median) for each and the ratios sct/reference; goal: sct >= 2.5x (A/B).
3. Lag: starts an sct capture (blocking) and offers --rate changes/s for --seconds seconds (paced every 10 ms:
   inserts and updates that set c = NOW(6)); a trigger on the target writes clock_timestamp() into an extra
   column applied_at as each change is applied, so lag = applied_at - c per change (both clocks are this
   machine's). Prints p50/p99/max lag and the achieved offered rate; goal: p99 < 1 s at 2,000 changes/s.
4. --profile: one more sct catch-up under cProfile; the top 25 functions by own and cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import random
import statistics
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pymysql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MARIADB = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": ""}
PG_DSN = "postgresql://root@127.0.0.1:5432/test"
ROWS = 10_000
GOAL_RATIO = 2.5
GOAL_P99 = 1.0
DDL_MY = ("CREATE TABLE bench (id INT NOT NULL PRIMARY KEY, a VARCHAR(40), b DECIMAL(12,2), c DATETIME(6), "
          "d INT)")
DDL_PG = ("CREATE TABLE bench (id integer PRIMARY KEY, a varchar(40), b numeric(12,2), c timestamp(6), d integer, "
          "applied_at timestamp(6))")


def my(db: str | None = None) -> pymysql.Connection:
    return pymysql.connect(**MARIADB, database=db, autocommit=True, charset="utf8mb4")


def pg(db: str | None = None) -> psycopg.Connection:
    dsn = PG_DSN if db is None else PG_DSN.rsplit("/", 1)[0] + "/" + db
    return psycopg.connect(dsn, autocommit=True)


def position(conn: pymysql.Connection) -> tuple[str, int]:
    with conn.cursor() as cur:
        cur.execute("SHOW MASTER STATUS")
        row = cur.fetchone()
    return row[0], int(row[1])


def initial_rows() -> list[tuple]:
    return [(i, f"row {i}", Decimal(i) / 100, f"2024-01-01 00:00:{i % 60:02d}.{i:06d}", i) for i in range(1, ROWS + 1)]


def setup(db: str, pgdb: str) -> None:
    with my() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{db}`")
    with my(db) as conn, conn.cursor() as cur:
        cur.execute(DDL_MY)
        cur.executemany("INSERT INTO bench VALUES (%s, %s, %s, %s, %s)", initial_rows())
    with pg() as conn:
        conn.execute(f'CREATE DATABASE "{pgdb}"')
    with pg(pgdb) as conn:
        conn.execute(DDL_PG)
        conn.execute("CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$BEGIN NEW.applied_at := clock_timestamp(); RETURN NEW; END$$")
        conn.execute("CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON bench FOR EACH ROW EXECUTE FUNCTION stamp()")


def reset_target(pgdb: str, snapshot: list[tuple]) -> None:
    with pg(pgdb) as conn:
        conn.execute("TRUNCATE bench")
        with conn.cursor().copy("COPY bench (id, a, b, c, d) FROM STDIN") as copy:
            for row in snapshot:
                copy.write_row(row)


def source_rows(db: str) -> list[tuple]:
    with my(db) as conn, conn.cursor() as cur:
        cur.execute("SELECT id, a, b, c, d FROM bench ORDER BY id")
        return list(cur.fetchall())


def fingerprint(rows: list[tuple]) -> tuple[int, str]:
    h = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r[0]):
        h.update(repr(tuple(str(v) for v in row)).encode())
    return len(rows), h.hexdigest()


def target_rows(pgdb: str) -> list[tuple]:
    with pg(pgdb) as conn:
        return conn.execute("SELECT id, a, b, c, d FROM bench ORDER BY id").fetchall()


def write_changes(db: str, n: int, seed: int = 1, threads: int = 2) -> None:
    """n single-row transactions: 50% updates, 30% inserts, 20% deletes."""
    def work(part: int, count: int) -> None:
        rng = random.Random(seed + part)
        next_id = 1_000_000 * (part + 1)
        with my(db) as conn, conn.cursor() as cur:
            for i in range(count):
                r = rng.random()
                k = rng.randint(1, ROWS)
                if r < 0.5:
                    cur.execute("UPDATE bench SET a = %s, b = b + 1, d = d + 1 WHERE id = %s", (f"u{i}", k))
                elif r < 0.8:
                    next_id += 1
                    cur.execute("INSERT INTO bench VALUES (%s, %s, %s, NOW(6), %s)", (next_id, f"i{i}", i, i))
                else:
                    cur.execute("DELETE FROM bench WHERE id = %s", (k,))
    workers = [threading.Thread(target=work, args=(t, n // threads)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


# --- the runs ------------------------------------------------------------------------------------------------

def run_sct(db: str, pgdb: str, start: tuple[str, int], profile: bool = False) -> tuple[float, int]:
    from sct.runner.cdc.engine import capture, open_change_source
    from sct.runner.cdc.settings import CdcSettings
    from sct.runner.full_load import LoadSettings

    settings = LoadSettings(source=f"mysql://root@127.0.0.1:3306/{db}",
                            target=f"postgresql://root@127.0.0.1:5432/{pgdb}", task_id=f"b{uuid.uuid4().hex[:8]}",
                            mode="cdc", cdc=CdcSettings(start_position=f"{start[0]}:{start[1]}",
                                                        until_caught_up=True, validate=False))
    changes = open_change_source(settings)
    profiler = cProfile.Profile() if profile else None
    began = time.perf_counter()
    try:
        if profiler:
            profiler.enable()
        result = capture(settings, changes, log=lambda _: None)
        if profiler:
            profiler.disable()
    finally:
        changes.close()
    seconds = time.perf_counter() - began
    if profiler:
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(25)
            print(f"\n--- sct catch-up profile, by {order} ---\n" + out.getvalue()[:6000])
    return seconds, result.changes


def run_reference(db: str, pgdb: str, start: tuple[str, int], commit_every: int | None) -> tuple[float, int]:
    """python-mysql-replication, row by row; commit_every None: decode only."""
    from pymysqlreplication import BinLogStreamReader
    from pymysqlreplication.row_event import DeleteRowsEvent, UpdateRowsEvent, WriteRowsEvent

    began = time.perf_counter()
    stream = BinLogStreamReader(connection_settings=dict(MARIADB), server_id=random.randint(10_000, 10**9),
                                only_events=[WriteRowsEvent, UpdateRowsEvent, DeleteRowsEvent], only_schemas=[db],
                                log_file=start[0], log_pos=start[1], resume_stream=True, blocking=False)
    n = 0
    conn = pg(pgdb) if commit_every else None
    if conn is not None:
        conn.autocommit = False
    cur = conn.cursor() if conn is not None else None
    try:
        for event in stream:
            for row in event.rows:
                n += 1
                if cur is None:
                    continue
                # without binlog_row_metadata=FULL the library names columns UNKNOWN_COLn: take them in order
                if isinstance(event, WriteRowsEvent):
                    cur.execute("INSERT INTO bench (id, a, b, c, d) VALUES (%s, %s, %s, %s, %s)",
                                tuple(row["values"].values()))
                elif isinstance(event, UpdateRowsEvent):
                    cur.execute("UPDATE bench SET id = %s, a = %s, b = %s, c = %s, d = %s WHERE id = %s",
                                (*row["after_values"].values(), next(iter(row["before_values"].values()))))
                else:
                    cur.execute("DELETE FROM bench WHERE id = %s", (next(iter(row["values"].values())),))
                if n % commit_every == 0:
                    conn.commit()
        if conn is not None:
            conn.commit()
    finally:
        stream.close()
        if conn is not None:
            conn.close()
    return time.perf_counter() - began, n


# --- lag at a fixed offered rate ----------------------------------------------------------------------------------

def measure_lag(db: str, pgdb: str, rate: int, seconds: float) -> dict:
    from sct.runner.cdc.engine import capture, open_change_source
    from sct.runner.cdc.settings import CdcSettings
    from sct.runner.full_load import LoadSettings

    settings = LoadSettings(source=f"mysql://root@127.0.0.1:3306/{db}",
                            target=f"postgresql://root@127.0.0.1:5432/{pgdb}", task_id=f"l{uuid.uuid4().hex[:8]}",
                            mode="cdc", cdc=CdcSettings(validate=False))
    with my(db) as conn:
        start = position(conn)
    settings.cdc.start_position = f"{start[0]}:{start[1]}"
    changes = open_change_source(settings)
    stop = threading.Event()
    box: dict = {}

    def run() -> None:
        try:
            box["result"] = capture(settings, changes, log=lambda _: None, stop=stop)
        except BaseException as error:      # noqa: BLE001
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(1.0)
    per_tick = max(1, rate // 100)
    rng = random.Random(5)
    offered = 0
    next_id = 5_000_000
    with my(db) as conn, conn.cursor() as cur:
        cur.execute("SET time_zone = '+00:00'")         # NOW(6) in UTC, as sct's PostgreSQL sessions stamp it
        began = time.perf_counter()
        tick = began
        while time.perf_counter() - began < seconds:
            for _ in range(per_tick):
                if rng.random() < 0.6:
                    cur.execute("UPDATE bench SET c = NOW(6), d = d + 1 WHERE id = %s", (rng.randint(1, ROWS),))
                else:
                    next_id += 1
                    cur.execute("INSERT INTO bench VALUES (%s, 'lag', 1, NOW(6), 1)", (next_id,))
                offered += 1
            tick += 0.01
            pause = tick - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        elapsed = time.perf_counter() - began
    time.sleep(2.0)
    stop.set()
    thread.join(60)
    changes.close()
    if "error" in box:
        raise box["error"]
    with pg(pgdb) as conn:
        lags = [r[0] for r in conn.execute(
            "SELECT extract(epoch FROM applied_at - c) FROM bench WHERE applied_at IS NOT NULL AND c >= %s",
            (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - seconds - 5)),)).fetchall()]
    lags = sorted(float(x) for x in lags)
    if not lags:
        return {"offered_rate": offered / elapsed, "samples": 0}
    return {"offered_rate": offered / elapsed, "samples": len(lags), "p50": lags[len(lags) // 2],
            "p99": lags[min(len(lags) - 1, int(0.99 * len(lags)))], "max": lags[-1]}


# --- main -----------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20_000, help="changes to catch up on (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, interleaved; the median is kept")
    parser.add_argument("--rate", type=int, default=2000, help="offered changes/s for the lag test (default 2000)")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the lag test (default 15)")
    parser.add_argument("--profile", action="store_true", help="profile one more sct catch-up")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args(argv)

    db = f"sct_bench_cdc_{uuid.uuid4().hex[:8]}"
    pgdb = db
    failures = 0
    try:
        print(f"setting up {db} (MariaDB and PostgreSQL, {ROWS:,} rows each)")
        setup(db, pgdb)
        snapshot = source_rows(db)
        with my(db) as conn:
            start = position(conn)
        began = time.perf_counter()
        write_changes(db, args.changes)
        wrote = time.perf_counter() - began
        print(f"wrote {args.changes:,} single-row transactions in {wrote:.1f} s "
              f"({args.changes / wrote:,.0f}/s offered by two client threads)")
        expected = fingerprint(source_rows(db))
        runs: dict[str, list[float]] = {"sct": [], "reference": [], "reference-500": [], "decode-only": []}
        counts: dict[str, int] = {}
        for rep in range(args.repeat):
            for name in runs:
                if name != "decode-only":
                    reset_target(pgdb, snapshot)
                if name == "sct":
                    seconds, n = run_sct(db, pgdb, start)
                else:
                    seconds, n = run_reference(db, pgdb, start, {"reference": 1, "reference-500": 500,
                                                                 "decode-only": None}[name])
                runs[name].append(seconds)
                counts[name] = n
                ok = True
                if name != "decode-only":
                    got = fingerprint(target_rows(pgdb))
                    ok = got == expected
                    failures += not ok
                print(f"  round {rep + 1}: {name:<14} {seconds:6.2f} s  {n:,} changes  {n / seconds:8,.0f}/s"
                      + ("" if ok else "  WRONG: the target differs from the source"))
        print(f"\ncatching up (median of {args.repeat}):")
        rate = {name: counts[name] / statistics.median(times) for name, times in runs.items()}
        for name in runs:
            print(f"  {name:<14} {statistics.median(runs[name]):6.2f} s  {rate[name]:8,.0f} changes/s")
        ratio = rate["sct"] / rate["reference"]
        print(f"  sct / row-by-row reference: {ratio:.2f}x (goal >= {GOAL_RATIO}x: "
              f"{'met' if ratio >= GOAL_RATIO else 'NOT MET'}); sct / reference committing every 500: "
              f"{rate['sct'] / rate['reference-500']:.2f}x; sct / decode only: {rate['sct'] / rate['decode-only']:.2f}x")
        if args.profile:
            reset_target(pgdb, snapshot)
            run_sct(db, pgdb, start, profile=True)
        print(f"\nlag at {args.rate:,} changes/s offered for {args.seconds:.0f} s:")
        lag = measure_lag(db, pgdb, args.rate, args.seconds)
        if lag["samples"]:
            print(f"  offered {lag['offered_rate']:,.0f} changes/s; {lag['samples']:,} changes timed: "
                  f"p50 {lag['p50'] * 1000:.0f} ms, p99 {lag['p99'] * 1000:.0f} ms, max {lag['max'] * 1000:.0f} ms "
                  f"(goal p99 < {GOAL_P99:.0f} s: {'met' if lag['p99'] < GOAL_P99 else 'NOT MET'})")
        else:
            print("  no change was timed: WRONG")
            failures += 1
    finally:
        if not args.keep:
            with my() as conn, conn.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{db}`")
            with pg() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pgdb}" WITH (FORCE)')
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
