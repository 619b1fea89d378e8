"""Benchmark: PL/SQL -> PL/pgSQL, the share of routines and triggers that pass plpgsql_check, sct against Ora2Pg.

    .venv/bin/python bench/compare_ora2pg.py [--corpus NAME ...] [--root DIR] [--tools sct,ora2pg] [--repeat 3]
                                             [--details] [--postgres DSN] [--ora2pg PROGRAM] [--sct PROGRAM]
                                             [--keep] [--json FILE]

Ora2Pg (GPL) is never imported or required by sct: it runs as an external program when it is installed
(Debian/Ubuntu: `apt-get install ora2pg`; the issue names 23.2, which Debian 12 ships). Without it only sct is
measured and the exit status is 1.

1. Input. The Oracle sample corpora (../shared/corpus/oracle, the files, encodings and SQL*Plus defines of
   bench/convert.py) are read with sct's own SQL*Plus script reader (converter/script.py `read_scripts`,
   includes followed in install order). Every PL/SQL statement that is a CREATE [OR REPLACE] PROCEDURE, FUNCTION,
   PACKAGE, PACKAGE BODY, TYPE BODY or TRIGGER is a code unit; when the scripts define the same unit twice, the
   last definition counts (as on Oracle). Type specs are schema, not code units; anonymous blocks are not units.
2. What is counted ("units"), the same for both tools:
   - a standalone procedure or function: 1;
   - a package body: each procedure and function of the body that has a body (public and private; overloads
     each count; forward declarations and nested subprograms do not); a package spec alone counts 0, but it is
     given to both tools, since its constants and types are used by the bodies;
   - a type body: each member/static/constructor method with a body;
   - a trigger: 1.
   The routines are counted from the PL/SQL parse tree (converter/procedural: parse_plsql, build_unit).
3. Conversion (the times are wall clock, process start-up included, the best of --repeat runs):
   - Ora2Pg: the code units are written to one file per kind (PROCEDURE.sql, FUNCTION.sql, PACKAGE.sql with
     the specs and bodies in source order, TYPE.sql with the type bodies, TRIGGER.sql; each unit followed by a
     '/' line) and converted offline, one run per kind:
     `ora2pg -c ora2pg.conf -t KIND -i KIND.sql -b outdir/KIND -o out.sql -q`, where ora2pg.conf holds only
     `PG_VERSION <the server's major version>` and `PLSQL_PGSQL 1` (every other setting is Ora2Pg's default;
     no Oracle connection is made). Its output is outdir/KIND/out.sql (and any other .sql file written there).
   - sct: `sct convert <the corpus files> -o out --encoding ... --define ...`, the whole corpus in install order,
     as a user runs it (so sct sees the tables its code uses). Its output is the target_sql of the code objects
     of report.json (kinds procedure, function, package, package_body, type_body, trigger), in the order they
     have in schema.sql. The time reported for sct, and its PL/SQL lines/s, are of a second run,
     `sct convert <the same per-kind files Ora2Pg gets>`: the same input for both tools. The whole-corpus time
     (tables, views and data too) is shown separately.
4. Apply and check: for each corpus and tool a fresh scratch database `sct_bench_<8 hex>_<tool>_<corpus>`
   (template0; dropped at the end unless --keep) with `CREATE EXTENSION plpgsql_check`, then
   (a) the same schema for both tools: sct's schema.sql of the whole-corpus run without the code objects above
       (tables, sequences, types, views, indexes, ...), one statement at a time, errors counted and ignored;
   (b) the tool's code output, cut into statements (quotes, dollar quotes and comments respected; psql
       meta-commands such as `\\set` and `SET check_function_bodies` are skipped, so every CREATE FUNCTION is
       syntax-checked by PostgreSQL's default), each sent on its own in autocommit;
   (c) every statement of (a) and then of (b) that failed is tried once more, so the order of a tool's output
       does not decide what exists;
   (d) plpgsql_check_function_tb(fatal_errors => false, without_warnings => true) on each routine that matches
       a unit; for a trigger, its trigger function with the trigger's table (and transition tables).
   Per unit, matched by name (lower case):
   - converted: the tool's output has a `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (a trigger: `CREATE [OR
     REPLACE] [CONSTRAINT] TRIGGER`) with a matching name;
   - created: a function or procedure (not returning trigger) with a matching name exists after (c), not
     counting what existed before (b); a trigger: a trigger of that name exists;
   - passed: created, and plpgsql_check reports no error-level result (a LANGUAGE sql function counts as
     passed: CREATE has already checked its body); a trigger: its trigger function (PL/pgSQL) has none.
   A routine matches a standalone unit `name` when its name is `name`; a member `sub` of package (or type) `pkg`
   when it is `sub` in schema `pkg`, or its name is `pkg`, one or more of `_ $ # .`, then `sub` (Ora2Pg writes
   pkg_sub, or pkg.sub with PACKAGE_AS_SCHEMA). Overloads: n source routines of one name count at most n matches,
   so helper functions a tool adds never count.
5. Prints per corpus and in total: units, PL/SQL lines (the lines of the code units' text, CREATE to the final
   END;, package specs and type bodies included), and per tool converted, created, passed, the share passing
   (passed / units), seconds and lines/s; the ratio sct/Ora2Pg of the shares; a table by kind; with --details
   every unit's outcome per tool (with the first error) and every code statement PostgreSQL rejected. Exit
   status 1 when a tool fails or is missing, the PL/SQL of a unit does not parse, or the server cannot be used.
6. Caveats. Ora2Pg runs on files, not on an Oracle database: it then knows only the routines of the file it
   converts (its PACKAGE run knows the packages, its TRIGGER run no procedure), and it adds CALL/PERFORM to a
   routine call only for routines it knows; connected to Oracle it would know them all. sct converts the whole
   corpus, so it knows the tables (and with them the types of columns) besides the code. Ora2Pg's package
   globals (global_variables.conf, read with current_setting at run time) are not loaded: plpgsql_check does
   not need them. The seconds include process start-up (sct converting an empty file takes about 0.9 s on the
   2-core development machine, once per corpus; Ora2Pg about 0.3 s, once per kind), which is most of the time
   on these small inputs: compare lines/s on larger code bases before reading anything into it.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from sct.converter.ir import plsql as ir
from sct.converter.procedural import build_unit, parse_plsql
from sct.converter.script import read_scripts

REPO = Path(__file__).resolve().parents[1]
CORPUS_ROOT = REPO.parent / "shared" / "corpus" / "oracle"
PG_DSN = "postgresql://root@127.0.0.1:5432/test"
STATEMENT_TIMEOUT = "60s"
INSTALL_HINT = ("Ora2Pg is not installed: `apt-get install -y ora2pg` (Debian/Ubuntu; GPL, run as an external "
                "program, never a dependency of sct), or give its path with --ora2pg")

# The corpora as bench/convert.py lists them: name, files in reading order, encoding, SQL*Plus --define values.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert import CORPORA  # noqa: E402 (the module beside this one)

TOOLS = ("sct", "ora2pg")
# Ora2Pg export type per unit kind, in the order the outputs are applied.
ORA2PG_TYPES = {"type_body": "TYPE", "function": "FUNCTION", "procedure": "PROCEDURE", "package": "PACKAGE",
                "package_body": "PACKAGE", "trigger": "TRIGGER"}
ORA2PG_ORDER = ("TYPE", "FUNCTION", "PROCEDURE", "PACKAGE", "TRIGGER")
SCT_CODE_KINDS = frozenset({"procedure", "function", "package", "package_body", "type_body", "trigger"})

_CREATE_CODE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:NON)?EDITIONABLE\s+)?"
    r"(PACKAGE\s+BODY|TYPE\s+BODY|PACKAGE|TYPE|PROCEDURE|FUNCTION|TRIGGER)\s+"
    r"((?:\"[^\"]+\"|[\w$#]+)(?:\s*\.\s*(?:\"[^\"]+\"|[\w$#]+))?)", re.I)
_CREATE_ROUTINE = re.compile(
    r"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\s+"
    r"((?:\"[^\"]+\"|[\w$#]+)(?:\s*\.\s*(?:\"[^\"]+\"|[\w$#]+))?)", re.I)
_CREATE_TRIGGER = re.compile(
    r"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+((?:\"[^\"]+\"|[\w$#]+))", re.I)
_LEADING_COMMENTS = re.compile(r"\A(?:\s+|--[^\n]*|/\*.*?\*/)*", re.S)
_SKIPPED_SET = re.compile(r"\s*SET\s+(?:SESSION\s+|LOCAL\s+)?check_function_bodies\b", re.I)
_DOLLAR = re.compile(r"\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$")
_IDENT = re.compile(r"[\w$]")


# --- the input: code units and the routines they hold ------------------------------------------------------

@dataclass
class CodeUnit:
    """One CREATE statement of PL/SQL code, as sct's script reader gives it."""

    kind: str                   # procedure | function | package | package_body | type_body | trigger
    name: str                   # lower case, without schema
    file: str
    line: int
    text: str
    routines: list[str] = field(default_factory=list)   # lower-case names of the routines with a body
    parse_error: str | None = None


