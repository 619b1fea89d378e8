"""Benchmark: convert the Oracle sample corpora end to end and compare with sqlglot parsing the same statements.

    .venv/bin/python bench/convert.py [--repeat 3] [--corpus NAME ...] [--root DIR]

For each corpus: read the scripts, split them into statements, convert (sct.converter.pipeline), render
schema.sql and data.sql (sct.converter.emit.postgres). The reference, measured in the same run on the same
machine, is `sqlglot.parse(text, read="oracle")` of each statement the converter reads (SQL*Plus commands
excluded); the ratio is our time / reference time, so it stays comparable across machines. Each timing is
the best of --repeat runs, after a small warm-up conversion. PL/SQL: the lines of the PL/SQL statements (procedures,
functions, packages, triggers, type bodies, anonymous blocks) and the time to convert those statements alone
(parse with the ANTLR grammar, build the IR, write PL/pgSQL), as lines per second. Peak memory: tracemalloc's peak during one extra (untimed) conversion of each
corpus, and the process's maximum resident set size at the end.
"""

from __future__ import annotations

import argparse
import gc
import logging
import platform
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass, replace
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from sct.converter import script as scripts
from sct.converter.emit.postgres import data_script, schema_script
from sct.converter.pipeline import convert_script, convert_text

CORPUS_ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "oracle"

# name, files in reading order (None: every script file of the folder, sorted by name), encoding, --define values.
CORPORA: list[tuple[str, list[str] | None, str, dict[str, str]]] = [
    ("human_resources", ["hr_create.sql", "hr_populate.sql", "hr_code.sql"], "utf-8", {}),
    ("customer_orders", ["co_create.sql", "co_populate.sql"], "utf-8", {}),
    ("sales_history", ["sh_create.sql", "sh_populate.sql"], "utf-8", {}),
    ("chinook", ["Chinook_Oracle.sql"], "utf-8", {}),
    ("product_media", ["pm_main.sql"], "utf-8", {}),
    # oe_main.sql picks its scripts by its 8th argument (the version, v3); oe_p_cus.sql is latin-1 and every
    # other file ASCII. ix_main.sql likewise, by its 6th argument.
    ("order_entry", ["oe_main.sql"], "latin-1", {"8": "v3"}),
    ("info_exchange", ["ix_main.sql"], "utf-8", {"6": "v3"}),
]


@dataclass
class Result:
    name: str
    files: int
    statements: int
    bytes: int
    output_bytes: int
    seconds: float
    reference_seconds: float
    reference_errors: int
    reference_commands: int
    peak_bytes: int = 0
    plsql_lines: int = 0
    plsql_seconds: float = 0.0


def convert(paths: list[Path], encoding: str, defines: dict[str, str]) -> tuple[scripts.Script, str, str]:
    """What `sct convert` does, through the Python API: read, convert, render both scripts."""
    script = scripts.read_scripts(paths, encoding=encoding, defines=defines)
    conversion = convert_script(script, "oracle", "postgres")
    return script, schema_script(conversion), data_script(conversion)


def convert_plsql(script: scripts.Script) -> int:
    """Convert only the PL/SQL statements of a script (what the code converter does); returns their lines."""
    code = [s for s in script.statements if s.kind == "plsql"]
    conversion = convert_script(replace(script, statements=code), "oracle", "postgres")
    schema_script(conversion)
    data_script(conversion)
    return sum(s.text.count("\n") + 1 for s in code)


def reference(statements: list[str]) -> tuple[int, int]:
    """sqlglot parsing the same statements: (statements it raised on, statements it kept as a bare Command)."""
    errors = commands = 0
    for text in statements:
        try:
            trees = sqlglot.parse(text, read="oracle", error_level=ErrorLevel.IGNORE)
        except SqlglotError:
            errors += 1
        else:
            commands += any(isinstance(t, exp.Command) for t in trees)
    return errors, commands


def best_of(repeat: int, work) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        value = work()
        best = min(best, time.perf_counter() - start)
    return best, value


def corpus_paths(root: Path, name: str, files: list[str] | None) -> list[Path]:
    folder = root / name
    if not folder.is_dir():
        sys.exit(f"bench: corpus folder {folder} not found")
    if files is None:
        return [folder]
    missing = [f for f in files if not (folder / f).is_file()]
    if missing:
        sys.exit(f"bench: {folder} lacks {', '.join(missing)}")
    return [folder / f for f in files]


