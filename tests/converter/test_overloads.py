"""Which overload a call reaches (converter.overloads): a caller of an overload that is left out of the target is
blocked (OR016) even when another overload of the same name converts, and is not blocked by overloads it
cannot reach."""

from __future__ import annotations

from sct.converter.ir import QName
from sct.converter.ir import plsql as ir
from sct.converter.overloads import call_site, family, reachable
from sct.converter.pipeline import convert_text

W = ir.Where(1, 1, 0, 0)


def params(*specs: str) -> list[ir.Parameter]:
    out = []
    for spec in specs:
        name, _, rest = spec.partition(" ")
        type_text, _, default = rest.partition(" := ")
        out.append(ir.Parameter(W, name, ir.Text(type_text, W), default=ir.Text(default, W) if default else None))
    return out


OVERLOADS = {
    "by_file": params("f BFILE", "b BLOB"),
    "by_name": params("n VARCHAR2", "d VARCHAR2 := USER"),
    "by_number": params("x NUMBER"),
}


def reach(arguments: list[str], variables: dict[str, str] | None = None) -> list[str]:
    call = call_site(QName(None, "get"), arguments, variables or {})
    return sorted(reachable(call, list(OVERLOADS), OVERLOADS.get))


def test_families():
    assert family("VARCHAR2(30)") == family("NVARCHAR2 (10)") == "char"
    assert family("PLS_INTEGER") == family("NUMBER(8,2)") == "number"
    assert family("TIMESTAMP(6) WITH TIME ZONE") == "date"
    assert family("emp.name%TYPE") is None
    assert family("order_typ") == "other:order_typ"


def test_arguments_by_count_name_and_type():
    assert reach(["a", "b"], {"a": "BFILE", "b": "BLOB"}) == ["by_file"]
    assert reach(["a", "b"], {"a": "VARCHAR2(30)", "b": "VARCHAR2(30)"}) == ["by_name"]
    assert reach(["'x.txt'"]) == ["by_name"]                         # an exact match wins
    assert reach(["42"]) == ["by_number"]
    assert reach(["d"], {"d": "DATE"}) == ["by_name"]                # DATE converts to VARCHAR2, not to NUMBER
    assert reach(["b"], {"b": "BOOLEAN"}) == []                      # BOOLEAN converts to neither
    assert reach(["d => 'DIR'", "n => 'x'"]) == ["by_name"]          # named arguments
    assert reach(["a", "b"]) == ["by_file", "by_name"]               # types unknown: both stay
    assert reach(["a", "b", "c"]) == []


PACKAGE = """
CREATE TABLE files (name VARCHAR2(100), body BLOB);
CREATE OR REPLACE PACKAGE store AS
  FUNCTION content (f BFILE, b BLOB) RETURN BLOB;
  FUNCTION content (n VARCHAR2) RETURN BLOB;
  FUNCTION from_file (f BFILE) RETURN BLOB;
  FUNCTION from_name (n VARCHAR2) RETURN BLOB;
END store;
/
CREATE OR REPLACE PACKAGE BODY store AS
  FUNCTION content (f BFILE, b BLOB) RETURN BLOB IS
  BEGIN
    DBMS_LOB.LOADBLOBFROMFILE(b, f, 100, 1, 1);
    RETURN b;
  END;
  FUNCTION content (n VARCHAR2) RETURN BLOB IS
    r BLOB;
  BEGIN
    SELECT body INTO r FROM files WHERE name = n;
    RETURN r;
  END;
  FUNCTION from_file (f BFILE) RETURN BLOB IS
    b BLOB;
  BEGIN
    RETURN content(f, b);
  END;
  FUNCTION from_name (n VARCHAR2) RETURN BLOB IS
  BEGIN
    RETURN content(n);
  END;
END store;
/
"""


def test_caller_of_a_left_out_overload_is_blocked():
    conversion = convert_text(PACKAGE, file="p.sql")
    by_line = {o.span.line: o for o in conversion.schema_objects if o.name.schema == "store"}
    content_file, content_name, from_file, from_name = by_line[11], by_line[16], by_line[22], by_line[27]
    assert content_file.target_sql is None and content_name.target_sql is not None
    assert from_name.target_sql is not None, from_name.findings
    assert from_file.target_sql is None
    blocked = [f for f in from_file.findings if f.rule_id == "OR016"]
    assert blocked and "p.sql:11" in blocked[0].message
