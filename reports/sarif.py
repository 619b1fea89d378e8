"""The report as SARIF 2.1.0 (`report.sarif`), for GitHub code scanning and other SARIF viewers.

One run; `tool.driver.rules` holds every rule of the report, `results` every finding: those of the objects,
of the data statements needing work and of the scripts themselves. Levels follow the effort: auto -> none,
review -> note, manual -> warning, blocker -> error. Each result names its object as a logical location
(kind, fully qualified name) and carries a partial fingerprint, `sctFinding/v1`, computed from the rule, the
object (kind, schema, name) and the message but not the line: GitHub then keeps an alert open, or closed,
when the code around it moves. Findings that share all of these are told apart by a `:n` occurrence suffix.

File paths are written as in report.json: relative ones as relative URIs with forward slashes (GitHub resolves
them against the repository root), absolute ones as file:// URIs. Output is deterministic.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from sct.reports.baseline import each_finding, finding_key

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# The rules' documentation is a path in sct's repository (docs/rules.md#or104), and SARIF wants absolute URIs
# there; sct has no public address to give, so each rule carries its whole help text instead (help.text,
# help.markdown), which code-scanning tools show beside the finding, and the path in properties.
FINGERPRINT = "sctFinding/v1"
LEVELS = {"auto": "none", "review": "note", "manual": "warning", "blocker": "error"}

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")


def render_sarif(report: dict) -> str:
    """The report.json document `report` as a SARIF 2.1.0 log (JSON text, indent 2, ending in a newline)."""
    rules = _rules(report)
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    artifacts = _artifacts(report)
    artifact_index = {a["location"]["uri"]: n for n, a in enumerate(artifacts)}
    seen: Counter = Counter()
    results = []
    data_ids = {id(e) for e in report.get("data_statements_needing_work", [])}
    for entry, finding in each_finding(report):
        key = finding_key(entry, finding)
        seen[key] += 1
        results.append(_result(entry, finding, index[finding["rule_id"]], artifact_index,
                               f"{_hash(key)}:{seen[key]}", id(entry) in data_ids))
    summary = report.get("summary", {})
    run = {
        "tool": {"driver": {
            "name": "sct",
            "version": str(report.get("tool", {}).get("version", "")) or "0+unknown",
            "rules": rules,
        }},
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "sourceDialect": report.get("source", {}).get("dialect"),
            "targetDialect": report.get("target", {}).get("dialect"),
            "objects": summary.get("objects"),
            "autoRate": summary.get("auto_rate"),
            "effortHours": report.get("effort", {}).get("total_hours"),
        },
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rules(report: dict) -> list[dict]:
    """A reportingDescriptor for every rule in the report (and any rule a finding names that the report's
    `rules` section lacks), sorted by id."""
    known = report.get("rules", {})
    ids = set(known) | {f["rule_id"] for _, f in each_finding(report)}
    out = []
    for rule_id in sorted(ids):
        rule = known.get(rule_id, {})
        description = rule.get("description") or rule_id
        details = rule.get("details") or description
        effort = rule.get("effort", "manual")
        documentation = rule.get("documentation")
        descriptor = {
            "id": rule_id,
            "name": rule.get("name") or rule_id,
            "shortDescription": {"text": description},
            "fullDescription": {"text": details},
            "help": {"text": f"{description}\n\n{details}" if details != description else description,
                     "markdown": f"**{rule_id}** {description}\n\n{details}" if details != description
                     else f"**{rule_id}** {description}"},
        }
        descriptor["defaultConfiguration"] = {"level": LEVELS.get(effort, "warning")}
        descriptor["properties"] = {"effort": effort, "category": rule.get("category", ""),
                                    "tags": [t for t in ("sct", rule.get("category")) if t]}
        if documentation:
            descriptor["properties"]["documentation"] = documentation
        out.append(descriptor)
    return out


def _artifacts(report: dict) -> list[dict]:
    """The scripts read (in the order read), then any other file a finding names."""
    files = list(report.get("source", {}).get("files", []))
    for entry, finding in each_finding(report):
        for path in (finding.get("file"), entry.get("file") if entry else None):
            if path and path not in files:
                files.append(path)
    out, uris = [], set()
    for path in files:
        uri = file_uri(path)
        if uri not in uris:
            uris.add(uri)
            out.append({"location": {"uri": uri}, "roles": ["analysisTarget"], "sourceLanguage": "sql"})
    return out


def _result(entry: dict | None, finding: dict, rule_index: int, artifact_index: dict[str, int],
            fingerprint: str, data_statement: bool) -> dict:
    uri = file_uri(finding.get("file") or (entry or {}).get("file") or "")
    artifact = {"uri": uri}
    if uri in artifact_index:
        artifact["index"] = artifact_index[uri]
    location: dict = {"physicalLocation": {
        "artifactLocation": artifact,
        "region": {"startLine": max(int(finding.get("line") or 1), 1),
                   "startColumn": max(int(finding.get("column") or 1), 1)},
    }}
    message = finding["message"]
    properties = {"effort": finding["effort"]}
    if entry is not None:
        qualified = f"{entry['schema']}.{entry['name']}" if entry.get("schema") else entry["name"]
        where = f"data statement on {qualified}" if data_statement else f"{entry['kind']} {qualified}"
        message = f"{message} ({where})"
        location["logicalLocations"] = [{"name": entry["name"], "fullyQualifiedName": qualified,
                                         "kind": entry["kind"]}]
        properties.update({"objectId": entry.get("id", ""), "objectStatus": entry.get("status")})
    return {
        "ruleId": finding["rule_id"],
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding["effort"], "warning"),
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": properties,
    }


def file_uri(path: str) -> str:
    """A report path as a URI: file:///... when absolute, else a relative URI reference with forward slashes
    (percent-encoded where a URI needs it)."""
    if _WINDOWS_ABSOLUTE.match(path):
        return PureWindowsPath(path).as_uri()
    if path.startswith("/"):
        return PurePosixPath(path).as_uri()
    relative = path.replace("\\", "/")
    # ':' is encoded too, so that no first segment reads as a scheme
    return quote(relative, safe="/-._~!$&'()*+,;=@")


def _hash(key: tuple) -> str:
    return hashlib.sha256(json.dumps(list(key), ensure_ascii=False).encode("utf-8")).hexdigest()