@dataclass(frozen=True)
class Item:
    """What is counted: routines of one name in one owner (package, type or none), or one trigger."""

    kind: str                   # procedure | function | package routine | type method | trigger
    owner: str | None
    name: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.owner + '.' if self.owner else ''}{self.name}"


def _name_parts(name: str) -> list[str]:
    """`a.b`, `"A"."b"` -> the parts, quoted ones as written, the others in lower case (as PostgreSQL folds)."""
    return [p[1:-1] if p.startswith('"') else p.lower() for p in re.findall(r'"[^"]+"|[\w$#]+', name)]


def _unquote(name: str) -> str:
    return _name_parts(name)[-1]


def read_units(paths: list[Path], encoding: str, defines: dict[str, str]) -> list[CodeUnit]:
    """The code units of a corpus in install order; a unit defined again replaces the earlier one."""
    script = read_scripts(paths, encoding=encoding, defines=defines)
    units: dict[tuple[str, str], CodeUnit] = {}
    for statement in script.statements:
        if statement.kind != "plsql":
            continue
        match = _CREATE_CODE.match(statement.text)
        if match is None:
            continue                                    # anonymous blocks, Java, libraries
        kind = re.sub(r"\s+", "_", match.group(1).lower())
        if kind == "type":
            continue                                    # type specs are schema
        unit = CodeUnit(kind, _unquote(match.group(2)), statement.span.file, statement.span.line,
                        statement.text)
        _count_routines(unit)
        units.pop((kind, unit.name), None)
        units[(kind, unit.name)] = unit
    return list(units.values())


