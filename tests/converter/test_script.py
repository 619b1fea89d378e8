"""The SQL*Plus script reader, as input -> expected pairs: statement texts, kinds, spans and findings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sct.converter.ir import Effort, Span
from sct.converter.script import ScriptStatement, read_script_text, read_scripts
from sct.errors import InputError

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
ORACLE = CORPUS / "oracle"


def texts(script: str) -> list[str]:
    return [s.text for s in read_script_text(script).statements]


def read(script: str, file: str = "s.sql") -> list[tuple[str, int, int, str]]:
    """(kind, line, column, text) of every statement."""
    return [(s.kind, s.span.line, s.span.column, s.text) for s in read_script_text(script, file).statements]


def findings(script: str, rule: str | None = None, file: str = "s.sql") -> list[tuple[str, str, int, str]]:
    """(rule, effort, line, message) of every finding, or of one rule's."""
    return [(f.rule_id, f.effort.value, f.span.line, f.message)
            for f in read_script_text(script, file).findings.findings if rule in (None, f.rule_id)]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# --- statements and terminators ---------------------------------------------------------------------------

def test_sql_ends_at_semicolon_or_slash_line():
    assert read("CREATE TABLE t (a NUMBER);\nCREATE TABLE u (b NUMBER)\n/\n  DROP TABLE v;\n") == [
        ("sql", 1, 1, "CREATE TABLE t (a NUMBER)"),
        ("sql", 2, 1, "CREATE TABLE u (b NUMBER)"),
        ("sql", 4, 3, "DROP TABLE v"),
    ]


def test_slash_line_may_hold_blanks():
    assert texts("CREATE TABLE t (a NUMBER)\n  /  \nDROP TABLE t;") == [
        "CREATE TABLE t (a NUMBER)", "DROP TABLE t"]


def test_slash_after_semicolon_does_not_repeat_the_statement():
    assert texts("CREATE TABLE t (a NUMBER);\n/\nCREATE TABLE u (a NUMBER);\n/\n/\n") == [
        "CREATE TABLE t (a NUMBER)", "CREATE TABLE u (a NUMBER)"]


def test_two_statements_on_one_line():
    assert read("DROP TABLE a; DROP TABLE b;") == [
        ("sql", 1, 1, "DROP TABLE a"), ("sql", 1, 15, "DROP TABLE b")]


def test_period_line_ends_a_statement_and_the_following_slash_runs_it_once():
    assert texts("CREATE TABLE t (a NUMBER)\n.\n/\n.\nDROP TABLE t;") == [
        "CREATE TABLE t (a NUMBER)", "DROP TABLE t"]


def test_last_statement_without_terminator_is_kept():
    assert read("DROP TABLE a;\nDROP TABLE b\n") == [
        ("sql", 1, 1, "DROP TABLE a"), ("sql", 2, 1, "DROP TABLE b")]


def test_blank_lines_do_not_end_a_statement():
    assert texts("CREATE TABLE t (\n\n  a NUMBER\n\n);") == ["CREATE TABLE t (\n\n  a NUMBER\n\n)"]


@pytest.mark.parametrize("script", ["", ";", " ;\n;;", "/", "/\n/\n", ".", "-- only a comment", "/* c */;"])
def test_nothing_but_terminators_and_comments_is_no_statement(script):
    assert texts(script) == []


# --- strings, identifiers and comments ------------------------------------------------------------------

@pytest.mark.parametrize("literal", [
    "'a;b'", "'it''s; /'", "q'[a;b]'", "q'{a;b}'", "q'(a;b)'", "q'<a;b>'", "q'!a;b!'", "Q'#it's;#'",
    "N'a;b'", "nq'[a;'b]'", "NQ'|a;b|'", "'a\n/\nb;\n'",
])
def test_terminators_inside_strings_do_not_end_the_statement(literal):
    assert texts(f"INSERT INTO t VALUES ({literal});\nCOMMIT;") == [
        f"INSERT INTO t VALUES ({literal})", "COMMIT"]


