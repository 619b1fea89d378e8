"""The sct_oracle compatibility schema, DBMS_LOB, SQL/XML: what the converter writes, and what it gives on a
real PostgreSQL against the values Oracle's documentation shows.

Oracle values cited from: SQL Language Reference (INSTR, NEXT_DAY, EXTRACTVALUE, EXISTSNODE, XMLELEMENT,
XMLFOREST, XMLAGG, REGEXP_LIKE's match_parameter, "Nulls"), PL/SQL Packages and Types Reference (DBMS_LOB
SUBSTR, INSTR, COMPARE, APPEND, WRITEAPPEND, TRIM), and the error help for OCI-32766 (backward INSTR).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import psycopg
import pytest

from sct.converter import compat
from sct.converter.dialects import oracle_sql as o
from sct.converter.dialects.oracle_supplied import advice, supplied_call_statement
from sct.converter.emit import postgres
from sct.converter.ir import Effort, QName, Span, View
from sct.converter.pipeline import convert_text
from sct.converter.verify import VerifyUnit, verify

SPAN = Span("t.sql", 1, 1)


def convert(sql: str) -> tuple[str | None, View]:
    obj = View(QName(None, "v"), SPAN)
    tree = o.convert_tree(o.parse_sql(sql, SPAN), obj, SPAN, "query")
    return o.render(tree, obj, SPAN), obj


def efforts(obj: View, rule: str) -> list[Effort]:
    return [f.effort for f in obj.findings if f.rule_id == rule]


@pytest.fixture(scope="module")
def compat_db(module_pg):
    """A scratch database holding every function of the schema (created as schema.sql creates them)."""
    with psycopg.connect(module_pg, autocommit=True) as conn:
        conn.execute(compat.schema_sql(compat.used_in(f"sct_oracle.{n}(" for n in compat.FUNCTIONS)))
        yield conn


def value(conn: psycopg.Connection, expression: str):
    return conn.execute(f"SELECT {expression}").fetchone()[0]


# ---------------------------------------------------------------------------------------------------------
# the schema: versioned, only what is used, first in schema.sql and in what --verify applies


def test_every_function_has_its_version_in_a_comment_and_the_schema_has_its_version(compat_db):
    assert value(compat_db, "sct_oracle.version()") == compat.VERSION
    assert compat.VERSION in value(compat_db, "obj_description('sct_oracle'::regnamespace, 'pg_namespace')")
    rows = compat_db.execute(
        "SELECT p.proname, obj_description(p.oid, 'pg_proc') FROM pg_proc p "
        "WHERE p.pronamespace = 'sct_oracle'::regnamespace").fetchall()
    assert {name for name, _ in rows} == set(compat.FUNCTIONS)
    for name, comment in rows:
        assert comment.startswith(f"sct_oracle {compat.FUNCTIONS[name].since}: "), (name, comment)


def test_plpgsql_check_finds_no_error_in_the_functions(compat_db):
    compat_db.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    errors = compat_db.execute(
        "SELECT p.oid::regprocedure::text, c.message FROM pg_proc p "
        "JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql', "
        "LATERAL plpgsql_check_function_tb(p.oid::regprocedure) c "
        "WHERE p.pronamespace = 'sct_oracle'::regnamespace AND c.level = 'error'").fetchall()
    assert errors == []


def test_schema_sql_holds_only_the_functions_the_objects_call_and_comes_first():
    conversion = convert_text("CREATE TABLE t (id NUMBER PRIMARY KEY, path VARCHAR2(100));\n"
                              "CREATE VIEW v AS SELECT INSTR(path, '/', -1) AS last_slash FROM t;\n")
    script = postgres.schema_script(conversion)
    assert "CREATE SCHEMA IF NOT EXISTS sct_oracle;" in script
    assert "FUNCTION sct_oracle.instr(" in script and "sct_oracle.version()" in script
    assert "dbms_lob_substr" not in script and "extractvalue" not in script
    assert script.index("FUNCTION sct_oracle.instr(") < script.index("CREATE TABLE t")
    assert isinstance(conversion.ordered[0], compat.CompatSchema)
    assert conversion.ordered[0].functions == ["version", "instr"]


def test_no_compatibility_schema_when_nothing_calls_it():
    conversion = convert_text("CREATE TABLE t (id NUMBER PRIMARY KEY, path VARCHAR2(100));\n"
                              "CREATE VIEW v AS SELECT INSTR(path, '/') AS first_slash FROM t;\n")
    assert "sct_oracle" not in postgres.schema_script(conversion)
    assert not any(isinstance(x, compat.CompatSchema) for x in conversion.ordered)


def test_a_function_brings_the_functions_it_calls():
    assert compat.used_in(["SELECT sct_oracle.dbms_lob_instr(c, 'x')"]) == ["version", "instr", "dbms_lob_instr"]
    assert compat.used_in(["SELECT 1", None]) == []


def test_verify_applies_the_schema_before_the_objects_that_call_it(pg_dsn):
    conversion = convert_text(
        "CREATE TABLE t (id NUMBER PRIMARY KEY, path VARCHAR2(100), doc CLOB);\n"
        "CREATE VIEW v AS SELECT id, INSTR(path, '/', -1) AS last_slash FROM t;\n"
        "CREATE OR REPLACE FUNCTION head (p_id NUMBER) RETURN VARCHAR2 IS\n"
        "  buf CLOB;\n"
        "BEGIN\n"
        "  SELECT doc INTO buf FROM t WHERE id = p_id;\n"
        "  RETURN DBMS_LOB.SUBSTR(buf, DBMS_LOB.INSTR(buf, '/', 1, 1) - 1, 1);\n"
        "END;\n/\n")
    units = [VerifyUnit(x, x.target_sql) for x in conversion.ordered if x.target_sql]
    assert isinstance(units[0].obj, compat.CompatSchema)
    result = verify(units, pg_dsn)
    assert result.failed == 0, [u.obj.verification_error for u in units if u.obj.verification_error]
    assert result.routines_checked >= 3        # head, and the PL/pgSQL functions it calls were checked too


# ---------------------------------------------------------------------------------------------------------
# INSTR


@pytest.mark.parametrize("source, expected", [
    ("SELECT INSTR(a, 'x') FROM t", "SELECT STRPOS(a, 'x') FROM t"),
    ("SELECT INSTR(a, 'x', 1, 1) FROM t", "SELECT STRPOS(a, 'x') FROM t"),
    ("SELECT INSTR(a, 'x', -1) FROM t", "SELECT sct_oracle.instr(a, 'x', -1) FROM t"),
    ("SELECT INSTR(a, 'x', n, 2) FROM t", "SELECT sct_oracle.instr(a, 'x', n, 2) FROM t"),
])
def test_instr_conversion(source, expected):
    sql, obj = convert(source)
    assert sql == expected
    if "sct_oracle" in expected:
        assert efforts(obj, "OR348") == [Effort.AUTO]


@pytest.mark.parametrize("call, expected", [
    # SQL Language Reference, INSTR examples
    ("sct_oracle.instr('CORPORATE FLOOR', 'OR', 3, 2)", 14),
    ("sct_oracle.instr('CORPORATE FLOOR', 'OR', -3, 2)", 2),
    # OCI-32766: instr('abcd', 'cd', -2, 1) returns 3 (the backward search compares from position 3 on)
    ("sct_oracle.instr('abcd', 'cd', -2, 1)", 3),
    # "Each consecutive compared substring ... begins one character to the right": overlapping matches count
    ("sct_oracle.instr('aaaa', 'aa', 1, 2)", 2),
    ("sct_oracle.instr('CORPORATE FLOOR', 'OR', -1)", 14),
    ("sct_oracle.instr('CORPORATE FLOOR', 'OR', 16)", 0),         # past the end: not found
    ("sct_oracle.instr('CORPORATE FLOOR', 'OR', -16)", 0),        # before the start
    ("sct_oracle.instr('CORPORATE FLOOR', 'XY', 1, 1)", 0),       # "If no such substring is found ... zero"
    ("sct_oracle.instr('abc', 'a', 0)", 0),                       # position 0 finds nothing
    ("sct_oracle.instr('abc', '', 1)", None),                     # '' is NULL in Oracle ("Nulls")
    ("sct_oracle.instr('abc', NULL, 1)", None),
    ("sct_oracle.instr('ab/cd/ef', '/', 2.9, 1)", 3),             # positions resolve to an integer
    ("sct_oracle.instr('héllo wörld', 'ö', -1)", 8),              # characters, not bytes
])
def test_instr_on_postgresql(compat_db, call, expected):
    assert value(compat_db, call) == expected


def test_instr_occurrence_below_one_is_an_error(compat_db):
    """'The value of occurrence must be positive' (ORA-01428 in Oracle)."""
    with pytest.raises(psycopg.errors.NumericValueOutOfRange):
        value(compat_db, "sct_oracle.instr('abc', 'b', 1, 0)")


# ---------------------------------------------------------------------------------------------------------
# DBMS_LOB in expressions


@pytest.mark.parametrize("source, expected", [
    ("SELECT DBMS_LOB.GETLENGTH(c) FROM t", "SELECT LENGTH(c) FROM t"),
    ("SELECT DBMS_LOB.SUBSTR(c, 10, 5) FROM t", "SELECT sct_oracle.dbms_lob_substr(c, 10, 5) FROM t"),
    ("SELECT DBMS_LOB.SUBSTR(c) FROM t", "SELECT sct_oracle.dbms_lob_substr(c) FROM t"),
    ("SELECT DBMS_LOB.INSTR(c, 'x', 1, 2) FROM t", "SELECT sct_oracle.dbms_lob_instr(c, 'x', 1, 2) FROM t"),
    ("SELECT 1 FROM t WHERE DBMS_LOB.COMPARE(a, b) = 0",
     "SELECT 1 FROM t WHERE sct_oracle.dbms_lob_compare(a, b) = 0"),
])
def test_dbms_lob_function_conversion(source, expected):
    sql, obj = convert(source)
    assert sql == expected
    assert efforts(obj, "OR349") == [Effort.AUTO]


def test_dbms_lob_compare_sign_is_for_review_and_bfile_calls_are_reported():
    _, obj = convert("SELECT DBMS_LOB.COMPARE(a, b) AS c FROM t")
    assert efforts(obj, "OR349") == [Effort.REVIEW]
    for call in ("DBMS_LOB.FILEEXISTS(f)", "BFILENAME('DIR', 'a.txt')"):
        sql, obj = convert(f"SELECT {call} FROM t")
        (finding,) = [f for f in obj.findings if f.rule_id == "OR398"]
        assert finding.effort is Effort.MANUAL and "pg_read_binary_file" in finding.message


@pytest.mark.parametrize("call, expected", [
    ("length('abcdef'::text)", 6),
    ("length('\\x00ff10'::bytea)", 3),                               # BLOB: bytes
    ("length('héllo'::text)", 5),                                    # CLOB: characters
    ("sct_oracle.dbms_lob_substr('abcdef'::text, 3, 2)", "bcd"),     # amount 3 from offset 2
    ("sct_oracle.dbms_lob_substr('\\x0102030405'::bytea, 2, 4)", b"\x04\x05"),
    # NULL when: any input is NULL, amount < 1, amount > 32767, offset < 1 (DBMS_LOB.SUBSTR "Returns")
    ("sct_oracle.dbms_lob_substr('abcdef'::text, 0, 1)", None),
    ("sct_oracle.dbms_lob_substr('abcdef'::text, 32768, 1)", None),
    ("sct_oracle.dbms_lob_substr('abcdef'::text, 3, 0)", None),
    ("sct_oracle.dbms_lob_substr('abcdef'::text, NULL, 1)", None),
    ("sct_oracle.dbms_lob_substr('abcdef'::text, 3, 7)", None),      # nothing left: an empty VARCHAR2 is NULL
    ("sct_oracle.dbms_lob_substr('abcdef'::text)", "abcdef"),        # amount 32767, offset 1
    # a VARCHAR2 of at most 32767 bytes: 20000 two-byte characters give the 16383 that fit
    ("char_length(sct_oracle.dbms_lob_substr(repeat('é', 20000)::text, 32767, 1))", 16383),
    # DBMS_LOB.INSTR: the nth occurrence from offset; 0 if not found; NULL for offset or nth below 1
    ("sct_oracle.dbms_lob_instr('abcabc'::text, 'bc', 1, 2)", 5),
    ("sct_oracle.dbms_lob_instr('abcabc'::text, 'bc', 3)", 5),
    ("sct_oracle.dbms_lob_instr('abcabc'::text, 'x')", 0),
    ("sct_oracle.dbms_lob_instr('abcabc'::text, 'bc', 0)", None),
    ("sct_oracle.dbms_lob_instr('abcabc'::text, 'bc', 1, 0)", None),
    ("sct_oracle.dbms_lob_instr(''::text, 'bc')", 0),                # an empty LOB is not NULL
    ("sct_oracle.dbms_lob_instr('\\x0102030102'::bytea, '\\x0102'::bytea, 2)", 4),
    # DBMS_LOB.COMPARE: 0 if the ranges match, -1 if the first is less, 1 if greater; NULL for offsets < 1
    ("sct_oracle.dbms_lob_compare('abc'::text, 'abc')", 0),
    ("sct_oracle.dbms_lob_compare('abc'::text, 'abd')", -1),
    ("sct_oracle.dbms_lob_compare('abd'::text, 'abc')", 1),
    ("sct_oracle.dbms_lob_compare('ab'::text, 'abc')", -1),
    ("sct_oracle.dbms_lob_compare('xxabc'::text, 'abcyy', 3, 3, 1)", 0),
    ("sct_oracle.dbms_lob_compare('abc'::text, 'abc', 3, 0, 1)", None),
    ("sct_oracle.dbms_lob_compare('\\x01ff'::bytea, '\\x0200'::bytea)", -1),
])
def test_dbms_lob_functions_on_postgresql(compat_db, call, expected):
    assert value(compat_db, call) == expected


@pytest.mark.parametrize("procedure, args, expected", [
    ("APPEND", ["v_doc", "p_more"], "v_doc := v_doc || p_more;"),
    ("append", ["v_doc", "p_more"], "v_doc := v_doc || p_more;"),
    ("WRITEAPPEND", ["v_doc", "n", "buf"], "v_doc := v_doc || substr(buf, 1, (n)::integer);"),
    ("TRIM", ["v_doc", "0"], "v_doc := substr(v_doc, 1, (0)::integer);"),
    ("CREATETEMPORARY", ["v_doc", "TRUE", "dbms_lob.session"], "v_doc := '';"),
    ("FREETEMPORARY", ["v_doc"], "v_doc := NULL;"),
    ("OPEN", ["v_doc", "dbms_lob.lob_readonly"], "NULL;"),
    ("CLOSE", ["v_doc"], "NULL;"),
    ("APPEND", ["dest_lob => v_doc", "src_lob => p"], None),        # named arguments: not handled here
    ("APPEND", ["v_doc"], None),
    ("WRITE", ["v_doc", "n", "1", "buf"], None),                     # overwriting in place: not converted
    ("FILEOPEN", ["f", "dbms_lob.file_readonly"], None),
    ("LOADCLOBFROMFILE", ["d", "f", "n", "1", "1", "c", "l", "w"], None),
])
def test_supplied_call_statement(procedure, args, expected):
    assert supplied_call_statement("DBMS_LOB", procedure, args) == expected
    assert supplied_call_statement("UTL_FILE", procedure, args) is None


def test_bfile_and_xml_package_advice_names_the_postgresql_way():
    assert "pg_read_file" in advice("DBMS_LOB", "fileopen") and "pg_read_binary_file" in advice("", "BFILENAME")
    assert "xpath" in advice("DBMS_XMLDOM", "getNodeValue")
    assert "XML DB repository" in advice("dbms_xdb", "createFolder")


def test_dbms_lob_statements_behave_as_oracle_documents(compat_db):
    """APPEND adds the source at the end; WRITEAPPEND adds `amount` characters of the buffer; TRIM cuts to
    the new length; CREATETEMPORARY gives an empty (not NULL) LOB; FREETEMPORARY leaves nothing."""
    body = "\n".join([
        supplied_call_statement("DBMS_LOB", "CREATETEMPORARY", ["d", "TRUE"]),
        "RAISE NOTICE 'empty=% null=%', d = '', d IS NULL;",
        supplied_call_statement("DBMS_LOB", "APPEND", ["d", "'abc'"]),
        supplied_call_statement("DBMS_LOB", "WRITEAPPEND", ["d", "2", "'defgh'"]),
        "RAISE NOTICE 'after append: %', d;",
        supplied_call_statement("DBMS_LOB", "TRIM", ["d", "4"]),
        "RAISE NOTICE 'after trim: %', d;",
        supplied_call_statement("DBMS_LOB", "WRITEAPPEND", ["b", "1", "'\\x0203'::bytea"]),
        "RAISE NOTICE 'blob: %', b;",
        supplied_call_statement("DBMS_LOB", "FREETEMPORARY", ["d"]),
        "RAISE NOTICE 'freed: %', d IS NULL;"])
    notices: list[str] = []
    compat_db.add_notice_handler(lambda diag: notices.append(diag.message_primary))
    compat_db.execute(f"DO $$ DECLARE d text; b bytea := '\\x01'; BEGIN\n{body}\nEND $$")
    assert notices == ["empty=t null=f", "after append: abcde", "after trim: abcd", "blob: \\x0102",
                       "freed: t"]


# ---------------------------------------------------------------------------------------------------------
# SQL/XML

EMPLOYEES = """
CREATE TABLE employees (employee_id integer, last_name varchar(25), salary integer, department_id integer,
                        job_id varchar(10));
