"""The real Oracle sample schemas in ../shared/corpus/oracle, converted and applied to a real PostgreSQL.

For each corpus: schema.sql applies in one pass with psql ON_ERROR_STOP; every table, sequence, index, view,
materialized view, foreign key and comment of the scripts is in the database, or is left out with a finding
a DBA can act on (effort manual or above, with a message); and where the scripts load sample data, data.sql
loads and every table holds as many rows as the scripts' INSERTs carry, counted from the source text by an
independent scanner below (not by the converter).

The lists of what is left out are written down per corpus: a change that leaves out more (or less) shows up
here, and must come with an updated list and a reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import (
    Effort,
    ForeignKey,
    Index,
    MaterializedView,
    Sequence,
    Table,
    UserType,
    View,
)
from sct.converter.pipeline import Conversion, convert_paths

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@dataclass
class Corpus:
    files: list[str]
    data_files: str = r".*"     # of the files read, those whose INSERT rows must all arrive (a regex)
    encoding: str = "utf-8"
    defines: dict[str, str] = field(default_factory=dict)
    left_out: set[tuple[str, str]] = field(default_factory=set)   # (kind, name) of schema objects left out
    load_data: bool = True


CORPORA = {
    # hr_code.sql is PL/SQL (OR401-OR403); its INSERT is in a procedure body, so only hr_populate carries rows
    "human_resources": Corpus(["hr_create.sql", "hr_populate.sql", "hr_code.sql"], data_files=r"hr_populate"),
    "customer_orders": Corpus(
        ["co_create.sql", "co_populate.sql"],
        # co_populate fills PRODUCTS (46 rows) in a PL/SQL block with a variable: a DO block in data.sql (OR427)
        left_out={("view", "product_reviews")}),           # JSON_TABLE: PostgreSQL 15 has none (OR399)
    "sales_history": Corpus(
        ["sh_create.sql", "sh_populate.sql"],
        left_out={("index", "sup_text_idx")}),           # Oracle Text CONTEXT index (OR211)
    "chinook": Corpus(["Chinook_Oracle.sql"]),
    "product_media": Corpus(
        ["pm_main.sql"], load_data=False,                # its data comes from SQL*Loader files
        left_out={("foreign_key", "printmedia_fk")}),    # references oe.product_information (OR017)
    "order_entry": Corpus(
        # the data scripts (oc_cre.sql has INSERTs inside trigger and type bodies, which load nothing)
        ["oe_main.sql"], encoding="latin-1", defines={"8": "v3"}, data_files=r"oe_p_\w+|p\w+_v3|oc_popul",
        left_out={
            ("table", "customers"), ("table", "warehouses"),        # MDSYS.SDO_GEOMETRY columns (OR111)
            ("table", "categories_tab"),                            # object table (OR218)
            ("type", "order_item_list_typ"), ("type", "order_list_typ"),   # of types with REF attributes
            ("type", "customer_typ"),                               # has an ORDER_LIST_TYP attribute
            ("type", "order_item_typ"), ("type", "order_typ"),      # REF attributes (OR235)
            ("type", "subcategory_ref_list_typ"),                   # TABLE OF REF category_typ (OR235)
            ("type", "composite_category_typ"),                     # has a SUBCATEGORY_REF_LIST_TYP attribute
            ("type", "catalog_typ"), ("type", "corporate_customer_typ"),  # UNDER types left out (OR234, OR016)
            ("view", "products"),                                   # SYS_CONTEXT('USERENV', 'LANG') (OR398)
            ("view", "database_summary"), ("view", "oc_inventories"), ("view", "oc_product_information"),
            ("view", "oc_customers"), ("view", "oc_corporate_customers"), ("view", "oc_orders"),  # object views
            # what uses CUSTOMERS or WAREHOUSES or PRODUCTS (OR016)
            ("view", "sydney_inventory"), ("view", "bombay_inventory"), ("view", "toronto_inventory"),
            ("view", "account_managers"), ("view", "customers_view"),
            ("index", "whs_location_ix"), ("index", "cust_account_manager_ix"), ("index", "cust_lname_ix"),
            ("index", "cust_email_ix"), ("index", "cust_upper_name_ix"),
            ("foreign_key", "orders_customer_id_fk"), ("foreign_key", "warehouses_location_fk"),
            ("foreign_key", "customers_account_manager_fk"), ("foreign_key", "inventories_warehouses_fk"),
            ("foreign_key", "orders_sales_rep_fk"),                 # references HR's EMPLOYEES (OR016/OR017)
        }),
}

CHECKED_KINDS = (Table, Sequence, Index, View, MaterializedView, ForeignKey, UserType)


def _convert(root: Path, name: str) -> Conversion:
    corpus = CORPORA[name]
    return convert_paths([root / "oracle" / name / f for f in corpus.files], encoding=corpus.encoding,
                         defines=corpus.defines)


# --- an independent count of the rows the source INSERTs carry ------------------------------------------

_INSERT = re.compile(r'\bINSERT\s+INTO\s+(?:"?\w+"?\.)?"?(\w+)"?', re.IGNORECASE)


def _blank_strings_and_comments(text: str) -> str:
    """The text with string literals and comments replaced by spaces (same length), so scanning is safe."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'":
            j = i + 1
            while j < n and not (text[j] == "'" and (j + 1 >= n or text[j + 1] != "'")):
                j += 2 if text[j] == "'" else 1
            out.append("'" + " " * (j - i - 1) + "'")
            i = j + 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " * (j - i))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def source_row_counts(path: Path, encoding: str = "utf-8") -> Counter:
    """Rows per table carried by `INSERT INTO t [(cols)] VALUES (...)[, (...)]...;` in a script."""
    text = re.sub(r"(?im)^\s*(REM(ARK)?|PRO(MPT)?)\b.*$", "", path.read_text(encoding=encoding))
    text = _blank_strings_and_comments(text)
    counts: Counter = Counter()
    for m in _INSERT.finditer(text):
        values = re.compile(r"\bVALUES\b", re.IGNORECASE).search(text, m.end())
        if values is None:
            continue
        depth, rows, i = 0, 0, values.end()
        while i < len(text):
            ch = text[i]
            if ch == "(":
                if depth == 0:
                    rows += 1
                depth += 1
            elif ch == ")":
                depth -= 1
            elif depth == 0 and ch not in " \t\r\n,":
                break                                   # ';' or the next statement
            i += 1
        counts[m.group(1).lower()] += rows
    return counts