def test_terminators_inside_quoted_identifiers_and_comments_do_not_end_the_statement():
    script = 'CREATE TABLE "a;b" (\n  x NUMBER, -- x; y\n  /* ;\n/\n*/ y NUMBER);'
    assert texts(script) == ['CREATE TABLE "a;b" (\n  x NUMBER, -- x; y\n  /* ;\n/\n*/ y NUMBER)']


def test_comments_before_a_statement_are_not_part_of_it():
    assert read("-- header; with a ';'\n/* block\n comment */  CREATE TABLE t (a NUMBER);") == [
        ("sql", 3, 14, "CREATE TABLE t (a NUMBER)")]


def test_identifier_ending_in_q_is_not_a_q_quote():
    assert texts("SELECT seq'x;' FROM dual;") == ["SELECT seq'x;' FROM dual"]


def test_unclosed_quote_does_not_swallow_the_rest_of_the_file():
    assert texts("SELECT 'abc FROM dual;\nCREATE TABLE t (a NUMBER);") == [
        "SELECT 'abc FROM dual", "CREATE TABLE t (a NUMBER)"]


# --- PL/SQL units ---------------------------------------------------------------------------------------

def test_procedure_ends_only_at_slash_line_and_keeps_its_final_semicolon():
    script = "CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND p;\n/\nCREATE TABLE t (a NUMBER);"
    assert read(script) == [
        ("plsql", 1, 1, "CREATE OR REPLACE PROCEDURE p IS\nBEGIN\n  NULL;\nEND p;"),
        ("sql", 6, 1, "CREATE TABLE t (a NUMBER)"),
    ]


@pytest.mark.parametrize("header", [
    "CREATE FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END;",
    "CREATE OR REPLACE EDITIONABLE PACKAGE pk AS PROCEDURE p; END;",
    "create or replace noneditionable package body pk AS PROCEDURE p IS BEGIN NULL; END; END;",
    "CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN :new.a := 1; END;",
    "CREATE TYPE ty AS OBJECT (a NUMBER);",
    "CREATE OR REPLACE TYPE BODY ty AS MEMBER FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END; END;",
    "CREATE LIBRARY lib AS '/x.so';",
    "CREATE OR REPLACE AND COMPILE JAVA SOURCE NAMED j AS public class J { int a; }",
    "DECLARE n NUMBER; BEGIN n := 1; END;",
    "begin\n  null;\nend;",
    "<<outer>> BEGIN NULL; END;",
    "CREATE /* c */ OR\nREPLACE PROCEDURE p IS BEGIN NULL; END;",
])
def test_plsql_units(header):
    assert read(header + "\n/\nDROP TABLE t;") == [("plsql", 1, 1, header), ("sql", header.count("\n") + 3, 1,
                                                                                "DROP TABLE t")]


@pytest.mark.parametrize("statement", [
    "CREATE OR REPLACE FORCE VIEW v AS SELECT 1 a FROM dual",
    "CREATE TABLE type_list (type VARCHAR2(10))",
    "CREATE OR REPLACE PUBLIC SYNONYM s FOR t",
    "CALL p(1)",
    "SET TRANSACTION READ ONLY",
    "SET ROLE ALL",
])
def test_sql_that_looks_like_plsql_or_sqlplus(statement):
    assert read(statement + ";\nDROP TABLE t;") == [("sql", 1, 1, statement), ("sql", 2, 1, "DROP TABLE t")]


def test_slash_inside_plsql_strings_and_comments_does_not_end_the_unit():
    unit = "BEGIN\n  x := 'a\n/\n';\n  /*\n/\n  */\n  y := q'[\n/\n]';\nEND;"
    assert texts(unit + "\n/") == [unit]


def test_plsql_unit_at_end_of_file_without_slash_is_kept():
    assert read("BEGIN\n  NULL;\nEND;\n") == [("plsql", 1, 1, "BEGIN\n  NULL;\nEND;")]


def test_with_function_query_ends_at_slash():
    query = "WITH FUNCTION f RETURN NUMBER IS BEGIN RETURN 1; END;\nSELECT f FROM dual"
    assert read(query + "\n/") == [("sql", 1, 1, query)]


