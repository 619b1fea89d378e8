"""TYPE BODY methods as routines of a schema named after the type (rule OR428)."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.pipeline import convert_text

TYPE = """
CREATE TYPE vec AS OBJECT (x NUMBER, y NUMBER,
  MEMBER FUNCTION dist(p_scale NUMBER) RETURN NUMBER,
  MEMBER FUNCTION bare RETURN NUMBER,
  STATIC FUNCTION origin_x RETURN NUMBER,
  MEMBER PROCEDURE shift(p_dx NUMBER),
  CONSTRUCTOR FUNCTION vec(x NUMBER) RETURN SELF AS RESULT,
  MAP MEMBER FUNCTION key RETURN NUMBER);
/
CREATE OR REPLACE TYPE BODY vec AS
  MEMBER FUNCTION dist(p_scale NUMBER) RETURN NUMBER IS
  BEGIN
    RETURN (SELF.x + SELF.y) * p_scale;
  END;
  MEMBER FUNCTION bare RETURN NUMBER IS
  BEGIN
    RETURN x;
  END;
  STATIC FUNCTION origin_x RETURN NUMBER IS
  BEGIN
    RETURN 0;
  END;
  MEMBER PROCEDURE shift(p_dx NUMBER) IS
  BEGIN
    SELF.x := SELF.x + p_dx;
  END;
  CONSTRUCTOR FUNCTION vec(x NUMBER) RETURN SELF AS RESULT IS
  BEGIN
    SELF.x := x;
    SELF.y := 0;
    RETURN;
  END;
  MAP MEMBER FUNCTION key RETURN NUMBER IS
  BEGIN
    RETURN SELF.x;
  END;
END;
/
"""


def by_name(conversion):
    return {str(o.name): o for o in conversion.objects if getattr(o, "code_kind", None) in ("function",
                                                                                             "procedure")}


def test_member_function_gets_a_self_parameter_of_the_composite_type():
    conversion = convert_text(TYPE, file="t.sql")
    routines = by_name(conversion)
    dist = routines["vec.dist"]
    assert "CREATE OR REPLACE FUNCTION vec.dist(self vec, p_scale numeric)" in dist.target_sql
    assert "RETURN (self.x + self.y) * p_scale;" in dist.target_sql
    assert "OR428" in {f.rule_id for f in dist.findings}
    assert "CREATE OR REPLACE PROCEDURE vec.shift(INOUT self vec, p_dx numeric)" in routines["vec.shift"].target_sql
    assert "FUNCTION vec.origin_x()" in routines["vec.origin_x"].target_sql
    body = next(o for o in conversion.objects if getattr(o, "code_kind", None) == "type_body")
    assert body.target_sql == "CREATE SCHEMA IF NOT EXISTS vec;"
    assert "OR012" not in {f.rule_id for o in conversion.objects for f in o.findings}


@pytest.mark.parametrize("name, reason", [("vec.bare", "without SELF."), ("vec.vec", "constructor"),
                                          ("vec.key", "MAP method")])
def test_constructor_map_and_bare_attributes_are_manual(name, reason):
    obj = by_name(convert_text(TYPE, file="t.sql"))[name]
    assert obj.target_sql is None
    assert any(f.rule_id == "OR415" and reason in f.message for f in obj.findings)


def test_member_function_runs_on_a_composite_value(scratch_pg):
    conversion = convert_text(TYPE, file="t.sql")
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        assert conn.execute("SELECT vec.dist(ROW(1, 2)::vec, 10)").fetchone()[0] == 30
        assert conn.execute("SELECT vec.origin_x()").fetchone()[0] == 0
        conn.execute("DO $$ DECLARE v vec := ROW(1, 2)::vec; BEGIN CALL vec.shift(v, 5); "
                     "CREATE TEMP TABLE shifted AS SELECT (v).x AS x; END $$")
        assert conn.execute("SELECT x FROM shifted").fetchone()[0] == 6
