"""MySQL scripts on a real MariaDB 10.11 and their conversion on a real PostgreSQL hold the same rows.

The same script is run by the mysql client on MariaDB and converted (--from mysql) and applied with psql on
PostgreSQL; then every table's rows are read from both and compared as values (decimals as Decimal, dates and
timestamps as datetime, text as str, bytes as bytes): row counts and a checksum over the sorted rows.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_paths, convert_text

pytestmark = [pytest.mark.postgres]


def _mariadb_run(dsn: str, script: str) -> None:
    """Run a script with the mysql client (DELIMITER, conditional comments and all), stopping on an error."""
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.fail("the mariadb/mysql client is not on PATH", pytrace=False)
    url = urlsplit(dsn)
    args = [client, "-h", url.hostname or "127.0.0.1", "-P", str(url.port or 3306),
            "-u", unquote(url.username or "root"), "--default-character-set=utf8mb4", url.path.lstrip("/")]
    if url.password:
        args.insert(1, f"-p{unquote(url.password)}")
    done = subprocess.run(args, input=script, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def _mariadb_rows(dsn: str, table: str) -> list[tuple]:
    url = urlsplit(dsn)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path.lstrip("/"), charset="utf8mb4")
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT * FROM `{table}`")
            return list(cur.fetchall())
    finally:
        conn.close()


def _value(v: object) -> object:
    """A value both drivers give the same way: Decimal normalised, datetimes naive, memoryview as bytes."""
    if isinstance(v, decimal.Decimal):
        return ("n", str(v.normalize()))
    if isinstance(v, datetime.datetime):
        return ("t", v.replace(tzinfo=None).isoformat())
    if isinstance(v, (datetime.date, datetime.time)):
        return ("d", v.isoformat())
    if isinstance(v, memoryview):
        return ("b", bytes(v).hex())
    if isinstance(v, bytes):
        return ("b", v.hex())
    if isinstance(v, int) and not isinstance(v, bool):
        return ("n", str(v))
    return ("s", v) if v is not None else ("z", "")


def checksum(rows: list[tuple]) -> tuple[int, str]:
    keyed = sorted(repr(tuple(_value(v) for v in row)) for row in rows)
    return len(keyed), hashlib.sha256("\n".join(keyed).encode()).hexdigest()


def _without_database_statements(text: str) -> str:
    """The script without DROP/CREATE DATABASE and USE, so it runs in the scratch database."""
    return re.sub(r"(?im)^\s*(DROP\s+DATABASE|CREATE\s+DATABASE|USE)\b[^;]*;", "", text)


def _compare(scratch_mariadb: str, scratch_pg: str, psql_apply, tmp_path: Path, conversion) -> dict:
    schema, data = tmp_path / "schema.sql", tmp_path / "data.sql"
    schema.write_text(postgres.schema_script(conversion), encoding="utf-8")
    data.write_text(postgres.data_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, schema)
    psql_apply(scratch_pg, data)
    tables = {o.name.name: o for o in conversion.schema_objects if o.kind == "table" and o.target_sql}
    url = urlsplit(scratch_mariadb)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path.lstrip("/"))
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW TABLES")
            source_tables = {r[0].lower(): r[0] for r in cur.fetchall()}
    finally:
        conn.close()
    assert set(source_tables) == set(tables)
    out = {}
    with psycopg.connect(scratch_pg) as pg:
        for name in sorted(tables):
            source = checksum(_mariadb_rows(scratch_mariadb, source_tables[name]))
            target = checksum(pg.execute(f"SELECT * FROM {name}").fetchall())
            out[name] = (source, target)
    return out


@pytest.mark.slow
def test_chinook_on_mariadb_and_postgres_hold_the_same_rows(shared_corpus, scratch_mariadb, scratch_pg, psql_apply,
                                                            tmp_path):
    path = shared_corpus / "mysql" / "chinook" / "Chinook_MySql.sql"
    _mariadb_run(scratch_mariadb, _without_database_statements(path.read_text(encoding="utf-8")))
    conversion = convert_paths([path], source="mysql")
    compared = _compare(scratch_mariadb, scratch_pg, psql_apply, tmp_path, conversion)
    assert len(compared) == 11
    different = {t: c for t, c in compared.items() if c[0] != c[1]}
    assert not different
    assert compared["track"][0][0] == 3503


TYPES_SCRIPT = r"""
SET NAMES utf8mb4;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
CREATE TABLE `Kinds` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `tiny` tinyint(4) DEFAULT NULL,
  `flag` tinyint(1) NOT NULL DEFAULT 0,
  `big` bigint(20) unsigned DEFAULT NULL,
  `price` decimal(12,3) DEFAULT NULL,
  `ratio` double DEFAULT NULL,
  `bits` bit(4) DEFAULT NULL,
  `code` char(3) DEFAULT NULL,
  `name` varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,
  `body` mediumtext,
  `raw` varbinary(8) DEFAULT NULL,
  `blob` blob,
  `day` date DEFAULT NULL,
  `at` datetime(3) DEFAULT NULL,
  `stamp` timestamp NULL DEFAULT NULL,
  `t` time DEFAULT NULL,
  `yr` year(4) DEFAULT NULL,
  `size` enum('S','M','L') DEFAULT 'M',
  `tags` set('a','b','c') DEFAULT NULL,
  `doc` json DEFAULT NULL,
  `twice` int(11) GENERATED ALWAYS AS (`tiny` * 2) STORED,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_code` (`code`),
  KEY `ix_name` (`name`(10))
) ENGINE=InnoDB AUTO_INCREMENT=10 DEFAULT CHARSET=utf8mb4 COMMENT='every kind';
/*!40000 ALTER TABLE `Kinds` DISABLE KEYS */;
LOCK TABLES `Kinds` WRITE;
INSERT INTO `Kinds` (`id`, `tiny`, `flag`, `big`, `price`, `ratio`, `bits`, `code`, `name`, `body`, `raw`, `blob`,
  `day`, `at`, `stamp`, `t`, `yr`, `size`, `tags`, `doc`) VALUES
 (1,-128,1,18446744073709551615,123456789.125,0.5,b'1010','abc','It\'s "quoted"','line1\nline2\ttab\\back',
  0x00FF10,_binary 'bin\0ary','2024-02-29','2024-02-29 13:14:15.678','2024-03-01 00:00:01','12:34:56',2024,
  'L','a,c','{"k": [1, 2]}'),
 (2,127,0,0,-0.001,-1e10,b'1','xyz','ünïcödé €','',X'',NULL,'1000-01-01','9999-12-31 23:59:59.999',NULL,
  '00:00:00',1901,'S','','[]'),
 (3,NULL,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
UNLOCK TABLES;
/*!40000 ALTER TABLE `Kinds` ENABLE KEYS */;
INSERT IGNORE INTO `Kinds` (`id`, `code`) VALUES (1, 'dup');
INSERT INTO `Kinds` (`id`, `code`, `price`) VALUES (2, 'xyz', 5) ON DUPLICATE KEY UPDATE `price` = VALUES(`price`) + 1;
REPLACE INTO `Kinds` (`id`, `code`) VALUES (3, 'new');
"""


def test_every_type_and_mysqldump_form_loads_the_same_values(scratch_mariadb, scratch_pg, psql_apply, tmp_path):
    _mariadb_run(scratch_mariadb, TYPES_SCRIPT)
    conversion = convert_text(TYPES_SCRIPT, file="kinds.sql", source="mysql")
    schema, data = tmp_path / "schema.sql", tmp_path / "data.sql"
    schema.write_text(postgres.schema_script(conversion), encoding="utf-8")
    data.write_text(postgres.data_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, schema)
    psql_apply(scratch_pg, data)
    columns = "id, tiny, flag, big, price, ratio, code, name, body, raw, `blob`, day, at, t, yr, size, tags, twice"
    source = _mariadb_select(scratch_mariadb, f"SELECT {columns}, CAST(bits AS UNSIGNED), "
                                              "DATE_FORMAT(stamp, '%Y-%m-%d %H:%i:%s'), CAST(doc AS CHAR) "
                                              "FROM Kinds ORDER BY id")
    with psycopg.connect(scratch_pg) as pg:
        pg.execute("SET TIME ZONE 'UTC'")
        target = pg.execute(f"SELECT {columns.replace('`', '')}, bits::int, to_char(stamp, 'YYYY-MM-DD HH24:MI:SS'), "
                            "doc::text FROM kinds ORDER BY id").fetchall()
    assert len(source) == len(target) == 3
    for s, t in zip(source, target, strict=True):
        s, t = list(s), list(t)
        s[-1] = None if s[-1] is None else json.loads(s[-1])     # jsonb normalises spacing
        t[-1] = None if t[-1] is None else json.loads(t[-1])
        s[13] = None if s[13] is None else (datetime.datetime.min + s[13]).time()   # TIME: timedelta vs time
        assert [_value(v) for v in s] == [_value(v) for v in t]


def _mariadb_select(dsn: str, query: str) -> list[tuple]:
    url = urlsplit(dsn)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path.lstrip("/"), charset="utf8mb4")
    try:
        with conn.cursor() as cur:
            cur.execute("SET time_zone = '+00:00'")
            cur.execute(query)
            return list(cur.fetchall())
    finally:
        conn.close()
