"""Benchmark: full load MariaDB -> PostgreSQL with `sct migrate`, the raw mariadb | psql pipeline, and pgloader.

    .venv/bin/python bench/full_load.py [--scale 0.1] [--repeat 3] [--parallel N] [--chunk-rows N]
                                        [--tools sct,raw,pgloader] [--gen load-data|insert] [--profile] [--keep]

1. Generates a dataset in a scratch MariaDB database (unique name, dropped at the end unless --keep): customers,
   products, orders, order_items with foreign keys; bigint keys, decimals, unicode varchar, text holding tabs,
   newlines, CR, quotes, backslashes and the literal strings 'NULL' and '\\N', datetime(6), timestamp, enum,
   JSON, blobs, tinyint(1); about 10% NULLs in every nullable column. --scale 1.0 is 2.26M rows, ~1.0 GB of
   values; the default 0.1 takes a few minutes in all on a 2-core machine. The rows are written as a TSV and
   loaded with LOAD DATA LOCAL INFILE (--gen insert: multi-row INSERTs through PyMySQL instead, to compare).
2. Measures, interleaved (sct raw pgloader, sct raw pgloader, ...), each run into a fresh scratch PostgreSQL
   database:
   (A) sct:      `sct migrate --source mysql://... --target postgresql://... --prep-mode drop-and-create
                 --no-validate`: the whole run (tables with primary keys, data, sct_control bookkeeping);
   (B) raw:      CREATE TABLE with primary keys (the types sct chooses), then per table
                 `mariadb --quick --batch --raw -N -e "SELECT ..." db | psql -c "\\copy t (...) FROM STDIN"`,
                 then the foreign keys; the SELECT writes PostgreSQL COPY text itself (see raw_select);
   (C) pgloader: `pgloader mysql://root@127.0.0.1/db postgresql://root@127.0.0.1/target`, all defaults.
   Every run's row counts are checked against the source: a run that fails or loads other counts is printed as
   FAILED (with the tool's log), that tool sits out the later rounds, and the exit status is 1. In the
   first round the sct and raw targets are also compared column by column (types and an order-independent
   hash of every value's text) and any difference is printed.
3. Prints per tool the median seconds of --repeat runs, rows/s, MB/s, CPU seconds of the client processes and of
   the two servers, the peak memory of the tool's process tree (sum of RSS and of PSS, sampled from /proc every
   50 ms), the ratios sct/raw and pgloader/sct, and the goals (sct at least 2x faster than pgloader's defaults,
   within 1.25x of the raw pipeline, peak memory under 500 MB) as met / NOT MET.
4. --profile: one more sct load in this process under cProfile, with parallel=1 (sct.runner.full_load.
   run_full_load called directly), and the top 25 functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql

BASE_ROWS = {"customers": 200_000, "products": 60_000, "orders": 600_000, "order_items": 1_400_000}
TABLES = ["customers", "products", "orders", "order_items"]          # parents first
NULLS = 0.10                                                           # share of NULLs in nullable columns
GOAL_VS_PGLOADER = 2.0                                                 # pgloader s / sct s at least this
GOAL_VS_RAW = 1.25                                                     # sct s / raw s at most this
GOAL_MEMORY = 500 * 10**6                                              # bytes, sct process tree
SAMPLE_SECONDS = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


# --- the schema ------------------------------------------------------------------------------------------------
# (column, MariaDB type, PostgreSQL type as sct's runner.ddl makes it, kind). Kinds: int, num (decimal), plain
# (text that never holds \t \n \r \\), text (anything), json, dt (datetime), ts (timestamp), blob, bool, enum.

def _enum(*members: str) -> str:
    return "enum(" + ",".join(f"'{m}'" for m in members) + ")"


CUSTOMER_STATUS = ("active", "suspended", "closed", "pending review")
CATEGORIES = ("books", "garden", "électronique", "toys & games", "food/drink")
ORDER_STATUS = ("new", "paid", "shipped", "delivered", "cancelled", "refunded")

SCHEMA: dict[str, list[tuple[str, str, str, str, bool]]] = {
    # (column, mariadb type, postgres type, kind, nullable)
    "customers": [
        ("id", "bigint", "bigint", "int", False),
        ("email", "varchar(255)", "varchar(255)", "plain", False),
        ("full_name", "varchar(200)", "varchar(200)", "text", False),
        ("country", "char(2)", "varchar(2)", "plain", True),
        ("balance", "decimal(14,2)", "numeric(14,2)", "num", False),
        ("credit_limit", "decimal(12,2)", "numeric(12,2)", "num", True),
        ("status", _enum(*CUSTOMER_STATUS), "text", "enum", False),
        ("created_at", "datetime(6)", "timestamp(6)", "dt", False),
        ("last_login", "timestamp", "timestamptz(0)", "ts", True),
        ("bio", "text", "text", "text", True),
        ("preferences", "json", "jsonb", "json", True),
        ("avatar", "blob", "bytea", "blob", True),
    ],
    "products": [
        ("id", "bigint", "bigint", "int", False),
        ("sku", "varchar(40)", "varchar(40)", "plain", False),
        ("name", "varchar(200)", "varchar(200)", "text", False),
        ("category", _enum(*CATEGORIES), "text", "enum", False),
        ("price", "decimal(12,2)", "numeric(12,2)", "num", False),
        ("weight_kg", "decimal(9,3)", "numeric(9,3)", "num", True),
        ("description", "mediumtext", "text", "text", True),
        ("attributes", "json", "jsonb", "json", True),
        ("thumbnail", "mediumblob", "bytea", "blob", True),
        ("created_at", "datetime(6)", "timestamp(6)", "dt", False),
        ("updated_at", "timestamp", "timestamptz(0)", "ts", True),
    ],
    "orders": [
        ("id", "bigint", "bigint", "int", False),
        ("customer_id", "bigint", "bigint", "int", False),
        ("status", _enum(*ORDER_STATUS), "text", "enum", False),
        ("ordered_at", "datetime(6)", "timestamp(6)", "dt", False),
        ("shipped_at", "timestamp", "timestamptz(0)", "ts", True),
        ("total", "decimal(14,2)", "numeric(14,2)", "num", False),
        ("tax", "decimal(12,4)", "numeric(12,4)", "num", True),
        ("currency", "char(3)", "varchar(3)", "plain", False),
        ("shipping_address", "varchar(500)", "varchar(500)", "text", True),
        ("notes", "text", "text", "text", True),
        ("meta", "json", "jsonb", "json", True),
    ],
    "order_items": [
        ("id", "bigint", "bigint", "int", False),
        ("order_id", "bigint", "bigint", "int", False),
        ("product_id", "bigint", "bigint", "int", False),
        ("quantity", "int", "integer", "int", False),
        ("unit_price", "decimal(12,2)", "numeric(12,2)", "num", False),
        ("discount", "decimal(5,2)", "numeric(5,2)", "num", True),
        ("line_note", "varchar(255)", "varchar(255)", "text", True),
        ("gift_wrap", "tinyint(1)", "boolean", "bool", False),
        ("added_at", "datetime(6)", "timestamp(6)", "dt", False),
        ("payload", "tinyblob", "bytea", "blob", True),
    ],
}
FOREIGN_KEYS = [("orders", "customer_id", "customers"), ("order_items", "order_id", "orders"),
                ("order_items", "product_id", "products")]


def mariadb_ddl(table: str) -> str:
    cols = [f"`{c}` {t}{'' if nullable else ' NOT NULL'}{' DEFAULT NULL' if nullable and t == 'timestamp' else ''}"
            for c, t, _, _, nullable in SCHEMA[table]]
    cols.append("PRIMARY KEY (`id`)")
    for child, column, parent in FOREIGN_KEYS:
        if child == table:
            cols.append(f"CONSTRAINT `fk_{table}_{column}` FOREIGN KEY (`{column}`) REFERENCES `{parent}` (`id`)")
    return (f"CREATE TABLE `{table}` (\n  " + ",\n  ".join(cols)
            + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci")


def postgres_ddl(table: str) -> str:
    cols = [f'"{c}" {pg}{"" if nullable else " NOT NULL"}' for c, _, pg, _, nullable in SCHEMA[table]]
    cols.append('PRIMARY KEY ("id")')
    return f'CREATE TABLE "{table}" (\n    ' + ",\n    ".join(cols) + "\n)"


# --- the data --------------------------------------------------------------------------------------------------

FRAGMENTS = [
    "tab\there", "line one\nline two", "windows\r\nline end", 'say "hello"', "it's", "O'Brien", "back\\slash",
    "C:\\path\\to\\file.txt", "\\N", "NULL", "null", "\\\\N", "50% off", "a,b;c|d", '{"json": "like"}',
    "naïve café", "Zürich Straße", "Ελληνικά", "русский текст", "日本語のテキスト", "中文字符", "한국어",
    "עברית", "العربية", "emoji 🎉🚀👍🏽", "math ∑∫√∞ ≠ ≤", "   padded   ", "\\t is not a tab", "ends with \\",
    "$1 && `cmd` || %s", "<b>html</b> &amp;", "'; DROP TABLE x; --", "\ttab first", "trailing newline\n",
]
WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea "
         "commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur "
         "excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
         "laborum café über façade smörgåsbord jalapeño Ωmega 東京 Москва").split()
WHOLE_VALUES = ["", "NULL", "\\N", "\\", "\t", "\n", " ", "null", "\\\\"]
FIRST = ["Anna", "José", "Zoë", "Søren", "Łukasz", "Ngọc", "Ahmed", "Mei", "Olúwaseun", "Ævar", "Chloé", "Björn",
         "O'Neil", "Ana-María", "Иван", "さくら", "민준", "Δημήτρης", "Renée", "Jürgen"]
LAST = ["Smith", "Müller", "García", "Nguyễn", "Kowalski", "O'Connor", "van der Berg", "Øster", "Dubois",
        "Петров", "田中", "김", "Παπαδόπουλος", "Fernández", "Żółć", "d'Artagnan", "Al-Hassan", "Bäckström"]
COUNTRIES = ["US", "DE", "FR", "JP", "BR", "IN", "GB", "ES", "PL", "VN", "KR", "GR", "RU", "IL", "EG", "SE"]
CURRENCIES = ["USD", "EUR", "JPY", "GBP", "BRL", "INR", "PLN", "SEK"]
CITIES = ["München", "São Paulo", "東京都", "Kraków", "Reykjavík", "Springfield", "Saint-Étienne"]
DOMAINS = ["example.com", "example.org", "bücher.example", "mail.example.net", "例え.example"]


class Pools:
    """Values the rows draw from: built once per run from the seed, so every run of a scale has the same data."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3000)]
        self.bios = [self.text(120, 900) for _ in range(3000)]
        self.descriptions = [self.text(600, 2600) for _ in range(2000)]
        self.notes = [self.text(40, 500) for _ in range(3000)] + WHOLE_VALUES
        self.addresses = ["\n".join([f"{rng.randint(1, 9999)} {rng.choice(WORDS).title()} St.",
                                      rng.choice(["Apt 5", "c/o " + rng.choice(LAST), "", "Floor 3\t(rear)"]),
                                      f"{rng.choice(CITIES)} {rng.randint(10000, 99999)}"]) for _ in range(2000)]
        self.line_notes = [self.text(5, 120) for _ in range(2000)] + WHOLE_VALUES
        self.product_names = [self.text(8, 150).replace("\n", " ") for _ in range(2000)]
        self.prefs = [self.json_doc(small=True) for _ in range(1000)]
        self.attrs = [self.json_doc(small=False) for _ in range(1000)]
        self.meta = [self.json_doc(small=True) for _ in range(2000)] + ["[]", "{}", '"just a string"', "null", "42"]
        self.avatars = [rng.randbytes(rng.randint(100, 400)) for _ in range(500)]
        self.thumbnails = [rng.randbytes(rng.randint(1000, 3000)) for _ in range(300)]
        self.payloads = [rng.randbytes(rng.randint(16, 48)) for _ in range(1000)] + [b"", b"\x00", b"\\N\t\n"]

    def text(self, low: int, high: int) -> str:
        rng, want = self.rng, self.rng.randint(low, high)
        parts, size = [], 0
        while size < want:
            piece = rng.choice(FRAGMENTS) if rng.random() < 0.15 else rng.choice(WORDS)
            parts.append(piece)
            size += len(piece) + 1
        return " ".join(parts)[:high]

    def json_doc(self, small: bool) -> str:
        rng = self.rng
        doc = {"theme": rng.choice(["dark", "light", "солнечный"]), "notify": rng.random() < 0.5,
               "tags": [rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 4))],
               "limits": {"daily": rng.randint(0, 10_000), "ratio": round(rng.random(), 4)},
               "note": rng.choice(FRAGMENTS), "nothing": None}
        if not small:
            doc["dimensions"] = {"w": rng.randint(1, 500), "h": rng.randint(1, 500), "unit": "mm"}
            doc["history"] = [{"at": f"2021-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "by": rng.choice(LAST),
                               "what": self.text(10, 60)} for _ in range(rng.randint(1, 4))]
        return json.dumps(doc, ensure_ascii=False)


