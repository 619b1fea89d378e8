"""`sct convert --from sqlserver` never crashes, whatever the file: every GO batch of the SQL Server corpora
(../shared/corpus/sqlserver) and the T-SQL samples of the tests/converter/test_tsql_*.py modules, mutated in
deterministic ways (truncated at several points, a token deleted, a line duplicated, a parenthesis or a quote
unbalanced, a stray keyword inserted, invalid UTF-8 bytes, UTF-16 without a byte-order mark), and the degenerate
files (empty, only GO, only blanks), each converted on its own.

What is asserted, for every file: no Python traceback in the output, exit code 0 or the documented input-error
code 2 (3 is sct's "internal error": a crash, reported without a traceback), on exit 2 a one-line message that
names the file (and the line for a byte that is not UTF-8), on exit 0 a report.json whose findings name our
file and a line inside it (so an unparsable batch, MS010, is found by file:line). Procedures, functions and
triggers also go through the routine grammar (parse_tsql_routine + build_tsql_unit), which the CLI does not
use yet: it must return errors at file:line:column, never raise.

The CLI runs in-process through `sct.cli.main()` (the installed script's code path, as tests/cli does); a few
degenerate files also through the installed `sct` in a subprocess. The default selection (routine, DDL and
small batches, every mutation) takes about 30 s; the whole corpus, big data batches included, is marked slow.
A crash found here is not fixed here: its smallest input goes into KNOWN_CRASHES with an xfail(strict=True)
case, so that the fix makes that case fail and the entry is removed.
"""

from __future__ import annotations

import ast
import hashlib
import json
import random
import re
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from sct import cli
from sct.converter import tsql_script
from sct.converter.pipeline import convert_paths
from sct.converter.procedural_tsql import build_tsql_unit, parse_tsql_routine

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "sqlserver"
SAMPLE_MODULES = sorted(Path(__file__).parent.glob("test_tsql_*.py"))
SCT = Path(sys.executable).parent / "sct"
SEED = 20240611
INPUT_ERROR = 2         # sct.errors.SctError.exit_code: a bad input, reported on one line
SMALL = 6000            # characters: a corpus batch the default (not slow) run may pick
CORPUS_PICKS = 80
STRAY_KEYWORDS = ("END", "BEGIN", "ELSE", "CASE", "SELECT", "MERGE", "WITH", "RETURN", "END CATCH", "BEGIN TRY",
                  "GO", "AS", "CREATE PROCEDURE x AS", "DECLARE", "FETCH", "INSERT", ";", ")", "@@", "N'", "[")
_ROUTINE = re.compile(r"(?is)^(?:\s|--[^\n]*\n|/\*.*?\*/)*(create(\s+or\s+alter)?|alter)\s+"
                      r"(proc|procedure|function|trigger)\b")
_STATEMENT_START = re.compile(r"(?is)^\s*(create|alter|insert|update|delete|merge|select|set|declare|with|exec|"
                              r"if|begin|drop|print|raiserror|throw|;)\b")
_TOKEN = re.compile(r"\[[^\]\n]*\]|'(?:[^']|'')*'|\w+|[^\w\s]")

# Crashes found by this test and not fixed yet: (name, smallest input, a pattern of its traceback). The mutation
# tests tolerate a crash whose traceback matches one; test_known_crash_reproducers holds each to xfail(strict),
# so the fix makes it fail: then remove the entry.
KNOWN_CRASHES: list[tuple[str, bytes, str]] = []
# Crashes found here and fixed since: their smallest inputs stay as cases that must convert.
FIXED_CRASHES: list[tuple[str, bytes]] = [
    ("non_ascii_letter_outside_a_string", "é".encode()),        # tsql_script._words read ASCII words only
    ("non_ascii_table_name", "CREATE TABLE Ünits (a int)\nGO\n".encode()),
]


# --- inputs ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Batch:
    name: str           # where it comes from: corpus file and line, or test module and line
    text: str

    @property
    def is_routine(self) -> bool:
        return _ROUTINE.match(self.text) is not None


def corpus_batches() -> list[Batch]:
    """Every GO batch of the corpus scripts, each text once (the two Chinook scripts share most of theirs)."""
    out, seen = [], set()
    for path in sorted(CORPUS.glob("*/*.sql")):
        text = tsql_script.decode(path.read_bytes(), str(path)).removeprefix("\ufeff")
        for start, end, _count in tsql_script._batches(text):
            batch = text[start:end].strip("\r\n")
            if batch.strip() and batch not in seen:
                seen.add(batch)
                out.append(Batch(f"{path.parent.name}/{path.name}:{text.count(chr(10), 0, start) + 1}", batch))
    return out