def test_unit_running_into_the_next_statement_is_reported():
    script = "CREATE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\n\nCREATE TABLE t (a NUMBER);\n"
    assert [s.kind for s in read_script_text(script).statements] == ["plsql"]   # as SQL*Plus reads it
    assert findings(script, "OR005") == [("OR005", "manual", 6, (
        "the PL/SQL unit starting at line 1 runs on into what looks like the next statement at line 6; "
        "a line holding only '/' is probably missing before it"))]


def test_no_run_on_report_for_create_inside_a_string():
    assert findings("BEGIN\n  EXECUTE IMMEDIATE '\nCREATE TABLE t (a NUMBER)';\nEND;\n/", "OR005") == []


# --- SQL*Plus commands ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, command", [
    ("SET ECHO OFF", "SET"), ("pro Creating tables", "PROMPT"), ("PROMPT", "PROMPT"),
    ("SPO install.log", "SPOOL"), ("spool off", "SPOOL"), ("conn hr/hr@db", "CONNECT"),
    ("DEF x", "DEFINE"), ("undef x", "UNDEFINE"), ("WHENEVER SQLERROR EXIT SQL.SQLCODE", "WHENEVER"),
    ("PAUSE press enter", "PAUSE"), ("ACCEPT x PROMPT 'x? '", "ACCEPT"), ("col a format a10", "COLUMN"),
    ("tti 'Report'", "TTITLE"), ("BTI OFF", "BTITLE"), ("bre on a", "BREAK"), ("cl scr", "CLEAR"),
    ("sho errors", "SHOW"), ("DESC employees", "DESCRIBE"), ("var n NUMBER", "VARIABLE"),
    ("print n", "PRINT"), ("host ls", "HOST"), ("!ls -l", "HOST"), ("STORE SET s.sql", "STORE"),
    ("timing start t", "TIMING"), ("SET SERVEROUTPUT ON;", "SET"), ("LOAD costs costs.csv", "LOAD"),
])
def test_sqlplus_commands_are_dropped_and_counted(line, command):
    script = f"{line}\nCREATE TABLE t (a NUMBER);"
    assert read(script) == [("sql", 2, 1, "CREATE TABLE t (a NUMBER)")]
    assert findings(script) == [
        ("OR001", "auto", 1, f"SQL*Plus command {command} ignored (1 occurrence in this file)")]


def test_one_finding_per_command_per_file():
    script = "SET ECHO OFF\nSET FEEDBACK OFF\nPROMPT a\nCREATE TABLE t (a NUMBER);\nSET ECHO ON\n"
    assert findings(script) == [
        ("OR001", "auto", 1, "SQL*Plus command SET ignored (3 occurrences in this file)"),
        ("OR001", "auto", 3, "SQL*Plus command PROMPT ignored (1 occurrence in this file)"),
    ]


def test_sqlplus_command_text_is_not_lexed_as_sql():
    assert texts("PROMPT don't stop; here\nCREATE TABLE t (a NUMBER);") == ["CREATE TABLE t (a NUMBER)"]


def test_hyphen_continues_a_sqlplus_command_onto_the_next_line():
    assert texts("PROMPT one -\ntwo\nCREATE TABLE t (a NUMBER);") == ["CREATE TABLE t (a NUMBER)"]


@pytest.mark.parametrize("script", [
    "REM don't", "rem", "REMARK x;", "Rem\t", "REM=====", "rem CREATE TABLE t (a NUMBER);",
    "-- CREATE TABLE t;",
])
def test_remarks_are_not_statements_nor_findings(script):
    assert read_script_text(script + "\nDROP TABLE x;").statements == [
        ScriptStatement("DROP TABLE x", Span("<string>", 2, 1), "sql")]
    assert findings(script) == []


@pytest.mark.parametrize("statement", ["COMMIT", "DELETE FROM t", "SAVEPOINT s", "COMMENT ON TABLE t IS 'x'",
                                       "COLUMN_VALUE", "START_DATE"])
def test_words_that_merely_start_like_commands_are_sql(statement):
    assert texts(statement + ";") == [statement]


