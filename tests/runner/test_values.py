"""runner.values: every MySQL type family as an exact round trip MariaDB -> PostgreSQL through the endpoints
(source table in a scratch MariaDB, read with open_source, converted, written with open_target into the type
runner.ddl would make, read back), the policies (zero dates, NUL, invalid UTF-8), SQLite -> PostgreSQL, and
PostgreSQL -> MariaDB. Each round trip also checks that the converter's output equals what the target gives
back, the property validation relies on."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import struct
from decimal import Decimal
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
import pytest

from sct.runner.endpoints import open_source, open_target
from sct.runner.model import ColumnInfo
from sct.runner.values import BadValue, Converter, ValuePolicy, float32, parse_type

UTC = dt.UTC
STRICT = ValuePolicy(zero_dates="error", nul_bytes="error", invalid_utf8="error")
DEFAULT = ValuePolicy()


@pytest.fixture
def maria(scratch_mariadb: str, pg_dsn: str) -> str:
    """A scratch MariaDB database; asks for pg_dsn too, so these tests carry the `postgres` (servers) marker."""
    return scratch_mariadb


def my_run(dsn: str, statements: list[str | tuple[str, tuple]]) -> None:
    url = urlsplit(dsn)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path[1:], autocommit=True,
                           charset="utf8mb4")
    try:
        with conn.cursor() as cur:
            for statement in statements:
                if isinstance(statement, tuple):
                    cur.execute(*statement)
                else:
                    cur.execute(statement)
    finally:
        conn.close()


def source_values(maria: str, mysql_type: str, values: list, *, literal: bool = False,
                  session: tuple[str, ...] = ()) -> tuple[ColumnInfo, list]:
    """Create t(id, v mysql_type) in MariaDB, insert the values (parameters, or SQL literals), and read them back
    through the MySQL source: (v's ColumnInfo, [v in id order])."""
    statements: list = [f"CREATE TABLE t (id int PRIMARY KEY, v {mysql_type})", *session]
    for i, value in enumerate(values, 1):
        if literal:
            statements.append(f"INSERT INTO t VALUES ({i}, {value})")
        else:
            statements.append(("INSERT INTO t VALUES (%s, %s)", (i, value)))
    my_run(maria, statements)
    source = open_source(maria)
    try:
        table = next(t for t in source.tables() if t.name == "t")
        rows = [row for batch in source.read(table, ["id", "v"], None, None, 7) for row in batch]
    finally:
        source.close()
    assert [r[0] for r in rows] == list(range(1, len(values) + 1))
    return table.column("v"), [r[1] for r in rows]


def to_postgres(pg: str, pg_type: str, column: ColumnInfo, source_dialect: str, values: list,
                policy: ValuePolicy = DEFAULT) -> tuple[list, list]:
    """Convert values for t(id, v pg_type) on PostgreSQL, write them with the target, read them back:
    (converted, read back)."""
    target = open_target(pg)
    conn = target.connection()
    try:
        target.execute(conn, f"CREATE TABLE t (id int PRIMARY KEY, v {pg_type})")
        kind = dict(target.table_columns(conn, None, "t"))["v"]
        conv = Converter(column, source_dialect, kind, "postgres", policy)
        converted = [conv(v) for v in values]
        assert target.write(conn, None, "t", ["id", "v"], [(i, v) for i, v in enumerate(converted, 1)]) == len(values)
        conn.commit()
        back = [r[1] for r in target.read(conn, None, "t", ["id", "v"], "id")]
    finally:
        conn.close()
        target.close()
    return converted, back


def roundtrip(maria: str, pg: str, mysql_type: str, pg_type: str, values: list, expected: list, *,
              literal: bool = False, session: tuple[str, ...] = (), policy: ValuePolicy = DEFAULT) -> list:
    column, read = source_values(maria, mysql_type, values, literal=literal, session=session)
    converted, back = to_postgres(pg, pg_type, column, "mysql", read, policy)
    assert back == expected
    assert converted == back            # what validation compares
    return read


# --- MariaDB -> PostgreSQL, one family at a time ------------------------------------------------------------------

ROUND_TRIPS = [
    ("int unsigned", "bigint", [0, 4294967295, None], [0, 4294967295, None]),
    ("int", "integer", [-2147483648, 2147483647], [-2147483648, 2147483647]),
    ("bigint", "bigint", [-9223372036854775808, 9223372036854775807], [-9223372036854775808, 9223372036854775807]),
    ("bigint unsigned", "numeric(20)", [0, 18446744073709551615, None], [0, 18446744073709551615, None]),
    ("tinyint(1)", "boolean", [0, 1, 5, -1, None], [False, True, True, True, None]),
    ("tinyint", "smallint", [-128, 127, 0], [-128, 127, 0]),
    ("tinyint unsigned", "smallint", [0, 255], [0, 255]),
    ("smallint unsigned", "integer", [65535], [65535]),
    ("mediumint", "integer", [-8388608, 8388607], [-8388608, 8388607]),
    ("mediumint unsigned", "integer", [16777215], [16777215]),
    ("year", "smallint", [1901, 2155, 2024, 0, None], [1901, 2155, 2024, 0, None]),
    ("decimal(12,2)", "numeric(12,2)", ["-9999999999.99", "0.01", "123.4", None],
     [Decimal("-9999999999.99"), Decimal("0.01"), Decimal("123.40"), None]),
    ("decimal(65,30)", "numeric(65,30)", ["12345678901234567890123456789012345.123456789012345678901234567891"],
     [Decimal("12345678901234567890123456789012345.123456789012345678901234567891")]),
    ("decimal(10,0) unsigned", "numeric(10)", [9999999999], [Decimal(9999999999)]),
    ("enum('small','Medium','x y''z','')", "text", ["small", "Medium", "x y'z", "", None],
     ["small", "Medium", "x y'z", "", None]),
    ("enum('small','Medium')", "varchar(6)", ["Medium"], ["Medium"]),
    ("set('a','b','c')", "text", ["c,a", "", "b", None], ["a,c", "", "b", None]),
    ("set('a','b','c')", "text[]", ["c,a", "", "a,b,c", None], [["a", "c"], [], ["a", "b", "c"], None]),
    ("bit(10)", "bit varying(10)", ["b'1010000001'", "b'0'", "b'1111111111'", "NULL"],
     ["1010000001", "0000000000", "1111111111", None]),
    ("bit(1)", "bit varying(1)", ["b'1'", "b'0'"], ["1", "0"]),
    ("bit(64)", "bit varying(64)", [str(2**64 - 1), "1"], ["1" * 64, "0" * 63 + "1"]),
    ("bit(12)", "bit(12)", ["b'100000000001'"], ["100000000001"]),
    ("bit(10)", "bytea", ["b'1010000001'"], [b"\x02\x81"]),
    ("time", "interval", ["'-838:59:59'", "'838:59:59'", "'00:00:00'", "'-00:00:01'", "'12:34:56'", "NULL"],
     [-dt.timedelta(hours=838, minutes=59, seconds=59), dt.timedelta(hours=838, minutes=59, seconds=59),
      dt.timedelta(0), dt.timedelta(seconds=-1), dt.timedelta(hours=12, minutes=34, seconds=56), None]),
    ("time(6)", "interval", ["'12:34:56.789012'", "'-01:00:00.5'", "'-838:59:58.999999'"],
     [dt.timedelta(hours=12, minutes=34, seconds=56, microseconds=789012), -dt.timedelta(hours=1, microseconds=500000),
      -dt.timedelta(hours=838, minutes=59, seconds=58, microseconds=999999)]),
    ("time(3)", "time(3)", ["'23:59:59.999'", "'00:00:00'"], [dt.time(23, 59, 59, 999000), dt.time(0)]),
    ("datetime(6)", "timestamp(6)", ["'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'",
                                     "'2024-02-29 12:00:00.5'", "NULL"],
     [dt.datetime(1000, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999), dt.datetime(2024, 2, 29, 12, 0, 0, 500000),
      None]),
    ("datetime", "timestamp(0)", ["'2001-02-03 04:05:06'"], [dt.datetime(2001, 2, 3, 4, 5, 6)]),
    ("date", "date", ["'1000-01-01'", "'9999-12-31'", "'2024-02-29'"],
     [dt.date(1000, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]),
    ("char(5)", "varchar(5)", ["ab", "abcde", "ab   ", ""], ["ab", "abcde", "ab", ""]),
    ("varchar(200)", "varchar(200)",
     ["naïve ☃ 𝄞 中文", "tab\there", "new\nline\r\n", "quotes \" ' `", "back\\slash \\N \\x00", "",
      "emoji 😀👍🏽"],
     ["naïve ☃ 𝄞 中文", "tab\there", "new\nline\r\n", "quotes \" ' `", "back\\slash \\N \\x00", "",
      "emoji 😀👍🏽"]),
    ("text", "text", ["plain", "a\x00b", "\x00", "ünïcödé\t\\\n"], ["plain", "ab", "", "ünïcödé\t\\\n"]),
    ("longtext", "text", ["x" * 300_000 + "é"], ["x" * 300_000 + "é"]),
    ("blob", "bytea", [bytes(range(256)), b"", b"\x00", None], [bytes(range(256)), b"", b"\x00", None]),
    ("longblob", "bytea", [b"\x00\xff" * 100_000], [b"\x00\xff" * 100_000]),
    ("varbinary(16)", "bytea", [b"\x00abc\xff"], [b"\x00abc\xff"]),
    ("binary(4)", "bytea", [b"ab"], [b"ab\x00\x00"]),
    ("double", "double precision",
     [0.1, 1 / 3, 0.30000000000000004, 1e-300, 1.7976931348623157e308, 5e-324, -2.5e-7, 123456789.12345679],
     [0.1, 1 / 3, 0.30000000000000004, 1e-300, 1.7976931348623157e308, 5e-324, -2.5e-7, 123456789.12345679]),
]


@pytest.mark.parametrize(("mysql_type", "pg_type", "values", "expected"), ROUND_TRIPS,
                         ids=[f"{m}->{p}" for m, p, _, _ in ROUND_TRIPS])
def test_mariadb_to_postgres_round_trip(maria: str, scratch_pg: str, mysql_type: str, pg_type: str, values: list,
                                        expected: list) -> None:
    literal = mysql_type.startswith(("bit", "time", "datetime", "date"))       # values given as SQL literals
    roundtrip(maria, scratch_pg, mysql_type, pg_type, values, expected, literal=literal)


def test_json_to_jsonb(maria: str, scratch_pg: str) -> None:
    docs = ['{"a": [1, 2.5, "x"], "b": null, "c": {"d": true}}', "[]", '"s"', "12.5", '{"k": "v\\u0000w"}',
            '{"ü": "☃ \\"q\\" \\\\"}', None]
    column, read = source_values(maria, "json", docs)
    assert column.source_type == "json"
    converted, back = to_postgres(scratch_pg, "jsonb", column, "mysql", read)
    parsed = [json.loads(d) if d is not None else None for d in docs]
    parsed[4] = {"k": "vw"}                     # nul_bytes=strip: jsonb cannot hold \u0000
    assert [json.loads(b) if b is not None else None for b in back] == parsed
    assert [json.loads(c) if c is not None else None for c in converted] == parsed
    with pytest.raises(BadValue, match="jsonb"):
        Converter(column, "mysql", "jsonb", "postgres", STRICT)(read[4])


def test_timestamp_is_read_in_utc_and_written_as_timestamptz(maria: str, scratch_pg: str) -> None:
    session = ("SET time_zone = '+02:00'",)     # the rows are inserted by a client two hours east of UTC
    values = ["'2024-06-01 12:00:00.25'", "'1970-01-01 02:00:01'", "'2038-01-19 05:14:07'", "NULL"]
    roundtrip(maria, scratch_pg, "timestamp(6) NULL", "timestamptz(6)", values,
              [dt.datetime(2024, 6, 1, 10, 0, 0, 250000, tzinfo=UTC), dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC),
               dt.datetime(2038, 1, 19, 3, 14, 7, tzinfo=UTC), None], literal=True, session=session)


def test_float_is_exact_in_single_precision(maria: str, scratch_pg: str) -> None:
    values = [0.1, 1 / 3, -2.5e-7, 3.4028234e38, 1.17549435e-38, 16777217.0, 0.0, None]
    read = roundtrip(maria, scratch_pg, "float", "real", values, [float32(v) if v is not None else None
                                                                   for v in values])
    assert read[:2] == [0.1, 0.33333334]
    # bit for bit: the single-precision number PostgreSQL holds is the one MariaDB holds
    url = urlsplit(maria)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user="root", database=url.path[1:])
    with conn.cursor() as cur:
        cur.execute("SELECT CAST(v AS DOUBLE) FROM t ORDER BY id")
        mariadb_bits = [r[0] for r in cur.fetchall()]
    conn.close()
    with psycopg.connect(scratch_pg) as pg:
        pg_bits = [r[0] for r in pg.execute("SELECT v::float8 FROM t ORDER BY id")]
    assert pg_bits == mariadb_bits
    assert struct.pack("<f", pg_bits[1]) == struct.pack("<f", 1 / 3)


