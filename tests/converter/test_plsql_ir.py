"""The typed IR of PL/SQL units (converter/procedural/build.py): source -> the nodes and texts expected."""

from __future__ import annotations

import pytest

from sct.converter.ir import plsql as ir
from sct.converter.procedural import build_unit, parse_plsql


def build(text: str, line_offset: int = 0) -> ir.Unit:
    result = parse_plsql(text, line_offset=line_offset)
    assert result.errors == [], result.describe_errors()
    return build_unit(result)


def body(statements: str) -> list[ir.Stmt]:
    return build(f"BEGIN\n{statements}\nEND;").block.statements


def kinds(nodes: list) -> list[str]:
    return [type(node).__name__ for node in nodes]


def test_a_unit_with_syntax_errors_has_no_ir():
    with pytest.raises(ValueError, match="<text>:1:13: "):
        build_unit(parse_plsql("BEGIN x; END"))


# --- routines and packages ------------------------------------------------------------------------------

def test_procedure_heading_parameters_and_body():
    unit = build("""CREATE OR REPLACE NONEDITIONABLE PROCEDURE hr.raise_salary (
                      p_id  IN     employees.employee_id%TYPE,
                      p_pct        NUMBER DEFAULT 10,
                      p_new    OUT NUMBER,
                      p_log IN OUT NOCOPY log_t := log_t()
                    ) AUTHID CURRENT_USER IS
                      v_old NUMBER;
                    BEGIN
                      NULL;
                    END raise_salary;""")
    assert isinstance(unit, ir.RoutineUnit) and unit.or_replace and unit.editionable is False
    routine = unit.routine
    assert (routine.kind, routine.name, routine.attributes) == ("procedure", "hr.raise_salary",
                                                               ["AUTHID CURRENT_USER"])
    assert [(p.name, p.mode, p.nocopy, p.type.text, p.default and p.default.text) for p in routine.parameters] == [
        ("p_id", "IN", False, "employees.employee_id%TYPE", None),
        ("p_pct", "IN", False, "NUMBER", "10"),
        ("p_new", "OUT", False, "NUMBER", None),
        ("p_log", "IN OUT", True, "log_t", "log_t()"),
    ]
    assert kinds(routine.body.declarations) == ["Variable"] and kinds(routine.body.statements) == ["Null"]
    assert routine.body.end_label == "raise_salary"


def test_function_return_type_attributes_and_call_spec():
    routine = build("CREATE FUNCTION f (n NUMBER) RETURN NUMBER DETERMINISTIC PARALLEL_ENABLE "
                    "RESULT_CACHE RELIES_ON (t) IS BEGIN RETURN n; END;").routine
    assert routine.return_type.text == "NUMBER"
    assert routine.attributes == ["DETERMINISTIC", "PARALLEL_ENABLE", "RESULT_CACHE RELIES_ON (t)"]
    java = build("CREATE FUNCTION j RETURN NUMBER AS LANGUAGE JAVA NAME 'A.b() return int';").routine
    assert (java.body, java.call_spec.text) == (None, "LANGUAGE JAVA NAME 'A.b() return int';")


def test_package_spec_and_body():
    spec = build("""CREATE OR REPLACE PACKAGE api AUTHID DEFINER AS
                      c_max CONSTANT PLS_INTEGER := 100;
                      PROCEDURE run (p NUMBER);
                      FUNCTION total RETURN NUMBER;
                    END api;""")
    assert isinstance(spec, ir.Package) and not spec.body and spec.attributes == ["AUTHID DEFINER"]
    assert kinds(spec.members) == ["Variable", "Routine", "Routine"]
    assert spec.members[0].constant and spec.members[0].default.text == "100"
    assert spec.members[1].body is None and spec.members[2].return_type.text == "NUMBER"

    body_unit = build("""CREATE PACKAGE BODY api AS
                           PROCEDURE run (p NUMBER) IS BEGIN NULL; END;
                         BEGIN
                           run(1);
                         END;""")
    assert body_unit.body and body_unit.name == "api"
    assert kinds(body_unit.initialization.statements) == ["Call"]
    assert kinds(body_unit.members[0].body.statements) == ["Null"]


# --- triggers -----------------------------------------------------------------------------------------