def sample_batches() -> list[Batch]:
    """The T-SQL string constants of the tests/converter/test_tsql_*.py modules that read as statements."""
    out, seen = [], set()
    for module in SAMPLE_MODULES:
        if module.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 12
                    and _STATEMENT_START.match(node.value) and node.value not in seen):
                seen.add(node.value)
                out.append(Batch(f"{module.name}:{node.lineno}", node.value))
    return out


CORPUS_BATCHES = corpus_batches() if CORPUS.is_dir() else []
SAMPLES = sample_batches()


# (batch, which of a mutation's files): the default run mutates every sample once per kind, and the corpus
# routines and CORPUS_PICKS other small corpus batches (a seeded choice) in every way; the slow run does the rest.
Selection = list[tuple[Batch, slice]]


def selections() -> tuple[Selection, Selection]:
    """(default, slow)."""
    routines = [b for b in CORPUS_BATCHES if b.is_routine]
    others = [b for b in CORPUS_BATCHES if not b.is_routine and len(b.text) < SMALL]
    picks = random.Random(SEED).sample(others, min(CORPUS_PICKS, len(others)))
    rest = [b for b in CORPUS_BATCHES if b not in routines and b not in picks]
    default = [(b, slice(None)) for b in routines + picks] + [(b, slice(0, 1)) for b in SAMPLES]
    slow = [(b, slice(None)) for b in rest] + [(b, slice(1, None)) for b in SAMPLES]
    return default, slow


DEFAULT, SLOW = selections()


def rng(kind: str, batch: Batch) -> random.Random:
    return random.Random(f"{SEED}:{kind}:{batch.name}:{hashlib.sha1(batch.text.encode()).hexdigest()}")


# --- mutations: (kind, batch) -> bytes of a whole file ---------------------------------------------------------

def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _boundaries(text: str) -> list[int]:
    return [m.start() for m in _TOKEN.finditer(text)] or [0]