def test_nulls_of_every_type(maria: str, scratch_pg: str) -> None:
    pairs = [("int unsigned", "bigint"), ("bigint unsigned", "numeric(20)"), ("tinyint(1)", "boolean"),
             ("tinyint", "smallint"), ("enum('a')", "text"), ("set('a')", "text[]"), ("json", "jsonb"),
             ("bit(3)", "bit varying(3)"), ("decimal(5,2)", "numeric(5,2)"), ("time", "interval"),
             ("datetime(6)", "timestamp(6)"), ("timestamp NULL", "timestamptz"), ("date", "date"),
             ("char(3)", "varchar(3)"), ("text", "text"), ("blob", "bytea"), ("year", "smallint"),
             ("float", "real"), ("double", "double precision")]
    columns = ", ".join(f"c{i} {m}" for i, (m, _) in enumerate(pairs))
    my_run(maria, [f"CREATE TABLE n (id int PRIMARY KEY, {columns})", "INSERT INTO n (id) VALUES (1)"])
    source = open_source(maria)
    table = next(t for t in source.tables() if t.name == "n")
    names = [c.name for c in table.columns]
    rows = [r for b in source.read(table, names, None, None, 10) for r in b]
    source.close()
    assert rows == [(1,) + (None,) * len(pairs)]
    target = open_target(scratch_pg)
    with target.connection() as conn:
        target.execute(conn, f"CREATE TABLE n (id int PRIMARY KEY, {', '.join(f'c{i} {p}' for i, (_, p) in enumerate(pairs))})")
        types = dict(target.table_columns(conn, None, "n"))
        convs = [Converter(table.column(n), "mysql", types[n], "postgres", STRICT) for n in names]
        target.write(conn, None, "n", names, [tuple(c(v) for c, v in zip(convs, rows[0], strict=True))])
    with target.connection() as conn:
        assert list(target.read(conn, None, "n", names, "id")) == rows
    target.close()