def test_row_counter_reads_multi_row_inserts_and_ignores_strings():
    text = ("INSERT INTO a (x, y) VALUES (1, 'it''s; (not) a row'),\n  (2, 'b');\n"
            "-- INSERT INTO a VALUES (3);\nINSERT INTO \"B\" VALUES (4);\nBEGIN INSERT INTO a VALUES (5); END;")
    path = Path(__file__).with_name("_rows.sql")
    try:
        path.write_text(text)
        assert source_row_counts(path) == Counter({"a": 3, "b": 1})
    finally:
        path.unlink()


# --- the corpora ---------------------------------------------------------------------------------------

def _catalog(dsn: str) -> dict[str, set[str]]:
    with psycopg.connect(dsn) as conn:
        rel = {r[0]: r[1] for r in conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")}
        out = {
            "table": {n for n, k in rel.items() if k in ("r", "p")},
            "view": {n for n, k in rel.items() if k == "v"},
            "materialized_view": {n for n, k in rel.items() if k == "m"},
            "index": {n for n, k in rel.items() if k == "i"},
            "sequence": {n for n, k in rel.items() if k == "S"},
            "foreign_key": {r[0] for r in conn.execute("SELECT conname FROM pg_constraint WHERE contype = 'f'")},
            "type": {r[0] for r in conn.execute(
                "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND t.typtype IN ('c', 'd') "
                "AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')")},
            "comment": {f"{r[0]}.{r[1] or ''}" for r in conn.execute(
                "SELECT c.relname, a.attname FROM pg_description d JOIN pg_class c ON c.oid = d.objoid "
                "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid "
                "WHERE d.classoid = 'pg_class'::regclass")},
        }
    return out


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_converts_and_applies(name, shared_corpus, scratch_pg, psql_apply, tmp_path):
    corpus = CORPORA[name]
    conversion = _convert(shared_corpus, name)
    schema = tmp_path / "schema.sql"
    schema.write_text(postgres.schema_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, schema)

    catalog = _catalog(scratch_pg)
    left_out, missing = set(), []
    for obj in conversion.objects:
        if not isinstance(obj, CHECKED_KINDS):
            continue
        key = (obj.kind, obj.name.name)
        if obj.target_sql is None:
            left_out.add(key)
            reasons = [f for f in obj.findings if f.effort.rank >= Effort.MANUAL.rank and f.message]
            assert reasons, f"{obj.label} at {obj.span} is left out without a finding that says why"
            continue
        found = catalog[obj.kind] if obj.kind in catalog else catalog["table"]
        if obj.name.name not in found:
            missing.append(f"{obj.label} ({obj.span})")
        if isinstance(obj, Table):
            if obj.comment is not None and f"{obj.name.name}." not in catalog["comment"]:
                missing.append(f"comment on table {obj.name.name}")
            missing += [f"comment on column {obj.name.name}.{c.name}" for c in obj.columns
                        if c.comment is not None and f"{obj.name.name}.{c.name}" not in catalog["comment"]]
    assert not missing, "converted but not in the database: " + "; ".join(missing)
    assert left_out == corpus.left_out, (
        f"left out: {sorted(left_out)}; newly left out: {sorted(left_out - corpus.left_out)}; "
        f"now converted: {sorted(corpus.left_out - left_out)}")

    if not corpus.load_data:
        return
    data = tmp_path / "data.sql"
    data.write_text(postgres.data_script(conversion), encoding="utf-8")
    created = {o.name.name for o in conversion.objects if isinstance(o, Table) and o.target_sql is not None}
    for stmt in conversion.data_statements:
        if stmt.target_sql is None:      # only statements into tables that are left out may be left out
            assert stmt.table is not None and stmt.table.name not in created, f"left out: {stmt.span}"
            assert any(f.effort.rank >= Effort.MANUAL.rank for f in stmt.findings)
    psql_apply(scratch_pg, data)
    expected: Counter = Counter()
    for file in conversion.files:
        if re.fullmatch(corpus.data_files, Path(file).stem):
            expected += source_row_counts(Path(file), corpus.encoding)
    expected = Counter({t: n for t, n in expected.items() if t in created})
    assert expected, "the scanner found no INSERT rows"
    with psycopg.connect(scratch_pg) as conn:
        loaded = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in expected}
    assert loaded == dict(expected)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_conversion_is_deterministic(name, shared_corpus):
    first, second = _convert(shared_corpus, name), _convert(shared_corpus, name)
    assert postgres.schema_script(first) == postgres.schema_script(second)
    if first.data_statements:
        assert postgres.data_script(first) == postgres.data_script(second)