_T2000 = 946_684_800            # 2000-01-01 UTC
_SPAN = 30 * 365 * 86_400       # to about 2030 (TIMESTAMP stops in 2038)


def _datetime(seconds: int, micros: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + f".{micros:06d}"


def _timestamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def rows_for(table: str, n: int, counts: dict[str, int], pools: Pools, rng: random.Random) -> Iterator[tuple]:
    """The rows of a table, as Python values: int, str (decimals and datetimes too), bytes, None."""
    r, ri, choice = rng.random, rng.randint, rng.choice

    def maybe(value_fn: Callable[[], object]) -> object:
        return None if r() < NULLS else value_fn()

    if table == "customers":
        for i in range(1, n + 1):
            created = _T2000 - 10 * 365 * 86_400 + ri(0, _SPAN)        # from 1990: before the TIMESTAMP epoch too
            yield (i, f"{choice(FIRST).lower()}.{i}@{choice(DOMAINS)}", choice(pools.names),
                   maybe(lambda: choice(COUNTRIES)), _money(ri(-500_000, 50_000_000)),
                   maybe(lambda: _money(ri(0, 10_000_000))), choice(CUSTOMER_STATUS),
                   _datetime(created, ri(0, 999_999)), maybe(lambda: _timestamp(_T2000 + ri(0, _SPAN))),
                   maybe(lambda: choice(pools.bios)), maybe(lambda: choice(pools.prefs)),
                   maybe(lambda: choice(pools.avatars)))
    elif table == "products":
        for i in range(1, n + 1):
            yield (i, f"SKU-{i:08d}-{choice('ABCDEFGH')}", choice(pools.product_names), choice(CATEGORIES),
                   _money(ri(1, 9_999_999)), maybe(lambda: f"{ri(0, 999_999) / 1000:.3f}"),
                   maybe(lambda: choice(pools.descriptions)), maybe(lambda: choice(pools.attrs)),
                   maybe(lambda: choice(pools.thumbnails)), _datetime(_T2000 + ri(0, _SPAN), ri(0, 999_999)),
                   maybe(lambda: _timestamp(_T2000 + ri(0, _SPAN))))
    elif table == "orders":
        customers = counts["customers"]
        for i in range(1, n + 1):
            at = _T2000 + ri(0, _SPAN)
            yield (i, ri(1, customers), choice(ORDER_STATUS), _datetime(at, ri(0, 999_999)),
                   maybe(lambda at=at: _timestamp(at + ri(3600, 30 * 86_400))), _money(ri(0, 100_000_000)),
                   maybe(lambda: f"{ri(0, 99_999_999) / 10_000:.4f}"), choice(CURRENCIES),
                   maybe(lambda: choice(pools.addresses)), maybe(lambda: choice(pools.notes)),
                   maybe(lambda: choice(pools.meta)))
    elif table == "order_items":
        orders, products = counts["orders"], counts["products"]
        for i in range(1, n + 1):
            yield (i, ri(1, orders), ri(1, products), ri(1, 50), _money(ri(1, 500_000)),
                   maybe(lambda: f"{ri(0, 9999) / 100:.2f}"), maybe(lambda: choice(pools.line_notes)),
                   1 if r() < 0.2 else 0, _datetime(_T2000 + ri(0, _SPAN), ri(0, 999_999)),
                   maybe(lambda: choice(pools.payloads)))
    else:
        raise ValueError(table)


# --- servers -----------------------------------------------------------------------------------------------------

@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str | None

    @classmethod
    def parse(cls, dsn: str, default_port: int) -> Server:
        u = urlsplit(dsn)
        return cls(u.hostname or "127.0.0.1", u.port or default_port, unquote(u.username or "root"),
                   unquote(u.password) if u.password else None)

    def dsn(self, scheme: str, database: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"{scheme}://{auth}@{self.host}:{self.port}/{database}"


class MariaDB:
    def __init__(self, server: Server):
        self.server = server

    def connect(self, database: str | None = None, **kwargs: object) -> pymysql.Connection:
        s = self.server
        return pymysql.connect(host=s.host, port=s.port, user=s.user, password=s.password or "", database=database,
                               charset="utf8mb4", autocommit=True, init_command="SET time_zone = '+00:00'",
                               **kwargs)

    def client_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.server.password:
            env["MYSQL_PWD"] = self.server.password
        return env


class Postgres:
    def __init__(self, server: Server):
        self.server = server

    def connect(self, database: str = "postgres", autocommit: bool = True) -> psycopg.Connection:
        s = self.server
        return psycopg.connect(host=s.host, port=s.port, user=s.user, password=s.password, dbname=database,
                               autocommit=autocommit, options="-c TimeZone=UTC -c DateStyle=ISO")

    def create(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def checkpoint(self) -> None:
        try:
            with self.connect() as conn:
                conn.execute("CHECKPOINT")
        except psycopg.Error:       # not a superuser (or pg_checkpoint member): go on without
            pass

    def client_env(self) -> dict[str, str]:
        env = dict(os.environ, PGCLIENTENCODING="UTF8", PGTZ="UTC")
        if self.server.password:
            env["PGPASSWORD"] = self.server.password
        return env


# --- generating the source -------------------------------------------------------------------------------------

_TSV = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"})


@dataclass
class Dataset:
    database: str
    counts: dict[str, int]
    value_bytes: int = 0
    innodb_bytes: int = 0
    generate_seconds: float = 0.0
    load_seconds: float = 0.0
    method: str = ""


def tsv_writer(table: str) -> Callable[[tuple], str]:
    """One TSV line for LOAD DATA (escapes \\ \\t \\n \\r \\0, NULL as \\N, blobs as hex for UNHEX)."""
    kinds = [kind for _, _, _, kind, _ in SCHEMA[table]]
    cache: dict[object, str] = {}       # pool values repeat: escape each once

    def fmt_text(v: object) -> str:
        if v is None:
            return "\\N"
        out = cache.get(v)
        if out is None:
            out = cache[v] = v.translate(_TSV)
        return out

    def fmt_blob(v: object) -> str:
        if v is None:
            return "\\N"
        out = cache.get(v)
        if out is None:
            out = cache[v] = v.hex()
        return out

    def fmt_plain(v: object) -> str:
        return "\\N" if v is None else str(v)

    formats = [fmt_text if k in ("text", "json") else fmt_blob if k == "blob" else fmt_plain for k in kinds]

    def line(row: tuple) -> str:
        return "\t".join([f(v) for f, v in zip(formats, row, strict=True)])
    return line


def generate(maria: MariaDB, database: str, scale: float, seed: int, method: str, log: Callable[[str], None]
             ) -> Dataset:
    counts = {t: max(1, round(n * scale)) for t, n in BASE_ROWS.items()}
    rng = random.Random(seed)
    pools = Pools(rng)
    data = Dataset(database, counts, method=method)
    with maria.connect() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn = maria.connect(database, max_allowed_packet=64 << 20)
    try:
        with conn.cursor() as cur:
            for table in TABLES:
                cur.execute(mariadb_ddl(table))
            session = "SET SESSION foreign_key_checks = 0, unique_checks = 0, time_zone = '+00:00'"
            cur.execute(session)
            try:
                cur.execute("SET SESSION sql_log_bin = 0")      # no binary log for scratch data, when allowed
                session += ", sql_log_bin = 0"
            except pymysql.MySQLError:
                pass
            for table in TABLES:
                started = time.perf_counter()
                rows = rows_for(table, counts[table], counts, pools, rng)
                if method == "load-data":
                    building = _load_data(maria, database, table, rows, session)
                    data.generate_seconds += building
                    took = time.perf_counter() - started
                    data.load_seconds += took
                    log(f"  {table}: {counts[table]} rows, {took:.1f} s (Python building the TSV: {building:.1f} s)")
                else:
                    columns = ", ".join(f"`{c}`" for c, *_ in SCHEMA[table])
                    sql = (f"INSERT INTO `{table}` ({columns}) VALUES "
                           f"({', '.join(['%s'] * len(SCHEMA[table]))})")
                    batch_rows: list[tuple] = []
                    building = 0.0
                    t = time.perf_counter()
                    for row in rows:
                        batch_rows.append(row)
                        if len(batch_rows) >= 5000:
                            building += time.perf_counter() - t
                            cur.executemany(sql, batch_rows)       # PyMySQL: multi-row INSERTs up to ~1 MB
                            _no_warnings(cur, table)
                            batch_rows = []
                            t = time.perf_counter()
                    building += time.perf_counter() - t
                    if batch_rows:
                        cur.executemany(sql, batch_rows)
                        _no_warnings(cur, table)
                    took = time.perf_counter() - started
                    data.generate_seconds += building
                    data.load_seconds += took
                    log(f"  {table}: {counts[table]} rows, {took:.1f} s (Python building the rows: {building:.1f} s)")
            for table in TABLES:
                cur.execute(f"SELECT COUNT(*) FROM `{table}`")
                got = cur.fetchone()[0]
                if got != counts[table]:
                    raise BenchFailure(f"source {table}: generated {counts[table]} rows, the table has {got}")
                length = " + ".join(f"IFNULL(LENGTH(`{c}`), 0)" for c, *_ in SCHEMA[table])
                cur.execute(f"SELECT SUM({length}) FROM `{table}`")
                data.value_bytes += int(cur.fetchone()[0] or 0)
                cur.execute(f"ANALYZE TABLE `{table}`")
                cur.fetchall()
            cur.execute("SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES "
                        "WHERE TABLE_SCHEMA = %s", [database])
            data.innodb_bytes = int(cur.fetchone()[0] or 0)
    finally:
        conn.close()
    return data


def _load_data(maria: MariaDB, database: str, table: str, rows: Iterator[tuple], session: str) -> float:
    """Stream the rows as TSV into `mariadb -e "LOAD DATA LOCAL INFILE '/dev/stdin' ..."`: the client and the
    server load while this process builds the next lines. Returns the seconds spent building lines."""
    targets = [f"@`{c}`" if kind == "blob" else f"`{c}`" for c, _, _, kind, _ in SCHEMA[table]]
    sets = [f"`{c}` = UNHEX(@`{c}`)" for c, _, _, kind, _ in SCHEMA[table] if kind == "blob"]
    load = (f"LOAD DATA LOCAL INFILE '/dev/stdin' INTO TABLE `{table}` CHARACTER SET utf8mb4 "
            f"FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
            f"({', '.join(targets)})" + (f" SET {', '.join(sets)}" if sets else ""))
    m = maria.server
    command = ["mariadb", "-h", m.host, "-P", str(m.port), "-u", m.user, "--local-infile=1",
               "--default-character-set=utf8mb4", "--batch", "-N", "-e", f"{session}; {load}; SHOW WARNINGS",
               database]
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=out, stderr=out, env=maria.client_env())
        line = tsv_writer(table)
        building = 0.0
        try:
            batch: list[str] = []
            t = time.perf_counter()
            for row in rows:
                batch.append(line(row))
                if len(batch) >= 20_000:
                    chunk = ("\n".join(batch) + "\n").encode()
                    building += time.perf_counter() - t
                    proc.stdin.write(chunk)
                    batch = []
                    t = time.perf_counter()
            chunk = ("\n".join(batch) + "\n").encode() if batch else b""
            building += time.perf_counter() - t
            proc.stdin.write(chunk)
        except BrokenPipeError:
            pass
        finally:
            proc.stdin.close()
            proc.wait()
        out.seek(0)
        output = out.read().decode(errors="replace").strip()
    if proc.returncode != 0 or output:     # LOCAL turns data errors into warnings: any output is a failure
        raise BenchFailure(f"LOAD DATA into {table} (exit {proc.returncode}): {output[:2000]}")
    return building


def _no_warnings(cur: pymysql.cursors.Cursor, table: str) -> None:
    """LOAD DATA LOCAL turns data errors into warnings: any warning means the source is not what we generated."""
    cur.execute("SHOW WARNINGS LIMIT 5")
    warnings = cur.fetchall()
    if warnings:
        raise BenchFailure(f"loading {table} into MariaDB gave warnings: {warnings}")


# --- measuring ---------------------------------------------------------------------------------------------------

class BenchFailure(Exception):
    pass


def _children(pid: int) -> list[int]:
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(x) for x in f.read().split())
        except OSError:
            pass
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], _children(pid)
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(_children(p))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler:
    """Peak memory of this process's child processes and all their descendants (the tool being measured):
    the peak of the sum of RSS (shared pages counted in every process: an upper bound), the peak of the sum of
    PSS (shared pages divided among the processes sharing them; sampled every 4th time), and the largest
    single process RSS."""

    def __init__(self) -> None:
        self.peak_rss = self.peak_pss = self.peak_single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me, n = os.getpid(), 0
        while not self._stop.is_set():
            pids = _descendants(me)
            sizes = [_rss(p) for p in pids]
            if sizes:
                self.peak_rss = max(self.peak_rss, sum(sizes))
                self.peak_single = max(self.peak_single, max(sizes))
            if n % 4 == 0 and pids:
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
            n += 1
            self._stop.wait(SAMPLE_SECONDS)