# --- policies ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("mysql_type", "pg_type", "literals"), [
    ("date", "date", ["'0000-00-00'", "'2020-00-10'", "'2020-05-00'", "'2020-05-06'"]),
    ("datetime", "timestamp(0)", ["'0000-00-00 00:00:00'", "'2020-00-00 10:00:00'", "'2020-05-00 00:00:01'",
                                  "'2020-05-06 07:08:09'"]),
    ("timestamp NULL", "timestamptz", ["'0000-00-00 00:00:00'", "'0000-00-00 00:00:00'", "'0000-00-00 00:00:00'",
                                       "'2020-05-06 07:08:09'"]),
])
def test_zero_dates(maria: str, scratch_pg: str, mysql_type: str, pg_type: str, literals: list[str]) -> None:
    column, read = source_values(maria, mysql_type, literals, literal=True, session=("SET sql_mode = ''",))
    assert all(isinstance(v, str) for v in read[:3])            # the driver cannot make dates of them
    converted, back = to_postgres(scratch_pg, pg_type, column, "mysql", read, ValuePolicy(zero_dates="null"))
    assert back[:3] == [None, None, None] and back[3] is not None
    assert converted == back
    strict = Converter(column, "mysql", pg_type, "postgres", ValuePolicy(zero_dates="error"))
    for value in read[:3]:
        with pytest.raises(BadValue, match=r"column v: zero date .*zero_dates=error"):
            strict(value)
    assert strict(read[3]) == back[3]