INSERT INTO employees VALUES (204, 'Baer', 10000, 70, 'PR_REP'), (103, 'Hunold', 9000, 60, 'IT_PROG'),
    (114, 'Raphaely', 11000, 30, 'PU_MAN'), (116, 'Baida', 2900, 30, 'PU_CLERK'),
    (117, 'Tobias', 2800, 30, 'PU_CLERK');
"""


@pytest.mark.parametrize("oracle, expected", [
    # SQL Language Reference, XMLFOREST example
    ("SELECT XMLELEMENT(\"Emp\", XMLFOREST(e.employee_id, e.last_name, e.salary)) FROM employees e "
     "WHERE employee_id = 204",
     "<Emp><EMPLOYEE_ID>204</EMPLOYEE_ID><LAST_NAME>Baer</LAST_NAME><SALARY>10000</SALARY></Emp>"),
    # XMLELEMENT example with XMLATTRIBUTES
    ("SELECT XMLELEMENT(\"Emp\", XMLATTRIBUTES(e.employee_id AS \"ID\", e.last_name), "
     "XMLELEMENT(\"Dept\", e.department_id), XMLELEMENT(\"Salary\", e.salary)) FROM employees e "
     "WHERE e.employee_id = 103",
     '<Emp ID="103" LAST_NAME="Hunold"><Dept>60</Dept><Salary>9000</Salary></Emp>'),
    # XMLAGG example (ORDER BY inside the aggregate)
    ("SELECT XMLELEMENT(\"Department\", XMLAGG(XMLELEMENT(\"Employee\", e.job_id || ' ' || e.last_name) "
     "ORDER BY last_name)) FROM employees e WHERE e.department_id = 30",
     "<Department><Employee>PU_CLERK Baida</Employee><Employee>PU_MAN Raphaely</Employee>"
     "<Employee>PU_CLERK Tobias</Employee></Department>"),
    # an unquoted element name is upper case in Oracle
    ("SELECT XMLELEMENT(emp, XMLCONCAT(XMLELEMENT(\"a\", 'x'), XMLCOMMENT('c'), XMLPI(NAME \"php\", 'y'))) "
     "FROM employees WHERE employee_id = 204",
     "<EMP><a>x</a><!--c--><?php y?></EMP>"),
])
def test_sql_xml_generation_gives_the_xml_oracle_documents(scratch_pg, oracle, expected):
    sql, obj = convert(oracle)
    assert "OR350" in {f.rule_id for f in obj.findings}
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(EMPLOYEES)
        assert conn.execute(sql).fetchone()[0] == expected


def test_xml_values_that_may_be_numbers_or_dates_are_for_review_and_evalname_is_manual():
    _, obj = convert("SELECT XMLELEMENT(\"x\", e.salary) FROM employees e")
    assert efforts(obj, "OR350") == [Effort.REVIEW]
    _, obj = convert("SELECT XMLELEMENT(\"x\", 'text', XMLELEMENT(\"y\", 'more')) FROM dual")
    assert set(efforts(obj, "OR350")) == {Effort.AUTO}
    _, obj = convert("SELECT XMLELEMENT(EVALNAME e.tag, 'x') FROM employees e")
    assert efforts(obj, "OR399") == [Effort.MANUAL]


WAREHOUSES = {    # order_entry's pwhs_v3.sql, the warehouse_spec documents the Oracle examples query
    1: ("Southlake, Texas", "<Warehouse><Building>Owned</Building><Docks>2</Docks></Warehouse>"),
    2: ("San Francisco", "<Warehouse><Building>Rented</Building><Docks>1</Docks></Warehouse>"),
    3: ("New Jersey", "<Warehouse><Building>Rented</Building><DockType></DockType></Warehouse>"),
    4: ("Seattle, Washington", "<Warehouse><Building>Owned</Building><Docks>3</Docks></Warehouse>"),
}


@pytest.fixture
def warehouses(scratch_pg):
    conversion = convert_text("CREATE TABLE warehouses (warehouse_id NUMBER(3) PRIMARY KEY, "
                              "warehouse_name VARCHAR2(35), warehouse_spec XMLTYPE);\n"
                              "CREATE VIEW docks AS SELECT warehouse_name, "
                              "EXTRACTVALUE(w.warehouse_spec, '/Warehouse/Docks') AS docks FROM warehouses w;\n"
                              "CREATE VIEW with_docks AS SELECT warehouse_id FROM warehouses "
                              "WHERE EXISTSNODE(warehouse_spec, '/Warehouse/Docks') = 1;\n")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        for key, (name, spec) in WAREHOUSES.items():
            sql, _ = convert(f"INSERT INTO warehouses VALUES ({key}, '{name}', XMLTYPE('{spec}'))")
            conn.execute(sql)
        yield conn


def test_extractvalue_and_existsnode_give_oracle_documented_rows(warehouses):
    """EXTRACTVALUE example: Southlake 2, San Francisco 1, New Jersey NULL, Seattle 3; EXISTSNODE example:
    the warehouses with a Docks element are 1, 2 and 4."""
    rows = warehouses.execute("SELECT warehouse_name, docks FROM docks ORDER BY warehouse_name").fetchall()
    assert rows == [("New Jersey", None), ("San Francisco", "1"), ("Seattle, Washington", "3"),
                    ("Southlake, Texas", "2")]
    assert warehouses.execute("SELECT warehouse_id FROM with_docks ORDER BY 1").fetchall() == [(1,), (2,), (4,)]


@pytest.mark.parametrize("call, expected", [
    ("sct_oracle.extractvalue(xml '<a><b>x &amp; y</b></a>', '/a/b')", "x & y"),     # entities resolved
    ("sct_oracle.extractvalue(xml '<a><b id=\"7\"/></a>', '/a/b/@id')", "7"),        # an attribute
    ("sct_oracle.extractvalue(xml '<a><b>t</b></a>', '/a/b/text()')", "t"),
    ("sct_oracle.extractvalue(xml '<a><b/></a>', '/a/b')", None),
    ("sct_oracle.extractvalue(xml '<a/>', '/a/b')", None),
])
def test_extractvalue_on_postgresql(compat_db, call, expected):
    assert value(compat_db, call) == expected


def test_extractvalue_of_several_nodes_or_of_a_non_leaf_is_an_error(compat_db):
    """ORA-19025 (more than one node) and ORA-19026 (not a leaf) in Oracle."""
    for call in ("sct_oracle.extractvalue(xml '<a><b>1</b><b>2</b></a>', '/a/b')",
                 "sct_oracle.extractvalue(xml '<a><b><c/></b></a>', '/a/b')"):
        with pytest.raises(psycopg.errors.DataException):
            value(compat_db, call)


def test_existsnode_with_literal_namespaces_and_computed_ones():
    sql, _ = convert("SELECT EXISTSNODE(d, '/r:a', 'xmlns:r=\"urn:x\"') FROM t")
    assert sql == "SELECT CAST(XPATH_EXISTS('/r:a', d, ARRAY[ARRAY['r', 'urn:x']]) AS INT) FROM t"
    for namespaces in ("ns_var", "'xmlns=\"urn:x\"'"):
        _, obj = convert(f"SELECT EXISTSNODE(d, '/a', {namespaces}) FROM t")
        assert efforts(obj, "OR351") == [Effort.MANUAL]


def test_xmltype_methods():
    sql, obj = convert("SELECT x.getClobVal() FROM t")
    assert sql == "SELECT CAST(x AS TEXT) FROM t" and efforts(obj, "OR351") == [Effort.REVIEW]
    sql, obj = convert("SELECT XMLTYPE.CREATEXML(c) FROM t")
    assert sql == "SELECT CAST(c AS XML) FROM t"
    _, obj = convert("SELECT x.getRootElement() FROM t")
    assert efforts(obj, "OR398") == [Effort.MANUAL]


# ---------------------------------------------------------------------------------------------------------
# run-time forms of built-ins the rewriter used to refuse


def test_computed_regexp_match_parameter_is_translated_when_it_runs(compat_db):
    sql, obj = convert("SELECT REGEXP_LIKE(s, 'a.b', flags) FROM t")
    assert sql == "SELECT REGEXP_LIKE(s, 'a.b', sct_oracle.regexp_flags(flags)) FROM t"
    assert efforts(obj, "OR338") == [Effort.AUTO]
    # match_parameter: 'n' lets the period match a newline, 'i' ignores case, 'c' does not, the last of
    # contradictory values wins, 'm' makes ^ and $ match at line ends; NULL is the default
    cases = [("E'a\\nb'", "n", True), ("E'a\\nb'", None, False), ("'AxB'", "i", True), ("'AxB'", "ic", False),
             ("'AxB'", "ci", True)]
    for text, flags, expected in cases:
        got = compat_db.execute(f"SELECT regexp_like({text}, 'a.b', sct_oracle.regexp_flags(%s))",
                                (flags,)).fetchone()[0]
        assert got is expected, (text, flags)
    assert value(compat_db, "regexp_like(E'x\\nab', '^ab', sct_oracle.regexp_flags('m'))") is True
    assert value(compat_db, "regexp_like(E'x\\nab', '^ab', sct_oracle.regexp_flags(''))") is False
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        value(compat_db, "sct_oracle.regexp_flags('q')")


def test_next_day_with_a_computed_day_name(compat_db):
    sql, obj = convert("SELECT NEXT_DAY(d, day_name) FROM t")
    assert sql == "SELECT sct_oracle.next_day(d, day_name) FROM t"
    # SQL Language Reference, NEXT_DAY example: NEXT_DAY('15-OCT-2009', 'TUESDAY') is 20-OCT-2009
    assert value(compat_db, "sct_oracle.next_day(timestamp '2009-10-15', 'TUESDAY')") == dt.datetime(2009, 10, 20)
    assert value(compat_db, "sct_oracle.next_day(timestamp '2009-10-15 13:45:00', 'tue')") == \
        dt.datetime(2009, 10, 20, 13, 45)                   # the time of day is kept; the abbreviation works
    assert value(compat_db, "sct_oracle.next_day(timestamp '2009-10-20', 'TUESDAY')") == dt.datetime(2009, 10, 27)
    with pytest.raises(psycopg.errors.InvalidDatetimeFormat):
        value(compat_db, "sct_oracle.next_day(timestamp '2009-10-15', 'TU')")
    _, obj = convert("SELECT NEXT_DAY(d, 'LUNDI') FROM t")
    assert efforts(obj, "OR326") == [Effort.MANUAL]


def test_to_number_default_on_conversion_error(compat_db):
    sql, obj = convert("SELECT TO_NUMBER(s DEFAULT -1 ON CONVERSION ERROR) FROM t")
    assert sql == "SELECT sct_oracle.to_number_default(s, -1) FROM t"
    assert efforts(obj, "OR320") == [Effort.AUTO]
    assert value(compat_db, "sct_oracle.to_number_default(' 12.50 ', -1)") == Decimal("12.50")
    assert value(compat_db, "sct_oracle.to_number_default('12,5', -1)") == -1
    assert value(compat_db, "sct_oracle.to_number_default('NaN', -1)") == -1
    assert value(compat_db, "sct_oracle.to_number_default(NULL, -1)") is None
    _, obj = convert("SELECT TO_NUMBER(s DEFAULT 0 ON CONVERSION ERROR, '999') FROM t")
    assert efforts(obj, "OR320") == [Effort.MANUAL]


def test_chr_below_128_is_kept_without_a_finding_and_above_is_for_review():
    sql, obj = convert("SELECT CHR(10), CHR(39) FROM t")
    assert sql == "SELECT CHR(10), CHR(39) FROM t" and not efforts(obj, "OR352")
    for call in ("CHR(233)", "CHR(n)"):
        _, obj = convert(f"SELECT {call} FROM t")
        assert efforts(obj, "OR352") == [Effort.REVIEW]
    sql, obj = convert("SELECT CHR(196 USING NCHAR_CS) FROM t")
    assert sql == "SELECT CHR(196) FROM t" and not efforts(obj, "OR352")


def test_dbms_lob_constants_are_their_values_and_other_package_constants_are_reported():
    sql, obj = convert("SELECT DBMS_LOB.LOBMAXSIZE, DBMS_LOB.SESSION, DBMS_LOB.CALL FROM t")
    assert sql == "SELECT 18446744073709551615, 10, 12 FROM t" and not obj.findings
    _, obj = convert("SELECT DBMS_SQL.NATIVE FROM t")
    assert efforts(obj, "OR398") == [Effort.MANUAL]


LINES = """
CREATE OR REPLACE FUNCTION non_empty_lines (doc CLOB) RETURN NUMBER IS
  pos INTEGER := 1;
  nl INTEGER;
  n NUMBER := 0;
  line VARCHAR2(4000);