def _proc_ticks(pid: int, with_children: bool) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    # fields[0] is state (field 3); utime, stime, cutime, cstime are fields 14-17
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks


def _find_servers() -> tuple[int | None, int | None]:
    """PIDs of mariadbd and the postmaster on this machine, for their CPU time (None when not visible)."""
    maria = postmaster = None
    comms = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    text = f.read()
            except OSError:
                continue
            comm = text[text.index("(") + 1:text.rindex(")")]
            ppid = int(text.rsplit(")", 1)[1].split()[1])
            comms[int(entry)] = (comm, ppid)
    for pid, (comm, ppid) in comms.items():
        if comm in ("mariadbd", "mysqld") and maria is None:
            maria = pid
        if comm == "postgres" and comms.get(ppid, ("", 0))[0] != "postgres":
            postmaster = pid
    return maria, postmaster


class ServerCpu:
    """CPU seconds the servers spent during a run: mariadbd's own; the postmaster's reaped children (the backends
    of connections that ended) plus its live children (checkpointer, walwriter, autovacuum ...)."""

    def __init__(self) -> None:
        self.maria, self.postmaster = _find_servers()

    def snapshot(self) -> tuple[int, int]:
        maria = _proc_ticks(self.maria, False) if self.maria else 0
        pg = 0
        if self.postmaster:
            pg = _proc_ticks(self.postmaster, True) + sum(_proc_ticks(p, False) for p in _children(self.postmaster))
        return maria, pg


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all CPUs; idle and iowait not counted)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / TICK