def truncate(batch: Batch) -> Iterator[bytes]:
    """The batch cut at a quarter, half, three quarters, and one character before its end."""
    n = len(batch.text)
    for cut in sorted({n // 4, n // 2, 3 * n // 4, max(n - 1, 0)}):
        yield _utf8(batch.text[:cut])


def delete_token(batch: Batch) -> Iterator[bytes]:
    r = rng("delete", batch)
    tokens = list(_TOKEN.finditer(batch.text))
    for match in r.sample(tokens, min(2, len(tokens))):
        yield _utf8(batch.text[:match.start()] + batch.text[match.end():])


def duplicate_line(batch: Batch) -> Iterator[bytes]:
    lines = batch.text.split("\n")
    k = rng("duplicate", batch).randrange(len(lines))
    yield _utf8("\n".join(lines[:k + 1] + lines[k:]))


def unbalance_parenthesis(batch: Batch) -> Iterator[bytes]:
    r, text = rng("paren", batch), batch.text
    closes = [k for k, ch in enumerate(text) if ch == ")"]
    if closes:
        k = r.choice(closes)
        yield _utf8(text[:k] + text[k + 1:])
    k = r.choice(_boundaries(text))
    yield _utf8(text[:k] + "(" + text[k:])


def unbalance_quote(batch: Batch) -> Iterator[bytes]:
    r, text = rng("quote", batch), batch.text
    for quote in ("'", "[", '"'):
        k = r.choice(_boundaries(text))
        yield _utf8(text[:k] + quote + text[k:])


def stray_keyword(batch: Batch) -> Iterator[bytes]:
    r, text = rng("keyword", batch), batch.text
    for _ in range(2):
        k = r.choice(_boundaries(text))
        yield _utf8(text[:k] + r.choice(STRAY_KEYWORDS) + " " + text[k:])


def invalid_utf8(batch: Batch) -> Iterator[bytes]:
    """Bytes that are not UTF-8 after a line break in the middle (not at the start: FF FE is UTF-16's BOM)."""
    data, r = _utf8(batch.text), rng("utf8", batch)
    breaks = [k + 1 for k, b in enumerate(data) if b == 0x0A] or [len(data)]
    k = r.choice(breaks)
    yield data[:k] + r.choice((b"\xff", b"\xc3\x28", b"\xe2\x82", b"\x80abc")) + data[k:]


def utf16_without_bom(batch: Batch) -> Iterator[bytes]:
    yield batch.text.encode("utf-16-le")
    yield batch.text.encode("utf-16-be")


MUTATIONS: dict[str, Callable[[Batch], Iterator[bytes]]] = {
    "truncate": truncate, "delete_token": delete_token, "duplicate_line": duplicate_line,
    "unbalance_parenthesis": unbalance_parenthesis, "unbalance_quote": unbalance_quote,
    "stray_keyword": stray_keyword, "invalid_utf8": invalid_utf8, "utf16_without_bom": utf16_without_bom,
}

DEGENERATE: dict[str, bytes] = {
    "empty": b"", "only_go": b"GO\n", "only_go_no_newline": b"GO", "go_lines": b"GO\r\nGO 3\r\n go \r\n",
    "blanks": b" \n\t\r\n", "only_comment": b"/* unterminated\nGO\n", "utf8_bom_only": b"\xef\xbb\xbf",
    "utf16_bom_only": b"\xff\xfe", "utf16_bom_odd_length": b"\xff\xfeG\x00O", "nul_bytes": b"\x00\x00GO\n\x00",
    "only_semicolons": b";;;\nGO\n;", "go_in_string": b"SELECT 'a\nGO\nb'\nGO\n",
}


# --- running the CLI -------------------------------------------------------------------------------------------

COMMAND = typer.main.get_command(cli.app)   # cli.main() calls app(), which builds this click command each time

@dataclass
class Run:
    code: int
    output: str
    path: Path
    out: Path


@pytest.fixture
def convert(tmp_path, monkeypatch, cli_in_process) -> Callable[[bytes, str], Run]:
    """`convert(data, name)`: write data to a .sql file, run `sct convert FILE --from sqlserver -o DIR` through
    cli.main() in-process; the exit code and stdout + stderr."""
    counter = iter(range(10**9))
    monkeypatch.setattr(cli, "app", COMMAND)      # what app() builds on each call, built once

    def run(data: bytes, name: str) -> Run:
        k = next(counter)
        path, out = tmp_path / f"case{k}.sql", tmp_path / f"out{k}"
        path.write_bytes(data)
        code, stdout, stderr = cli_in_process("convert", str(path), "--from", "sqlserver", "-o", str(out))
        return Run(code, stdout + stderr, path, out)

    return run


def crash_traceback(path: Path) -> str:
    """The traceback cli.main() hides: the same conversion through the Python API."""
    try:
        convert_paths([path], source="sqlserver")
    except Exception:
        return traceback.format_exc()
    return "(no exception through convert_paths)"


def known_crash(trace: str) -> str | None:
    for name, _data, pattern in KNOWN_CRASHES:
        if re.search(pattern, trace):
            return name
    return None


def problems(run: Run, data: bytes) -> list[str]:
    """What is wrong with one run: a traceback, an undocumented exit code, a message or finding without its
    file:line."""
    found = []
    if "Traceback" in run.output:
        found.append(f"traceback in the output:\n{run.output}")
    if run.code == 3 or "internal error" in run.output:
        trace = crash_traceback(run.path)
        if known_crash(trace) is None:
            found.append(f"crash (exit {run.code}): {run.output.strip()}\n{trace}")
        return found
    if run.code == INPUT_ERROR:
        message = run.output.strip()
        if not message.startswith("sct: error: ") or "\n" in message or str(run.path) not in message:
            found.append(f"exit 2 without a one-line message naming the file: {message!r}")
        elif "not valid" in message and not re.search(rf"{re.escape(str(run.path))}:\d+: ", message) \
                and "byte-order mark" not in message:
            found.append(f"an encoding error without the line: {message!r}")
        return found
    if run.code != 0:
        return found + [f"exit {run.code}: {run.output.strip()}"]
    lines = data.count(b"\n") + 1
    document = json.loads((run.out / "report.json").read_text(encoding="utf-8"))
    findings = ([f for o in document["objects"] for f in o["findings"]] + document["script_findings"]
                + [f for o in document["data_statements_needing_work"] for f in o["findings"]])
    for finding in findings:
        file, line = finding.get("file"), finding.get("line")
        if file != str(run.path) or not isinstance(line, int) or not 1 <= line <= lines:
            found.append(f"finding {finding['rule_id']} at {file}:{line}, not a line of the file "
                         f"({lines} lines): {finding['message'][:200]}")
    return found


def routine_problems(data: bytes, name: str) -> list[str]:
    """A routine's text through the grammar: errors at file:line:column inside the text, or an IR; no exception."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    lines = text.count("\n") + 1
    try:
        result = parse_tsql_routine(text, "r.sql", 0)
        if result.ok:
            build_tsql_unit(result)
            return []
    except Exception:
        return [f"parse_tsql_routine/build_tsql_unit raised:\n{traceback.format_exc()}"]
    return [f"error outside the text ({lines} lines): {e}" for e in result.errors
            if e.file != "r.sql" or not 1 <= e.line <= lines or e.column < 1]


def check(convert, selection: Selection, kind: str) -> None:
    failures, files_run = [], 0
    for batch, which in selection:
        files = list(enumerate(MUTATIONS[kind](batch)))[which]
        for n, data in files:
            where = f"{kind}#{n} of {batch.name}"
            run, files_run = convert(data, where), files_run + 1
            failures += [f"{where}: {p}" for p in problems(run, data)]
            if batch.is_routine and kind not in ("invalid_utf8", "utf16_without_bom"):
                failures += [f"{where}: {p}" for p in routine_problems(data, where)]
    assert not failures, f"{len(failures)} failures; the first:\n" + "\n\n".join(failures[:5])
    if not files_run and not CORPUS.is_dir():
        pytest.skip(f"no {kind} mutation left for this selection without {CORPUS} (the samples ran in the fast "
                    "selection)")
    assert files_run, "nothing was mutated"


# --- tests -----------------------------------------------------------------------------------------------------

def test_the_inputs_are_there():
    """The samples are found (the corpus only when present), and each batch list has no duplicates."""
    assert len(SAMPLES) > 40
    assert any(b.is_routine for b in SAMPLES)
    if CORPUS.is_dir():
        assert len(CORPUS_BATCHES) > 200 and sum(b.is_routine for b in CORPUS_BATCHES) >= 12


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_files(convert, name):
    data = DEGENERATE[name]
    run = convert(data, name)
    assert not problems(run, data), problems(run, data)


@pytest.mark.parametrize("name", ["empty", "only_go", "nul_bytes"])
def test_degenerate_files_through_the_installed_script(tmp_path, name):
    path = tmp_path / f"{name}.sql"
    path.write_bytes(DEGENERATE[name])
    done = subprocess.run([str(SCT), "convert", str(path), "--from", "sqlserver", "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode in (0, INPUT_ERROR), done.stdout + done.stderr


def test_invalid_utf8_is_an_input_error_at_its_line_through_the_installed_script(tmp_path):
    path = tmp_path / "bad.sql"
    path.write_bytes(b"CREATE TABLE t (a int)\nGO\nINSERT INTO t VALUES (1) -- \xff\nGO\n")
    done = subprocess.run([str(SCT), "convert", str(path), "--from", "sqlserver", "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == INPUT_ERROR and "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith(f"sct: error: {path}:3: byte 0xff is not valid utf-8"), done.stderr


def test_an_unparsable_batch_is_reported_at_its_line(convert):
    data = b"CREATE TABLE t (a int)\nGO\n\nCREATE TABLE u (a int WIBBLE (\nGO\nCREATE TABLE v (a int)\nGO\n"
    run = convert(data, "unparsable")
    assert run.code == 0 and not problems(run, data), run.output
    document = json.loads((run.out / "report.json").read_text(encoding="utf-8"))
    findings = [f for o in document["objects"] for f in o["findings"]] + document["script_findings"]
    assert [(f["file"], f["line"]) for f in findings if f["rule_id"] == "MS010"] == [(str(run.path), 4)]


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_mutated_batches_do_not_crash(convert, kind):
    check(convert, DEFAULT, kind)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_every_mutated_batch_does_not_crash(convert, kind):
    """What the default run leaves out: the other corpus batches (the data batches of up to 600 kB too) and the
    samples' other mutated files."""
    check(convert, SLOW, kind)


def test_corpus_absent_is_said():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent: only the tests' own samples were mutated (the shared corpus is not "
                    "checked out beside the repository)")


@pytest.mark.parametrize("name, data, pattern",
                         [pytest.param(*crash, id=crash[0], marks=pytest.mark.xfail(
                             strict=True, reason=f"known crash, not fixed yet: {crash[0]}")) for crash in KNOWN_CRASHES]
                         or [pytest.param("none", b"", "", marks=pytest.mark.skip(reason="no known crash"))])
def test_known_crash_reproducers(convert, name, data, pattern):
    """Each known crash's smallest input converts without crashing (xfail until the converter is fixed)."""
    run = convert(data, name)
    assert run.code in (0, INPUT_ERROR) and "internal error" not in run.output, run.output


@pytest.mark.parametrize("name, data", FIXED_CRASHES, ids=[c[0] for c in FIXED_CRASHES])
def test_fixed_crash_reproducers(convert, name, data):
    """Inputs that once crashed the converter convert (or are an input error) without an internal error."""
    run = convert(data, name)
    assert run.code in (0, INPUT_ERROR) and "internal error" not in run.output, run.output
