"""MySQL SQL rewrites (MY3xx): the PostgreSQL text, and the same value on a real MariaDB and a real PostgreSQL."""

from __future__ import annotations

import datetime
import decimal
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
import pytest

from sct.converter.dialects import mysql_sql
from sct.converter.emit.sqlgen import to_sql
from sct.converter.ir import QName, Span, Table
from sct.converter.pipeline import convert_text


def convert(sql: str) -> tuple[str, set[str]]:
    owner = Table(name=QName(None, "t"), span=Span("t.sql", 1))
    tree = mysql_sql.convert_tree(mysql_sql.parse_sql(sql, owner.span), owner, owner.span, source=sql)
    return to_sql(tree), {f.rule_id for f in owner.findings}


@pytest.mark.parametrize("mysql, pg, rule", [
    ("SELECT IFNULL(a, 1) FROM t", "SELECT COALESCE(a, 1) FROM t", "MY301"),
    ("SELECT IF(a > 1, 'x', 'y') FROM t", "SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END FROM t", "MY302"),
    ("SELECT CONCAT(a, b) FROM t", "SELECT CAST(a AS TEXT) || b FROM t", "MY303"),
    ("SELECT CONCAT('n=', a, b) FROM t", "SELECT 'n=' || a || b FROM t", "MY303"),
    ("SELECT CONCAT(a) = 'x' FROM t", "SELECT CAST(a AS TEXT) = 'x' FROM t", "MY303"),
    ("SELECT GROUP_CONCAT(DISTINCT a ORDER BY a DESC SEPARATOR '|') FROM t",
     "SELECT STRING_AGG(DISTINCT CAST(a AS TEXT), '|' ORDER BY a DESC NULLS LAST) FROM t", "MY305"),
    ("SELECT DATE_FORMAT(d, '%d.%m.%Y at %H:%i') FROM t",
     "SELECT TO_CHAR(CAST(d AS TIMESTAMP), 'DD.MM.YYYY\" at \"HH24:MI') FROM t", "MY306"),
    ("SELECT STR_TO_DATE(s, '%Y%m%d') FROM t", "SELECT TO_DATE(s, 'YYYYMMDD') FROM t", "MY306"),
    ("SELECT TIMESTAMPDIFF(DAY, a, b) FROM t",
     "SELECT CAST(TRUNC(EXTRACT(EPOCH FROM (CAST(b AS TIMESTAMP) - CAST(a AS TIMESTAMP))) / 86400) AS BIGINT) "
     "FROM t", "MY308"),
    ("SELECT a DIV b FROM t", "SELECT DIV(a, NULLIF(b, 0)) FROM t", "MY311"),
    ("SELECT a / b FROM t", "SELECT CAST(a AS DECIMAL) / NULLIF(b, 0) FROM t", "MY312"),
    ("SELECT a FROM t WHERE a = 1 || b = 2", "SELECT a FROM t WHERE a = 1 OR b = 2", "MY313"),
    ("SELECT CAST(a AS UNSIGNED) FROM t", "SELECT CAST(a AS DECIMAL(20)) FROM t", "MY314"),
    ("SELECT LENGTH(a), CHAR_LENGTH(a) FROM t", "SELECT OCTET_LENGTH(a), CHAR_LENGTH(a) FROM t", "MY316"),
    ("SELECT a FROM t LIMIT 2, 3", "SELECT a FROM t LIMIT 3 OFFSET 2", "MY317"),
    ("SELECT `A`.`Bc` FROM `A`", "SELECT a.bc FROM a", None),
])
def test_rewrites(mysql, pg, rule):
    text, fired = convert(mysql)
    assert text == pg
    if rule:
        assert rule in fired


def test_format_specifiers_without_equivalent_are_manual():
    owner = Table(name=QName(None, "t"), span=Span("t.sql", 1))
    mysql_sql.convert_tree(mysql_sql.parse_sql("SELECT DATE_FORMAT(d, '%U') FROM t", owner.span), owner, owner.span)
    assert [(f.rule_id, f.effort.value) for f in owner.findings] == [("MY306", "manual")]


def test_view_with_user_variable_is_left_out():
    conversion = convert_text("CREATE TABLE t (a INT);\nCREATE VIEW v AS SELECT a FROM t WHERE a = @x;",
                              source="mysql")
    view = next(o for o in conversion.objects if o.kind == "view")
    assert view.target_sql is None and view.findings[0].rule_id == "MY318"


def test_zero_dates_in_data_are_reported_or_nulled():
    text = "CREATE TABLE t (d DATE, n INT);\nINSERT INTO t VALUES ('0000-00-00', 1), ('2020-01-01', 2);"
    conversion = convert_text(text, source="mysql")
    assert conversion.data_statements[0].target_sql == "INSERT INTO t VALUES ('2020-01-01', 2);"
    assert conversion.data_statements[0].findings[0].rule_id == "MY121"
    from sct.converter import mysql_pipeline, mysql_script

    nulled = mysql_pipeline.convert(mysql_script.read_mysql_script_text(text), "mysql", "postgres", zero_dates="null")
    assert nulled.data_statements[0].target_sql == "INSERT INTO t VALUES (NULL, 1), ('2020-01-01', 2);"


# --- the same value on MariaDB and PostgreSQL ----------------------------------------------------------------

