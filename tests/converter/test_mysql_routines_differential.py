"""MySQL stored programs on a real MariaDB 10.11 and their PL/pgSQL conversion on a real PostgreSQL behave the same.

One schema of procedures, functions and triggers (every construct converter/emit/mysql_plpgsql.py converts) is
installed on MariaDB with the mysql client and converted with sct to PostgreSQL, where every converted body must
also pass plpgsql_check. Then the same calls and DML run on both, one by one in autocommit mode, and each step's
outcome is compared: the rows returned (OUT parameters, function results) or the error raised (SQLSTATE and
message); at the end every table's rows are compared too.
"""

from __future__ import annotations

import datetime
import decimal
import shutil
import subprocess
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject, Effort
from sct.converter.pipeline import convert_text

pytestmark = [pytest.mark.postgres]

SCHEMA = r"""
CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT NOT NULL DEFAULT 0,
  price DECIMAL(10,2), UNIQUE KEY uq_name (name));
CREATE TABLE audit (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, item_id INT, action VARCHAR(10), detail VARCHAR(100));
CREATE TABLE nums (n INT NOT NULL PRIMARY KEY, label VARCHAR(20));
INSERT INTO nums VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, NULL);

DELIMITER //
CREATE FUNCTION classify(x INT) RETURNS VARCHAR(20) DETERMINISTIC
BEGIN
  DECLARE result VARCHAR(20) DEFAULT 'none';
  IF x IS NULL THEN
    SET result = 'null';
  ELSEIF x < 0 THEN
    SET result = 'negative';
  ELSEIF x = 0 THEN
    SET result = 'zero';
  ELSE
    CASE x MOD 3
      WHEN 0 THEN SET result = 'fizz';
      WHEN 1 THEN SET result = CONCAT('one-', x);
      ELSE SET result = IF(x > 10, 'big', 'small');
    END CASE;
  END IF;
  RETURN result;
END //

CREATE FUNCTION loops(n INT) RETURNS INT DETERMINISTIC
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE total INT DEFAULT 0;
  DECLARE flag INT DEFAULT 1;
  outer_loop: LOOP
    SET i = i + 1;
    IF i > n THEN
      LEAVE outer_loop;
    END IF;
    IF i MOD 2 = 0 THEN
      ITERATE outer_loop;
    END IF;
    SET total = total + i;
  END LOOP outer_loop;
  WHILE flag AND i < 100 DO
    SET i = i * 2;
    SET flag = i < 50;
  END WHILE;
  REPEAT
    SET total = total + 1;
  UNTIL total MOD 7 = 0 END REPEAT;
  RETURN total * 1000 + i;
END //

CREATE FUNCTION searched(a INT, b INT) RETURNS INT DETERMINISTIC
BEGIN
  CASE
    WHEN a > b THEN RETURN a - b;
    WHEN a < b THEN RETURN b - a;
  END CASE;
  RETURN -1;
END //

CREATE PROCEDURE add_item(IN p_name VARCHAR(40), IN p_qty INT, OUT p_id INT, INOUT p_total INT)
MODIFIES SQL DATA
BEGIN
  INSERT INTO items (name, qty) VALUES (p_name, p_qty);
  SET p_id = LAST_INSERT_ID();
  SET p_total = COALESCE(p_total, 0) + p_qty;
END //

CREATE PROCEDURE sum_labels(OUT p_labels VARCHAR(200), OUT p_count INT, OUT p_last INT)
READS SQL DATA
BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE v_n INT DEFAULT -1;
  DECLARE v_label VARCHAR(20);
  DECLARE c CURSOR FOR SELECT n, label FROM nums WHERE label IS NOT NULL ORDER BY n;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  SET p_labels = '';
  SET p_count = 0;
  OPEN c;
  read_loop: LOOP
    FETCH c INTO v_n, v_label;
    IF done THEN
      LEAVE read_loop;
    END IF;
    SET p_labels = CONCAT(p_labels, v_label, ';');
    SET p_count = p_count + 1;
  END LOOP;
  CLOSE c;
  SET p_last = v_n;
END //

CREATE PROCEDURE fetch_too_far(OUT p_n INT)
READS SQL DATA
BEGIN
  DECLARE c CURSOR FOR SELECT n FROM nums WHERE n > 4;
  OPEN c;
  FETCH c INTO p_n;
  FETCH c INTO p_n;
END //

CREATE PROCEDURE lookup(IN p_n INT, OUT p_label VARCHAR(20), OUT p_seen INT)
READS SQL DATA
BEGIN
  SET p_label = 'unchanged';
  SET p_seen = 0;
  SELECT label INTO p_label FROM nums WHERE n = p_n;
  BEGIN
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET p_seen = -1;
    SELECT label INTO p_label FROM nums WHERE n = p_n + 100;
  END;
END //

CREATE PROCEDURE lookup_many(OUT p_label VARCHAR(20))
READS SQL DATA
BEGIN
  SET p_label = 'unchanged';
  SELECT label INTO p_label FROM nums WHERE n > 1;
END //

CREATE PROCEDURE safe_insert(IN p_name VARCHAR(40), OUT p_status VARCHAR(20))
MODIFIES SQL DATA
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION SET p_status = 'failed';
  SET p_status = 'started';
  INSERT INTO audit (item_id, action, detail) VALUES (NULL, 'try', p_name);
  INSERT INTO items (name, qty) VALUES (p_name, 1);
  SET p_status = 'ok';
END //

CREATE PROCEDURE count_new(IN p_first INT, IN p_last INT, OUT p_added INT, OUT p_dups INT)
MODIFIES SQL DATA
BEGIN
  DECLARE i INT DEFAULT p_first;
  DECLARE CONTINUE HANDLER FOR 1062 SET p_dups = p_dups + 1;
  SET p_added = 0;
  SET p_dups = 0;
  WHILE i <= p_last DO
    INSERT INTO nums (n, label) VALUES (i, CONCAT('n', i));
    SET p_added = p_added + 1;
    SET i = i + 1;
  END WHILE;
END //

CREATE PROCEDURE integrity(IN p_n INT, OUT p_result VARCHAR(20))
MODIFIES SQL DATA
BEGIN
  DECLARE EXIT HANDLER FOR SQLSTATE '23000' SET p_result = 'integrity';
  SET p_result = 'ok';
  INSERT INTO nums (n, label) VALUES (p_n, 'x');
END //

CREATE PROCEDURE check_qty(IN p_qty INT)
NO SQL
BEGIN
  IF p_qty < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'quantity must not be negative';
  END IF;
END //

CREATE PROCEDURE nested(IN p_qty INT, OUT p_where VARCHAR(20))
NO SQL
BEGIN
  DECLARE EXIT HANDLER FOR SQLSTATE '45001' SET p_where = 'outer';
  SET p_where = 'start';
  inner_block: BEGIN
    DECLARE EXIT HANDLER FOR SQLSTATE '45002' SET p_where = 'inner';
    IF p_qty = 1 THEN
      SIGNAL SQLSTATE '45001';
    ELSEIF p_qty = 2 THEN
      SIGNAL SQLSTATE '45002';
    ELSEIF p_qty = 3 THEN
      LEAVE inner_block;
    END IF;
    SET p_where = 'inner done';
  END;
  IF p_qty = 4 THEN
    CALL check_qty(-1);
  END IF;
  SET p_where = CONCAT(p_where, '+');
END //

CREATE PROCEDURE purge_audit(IN p_max INT, OUT p_deleted INT)
MODIFIES SQL DATA
BEGIN
  DELETE FROM audit WHERE id > p_max;
  SET p_deleted = ROW_COUNT();
END //

CREATE PROCEDURE committing(IN p_n INT)
MODIFIES SQL DATA
BEGIN
  START TRANSACTION;
  INSERT INTO nums (n, label) VALUES (p_n, 'committed');
  COMMIT;
END //

CREATE TRIGGER items_bi BEFORE INSERT ON items FOR EACH ROW
BEGIN
  IF NEW.qty < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative quantity';
  END IF;
  SET NEW.name = UPPER(NEW.name);
  IF NEW.price IS NULL THEN
    SET NEW.price = NEW.qty * 1.5;
  END IF;
END //

CREATE TRIGGER items_ai AFTER INSERT ON items FOR EACH ROW
  INSERT INTO audit (item_id, action, detail) VALUES (NEW.id, 'insert', CONCAT(NEW.name, '/', NEW.qty)) //

CREATE TRIGGER items_bu BEFORE UPDATE ON items FOR EACH ROW
BEGIN
  IF NEW.qty <> OLD.qty THEN
    SET NEW.price = OLD.price + (NEW.qty - OLD.qty);
  END IF;
END //

CREATE TRIGGER items_ad AFTER DELETE ON items FOR EACH ROW
BEGIN
  INSERT INTO audit (item_id, action, detail) VALUES (OLD.id, 'delete', OLD.name);
END //
DELIMITER ;
"""

