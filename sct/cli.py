"""The `sct` command line. Exit codes: 0 done, 1 done but the gate failed (--fail-on and the other gate options),
2 usage or input error."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

import typer

from sct.errors import InputError, SctError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Schema conversion, assessment and data migration: Oracle to PostgreSQL; "
                       "MySQL/MariaDB, PostgreSQL and SQLite data to PostgreSQL, MySQL/MariaDB or SQLite.")

LEVELS = ("review", "manual", "blocker")

# Options that convert and assess share: the scripts and how to read them.
Sources = Annotated[list[str], typer.Argument(help="Script files and folders (.sql, .pks, .pkb, ...), in order; "
                                                   "or one database DSN (mysql://user@host:3306/db, mariadb://, "
                                                   "postgresql://, sqlite:///file.db) to read its catalog.",
                                              show_default=False)]
SourceDialect = Annotated[str | None, typer.Option("--from", help="Source dialect: oracle (the default for "
                                                                  "scripts), mysql or sqlserver; a DSN implies "
                                                                  "it.",
                                                   show_default=False)]
PasswordFile = Annotated[Path | None, typer.Option("--password-file", metavar="FILE",
                                                   help="For a DSN source: the password, first line of FILE "
                                                        "(else the DSN's, else $SCT_SOURCE_PASSWORD).")]
TargetDialect = Annotated[str, typer.Option("--to", help="Target dialect.")]
ResultSets = Annotated[str, typer.Option("--result-sets", metavar="table|refcursor",
                                         help="SQL Server: a procedure's result set becomes a function RETURNS "
                                              "TABLE (table, one result set) or an INOUT refcursor parameter per "
                                              "result set (refcursor).")]
RESULT_SETS = ("table", "refcursor")
Encoding = Annotated[str, typer.Option("--encoding", help="Encoding of the source files.")]
InstallOrder = Annotated[Path | None, typer.Option("--install-order", metavar="FILE",
                                                   help="For a folder: the install script whose @ includes "
                                                        "give the order.")]
Defines = Annotated[list[str] | None, typer.Option("--define", metavar="NAME=VALUE",
                                                   help="A SQL*Plus substitution variable the scripts expect "
                                                        "(e.g. --define vrs=v3); repeatable.")]


@app.callback()
def _root() -> None:
    """sct: convert database schemas and tell the truth about what does not convert."""


@app.command()
def convert(
    sources: Sources,
    source: SourceDialect = None,
    target: TargetDialect = "postgres",
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    verify: Annotated[str | None, typer.Option("--verify", metavar="DSN",
                                               help="Apply the result to this PostgreSQL in a scratch database "
                                                    "that is dropped afterwards.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="LEVEL",
                                                help="Exit 1 when a finding is at or above review|manual|blocker, "
                                                     "or any object failed verification.")] = None,
    encoding: Encoding = "utf-8",
    install_order: InstallOrder = None,
    define: Defines = None,
    password_file: PasswordFile = None,
    result_sets: ResultSets = "table",
) -> None:
    """Convert SOURCE scripts to the target dialect: OUT/schema.sql, OUT/data.sql and OUT/report.json."""
    from sct.converter.emit import postgres
    from sct.reports import model

    if fail_on is not None and fail_on.lower() not in LEVELS:
        raise SctError(f"--fail-on takes one of {', '.join(LEVELS)}, not {fail_on!r}")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: the output folder (-o) is a file")
    conversion, verification = _convert(sources, source, target, encoding, install_order, define, verify,
                                         password_file, result_sets)
    report = model.build_report(conversion, verification)
    files = {"schema.sql": postgres.schema_script(conversion),
             "data.sql": postgres.data_script(conversion) if conversion.data_items else None,
             "report.json": model.dump(report)}
    _write_outputs(out, files)
    typer.echo(summary_line(report, out))
    if fail_on is not None and gate_fails(report, fail_on.lower()):
        raise typer.Exit(1)


def _convert(sources: list[str], source: str | None, target: str, encoding: str, install_order: Path | None,
             define: list[str] | None, verify: str | None, password_file: Path | None = None,
             result_sets: str = "table"):
    """Read and convert the scripts or the database (and, with --verify, apply the result to PostgreSQL): what
    convert and assess both do first."""
    from sct.converter import live
    from sct.converter.pipeline import convert_paths

    if result_sets not in RESULT_SETS:
        raise InputError(f"--result-sets takes {' or '.join(RESULT_SETS)}, not {result_sets!r}")
    dsns = [s for s in sources if live.is_dsn(s)]
    if dsns:
        if len(sources) > 1:
            raise InputError("give one database DSN, or script files, as SOURCES (not both, not several DSNs)")
        implied = live.live_dialect(dsns[0])
        if source is not None and source.lower() != implied:
            raise InputError(f"--from {source} does not match the DSN, a {implied} database (leave --from out)")
        password = live.read_password_file(password_file) if password_file is not None else None
        conversion = live.convert_live(dsns[0], target.lower(), password,
                                       f"--password-file {password_file}" if password_file else "")
    else:
        if password_file is not None:
            raise InputError("--password-file is for a database DSN source, not script files")
        conversion = convert_paths([Path(s) for s in sources], source=(source or "oracle").lower(),
                                   target=target.lower(), encoding=encoding, install_order=install_order,
                                   defines=_defines(define or []), result_sets=result_sets)
    return conversion, (_verify(conversion, verify) if verify else None)


def _defines(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not name.strip().replace("_", "").isalnum():
            raise InputError(f"--define takes NAME=VALUE, not {item!r}")
        out[name.strip()] = value
    return out


FORMATS = ("html", "pdf", "json", "sarif", "csv")


@app.command()
def assess(
    sources: Sources,
    source: SourceDialect = None,
    target: TargetDialect = "postgres",
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("assessment"),
    formats: Annotated[str, typer.Option("--format", metavar="LIST",
                                         help="Comma-separated: html, pdf, json, sarif, csv.")] = ",".join(FORMATS),
    verify: Annotated[str | None, typer.Option("--verify", metavar="DSN",
                                               help="Also apply the result to this PostgreSQL (scratch database, "
                                                    "dropped afterwards) and report what it rejects.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="LEVEL",
                                                help="Gate: fail on a finding at or above review|manual|blocker, "
                                                     "or an object that failed verification.")] = None,
    max_effort_hours: Annotated[float | None, typer.Option("--max-effort-hours", metavar="N",
                                                           help="Gate: fail when the estimate exceeds N hours.")
                                ] = None,
    min_auto_rate: Annotated[float | None, typer.Option("--min-auto-rate", metavar="R",
                                                        help="Gate: fail when fewer than this share of objects "
                                                             "(0 to 1) convert exactly.")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", metavar="REPORT_JSON",
                                                  help="An earlier report.json: report new and fixed findings "
                                                       "and the effort change.")] = None,
    fail_on_new: Annotated[bool, typer.Option("--fail-on-new",
                                              help="With --baseline: the gate judges only new findings "
                                                   "(at or above --fail-on, default review).")] = False,
    effort_config: Annotated[Path | None, typer.Option("--effort-config", metavar="TOML",
                                                       help="Override the effort model (hours per level or rule)."
                                                       )] = None,
    encoding: Encoding = "utf-8",
    install_order: InstallOrder = None,
    define: Defines = None,
    password_file: PasswordFile = None,
    result_sets: ResultSets = "table",
) -> None:
    """Assess SOURCE scripts: what converts, what needs a person, how many hours; HTML, PDF, JSON, SARIF, CSV.

    Exit 0 when the gate passes (or none is set), 1 when it fails, 2 on a usage or input error. The last line
    on stdout is a summary a script can parse (sct: objects=... auto=... effort_h=... gate=pass|fail|none).
    """
    from sct.reports import gate as gates
    from sct.reports import model
    from sct.reports.effort import load_model

    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise InputError(f"--format takes a list of {', '.join(FORMATS)}, not {formats!r}")
    if fail_on is not None and fail_on.lower() not in LEVELS:
        raise InputError(f"--fail-on takes one of {', '.join(LEVELS)}, not {fail_on!r}")
    if min_auto_rate is not None and not 0 <= min_auto_rate <= 1:
        raise InputError(f"--min-auto-rate takes a share between 0 and 1, not {min_auto_rate:g}")
    if max_effort_hours is not None and (math.isnan(max_effort_hours) or max_effort_hours < 0):
        raise InputError(f"--max-effort-hours takes a number of hours >= 0, not {max_effort_hours:g}")
    if fail_on_new and baseline is None:
        raise InputError("--fail-on-new needs --baseline REPORT_JSON")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: the output folder (-o) is a file")
    effort_model = load_model(effort_config)
    previous = _load_baseline(baseline) if baseline is not None else None
    conversion, verification = _convert(sources, source, target, encoding, install_order, define, verify,
                                         password_file, result_sets)
    report = model.build_report(conversion, verification, effort_model)
    if previous is not None:
        from sct.reports.baseline import compare

        report["baseline"] = compare(report, previous, str(baseline))
    gate = gates.Gate(fail_on.lower() if fail_on else None, max_effort_hours, min_auto_rate, fail_on_new)
    reasons = gates.evaluate(report, gate)
    verdict = "none" if not gate.active else "fail" if reasons else "pass"
    report["gate"] = {"verdict": verdict, "reasons": reasons,
                      "options": {"fail_on": gate.fail_on, "max_effort_hours": max_effort_hours,
                                  "min_auto_rate": min_auto_rate, "fail_on_new": fail_on_new}}
    _write_outputs(out, _render(report, chosen))
    for reason in reasons:
        typer.echo(f"sct: gate: {reason}", err=True)
    typer.echo(gates.summary_line(report, verdict))
    if verdict == "fail":
        raise typer.Exit(1)


def _render(report: dict, formats: list[str]) -> dict[str, str | bytes | None]:
    """The chosen formats' files; the others map to None, so a file from an earlier run is removed."""
    from sct.reports import model

    files: dict[str, str | bytes | None] = {f"report.{f}": None for f in FORMATS}
    if "json" in formats:
        files["report.json"] = model.dump(report)
    if "html" in formats:
        from sct.reports.html import render_html

        files["report.html"] = render_html(report)
    if "pdf" in formats:
        from sct.reports.pdf import render_pdf

        files["report.pdf"] = render_pdf(report)
    if "sarif" in formats:
        from sct.reports.sarif import render_sarif

        files["report.sarif"] = render_sarif(report)
    if "csv" in formats:
        from sct.reports.csv_export import render_csv

        files["report.csv"] = render_csv(report)
    return files