def test_sqlplus_commands_are_recognised_only_at_the_start_of_a_statement():
    script = "UPDATE t\nSET a = 1\nWHERE b = 2;\nCREATE SEQUENCE s\n START WITH 1;"
    assert texts(script) == ["UPDATE t\nSET a = 1\nWHERE b = 2", "CREATE SEQUENCE s\n START WITH 1"]


def test_exec_becomes_a_plsql_block():
    script = "EXEC dbms_stats.gather_schema_stats('HR')\n  execute p;\nEXECUTE pk.run( -\n  1, -\n  2)\n"
    assert read(script) == [
        ("plsql", 1, 1, "BEGIN dbms_stats.gather_schema_stats('HR'); END;"),
        ("plsql", 2, 3, "BEGIN p; END;"),
        ("plsql", 3, 1, "BEGIN pk.run( \n  1, \n  2); END;"),
    ]
    assert findings(script) == []


def test_exit_stops_reading_the_file():
    script = "CREATE TABLE t (a NUMBER);\nexit;\nCREATE TABLE u (a NUMBER);\n"
    assert texts(script) == ["CREATE TABLE t (a NUMBER)"]
    assert findings(script) == [
        ("OR001", "auto", 3,
         "EXIT at line 2 ends the script: the rest of the file (from line 3) is not read"),
        ("OR001", "auto", 2, "SQL*Plus command EXIT ignored (1 occurrence in this file)"),
    ]


def test_continuation_hyphen_in_sql_joins_lines_as_sqlplus_does():
    script = "INSERT INTO t VALUES (1-\n, 'a long-\ntext'-\n);\nSELECT a - b FROM t;"
    assert texts(script) == ["INSERT INTO t VALUES (1 \n, 'a longtext' \n)", "SELECT a - b FROM t"]


def test_continuation_hyphen_is_kept_in_plsql():
    assert texts("BEGIN\n  x := a -\n    b;\nEND;\n/") == ["BEGIN\n  x := a -\n    b;\nEND;"]


# --- substitution variables -----------------------------------------------------------------------------

def test_defined_variable_is_replaced_everywhere_strings_included():
    script = ("DEFINE tbs = users\nCREATE TABLE t (a VARCHAR2(9) DEFAULT '&tbs') TABLESPACE &&tbs;\n"
              "DROP TABLE &tbs..t;")
    assert texts(script) == [
        "CREATE TABLE t (a VARCHAR2(9) DEFAULT 'users') TABLESPACE users", "DROP TABLE users.t"]
    assert findings(script, "OR002") == [("OR002", "review", 2, (
        "substitution variable &tbs replaced by its DEFINE value 'users' (3 occurrences in this file)"))]


@pytest.mark.parametrize("define, value", [
    ("DEFINE x = abc", "abc"), ("DEFINE x=abc", "abc"), ('DEFINE x = "a b"', "a b"), ("def X = 'a b'", "a b"),
])
def test_define_forms(define, value):
    assert texts(f"{define}\nSELECT '&x' FROM dual;") == [f"SELECT '{value}' FROM dual"]


def test_undefined_variable_is_left_as_is_and_reported_as_manual_work():
    script = "CREATE TABLE t (a NUMBER)\n  TABLESPACE &tbs;"
    assert texts(script) == ["CREATE TABLE t (a NUMBER)\n  TABLESPACE &tbs"]
    found = read_script_text(script, "s.sql").findings.findings
    assert [(f.rule_id, f.effort, f.span, f.message) for f in found] == [
        ("OR002", Effort.MANUAL, Span("s.sql", 2, 14),
         "substitution variable &tbs is not defined; left as-is")]


def test_positional_variable_is_a_missing_script_argument():
    assert findings("CREATE USER u IDENTIFIED BY &1;") == [("OR002", "manual", 1, (
        "substitution variable &1 is not defined (script argument 1 is not given); left as-is"))]


def test_define_built_from_other_variables_with_the_concatenation_character():
    script = "DEFINE dir = /logs/\nDEFINE v = 3\nDEFINE f = &dir.main_&v..log\nSELECT '&f' FROM dual;"
    assert texts(script) == ["SELECT '/logs/main_3.log' FROM dual"]