def test_hr_identity_free_keys_and_sequences_continue_after_the_load(shared_corpus, scratch_pg, psql_apply,
                                                                     tmp_path):
    """hr_populate inserts explicit keys; the sequences the application uses must not collide with them."""
    conversion = _convert(shared_corpus, "human_resources")
    (tmp_path / "s.sql").write_text(postgres.schema_script(conversion), encoding="utf-8")
    (tmp_path / "d.sql").write_text(postgres.data_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, tmp_path / "s.sql")
    psql_apply(scratch_pg, tmp_path / "d.sql")
    with psycopg.connect(scratch_pg) as conn:
        # employees_seq starts at 207 in hr_create.sql, after the 107 loaded employees (100..206)
        next_id = conn.execute("SELECT nextval('employees_seq')").fetchone()[0]
        top = conn.execute("SELECT max(employee_id) FROM employees").fetchone()[0]
    assert next_id > top


def test_customer_orders_identity_columns_continue_after_the_load(shared_corpus, scratch_pg, psql_apply,
                                                                   tmp_path):
    """co_populate loads explicit identity values, then resets the identities (START WITH LIMIT VALUE)."""
    conversion = _convert(shared_corpus, "customer_orders")
    (tmp_path / "s.sql").write_text(postgres.schema_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, tmp_path / "s.sql")
    stores = [s for s in conversion.data_statements if s.table is not None and s.table.name == "stores"]
    assert stores
    body = ["BEGIN;"] + [s.target_sql for s in stores] + ["COMMIT;"]
    (tmp_path / "d.sql").write_text("\n".join(body) + "\n" + "\n".join(
        line for line in postgres.data_script(conversion).splitlines() if "'stores'" in line), encoding="utf-8")
    psql_apply(scratch_pg, tmp_path / "d.sql")
    with psycopg.connect(scratch_pg) as conn:
        new_id = conn.execute("INSERT INTO stores (store_name, web_address) VALUES ('new', 'x') "
                              "RETURNING store_id").fetchone()[0]
        top = conn.execute("SELECT max(store_id) FROM stores WHERE store_name <> 'new'").fetchone()[0]
    assert new_id == top + 1