def _load_baseline(path: Path) -> dict:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"{path}: cannot read the baseline ({e.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: the baseline is not a report.json ({e})") from None
    if not isinstance(data, dict) or data.get("format") != "sct-report" or not str(data.get("version", "")).startswith("1."):
        raise InputError(f"{path}: the baseline is not an sct report.json of format version 1.x")
    return data


# --- the migration runner -----------------------------------------------------------------------------------

def _load_settings(task_file: Path | None, source: str | None, target: str | None, schema: Path | None,
                   prep_mode: str | None, mappings: Path | None, **overrides):
    """LoadSettings from a task file, with any flag given on the command line taking precedence."""
    from sct.runner.full_load import LoadSettings, normalise_prep_mode

    if task_file is not None:
        from sct.runner.task import load_task

        task = load_task(task_file)
        settings = _settings_from_task(task, task_file)
    else:
        if not source or not target:
            raise InputError("give a task file, or both --source and --target")
        settings = LoadSettings(source=source, target=target)
    if source:
        settings.source = source
    if target:
        settings.target = target
    if schema is not None:
        settings.schema = schema
    if prep_mode is not None:
        settings.prep_mode = prep_mode
    settings.prep_mode = normalise_prep_mode(settings.prep_mode)
    if mappings is not None:
        from sct.runner.mappings import load_mappings

        settings.mappings = load_mappings(mappings)
    for key, value in overrides.items():
        if value is not None:
            setattr(settings, key, value)
    if settings.parallel < 1:
        raise InputError(f"--parallel takes a number of workers >= 1, not {settings.parallel}")
    if settings.max_errors < 0:
        raise InputError(f"--max-errors takes a number >= 0, not {settings.max_errors}")
    if settings.schema is not None and not (settings.schema / "report.json").is_file():
        raise InputError(f"{settings.schema}: not a folder written by `sct convert -o` (no report.json in it)")
    return settings