def test_nul_bytes_in_text_strip_or_reject(maria: str, scratch_pg: str) -> None:
    column, read = source_values(maria, "text", ["a\x00b\x00c", "clean"])
    assert read[0] == "a\x00b\x00c"
    _, back = to_postgres(scratch_pg, "text", column, "mysql", read, ValuePolicy(nul_bytes="strip"))
    assert back == ["abc", "clean"]
    strict = Converter(column, "mysql", "text", "postgres", ValuePolicy(nul_bytes="error"))
    with pytest.raises(BadValue, match="NUL"):
        strict(read[0])
    assert strict(read[1]) == "clean"
    # MariaDB keeps the NUL: nothing to do for a MySQL target
    assert Converter(column, "mysql", "longtext", "mysql", ValuePolicy(nul_bytes="error"))(read[0]) == read[0]


def test_invalid_utf8_bytes_for_a_text_column(maria: str, scratch_pg: str) -> None:
    """Binary strings going to a text column (a change-data-type): decoded, bad bytes replaced or refused."""
    column, read = source_values(maria, "varbinary(20)", [b"ok \xc3\xa9", b"bad \xff\xfe end", b""])
    assert read == [b"ok \xc3\xa9", b"bad \xff\xfe end", b""]
    _, back = to_postgres(scratch_pg, "text", column, "mysql", read, ValuePolicy(invalid_utf8="replace"))
    assert back == ["ok é", "bad \ufffd\ufffd end", ""]
    strict = Converter(column, "mysql", "text", "postgres", ValuePolicy(invalid_utf8="error"))
    with pytest.raises(BadValue, match=r"not UTF-8 .*at byte 4"):
        strict(read[1])
    assert strict(read[0]) == "ok é"


