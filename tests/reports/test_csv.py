"""`report.csv`: one row per finding, as a DBA opens it in a spreadsheet: every finding with its rule, place
and hours; messages with commas, quotes and line breaks stay in their cell; names that look like formulas are
shown as text, never run."""

from __future__ import annotations

import copy
import csv
import io

from report_samples import SAMPLE, findings_of, report_of

from sct.reports.csv_export import render_csv

HEADER = ["category", "occurrence", "action_item", "subject", "description", "recommended_action", "effort",
          "hours_each", "object_kind", "schema", "object_name", "status", "file", "line", "column",
          "documentation"]


def rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text[1:], newline=""))
    header = next(reader)
    assert header == HEADER
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_one_row_per_finding_in_report_order():
    report = report_of(SAMPLE)
    findings = findings_of(report)
    table = rows(render_csv(report))
    assert len(findings) == 12 and len(table) == len(findings)
    for finding, row in zip(findings, table, strict=True):
        assert row["action_item"] == finding["rule_id"]
        assert row["effort"] == finding["effort"]
        assert (row["file"], row["line"], row["column"]) == ("scripts/hr schema.sql", str(finding["line"]),
                                                            str(finding["column"]))
    # objects first, then data statements, then the findings about the scripts themselves
    assert [r["object_kind"] for r in table] == ["table"] * 5 + ["view"] + ["statement"] * 4 + [""] * 2


def test_row_fields():
    report = report_of(SAMPLE)
    table = rows(render_csv(report))
    rowid = next(r for r in table if r["action_item"] == "OR306")
    assert rowid == {
        "category": "sql",
        "occurrence": "1",
        "action_item": "OR306",
        "subject": "oracle.pseudo-column-without-equivalent",
        "description": "pseudo-column ROWID has no PostgreSQL equivalent",
        "recommended_action": "ROWID, UID, ORA_ROWSCN and similar pseudo-columns have no PostgreSQL equivalent. "
                              "ROWID is a physical row address; PostgreSQL's ctid also changes on every update, "
                              "so code that stores or compares row ids must use the primary key instead.",
        "effort": "manual",
        "hours_each": "1.00",
        "object_kind": "view",
        "schema": "",
        "object_name": "'@v",
        "status": "manual",
        "file": "scripts/hr schema.sql",
        "line": "8",
        "column": "28",
        "documentation": "docs/rules.md#or306",
    }
    review = next(r for r in table if r["action_item"] == "OR217")
    assert (review["schema"], review["object_name"], review["hours_each"]) == ("hr", "emp", "0.10")
    script = [r for r in table if r["action_item"] == "OR001"]
    assert [r["occurrence"] for r in script] == ["1", "2"]
    assert [r["description"] for r in script] == ["SQL*Plus command SET ignored (1 occurrence in this file)",
                                                  "SQL*Plus command PROMPT ignored (1 occurrence in this file)"]
    assert all(r["status"] == "" and r["object_name"] == "" and r["hours_each"] == "0.00" for r in script)
    assert [r["occurrence"] for r in table if r["action_item"] == "OR101"] == ["1", "2"]


def test_formula_injection_is_neutralised():
    report = copy.deepcopy(report_of(SAMPLE))
    hostile = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=x"]
    for finding, message in zip(findings_of(report), hostile, strict=False):
        finding["message"] = message
    table = rows(render_csv(report))
    assert [r["description"] for r in table[:5]] == ["'=1+1", "'+SUM(A1:A9)", "'-2+3", "'@cmd", "'\t=x"]
    names = [r["object_name"] for r in table if r["object_kind"] in ("table", "view")]
    assert "'=HYPERLINK(\"http://x\")" in names and "'@v" in names
    # text that merely contains those characters, and numbers, are left alone
    assert "column -2+3: DATE becomes timestamp(0)" in [r["description"] for r in rows(render_csv(report_of(SAMPLE)))]
    assert all(r["line"].isdigit() and r["column"].isdigit() for r in table)
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in table for cell in r.values())


def test_commas_quotes_and_line_breaks_stay_in_their_cell(tmp_path):
    report = copy.deepcopy(report_of(SAMPLE))
    message = 'first line, with a comma\nsecond "quoted" line; é ü 中'
    report["objects"][0]["findings"][0]["message"] = message
    text = render_csv(report)
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with path.open(encoding="utf-8-sig", newline="") as f:
        read = list(csv.DictReader(f))
    assert len(read) == 12 and read[0]["description"] == message
    assert text.count("\r\n") == 13          # header and 12 rows, CRLF; the message's \n is inside its cell


def test_deterministic_and_empty():
    assert render_csv(report_of(SAMPLE)) == render_csv(report_of(SAMPLE))
    assert rows(render_csv(report_of(""))) == []