@dataclass
class Run:
    tool: str
    rep: int
    seconds: float
    peak_rss: int
    peak_pss: int
    peak_single: int
    client_cpu: float
    mariadb_cpu: float
    postgres_cpu: float
    other_cpu: float = 0.0          # everything else on the machine meanwhile (other users' work: noise)
    bench_cpu: float = 0.0          # this script itself (mostly the memory sampler)
    phases: dict[str, float] = field(default_factory=dict)


def measured(tool: str, rep: int, servers: ServerCpu, work: Callable[[], dict[str, float]]) -> Run:
    before = _client_cpu(), _self_cpu(), _machine_busy(), servers.snapshot()
    with TreeSampler() as sampler:
        started = time.perf_counter()
        phases = work()
        seconds = time.perf_counter() - started
    time.sleep(0.3)                 # let the servers' backends of the run exit, so the postmaster has reaped them
    after = _client_cpu(), _self_cpu(), _machine_busy(), servers.snapshot()
    client, bench, busy = after[0] - before[0], after[1] - before[1], after[2] - before[2]
    maria, postgres = (after[3][0] - before[3][0]) / TICK, (after[3][1] - before[3][1]) / TICK
    return Run(tool, rep, seconds, sampler.peak_rss, sampler.peak_pss, sampler.peak_single, client, maria, postgres,
               max(0.0, busy - client - bench - maria - postgres), bench, phases)