def _count_routines(unit: CodeUnit) -> None:
    if unit.kind in ("procedure", "function", "trigger"):
        unit.routines = [unit.name]
        return
    if unit.kind == "package":
        return
    result = parse_plsql(unit.text, file=unit.file, line_offset=unit.line - 1)
    if not result.ok:
        unit.parse_error = result.describe_errors().splitlines()[0]
        return
    tree = build_unit(result)
    members = tree.members if isinstance(tree, ir.Package) else tree.methods if isinstance(tree, ir.TypeBody) \
        else []
    unit.routines = [_unquote(m.name) for m in members if isinstance(m, ir.Routine) and m.body is not None]


def items_of(units: list[CodeUnit]) -> Counter:
    """Item -> how many source routines (overloads) it stands for."""
    items: Counter = Counter()
    for unit in units:
        if unit.kind in ("procedure", "function", "trigger"):
            items[Item(unit.kind, None, unit.name)] += 1
        elif unit.kind in ("package_body", "type_body"):
            kind = "package routine" if unit.kind == "package_body" else "type method"
            for routine in unit.routines:
                items[Item(kind, unit.name, routine)] += 1
    return items


def write_kind_files(units: list[CodeUnit], folder: Path) -> dict[str, Path]:
    """One file per Ora2Pg export type, units in source order, each ended by a '/' line."""
    texts: dict[str, list[str]] = {}
    for unit in units:
        texts.setdefault(ORA2PG_TYPES[unit.kind], []).append(unit.text.rstrip() + "\n/\n")
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in ORA2PG_ORDER:
        if kind in texts:
            files[kind] = folder / f"{kind}.sql"
            files[kind].write_text("\n".join(texts[kind]), encoding="utf-8")
    return files


# --- cutting SQL into statements ---------------------------------------------------------------------------

def split_sql(text: str) -> list[str]:
    """Statements of a PostgreSQL script: ';' outside strings, quoted names, dollar quotes and comments ends
    one. psql meta-commands (a line starting with a backslash outside a statement) are dropped."""
    out: list[str] = []
    i, n, start, code = 0, len(text), 0, False

    def close(end: int) -> None:
        chunk = text[start:end].strip()
        if code and chunk and not _SKIPPED_SET.match(chunk):
            out.append(chunk)

    while i < n:
        ch = text[i]
        if ch == "'":
            escapes = i > 0 and text[i - 1] in "eE" and (i < 2 or not _IDENT.match(text[i - 2]))
            j = i + 1
            while j < n:
                if escapes and text[j] == "\\":
                    j += 2
                elif text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                    else:
                        break
                else:
                    j += 1
            i, code = j + 1, True
        elif ch == '"':
            j = i + 1
            while j < n and not (text[j] == '"' and (j + 1 >= n or text[j + 1] != '"')):
                j += 2 if text[j] == '"' else 1
            i, code = j + 1, True
        elif text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            i = j
        elif ch == "$" and (i == 0 or not _IDENT.match(text[i - 1])) and _DOLLAR.match(text, i):
            tag = _DOLLAR.match(text, i).group()
            j = text.find(tag, i + len(tag))
            i, code = (n if j < 0 else j + len(tag)), True
        elif ch == ";":
            close(i)
            i += 1
            start, code = i, False
        elif ch == "\\" and not code and text[text.rfind("\n", 0, i) + 1:i].strip() == "":
            j = text.find("\n", i)
            i = n if j < 0 else j
            start = i
        else:
            if not ch.isspace():
                code = True
            i += 1
    close(n)
    return out


