"""The real SQL Server sample scripts in ../shared/corpus/sqlserver, converted (--from sqlserver) and applied to a
real PostgreSQL.

For each corpus: schema.sql applies in one pass with psql ON_ERROR_STOP; every table, index, view and foreign key
of the scripts is in the database or is left out with a finding a DBA can act on (effort manual or above);
data.sql loads and every table holds as many rows as the scripts' INSERTs carry, counted from the source text by
an independent scanner below (not by the converter). Every procedure, function and trigger converts to PL/pgSQL,
is created, and passes plpgsql_check (`sct convert --verify`); what is left out is written down per corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject, Effort, ForeignKey, Index, Table, View
from sct.converter.pipeline import Conversion, convert_paths

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@dataclass
class Corpus:
    files: list[str]
    routines: set[str] = field(default_factory=set)
    left_out: set[tuple[str, str]] = field(default_factory=set)


CORPORA = {
    "northwind": Corpus(["northwind/instnwnd.sql"], {
        "ten most expensive products", "employee sales by country", "sales by year", "custordersdetail",
        "custordersorders", "custorderhist", "salesbycategory"}),
    "pubs": Corpus(["pubs/instpubs.sql"], {"employee_insupd", "byroyalty", "reptq1", "reptq2", "reptq3"}),
    "chinook": Corpus(["chinook/Chinook_SqlServer.sql"]),
    "chinook_autoincrement": Corpus(["chinook/Chinook_SqlServer_AutoIncrementPKs.sql"]),
}
CHECKED = (Table, Index, View, ForeignKey)


def _convert(root: Path, name: str) -> Conversion:
    return convert_paths([root / "sqlserver" / f for f in CORPORA[name].files], source="sqlserver")


# --- an independent count of the rows the source INSERTs carry --------------------------------------------

_INSERT = re.compile(r"\bINSERT\s+(?:INTO\s+)?((?:(?:\[[^\]]+\]|\"[^\"]+\"|\w+)\s*\.\s*)*(?:\[[^\]]+\]|\"[^\"]+\"|\w+))",
                     re.IGNORECASE)
_GO = re.compile(r"^[ \t]*GO(?:[ \t]+(\d+))?[ \t]*$", re.IGNORECASE | re.MULTILINE)


def _blank_strings_and_comments(text: str) -> str:
    """T-SQL strings ('' doubles a quote, no backslash escapes) and comments replaced by spaces; names kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'":
            j = i + 1
            while j < n and not (text[j] == "'" and text[j + 1:j + 2] != "'"):
                j += 2 if text[j] == "'" else 1
            out.append(" " * (j + 1 - i))
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


def _table(name: str) -> str:
    last = re.split(r"\s*\.\s*", name)[-1]
    return last.strip("[]\"").lower()


def source_row_counts(path: Path) -> Counter:
    """Rows per table (lower case) carried by `INSERT [INTO] t [(cols)] VALUES (...)[, (...)]` in a script."""
    text = _blank_strings_and_comments(path.read_text(encoding="utf-8-sig"))
    counts: Counter = Counter()
    for m in _INSERT.finditer(text):
        values = re.compile(r"\bVALUES\b", re.IGNORECASE).search(text, m.end())
        if values is None:
            continue
        depth, rows, i = 0, 0, values.end()
        while i < len(text):
            ch = text[i]
            if ch == "(":
                rows += depth == 0
                depth += 1
            elif ch == ")":
                depth -= 1
            elif depth == 0 and ch not in " \t\r\n,":
                break
            i += 1
        go = _GO.search(text, i)                       # `GO n` after the batch runs it n times
        counts[_table(m.group(1))] += rows * (int(go.group(1)) if go and go.group(1) else 1)
    return counts


def test_row_counter_reads_tsql_inserts(tmp_path):
    path = tmp_path / "rows.sql"
    path.write_text("INSERT INTO [dbo].[A] ([x]) VALUES (1, N'it''s; (not) a row'),\n  (2, 'b');\n"
                    "-- INSERT INTO a VALUES (3);\ninsert \"Order Details\" values (4)\nGO\nINSERT b VALUES (5)\nGO 2\n")
    assert source_row_counts(path) == Counter({"a": 2, "order details": 1, "b": 2})


# --- the corpora -----------------------------------------------------------------------------------------