def _check(proc: subprocess.CompletedProcess | subprocess.Popen, what: str, log_path: Path | None = None) -> None:
    if proc.returncode != 0:
        tail = log_path.read_text(errors="replace")[-3000:] if log_path and log_path.exists() else ""
        raise BenchFailure(f"{what} exited with {proc.returncode}\n{tail}")


def run_sct(source_dsn: str, target_dsn: str, args: argparse.Namespace, logs: Path) -> dict[str, float]:
    command = [str(Path(sys.executable).parent / "sct"), "migrate", "--source", source_dsn, "--target", target_dsn,
               "--prep-mode", "drop-and-create", "--no-validate"]
    if args.parallel:
        command += ["--parallel", str(args.parallel)]
    if args.chunk_rows:
        command += ["--chunk-rows", str(args.chunk_rows)]
    log_path = logs / "sct.log"
    with log_path.open("wb") as out:
        proc = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT)
    _check(proc, "sct migrate", log_path)
    return {}


def raw_select(table: str) -> str:
    """A SELECT whose --batch --raw output is PostgreSQL COPY text, column for column.

    `mariadb --batch --raw` writes values as they are, tab-separated, and NULL as the word NULL (the same as a
    string 'NULL'). So no selected expression is ever NULL: each nullable column is IFNULL(..., '\\N'), COPY's
    NULL marker, which no real value can produce because every backslash in a value is doubled first; text
    also gets tab, newline and CR written as \\t \\n \\r (COPY's escapes). Blobs are '\\\\x' + HEX() (bytea hex
    input, its backslash escaped for COPY), TIMESTAMP values get '+00' (the session runs in UTC), tinyint(1)
    goes as 0/1 (boolean input). Numbers, datetimes and enums need nothing."""
    exprs = []
    for column, _, _, kind, nullable in SCHEMA[table]:
        c = f"`{column}`"
        if kind in ("text", "json", "plain"):
            e = (f"REPLACE(REPLACE(REPLACE(REPLACE({c}, '\\\\', '\\\\\\\\'), '\\t', '\\\\t'), '\\n', '\\\\n'), "
                 f"'\\r', '\\\\r')")
        elif kind == "blob":
            e = f"CONCAT('\\\\\\\\x', HEX({c}))"
        elif kind == "ts":
            e = f"CONCAT({c}, '+00')"
        else:
            e = c
        exprs.append(f"IFNULL({e}, '\\\\N')" if nullable else e)
    return f"SELECT {', '.join(exprs)} FROM `{table}`"