def test_values_the_target_cannot_hold_are_bad_values(maria: str) -> None:
    column, read = source_values(maria, "time", ["'-01:00:00'", "'25:00:00'", "'10:00:00'"], literal=True)
    to_time = Converter(column, "mysql", "time without time zone", "postgres")
    for value in read[:2]:
        with pytest.raises(BadValue, match="not a time of day"):
            to_time(value)
    assert to_time(read[2]) == dt.time(10)


# --- other directions ----------------------------------------------------------------------------------------------

def test_sqlite_to_postgres(scratch_pg: str, tmp_path) -> None:
    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE s (id integer PRIMARY KEY, i integer, r real, t text, b blob, n numeric, "
                     "flag boolean, at datetime, d date, u)")
        conn.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (1, -(2**63), 0.1, "naïve\t☃\n'\"\\", b"\x00\xff", 1, 1, "2024-01-02 03:04:05", "2024-02-29", "free"),
            (2, 2**63 - 1, 1e308, "a\x00b", b"", 2.5, 0, "2024-01-02T03:04:05.123456", "1999-12-31", 7),
            (3, None, None, None, None, "12345678901234567890.5", None, None, None, None),
            (4, 0, -0.5, "", bytes(range(256)), "1e3", 1, "2024-01-02 03:04:05+02:00", "2000-01-01", b"\x01"),
        ])
        conn.execute("INSERT INTO s (id, t) VALUES (5, CAST(x'61ff62' AS TEXT))")       # not UTF-8
    source = open_source(f"sqlite:///{db}")
    table = source.tables()[0]
    assert [(c.name, c.source_type) for c in table.columns] == [
        ("id", "integer"), ("i", "integer"), ("r", "real"), ("t", "text"), ("b", "blob"), ("n", "numeric"),
        ("flag", "boolean"), ("at", "datetime"), ("d", "date"), ("u", "")]
    assert table.primary_key == ["id"] and table.estimated_rows == 5
    names = [c.name for c in table.columns]
    rows = [r for b in source.read(table, names, None, None, 2) for r in b]
    source.close()
    assert rows[4][3] == b"a\xffb"                         # invalid UTF-8 text comes as bytes
    target = open_target(scratch_pg)
    pg_types = ["bigint", "bigint", "double precision", "text", "bytea", "numeric", "boolean", "timestamptz",
                "date", "text"]
    with target.connection() as conn:
        target.execute(conn, "CREATE TABLE s (" + ", ".join(f"{n} {t}" for n, t in zip(names, pg_types, strict=True))
                       + ")")
        types = dict(target.table_columns(conn, None, "s"))
        convs = [Converter(table.column(n), "sqlite", types[n], "postgres") for n in names]
        converted = [tuple(c(v) for c, v in zip(convs, row, strict=True)) for row in rows]
        target.write(conn, None, "s", names, converted)
    with target.connection() as conn:
        back = list(target.read(conn, None, "s", names, "id"))
    target.close()
    assert back == converted
    assert back[0] == (1, -(2**63), 0.1, "naïve\t☃\n'\"\\", b"\x00\xff", Decimal(1), True,
                       dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), dt.date(2024, 2, 29), "free")
    assert back[1] == (2, 2**63 - 1, 1e308, "ab", b"", Decimal("2.5"), False,
                       dt.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC), dt.date(1999, 12, 31), "7")
    assert back[2][5] == Decimal("12345678901234567000")       # SQLite stored that text as a REAL
    assert back[3][5] == Decimal(1000) and back[3][7] == dt.datetime(2024, 1, 2, 1, 4, 5, tzinfo=UTC)
    assert back[4][3] == "a\ufffdb"
    strict = [Converter(table.column(n), "sqlite", types[n], "postgres", STRICT) for n in names]
    with pytest.raises(BadValue, match="column t: bytes that are not UTF-8"):
        strict[3](rows[4][3])
    with pytest.raises(BadValue, match="column i: 'abc' is not a number"):
        strict[1]("abc")                                     # SQLite lets an integer column hold text
    with pytest.raises(BadValue, match="column n: 'x' is not a number"):
        strict[5]("x")