# --- running the tools -------------------------------------------------------------------------------------

class ToolFailed(Exception):
    pass


def _run(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace")
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        log = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise ToolFailed(f"`{' '.join(command)}` exited with {done.returncode}:\n    " + "\n    ".join(log))
    return seconds


def run_ora2pg(program: str, kind_files: dict[str, Path], out: Path, pg_major: int) -> tuple[list[str], float]:
    """Ora2Pg on each per-kind file; its output statements (in ORA2PG_ORDER) and the seconds taken."""
    out.mkdir(parents=True, exist_ok=True)
    conf = out / "ora2pg.conf"
    conf.write_text(f"PG_VERSION\t{pg_major}\nPLSQL_PGSQL\t1\n", encoding="utf-8")
    statements, seconds = [], 0.0
    for kind, path in kind_files.items():
        folder = out / kind
        folder.mkdir(exist_ok=True)
        seconds += _run([program, "-c", str(conf), "-t", kind, "-i", str(path), "-b", str(folder),
                         "-o", "out.sql", "-q"], cwd=folder)
        files = [folder / "out.sql"] + sorted(p for p in folder.glob("*.sql") if p.name != "out.sql")
        for file in files:
            if file.exists():
                statements += split_sql(file.read_text(encoding="utf-8", errors="replace"))
    return statements, seconds


@dataclass
class SctRun:
    schema: list[str]           # schema.sql without the code objects
    code: list[str]             # the code objects' statements, in schema.sql order
    seconds: float
    objects: dict[str, Counter]     # code kind -> statuses in report.json


def run_sct(program: str, paths: list[Path], encoding: str, defines: dict[str, str], out: Path) -> SctRun:
    command = [program, "convert", *map(str, paths), "-o", str(out), "--encoding", encoding]
    for name, value in defines.items():
        command += ["--define", f"{name}={value}"]
    seconds = _run(command)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    original = (out / "schema.sql").read_text(encoding="utf-8")
    schema_text = original
    code, statuses = [], {}
    for obj in report["objects"]:
        if obj["kind"] not in SCT_CODE_KINDS:
            continue
        statuses.setdefault(obj["kind"], Counter())[obj["status"]] += 1
        target = obj.get("target_sql")
        if not target:
            continue
        at = original.find(target)                      # the order of schema.sql (dependencies first)
        schema_text = schema_text.replace(target, "", 1)
        code.append((at if at >= 0 else len(original), len(code), target))
    statements = [s for _, _, target in sorted(code) for s in split_sql(target)]
    return SctRun(split_sql(schema_text), statements, seconds, statuses)


# --- applying and checking -------------------------------------------------------------------------------

_ROUTINES = """
    SELECT p.oid, n.nspname, p.proname, l.lanname, p.prorettype = 'trigger'::regtype
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"""
_TRIGGERS = """
    SELECT t.tgname, t.tgrelid, t.tgrelid::regclass::text, t.tgfoid, l.lanname, t.tgoldtable, t.tgnewtable
    FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_language l ON l.oid = p.prolang
    WHERE NOT t.tgisinternal"""


@dataclass
class Outcome:
    """One tool on one corpus."""

    tool: str
    converted: Counter = field(default_factory=Counter)     # item -> matches (capped)
    created: Counter = field(default_factory=Counter)
    passed: Counter = field(default_factory=Counter)
    seconds: float | None = None                # converting the per-kind files
    corpus_seconds: float | None = None         # sct: the whole-corpus run
    statements: int = 0
    statements_failed: int = 0
    schema_failed: int = 0
    schema_statements: int = 0
    errors: dict[Item, str] = field(default_factory=dict)   # the first error per item
    rejected: list[tuple[str, str]] = field(default_factory=list)   # (first line, error) per rejected statement
    failure: str | None = None


def _matches(item: Item, schema: str | None, name: str) -> bool:
    """Whether a routine `schema.name` (as the catalog or a CREATE statement spells it) is one of `item`."""
    name, owner, wanted = name.lower(), (item.owner or "").lower(), item.name.lower()
    if not owner:
        return name == wanted
    if schema is not None and schema.lower() == owner and name == wanted:
        return True
    return re.fullmatch(re.escape(owner) + r"[_$#.]+" + re.escape(wanted), name) is not None


def _statement_names(statement: str) -> tuple[str, str | None, str] | None:
    """('routine' | 'trigger', schema, name) of a CREATE FUNCTION/PROCEDURE/TRIGGER statement."""
    statement = _LEADING_COMMENTS.sub("", statement, count=1)
    match = _CREATE_ROUTINE.match(statement)
    if match:
        parts = _name_parts(match.group(2))
        return "routine", (parts[0] if len(parts) > 1 else None), parts[-1]
    match = _CREATE_TRIGGER.match(statement)
    if match:
        return "trigger", None, _unquote(match.group(1))
    return None


def _first_line(statement: str) -> str:
    line = _LEADING_COMMENTS.sub("", statement, count=1).splitlines()[0] if statement.strip() else ""
    return line if len(line) <= 100 else line[:97] + "..."


def _message(error: psycopg.Error) -> str:
    text = error.diag.message_primary or str(error)
    return f"{error.sqlstate or ''} {' '.join(text.split())}".strip()


def apply_and_check(dsn: str, database: str, schema: list[str], code: list[str], items: Counter,
                    outcome: Outcome) -> None:
    outcome.statements = len(code)
    outcome.schema_statements = len(schema)
    for statement in code:
        names = _statement_names(statement)
        if names is None:
            continue
        what, owner, name = names
        for item in items:
            if (what == "trigger") == (item.kind == "trigger") and _matches(item, owner, name):
                outcome.converted[item] = min(items[item], outcome.converted[item] + 1)
    with psycopg.connect(dsn, dbname=database, autocommit=True) as conn:
        conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(STATEMENT_TIMEOUT)))
        conn.execute("CREATE EXTENSION plpgsql_check")
        ext_schema = conn.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                                  "ON n.oid = e.extnamespace WHERE e.extname = 'plpgsql_check'").fetchone()[0]

        def run(statements: list[str], errors: dict[int, str], retry: bool = False) -> None:
            """Send each statement; `errors` gets the failed ones (index -> message). retry: only those."""
            for index, statement in enumerate(statements):
                if retry and index not in errors:
                    continue
                try:
                    conn.execute(statement)
                except psycopg.Error as e:
                    if conn.broken:
                        raise
                    errors[index] = _message(e)
                else:
                    errors.pop(index, None)

        schema_errors: dict[int, str] = {}
        run(schema, schema_errors)
        before = {row[0] for row in conn.execute(_ROUTINES)}
        code_errors: dict[int, str] = {}
        run(code, code_errors)
        run(schema, schema_errors, retry=True)
        run(code, code_errors, retry=True)
        outcome.schema_failed = len(schema_errors)
        outcome.statements_failed = len(code_errors)
        for index, message in sorted(code_errors.items()):
            outcome.rejected.append((_first_line(code[index]), message))
            names = _statement_names(code[index])
            if names is None:
                continue
            for item in items:
                if (names[0] == "trigger") == (item.kind == "trigger") and _matches(item, names[1], names[2]):
                    outcome.errors.setdefault(item, f"CREATE: {message}")
                elif item.kind == "trigger" and names[0] == "routine" and item.name in names[2].lower():
                    # the trigger function (trigger_fct_NAME, NAME_fn, ...) comes before its trigger
                    outcome.errors.setdefault(item, f"CREATE FUNCTION {names[2]}: {message}")

        check = sql.SQL(
            "SELECT level, sqlstate, message, lineno FROM {}.plpgsql_check_function_tb("
            "%s::oid::regprocedure, %s::oid::regclass, oldtable => %s, newtable => %s, "
            "fatal_errors => false, without_warnings => true)").format(sql.Identifier(ext_schema))

        def check_errors(oid: int, relid: int = 0, old: str | None = None, new: str | None = None) -> str | None:
            try:
                rows = conn.execute(check, (oid, relid, old, new)).fetchall()
            except psycopg.Error as e:
                if conn.broken:
                    raise
                return f"plpgsql_check could not check it: {_message(e)}"
            for level, sqlstate, message, lineno in rows:
                if level == "error":
                    return f"plpgsql_check: {sqlstate} {' '.join(message.split())} (body line {lineno})"
            return None

        routines = [r for r in conn.execute(_ROUTINES).fetchall() if r[0] not in before and not r[4]]
        triggers = conn.execute(_TRIGGERS).fetchall()
        for item, count in items.items():
            if item.kind == "trigger":
                found = [t for t in triggers if t[0] == item.name or t[0].lower() == item.name]
                outcome.created[item] = min(count, len(found))
                verdicts = []
                for _, relid, table, foid, language, old, new in found:
                    verdict = (check_errors(foid, relid, old, new) if language == "plpgsql"
                               else f"trigger function in LANGUAGE {language}")
                    verdicts.append(verdict and f"{verdict} (trigger on {table})")
                outcome.passed[item] = min(count, sum(v is None for v in verdicts))
                if found and not outcome.passed[item]:
                    outcome.errors[item] = verdicts[0]
                continue
            found = [r for r in routines if _matches(item, r[1], r[2])]
            outcome.created[item] = min(count, len(found))
            verdicts = [check_errors(oid) if language == "plpgsql" else None if language == "sql"
                        else f"LANGUAGE {language}" for oid, _, _, language, _ in found]
            outcome.passed[item] = min(count, sum(v is None for v in verdicts))
            if outcome.passed[item] < count and any(verdicts):
                outcome.errors[item] = next(v for v in verdicts if v)