def run_raw(maria: MariaDB, pg: Postgres, source_db: str, target_db: str, logs: Path) -> dict[str, float]:
    phases = {}
    t0 = time.perf_counter()
    with pg.connect(target_db) as conn:
        for table in TABLES:
            conn.execute(postgres_ddl(table))
    t1 = time.perf_counter()
    m, p = maria.server, pg.server
    for table in TABLES:
        columns = ", ".join(f'"{c}"' for c, *_ in SCHEMA[table])
        reader = ["mariadb", "-h", m.host, "-P", str(m.port), "-u", m.user, "--default-character-set=utf8mb4",
                  "--quick", "--batch", "--raw", "-N", "-e", f"SET time_zone = '+00:00'; {raw_select(table)}",
                  source_db]
        writer = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", p.host, "-p", str(p.port), "-U", p.user,
                  "-d", target_db, "-c", f'\\copy "{table}" ({columns}) FROM STDIN']
        err_r, err_w = logs / f"raw_{table}_mariadb.log", logs / f"raw_{table}_psql.log"
        with err_r.open("wb") as er, err_w.open("wb") as ew:
            src = subprocess.Popen(reader, stdout=subprocess.PIPE, stderr=er, env=maria.client_env())
            dst = subprocess.Popen(writer, stdin=src.stdout, stdout=ew, stderr=ew, env=pg.client_env())
            src.stdout.close()      # psql holds the only read end: mariadb gets SIGPIPE if psql dies
            dst.wait()
            src.wait()
        _check(src, f"raw pipeline: mariadb reading {table}", err_r)
        _check(dst, f"raw pipeline: psql \\copy into {table}", err_w)
    t2 = time.perf_counter()
    with pg.connect(target_db) as conn:
        for child, column, parent in FOREIGN_KEYS:
            conn.execute(f'ALTER TABLE "{child}" ADD CONSTRAINT "fk_{child}_{column}" FOREIGN KEY ("{column}") '
                         f'REFERENCES "{parent}" ("id")')
    t3 = time.perf_counter()
    phases.update(ddl=t1 - t0, copy=t2 - t1, foreign_keys=t3 - t2)
    return phases


def run_pgloader(source_dsn: str, target_dsn: str, options: list[str], logs: Path) -> dict[str, float]:
    log_path = logs / "pgloader.log"
    command = ["pgloader", *[a for o in options for a in ("--with", o)], source_dsn, target_dsn]
    with log_path.open("wb") as out:
        proc = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=logs)
    _check(proc, "pgloader", log_path)
    return {}


def target_counts(pg: Postgres, database: str, schema: str) -> dict[str, int]:
    out = {}
    with pg.connect(database) as conn:
        for table in TABLES:
            exists = conn.execute("SELECT to_regclass(%s)", [f'"{schema}"."{table}"']).fetchone()[0]
            out[table] = (conn.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()[0]
                          if exists else -1)
    return out


def verify_counts(run: Run, pg: Postgres, database: str, schema: str, expected: dict[str, int]) -> None:
    got = target_counts(pg, database, schema)
    wrong = {t: (expected[t], got[t]) for t in TABLES if got[t] != expected[t]}
    if wrong:
        detail = ", ".join(f"{t}: source {e}, target {g if g >= 0 else 'no table'}" for t, (e, g) in wrong.items())
        raise BenchFailure(f"{run.tool} run {run.rep}: the target {database} has the wrong row counts: {detail}")


def fingerprint(pg: Postgres, database: str) -> dict[str, dict[str, tuple]]:
    """Per table and column: (type, non-NULL count, sum of the first 48 bits of md5(value::text)); equal when the
    columns hold the same values in any order."""
    out: dict[str, dict[str, tuple]] = {}
    with pg.connect(database) as conn:
        for table in TABLES:
            types = dict(conn.execute("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                                      "WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped",
                                      [f'public."{table}"']).fetchall())
            columns = [c for c, *_ in SCHEMA[table]]
            parts = [f'count("{c}"), sum((\'x\' || substr(md5("{c}"::text), 1, 12))::bit(48)::bigint)'
                     for c in columns]
            values = conn.execute(f'SELECT {", ".join(parts)} FROM public."{table}"').fetchone()
            out[table] = {c: (types.get(c), values[2 * i], values[2 * i + 1]) for i, c in enumerate(columns)}
    return out


def compare(a: dict[str, dict[str, tuple]], b: dict[str, dict[str, tuple]]) -> list[str]:
    differences = []
    for table in TABLES:
        for column in a[table]:
            (ta, na, ha), (tb, nb, hb) = a[table][column], b[table][column]
            if ta != tb:
                differences.append(f"{table}.{column}: type {ta} (sct) vs {tb} (raw)")
            elif (na, ha) != (nb, hb):
                differences.append(f"{table}.{column}: values differ ({na} vs {nb} non-NULL)")
    return differences


# --- profile -------------------------------------------------------------------------------------------------------

def serial_sct(source_dsn: str, target_dsn: str, args: argparse.Namespace) -> float:
    """The same load in this process without the profiler: what cProfile's overhead is measured against."""
    from sct.runner.full_load import LoadSettings, run_full_load

    settings = LoadSettings(source=source_dsn, target=target_dsn, prep_mode="drop-and-create", parallel=1,
                            validate=False)
    if args.chunk_rows:
        settings.chunk_rows = args.chunk_rows
    started = time.perf_counter()
    result = run_full_load(settings, log=lambda line: None)
    if not result.ok:
        raise BenchFailure(f"in-process sct run failed: {[u.error for u in result.units if u.error]}")
    return time.perf_counter() - started


def profile_sct(source_dsn: str, target_dsn: str, args: argparse.Namespace) -> tuple[float, str, str]:
    from sct.runner.full_load import LoadSettings, run_full_load

    settings = LoadSettings(source=source_dsn, target=target_dsn, prep_mode="drop-and-create", parallel=1,
                            validate=False)
    if args.chunk_rows:
        settings.chunk_rows = args.chunk_rows
    profiler = cProfile.Profile()
    started = time.perf_counter()
    result = profiler.runcall(run_full_load, settings, log=lambda line: None)
    seconds = time.perf_counter() - started
    if not result.ok:
        raise BenchFailure(f"profiled sct run failed: {[u.error for u in result.units if u.error]}")
    texts = []
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(order).print_stats(25)
        text = buffer.getvalue()
        start = text.find("   ncalls")
        texts.append(text[start:] if start >= 0 else text)
    return seconds, texts[0], texts[1]


# --- main ---------------------------------------------------------------------------------------------------------

