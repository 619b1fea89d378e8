"""`sct assess` as a CI job runs it: the exit code (0 the gate passes or none is set, 1 it fails, 2 a usage or
input error), the last stdout line a script parses, the reasons on stderr, and the reports written either way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from report_samples import REPO, SUMMARY, V1, V2, V2_FIXED, load, run_sct

FORMATS = ("--format", "json,sarif,csv")


def summary(result) -> re.Match:
    assert "Traceback" not in result.stdout + result.stderr
    last = result.stdout.splitlines()[-1]
    match = re.match(SUMMARY, last)
    assert match, last
    return match


def gate_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("sct: gate: ")]


@pytest.fixture
def v1(tmp_path) -> Path:
    (tmp_path / "hr.sql").write_text(V1, encoding="utf-8")
    return tmp_path


def test_no_gate(v1):
    result = run_sct("assess", "hr.sql", "-o", "out", *FORMATS, cwd=v1)
    assert result.returncode == 0, result.stderr
    assert summary(result).group(1) == "none"
    assert result.stdout.splitlines()[-1] == ("sct: objects=3 auto=0.00 review=2 manual=1 blocker=0 failed=0 "
                                              "effort_h=2.7 gate=none")
    assert gate_lines(result) == []
    report = load(v1 / "out" / "report.json")
    assert report["gate"]["verdict"] == "none" and "baseline" not in report
    sarif = load(v1 / "out" / "report.sarif")
    assert len(sarif["runs"][0]["results"]) == 6
    csv_text = (v1 / "out" / "report.csv").read_text(encoding="utf-8-sig")
    assert len(csv_text.splitlines()) == 7 and "OR306" in csv_text


def test_fail_on_manual(v1):
    result = run_sct("assess", "hr.sql", "-o", "out", *FORMATS, "--fail-on", "manual", cwd=v1)
    assert result.returncode == 1, result.stderr
    assert summary(result).group(1) == "fail"
    assert gate_lines(result) == ["sct: gate: 1 finding at or above manual (--fail-on manual)"]
    report = load(v1 / "out" / "report.json")       # the reports are written when the gate fails too
    assert report["gate"]["verdict"] == "fail" and report["gate"]["options"]["fail_on"] == "manual"
    assert (v1 / "out" / "report.sarif").is_file() and (v1 / "out" / "report.csv").is_file()


@pytest.mark.parametrize(("option", "value", "reason"), [
    ("--max-effort-hours", "0.01", "sct: gate: estimated effort 2.7 h exceeds --max-effort-hours 0.01"),
    ("--min-auto-rate", "1.0", "sct: gate: auto rate 0 is below --min-auto-rate 1"),
])
def test_fail_on_effort_and_auto_rate(v1, option, value, reason):
    result = run_sct("assess", "hr.sql", "-o", "out", *FORMATS, option, value, cwd=v1)
    assert result.returncode == 1, result.stderr
    assert summary(result).group(1) == "fail"
    assert gate_lines(result) == [reason]


@pytest.mark.parametrize("options", [
    ("--fail-on", "blocker"),
    ("--max-effort-hours", "2.7"),
    ("--min-auto-rate", "0"),
    ("--fail-on", "blocker", "--max-effort-hours", "100", "--min-auto-rate", "0.0"),
])
def test_pass(v1, options):
    result = run_sct("assess", "hr.sql", "-o", "out", *FORMATS, *options, cwd=v1)
    assert result.returncode == 0, result.stderr
    assert summary(result).group(1) == "pass"
    assert gate_lines(result) == []
    assert load(v1 / "out" / "report.json")["gate"]["verdict"] == "pass"


def test_fail_on_new_with_a_baseline(v1):
    first = run_sct("assess", "hr.sql", "-o", "v1", "--format", "json", cwd=v1)
    assert first.returncode == 0, first.stderr

    (v1 / "hr.sql").write_text(V2, encoding="utf-8")
    result = run_sct("assess", "hr.sql", "-o", "v2", *FORMATS, "--baseline", "v1/report.json", "--fail-on-new",
                     cwd=v1)
    assert result.returncode == 1, result.stderr
    assert summary(result).group(1) == "fail"
    assert gate_lines(result) == ["sct: gate: 3 new findings at or above review (--fail-on review)"]
    report = load(v1 / "v2" / "report.json")
    schema = load(REPO / "reports" / "report.schema.json")
    jsonschema.validators.validator_for(schema)(schema).validate(report)
    baseline = report["baseline"]
    assert baseline["file"] == "v1/report.json"
    assert [f["rule_id"] for f in baseline["new_findings"]] == ["OR305", "OR310", "OR399"]
    assert [f["rule_id"] for f in baseline["fixed_findings"]] == ["OR306"]
    assert baseline["effort_delta"] == 2.1

    # only the manual ones, with --fail-on manual
    result = run_sct("assess", "hr.sql", "-o", "v2", *FORMATS, "--baseline", "v1/report.json", "--fail-on-new",
                     "--fail-on", "manual", cwd=v1)
    assert result.returncode == 1
    assert gate_lines(result) == ["sct: gate: 2 new findings at or above manual (--fail-on manual)"]


def test_fail_on_new_passes_when_findings_are_only_fixed(v1):
    assert run_sct("assess", "hr.sql", "-o", "v1", "--format", "json", cwd=v1).returncode == 0
    (v1 / "hr.sql").write_text("\n\n" + V2_FIXED, encoding="utf-8")       # moved down, and one view fixed
    result = run_sct("assess", "hr.sql", "-o", "v2", *FORMATS, "--baseline", "v1/report.json", "--fail-on-new",
                     cwd=v1)
    assert result.returncode == 0, result.stderr
    assert summary(result).group(1) == "pass"
    baseline = load(v1 / "v2" / "report.json")["baseline"]
    assert baseline["new_findings"] == [] and [f["rule_id"] for f in baseline["fixed_findings"]] == ["OR306"]
    assert baseline["effort_delta"] == -2.0
    # the review findings that were already there still fail a plain --fail-on review
    plain = run_sct("assess", "hr.sql", "-o", "v2", *FORMATS, "--baseline", "v1/report.json", "--fail-on", "review",
                    cwd=v1)
    assert plain.returncode == 1 and summary(plain).group(1) == "fail"


BAD_TOML = "[levels]\nmanual = 1.5\n\n[rules.OR306]\nhours = 2\nminutes = 5\n"


@pytest.mark.parametrize(("options", "files", "message"), [
    (("--format", "bogus"), {}, "--format takes a list of"),
    (("--format", "json,xml"), {}, "--format takes a list of"),
    (("--min-auto-rate", "2"), {}, "--min-auto-rate takes a share between 0 and 1"),
    (("--fail-on", "critical"), {}, "--fail-on takes one of"),
    (("--fail-on-new",), {}, "--fail-on-new needs --baseline"),
    (("--baseline", "missing.json"), {}, "missing.json: cannot read the baseline"),
    (("--baseline", "old.json"), {"old.json": "CREATE TABLE t (id NUMBER);"}, "old.json: the baseline is not"),
    (("--baseline", "old.json"), {"old.json": '{"version": "2.1.0", "runs": []}'}, "old.json: the baseline is not"),
    (("--baseline", "old.json"), {"old.json": '{"format": "sct-report", "version": "1.1"}'},
     "old.json: the baseline is not a valid sct report.json"),
    (("--effort-config", "effort.toml"), {"effort.toml": BAD_TOML}, "effort.toml: [rules.OR306] minutes: unknown key"),
    (("--effort-config", "effort.toml"), {"effort.toml": "[hours]\nmanual = 1\n"}, "effort.toml: unknown section [hours]"),
])
def test_usage_and_input_errors(v1, options, files, message):
    for name, text in files.items():
        (v1 / name).write_text(text, encoding="utf-8")
    result = run_sct("assess", "hr.sql", "-o", "out", *FORMATS, *options, cwd=v1)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("sct: error: ") and message in result.stderr, result.stderr
    assert "gate=" not in result.stdout
    assert not (v1 / "out" / "report.json").exists()


def test_report_json_records_the_gate(v1):
    result = run_sct("assess", "hr.sql", "-o", "out", "--format", "json", "--max-effort-hours", "1",
                     "--min-auto-rate", "0.5", cwd=v1)
    assert result.returncode == 1
    gate = load(v1 / "out" / "report.json")["gate"]
    assert gate == {"verdict": "fail",
                    "reasons": ["estimated effort 2.7 h exceeds --max-effort-hours 1",
                                "auto rate 0 is below --min-auto-rate 0.5"],
                    "options": {"fail_on": None, "max_effort_hours": 1.0, "min_auto_rate": 0.5,
                                "fail_on_new": False}}
    assert [line.removeprefix("sct: gate: ") for line in gate_lines(result)] == gate["reasons"]
    assert not (v1 / "out" / "report.sarif").exists()
    json.dumps(gate)
