"""The real MySQL sample schemas in ../shared/corpus/mysql, converted (--from mysql) and applied to a real PostgreSQL.

For each corpus: schema.sql applies in one pass with psql ON_ERROR_STOP; every table, index, view and foreign key
of the scripts is in the database or is left out with a finding a DBA can act on (effort manual or above); and
where the scripts carry data, data.sql loads and every table holds as many rows as the scripts' INSERTs carry,
counted from the source text by an independent scanner below (not by the converter). What is left out is written
down per corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
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
    left_out: set[tuple[str, str]] = field(default_factory=set)
    rows: bool = True


CORPORA = {
    "chinook/Chinook_MySql.sql": Corpus(["chinook/Chinook_MySql.sql"]),
    "chinook/Chinook_MySql_AutoIncrementPKs.sql": Corpus(["chinook/Chinook_MySql_AutoIncrementPKs.sql"]),
    # employees.sql SOURCEs its data dumps, which the corpus does not have (MANIFEST.md): DDL only
    "employees": Corpus(["employees/employees.sql", "employees/objects.sql"], rows=False),
}
PROGRAMS = {"employees": {"emp_dept_id", "emp_dept_name", "emp_name", "current_manager", "show_departments",
                          "employees_usage", "employees_help"}}
# Stored programs left out, with the rule that says why (construct and line in the finding's message):
# show_departments (objects.sql:145) runs DROP TABLE / CREATE TEMPORARY TABLE and returns a result set;
# employees_help (objects.sql:221) returns a result set (SELECT without INTO), which PostgreSQL procedures cannot.
PROGRAMS_LEFT_OUT = {"employees": {"show_departments": "MY415", "employees_help": "MY416"}}
CHECKED = (Table, Index, View, ForeignKey)


def _convert(root: Path, name: str) -> Conversion:
    return convert_paths([root / "mysql" / f for f in CORPORA[name].files], source="mysql")


# --- an independent count of the rows the source INSERTs carry --------------------------------------------

_INSERT = re.compile(r"\b(?:INSERT|REPLACE)\s+(?:IGNORE\s+)?INTO\s+`?(\w+)`?", re.IGNORECASE)


def _blank_strings_and_comments(text: str) -> str:
    """Strings (with MySQL backslash escapes) and comments replaced by spaces, so scanning is safe."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = i + 1
            while j < n:
                if text[j] == "\\":
                    j += 2
                elif text[j] == ch and j + 1 < n and text[j + 1] == ch:
                    j += 2
                elif text[j] == ch:
                    break
                else:
                    j += 1
            out.append(" " * (j + 1 - i))
            i = j + 1
        elif text.startswith("-- ", i) or ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i) and not text.startswith("/*!", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " * (j - i))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def source_row_counts(path: Path) -> Counter:
    """Rows per table (lower case) carried by `INSERT INTO t [(cols)] VALUES (...), (...);` in a script."""
    text = _blank_strings_and_comments(path.read_text(encoding="utf-8"))
    counts: Counter = Counter()
    for m in _INSERT.finditer(text):
        values = re.compile(r"\bVALUES?\b", re.IGNORECASE).search(text, m.end())
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
        counts[m.group(1).lower()] += rows
    return counts


def test_row_counter_reads_multi_row_inserts_and_mysql_strings(tmp_path):
    path = tmp_path / "rows.sql"
    path.write_text("INSERT INTO `A` (x) VALUES (1, 'it\\'s; (not) a row'),\n  (2, 'b');\n"
                    "-- INSERT INTO a VALUES (3);\n# INSERT INTO a VALUES (3);\nINSERT INTO b VALUES (4);")
    assert source_row_counts(path) == Counter({"a": 2, "b": 1})


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
def test_corpus_converts_and_applies(name, shared_corpus, scratch_pg, psql_apply, tmp_path):
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
    programs = {o.name.name for o in conversion.objects if isinstance(o, CodeObject)}
    assert programs == PROGRAMS.get(name, set())
    left_out_programs = {o.name.name: [f.rule_id for f in o.findings if f.effort.rank >= Effort.MANUAL.rank]
                         for o in conversion.objects if isinstance(o, CodeObject) and o.target_sql is None}
    assert {n: ids[0] for n, ids in left_out_programs.items()} == PROGRAMS_LEFT_OUT.get(name, {})
    converted = programs - set(left_out_programs)
    with psycopg.connect(scratch_pg, autocommit=True) as conn:
        assert converted <= {r[0] for r in conn.execute("SELECT proname FROM pg_proc p JOIN pg_namespace n "
                                                        "ON n.oid = p.pronamespace WHERE n.nspname = 'public'")}
        conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
        errors = conn.execute("SELECT p.proname, c.message FROM pg_proc p "
                              "CROSS JOIN LATERAL plpgsql_check_function_tb(p.oid) c "
                              "WHERE p.pronamespace = 'public'::regnamespace AND p.prolang = "
                              "(SELECT oid FROM pg_language WHERE lanname = 'plpgsql') AND c.level = 'error'").fetchall()
    assert errors == []

    if not corpus.rows:
        return
    data = tmp_path / "data.sql"
    data.write_text(postgres.data_script(conversion), encoding="utf-8")
    psql_apply(scratch_pg, data)
    expected = Counter()
    for file in corpus.files:
        expected += source_row_counts(shared_corpus / "mysql" / file)
    assert sum(expected.values()) > 15000, "the scanner found the chinook rows"
    with psycopg.connect(scratch_pg) as conn:
        loaded = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in expected}
        # identities continue after the loaded keys: a new row gets max + 1
        if "autoincrement" in name.lower():
            new = conn.execute("INSERT INTO genre (name) VALUES ('x') RETURNING genreid").fetchone()[0]
            assert new == expected["genre"] + 1
    assert loaded == dict(expected)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_conversion_is_deterministic(name, shared_corpus):
    first, second = _convert(shared_corpus, name), _convert(shared_corpus, name)
    assert postgres.schema_script(first) == postgres.schema_script(second)
    assert postgres.data_script(first) == postgres.data_script(second)
