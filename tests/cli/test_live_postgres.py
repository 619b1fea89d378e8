"""`sct assess postgresql://...` and `sct convert postgresql://...`: a live PostgreSQL database as an inventory
(PostgreSQL to PostgreSQL: every object's target is its own definition).

What a user relies on: the assessment exits 0 and lists every object; the schema.sql applies on an empty
database in one pass, and reading that copy back gives the same schema.sql (nothing lost on the way).
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from sct import cli

FIXTURE = """
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA app;
CREATE TABLE app.customer (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email citext NOT NULL UNIQUE,
                           status text DEFAULT 'active' CHECK (status IN ('active', 'closed')),
                           code text COLLATE "C", created timestamptz DEFAULT now());
CREATE SEQUENCE app.order_no START 1000;
CREATE TABLE app.orders (id bigserial PRIMARY KEY, no bigint DEFAULT nextval('app.order_no'),
                         customer_id int REFERENCES app.customer (id) ON DELETE CASCADE, total numeric(10,2),
                         "Note" varchar(40));
CREATE INDEX ix_orders_total ON app.orders (total DESC) WHERE total > 0;
CREATE TABLE app.events (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW app.totals AS SELECT c.id, sum(o.total) AS total FROM app.customer c
                          JOIN app.orders o ON o.customer_id = c.id GROUP BY c.id;
CREATE VIEW app.big AS SELECT * FROM app.totals WHERE total > 100;
CREATE FUNCTION app.clamp() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN IF NEW.total < 0 THEN NEW.total := 0; END IF; RETURN NEW; END $$;
CREATE TRIGGER orders_clamp BEFORE INSERT ON app.orders FOR EACH ROW EXECUTE FUNCTION app.clamp();
CREATE PROCEDURE app.close_customer(cid int) LANGUAGE sql AS
  $$ UPDATE app.customer SET status = 'closed' WHERE id = cid $$;
CREATE AGGREGATE app.int_sum(int) (sfunc = int4pl, stype = int, initcond = '0');
"""

OBJECTS = {("extension", "citext"), ("table", "customer"), ("table", "orders"), ("table", "events"),
           ("table", "events_2024"), ("sequence", "order_no"), ("sequence", "orders_id_seq"),
           ("index", "ix_orders_total"), ("foreign_key", "orders_customer_id_fkey"), ("view", "totals"),
           ("view", "big"), ("function", "clamp"), ("trigger", "orders_clamp"), ("procedure", "close_customer"),
           ("aggregate", "int_sum")}


def _url(dsn: str) -> str:
    """A libpq key=value DSN as a postgresql:// URL (the form a SOURCES argument takes)."""
    params = conninfo_to_dict(dsn)
    return (f"postgresql://{params.get('user', 'root')}@{params.get('host', '127.0.0.1')}:"
            f"{params.get('port', 5432)}/{params['dbname']}")


@pytest.fixture
def shop(scratch_pg: str) -> str:
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        conn.execute(FIXTURE)
    return _url(scratch_pg)


@pytest.fixture
def empty_pg(pg_dsn: str) -> Iterator[str]:
    """A second scratch database (scratch_pg gives one per test)."""
    name = f"sct_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_conninfo(pg_dsn, dbname=name)
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def sct(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["sct", *args])
        try:
            cli.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return code, captured.out + captured.err

    return run


def test_assess_lists_every_object(shop, sct, tmp_path):
    code, output = sct("assess", shop, "-o", "assessment")
    assert code == 0, output
    report = json.loads((tmp_path / "assessment" / "report.json").read_text(encoding="utf-8"))
    assert report["source"]["dialect"] == "postgres"
    assert {(o["kind"], o["name"]) for o in report["objects"]} == OBJECTS
    assert all(o["in_target"] for o in report["objects"])
    where = shop.replace("root@", "")
    assert report["source"]["files"] == [where]
    files = {o["name"]: o["file"] for o in report["objects"]}
    assert files["close_customer"] == f"{where}/procedure/app.close_customer(IN cid integer)"
    assert files["orders_clamp"] == f"{where}/trigger/app.orders.orders_clamp"


def test_schema_applies_and_reads_back_the_same(shop, sct, tmp_path, empty_pg, psql_apply):
    code, output = sct("convert", shop, "-o", "out")
    assert code == 0, output
    psql_apply(empty_pg, tmp_path / "out" / "schema.sql")
    code, output = sct("convert", _url(empty_pg), "-o", "copy")
    assert code == 0, output

    def body(folder: str) -> str:
        text = (tmp_path / folder / "schema.sql").read_text(encoding="utf-8")
        return "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    assert body("out") == body("copy")
    assert 'code text COLLATE "C"' in body("out") or "code text COLLATE pg_catalog.\"C\"" in body("out")
    assert "ALTER SEQUENCE app.orders_id_seq OWNED BY app.orders.id;" in body("out")


def test_unknown_database_is_one_line(pg_dsn, sct):
    params = conninfo_to_dict(pg_dsn)
    missing = f"sct_missing_{uuid.uuid4().hex[:8]}"
    code, output = sct("assess", f"postgresql://{params.get('user', 'root')}@{params.get('host', '127.0.0.1')}:"
                                 f"{params.get('port', 5432)}/{missing}", "-o", "out")
    assert code == 2 and output.startswith("sct: error: cannot connect to PostgreSQL") and missing in output
    assert len(output.strip().splitlines()) == 1
