"""Object subtypes (CREATE TYPE ... UNDER, rule OR234), REF attributes (OR235) and the methods of subtypes (OR428),
converted and run on a real PostgreSQL."""

from __future__ import annotations

import psycopg

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject, UserType
from sct.converter.pipeline import convert_paths, convert_text
from sct.converter.verify import VerifyUnit, verify

SHAPES = """
CREATE TYPE shape_typ AS OBJECT (
  name VARCHAR2(20),
  MEMBER FUNCTION area RETURN NUMBER
) NOT INSTANTIABLE NOT FINAL;
/
CREATE TYPE circle_typ UNDER shape_typ (
  radius NUMBER(6,2),
  OVERRIDING MEMBER FUNCTION area RETURN NUMBER
) NOT FINAL;
/
CREATE TYPE ring_typ UNDER circle_typ (inner_radius NUMBER(6,2));
/
CREATE TYPE BODY circle_typ AS
  OVERRIDING MEMBER FUNCTION area RETURN NUMBER IS
  BEGIN
    RETURN 3 * SELF.radius * SELF.radius;
  END;
END;
/
CREATE TABLE rings (id NUMBER(4), r ring_typ);
INSERT INTO rings VALUES (1, ring_typ('r1', 2, 1));
"""


def by_label(conversion) -> dict:
    return {o.label: o for o in conversion.objects}


def test_a_subtype_has_its_supertypes_attributes_then_its_own():
    objects = by_label(convert_text(SHAPES, file="t.sql"))
    ring = objects["type ring_typ"]
    assert ring.target_sql == ("CREATE TYPE ring_typ AS (\n    name varchar(20),\n    radius numeric(6,2),\n"
                               "    inner_radius numeric(6,2)\n);")
    [circle] = [f for f in objects["type circle_typ"].findings if f.rule_id == "OR234"]
    assert circle.effort.name == "REVIEW"
    assert "a circle_typ value is not a shape_typ value (no substitutability, TREAT or IS OF)" in circle.message
    assert "OVERRIDING area is not dispatched dynamically: a call on a shape_typ value runs shape_typ's method" \
        in circle.message
    insert = next(s for s in convert_text(SHAPES, file="t.sql").data_statements if s.verb == "insert")
    assert insert.target_sql == "INSERT INTO rings VALUES (1, CAST(ROW('r1', 2, 1) AS ring_typ));"


def test_subtypes_and_their_methods_run_on_postgresql(scratch_pg, pg_dsn):
    conversion = convert_text(SHAPES, file="t.sql")
    assert [o.label for o in conversion.schema_objects if o.target_sql is None] == []
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        conn.execute(postgres.data_script(conversion))
        assert conn.execute("SELECT (r).name, (r).radius, (r).inner_radius FROM rings").fetchone() == ("r1", 2, 1)
        assert conn.execute("SELECT circle_typ.area(ROW('c', 2)::circle_typ)").fetchone()[0] == 12
    result = verify([VerifyUnit(o, o.target_sql) for o in conversion.ordered if o.target_sql], pg_dsn)
    assert result.failed == 0 and result.routines_checked == 1


def test_a_subtype_of_a_type_not_in_the_scripts_is_manual():
    obj = by_label(convert_text("CREATE TYPE circle_typ UNDER shape_typ (radius NUMBER);\n/\n"))["type circle_typ"]
    assert obj.target_sql is None
    assert any(f.rule_id == "OR234" and f.effort.name == "MANUAL" and "shape_typ, which is not in the scripts"
               in f.message for f in obj.findings)


