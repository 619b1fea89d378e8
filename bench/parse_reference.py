"""What the parse benchmarks (mysql_proc_parse.py, tsql_parse.py) share: the reference they measure against in
the same run (our PL/SQL grammar on the Oracle sample code), line counting, best-of-N timing, and sqlglot's
parse of the same texts as a floor."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import sqlglot
from sqlglot.errors import SqlglotError

from sct.converter import script as scripts
from sct.converter.procedural import build_unit, parse_plsql

CORPUS_ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ORACLE_CODE = [("human_resources", ["hr_code.sql"], "utf-8", {}),
               ("order_entry", ["oe_main.sql"], "latin-1", {"8": "v3"}),
               ("info_exchange", ["ix_main.sql"], "utf-8", {"6": "v3"})]


def plsql_units(root: Path) -> list[str]:
    """The PL/SQL units of the Oracle sample code ([] where a corpus is absent)."""
    units = []
    for name, files, encoding, defines in ORACLE_CODE:
        folder = root / "oracle" / name
        if not folder.is_dir():
            continue
        script = scripts.read_scripts([folder / f for f in files], encoding=encoding, defines=defines)
        units += [s.text for s in script.statements if s.kind == "plsql"]
    return units


def lines(texts: list[str]) -> int:
    return sum(t.count("\n") + 1 for t in texts)


def best_time(run: Callable[[], None], repeat: int) -> float:
    run()                                   # warm-up: ANTLR's prediction caches, imports
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def parse_plsql_all(texts: list[str]) -> None:
    for text in texts:
        result = parse_plsql(text)
        if result.ok:
            build_unit(result)


def parse_sqlglot_all(texts: list[str], dialect: str) -> None:
    for text in texts:
        try:
            sqlglot.parse(text, read=dialect)
        except SqlglotError:
            pass