def _settings_from_task(task, path: Path):
    from sct.runner.full_load import LoadSettings

    conf = task.settings
    return LoadSettings(source=task.source, target=task.target, task_id=task.task_id or path.stem,
                        schema=task.schema, prep_mode=task.prep_mode, mappings=task.mappings,
                        parallel=conf.parallel, batch_rows=conf.batch_rows, chunk_rows=conf.chunk_rows,
                        max_errors=conf.max_errors, zero_dates=conf.zero_dates, nul_bytes=conf.nul_bytes,
                        invalid_utf8=conf.invalid_utf8, validate=conf.validate, cluster=conf.cluster,
                        mode=task.mode, cdc=task.cdc)


@app.command()
def migrate(
    task_file: Annotated[Path | None, typer.Argument(metavar="[TASK.yaml]", help="A task file (see docs/migrate.md).",
                                                     show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="DSN", help="mysql://, postgresql:// or "
                                                                              "sqlite:///file.db")] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="DSN", help="postgresql://, mysql:// or "
                                                                              "sqlite:///file.db")] = None,
    schema: Annotated[Path | None, typer.Option("--schema", metavar="DIR",
                                                help="The folder `sct convert -o` wrote: applied in phases.")] = None,
    prep_mode: Annotated[str | None, typer.Option("--prep-mode",
                                                  help="drop-and-create | truncate | do-nothing")] = None,
    mappings: Annotated[Path | None, typer.Option("--mappings", metavar="JSON",
                                                  help="DMS table-mapping rules.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue a run: load only the units not committed.")
                      ] = False,
    parallel: Annotated[int | None, typer.Option("--parallel", metavar="N", help="Worker processes.")] = None,
    max_errors: Annotated[int | None, typer.Option("--max-errors", metavar="N",
                                                   help="Rejected rows a table may have before it fails.")] = None,
    cluster: Annotated[str | None, typer.Option("--cluster", metavar="dask://HOST:PORT",
                                                help="Run the units on a Dask distributed cluster.")] = None,
    task_id: Annotated[str | None, typer.Option("--task-id", help="Name of the run in sct_control.")] = None,
    chunk_rows: Annotated[int | None, typer.Option("--chunk-rows", metavar="N",
                                                   help="Split tables above N rows into key-range units.")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip the validation after the load.")
                           ] = False,
    mode: Annotated[str | None, typer.Option("--mode", help="full-load | full-load-and-cdc | cdc")] = None,
    start_position: Annotated[str | None, typer.Option("--start-position", metavar="POS",
                                                       help="--mode cdc: MySQL FILE:POS or PostgreSQL LSN.")] = None,
    stop_position: Annotated[str | None, typer.Option("--stop-position", metavar="POS",
                                                      help="Stop once changes up to POS are applied.")] = None,
    until_caught_up: Annotated[bool, typer.Option("--until-caught-up",
                                                  help="Stop once every change logged so far is applied.")] = False,
    metrics_port: Annotated[int | None, typer.Option("--metrics-port", metavar="PORT",
                                                     help="Serve Prometheus metrics on 127.0.0.1:PORT.")] = None,
) -> None:
    """Copy the selected tables from SOURCE to TARGET (resumable, with rejects and validation), and with
    --mode full-load-and-cdc or cdc keep applying the source's changes until `sct cutover` or Ctrl-C.

    Exit 0 when every row arrived and validation agrees, 1 when rows were rejected, a table failed,
    validation found a difference or capture stopped on a change it cannot apply, 2 on a usage or input error.
    """
    from sct.runner.cdc.engine import run_migration
    from sct.runner.cdc.settings import normalise_mode

    settings = _load_settings(task_file, source, target, schema, prep_mode, mappings, parallel=parallel,
                              max_errors=max_errors, cluster=cluster, task_id=task_id, chunk_rows=chunk_rows)
    settings.resume = resume
    if no_validate:
        settings.validate = False
    if mode is not None:
        settings.mode = normalise_mode(mode)
    _cdc_overrides(settings, start_position=start_position, stop_position=stop_position,
                   until_caught_up=until_caught_up or None, metrics_port=metrics_port)
    load, captured = run_migration(settings, log=lambda line: typer.echo(line, err=True))
    if load is not None:
        _print_load_summary(load, capturing=settings.mode != "full-load")
    if captured is not None:
        _print_capture(captured)
    if (load is not None and not load.ok) or (captured is not None and not captured.ok):
        raise typer.Exit(1)