OUT = object()          # an OUT argument: a user variable in MySQL, NULL in PostgreSQL's CALL


def inout(value: str) -> tuple[str]:
    return (value,)


# (kind, what, arguments): "call" a procedure, "select" an expression, "dml" a statement written the same for both.
STEPS = [
    ("select", "classify(NULL)", None), ("select", "classify(-5)", None), ("select", "classify(0)", None),
    ("select", "classify(9)", None), ("select", "classify(7)", None), ("select", "classify(11)", None),
    ("select", "classify(5)", None),
    ("select", "loops(0)", None), ("select", "loops(5)", None), ("select", "loops(9)", None),
    ("select", "searched(5, 2)", None), ("select", "searched(2, 5)", None),
    ("select", "searched(3, 3)", None),                     # CASE without a matching WHEN: error 20000
    ("call", "add_item", ["'apple'", "3", OUT, inout("10")]),
    ("call", "add_item", ["'pear'", "4", OUT, inout("NULL")]),
    ("call", "sum_labels", [OUT, OUT, OUT]),
    ("call", "fetch_too_far", [OUT]),                       # FETCH past the end without a handler: 02000
    ("call", "lookup", ["2", OUT, OUT]), ("call", "lookup", ["42", OUT, OUT]), ("call", "lookup", ["5", OUT, OUT]),
    ("call", "lookup_many", [OUT]),                         # more than one row: 42000
    ("call", "safe_insert", ["'plum'", OUT]),
    ("call", "safe_insert", ["'apple'", OUT]),              # duplicate name: the EXIT handler, audit row kept
    ("call", "count_new", ["4", "8", OUT, OUT]),            # 4 and 5 exist: the CONTINUE handler counts them
    ("call", "integrity", ["1", OUT]), ("call", "integrity", ["100", OUT]),
    ("call", "check_qty", ["1"]), ("call", "check_qty", ["-1"]),
    ("call", "nested", ["0", OUT]), ("call", "nested", ["1", OUT]), ("call", "nested", ["2", OUT]),
    ("call", "nested", ["3", OUT]), ("call", "nested", ["4", OUT]),
    ("call", "committing", ["200"]),
    ("dml", "UPDATE items SET qty = qty + 2 WHERE name = 'APPLE'", None),
    ("dml", "UPDATE items SET price = 9 WHERE name = 'PEAR'", None),
    ("dml", "DELETE FROM items WHERE name = 'PLUM'", None),
    ("call", "purge_audit", ["3", OUT]), ("call", "purge_audit", ["100", OUT]),
    ("dml", "INSERT INTO items (name, qty) VALUES ('bad', -1)", None),      # BEFORE trigger: SIGNAL 45000
]