def test_define_from_an_undefined_variable_gives_no_value():
    script = "DEFINE pass = &1\nCREATE USER u IDENTIFIED BY &pass;"
    assert texts(script) == ["CREATE USER u IDENTIFIED BY &pass"]
    assert findings(script) == [
        ("OR001", "auto", 1, "SQL*Plus command DEFINE ignored (1 occurrence in this file)"),
        ("OR002", "manual", 2, "substitution variable &pass has no value here: its DEFINE value depends on "
                               "&1, which has no value here; left as-is"),
    ]


def test_accepted_variable_has_no_value_when_converting():
    script = "ACCEPT tbs PROMPT 'Tablespace: '\nCREATE TABLE t (a NUMBER) TABLESPACE &tbs;"
    assert findings(script, "OR002") == [("OR002", "manual", 2, (
        "substitution variable &tbs has no value here: its value is typed in when the script runs (ACCEPT); "
        "left as-is"))]


def test_set_define_off_on_and_another_prefix():
    script = ("SET DEFINE OFF\nINSERT INTO t VALUES ('R&D');\nSET DEFINE ON\nDEFINE x = 1\n"
              "INSERT INTO t VALUES (&x);\nSET DEFINE ^\nINSERT INTO t VALUES ('&x', ^x);\nset scan off\n"
              "INSERT INTO t VALUES (^x);")
    assert texts(script) == ["INSERT INTO t VALUES ('R&D')", "INSERT INTO t VALUES (1)",
                             "INSERT INTO t VALUES ('&x', 1)", "INSERT INTO t VALUES (^x)"]


def test_escape_character_protects_the_prefix():
    assert texts("SET ESCAPE ON\nINSERT INTO t VALUES ('R\\&D');") == ["INSERT INTO t VALUES ('R&D')"]


def test_undefine_removes_a_value():
    assert texts("DEFINE x = 1\nUNDEFINE x\nSELECT &x FROM dual;") == ["SELECT &x FROM dual"]


def test_comments_are_not_substituted():
    script = "CREATE TABLE t ( -- R&D team\n  a NUMBER /* &b */);"
    assert texts(script) == ["CREATE TABLE t ( -- R&D team\n  a NUMBER /* &b */)"]
    assert findings(script) == []


def test_ampersand_without_a_name_is_left_alone():
    assert texts("SELECT 'a & b' FROM dual;") == ["SELECT 'a & b' FROM dual"]
    assert findings("SELECT 'a & b' FROM dual;") == []


def test_password_values_are_not_shown_in_findings():
    assert findings("DEFINE hr_pass = secret\nCREATE USER hr IDENTIFIED BY &hr_pass;", "OR002") == [
        ("OR002", "review", 2, "substitution variable &hr_pass replaced by its DEFINE value (hidden)")]


# --- spans and line endings -----------------------------------------------------------------------------

def test_crlf_lines_count_once_and_carriage_returns_are_dropped():
    script = ("REM x\r\nCREATE TABLE t (\r\n  a NUMBER\r\n);\r\n\r\nBEGIN\r\n  NULL;\r\nEND;\r\n/\r\n"
              "  DROP TABLE t;\r\n")
    assert read(script) == [
        ("sql", 2, 1, "CREATE TABLE t (\n  a NUMBER\n)"),
        ("plsql", 6, 1, "BEGIN\n  NULL;\nEND;"),
        ("sql", 10, 3, "DROP TABLE t"),
    ]


def test_lone_carriage_return_is_a_line_break():
    assert read("DROP TABLE a;\rDROP TABLE b;") == [
        ("sql", 1, 1, "DROP TABLE a"), ("sql", 2, 1, "DROP TABLE b")]


def test_byte_order_mark_is_dropped():
    assert read("\ufeffCREATE TABLE t (a NUMBER);") == [("sql", 1, 1, "CREATE TABLE t (a NUMBER)")]


def test_spans_count_tabs_as_one_column():
    assert read("\n\t\tDROP TABLE t;") == [("sql", 2, 3, "DROP TABLE t")]


# --- includes -------------------------------------------------------------------------------------------