def test_postgres_to_mariadb(scratch_pg: str, maria: str) -> None:
    with psycopg.connect(scratch_pg, autocommit=True) as pg:
        pg.execute("CREATE TABLE p (id integer PRIMARY KEY, i bigint, n numeric(12,3), t text, ts timestamp(6), "
                   "tz timestamptz, b bytea, flag boolean, f double precision, r real, big numeric)")
        pg.execute("INSERT INTO p VALUES (1, -9223372036854775808, -123456789.125, 'naïve ☃ 😀 \t\n''\"\\', "
                   "'2024-02-29 12:34:56.789012', '2024-06-01 12:00:00+02', '\\x00ff'::bytea, true, 0.1, 0.1, 1.5),"
                   "(2, 42, 0.001, '', '1970-01-01 00:00:00', '2038-01-19 03:14:07+00', '', false, 1e300, 3.4e38, "
                   "'NaN'), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
    source = open_source(scratch_pg)
    table = next(t for t in source.tables() if t.name == "p")
    assert table.schema == "public" and table.primary_key == ["id"]
    assert [c.source_type for c in table.columns] == [
        "integer", "bigint", "numeric(12,3)", "text", "timestamp(6) without time zone", "timestamp with time zone",
        "bytea", "boolean", "double precision", "real", "numeric"]
    names = [c.name for c in table.columns]
    rows = [r for b in source.read(table, names, None, None, 2) for r in b]
    source.close()
    my_types = ["int", "bigint", "decimal(12,3)", "longtext", "datetime(6)", "timestamp(6) NULL", "longblob",
                "tinyint(1)", "double", "float", "decimal(65,30)"]
    my_run(maria, ["CREATE TABLE p (" + ", ".join(f"{n} {t}" for n, t in zip(names, my_types, strict=True)) + ")"])
    target = open_target(maria)
    with target.connection() as conn:
        types = dict(target.table_columns(conn, None, "p"))
        assert types["flag"] == "tinyint(1)" and types["tz"] == "timestamp(6)" and types["n"] == "decimal(12,3)"
        convs = [Converter(table.column(n), "postgres", types[n], "mysql") for n in names]
        good, bad = [], []
        for row in rows:
            try:
                good.append(tuple(c(v) for c, v in zip(convs, row, strict=True)))
            except BadValue as e:
                bad.append(str(e))
        assert bad == ["column big: NaN does not fit decimal(65,30)"]
        assert target.write(conn, None, "p", names, good) == 2
    with target.connection() as conn:
        back = list(target.read(conn, None, "p", names, "id"))
    target.close()
    assert back == good
    assert back[0] == (1, -9223372036854775808, Decimal("-123456789.125"), "naïve ☃ 😀 \t\n'\"\\",
                       dt.datetime(2024, 2, 29, 12, 34, 56, 789012), dt.datetime(2024, 6, 1, 10, 0), b"\x00\xff", 1,
                       0.1, 0.1, Decimal("1.5"))
    assert back[1] == (3,) + (None,) * 10
    no_nan = tuple(c(v) for c, v in zip(convs[:-1], rows[1][:-1], strict=True))
    assert no_nan[5] == dt.datetime(2038, 1, 19, 3, 14, 7) and no_nan[9] == 3.4e38 and no_nan[7] == 0


# --- the converter on its own --------------------------------------------------------------------------------------

def col(source_type: str, name: str = "c") -> ColumnInfo:
    return ColumnInfo(name, source_type)


def test_policy_values_are_checked() -> None:
    with pytest.raises(ValueError, match="zero_dates"):
        ValuePolicy(zero_dates="zero")
    assert ValuePolicy() == ValuePolicy("null", "strip", "replace")


def test_parse_type() -> None:
    assert parse_type("int(10) unsigned zerofill").base == "int"
    assert parse_type("int(10) unsigned").unsigned
    t = parse_type("timestamp(3) with time zone")
    assert (t.base, t.params) == ("timestamp with time zone", ("3",))
    assert parse_type("character varying(40)[]").array
    e = parse_type("enum('a,b','it''s','x)y')")
    assert (e.base, e.members) == ("enum", ("a,b", "it's", "x)y"))
    assert parse_type("numeric(12,2)").params == ("12", "2")


def test_float32() -> None:
    assert float32(0.1) == 0.1 and float32(1 / 3) == 0.33333334 and float32(16777217.0) == 16777216.0
    with pytest.raises(OverflowError):
        float32(1e39)


def test_converter_edges() -> None:
    assert Converter(col("bigint unsigned"), "mysql", "bigint", "postgres")(2**63 - 1) == 2**63 - 1
    with pytest.raises(BadValue, match="column c: 9223372036854775808 is out of range for bigint"):
        Converter(col("bigint unsigned"), "mysql", "bigint", "postgres")(2**63)
    with pytest.raises(BadValue, match="does not fit numeric"):
        Converter(col("decimal(10,2)"), "mysql", "numeric(5,2)", "postgres")(Decimal("999.995"))
    assert Converter(col("decimal(10,3)"), "mysql", "numeric(5,2)", "postgres")(Decimal("1.005")) == Decimal("1.01")
    with pytest.raises(BadValue, match="do not fit character varying"):
        Converter(col("text"), "mysql", "character varying(3)", "postgres")("abcd")
    assert Converter(col("text"), "mysql", "character(4)", "postgres")("ab") == "ab  "
    with pytest.raises(BadValue, match="not a member"):
        Converter(col("text"), "postgres", "enum('a','b')", "mysql")("c")
    assert Converter(col("bit(3)"), "mysql", "bit varying(3)", "postgres")(b"\x05") == "101"
    assert Converter(col("bit varying(3)"), "postgres", "bit(3)", "mysql")("101") == b"\x05"
    with pytest.raises(BadValue, match="more than 2 bits"):
        Converter(col("bit(3)"), "mysql", "bit(2)", "postgres")(b"\x05")
    assert Converter(col("timestamp with time zone"), "postgres", "timestamp", "mysql")(
        dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))) == dt.datetime(2024, 1, 1, 10)
    assert Converter(col("datetime(6)"), "mysql", "timestamp(0) without time zone", "postgres")(
        dt.datetime(2024, 1, 1, 23, 59, 59, 500000)) == dt.datetime(2024, 1, 2)
    with pytest.raises(BadValue, match="TIMESTAMP's range"):
        Converter(col("timestamptz"), "postgres", "timestamp", "mysql")(dt.datetime(1969, 1, 1, tzinfo=UTC))
    with pytest.raises(BadValue, match="TIME's range"):
        Converter(col("interval"), "postgres", "time", "mysql")(dt.timedelta(hours=839))
    assert Converter(col("tinyint(1)"), "mysql", "tinyint(1)", "mysql")(5) == 5       # same type: untouched
    assert Converter(col("boolean"), "postgres", "tinyint(1)", "mysql")(True) == 1
    assert Converter(col("char(36)"), "mysql", "uuid", "postgres")("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11").hex == \
        "a0eebc999c0b4ef8bb6d6bb9bd380a11"
    assert Converter(None, "mysql", None, "postgres")("a\x00") == "a"                  # unknown: policy only
    assert Converter(col("int unsigned"), "mysql", "bigint", "postgres").passthrough
    assert not Converter(col("bigint unsigned"), "mysql", "bigint", "postgres").passthrough
    assert Converter(col("bigint unsigned"), "mysql", "numeric(20,0)", "postgres").passthrough
    assert not Converter(col("text"), "mysql", "text", "postgres").passthrough        # NULs to strip
