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
                  help="Schema conversion and assessment: Oracle to PostgreSQL.")

LEVELS = ("review", "manual", "blocker")


@app.callback()
def _root() -> None:
    """sct: convert database schemas and tell the truth about what does not convert."""


@app.command()
def convert(
    sources: Annotated[list[Path], typer.Argument(help="Script files and folders (.sql, .pks, .pkb, ...), in order.",
                                                  show_default=False)],
    source: Annotated[str, typer.Option("--from", help="Source dialect.")] = "oracle",
    target: Annotated[str, typer.Option("--to", help="Target dialect.")] = "postgres",
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    verify: Annotated[str | None, typer.Option("--verify", metavar="DSN",
                                               help="Apply the result to this PostgreSQL in a scratch database "
                                                    "that is dropped afterwards.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="LEVEL",
                                                help="Exit 1 when a finding is at or above review|manual|blocker, "
                                                     "or any object failed verification.")] = None,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of the source files.")] = "utf-8",
    install_order: Annotated[Path | None, typer.Option("--install-order", metavar="FILE",
                                                       help="For a folder: the install script whose @ includes "
                                                            "give the order.")] = None,
    define: Annotated[list[str] | None, typer.Option("--define", metavar="NAME=VALUE",
                                                     help="A SQL*Plus substitution variable the scripts expect "
                                                          "(e.g. --define vrs=v3); repeatable.")] = None,
) -> None:
    """Convert SOURCE scripts to the target dialect: OUT/schema.sql, OUT/data.sql and OUT/report.json."""
    from sct.converter.emit import postgres
    from sct.converter.pipeline import convert_paths
    from sct.reports import model

    if fail_on is not None and fail_on.lower() not in LEVELS:
        raise SctError(f"--fail-on takes one of {', '.join(LEVELS)}, not {fail_on!r}")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: the output folder (-o) is a file")
    conversion = convert_paths(sources, source=source.lower(), target=target.lower(), encoding=encoding,
                               install_order=install_order, defines=_defines(define or []))
    verification = _verify(conversion, verify) if verify else None
    report = model.build_report(conversion, verification)
    files = {"schema.sql": postgres.schema_script(conversion),
             "data.sql": postgres.data_script(conversion) if conversion.data_statements else None,
             "report.json": model.dump(report)}
    _write_outputs(out, files)
    typer.echo(summary_line(report, out))
    if fail_on is not None and gate_fails(report, fail_on.lower()):
        raise typer.Exit(1)


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
    sources: Annotated[list[Path], typer.Argument(help="Script files and folders (.sql, .pks, .pkb, ...), in order.",
                                                  show_default=False)],
    source: Annotated[str, typer.Option("--from", help="Source dialect.")] = "oracle",
    target: Annotated[str, typer.Option("--to", help="Target dialect.")] = "postgres",
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
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of the source files.")] = "utf-8",
    install_order: Annotated[Path | None, typer.Option("--install-order", metavar="FILE",
                                                       help="For a folder: the install script whose @ includes "
                                                            "give the order.")] = None,
    define: Annotated[list[str] | None, typer.Option("--define", metavar="NAME=VALUE",
                                                     help="A SQL*Plus substitution variable the scripts expect; "
                                                          "repeatable.")] = None,
) -> None:
    """Assess SOURCE scripts: what converts, what needs a person, how many hours; HTML, PDF, JSON, SARIF, CSV.

    Exit 0 when the gate passes (or none is set), 1 when it fails, 2 on a usage or input error. The last line
    on stdout is a summary a script can parse (sct: objects=... auto=... effort_h=... gate=pass|fail|none).
    """
    from sct.converter.pipeline import convert_paths
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
    conversion = convert_paths(sources, source=source.lower(), target=target.lower(), encoding=encoding,
                               install_order=install_order, defines=_defines(define or []))
    verification = _verify(conversion, verify) if verify else None
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
    # objects PostgreSQL rejected are reported, and the target script is written without them
    for unit in units:
        if unit.obj.verification_error is not None:
            unit.obj.target_sql = None
    conversion.ordered = order(conversion)
    return {"server_version": result.server_version, "applied": result.applied, "failed": result.failed}


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