def test_ref_attributes_and_collections_of_ref_are_manual_and_their_users_wait():
    objects = by_label(convert_text("""
CREATE TYPE customer_typ AS OBJECT (id NUMBER(6)) NOT FINAL;
/
CREATE TYPE order_typ AS OBJECT (id NUMBER(12), customer_ref REF customer_typ);
/
CREATE TYPE big_order_typ UNDER order_typ (priority NUMBER(1));
/
CREATE TYPE customer_refs_typ AS TABLE OF REF customer_typ;
/
CREATE TYPE vip_typ UNDER customer_typ (referred customer_refs_typ);
/
CREATE TYPE customer_typ OID '82A4AF6A4CD9656DE034080020E0EE3D';
/
""", file="t.sql"))
    order = objects["type order_typ"]
    assert order.target_sql is None
    assert [f.message for f in order.findings if f.rule_id == "OR235"] == [
        "attribute customer_ref is a REF customer_typ: PostgreSQL has no object references (REF, DEREF, SCOPE IS): "
        "store the key of the referenced row instead, and read it with a join"]
    assert any(f.rule_id == "OR235" and "collection of REF customer_typ" in f.message
               for f in objects["type customer_refs_typ"].findings)
    assert any(f.rule_id == "OR016" and "depends on type order_typ" in f.message
               for f in objects["type big_order_typ"].findings)
    assert any(f.rule_id == "OR016" and "customer_refs_typ" in f.message for f in objects["type vip_typ"].findings)
    assert objects["type customer_typ"].target_sql is not None          # the forward declaration with OID is skipped
    assert "OR012" not in {f.rule_id for o in objects.values() for f in o.findings}


def test_order_entry_category_types(shared_corpus):
    conversion = convert_paths([shared_corpus / "oracle" / "order_entry" / "oc_cre.sql"], encoding="latin-1")
    objects = {o.label: o for o in conversion.objects if isinstance(o, (CodeObject, UserType))}
    leaf = objects["type leaf_category_typ"]
    assert leaf.target_sql is not None and [a.name for a in leaf.attributes] == [
        "category_name", "category_description", "category_id", "product_ref_list"]
    describe = objects["function leaf_category_typ.category_describe"]
    assert describe.target_sql.startswith(
        "CREATE OR REPLACE FUNCTION leaf_category_typ.category_describe(self leaf_category_typ)")

    def reasons(label: str) -> list[str]:
        return [f"{f.rule_id} {f.message}" for f in objects[label].findings if f.effort.name == "MANUAL"]

    assert reasons("type subcategory_ref_list_typ")[0].startswith(
        "OR235 type subcategory_ref_list_typ is a collection of REF category_typ")
    assert reasons("type composite_category_typ") == [
        "OR016 depends on type subcategory_ref_list_typ, which is not converted (manual)"]
    assert reasons("type catalog_typ") == ["OR016 depends on type composite_category_typ, which is not converted "
                                           "(manual)"]
    assert reasons("function catalog_typ.getcatalogname") == [
        "OR016 depends on type catalog_typ, which is not converted (manual)"]
    assert reasons("trigger orders_items_trg")[0].startswith(
        "OR419 INSTEAD OF trigger on nested table column order_item_list of view oc_orders: PostgreSQL views have "
        "no nested table columns")


def test_constructors_of_sql_types_inside_plsql_become_row_and_array_casts(scratch_pg):
    import psycopg

    from sct.converter.emit import postgres
    from sct.converter.pipeline import convert_text

    conversion = convert_text("""CREATE TYPE num_list AS TABLE OF NUMBER;
/
CREATE TYPE pt AS OBJECT (x NUMBER, y NUMBER);
/
CREATE FUNCTION f RETURN NUMBER IS
  v num_list := num_list(1, 2, 3);
  p pt := pt(10, 20);
  e num_list := num_list();
BEGIN
  v := num_list(4, 5);
  RETURN v.COUNT + p.y + e.COUNT;
END;
/
""", file="c.sql")
    [f] = [o for o in conversion.schema_objects if o.name.name == "f"]
    assert "CAST(ROW(10, 20) AS pt)" in f.target_sql and "CAST(ARRAY[4, 5] AS num_list)" in f.target_sql
    assert any(x.rule_id == "OR233" for x in f.findings)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        assert conn.execute("SELECT f()").fetchone()[0] == 22         # 2 elements + 20 + an empty collection
