"""`sct convert mysql://...` and `sct assess mysql://...`: a live MariaDB database read from its catalog.

The scratch database holds tables of several column types, primary, unique and foreign keys, indexes, a view,
a function, a procedure and a trigger. What a user relies on: the schema.sql applies on PostgreSQL in one pass,
it is the schema.sql that converting a mysqldump --no-data of the same database gives, the report says where
each object came from, and the password never shows (stdout, stderr, report.json, HTML, ...).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pymysql
import pytest

SECRET = "Pw-" + uuid.uuid4().hex[:10]

FIXTURE = [
    """CREATE TABLE customer (
         id INT UNSIGNED NOT NULL AUTO_INCREMENT,
         email VARCHAR(120) NOT NULL,
         status ENUM('active','closed') NOT NULL DEFAULT 'active',
         created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
         balance DECIMAL(12,2) NOT NULL DEFAULT 0.00,
         flags TINYINT NOT NULL DEFAULT 0,
         born DATE,
         photo BLOB,
         score DOUBLE,
         PRIMARY KEY (id),
         UNIQUE KEY uq_email (email)
       ) ENGINE=InnoDB""",
    """CREATE TABLE orders (
         id BIGINT NOT NULL AUTO_INCREMENT,
         customer_id INT UNSIGNED NOT NULL,
         total DECIMAL(10,2) NOT NULL,
         note TEXT,
         placed DATETIME NOT NULL,
         PRIMARY KEY (id),
         KEY ix_orders_customer (customer_id, placed),
         CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
       ) ENGINE=InnoDB""",
    "CREATE INDEX ix_orders_total ON orders (total)",
    """CREATE VIEW customer_totals AS SELECT c.id, c.email, SUM(o.total) AS total
       FROM customer c JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.email""",
    """CREATE FUNCTION order_count(cid INT) RETURNS INT DETERMINISTIC
       BEGIN
         DECLARE n INT;
         SELECT COUNT(*) INTO n FROM orders WHERE customer_id = cid;
         RETURN n;
       END""",
    """CREATE PROCEDURE close_customer(IN cid INT)
       BEGIN
         UPDATE customer SET status = 'closed' WHERE id = cid;
       END""",
    """CREATE TRIGGER orders_total_check BEFORE INSERT ON orders FOR EACH ROW
       BEGIN
         IF NEW.total < 0 THEN
           SET NEW.total = 0;
         END IF;
       END""",
]


def _connect(dsn: str, database: bool = True):
    url = urlsplit(dsn)
    return pymysql.connect(host=url.hostname or "127.0.0.1", port=url.port or 3306,
                           user=unquote(url.username or "root"), password=unquote(url.password or ""),
                           database=url.path.lstrip("/") if database else None, autocommit=True,
                           connect_timeout=5)


def _run_sql(dsn: str, statements: list[str], database: bool = True) -> None:
    conn = _connect(dsn, database)
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
    finally:
        conn.close()


@pytest.fixture
def shop(scratch_mariadb: str) -> str:
    """The scratch MariaDB database with the fixture's objects; its DSN."""
    _run_sql(scratch_mariadb, FIXTURE)
    return scratch_mariadb