# --- the report ------------------------------------------------------------------------------------------

@dataclass
class CorpusResult:
    name: str
    items: Counter
    lines: int
    units: list[CodeUnit]
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    sct_statuses: dict[str, Counter] = field(default_factory=dict)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _ratio(ours: int, theirs: int) -> str:
    if theirs == 0:
        return "n/a (Ora2Pg passed none)" if ours else "n/a (neither passed any)"
    return f"{ours / theirs:.2f}"


def print_report(results: list[CorpusResult], tools: list[str], details: bool) -> None:
    header = (f"{'corpus':<16} {'units':>5} {'lines':>6}  {'tool':<7} {'converted':>9} {'created':>7} "
              f"{'passed':>6} {'share':>7} {'seconds':>8} {'lines/s':>8}")
    print(header)
    print("-" * len(header))
    totals = {t: Counter() for t in tools}
    total_units = total_lines = 0
    seconds_total = {t: 0.0 for t in tools}
    for result in results:
        units = sum(result.items.values())
        total_units += units
        total_lines += result.lines
        first = True
        for tool in tools:
            outcome = result.outcomes.get(tool)
            lead = (f"{result.name:<16} {units:>5} {result.lines:>6}" if first else " " * 29)
            first = False
            if outcome is None or outcome.failure:
                print(f"{lead}  {tool:<7} FAILED: {(outcome.failure if outcome else 'not run').splitlines()[0]}")
                continue
            c, k, p = (sum(x.values()) for x in (outcome.converted, outcome.created, outcome.passed))
            totals[tool].update({"converted": c, "created": k, "passed": p})
            seconds_total[tool] += outcome.seconds or 0.0
            rate = f"{result.lines / outcome.seconds:8.0f}" if outcome.seconds else f"{'-':>8}"
            print(f"{lead}  {tool:<7} {c:>9} {k:>7} {p:>6} {_share(p, units):>7} "
                  f"{outcome.seconds or 0:>8.2f} {rate}")
        if len(tools) == 2 and all(result.outcomes.get(t) and not result.outcomes[t].failure for t in tools):
            ours, theirs = (sum(result.outcomes[t].passed.values()) for t in tools)
            print(f"{'':29}  sct/Ora2Pg share passing: {_ratio(ours, theirs)}")
    print("-" * len(header))
    for n, tool in enumerate(tools):
        lead = f"{'total':<16} {total_units:>5} {total_lines:>6}" if n == 0 else " " * 29
        t = totals[tool]
        rate = f"{total_lines / seconds_total[tool]:8.0f}" if seconds_total[tool] else f"{'-':>8}"
        print(f"{lead}  {tool:<7} {t['converted']:>9} {t['created']:>7} {t['passed']:>6} "
              f"{_share(t['passed'], total_units):>7} {seconds_total[tool]:>8.2f} {rate}")
    if len(tools) == 2:
        print(f"{'':29}  sct/Ora2Pg share passing: {_ratio(totals['sct']['passed'], totals['ora2pg']['passed'])}")

    print("\nBy kind (all corpora): units, then passed per tool")
    kinds = ("procedure", "function", "package routine", "type method", "trigger")
    print(f"  {'kind':<16} {'units':>5} " + " ".join(f"{t:>7}" for t in tools))
    for kind in kinds:
        units = sum(n for r in results for i, n in r.items.items() if i.kind == kind)
        passed = [sum(n for r in results if r.outcomes.get(t) for i, n in r.outcomes[t].passed.items()
                      if i.kind == kind) for t in tools]
        print(f"  {kind:<16} {units:>5} " + " ".join(f"{p:>7}" for p in passed))

    print("\nNotes per corpus:")
    for result in results:
        parts = []
        for tool in tools:
            o = result.outcomes.get(tool)
            if o is None or o.failure:
                continue
            parts.append(f"{tool}: {o.statements} code statements, {o.statements_failed} rejected")
        sct = result.outcomes.get("sct")
        if sct and not sct.failure:
            parts.append(f"shared schema: {sct.schema_statements} statements, {sct.schema_failed} rejected")
            parts.append(f"sct whole-corpus convert {sct.corpus_seconds:.2f} s")
        if result.sct_statuses:
            parts.append("sct report statuses: " + "; ".join(
                f"{k} " + ", ".join(f"{s} {n}" for s, n in sorted(c.items()))
                for k, c in sorted(result.sct_statuses.items())))
        print(f"  {result.name}: " + "; ".join(parts))

    if details:
        print("\nPer unit (created / passed, or the first error):")
        for result in results:
            for item, count in sorted(result.items.items(), key=lambda kv: kv[0].label):
                print(f"  {result.name} {item.label}" + (f" (x{count})" if count > 1 else ""))
                for tool in tools:
                    o = result.outcomes.get(tool)
                    if o is None or o.failure:
                        continue
                    state = ("passed" if o.passed[item] == count else
                             f"passed {o.passed[item]}/{count}" if o.passed[item] else
                             "not converted" if not o.converted[item] else
                             "not created" if not o.created[item] else "check failed")
                    error = o.errors.get(item)
                    print(f"      {tool:<7} {state}" + (f": {error}" if error and o.passed[item] < count else ""))
        print("\nCode statements PostgreSQL rejected (also on the second try):")
        for result in results:
            for tool in tools:
                o = result.outcomes.get(tool)
                for line, message in (o.rejected if o and not o.failure else []):
                    print(f"  {result.name} {tool:<7} {line}\n      {message}")