BEGIN
  LOOP
    nl := DBMS_LOB.INSTR(doc, CHR(10), pos, 1);
    EXIT WHEN nl = 0;
    line := DBMS_LOB.SUBSTR(doc, nl - pos, pos);
    IF line IS NOT NULL THEN
      n := n + 1;
    END IF;
    pos := nl + 1;
  END LOOP;
  IF pos <= DBMS_LOB.GETLENGTH(doc) THEN
    n := n + 1;
  END IF;
  RETURN n;
END;
/
"""


def test_a_routine_reading_a_clob_with_dbms_lob_runs_as_in_oracle(scratch_pg):
    """An empty line is DBMS_LOB.SUBSTR(doc, 0, pos): NULL in Oracle (amount < 1), so it is not counted."""
    conversion = convert_text(LINES)
    assert [x.label for x in conversion.schema_objects if x.target_sql is None] == []
    units = [VerifyUnit(x, x.target_sql) for x in conversion.ordered if x.target_sql]
    assert verify(units, scratch_pg).failed == 0
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        assert conn.execute("SELECT non_empty_lines(E'a\\n\\nbb\\nccc')").fetchone()[0] == 3
        assert conn.execute("SELECT non_empty_lines(E'a\\n')").fetchone()[0] == 1


def test_the_docs_page_lists_every_function_with_its_version():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "sct_oracle.md").read_text(encoding="utf-8")
    assert f"Version: **{compat.VERSION}**." in page
    for name, function in compat.FUNCTIONS.items():
        rows = [line for line in page.splitlines() if line.startswith(f"| `sct_oracle.{name}(")]
        assert rows, f"docs/sct_oracle.md does not list sct_oracle.{name}"
        assert rows[0].rstrip().endswith(f"| {function.since} |"), rows[0]


# ---------------------------------------------------------------------------------------------------------
# built-ins that are not the same in PostgreSQL, although they have the same name


@pytest.mark.parametrize("source, expected", [
    ("SELECT MOD(a, b) FROM t", "SELECT CASE WHEN b = 0 THEN a ELSE MOD(a, b) END FROM t"),
    ("SELECT MOD(a, 0) FROM t", "SELECT a FROM t"),
    ("SELECT MOD(a, 2), MOD(a, -2.5) FROM t", "SELECT MOD(a, 2), MOD(a, -2.5) FROM t"),
    ("SELECT STDDEV(x) FROM t", "SELECT CASE WHEN COUNT(x) = 1 THEN 0 ELSE STDDEV(x) END FROM t"),
    ("SELECT VARIANCE(DISTINCT x) FROM t",
     "SELECT CASE WHEN COUNT(DISTINCT x) = 1 THEN 0 ELSE VARIANCE(DISTINCT x) END FROM t"),
    ("SELECT STDDEV(x) OVER (PARTITION BY g) FROM t",
     "SELECT CASE WHEN COUNT(x) OVER (PARTITION BY g) = 1 THEN 0 ELSE STDDEV(x) OVER (PARTITION BY g) END FROM t"),
])
def test_same_name_other_meaning(source, expected):
    assert convert(source)[0] == expected


def test_mod_stddev_and_variance_give_oracle_results(scratch_pg):
    """MOD: 'Returns n2 if n1 is 0' (MOD(11, 0) is 11); STDDEV/VARIANCE: 'returns zero when it has only 1 row
    of input data' (where STDDEV_SAMP and VAR_SAMP return null)."""
    sql, _ = convert("SELECT MOD(a, b), STDDEV(a) OVER (PARTITION BY g), VARIANCE(a) OVER (PARTITION BY g) "
                     "FROM t ORDER BY g")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (g integer, a numeric, b numeric);"
                     "INSERT INTO t VALUES (1, 11, 0), (2, 11, 4), (2, 15, 4)")
        rows = conn.execute(sql).fetchall()
    assert [r[0] for r in rows] == [11, 3, 3]
    assert rows[0][1:] == (0, 0)                               # one value: 0, not NULL
    assert rows[1][2] == 8                                     # sample variance of 11 and 15
    sql, _ = convert("SELECT STDDEV(a), VARIANCE(a) FROM t WHERE g = 1")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        assert conn.execute(sql).fetchone() == (0, 0)
        assert conn.execute(convert("SELECT STDDEV(a) FROM t WHERE g = 3")[0]).fetchone() == (None,)


def test_ascii_of_a_literal_ascii_character_is_kept_and_of_anything_else_for_review():
    sql, obj = convert("SELECT ASCII('A') FROM t")
    assert sql == "SELECT ASCII('A') FROM t" and not obj.findings
    _, obj = convert("SELECT ASCII(name) FROM t")
    assert efforts(obj, "OR352") == [Effort.REVIEW]