def _cdc_overrides(settings, **values) -> None:
    from sct.runner.cdc.settings import CdcSettings

    settings.cdc = settings.cdc or CdcSettings()
    for key, value in values.items():
        if value is not None:
            setattr(settings.cdc, key, value)
    if settings.mode == "full-load" and any(v is not None for v in values.values()):
        raise InputError("--start-position, --stop-position, --until-caught-up and --metrics-port are for "
                         "--mode full-load-and-cdc or cdc")


def _print_capture(result) -> None:
    m = result.metrics
    line = (f"sct: cdc={result.status} position={result.position} changes={result.changes} "
            f"transactions={result.transactions}")
    if m.get("lag_p50") is not None:
        line += f" lag_p50={m['lag_p50']}s lag_p99={m['lag_p99']}s"
    if result.validation is not None:
        bad = [t for t, v in result.validation.items() if not v["ok"]]
        line += f" validation={'ok' if not bad else 'mismatch'}"
        for table, v in sorted(result.validation.items()):
            for mismatch in v["mismatches"]:
                typer.echo(f"sct: validate: {table}: {mismatch['range']}: {mismatch['differing_rows']} rows differ "
                           f"(keys {', '.join(mismatch['keys'])})", err=True)
    typer.echo(line)


@app.command()
def cutover(
    task_file: Annotated[Path | None, typer.Argument(metavar="[TASK.yaml]", show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="DSN")] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="DSN")] = None,
    task_id: Annotated[str | None, typer.Option("--task-id")] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS",
                                           help="How long to wait for the capture to catch up.")] = 600.0,
) -> None:
    """Finish a capture: wait until every source change is applied, stop capturing, move sequences past the
    keys, validate every table and report. Stop the application's writes to the source first.

    Exit 0 when the target is identical to the source, 1 when validation found a difference or the capture
    failed, 2 on a usage or input error.
    """
    from sct.runner.cdc.engine import CaptureResult, request_cutover

    settings = _load_settings(task_file, source, target, None, None, None, task_id=task_id)
    if settings.mode == "full-load":
        settings.mode = "cdc"
    outcome = request_cutover(settings, timeout, log=lambda line: typer.echo(line, err=True))
    if isinstance(outcome, CaptureResult):
        _print_capture(outcome)
        if not outcome.ok:
            raise typer.Exit(1)
        return
    summary = (outcome.get("metrics") or {}).get("cutover") or {}
    typer.echo(f"sct: cdc={outcome['status']} position={outcome['position']} changes={outcome['changes']} "
               f"validation={'ok' if summary and not summary.get('mismatched_tables') else 'mismatch'}")
    if outcome["status"] != "cut-over" or not summary or summary.get("mismatched_tables"):
        if outcome.get("error"):
            typer.echo(f"sct: error: {outcome['error']}", err=True)
        raise typer.Exit(1)