def test_row_trigger():
    trigger = build("""CREATE OR REPLACE TRIGGER audit_emp
                         AFTER INSERT OR UPDATE OF salary, job_id OR DELETE ON hr.employees
                         REFERENCING NEW AS n OLD AS o
                         FOR EACH ROW FOLLOWS check_emp DISABLE
                         WHEN (n.salary > 0)
                       BEGIN
                         :n.changed := SYSDATE;
                       END;""")
    assert (trigger.name, trigger.timing, trigger.target, trigger.target_kind) == (
        "audit_emp", "AFTER", "hr.employees", "table")
    assert [(e.name, e.columns) for e in trigger.events] == [
        ("INSERT", []), ("UPDATE", ["salary", "job_id"]), ("DELETE", [])]
    assert trigger.referencing == {"NEW": "n", "OLD": "o"} and trigger.each_row
    assert trigger.options == ["FOLLOWS check_emp", "DISABLE"] and trigger.when.text == "n.salary > 0"
    assert trigger.body.statements[0].target.text == ":n.changed"


@pytest.mark.parametrize("text, timing, events, target, target_kind", [
    ("CREATE TRIGGER t AFTER LOGON ON DATABASE BEGIN NULL; END;", "AFTER", ["LOGON"], "DATABASE", "database"),
    ("CREATE TRIGGER t BEFORE DROP OR TRUNCATE ON hr.SCHEMA BEGIN NULL; END;", "BEFORE", ["DROP", "TRUNCATE"],
     "hr.SCHEMA", "schema"),
    ("CREATE TRIGGER t INSTEAD OF INSERT ON NESTED TABLE items OF order_v FOR EACH ROW BEGIN NULL; END;",
     "INSTEAD OF", ["INSERT"], "order_v", "nested table"),
])
def test_trigger_targets(text, timing, events, target, target_kind):
    trigger = build(text)
    assert (trigger.timing, [e.name for e in trigger.events], trigger.target, trigger.target_kind) == (
        timing, events, target, target_kind)


def test_compound_trigger_sections_and_call_body():
    trigger = build("""CREATE TRIGGER c FOR UPDATE ON t COMPOUND TRIGGER
                         n PLS_INTEGER := 0;
                         BEFORE EACH ROW IS BEGIN n := n + 1; END BEFORE EACH ROW;
                         AFTER STATEMENT IS BEGIN log_it(n); END AFTER STATEMENT;
                       END c;""")
    assert trigger.timing == "FOR" and kinds(trigger.declarations) == ["Variable"]
    assert [(s.timing, kinds(s.block.statements)) for s in trigger.sections] == [
        ("BEFORE EACH ROW", ["Assign"]), ("AFTER STATEMENT", ["Call"])]
    assert build("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW CALL p(:new.id)").call.text == "p(:new.id)"


# --- types ----------------------------------------------------------------------------------------------

def test_object_type_and_body():
    decl = build("""CREATE OR REPLACE TYPE circle_t UNDER shape_t (
                      radius NUMBER,
                      OVERRIDING MEMBER FUNCTION area RETURN NUMBER,
                      CONSTRUCTOR FUNCTION circle_t (r NUMBER) RETURN SELF AS RESULT,
                      PRAGMA RESTRICT_REFERENCES (area, WNDS)
                    ) NOT FINAL;""")
    assert (decl.kind, decl.supertype, decl.modifiers) == ("object", "shape_t", ["NOT FINAL"])
    assert [(a.name, a.type.text) for a in decl.attributes] == [("radius", "NUMBER")]
    assert [(m.method, m.method_qualifiers, m.name, m.return_type.text) for m in decl.methods] == [
        ("MEMBER", ["OVERRIDING"], "area", "NUMBER"), ("CONSTRUCTOR", [], "circle_t", "SELF AS RESULT")]
    assert [(p.name, p.arguments.text) for p in decl.pragmas] == [("RESTRICT_REFERENCES", "area, WNDS")]

    type_body = build("""CREATE TYPE BODY circle_t AS
                           MAP MEMBER FUNCTION key RETURN NUMBER IS BEGIN RETURN radius; END;
                         END;""")
    assert [(m.method, kinds(m.body.statements)) for m in type_body.methods] == [("MAP MEMBER", ["Return"])]


@pytest.mark.parametrize("text, kind, element, limit, not_null", [
    ("CREATE TYPE t AS TABLE OF NUMBER(10);", "table", "NUMBER(10)", None, False),
    ("CREATE TYPE t IS VARRAY(5) OF VARCHAR2(20) NOT NULL;", "varray", "VARCHAR2(20)", "5", True),
])
def test_collection_types(text, kind, element, limit, not_null):
    decl = build(text)
    assert decl.kind == kind
    collection = decl.collection
    assert (collection.element.text, collection.limit and collection.limit.text, collection.not_null) == (
        element, limit, not_null)