def test_includes_are_read_in_place(tmp_path):
    write(tmp_path, "sub/a.sql", "CREATE TABLE a (x NUMBER);\n@@b\n")
    write(tmp_path, "sub/b.sql", "\nCREATE TABLE b (x NUMBER);\n")
    main = write(tmp_path, "main.sql", "CREATE TABLE m (x NUMBER);\n@sub/a.sql\nSTART sub/b\nDROP TABLE m;\n")
    script = read_scripts([main])
    assert [(s.text, s.span) for s in script.statements] == [
        ("CREATE TABLE m (x NUMBER)", Span(str(main), 1, 1)),
        ("CREATE TABLE a (x NUMBER)", Span(str(tmp_path / "sub/a.sql"), 1, 1)),
        ("CREATE TABLE b (x NUMBER)", Span(str(tmp_path / "sub/b.sql"), 2, 1)),
        ("CREATE TABLE b (x NUMBER)", Span(str(tmp_path / "sub/b.sql"), 2, 1)),
        ("DROP TABLE m", Span(str(main), 4, 1)),
    ]
    assert script.files == [str(main), str(tmp_path / "sub/a.sql"), str(tmp_path / "sub/b.sql")]
    assert script.findings.findings == []


def test_missing_include_is_reported_and_reading_goes_on(tmp_path):
    main = write(tmp_path, "main.sql", "@@nowhere.sql\nCREATE TABLE t (a NUMBER);\n")
    script = read_scripts([main])
    assert [s.text for s in script.statements] == ["CREATE TABLE t (a NUMBER)"]
    assert [(f.rule_id, f.effort, f.span) for f in script.findings.findings] == [
        ("OR004", Effort.MANUAL, Span(str(main), 1, 1))]
    assert "@@nowhere.sql not found" in script.findings.findings[0].message


def test_include_cycles_are_cut(tmp_path):
    a = write(tmp_path, "a.sql", "CREATE TABLE a (x NUMBER);\n@@b\n")
    write(tmp_path, "b.sql", "CREATE TABLE b (x NUMBER);\n@@a.sql\n")
    script = read_scripts([a])
    assert [s.text for s in script.statements] == ["CREATE TABLE a (x NUMBER)", "CREATE TABLE b (x NUMBER)"]
    assert [(f.rule_id, f.span.line, f.message) for f in script.findings.findings] == [
        ("OR004", 2, f"include cycle cut: @@a.sql names {tmp_path / 'a.sql'}, which is already being read")]


def test_include_arguments_become_positional_variables(tmp_path):
    write(tmp_path, "sub.sql", "CREATE TABLE t_&1 (a NUMBER) TABLESPACE &2;\n")
    main = write(tmp_path, "main.sql", "DEFINE v = v3\n@@sub &v \"my space\"\n")
    script = read_scripts([main])
    assert [s.text for s in script.statements] == ["CREATE TABLE t_v3 (a NUMBER) TABLESPACE my space"]
    assert [f.message for f in script.findings.findings if f.rule_id == "OR002"] == [
        "substitution variable &1 replaced by 'v3' (argument 1 of @@sub)",
        "substitution variable &2 replaced by 'my space' (argument 2 of @@sub)",
    ]


def test_include_through_an_undefined_variable_is_reported(tmp_path):
    main = write(tmp_path, "main.sql", "DEFINE s = x_&1\n@&s\n")
    assert [f.message for f in read_scripts([main]).findings.findings if f.rule_id == "OR004"] == [
        "included script @&s not read: substitution variable &s in its name has no value here "
        "(its DEFINE value depends on &1, which has no value here)"]


def test_include_with_a_placeholder_path_reads_the_file_of_that_name_beside(tmp_path):
    write(tmp_path, "oe/cre.sql", "CREATE TABLE t (a NUMBER);\n")
    main = write(tmp_path, "oe/main.sql", "@__SUB__CWD__/oe/cre\n")
    script = read_scripts([main])
    assert [s.text for s in script.statements] == ["CREATE TABLE t (a NUMBER)"]
    assert [(f.rule_id, f.effort) for f in script.findings.findings] == [("OR004", Effort.REVIEW)]


