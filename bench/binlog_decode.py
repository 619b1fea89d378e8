"""Benchmark: decoding MariaDB's binary log with sct's MySQLChangeSource against python-mysql-replication.

    .venv/bin/python bench/binlog_decode.py [--changes 20000] [--repeat 3] [--threads 4] [--profile] [--keep]
                                            [--mariadb mysql://root@127.0.0.1:3306]

1. Creates a scratch database (unique name, dropped at the end unless --keep) with one table
   t (id int primary key, a varchar(40), b decimal(12,2), c datetime(6), d int) and, from the position the
   server reports then, writes --changes single-row transactions (about 60% inserts, 25% updates, 15% deletes;
   unicode text, negative decimals, NULLs in about 10% of a, b, c) from --threads client threads, each sending
   multi-statement batches with autocommit (every statement its own transaction).
2. Decodes that stretch of the log without blocking, --repeat rounds, interleaved:
   (A) sct:       MySQLChangeSource.stream(start, tables, blocking=False), the `tables` callable giving the
                  scratch table's TableInfo (MySQLSource.tables) and None for every other table;
   (B) reference: pymysqlreplication.BinLogStreamReader (pip mysql-replication, reference only, not a
                  runtime dependency) with only_schemas=[db], blocking=False, resume_stream=True, the same
                  log_file and log_pos, only_events=Write/Update/DeleteRowsEvent, every event's `rows` read
                  (its decoding is lazy).
   Both stop at the last written change (other sessions may write to the same log meanwhile; their events are
   skipped by both), and both must count exactly --changes changes with the same values in the first round.
   Who reads first alternates from round to round.
3. Prints per reader the median, min and max seconds and changes/s, and the ratio sct/reference; the goal (sct
   at least 3x the reference) as met / NOT MET. --profile: one more sct pass under cProfile, top 25 by own
   time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import random
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql
from pymysql.constants import CLIENT

from sct.runner.cdc.model import SourceTransaction
from sct.runner.cdc.mysql_binlog import MySQLChangeSource
from sct.runner.endpoints import open_source

GOAL = 3.0                      # sct changes/s over the reference's, at least
BATCH = 250                     # statements per multi-statement round trip
TEXTS = ["plain ascii", "Grüße aus Köln", "Ελληνικά", "日本語のテキスト", "emoji 😀🎉", "", "a" * 40]


class BenchFailure(Exception):
    pass


def connect(server: str, database: str | None = None, **kwargs: Any) -> pymysql.Connection:
    url = urlsplit(server)
    return pymysql.connect(host=url.hostname or "127.0.0.1", port=url.port or 3306,
                           user=unquote(url.username or "root"), password=unquote(url.password or ""),
                           database=database, charset="utf8mb4", autocommit=True, **kwargs)


def dsn(server: str, database: str) -> str:
    return server.rstrip("/") + "/" + database


# --- the changes --------------------------------------------------------------------------------------------

def statements(worker: int, count: int, seed: int) -> list[str]:
    """`count` single-row statements on keys of this worker only (id % workers spread by worker * 10**7)."""
    rng = random.Random(seed * 1000 + worker)
    base = worker * 10**7
    live: list[int] = []
    next_id = base
    out = []

    def value() -> str:
        a = "NULL" if rng.random() < 0.1 else "'" + rng.choice(TEXTS) + "'"
        b = "NULL" if rng.random() < 0.1 else str(Decimal(rng.randint(-10**9, 10**9)) / 100)
        at = datetime(2020, 1, 1) + timedelta(seconds=rng.randint(0, 10**8),
                                              microseconds=rng.randint(0, 999999))
        c = "NULL" if rng.random() < 0.1 else f"'{at}'"
        return f"{a}, {b}, {c}, {rng.randint(-10**9, 10**9)}"

    while len(out) < count:
        roll = rng.random()
        if roll < 0.25 and live:
            # d = 1 - d always changes the row: an UPDATE that changes nothing is not logged
            out.append(f"UPDATE t SET a = 'updated', b = b + 1, d = 1 - d WHERE id = {rng.choice(live)}")
        elif roll < 0.40 and live:
            out.append(f"DELETE FROM t WHERE id = {live.pop(rng.randrange(len(live)))}")
        else:
            out.append(f"INSERT INTO t VALUES ({next_id}, {value()})")
            live.append(next_id)
            next_id += 1
    return out


def write_changes(server: str, database: str, changes: int, threads: int, seed: int) -> float:
    """Writes the changes from `threads` connections; returns the seconds taken."""
    per = [changes // threads + (1 if i < changes % threads else 0) for i in range(threads)]
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            conn = connect(server, database, client_flag=CLIENT.MULTI_STATEMENTS)
            try:
                with conn.cursor() as cur:
                    todo = statements(worker, per[worker], seed)
                    for i in range(0, len(todo), BATCH):
                        cur.execute(";\n".join(todo[i:i + BATCH]))
                        while cur.nextset():
                            pass
            finally:
                conn.close()
        except BaseException as e:
            errors.append(e)

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise BenchFailure(f"writing the changes failed: {errors[0]}")
    return time.perf_counter() - started


# --- the readers --------------------------------------------------------------------------------------------

def read_sct(server: str, database: str, start: Any, changes: int) -> tuple[float, list[tuple]]:
    """Seconds to decode `changes` changes with MySQLChangeSource, and (op, before, after) of each."""
    source = open_source(dsn(server, database))
    table = {t.name: t for t in source.tables()}["t"]
    source.close()
    cdc = MySQLChangeSource(dsn(server, database))

    def tables(schema: str, name: str) -> Any:
        return table if schema == database and name == "t" else None

    seen: list[tuple] = []
    started = time.perf_counter()
    for item in cdc.stream(start, tables, blocking=False):
        if isinstance(item, SourceTransaction):
            seen.extend((c.op, c.before, c.after) for c in item.changes)
            if len(seen) >= changes:
                break
    seconds = time.perf_counter() - started
    cdc.close()
    return seconds, seen


def read_reference(server: str, database: str, start: Any, changes: int) -> tuple[float, list[tuple]]:
    """The same with pymysqlreplication's BinLogStreamReader."""
    from pymysqlreplication import BinLogStreamReader
    from pymysqlreplication.row_event import DeleteRowsEvent, UpdateRowsEvent, WriteRowsEvent

    url = urlsplit(server)
    settings = {"host": url.hostname or "127.0.0.1", "port": url.port or 3306,
                "user": unquote(url.username or "root"), "passwd": unquote(url.password or "")}
    seen: list[tuple] = []
    started = time.perf_counter()
    stream = BinLogStreamReader(connection_settings=settings, server_id=random.randint(10000, 4_000_000_000),
                                blocking=False, resume_stream=True, log_file=start.file, log_pos=start.pos,
                                only_schemas=[database],
                                only_events=[WriteRowsEvent, UpdateRowsEvent, DeleteRowsEvent])
    try:
        # without binlog_row_metadata=FULL it names the columns UNKNOWN_COL0.. (in table order)
        for event in stream:
            for row in event.rows:
                if isinstance(event, WriteRowsEvent):
                    seen.append(("insert", None, tuple(row["values"].values())))
                elif isinstance(event, UpdateRowsEvent):
                    seen.append(("update", tuple(row["before_values"].values()),
                                 tuple(row["after_values"].values())))
                else:
                    seen.append(("delete", tuple(row["values"].values()), None))
            if len(seen) >= changes:
                break
    finally:
        stream.close()
    return time.perf_counter() - started, seen