def test_incomplete_type():
    decl = build("CREATE TYPE customer_t OID '82A4AF6A4CD9656DE034080020E0EE3D';")
    assert (decl.kind, decl.oid) == ("incomplete", "'82A4AF6A4CD9656DE034080020E0EE3D'")


# --- declarations --------------------------------------------------------------------------------------

def test_declarations():
    block = build("""DECLARE
                       n NUMBER NOT NULL := 0;
                       TYPE rec IS RECORD (id NUMBER, name VARCHAR2(30) := 'x');
                       TYPE map_t IS TABLE OF VARCHAR2(10) INDEX BY VARCHAR2(30);
                       TYPE rc IS REF CURSOR RETURN emp%ROWTYPE;
                       SUBTYPE small IS PLS_INTEGER RANGE 0 .. 9;
                       CURSOR c (p NUMBER) IS SELECT * FROM emp WHERE id = p;
                       e EXCEPTION;
                       PRAGMA EXCEPTION_INIT(e, -942);
                       $IF $$debug $THEN d NUMBER; $END
                     BEGIN NULL; END;""").block
    assert kinds(block.declarations) == ["Variable", "RecordType", "CollectionType", "RefCursorType", "Subtype",
                                         "Cursor", "ExceptionDecl", "Pragma", "ConditionalCode"]
    n, rec, map_t, rc, small, c, e, pragma, cc = block.declarations
    assert (n.not_null, n.default.text) == (True, "0")
    assert [(f.name, f.type.text, f.default and f.default.text) for f in rec.fields] == [
        ("id", "NUMBER", None), ("name", "VARCHAR2(30)", "'x'")]
    assert (map_t.kind, map_t.element.text, map_t.index_by.text) == ("table", "VARCHAR2(10)", "VARCHAR2(30)")
    assert rc.return_type.text == "emp%ROWTYPE"
    assert (small.base.text, small.low.text, small.high.text) == ("PLS_INTEGER", "0", "9")
    assert ([p.name for p in c.parameters], c.query.text) == (["p"], "SELECT * FROM emp WHERE id = p")
    assert (e.name, pragma.name, pragma.arguments.text) == ("e", "EXCEPTION_INIT", "e, -942")
    assert cc.text.text == "$IF $$debug $THEN d NUMBER; $END"


# --- statements ----------------------------------------------------------------------------------------

def test_if_and_case():
    if_stmt, case_stmt = body("""IF a > 1 THEN x := 1; ELSIF a = 1 THEN NULL; ELSE RETURN; END IF;
                                 CASE g WHEN 'A' THEN x := 4; ELSE x := 0; END CASE;""")
    assert [(b.condition.text, kinds(b.statements)) for b in if_stmt.branches] == [
        ("a > 1", ["Assign"]), ("a = 1", ["Null"])]
    assert kinds(if_stmt.else_statements) == ["Return"]
    assert case_stmt.selector.text == "g" and [b.condition.text for b in case_stmt.branches] == ["'A'"]


def test_loops_and_labels():
    outer, = body("""<<outer>> FOR i IN REVERSE 1 .. n LOOP
                       WHILE x < i LOOP EXIT outer WHEN x = 0; x := x + 1; END LOOP;
                       FOR r IN (SELECT id FROM t) LOOP CONTINUE; END LOOP;
                       FOR r IN cur(1) LOOP NULL; END LOOP;
                       <<again>> LOOP GOTO again; END LOOP;
                     END LOOP outer;""")
    assert isinstance(outer, ir.ForLoop) and outer.labels == ["outer"]
    assert (outer.variable, outer.reverse, outer.low.text, outer.high.text) == ("i", True, "1", "n")
    while_loop, query_for, cursor_for, basic = outer.statements
    assert while_loop.condition.text == "x < i"
    assert (while_loop.statements[0].label, while_loop.statements[0].condition.text) == ("outer", "x = 0")
    assert query_for.query.text == "SELECT id FROM t" and query_for.cursor is None
    assert (cursor_for.cursor, cursor_for.arguments.text) == ("cur", "1")
    assert basic.labels == ["again"] and basic.statements[0].label == "again"