# --- main ------------------------------------------------------------------------------------------------

def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError as e:
        return f"unknown ({e})"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def _sct_version() -> str:
    from importlib.metadata import version

    commit = _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "converter", "rules"],
                           capture_output=True, text=True).stdout.strip()
    return f"{version('sct')} at {commit}" + (" + uncommitted converter/rules changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="*", help="corpora to run (default: all of them)")
    parser.add_argument("--root", type=Path, default=CORPUS_ROOT, help=f"the Oracle corpora (default {CORPUS_ROOT})")
    parser.add_argument("--tools", default="sct,ora2pg", help="sct,ora2pg (default both)")
    parser.add_argument("--postgres", default=PG_DSN, help=f"PostgreSQL server, a superuser (default {PG_DSN})")
    parser.add_argument("--ora2pg", default="ora2pg", help="the Ora2Pg program (default: ora2pg on PATH)")
    parser.add_argument("--sct", default=str(Path(sys.executable).parent / "sct"),
                        help="the sct program (default: the one next to this Python)")
    parser.add_argument("--repeat", type=int, default=3, help="timed conversions per tool; the best is kept")
    parser.add_argument("--details", action="store_true", help="print every unit's outcome per tool")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases and files")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if not tools or set(tools) - set(TOOLS):
        parser.error(f"--tools takes sct and/or ora2pg, not {args.tools!r}")
    tools = [t for t in TOOLS if t in tools]
    corpora = [c for c in CORPORA if not args.corpus or c[0] in args.corpus]
    if args.corpus and len(corpora) != len(set(args.corpus)):
        parser.error(f"unknown corpus; known: {', '.join(c[0] for c in CORPORA)}")
    failures: list[str] = []
    ora2pg = shutil.which(args.ora2pg)
    if "ora2pg" in tools and ora2pg is None:
        print(INSTALL_HINT + "; measuring sct only.\n")
        failures.append("Ora2Pg is not installed")
        tools.remove("ora2pg")
    if "sct" in tools and shutil.which(args.sct) is None:
        print(f"sct not found at {args.sct} (--sct)")
        return 1

    try:
        with psycopg.connect(args.postgres, autocommit=True, connect_timeout=5) as admin:
            server = admin.execute("SHOW server_version").fetchone()[0].split()[0]
            pg_major = admin.info.server_version // 10000
            available = admin.execute("SELECT default_version FROM pg_available_extensions "
                                      "WHERE name = 'plpgsql_check'").fetchone()
    except psycopg.Error as e:
        print(f"cannot use PostgreSQL at {args.postgres}: {' '.join(str(e).split())}")
        return 1
    if available is None:
        print("the plpgsql_check extension is not available on the server (Debian: postgresql-N-plpgsql-check)")
        return 1

    print(f"PostgreSQL {server}, plpgsql_check {available[0]}")
    if "ora2pg" in tools:
        print(f"Ora2Pg: {_version([ora2pg, '--version'])} ({ora2pg})")
    if "sct" in tools:
        print(f"sct: {_sct_version()} ({args.sct})")
    print()

    run_id = uuid.uuid4().hex[:8]
    work = Path(tempfile.mkdtemp(prefix=f"sct_bench_ora2pg_{run_id}_"))
    databases: list[str] = []
    results: list[CorpusResult] = []
    skipped: list[str] = []
    try:
        for name, files, encoding, defines in corpora:
            paths = [args.root / name / f for f in files]
            missing = [str(p) for p in paths if not p.exists()]
            if missing:
                failures.append(f"{name}: missing {', '.join(missing)}")
                print(f"{name}: missing {', '.join(missing)}")
                continue
            units = read_units(paths, encoding, defines)
            for unit in units:
                if unit.parse_error:
                    failures.append(f"{name}: {unit.kind} {unit.name} does not parse: {unit.parse_error}")
            items = items_of(units)
            if not items:
                skipped.append(name)
                continue
            folder = work / name
            kind_files = write_kind_files(units, folder / "input")
            lines = sum(len(unit.text.splitlines()) for unit in units)
            result = CorpusResult(name, items, lines, units)
            results.append(result)

            schema: list[str] | None = None
            code: dict[str, list[str]] = {}
            # sct first: its whole-corpus run gives the schema both tools get
            sct_run = None
            try:
                sct_run = run_sct(args.sct, paths, encoding, defines, folder / "sct")
                schema = sct_run.schema
                result.sct_statuses = sct_run.objects
            except ToolFailed as e:
                failures.append(f"{name}: sct convert of the corpus failed")
                for tool in tools:
                    result.outcomes[tool] = Outcome(tool, failure=f"no schema: sct convert failed: {e}")
                print(f"{name}: sct convert failed, nothing measured:\n  {e}")
                continue
            if "sct" in tools:
                outcome = result.outcomes["sct"] = Outcome("sct", corpus_seconds=sct_run.seconds)
                code["sct"] = sct_run.code
                try:
                    outcome.seconds = min(_run([args.sct, "convert", *map(str, kind_files.values()),
                                                "-o", str(folder / "sct_code")]) for _ in range(args.repeat))
                except ToolFailed as e:
                    outcome.failure = f"sct convert of the per-kind files failed: {e}"
                    failures.append(f"{name}: {outcome.failure}")
            if "ora2pg" in tools:
                outcome = result.outcomes["ora2pg"] = Outcome("ora2pg")
                try:
                    for _ in range(args.repeat):
                        code["ora2pg"], seconds = run_ora2pg(ora2pg, kind_files, folder / "ora2pg", pg_major)
                        outcome.seconds = min(seconds, outcome.seconds or seconds)
                except ToolFailed as e:
                    outcome.failure = str(e)
                    failures.append(f"{name}: Ora2Pg failed")
                    print(f"{name}: Ora2Pg failed:\n  {e}")
            for tool in tools:
                outcome = result.outcomes[tool]
                if outcome.failure:
                    continue
                database = f"sct_bench_{run_id}_{tool}_{name}"[:63]
                try:
                    with psycopg.connect(args.postgres, autocommit=True) as admin:
                        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0")
                                      .format(sql.Identifier(database)))
                    databases.append(database)
                    apply_and_check(args.postgres, database, schema, code[tool], items, outcome)
                except psycopg.Error as e:
                    outcome.failure = f"PostgreSQL: {' '.join(str(e).split())}"
                    failures.append(f"{name}/{tool}: {outcome.failure}")
    finally:
        if not args.keep:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                for database in databases:
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            shutil.rmtree(work, ignore_errors=True)

    print_report(results, tools, args.details)
    if skipped:
        print(f"\nNo PL/SQL routines or triggers (not measured): {', '.join(skipped)}")
    if args.keep:
        print(f"\nKept: files in {work}; databases {', '.join(databases) or '-'}")
    if args.json:
        args.json.write_text(json.dumps({
            "postgres": server, "plpgsql_check": available[0],
            "corpora": [{
                "name": r.name, "units": sum(r.items.values()), "lines": r.lines,
                "tools": {t: ({"failure": o.failure} if o.failure else {
                    "converted": sum(o.converted.values()), "created": sum(o.created.values()),
                    "passed": sum(o.passed.values()), "seconds": o.seconds, "corpus_seconds": o.corpus_seconds,
                    "units": {i.label: {"count": n, "converted": o.converted[i], "created": o.created[i],
                                        "passed": o.passed[i], "error": o.errors.get(i)}
                              for i, n in r.items.items()}})
                          for t, o in r.outcomes.items()},
            } for r in results],
            "failures": failures,
        }, indent=2) + "\n", encoding="utf-8")
    if failures:
        print("\nSomething went wrong:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