def _value(v: object) -> object:
    if isinstance(v, decimal.Decimal):
        return str(v.normalize())
    if isinstance(v, float):
        return str(decimal.Decimal(repr(v)).normalize())
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v


def _rows(rows) -> list[tuple]:
    return [tuple(_value(v) for v in row) for row in rows]


def _mariadb_connect(dsn: str):
    url = urlsplit(dsn)
    return pymysql.connect(host=url.hostname, port=url.port or 3306, user=unquote(url.username or "root"),
                           password=unquote(url.password or ""), database=url.path.lstrip("/"), charset="utf8mb4",
                           autocommit=True)


def _mariadb_step(cur, kind: str, what: str, args) -> tuple:
    try:
        if kind == "select":
            cur.execute(f"SELECT {what}")
            return ("rows", _rows(cur.fetchall()))
        if kind == "dml":
            cur.execute(what)
            return ("done", cur.rowcount)
        names, texts = [], []
        for n, arg in enumerate(args):
            if arg is OUT or isinstance(arg, tuple):
                name = f"@o{n}"
                cur.execute(f"SET {name} = {arg[0] if isinstance(arg, tuple) else 'NULL'}")
                names.append(name)
                texts.append(name)
            else:
                texts.append(arg)
        cur.execute(f"CALL {what}({', '.join(texts)})")
        if not names:
            return ("rows", [])
        cur.execute(f"SELECT {', '.join(names)}")
        return ("rows", _rows(cur.fetchall()))
    except pymysql.MySQLError:
        cur.execute("GET DIAGNOSTICS CONDITION 1 @sct_state = RETURNED_SQLSTATE, @sct_text = MESSAGE_TEXT")
        cur.execute("SELECT @sct_state, @sct_text")
        state, text = cur.fetchone()
        return ("error", _value(state), _value(text))


def _pg_step(conn: psycopg.Connection, kind: str, what: str, args) -> tuple:
    try:
        if kind == "select":
            return ("rows", _rows(conn.execute(f"SELECT {what}").fetchall()))
        if kind == "dml":
            return ("done", conn.execute(what).rowcount)
        texts = ["NULL" if arg is OUT else arg[0] if isinstance(arg, tuple) else arg for arg in args]
        cur = conn.execute(f"CALL {what}({', '.join(texts)})")
        return ("rows", _rows(cur.fetchall()) if cur.description else [])
    except psycopg.Error as e:
        return ("error", e.sqlstate, e.diag.message_primary)


