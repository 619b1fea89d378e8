"""What changed since an earlier report (`sct assess --baseline OLD/report.json`).

A finding is the same finding in both reports when it has the same object (kind, schema, name), the same rule
and the same message: its file, line and column are left out, so code that moved (a comment added above it,
a script split in two) is not a change. Findings are compared as multisets: a construct that appears three
times where it appeared twice gives one new finding. Script findings (about the scripts, not an object) have
no object and are matched by rule and message.

The result is stored as the report's `baseline` section; `--fail-on-new` gates on its `new_findings`.
The SARIF export uses the same identity for its partial fingerprints, so GitHub code scanning matches
findings across runs the same way.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator

from sct.errors import InputError

EFFORTS = ("auto", "review", "manual", "blocker")
Key = tuple[str | None, str | None, str | None, str, str]


def object_ref(entry: dict | None) -> dict | None:
    """The identity of an object entry: {"kind", "schema", "name"}, or None (script findings)."""
    if entry is None:
        return None
    return {"kind": entry["kind"], "schema": entry.get("schema"), "name": entry["name"]}


def each_finding(report: dict) -> Iterator[tuple[dict | None, dict]]:
    """(object entry or None, finding) for every finding of a report, in report order: objects, data
    statements needing work, then script findings (whose object is None)."""
    for entry in report.get("objects", []):
        for finding in entry.get("findings", []):
            yield entry, finding
    for entry in report.get("data_statements_needing_work", []):
        for finding in entry.get("findings", []):
            yield entry, finding
    for finding in report.get("script_findings", []):
        yield None, finding


def finding_key(entry: dict | None, finding: dict) -> Key:
    """What makes a finding the same finding in two reports (no file, line or column)."""
    ref = object_ref(entry) or {"kind": None, "schema": None, "name": None}
    return ref["kind"], ref["schema"], ref["name"], finding["rule_id"], finding["message"]


def compare(current: dict, previous: dict, label: str) -> dict:
    """The `baseline` section of `current`: findings new since `previous` and fixed since, objects added and
    removed, objects whose status changed, and the change in estimated hours. `label` names the baseline
    (the path given to --baseline). Lists are in report order (current report for what is new or added,
    previous report for what is fixed or removed)."""
    _check(previous, label)
    now = list(each_finding(current))
    before = list(each_finding(previous))

    remaining = Counter(finding_key(e, f) for e, f in before)
    new_findings = []
    for entry, finding in now:
        key = finding_key(entry, finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new_findings.append(_with_object(entry, finding))
    fixed_findings = []
    for entry, finding in before:
        key = finding_key(entry, finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            fixed_findings.append(_with_object(entry, finding))

    objects_added, objects_removed, status_changes = _objects(current.get("objects", []),
                                                              previous.get("objects", []))
    previous_hours = _effort_hours(previous)
    hours = _effort_hours(current)
    return {
        "file": label,
        "previous_effort_hours": previous_hours,
        "effort_hours": hours,
        "effort_delta": round(hours - previous_hours, 1),
        "new_findings": new_findings,
        "fixed_findings": fixed_findings,
        "objects_added": objects_added,
        "objects_removed": objects_removed,
        "status_changes": status_changes,
    }


def _with_object(entry: dict | None, finding: dict) -> dict:
    return {**finding, "object": object_ref(entry)}


def _objects(now: list[dict], before: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Objects matched by (kind, schema, name), duplicates pairwise in order."""
    def ident(entry: dict) -> tuple:
        return entry["kind"], entry.get("schema"), entry["name"]

    waiting: dict[tuple, list[dict]] = {}
    for entry in before:
        waiting.setdefault(ident(entry), []).append(entry)
    added, changes = [], []
    for entry in now:
        olds = waiting.get(ident(entry))
        if not olds:
            added.append(object_ref(entry))
            continue
        old = olds.pop(0)
        if old.get("status") != entry.get("status"):
            changes.append({**object_ref(entry), "from": old.get("status"), "to": entry.get("status")})
    removed_ids = {id(e) for olds in waiting.values() for e in olds}
    removed = [object_ref(e) for e in before if id(e) in removed_ids]
    return added, removed, changes


def _effort_hours(report: dict) -> float:
    """The report's estimated hours; a report of format 1.0 (written before the effort model) is estimated
    now with the built-in model."""
    effort = report.get("effort")
    if isinstance(effort, dict) and isinstance(effort.get("total_hours"), int | float):
        return float(effort["total_hours"])
    from sct.reports.effort import EffortModel, estimate

    return float(estimate(copy.deepcopy(report), EffortModel())["total_hours"])


def _check(report: dict, label: str) -> None:
    """A baseline that claims to be a report.json but is not shaped like one is an input error, not a crash."""
    def bad(what: str) -> InputError:
        return InputError(f"{label}: the baseline is not a valid sct report.json ({what})")

    for section in ("objects", "data_statements_needing_work"):
        entries = report.get(section, [])
        if not isinstance(entries, list):
            raise bad(f"{section} is not a list")
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("kind"), str) \
                    or not isinstance(entry.get("name"), str) or not isinstance(entry.get("findings", []), list):
                raise bad(f"an entry of {section} has no kind, name or findings")
            for finding in entry.get("findings", []):
                _check_finding(finding, bad)
    if "objects" not in report:
        raise bad("no objects")
    scripts = report.get("script_findings", [])
    if not isinstance(scripts, list):
        raise bad("script_findings is not a list")
    for finding in scripts:
        _check_finding(finding, bad)


def _check_finding(finding: object, bad) -> None:
    if not isinstance(finding, dict) or not isinstance(finding.get("rule_id"), str) \
            or not isinstance(finding.get("message"), str) or finding.get("effort") not in EFFORTS:
        raise bad("a finding has no rule_id, effort level or message")