EXPRESSIONS = [
    "CONCAT('a', NULL, 'b')", "CONCAT(1, 2)", "CONCAT_WS('-', 'a', NULL, 'b')", "IFNULL(NULL, 'x')",
    "IF(1 > 2, 'y', 'n')", "7 DIV 2", "-7 DIV 2", "7 DIV 0", "7 / 0", "DATE_FORMAT('2024-03-05 14:07:09', "
    "'%Y-%m-%d %H:%i:%s %M %b %W %a %j %e %c %y %p %h')", "DATE_FORMAT('2024-03-01', '%D of %M')",
    "STR_TO_DATE('05/03/2024', '%d/%m/%Y')", "STR_TO_DATE('2024-03-05 14:07', '%Y-%m-%d %H:%i')",
    "TIMESTAMPDIFF(DAY, '2024-01-01', '2024-03-01 12:00')", "TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-03-30')",
    "TIMESTAMPDIFF(YEAR, '2000-02-29', '2024-02-28')", "TIMESTAMPDIFF(MINUTE, '2024-01-01 10:00', '2024-01-01 09:00:30')",
    "DATE_ADD(CAST('2024-01-31 10:00' AS DATETIME), INTERVAL 1 MONTH)", "DATE_SUB('2024-03-01 00:00:00', INTERVAL 90 "
    "MINUTE)", "CAST('2024-01-31' AS DATE) + INTERVAL 1 DAY",
    "LENGTH('é')", "CHAR_LENGTH('é')", "FIND_IN_SET('b', 'a,b,c')", "FIND_IN_SET('z', 'a,b,c')",
    "CAST(12.5 AS CHAR)", "CAST('42' AS SIGNED)", "LEFT('abcdef', 3)", "SUBSTRING('abcdef', 2, 3)",
    "LOCATE('c', 'abcabc')", "REPLACE('aXbX', 'X', '-')", "UPPER('abc')", "TRIM('  a  ')",
    "LPAD('5', 3, '0')", "ROUND(2.5)", "FROM_UNIXTIME(0) IS NOT NULL", "'abc' REGEXP '^A'", "COALESCE(NULL, 2)",
    "SUBSTRING('abcdef', -3)", "SUBSTRING('abcdef', -2, 1)", "SUBSTRING('ab', -3)", "SUBSTRING('abc', 0)",
    "GREATEST(1, NULL, 3)", "LEAST(4, 2, 7)", "GREATEST(CAST(NULL AS SIGNED), 1)",
]


def _mariadb_value(dsn: str, expression: str):
    url = urlsplit(dsn)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), charset="utf8mb4")
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT {expression}")
            return cur.fetchone()[0]
    finally:
        conn.close()


def _same(value):
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return decimal.Decimal(str(value)).normalize()
    if isinstance(value, datetime.datetime):       # MySQL returns a string for a string argument
        return str(value.replace(tzinfo=None))
    if isinstance(value, datetime.date):            # a DATE where PostgreSQL gives midnight of it (MY307)
        return str(datetime.datetime.combine(value, datetime.time()))
    if isinstance(value, bool):
        return int(value)
    return value


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_expression_gives_the_same_value_on_mariadb_and_postgres(expression, mariadb_dsn, pg_dsn):
    expected = _mariadb_value(mariadb_dsn, expression)
    converted, _ = convert(f"SELECT {expression}")
    with psycopg.connect(pg_dsn) as conn:
        got = conn.execute(converted).fetchone()[0]
    if isinstance(expected, decimal.Decimal) and isinstance(got, decimal.Decimal):   # x / y: scales differ
        got = round(got, -expected.as_tuple().exponent)
    assert _same(got) == _same(expected), converted


IMPLICIT = """CREATE TABLE customer (id INT PRIMARY KEY, phone VARCHAR(20), score INT);
INSERT INTO customer VALUES (1, '5551234', 7), (2, '05551234', 42), (3, '555-1234', 0);
CREATE VIEW by_number AS SELECT id FROM customer WHERE phone = 5551234;
CREATE VIEW by_text AS SELECT c.id FROM customer c WHERE c.phone = '5551234' OR c.score = '42';
CREATE VIEW by_junk AS SELECT id FROM customer WHERE score > '4x';
"""


def test_text_compared_with_numbers_is_left_out_where_mysql_converts_implicitly(scratch_mariadb, scratch_pg):
    from sct.converter.emit import postgres
    from sct.converter.pipeline import convert_text

    url = urlsplit(scratch_mariadb)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path.lstrip("/"), autocommit=True)
    with conn.cursor() as cur:
        for statement in IMPLICIT.strip().split(";\n"):
            cur.execute(statement)
        cur.execute("SELECT id FROM by_number ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == [1, 2]          # '05551234' = 5551234 in MySQL
        cur.execute("SELECT id FROM by_junk ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == [1, 2]          # '4x' is read as 4
    conn.close()

    conversion = convert_text(IMPLICIT, file="c.sql", source="mysql")
    views = {o.name.name: o for o in conversion.schema_objects if o.name.name.startswith("by_")}
    assert views["by_number"].target_sql is None
    assert any(f.rule_id == "MY327" and "phone = 5551234" in f.message for f in views["by_number"].findings)
    assert views["by_junk"].target_sql is None
    assert views["by_text"].target_sql is not None                   # text with text, '42' with an integer
    with psycopg.connect(scratch_pg, autocommit=True) as pg:
        pg.execute(postgres.schema_script(conversion))
        pg.execute(postgres.data_script(conversion))
        assert pg.execute("SELECT id FROM by_text ORDER BY id").fetchall() == [(1,), (2,)]