def _catalog(dsn: str) -> dict[str, set[str]]:
    with psycopg.connect(dsn) as conn:
        rel = {r[0]: r[1] for r in conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")}
        return {"table": {n for n, k in rel.items() if k == "r"}, "view": {n for n, k in rel.items() if k == "v"},
                "index": {n for n, k in rel.items() if k == "i"},
                "foreign_key": {r[0] for r in conn.execute("SELECT conname FROM pg_constraint WHERE contype = 'f'")}}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_converts_applies_and_loads(name, shared_corpus, scratch_pg, psql_apply, tmp_path):
    corpus = CORPORA[name]
    conversion = _convert(shared_corpus, name)
    schema = tmp_path / "schema.sql"
    schema.write_text(postgres.schema_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, schema)

    catalog = _catalog(scratch_pg)
    left_out, missing = set(), []
    for obj in conversion.objects:
        if not isinstance(obj, CHECKED):
            continue
        if obj.target_sql is None:
            left_out.add((obj.kind, obj.name.name))
            assert any(f.effort.rank >= Effort.MANUAL.rank for f in obj.findings), f"{obj.label}: no reason given"
            continue
        if obj.name.name not in catalog[obj.kind]:
            missing.append(obj.label)
    assert not missing, "converted but not in the database: " + "; ".join(missing)
    assert left_out == corpus.left_out
    routines = {o.name.name: o for o in conversion.objects if isinstance(o, CodeObject)}
    assert set(routines) == corpus.routines
    assert {n for n, o in routines.items() if o.target_sql is None} == set()
    assert not any(f.rule_id == "MS012" for o in routines.values() for f in o.findings)
    with psycopg.connect(scratch_pg) as conn:
        functions = {r[0] for r in conn.execute("SELECT proname FROM pg_proc p JOIN pg_namespace n ON "
                                                "n.oid = p.pronamespace WHERE n.nspname = 'public'")}
    assert {n for n in corpus.routines if not any(f == n or f.startswith(n + "_") for f in functions)} == set()

    data = tmp_path / "data.sql"
    data.write_text(postgres.data_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, data)
    expected = Counter()
    for file in corpus.files:
        expected += source_row_counts(shared_corpus / "sqlserver" / file)
    assert len(expected) >= 8 and sum(expected.values()) > 250, "the scanner found the corpus rows"
    with psycopg.connect(scratch_pg) as conn:
        loaded = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in expected}
    assert loaded == dict(expected)


def test_northwind_values_survive_the_load(shared_corpus, scratch_pg, psql_apply, tmp_path):
    """Spot values of the loaded Northwind: money, dates read under SET DATEFORMAT mdy, BIT, images, views."""
    conversion = _convert(shared_corpus, "northwind")
    psql_apply(scratch_pg, postgres.schema_script(conversion) + postgres.data_script(conversion))
    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT freight FROM orders WHERE orderid = 10248").fetchone() == (Decimal("32.3800"),)
        assert str(conn.execute("SELECT orderdate FROM orders WHERE orderid = 10248").fetchone()[0]) == \
            "1996-07-04 00:00:00"
        assert conn.execute("SELECT count(*) FROM products WHERE discontinued = 1").fetchone() == (8,)
        assert conn.execute("SELECT substr(picture, 1, 2) FROM categories WHERE categoryid = 1").fetchone() == \
            (b"\x15\x1c",)
        assert conn.execute('SELECT count(*) FROM "current product list"').fetchone() == (69,)
        assert conn.execute("SELECT salesperson FROM invoices WHERE orderid = 10248 LIMIT 1").fetchone() == \
            ("Steven Buchanan",)
        # identities continue after the loaded keys
        assert conn.execute("INSERT INTO shippers (companyname) VALUES ('x') RETURNING shipperid").fetchone() == (4,)


@pytest.mark.parametrize("name", ["northwind", "pubs"])
def test_corpus_routines_pass_plpgsql_check(name, shared_corpus, pg_dsn):
    """`sct convert --verify`: every converted routine is created and plpgsql_check finds no error in it."""
    from sct.cli import _verify

    conversion = _convert(shared_corpus, name)
    result = _verify(conversion, pg_dsn)
    assert result["failed"] == 0
    assert result["plpgsql_check"] and result["routines_checked"] >= len(CORPORA[name].routines)
    assert all(o.verification_error is None for o in conversion.objects)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_conversion_is_deterministic(name, shared_corpus):
    first, second = _convert(shared_corpus, name), _convert(shared_corpus, name)
    assert postgres.schema_script(first) == postgres.schema_script(second)
    assert postgres.data_script(first) == postgres.data_script(second)