@pytest.fixture(params=["script", "live"])
def installed(request, scratch_mariadb, scratch_pg, psql_apply, tmp_path):
    """The schema on MariaDB and its conversion on PostgreSQL, converted from the script or read back from the live
    MariaDB database (converter.live); yields (MariaDB DSN, PostgreSQL DSN, conversion)."""
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.fail("the mariadb/mysql client is not on PATH", pytrace=False)
    url = urlsplit(scratch_mariadb)
    done = subprocess.run([client, "-h", url.hostname or "127.0.0.1", "-P", str(url.port or 3306),
                           "-u", unquote(url.username or "root"), url.path.lstrip("/")],
                          input=SCHEMA, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    conversion = convert_text(SCHEMA, file="routines.sql", source="mysql")
    rows = postgres.data_script(conversion)             # the live reader reads definitions, not rows
    if request.param == "live":
        from sct.converter.live import convert_live

        conversion = convert_live(scratch_mariadb)
    schema, data = tmp_path / "schema.sql", tmp_path / "data.sql"
    schema.write_text(postgres.schema_script(conversion), encoding="utf-8")
    data.write_text(rows, encoding="utf-8")
    psql_apply(scratch_pg, schema)
    psql_apply(scratch_pg, data)
    return scratch_mariadb, scratch_pg, conversion


CHECK = """
SELECT p.proname, c.lineno, c.message
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql'
LEFT JOIN LATERAL (SELECT tgrelid FROM pg_trigger WHERE tgfoid = p.oid LIMIT 1) t ON true
CROSS JOIN LATERAL plpgsql_check_function_tb(p.oid, COALESCE(t.tgrelid, 0)) c
WHERE p.pronamespace = 'public'::regnamespace AND c.level = 'error'
"""


def test_every_program_converts_and_passes_plpgsql_check(installed):
    _, pg_dsn, conversion = installed
    programs = [o for o in conversion.objects if isinstance(o, CodeObject)]
    assert len(programs) == 19
    manual = {o.name.name: [f.message for f in o.findings if f.effort.rank >= Effort.MANUAL.rank] for o in programs}
    assert not {name: found for name, found in manual.items() if found}
    assert all(o.target_sql for o in programs)
    with psycopg.connect(pg_dsn, autocommit=True) as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
        assert pg.execute(CHECK).fetchall() == []
        functions = pg.execute("SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
                               "AND prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')").fetchone()
    assert functions[0] == 15 + 4


def test_calls_and_dml_give_the_same_results_errors_and_rows(installed):
    mariadb_dsn, pg_dsn, _ = installed
    mariadb = _mariadb_connect(mariadb_dsn)
    outcomes = []
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as pg, mariadb.cursor() as cur:
            for kind, what, args in STEPS:
                source, target = _mariadb_step(cur, kind, what, args), _pg_step(pg, kind, what, args)
                outcomes.append((kind, what, args, source, target))
            tables = {}
            for table, order in (("items", "id"), ("audit", "id"), ("nums", "n")):
                cur.execute(f"SELECT * FROM {table} ORDER BY {order}")
                tables[table] = (_rows(cur.fetchall()), _rows(pg.execute(f"SELECT * FROM {table} ORDER BY {order}")))
    finally:
        mariadb.close()
    different = [(what, args, source, target) for _, what, args, source, target in outcomes if source != target]
    assert different == []
    errors = {what for _, what, _, source, _ in outcomes if source[0] == "error"}
    assert errors == {"searched(3, 3)", "fetch_too_far", "lookup_many", "check_qty", "nested",
                      "INSERT INTO items (name, qty) VALUES ('bad', -1)"}
    for table, (source, target) in tables.items():
        assert source == target, table
    assert len(tables["audit"][0]) == 3 and len(tables["nums"][0]) == 10
    seen = {(what, tuple(a if isinstance(a, str) else None for a in args or ())): source
            for _, what, args, source, _ in outcomes}
    # what MySQL does and the conversion must keep: FETCH past the end keeps p_last (4), no row keeps the value
    # and runs the NOT FOUND handler (-1), the EXIT handler keeps the statement before the error (audit 'try').
    assert seen[("sum_labels", (None, None, None))] == ("rows", [("one;two;three;four;", "4", "4")])
    assert seen[("lookup", ("42", None, None))] == ("rows", [("unchanged", "-1")])
    assert seen[("safe_insert", ("'apple'", None))] == ("rows", [("failed",)])
    assert seen[("count_new", ("4", "8", None, None))] == ("rows", [("5", "2")])
    assert [seen[("nested", (q, None))] for q in "0123"] == [("rows", [(w,)]) for w in ("inner done+", "outer",
                                                                                         "inner+", "start+")]
