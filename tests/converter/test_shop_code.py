"""Our own example's PL/SQL (corpus/oracle/shop/shop_code.sql), converted and run on a real PostgreSQL.

The package order_api, the function loyalty_tier and two triggers must all convert, apply with the rest of the
shop schema and its data, pass plpgsql_check, and behave as the Oracle code does: the values returned, the
rows written, and the errors raised (RAISE_APPLICATION_ERROR numbers kept in the message and as stable
SQLSTATEs, NO_DATA_FOUND turned into the package's exception).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject
from sct.converter.pipeline import convert_paths
from sct.converter.procedural.conditions import application_error_sqlstate, user_exception_sqlstate

pytestmark = pytest.mark.postgres

SHOP = Path(__file__).resolve().parents[2] / "corpus" / "oracle" / "shop"


@pytest.fixture(scope="module")
def conversion():
    return convert_paths([SHOP], install_order=SHOP / "install.sql")


@pytest.fixture
def shop(conversion, scratch_pg) -> str:
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(postgres.schema_script(conversion))
        conn.execute(postgres.data_script(conversion))
    return scratch_pg


def test_every_code_object_converts(conversion):
    code = {o.label: o for o in conversion.schema_objects if isinstance(o, CodeObject)}
    left_out = {label: [f.message for f in o.findings if f.effort.name in ("MANUAL", "BLOCKER")]
                for label, o in code.items() if o.target_sql is None}
    assert left_out == {}
    assert {"function loyalty_tier", "trigger orders_status_trg", "trigger customers_points_trg",
            "procedure order_api.place_order", "procedure order_api.reprice_open_orders",
            "function order_api.summary", "function order_api.customer_orders"} <= set(code)


def test_every_routine_passes_plpgsql_check(shop):
    with psycopg.connect(shop, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
        routines = conn.execute("""
            SELECT p.oid::regprocedure::text, p.prorettype = 'trigger'::regtype
              FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
             WHERE l.lanname = 'plpgsql'
               AND p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
        """).fetchall()
        triggers = dict(conn.execute("""
            SELECT t.tgfoid::regprocedure::text, t.tgrelid::regclass::text FROM pg_trigger t WHERE NOT t.tgisinternal
        """).fetchall())
        errors = {}
        for routine, is_trigger in routines:
            relation = triggers.get(routine) if is_trigger else None
            rows = conn.execute(
                "SELECT level, message FROM plpgsql_check_function_tb(%s::regprocedure, "
                "coalesce(%s::regclass, 0), fatal_errors => false)", (routine, relation)).fetchall()
            found = [m for level, m in rows if level == "error"]
            if found:
                errors[routine] = found
    assert len(routines) >= 9
    assert errors == {}


def call_procedure(conn, text: str, *args):
    return conn.execute(text, args).fetchone()


def test_place_order_writes_the_order_and_prices_its_lines(shop):
    with psycopg.connect(shop, autocommit=True) as conn:
        (order_id,) = call_procedure(conn, "CALL order_api.place_order(%s, ARRAY[1, 2, 2]::numeric[], NULL)", 2)
        lines = conn.execute("SELECT line_no, product_id, quantity, unit_price FROM order_items "
                             "WHERE order_id = %s ORDER BY line_no", (order_id,)).fetchall()
        assert lines == [(1, 1, 1, Decimal("49.90")), (2, 2, 1, Decimal("19.99")), (3, 2, 1, Decimal("19.99"))]
        assert conn.execute("SELECT order_api.order_total(%s)", (order_id,)).fetchone()[0] == Decimal("89.88")
        assert conn.execute("SELECT customer_id, status FROM orders WHERE order_id = %s",
                            (order_id,)).fetchone() == (2, "NEW")


def test_errors_raised_as_oracle_raises_them(shop):
    with psycopg.connect(shop, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as unknown:
            conn.execute("CALL order_api.place_order(1, ARRAY[999]::numeric[], NULL)")
        assert unknown.value.sqlstate == application_error_sqlstate(-20011)
        assert "unknown product in order for customer 1" in str(unknown.value)
        assert conn.execute("SELECT count(*) FROM orders WHERE customer_id = 1").fetchone()[0] == 1  # rolled back

        with pytest.raises(psycopg.Error) as too_many:
            conn.execute("CALL order_api.place_order(1, array_fill(1, ARRAY[51])::numeric[], NULL)")
        assert too_many.value.sqlstate == application_error_sqlstate(-20010)
        assert "too many lines: 51" in str(too_many.value)

        with pytest.raises(psycopg.Error) as missing:
            conn.execute("SELECT order_api.summary(424242)")
        assert missing.value.sqlstate == user_exception_sqlstate("ORDER_API.ORDER_NOT_FOUND")


def test_summary_record_and_cancel(shop):
    with psycopg.connect(shop, autocommit=True) as conn:
        row = conn.execute("SELECT (s).order_id, (s).items, (s).total FROM (SELECT order_api.summary(1) AS s) x")
        assert row.fetchone() == (1, 2, Decimal("119.79"))
        conn.execute("CALL order_api.cancel_order(1)")
        assert conn.execute("SELECT status FROM orders WHERE order_id = 1").fetchone()[0] == "CANCELLED"
        with pytest.raises(psycopg.Error) as again:
            conn.execute("CALL order_api.cancel_order(1)")
        assert again.value.sqlstate == application_error_sqlstate(-20012)
        assert "order 1 cannot be cancelled" in str(again.value)


def test_reprice_open_orders_updates_only_new_orders(shop):
    with psycopg.connect(shop, autocommit=True) as conn:
        (first,) = call_procedure(conn, "CALL order_api.place_order(1, ARRAY[2]::numeric[], NULL)")
        (second,) = call_procedure(conn, "CALL order_api.place_order(2, ARRAY[2, 1]::numeric[], NULL)")
        conn.execute("UPDATE products SET unit_price = 25 WHERE product_id = 2")
        (changed,) = call_procedure(conn, "CALL order_api.reprice_open_orders(2, NULL)")
        assert changed == 2                                   # SQL%ROWCOUNT after FORALL: every row of every run
        prices = conn.execute("SELECT order_id, product_id, unit_price FROM order_items WHERE product_id = 2 "
                              "ORDER BY order_id").fetchall()
        assert prices == [(1, 2, Decimal("19.99")),           # order 1 is PAID: not repriced
                          (first, 2, Decimal("25.00")), (second, 2, Decimal("25.00"))]
        (none,) = call_procedure(conn, "CALL order_api.reprice_open_orders(1, NULL)")
        assert none == 1                                      # product 1 is on the second order only


def test_ref_cursor_and_triggers(shop):
    with psycopg.connect(shop) as conn:
        cursor = conn.execute("SELECT order_api.customer_orders(1)").fetchone()[0]
        assert conn.execute(f'FETCH ALL FROM "{cursor}"').fetchall() == [(1, "PAID")]
        conn.commit()
    with psycopg.connect(shop, autocommit=True) as conn:
        conn.execute("UPDATE orders SET status = 'SHIPPED' WHERE order_id = 1")
        assert conn.execute("SELECT shipped_at IS NOT NULL FROM orders WHERE order_id = 1").fetchone()[0]
        with pytest.raises(psycopg.Error) as back:
            conn.execute("UPDATE orders SET status = 'NEW' WHERE order_id = 1")
        assert back.value.sqlstate == application_error_sqlstate(-20020)
        assert "order 1 is SHIPPED" in str(back.value)
        conn.execute("UPDATE customers SET loyalty_points = -5 WHERE customer_id = 1")
        assert conn.execute("SELECT loyalty_points, loyalty_tier(loyalty_points) FROM customers "
                            "WHERE customer_id = 1").fetchone() == (0, "BRONZE")
        assert conn.execute("SELECT loyalty_tier(150), loyalty_tier(5000)").fetchone() == ("SILVER", "GOLD")
