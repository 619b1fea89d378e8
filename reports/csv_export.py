"""The report as a spreadsheet (`report.csv`): one row per finding, like AWS SCT's CSV export.

Every finding is a row: those of the objects (in report order), then those of the data statements needing
work, then the findings about the scripts themselves (these have no object: object_kind, schema, object_name
and status are empty). Columns:

    category            the rule's category (types, script, views, ...)
    occurrence          this is the n-th finding of its rule in this CSV (in row order), counting from 1
    action_item         the rule id (OR306)
    subject             the rule name (oracle.pseudo-column-without-equivalent)
    description         the finding's message
    recommended_action  the rule's description, then the first sentence of its details
    effort              auto, review, manual or blocker
    hours_each          estimated hours per occurrence of the rule (effort.by_rule hours / occurrences),
                        two decimals; the one-time learning hours are not included
    object_kind, schema, object_name, status
    file, line, column  where, in the source
    documentation       the rule's documentation (docs/rules.md#or306)

The text is UTF-8 with a byte order mark (so that Excel reads non-ASCII names right; read it back with
encoding "utf-8-sig"), RFC 4180 quoting (commas, quotes and line breaks inside a message stay in their cell),
CRLF line ends.

Spreadsheet formula injection: object names and messages come from the scripts, and a spreadsheet runs a
cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) as a formula. Every such cell gets a
leading apostrophe (`'=HYPERLINK(...)`), which the spreadsheet shows as text and does not run; the CSV is
meant for reading, so the apostrophe is kept when the file is read back by a program.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from sct.reports.baseline import each_finding

COLUMNS = ("category", "occurrence", "action_item", "subject", "description", "recommended_action", "effort",
           "hours_each", "object_kind", "schema", "object_name", "status", "file", "line", "column",
           "documentation")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the first sentence: up to a full stop followed by a space, but not after "e.g.", "i.e.", "etc." or "..."
_SENTENCE = re.compile(r"^(.+?(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\.\.)[.!?])(?=\s|$)")


def render_csv(report: dict) -> str:
    """One row per finding of the report.json document `report`, with a header row (see the module doc)."""
    rules = report.get("rules", {})
    by_rule = report.get("effort", {}).get("by_rule", {})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    occurrences: Counter = Counter()
    for entry, finding in each_finding(report):
        rule_id = finding["rule_id"]
        rule = rules.get(rule_id, {})
        occurrences[rule_id] += 1
        entry = entry or {}
        row = {
            "category": rule.get("category", ""),
            "occurrence": occurrences[rule_id],
            "action_item": rule_id,
            "subject": rule.get("name", ""),
            "description": finding["message"],
            "recommended_action": recommended_action(rule),
            "effort": finding["effort"],
            "hours_each": _hours_each(by_rule.get(rule_id)),
            "object_kind": entry.get("kind", ""),
            "schema": entry.get("schema") or "",
            "object_name": entry.get("name", ""),
            "status": entry.get("status", ""),
            "file": finding.get("file", ""),
            "line": finding.get("line", ""),
            "column": finding.get("column", ""),
            "documentation": rule.get("documentation", ""),
        }
        writer.writerow([neutralise(row[c]) for c in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def recommended_action(rule: dict) -> str:
    """The rule's description and the first sentence of its details (when that adds something)."""
    description = " ".join(str(rule.get("description", "")).split())
    details = " ".join(str(rule.get("details", "")).split())
    match = _SENTENCE.match(details)
    first = match.group(1) if match else details
    if not first or first == description:
        return description
    return f"{description} {first}" if description else first


def neutralise(value: object) -> object:
    """A cell a spreadsheet would run as a formula, made text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _hours_each(entry: dict | None) -> str:
    if not entry or not entry.get("occurrences"):
        return ""
    return f"{entry['hours'] / entry['occurrences']:.2f}"
