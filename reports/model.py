"""What the report says: the versioned report.json document, built from a conversion.

The format is documented in docs/report-format.md and described by reports/report.schema.json. Readers check
`format` and `version`; fields are only ever added within a major version.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from sct.converter.ir import CodeObject, Effort, SchemaObject, Statement, Status
from sct.reports.effort import EffortModel, estimate
from sct.rules import get as get_rule

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

FORMAT = "sct-report"
VERSION = "1.1"
STATUSES = (Status.CONVERTED, Status.REVIEW, Status.MANUAL, Status.FAILED_VERIFICATION)


def object_entry(obj: SchemaObject, ident: str = "", depends_on: list[str] | None = None) -> dict:
    return {
        "id": ident,
        "kind": obj.code_kind if isinstance(obj, CodeObject) else obj.kind,
        "schema": obj.name.schema,
        "name": obj.name.name,
        "file": obj.span.file,
        "line": obj.span.line,
        "column": obj.span.column,
        "status": obj.status,
        "in_target": obj.target_sql is not None,
        "findings": [f.to_json() for f in obj.findings],
        "verification_error": obj.verification_error,
        "source_sql": obj.source_text,
        "target_sql": obj.target_sql,
        "depends_on": depends_on or [],
    }


def _dependencies(objects: list[SchemaObject], ids: dict[int, str]) -> dict[int, list[str]]:
    """For each object, the ids of the objects it needs (as the dependency graph sees them)."""
    from sct.converter.graph import PHASES, _Names, dependencies

    graphed = [o for o in objects if type(o) in PHASES]
    names = _Names(graphed)
    return {id(o): [ids[id(d)] for d in dependencies(o, names) if id(d) in ids] for o in graphed}


def build_report(conversion: Conversion, verification: dict | None = None,
                 effort_model: EffortModel | None = None) -> dict:
    """The report document for a conversion (deterministic: no clocks, no absolute paths added)."""
    objects = [o for o in conversion.objects if not isinstance(o, Statement)]
    statements = conversion.data_statements
    ids = {id(o): f"o{n}" for n, o in enumerate(objects, 1)}
    needs = _dependencies(objects, ids)
    entries = [object_entry(o, ids[id(o)], needs.get(id(o))) for o in objects]
    by_kind: dict[str, Counter] = {}
    for entry in entries:
        by_kind.setdefault(entry["kind"], Counter())[entry["status"]] += 1
    # the findings the report lists: objects, data statements needing work, the scripts
    listed = [o for o in conversion.objects if not isinstance(o, Statement)]
    listed += [s for s in statements if s.status != Status.CONVERTED]
    all_findings = [f for o in listed for f in o.findings] + list(conversion.script_findings)
    used_rules = sorted({f.rule_id for f in all_findings})
    data_by_status = Counter(s.status for s in statements)
    data_rules = Counter(f.rule_id for s in statements for f in s.findings)
    report = {
        "format": FORMAT,
        "version": VERSION,
        "tool": {"name": "sct", "version": _tool_version()},
        "source": {"dialect": conversion.source, "files": list(conversion.files)},
        "target": {"dialect": conversion.target},
        "verification": verification,
        "summary": {
            "objects": len(entries),
            "by_status": {s: sum(1 for e in entries if e["status"] == s) for s in STATUSES},
            "by_kind": {k: {s: c[s] for s in STATUSES if c[s]} for k, c in sorted(by_kind.items())},
            "findings_by_effort": {e.value: sum(1 for f in all_findings if f.effort is e) for e in Effort},
            "data_statements": {"total": len(statements),
                                "by_status": {s: data_by_status[s] for s in STATUSES if data_by_status[s]},
                                "findings_by_rule": dict(sorted(data_rules.items()))},
        },
        "objects": entries,
        "data_statements_needing_work": [object_entry(s, f"d{n}") for n, s in enumerate(statements, 1)
                                         if s.status != Status.CONVERTED],
        "script_findings": [f.to_json() for f in conversion.script_findings],
        "rules": {rid: _rule_entry(rid) for rid in used_rules},
    }
    report["effort"] = estimate(report, effort_model or EffortModel())
    report["summary"]["auto_rate"] = round(report["summary"]["by_status"][Status.CONVERTED] / len(entries), 4) \
        if entries else 1.0
    report["summary"]["effort_hours"] = report["effort"]["total_hours"]
    return report


def _rule_entry(rule_id: str) -> dict:
    rule = get_rule(rule_id)
    return {"name": rule.name, "description": rule.description(), "details": rule.details(),
            "effort": rule.effort.value, "category": rule.category,
            "documentation": f"docs/rules.md#{rule_id.lower()}"}


def _tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sct")
    except PackageNotFoundError:
        return "0+unknown"


def dump(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