def test_exit_in_an_included_file_stops_only_that_file(tmp_path):
    write(tmp_path, "sub.sql", "CREATE TABLE a (x NUMBER);\nEXIT\n")
    main = write(tmp_path, "main.sql", "@@sub\nCREATE TABLE b (x NUMBER);\n")
    assert [s.text for s in read_scripts([main]).statements] == ["CREATE TABLE a (x NUMBER)",
                                                                  "CREATE TABLE b (x NUMBER)"]


# --- files, folders and errors ----------------------------------------------------------------------------

def test_folder_lists_script_files_recursively_in_name_order(tmp_path):
    write(tmp_path, "b.pks", "CREATE PACKAGE p AS END;\n/\n")
    write(tmp_path, "a/z.sql", "DROP TABLE z;")
    write(tmp_path, "a.trg", "DROP TRIGGER a;")
    write(tmp_path, "notes.txt", "DROP TABLE notes;")
    script = read_scripts([tmp_path])
    assert [(s.span.file, s.text) for s in script.statements] == [
        (str(tmp_path / "a.trg"), "DROP TRIGGER a"),
        (str(tmp_path / "a" / "z.sql"), "DROP TABLE z"),
        (str(tmp_path / "b.pks"), "CREATE PACKAGE p AS END;"),
    ]


def test_folder_includes_of_listed_files_are_not_read_twice(tmp_path):
    write(tmp_path, "install.sql", "@@tables\n")
    write(tmp_path, "tables.sql", "CREATE TABLE t (a NUMBER);\n")
    assert [s.text for s in read_scripts([tmp_path]).statements] == ["CREATE TABLE t (a NUMBER)"]


def test_install_order_is_read_instead_of_the_folder_listing(tmp_path):
    write(tmp_path, "install.sql", "@@b\n@@a\n")
    write(tmp_path, "a.sql", "CREATE TABLE a (x NUMBER);")
    write(tmp_path, "b.sql", "CREATE TABLE b (x NUMBER);")
    write(tmp_path, "uninstall.sql", "DROP TABLE a;")
    script = read_scripts([tmp_path], install_order=Path("install.sql"))
    assert [s.text for s in script.statements] == ["CREATE TABLE b (x NUMBER)", "CREATE TABLE a (x NUMBER)"]
    assert script.files == [str(tmp_path / n) for n in ("install.sql", "b.sql", "a.sql")]


def test_file_spans_use_the_path_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "s/x.sql", "DROP TABLE x;")
    assert read_scripts([Path("s")]).statements[0].span == Span("s/x.sql", 1, 1)


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.sql", "missing.sql: no such file or folder"),
    (lambda d: d, "folder holds no script files"),
])
def test_missing_path_and_empty_folder_are_input_errors(tmp_path, make, message):
    write(tmp_path, "readme.txt", "")
    with pytest.raises(InputError, match=message):
        read_scripts([make(tmp_path)])


