"""`--baseline`: what is new, what is fixed and how the estimate moved since an earlier report. Findings are
matched by object, rule and message, never by line, so code that only moved is no change."""

from __future__ import annotations

import copy
import json

import pytest
from report_samples import V1, V2, V2_FIXED, report_of, with_blank_lines

from sct.errors import InputError
from sct.reports.baseline import compare

USER_MESSAGE = "USER (and SYS_CONTEXT('USERENV', 'SESSION_USER'...)) becomes CURRENT_USER; the case differs."


def brief(findings: list[dict]) -> list[tuple]:
    return [(f["object"]["kind"] if f["object"] else None, f["object"]["name"] if f["object"] else None,
             f["rule_id"], f["effort"], f["message"]) for f in findings]


def test_new_and_fixed_findings_and_effort_delta():
    v1, v2 = report_of(V1, "v1.sql"), report_of(V2, "v2.sql")
    assert (v1["effort"]["total_hours"], v2["effort"]["total_hours"]) == (2.7, 4.8)
    diff = compare(v2, v1, "old/report.json")
    assert diff["file"] == "old/report.json"
    assert brief(diff["new_findings"]) == [
        ("view", "emp_user", "OR305", "review", USER_MESSAGE),       # a second USER in the same view
        ("view", "emp_top", "OR310", "manual", "ROWNUM condition not convertible: ROWNUM > 2"),
        ("view", "emp_top", "OR399", "manual", "pseudo-column ROWNUM is not converted here"),
    ]
    assert brief(diff["fixed_findings"]) == [
        ("view", "emp_rowids", "OR306", "manual", "pseudo-column ROWID has no PostgreSQL equivalent")]
    # each finding as the report has it (new ones where they are now, fixed ones where they were), and its object
    top = diff["new_findings"][1]
    assert (top["file"], top["line"], top["column"]) == ("v2.sql", 11, 49)
    assert top["object"] == {"kind": "view", "schema": None, "name": "emp_top"}
    assert (diff["fixed_findings"][0]["file"], diff["fixed_findings"][0]["line"]) == ("v1.sql", 7)
    assert diff["objects_added"] == [{"kind": "view", "schema": None, "name": "emp_top"}]
    assert diff["objects_removed"] == []
    assert diff["status_changes"] == [{"kind": "view", "schema": None, "name": "emp_rowids",
                                       "from": "manual", "to": "converted"}]
    assert (diff["previous_effort_hours"], diff["effort_hours"], diff["effort_delta"]) == (2.7, 4.8, 2.1)
    json.dumps(diff)


def test_only_fixed():
    diff = compare(report_of(V2_FIXED, "v2.sql"), report_of(V1, "v1.sql"), "v1.json")
    assert diff["new_findings"] == []
    assert brief(diff["fixed_findings"]) == [
        ("view", "emp_rowids", "OR306", "manual", "pseudo-column ROWID has no PostgreSQL equivalent")]
    assert (diff["previous_effort_hours"], diff["effort_hours"], diff["effort_delta"]) == (2.7, 0.7, -2.0)


def test_the_other_way_round():
    diff = compare(report_of(V1), report_of(V2), "v2.json")
    assert [f["rule_id"] for f in diff["new_findings"]] == ["OR306"]
    assert [f["rule_id"] for f in diff["fixed_findings"]] == ["OR305", "OR310", "OR399"]
    assert diff["objects_removed"] == [{"kind": "view", "schema": None, "name": "emp_top"}]
    assert diff["objects_added"] == [] and diff["effort_delta"] == -2.1


def test_moved_code_is_no_change():
    v1 = report_of(V1, "v1.sql")
    moved = report_of(with_blank_lines(V1), "v1.sql")
    assert [o["line"] for o in moved["objects"]] != [o["line"] for o in v1["objects"]]
    diff = compare(moved, v1, "v1.json")
    assert (diff["new_findings"], diff["fixed_findings"], diff["objects_added"], diff["objects_removed"],
            diff["status_changes"], diff["effort_delta"]) == ([], [], [], [], [], 0.0)
    # and the change from v1 to a moved v2 is the change from v1 to v2
    moved_v2 = compare(report_of(with_blank_lines(V2), "v2.sql"), v1, "v1.json")
    plain_v2 = compare(report_of(V2, "v2.sql"), v1, "v1.json")
    assert brief(moved_v2["new_findings"]) == brief(plain_v2["new_findings"])
    assert brief(moved_v2["fixed_findings"]) == brief(plain_v2["fixed_findings"])
    assert moved_v2["effort_delta"] == plain_v2["effort_delta"] == 2.1


def test_deterministic():
    v1, v2 = report_of(V1), report_of(V2)
    assert json.dumps(compare(v2, v1, "x")) == json.dumps(compare(report_of(V2), report_of(V1), "x"))


def test_a_report_of_format_1_0_without_an_estimate():
    old = report_of(V1)
    del old["effort"]
    for entry in old["objects"]:
        del entry["effort_hours"], entry["bucket"]
    old["version"] = "1.0"
    diff = compare(report_of(V2), old, "old.json")
    assert diff["previous_effort_hours"] == 2.7 and diff["effort_delta"] == 2.1
    assert "effort_hours" not in old["objects"][0]          # the baseline document is not changed


@pytest.mark.parametrize("damage", [
    lambda r: r.pop("objects"),
    lambda r: r.update(objects={"o1": {}}),
    lambda r: r["objects"][0].pop("findings") and r["objects"][0].update(findings="none"),
    lambda r: r["objects"][0]["findings"][0].pop("rule_id"),
    lambda r: r["objects"][0]["findings"][0].update(effort="critical"),
    lambda r: r.update(script_findings=[{"message": "x"}]),
])
def test_a_damaged_baseline_is_an_input_error(damage):
    old = copy.deepcopy(report_of(V1))
    damage(old)
    with pytest.raises(InputError, match=r"^old\.json: the baseline is not a valid sct report\.json"):
        compare(report_of(V2), old, "old.json")