def _print_load_summary(result, capturing: bool = False) -> None:
    rows = []
    for table, entry in sorted(result.tables.items()):
        check = "-"
        if result.validation is not None and table in result.validation:
            v = result.validation[table]
            check = "ok" if v["ok"] else f"MISMATCH ({v['source_rows']} source, {v['target_rows']} target rows)"
        rows.append((table, entry["rows"], entry["rejects"], f"{entry['seconds']:.1f}",
                     "failed" if entry["failed"] else "done", check))
    widths = [max(len(str(r[i])) for r in rows + [("table", "rows", "rejects", "seconds", "status", "validation")])
              for i in range(6)]
    header = ("table", "rows", "rejects", "seconds", "status", "validation")
    for line in [header, *rows]:
        typer.echo("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    if result.validation:
        for table, v in sorted(result.validation.items()):
            for mismatch in v["mismatches"]:
                typer.echo(f"sct: validate: {table}: {mismatch['range']}: {mismatch['differing_rows']} rows differ "
                           f"(keys {', '.join(mismatch['keys'])})", err=True)
    total = sum(e["rows"] for e in result.tables.values())
    rejects = sum(e["rejects"] for e in result.tables.values())
    failed = sum(1 for u in result.units if u.error)
    typer.echo(f"sct: tables={len(result.tables)} rows={total} rejects={rejects} failed_units={failed} "
               f"validation={_load_validation(result, capturing)}")


def _load_validation(result, capturing: bool) -> str:
    if result.validation is None:
        return "at-cutover" if capturing else "skipped"    # the source moves on while changes are captured
    return "ok" if all(v["ok"] for v in result.validation.values()) else "mismatch"


@app.command()
def status(
    task_file: Annotated[Path | None, typer.Argument(metavar="[TASK.yaml]", show_default=False)] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="DSN")] = None,
    task_id: Annotated[str | None, typer.Option("--task-id")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Per-table state of a run (rows, rate, rejects, errors), read from sct_control on the target."""
    import json

    from sct.runner import control
    from sct.runner.endpoints import open_target

    if task_file is not None:
        settings = _load_settings(task_file, None, target, None, None, None, task_id=task_id)
        target_dsn, tid = settings.target, settings.task_id
    else:
        if not target:
            raise InputError("give a task file, or --target")
        target_dsn, tid = target, task_id or "default"
    endpoint = open_target(target_dsn)
    try:
        state = control.read_state(endpoint, tid)
        conn = endpoint.connection()
        try:
            capture = control.cdc_read(endpoint, conn, tid)
            if capture is not None:
                capture["tables"] = control.cdc_tables(endpoint, conn, tid)
                capture.update(control.read_exceptions(endpoint, conn, tid))
            conn.commit()
        finally:
            conn.close()
    finally:
        endpoint.close()
    if state["task"] is None:
        raise InputError(f"no run named {tid!r} on that target (sct_control has none)")
    tables: dict[str, dict] = {}
    for unit in state["units"]:
        entry = tables.setdefault(unit.table_name, {"units": 0, "done": 0, "failed": 0, "rows": 0, "rejects": 0,
                                                    "seconds": 0.0, "errors": []})
        entry["units"] += 1
        entry["done"] += unit.status == "done"
        entry["failed"] += unit.status == "failed"
        entry["rows"] += unit.rows or 0
        entry["rejects"] += unit.rejects or 0
        entry["seconds"] += unit.seconds or 0.0
        if unit.error:
            entry["errors"].append(f"{unit.unit_id}: {unit.error}")
    for entry in tables.values():
        entry["rows_per_second"] = round(entry["rows"] / entry["seconds"], 1) if entry["seconds"] else None
        entry["state"] = ("failed" if entry["failed"] else "done" if entry["done"] == entry["units"]
                          else "pending")
    src, started, finished, task_status = state["task"]
    document = {"task_id": tid, "status": task_status, "source": src, "started_at": started,
                "finished_at": finished, "tables": tables,
                "rejects": [{"table": t, "key": k, "error": e} for t, k, e in state["rejects"]]}
    if capture is not None:
        document["cdc"] = _capture_document(capture)
    if as_json:
        typer.echo(json.dumps(document, indent=2, default=str))
        return
    typer.echo(f"task {tid}: {task_status}")
    for name, entry in sorted(tables.items()):
        typer.echo(f"  {name}: {entry['state']}, {entry['done']}/{entry['units']} units, {entry['rows']} rows, "
                   f"{entry['rejects']} rejects" + (f", {entry['rows_per_second']:,.0f} rows/s"
                                                     if entry["rows_per_second"] else ""))
        for error in entry["errors"]:
            typer.echo(f"    {error}")
    if capture is not None:
        _print_capture_status(document["cdc"])


def _capture_document(capture: dict) -> dict:
    """The capture's state for `sct status`: lag in seconds and in changes, per-table counts, exceptions."""
    import time

    metrics = capture.get("metrics") or {}
    alive = capture["status"] == "capturing" and capture["heartbeat_at"] and \
        time.time() - float(capture["heartbeat_at"]) < 15
    return {
        "status": capture["status"] if alive or capture["status"] != "capturing" else "not running",
        "position": capture["position"],
        "lag_seconds": metrics.get("CDCLatencyTarget"),
        "lag_changes": metrics.get("CDCIncomingChanges"),
        "lag_bytes": metrics.get("lag_bytes"),
        "metrics": metrics,
        "changes_applied": capture["changes"],
        "transactions_applied": capture["transactions"],
        "heartbeat_at": capture["heartbeat_at"],
        "error": capture["error"],
        "tables": {name: {**counts, **(metrics.get("lag_by_table") or {}).get(name, {})}
                   for name, counts in capture["tables"].items()},
        "apply_exceptions": [{"table": t, "position": p, "operation": o, "key": k, "error": e}
                             for t, p, o, k, e in capture["apply_exceptions"]],
        "validation_failures": [{"table": t, "key": k, "failure_type": f, "details": d}
                                for t, k, f, d in capture["validation_failures"]],
    }


def _print_capture_status(cdc: dict) -> None:
    metrics = cdc["metrics"]
    behind = f", {cdc['lag_bytes']:,} bytes of log behind" if cdc.get("lag_bytes") else ""
    typer.echo(f"capture: {cdc['status']} at {cdc['position']}, lag {cdc['lag_seconds'] or 0:.1f} s and "
               f"{cdc['lag_changes'] or 0} changes{behind}, {cdc['changes_applied']} changes applied"
               + (f", {metrics['CDCThroughputRowsTarget']:,.0f} changes/s" if metrics.get("CDCThroughputRowsTarget")
                  else ""))
    if cdc["error"]:
        typer.echo(f"  stopped: {cdc['error']}")
    lags = metrics.get("lag_by_table") or {}
    for name, counts in sorted(cdc["tables"].items()):
        lag = lags.get(name) or {}
        typer.echo(f"  {name}: {counts['inserts']} inserts, {counts['updates']} updates, {counts['deletes']} deletes"
                   + (f", {counts['truncates']} truncates" if counts["truncates"] else "")
                   + (f", {counts['ddls']} DDL" if counts["ddls"] else "")
                   + (f"; lag {lag['lag_seconds']:.1f} s, {lag['lag_changes']} changes" if lag else ""))
    for entry in cdc["apply_exceptions"]:
        typer.echo(f"  apply exception: {entry['table']} {entry['operation']} key {entry['key']}: {entry['error']}")
    for entry in cdc["validation_failures"]:
        typer.echo(f"  validation failure: {entry['table']} key {entry['key']}: {entry['failure_type']}")


@app.command()
def validate(
    task_file: Annotated[Path | None, typer.Argument(metavar="[TASK.yaml]", show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="DSN")] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="DSN")] = None,
    mappings: Annotated[Path | None, typer.Option("--mappings", metavar="JSON")] = None,
) -> None:
    """Compare source and target: row counts per table and checksums per key range. Exit 1 on a difference."""
    from sct.runner.endpoints import open_source, open_target
    from sct.runner.full_load import _mappings
    from sct.runner.validate import validate_mappings

    settings = _load_settings(task_file, source, target, None, None, mappings)
    src, tgt = open_source(settings.source), open_target(settings.target)
    try:
        results = validate_mappings(src, tgt, _mappings(settings, src), settings)
    finally:
        src.close()
        tgt.close()
    bad = 0
    for table, v in sorted(results.items()):
        typer.echo(f"{table}: {'ok' if v['ok'] else 'MISMATCH'} (source {v['source_rows']} rows, "
                   f"target {v['target_rows']} rows)")
        for mismatch in v["mismatches"]:
            typer.echo(f"  {mismatch['range']}: {mismatch['differing_rows']} rows differ, keys "
                       f"{', '.join(mismatch['keys'])}")
        bad += not v["ok"]
    typer.echo(f"sct: tables={len(results)} mismatched={bad} validation={'ok' if not bad else 'mismatch'}")
    if bad:
        raise typer.Exit(1)