def test_wrong_encoding_names_the_line_and_suggests_an_option(tmp_path):
    path = tmp_path / "l1.sql"
    path.write_bytes("CREATE TABLE t (a NUMBER);\nINSERT INTO t VALUES ('Götz');\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"l1\.sql:2: byte 0xf6 is not valid utf-8; .*--encoding latin-1"):
        read_scripts([path])
    assert texts_of(read_scripts([path], encoding="latin-1")) == [
        "CREATE TABLE t (a NUMBER)", "INSERT INTO t VALUES ('Götz')"]


def test_unknown_encoding_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_scripts([write(tmp_path, "x.sql", "")], encoding="klingon")


def test_utf8_byte_order_mark_in_a_file_is_dropped(tmp_path):
    path = tmp_path / "bom.sql"
    path.write_bytes(b"\xef\xbb\xbfDROP TABLE t;")
    assert read_scripts([path]).statements[0].text == "DROP TABLE t"


def texts_of(script) -> list[str]:
    return [s.text for s in script.statements]


# --- robustness -------------------------------------------------------------------------------------------

TRICKY = ("REM it's\nSET DEFINE ON\nDEFINE a = 1\nPROMPT -\nx\n"
          "CREATE TABLE \"t;\" (a VARCHAR2(9) DEFAULT q'[;/]' -- ;\n, b NUMBER /* ' */);\n"
          "BEGIN\n  x := '&a.&&b';\nEND;\n/\nEXEC p(-\n1)\n@@nowhere &a\n"
          "INSERT INTO t VALUES (1-\n, 'x-\ny');\n.\n/\nCREATE TYPE t AS OBJECT (a NUMBER);\n/\n;\nexit\n")


def test_every_prefix_of_a_tricky_script_reads_without_error():
    for end in range(len(TRICKY) + 1):
        script = read_script_text(TRICKY[:end])
        assert all(s.text and s.text == s.text.strip() for s in script.statements)


# --- the real scripts in the shared corpus ------------------------------------------------------------------

def corpus_file(relative: str) -> Path:
    if not ORACLE.is_dir():
        pytest.skip("../shared/corpus not present")
    return ORACLE / relative


def test_corpus_hr_create_has_seven_tables():
    script = read_scripts([corpus_file("human_resources/hr_create.sql")])
    tables = [s for s in script.statements if s.text.startswith("CREATE TABLE")]
    assert len(tables) == 7
    assert tables[0].span == Span(str(corpus_file("human_resources/hr_create.sql")), 63, 1)
    assert tables[0].text.splitlines()[0] == "CREATE TABLE regions"


def test_corpus_hr_code_procedures_and_triggers_are_plsql_units():
    script = read_scripts([corpus_file("human_resources/hr_code.sql")])
    assert [(s.kind, s.span.line, s.text.splitlines()[0]) for s in script.statements] == [
        ("plsql", 66, "CREATE OR REPLACE PROCEDURE secure_dml"),
        ("plsql", 77, "CREATE OR REPLACE TRIGGER secure_employees"),
        ("sql", 84, "ALTER TRIGGER secure_employees DISABLE"),
        ("plsql", 91, "CREATE OR REPLACE PROCEDURE add_job_history"),
        ("plsql", 106, "CREATE OR REPLACE TRIGGER update_job_history"),
        ("sql", 115, "COMMIT"),
    ]
    assert script.statements[-2].text.endswith("END;")


@pytest.mark.parametrize("install, included", [
    ("human_resources/hr_install.sql", ["hr_create.sql", "hr_populate.sql", "hr_code.sql"]),
    ("customer_orders/co_install.sql", ["co_create.sql", "co_populate.sql"]),
    ("sales_history/sh_install.sql", ["sh_create.sql", "sh_populate.sql"]),
])
def test_corpus_install_scripts_follow_their_includes(install, included):
    path = corpus_file(install)
    script = read_scripts([path])
    assert script.files == [str(path)] + [str(path.parent / name) for name in included]
    assert {s.span.file for s in script.statements} == set(script.files)
    assert not [f for f in script.findings.findings if f.rule_id == "OR004"]


def test_corpus_install_script_by_install_order():
    path = corpus_file("human_resources/hr_install.sql")
    script = read_scripts([path.parent], install_order=Path("hr_install.sql"))
    assert sum(s.text.startswith("CREATE TABLE") for s in script.statements) == 7
    assert "hr_uninstall.sql" not in " ".join(script.files)


def test_corpus_latin1_file_needs_its_encoding():
    path = corpus_file("order_entry/oe_p_cus.sql")
    with pytest.raises(InputError, match=r"oe_p_cus\.sql:1335: .*--encoding"):
        read_scripts([path])
    assert any("Götz" in s.text for s in read_scripts([path], encoding="latin-1").statements)


def test_corpus_every_oracle_script_reads():
    started = time.perf_counter()
    totals = {"sql": 0, "plsql": 0}
    files = sorted(corpus_file("").rglob("*.sql"))
    for path in files:
        script = read_scripts([path], encoding="latin-1" if path.name == "oe_p_cus.sql" else "utf-8")
        for statement in script.statements:
            totals[statement.kind] += 1
            assert statement.text and "\r" not in statement.text
    assert len(files) >= 90
    assert totals["sql"] > 30000 and totals["plsql"] > 200
    assert time.perf_counter() - started < 30