def _mb(n: float) -> str:
    return f"{n / 10**6:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="1.0 = 2.26M rows, ~1 GB (default 0.1)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the interleaved runs; the median is kept "
                                                              "(0: only generate, and --profile)")
    parser.add_argument("--parallel", type=int, help="sct --parallel (default: sct's own)")
    parser.add_argument("--chunk-rows", type=int, help="sct --chunk-rows (default: sct's own)")
    parser.add_argument("--tools", default="sct,raw,pgloader", help="which to run, comma-separated")
    parser.add_argument("--gen", choices=("load-data", "insert"), default="load-data",
                        help="how the source is filled: LOAD DATA LOCAL INFILE of a TSV, or multi-row INSERTs")
    parser.add_argument("--profile", action="store_true", help="also profile one sct load in-process (parallel=1)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--mariadb", default="mysql://root@127.0.0.1:3306", help="MariaDB server (no database)")
    parser.add_argument("--postgres", default="postgresql://root@127.0.0.1:5432", help="PostgreSQL server")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--pgloader-with", action="append", metavar="OPTION",
                        help="pgloader --with OPTION (repeatable), e.g. 'prefetch rows = 10000'; none by default: "
                             "the comparison is with pgloader's defaults")
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if not tools or set(tools) - {"sct", "raw", "pgloader"}:
        parser.error("--tools takes a comma-separated subset of sct,raw,pgloader")
    if args.repeat < 0 or args.scale <= 0:
        parser.error("--repeat must be >= 0 and --scale > 0")
    for program in ["mariadb", "psql"] * ("raw" in tools) + ["pgloader"] * ("pgloader" in tools):
        if shutil.which(program) is None:
            parser.error(f"{program} is not on PATH (needed for --tools {args.tools})")

    def log(line: str) -> None:
        print(line, flush=True)

    maria = MariaDB(Server.parse(args.mariadb, 3306))
    pg = Postgres(Server.parse(args.postgres, 5432))
    tag = uuid.uuid4().hex[:8]
    source_db = f"sct_bench_{tag}"
    created_pg: list[str] = []
    logs = Path(tempfile.mkdtemp(prefix=f"sct_bench_{tag}_logs_"))
    runs: list[Run] = []
    status = 0
    log(f"sct full-load benchmark: scale {args.scale}, {args.repeat} interleaved rounds of {', '.join(tools)}; "
        f"{os.cpu_count()} CPUs; source database {source_db}; logs in {logs}")
    try:
        log(f"generating ({args.gen}) ...")
        data = generate(maria, source_db, args.scale, args.seed, args.gen, log)
        total_rows = sum(data.counts.values())
        log(f"source: {total_rows:,} rows ({', '.join(f'{t} {n:,}' for t, n in data.counts.items())}), "
            f"{_mb(data.value_bytes)} of values, {_mb(data.innodb_bytes)} in InnoDB; "
            f"filled in {data.load_seconds:.1f} s ({args.gen}; Python building the rows: {data.generate_seconds:.1f} s "
            f"of that{', overlapped with the load' if args.gen == 'load-data' else ''})")
        source_dsn = maria.server.dsn("mysql", source_db)
        servers = ServerCpu()
        prints: dict[str, dict] = {}
        failed: dict[str, str] = {}
        for rep in range(1, args.repeat + 1):
            for tool in [t for t in tools if t not in failed]:
                target_db = f"{source_db}_{tool}_{rep}"
                pg.create(target_db)
                created_pg.append(target_db)
                pg.checkpoint()         # the previous run's dirty pages are written now, not during this run
                target_dsn = pg.server.dsn("postgresql", target_db)
                tool_logs = logs / f"{tool}_{rep}"
                tool_logs.mkdir()
                if tool == "sct":
                    work = partial(run_sct, source_dsn, target_dsn, args, tool_logs)
                elif tool == "raw":
                    work = partial(run_raw, maria, pg, source_db, target_db, tool_logs)
                else:       # the DSN as the brief writes it: no port when it is the default
                    work = partial(run_pgloader, source_dsn if maria.server.password or maria.server.port != 3306
                                   else f"mysql://{maria.server.user}@{maria.server.host}/{source_db}",
                                   target_dsn, args.pgloader_with or [], tool_logs)
                try:
                    run = measured(tool, rep, servers, work)
                    verify_counts(run, pg, target_db, source_db if tool == "pgloader" else "public", data.counts)
                except BenchFailure as failure:
                    # loud, and the tool is out of the later rounds; the others are still measured
                    failed[tool] = f"round {rep}: {failure}"
                    log(f"  round {rep} {tool:<8} FAILED: {failure}")
                    status = 1
                    if not args.keep:
                        pg.drop(target_db)
                        created_pg.remove(target_db)
                    continue
                runs.append(run)
                phases = "".join(f", {k} {v:.1f} s" for k, v in run.phases.items())
                log(f"  round {rep} {tool:<8} {run.seconds:7.1f} s  {total_rows / run.seconds:9,.0f} rows/s  "
                    f"CPU s: client {run.client_cpu:5.1f}, mariadbd {run.mariadb_cpu:4.1f}, "
                    f"postgres {run.postgres_cpu:4.1f}, others {run.other_cpu:4.1f}; "
                    f"peak RSS {_mb(run.peak_rss)} (PSS {_mb(run.peak_pss)}){phases}; row counts ok")
                if rep == 1 and tool in ("sct", "raw") and {"sct", "raw"} <= set(tools):
                    prints[tool] = fingerprint(pg, target_db)
                    if len(prints) == 2:
                        differences = compare(prints["sct"], prints["raw"])
                        if differences:
                            log("  CONTENT DIFFERS between the sct and raw targets:\n    "
                                + "\n    ".join(differences))
                            status = 1
                        else:
                            log("  content: the sct and raw targets hold the same types and values in every column")
                if not args.keep:
                    pg.drop(target_db)
                    created_pg.remove(target_db)
        summary = report(runs, tools, total_rows, data, args, log, failed)
        if args.profile:
            target_db = f"{source_db}_profile"
            pg.create(target_db)
            created_pg.append(target_db)
            target_dsn = pg.server.dsn("postgresql", target_db)
            log("\nsct in-process with parallel=1, first without and then under cProfile ...")
            pg.checkpoint()
            plain = serial_sct(source_dsn, target_dsn, args)
            verify_counts(Run("sct (parallel=1)", 0, plain, 0, 0, 0, 0, 0, 0), pg, target_db, "public", data.counts)
            pg.checkpoint()
            seconds, by_cumulative, by_own = profile_sct(source_dsn, target_dsn, args)
            verify_counts(Run("sct (profiled)", 0, seconds, 0, 0, 0, 0, 0, 0), pg, target_db, "public", data.counts)
            log(f"parallel=1: {plain:.1f} s ({total_rows / plain:,.0f} rows/s) without the profiler, {seconds:.1f} s "
                f"under cProfile (x{seconds / plain:.2f}); row counts ok\n\n"
                f"top 25 by cumulative time:\n{by_cumulative}\ntop 25 by own time:\n{by_own}")
            summary["profile"] = {"seconds_unprofiled": plain, "seconds": seconds, "cumulative": by_cumulative,
                                  "tottime": by_own}
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2))
    except BenchFailure as failure:
        log(f"\nBENCHMARK FAILED: {failure}")
        status = 1
    finally:
        if not args.keep:
            for name in created_pg:
                try:
                    pg.drop(name)
                except psycopg.Error as e:
                    log(f"could not drop PostgreSQL database {name}: {e}")
            try:
                with maria.connect() as conn, conn.cursor() as cur:
                    cur.execute(f"DROP DATABASE IF EXISTS `{source_db}`")
            except pymysql.MySQLError as e:
                log(f"could not drop MariaDB database {source_db}: {e}")
        else:
            log(f"kept: MariaDB {source_db}, PostgreSQL {', '.join(created_pg) or '-'}")
        if status == 0:
            shutil.rmtree(logs, ignore_errors=True)
        else:
            log(f"logs of the runs: {logs}")
    return status