@app.command()
def rules(markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False) -> None:
    """List the conversion rules (id, effort, description)."""
    from sct.reports.rules_doc import render_rules_markdown
    from sct.rules import all_rules

    if markdown:
        typer.echo(render_rules_markdown(), nl=False)
        return
    for rule in all_rules():
        typer.echo(f"{rule.id}  {rule.effort.value:<7}  {rule.name:<40}  {rule.description()}")


def _write_outputs(out: Path, files: dict[str, str | bytes | None]) -> None:
    """Write the output files; a file whose content is None is removed, so no stale one from an earlier run
    (a data.sql when the scripts no longer hold data statements) is left beside the new ones."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            if text is None:
                (out / name).unlink(missing_ok=True)
            elif isinstance(text, bytes):
                (out / name).write_bytes(text)
            else:
                (out / name).write_text(text, encoding="utf-8")
    except OSError as error:
        where = error.filename or out
        raise InputError(f"{where}: cannot write the output ({error.strerror or error})") from None


def _verify(conversion, dsn: str) -> dict:
    from sct.converter.graph import order
    from sct.converter.verify import VerifyUnit, verify

    units = [VerifyUnit(obj, obj.target_sql) for obj in conversion.ordered if obj.target_sql]
    result = verify(units, dsn)
    if result.plpgsql_check_unavailable:
        typer.echo(f"sct: verify: {result.plpgsql_check_unavailable}", err=True)
    # objects PostgreSQL rejected are reported, and the target script is written without them
    for unit in units:
        if unit.obj.verification_error is not None:
            unit.obj.target_sql = None
    conversion.ordered = order(conversion)
    return {"server_version": result.server_version, "applied": result.applied, "failed": result.failed,
            "plpgsql_check": result.plpgsql_check, "routines_checked": result.routines_checked}


def summary_line(report: dict, out: Path) -> str:
    by_status = report["summary"]["by_status"]
    parts = [f"objects={report['summary']['objects']}"] + [f"{k}={v}" for k, v in by_status.items()]
    data = report["summary"]["data_statements"]["total"]
    if data:
        parts.append(f"data_statements={data}")
    return "sct: " + " ".join(parts) + f" out={out}"


def gate_fails(report: dict, level: str) -> bool:
    from sct.converter.ir import Effort

    threshold = Effort.parse(level).rank
    if report["summary"]["by_status"].get("failed_verification"):
        return True
    efforts = [Effort(f["effort"]) for o in report["objects"] for f in o["findings"]]
    efforts += [Effort(f["effort"]) for f in report["script_findings"]]
    efforts += [Effort(f["effort"]) for o in report["data_statements_needing_work"] for f in o["findings"]]
    return any(e.rank >= threshold for e in efforts)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    try:
        app()        # click handles usage errors itself (message and exit code 2)
    except SctError as error:
        typer.echo(f"sct: error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        typer.echo("sct: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug in sct: say so plainly, without a traceback
        typer.echo(f"sct: internal error: {type(error).__name__}: {error} (please report this with the input)",
                   err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