def measure(root: Path, name: str, files: list[str] | None, encoding: str, defines: dict[str, str],
            repeat: int) -> Result:
    paths = corpus_paths(root, name, files)
    seconds, (script, schema_sql, data_sql) = best_of(repeat, lambda: convert(paths, encoding, defines))
    statements = [s.text for s in script.statements if s.kind != "sqlplus"]
    reference_seconds, (errors, commands) = best_of(repeat, lambda: reference(statements))
    size = sum(Path(f).stat().st_size for f in script.files)
    output = len(schema_sql.encode()) + len(data_sql.encode())
    result = Result(name, len(script.files), len(statements), size, output, seconds, reference_seconds, errors,
                    commands)
    result.plsql_seconds, result.plsql_lines = best_of(repeat, lambda: convert_plsql(script))
    gc.collect()
    tracemalloc.start()
    convert(paths, encoding, defines)
    result.peak_bytes = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result


def warm_up() -> None:
    """One small conversion and parse first, so that the first corpus measured does not pay for lazy set-up."""
    conversion = convert_text("CREATE TABLE t (a NUMBER(4), d DATE DEFAULT SYSDATE);\n"
                              "CREATE VIEW v AS SELECT NVL(a, 0) AS a FROM t WHERE ROWNUM <= 5;\n"
                              "INSERT INTO t (a, d) VALUES (1, TO_DATE('2024-01-31', 'YYYY-MM-DD'));\n")
    schema_script(conversion)
    data_script(conversion)
    reference(["SELECT NVL(a, 0) FROM t WHERE ROWNUM <= 5"])


def max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024     # bytes on macOS, KiB on Linux


HEADER = (f"{'corpus':<16} {'files':>5} {'stmts':>7} {'bytes':>10} {'seconds':>8} {'stmts/s':>8} {'KiB/s':>7} "
          f"{'sqlglot s':>9} {'ratio':>6} {'peak MiB':>8} {'PL/SQL lines':>12} {'lines/s':>8}")


def row(r: Result) -> str:
    rate = r.statements / r.seconds if r.seconds else float("inf")
    kib_rate = r.bytes / 1024 / r.seconds if r.seconds else float("inf")
    ratio = r.seconds / r.reference_seconds if r.reference_seconds else float("inf")
    peak = f"{r.peak_bytes / 2**20:8.1f}" if r.peak_bytes else f"{'':8}"
    return (f"{r.name:<16} {r.files:>5} {r.statements:>7} {r.bytes:>10} {r.seconds:>8.3f} {rate:>8.0f} {kib_rate:>7.0f} "
            f"{r.reference_seconds:>9.3f} {ratio:>6.2f} {peak} {r.plsql_lines:>12} "
            f"{r.plsql_lines / r.plsql_seconds if r.plsql_seconds else 0:>8.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    parser.add_argument("--corpus", action="append", choices=[c[0] for c in CORPORA],
                        help="only this corpus (repeatable)")
    parser.add_argument("--root", type=Path, default=CORPUS_ROOT, help=f"corpus folder (default {CORPUS_ROOT})")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not args.root.is_dir():
        sys.exit(f"bench: Oracle corpus folder {args.root} not found (expected the shared corpus checkout "
                 f"beside this repository, or give --root)")

    logging.getLogger("sqlglot").setLevel(logging.ERROR)    # "falling back to parsing as a Command"
    print(f"sct conversion benchmark: python {platform.python_version()}, sqlglot {sqlglot.__version__}, "
          f"best of {args.repeat}")
    print("seconds: read + convert + render schema.sql/data.sql; sqlglot s: sqlglot.parse(read='oracle') "
          "of the same statements; ratio = seconds / sqlglot s")
    warm_up()
    print(HEADER)
    results = []
    for name, files, encoding, defines in CORPORA:
        if args.corpus and name not in args.corpus:
            continue
        results.append(measure(args.root, name, files, encoding, defines, args.repeat))
        print(row(results[-1]), flush=True)
    total = Result("total", sum(r.files for r in results), sum(r.statements for r in results),
                   sum(r.bytes for r in results), sum(r.output_bytes for r in results),
                   sum(r.seconds for r in results), sum(r.reference_seconds for r in results),
                   sum(r.reference_errors for r in results), sum(r.reference_commands for r in results),
                   max(r.peak_bytes for r in results), sum(r.plsql_lines for r in results),
                   sum(r.plsql_seconds for r in results))
    print("-" * len(HEADER))
    print(row(total))
    print(f"output (schema.sql + data.sql): {total.output_bytes} bytes; reference: sqlglot raised on "
          f"{total.reference_errors} statements and read {total.reference_commands} only as a bare Command")
    print(f"PL/SQL: {total.plsql_lines} lines of PL/SQL statements converted alone in {total.plsql_seconds:.3f} s: "
          f"{total.plsql_lines / total.plsql_seconds:.0f} lines/s" if total.plsql_seconds else "PL/SQL: none")
    print(f"peak memory: tracemalloc {total.peak_bytes / 2**20:.1f} MiB (largest corpus), "
          f"max RSS {max_rss_bytes() / 2**20:.1f} MiB (whole process)")


if __name__ == "__main__":
    main()