def test_cursor_statements_and_dynamic_sql():
    statements = body("""OPEN c(1);
                         FETCH c BULK COLLECT INTO a, b LIMIT 10;
                         CLOSE c;
                         OPEN rc FOR SELECT 1 FROM dual;
                         OPEN rc FOR l_sql USING IN OUT x;
                         EXECUTE IMMEDIATE l_sql INTO v USING p1, OUT p2;
                         EXECUTE IMMEDIATE 'DELETE t WHERE id = :1 RETURNING n INTO :2' USING 1 RETURNING INTO v;""")
    assert kinds(statements) == ["Open", "Fetch", "Close", "OpenFor", "OpenFor", "ExecuteImmediate",
                                 "ExecuteImmediate"]
    _, fetch, _, open_query, open_dynamic, execute, returning = statements
    assert ([t.text for t in fetch.into.targets], fetch.into.bulk, fetch.limit.text) == (["a", "b"], True, "10")
    assert (open_query.query.text, open_query.dynamic) == ("SELECT 1 FROM dual", None)
    assert (open_dynamic.dynamic.text, [(u.mode, u.value.text) for u in open_dynamic.using]) == (
        "l_sql", [("IN OUT", "x")])
    assert [t.text for t in execute.into.targets] == ["v"]
    assert [(u.mode, u.value.text) for u in execute.using] == [("IN", "p1"), ("OUT", "p2")]
    assert [t.text for t in returning.returning.targets] == ["v"]


def test_sql_forall_and_transaction_statements():
    statements = body("""SELECT a INTO v FROM t;
                         FORALL i IN INDICES OF ids SAVE EXCEPTIONS DELETE FROM t WHERE id = ids(i);
                         SAVEPOINT s; ROLLBACK TO SAVEPOINT s; COMMIT WORK; SET TRANSACTION READ ONLY;
                         LOCK TABLE t IN EXCLUSIVE MODE; PIPE ROW (r);""")
    assert kinds(statements) == ["SqlStatement", "Forall", "Savepoint", "Rollback", "Commit", "SetTransaction",
                                 "LockTable", "PipeRow"]
    select, forall, savepoint, rollback, commit, set_tx, lock, pipe = statements
    assert (select.verb, select.sql.text) == ("SELECT", "SELECT a INTO v FROM t")
    assert (forall.bounds, forall.collection, forall.save_exceptions, forall.statement.verb) == (
        "indices", "ids", True, "DELETE")
    assert (savepoint.name, rollback.savepoint, commit.options.text) == ("s", "s", "WORK")
    assert (set_tx.options.text, lock.sql.text, pipe.value.text) == ("READ ONLY", "t IN EXCLUSIVE MODE", "r")


def test_calls_raise_and_nested_blocks():
    statements = body("""log_it; pkg.run(1, x => 2); obj.m(1).n(2);
                         RAISE; RAISE pkg.e_bad;
                         BEGIN NULL; EXCEPTION WHEN no_data_found OR too_many_rows THEN RAISE; END;
                         $IF $$debug $THEN NULL; $END""")
    assert kinds(statements) == ["Call", "Call", "Call", "Raise", "Raise", "NestedBlock", "ConditionalStmt"]
    plain, with_args, chained, reraise, raise_named, nested, _ = statements
    assert (plain.name, plain.arguments) == ("log_it", None)
    assert (with_args.name, with_args.arguments.text) == ("pkg.run", "1, x => 2")
    assert (chained.name, chained.arguments.text, chained.chain.text) == ("obj.m", "1", ".n(2)")
    assert (reraise.exception, raise_named.exception) == (None, "pkg.e_bad")
    assert nested.block.handlers[0].exceptions == ["no_data_found", "too_many_rows"]


# --- places -----------------------------------------------------------------------------------------------

def test_every_node_knows_its_place_in_the_file():
    text = "BEGIN\n  x := f(1);\n  IF x > 0 THEN\n    NULL;\n  END IF;\nEND;"
    assign, if_stmt = build(text, line_offset=20).block.statements
    assert assign.where == ir.Where(22, 3, 8, 18)
    assert text[assign.where.start:assign.where.end] == "x := f(1);"
    assert (assign.value.text, assign.value.where) == ("f(1)", ir.Where(22, 8, 13, 17))
    assert if_stmt.branches[0].statements[0].where.line == 24
    condition = if_stmt.branches[0].condition
    assert text[condition.where.start:condition.where.end] == condition.text == "x > 0"