def report(runs: list[Run], tools: list[str], total_rows: int, data: Dataset, args: argparse.Namespace,
           log: Callable[[str], None], failed: dict[str, str]) -> dict:
    summary: dict = {"scale": args.scale, "rows": total_rows, "value_bytes": data.value_bytes,
                     "innodb_bytes": data.innodb_bytes, "generate_seconds": data.generate_seconds,
                     "load_seconds": data.load_seconds, "gen": args.gen, "repeat": args.repeat, "tools": {},
                     "failed": failed}
    if args.repeat == 0:
        return summary
    log(f"\nresults: median of {args.repeat} runs ({total_rows:,} rows, {_mb(data.value_bytes)} of values); "
        f"CPU seconds: median (client = the tool's processes; others = the rest of the machine meanwhile, i.e. "
        f"noise); memory: max over the runs")
    header = (f"{'tool':<9} {'median s':>8} {'min s':>7} {'max s':>7} {'rows/s':>9} {'MB/s':>6} {'client CPU s':>12} "
              f"{'mariadbd s':>10} {'postgres s':>10} {'others s':>8} {'peak RSS':>9} {'peak PSS':>9} {'1 proc':>8}")
    log(header)
    medians: dict[str, float] = {}
    for tool in tools:
        mine = [r for r in runs if r.tool == tool]
        if not mine:
            log(f"{tool:<9} FAILED in every run")
            continue
        seconds = [r.seconds for r in mine]
        med = statistics.median(seconds)
        if tool not in failed:
            medians[tool] = med
        entry = {"seconds": seconds, "median": med, "rows_per_second": total_rows / med,
                 "client_cpu": statistics.median(r.client_cpu for r in mine),
                 "mariadb_cpu": statistics.median(r.mariadb_cpu for r in mine),
                 "postgres_cpu": statistics.median(r.postgres_cpu for r in mine),
                 "other_cpu": statistics.median(r.other_cpu for r in mine),
                 "peak_rss": max(r.peak_rss for r in mine), "peak_pss": max(r.peak_pss for r in mine),
                 "peak_single_rss": max(r.peak_single for r in mine),
                 "phases": {k: statistics.median(r.phases[k] for r in mine) for k in mine[0].phases}}
        summary["tools"][tool] = entry
        name = f"{tool}*" if tool in failed else tool
        log(f"{name:<9} {med:8.1f} {min(seconds):7.1f} {max(seconds):7.1f} {total_rows / med:9,.0f} "
            f"{data.value_bytes / 10**6 / med:6.1f} {entry['client_cpu']:12.1f} {entry['mariadb_cpu']:10.1f} "
            f"{entry['postgres_cpu']:10.1f} {entry['other_cpu']:8.1f} {entry['peak_rss'] / 10**6:7.0f}MB "
            f"{entry['peak_pss'] / 10**6:7.0f}MB {entry['peak_single_rss'] / 10**6:6.0f}MB")
    for tool, why in failed.items():
        first = why.splitlines()[0]
        log(f"FAILED: {tool} {first}" + (" (* its successful runs before that, for reference)"
                                        if any(r.tool == tool for r in runs) else ""))
    if "raw" in summary["tools"]:
        phases = summary["tools"]["raw"]["phases"]
        log(f"raw phases (median): create tables {phases['ddl']:.2f} s, copy {phases['copy']:.1f} s, "
            f"foreign keys {phases['foreign_keys']:.1f} s (sct without --schema makes no foreign keys)")
    goals: list[tuple[str, str, bool | None]] = []

    def missing(*names: str) -> str:
        return "not measurable: " + ", ".join(f"{n} failed" for n in names if n in failed)

    if "sct" in tools and "raw" in tools:
        text = f"sct within {GOAL_VS_RAW}x of the raw pipeline (sct/raw <= {GOAL_VS_RAW})"
        if "sct" in medians and "raw" in medians:
            ratio = medians["sct"] / medians["raw"]
            copy_only = medians["raw"] - summary["tools"]["raw"]["phases"]["foreign_keys"]
            log(f"sct / raw      = {ratio:.2f}  (sct / raw without its foreign keys = "
                f"{medians['sct'] / copy_only:.2f})")
            goals.append((text, f"{ratio:.2f}", ratio <= GOAL_VS_RAW))
            summary["sct_over_raw"] = ratio
        else:
            goals.append((text, missing("sct", "raw"), False if "sct" in failed else None))
    if "sct" in tools and "pgloader" in tools:
        which = ("pgloader defaults" if not args.pgloader_with
                 else f"pgloader --with {' --with '.join(repr(o) for o in args.pgloader_with)} (NOT the defaults)")
        text = f"sct at least {GOAL_VS_PGLOADER:g}x faster than {which} (pgloader/sct >= {GOAL_VS_PGLOADER:g})"
        if "sct" in medians and "pgloader" in medians:
            ratio = medians["pgloader"] / medians["sct"]
            log(f"pgloader / sct = {ratio:.2f}")
            goals.append((text, f"{ratio:.2f}", ratio >= GOAL_VS_PGLOADER))
            summary["pgloader_over_sct"] = ratio
        else:
            goals.append((text, missing("sct", "pgloader"), False if "sct" in failed else None))
    if "sct" in summary["tools"]:
        peak = summary["tools"]["sct"]["peak_rss"]
        goals.append((f"sct peak memory under {GOAL_MEMORY // 10**6} MB (process tree, sum of RSS)",
                      _mb(peak), peak < GOAL_MEMORY))
    if goals:
        log("goals:")
        for text, value, met in goals:
            log(f"  {text}: {value} -> {'met' if met else 'NOT MET' if met is False else 'unknown'}")
    summary["goals"] = [{"goal": t, "value": v, "met": m} for t, v, m in goals]
    return summary


if __name__ == "__main__":
    sys.exit(main())
