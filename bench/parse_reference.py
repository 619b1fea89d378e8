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


def measure(rows: list[tuple[str, list[str], Callable[[list[str]], None]]], ours: str, repeat: int,
            root: Path) -> None:
    """Time each (name, texts, parse) row, best of `repeat`, print lines/s and the ratios of the row `ours` to
    the reference rows (names starting "ref: ")."""
    width = max(len(name) for name, _, _ in rows) + 2
    rates = {}
    print(f"{'':{width}} {'texts':>7} {'lines':>8} {'seconds':>9} {'lines/s':>9}")
    for name, texts, run in rows:
        if not texts:
            print(f"{name:{width}} (no input under {root})")
            continue
        seconds = best_time(lambda texts=texts, run=run: run(texts), repeat)
        rates[name] = lines(texts) / seconds
        print(f"{name:{width}} {len(texts):>7} {lines(texts):>8} {seconds:>9.3f} {rates[name]:>9.0f}")
    mine = rates.get(ours)
    for name, rate in rates.items():
        if mine and name.startswith("ref: "):
            print(f"ratio {ours[6:]} / {name[5:]}: {mine / rate:.2f} (lines/s)")