def profile_sct(server: str, database: str, start: Any, changes: int) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(read_sct, server, database, start, changes)
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(25)
    text = buffer.getvalue()
    return text[text.find("   ncalls"):]


# --- main ---------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20000,
                        help="single-row transactions to write (default 20000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of the interleaved reads; the median is kept")
    parser.add_argument("--threads", type=int, default=4, help="client threads writing the changes")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one sct pass (top 25 by own time)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--mariadb", default="mysql://root@127.0.0.1:3306",
                        help="MariaDB server (no database)")
    args = parser.parse_args(argv)
    if args.changes < 1 or args.repeat < 1 or args.threads < 1:
        parser.error("--changes, --repeat and --threads must be at least 1")

    def log(line: str) -> None:
        print(line, flush=True)

    # the reference warns on every connection that binlog_row_metadata is not FULL (so it has no column names)
    logging.getLogger("pymysqlreplication").setLevel(logging.ERROR)

    database = f"sct_bench_{uuid.uuid4().hex[:8]}"
    status = 0
    admin = connect(args.mariadb)
    try:
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4")
            cur.execute(f"CREATE TABLE `{database}`.t (id int PRIMARY KEY, a varchar(40), b decimal(12,2), "
                        "c datetime(6), d int)")
        start = MySQLChangeSource(dsn(args.mariadb, database)).current_position()
        seconds = write_changes(args.mariadb, database, args.changes, args.threads, args.seed)
        log(f"binlog decode benchmark: {args.changes:,} single-row transactions written in {seconds:.1f} s "
            f"by {args.threads} threads into {database}.t from {start}; {args.repeat} interleaved rounds")
        readers: dict[str, Callable[..., tuple[float, list[tuple]]]] = {"sct": read_sct,
                                                                        "reference": read_reference}
        times: dict[str, list[float]] = {name: [] for name in readers}
        for round_number in range(1, args.repeat + 1):
            results = {}
            # alternate who goes first: the first read of a round may find the log colder in the page cache
            order = list(readers.items()) if round_number % 2 else list(reversed(readers.items()))
            for name, reader in order:
                seconds, seen = reader(args.mariadb, database, start, args.changes)
                if len(seen) != args.changes:
                    raise BenchFailure(f"{name} decoded {len(seen)} changes, not {args.changes}")
                times[name].append(seconds)
                results[name] = seen
                log(f"  round {round_number} {name:<9} {seconds:6.2f} s  "
                    f"{args.changes / seconds:9,.0f} changes/s")
            if round_number == 1:
                pairs = zip(results["sct"], results["reference"], strict=True)
                differences = [i for i, (a, b) in enumerate(pairs) if a != b]
                if differences:
                    i = differences[0]
                    log(f"  VALUES DIFFER in {len(differences)} changes, first #{i}: sct {results['sct'][i]} "
                        f"reference {results['reference'][i]}")
                    status = 1
                else:
                    log("  values: both readers decoded the same changes")
        rates = {name: args.changes / statistics.median(t) for name, t in times.items()}
        log("\nreader        median s   min s   max s     changes/s")
        for name, t in times.items():
            log(f"{name:<12} {statistics.median(t):8.2f} {min(t):7.2f} {max(t):7.2f} {rates[name]:13,.0f}")
        ratio = rates["sct"] / rates["reference"]
        verdict = "met" if ratio >= GOAL else "NOT MET"
        log(f"\nsct / reference: {ratio:.2f}x (goal at least {GOAL:.0f}x: {verdict})")
        if args.profile:
            log("\nsct under cProfile, top 25 by own time:\n" + profile_sct(args.mariadb, database, start,
                                                                            args.changes))
    except BenchFailure as failure:
        log(f"\nBENCHMARK FAILED: {failure}")
        status = 1
    finally:
        if args.keep:
            log(f"kept: MariaDB {database}")
        else:
            with admin.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{database}`")
        admin.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