@pytest.fixture
def sct(tmp_path, monkeypatch, cli_in_process):
    """`sct(*args)`: run the CLI in-process in tmp_path; (exit code, stdout + stderr). Never a traceback."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        code, out, err = cli_in_process(*args)
        output = out + err
        assert "Traceback" not in output, output
        return code, output

    return run


def _location(dsn: str) -> str:
    url = urlsplit(dsn)
    return f"mysql://{url.hostname}:{url.port or 3306}{url.path}"


def _body(schema_sql: str) -> str:
    """schema.sql without its comment lines (header, `-- table t (file:line)`): the statements only."""
    return "\n".join(line for line in schema_sql.splitlines() if not line.startswith("--"))


def _mysqldump(dsn: str, path: Path) -> Path:
    dump = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    if dump is None:
        pytest.fail("mariadb-dump / mysqldump not found on PATH (Debian package mariadb-client)", pytrace=False)
    url = urlsplit(dsn)
    done = subprocess.run([dump, "-h", url.hostname or "127.0.0.1", "-P", str(url.port or 3306), "-u",
                           unquote(url.username or "root"), "--no-data", "--routines", "--triggers", "--events",
                           f"--result-file={path}", url.path.lstrip("/")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MYSQL_PWD": unquote(url.password or "")})
    assert done.returncode == 0, done.stderr
    return path


def test_live_database_converts_applies_and_matches_its_dump(shop, sct, tmp_path, scratch_pg, psql_apply):
    code, output = sct("convert", shop, "--to", "postgres", "-o", "out")
    assert code == 0, output
    schema = (tmp_path / "out" / "schema.sql").read_text(encoding="utf-8")
    psql_apply(scratch_pg, tmp_path / "out" / "schema.sql")

    code, output = sct("convert", str(_mysqldump(shop, tmp_path / "dump.sql")), "--from", "mysql", "-o", "dumped")
    assert code == 0, output
    assert _body(schema) == _body((tmp_path / "dumped" / "schema.sql").read_text(encoding="utf-8"))
    for statement in ("CREATE TABLE customer", "CREATE TABLE orders", "CREATE INDEX ix_orders_customer",
                      "CREATE INDEX ix_orders_total", "FOREIGN KEY (customer_id) REFERENCES customer (id)",
                      "CREATE VIEW customer_totals", "FUNCTION order_count", "PROCEDURE close_customer",
                      "CREATE TRIGGER orders_total_check"):
        assert statement in schema
    # the routines and the trigger behave on PostgreSQL as on MariaDB
    import psycopg

    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("INSERT INTO customer (id, email) VALUES (7, 'a@example.com')")
        conn.execute("INSERT INTO orders (customer_id, total, placed) VALUES (7, -5, now()), (7, 10, now())")
        assert conn.execute("SELECT order_count(7), order_count(8)").fetchone() == (2, 0)
        assert conn.execute("SELECT min(total) FROM orders").fetchone()[0] == 0      # the trigger zeroed -5
        conn.execute("CALL close_customer(7)")
        assert conn.execute("SELECT status FROM customer WHERE id = 7").fetchone()[0] == "closed"


def test_report_says_where_each_object_came_from(shop, sct, tmp_path):
    code, output = sct("convert", shop, "-o", "out")
    assert code == 0, output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    where = _location(shop)
    assert report["source"] == {"dialect": "mysql", "files": [where]}
    files = {(o["kind"], o["name"]): o["file"] for o in report["objects"]}
    assert files[("table", "customer")] == f"{where}/table/customer"
    assert files[("index", "ix_orders_customer")] == f"{where}/table/orders"
    assert files[("view", "customer_totals")] == f"{where}/view/customer_totals"
    assert files[("function", "order_count")] == f"{where}/function/order_count"
    assert files[("procedure", "close_customer")] == f"{where}/procedure/close_customer"
    assert files[("trigger", "orders_total_check")] == f"{where}/trigger/orders_total_check"


def test_assess_of_a_live_database(shop, sct, tmp_path):
    code, output = sct("assess", shop, "-o", "assessment", "--format", "json,html")
    assert code == 0, output
    assert output.strip().splitlines()[-1].startswith("sct: objects=")
    report = json.loads((tmp_path / "assessment" / "report.json").read_text(encoding="utf-8"))
    names = {o["name"] for o in report["objects"]}
    assert {"customer", "orders", "customer_totals", "order_count", "close_customer",
            "orders_total_check"} <= names


# --- passwords -----------------------------------------------------------------------------------------------

@pytest.fixture
def secret_user(shop: str) -> Iterator[str]:
    """A MariaDB user `sct_u_<hex>` with password SECRET and every privilege on the scratch database; yields the
    database's DSN as that user, without the password."""
    user = f"sct_u_{uuid.uuid4().hex[:8]}"
    database = urlsplit(shop).path.lstrip("/")
    _run_sql(shop, [f"CREATE USER '{user}'@'%' IDENTIFIED BY '{SECRET}'",
                    f"GRANT ALL PRIVILEGES ON `{database}`.* TO '{user}'@'%'"], database=False)
    url = urlsplit(shop)
    try:
        yield urlunsplit(url._replace(netloc=f"{user}@{url.hostname}:{url.port or 3306}"))
    finally:
        _run_sql(shop, [f"DROP USER IF EXISTS '{user}'@'%'"], database=False)


def _with_password(dsn: str, password: str) -> str:
    url = urlsplit(dsn)
    user, _, host = url.netloc.partition("@")
    return urlunsplit(url._replace(netloc=f"{user}:{password}@{host}"))


def _assert_secret_nowhere(output: str, folder: Path) -> None:
    assert SECRET not in output
    for path in folder.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("how", ["dsn", "file", "environment"])
def test_password_from_dsn_file_or_environment_never_shows(secret_user, sct, tmp_path, monkeypatch, how):
    args = [secret_user]
    if how == "dsn":
        args = [_with_password(secret_user, SECRET)]
    elif how == "file":
        (tmp_path / "pw").write_text(SECRET + "\n", encoding="utf-8")
        args += ["--password-file", str(tmp_path / "pw")]
    else:
        monkeypatch.setenv("SCT_SOURCE_PASSWORD", SECRET)
    code, output = sct("assess", *args, "-o", "assessment")
    assert code == 0, output
    _assert_secret_nowhere(output, tmp_path / "assessment")
    report = json.loads((tmp_path / "assessment" / "report.json").read_text(encoding="utf-8"))
    assert {"customer", "close_customer"} <= {o["name"] for o in report["objects"]}


def test_wrong_password_is_one_line_and_exit_2(secret_user, sct, tmp_path):
    code, output = sct("convert", _with_password(secret_user, SECRET + "x"), "-o", "out")
    assert code == 2
    assert len(output.strip().splitlines()) == 1, output
    assert output.startswith("sct: error: cannot connect to MySQL at ") and "Access denied" in output
    assert SECRET not in output
    assert not (tmp_path / "out").exists()


def test_two_passwords_are_refused(secret_user, sct, tmp_path):
    (tmp_path / "pw").write_text(SECRET, encoding="utf-8")
    code, output = sct("convert", _with_password(secret_user, SECRET), "--password-file", "pw", "-o", "out")
    assert code == 2 and "keep one" in output and SECRET not in output


# --- a database that is not there ------------------------------------------------------------------------------

def test_unreachable_server_and_unknown_database(mariadb_dsn, sct):
    url = urlsplit(mariadb_dsn)
    code, output = sct("convert", urlunsplit(url._replace(netloc=f"root:{SECRET}@127.0.0.1:1",
                                                          path="/x")), "-o", "out")
    assert code == 2 and output.startswith("sct: error: cannot connect to MySQL at 127.0.0.1:1/x")
    assert len(output.strip().splitlines()) == 1 and SECRET not in output
    missing = f"sct_missing_{uuid.uuid4().hex[:8]}"
    code, output = sct("assess", urlunsplit(url._replace(path=f"/{missing}")), "-o", "out")
    assert code == 2 and re.search(rf"Unknown database '{missing}'", output), output
    assert len(output.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["--from", "oracle"], "does not match the DSN"),
    (["extra.sql"], "give one database DSN"),
])
def test_source_options_that_do_not_fit_a_dsn(mariadb_dsn, sct, args, message):
    code, output = sct("convert", mariadb_dsn, *args, "-o", "out")
    assert code == 2 and message in output, output


def test_password_file_is_for_a_dsn(sct, tmp_path):
    (tmp_path / "a.sql").write_text("CREATE TABLE t (id INT);\n", encoding="utf-8")
    (tmp_path / "pw").write_text("x", encoding="utf-8")
    code, output = sct("convert", "a.sql", "--from", "mysql", "--password-file", "pw", "-o", "out")
    assert code == 2 and "--password-file is for a database DSN" in output
