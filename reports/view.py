"""What the HTML and PDF reports show, computed once from a report.json document.

The templates only lay this out; every number they print comes from here, and every number here comes from
report.json, so the HTML, the PDF, the JSON, the SARIF and the CSV cannot disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sct.converter.ir import Effort

STATUSES = ("converted", "converted_with_review", "manual", "failed_verification")
STATUS_LABELS = {"converted": "converted", "converted_with_review": "with review", "manual": "manual",
                 "failed_verification": "failed verification"}
STATUS_COLORS = {"converted": "#2e7d32", "converted_with_review": "#f9a825", "manual": "#c62828",
                 "failed_verification": "#6a1b9a"}
EFFORT_ORDER = {e.value: e.rank for e in Effort}
DIALECT_NAMES = {"oracle": "Oracle", "postgres": "PostgreSQL", "postgresql": "PostgreSQL", "mysql": "MySQL",
                 "sqlserver": "SQL Server", "mssql": "SQL Server", "sqlite": "SQLite"}


@dataclass
class SourceLine:
    number: int
    text: str
    findings: list[dict] = field(default_factory=list)

    @property
    def worst(self) -> str:
        return _worst(self.findings)


@dataclass
class ObjectView:
    entry: dict
    lines: list[SourceLine]
    rules: list[str]
    worst: str
    label: str
    waits_for: list[str]          # labels of objects it is blocked by

    @property
    def findings_sorted(self) -> list[dict]:
        """Worst first, then in source order: what needs a person comes before what changed by itself."""
        return sorted(self.entry["findings"], key=lambda f: (-EFFORT_ORDER[f["effort"]], f["line"], f["column"]))


@dataclass
class ActionItem:
    rule_id: str
    rule: dict
    effort: str
    occurrences: int
    hours: float
    learning_hours: float
    places: list[tuple[dict | None, dict]]      # (object entry or None, finding)


@dataclass
class Bar:
    label: str
    segments: list[tuple[str, float, float, str, int]]    # (status, x, width, color, count)
    total: int


def label(entry: dict) -> str:
    name = f"{entry['schema']}.{entry['name']}" if entry.get("schema") else entry["name"]
    return f"{entry['kind'].replace('_', ' ')} {name}"


def _lines(entry: dict) -> list[SourceLine]:
    text = entry.get("source_sql") or ""
    first = entry["line"]
    lines = [SourceLine(first + n, line) for n, line in enumerate(text.split("\n"))]
    for finding in entry["findings"]:
        if finding.get("file") == entry["file"] and first <= finding["line"] < first + len(lines):
            lines[finding["line"] - first].findings.append(finding)
    return lines


def _worst(findings: list[dict]) -> str:
    return max((f["effort"] for f in findings), key=EFFORT_ORDER.__getitem__, default="auto")


def verdict(report: dict) -> str:
    """The executive summary in one sentence."""
    summary = report["summary"]
    total = summary["objects"]
    if total == 0:
        return "The scripts define no objects to convert."
    by = summary["by_status"]
    auto = by["converted"]
    parts = [f"{auto} of {total} objects ({auto / total:.0%}) convert automatically"]
    if by["converted_with_review"]:
        parts.append(f"{by['converted_with_review']} convert but need a review")
    if by["manual"]:
        parts.append(f"{by['manual']} need manual work")
    if by["failed_verification"]:
        parts.append(f"{by['failed_verification']} were rejected by PostgreSQL")
    hours = report["effort"]["total_hours"]
    sentence = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{sentence}; the remaining work is estimated at {hours:g} hours."


def kind_rows(report: dict) -> list[tuple[str, dict[str, int], int]]:
    rows = []
    for kind, counts in report["summary"]["by_kind"].items():
        rows.append((kind, {s: counts.get(s, 0) for s in STATUSES}, sum(counts.values())))
    return rows


def status_bars(report: dict, width: float = 420.0) -> list[Bar]:
    """One horizontal bar per kind, split by status, scaled to the largest kind."""
    rows = kind_rows(report)
    largest = max((total for _, _, total in rows), default=1) or 1
    bars = []
    for kind, counts, total in rows:
        x, segments = 0.0, []
        for status in STATUSES:
            if counts[status]:
                w = width * counts[status] / largest
                segments.append((status, x, w, STATUS_COLORS[status], counts[status]))
                x += w
        bars.append(Bar(kind.replace("_", " "), segments, total))
    return bars


def effort_by_category(report: dict) -> list[tuple[str, float]]:
    hours: dict[str, float] = defaultdict(float)
    for rule_id, entry in report["effort"]["by_rule"].items():
        category = report["rules"].get(rule_id, {}).get("category", "other")
        hours[category] += entry["hours"] + entry["learning_hours"]
    return sorted(((c, round(h, 1)) for c, h in hours.items() if h > 0), key=lambda ch: (-ch[1], ch[0]))


def action_items(report: dict) -> tuple[list[ActionItem], list[tuple[str, dict, int]], dict[str, list]]:
    """Rules with work to do (review and above), most hours first; the automatic changes with counts; and
    where every rule applied (object entry or None for the scripts, finding)."""
    places: dict[str, list] = defaultdict(list)
    for entry in report["objects"] + report.get("data_statements_needing_work", []):
        for finding in entry["findings"]:
            places[finding["rule_id"]].append((entry, finding))
    for finding in report.get("script_findings", []):
        places[finding["rule_id"]].append((None, finding))
    items, automatic = [], []
    for rule_id, effort in report["effort"]["by_rule"].items():
        rule = report["rules"].get(rule_id, {"name": rule_id, "description": "", "details": "",
                                              "documentation": ""})
        if effort["effort"] == "auto":
            automatic.append((rule_id, rule, effort["occurrences"]))
            continue
        items.append(ActionItem(rule_id, rule, effort["effort"], effort["occurrences"], effort["hours"],
                                effort["learning_hours"], places[rule_id]))
    items.sort(key=lambda a: (-EFFORT_ORDER[a.effort], -(a.hours + a.learning_hours), a.rule_id))
    return items, sorted(automatic, key=lambda a: (-a[2], a[0])), places


def objects(report: dict) -> list[ObjectView]:
    by_id = {e["id"]: e for e in report["objects"]}
    out = []
    for entry in report["objects"]:
        waits = [label(by_id[d]) for d in entry.get("depends_on", []) if d in by_id
                 and not by_id[d]["in_target"]] if not entry["in_target"] else []
        out.append(ObjectView(entry, _lines(entry), sorted({f["rule_id"] for f in entry["findings"]}),
                              _worst(entry["findings"]), label(entry), waits))
    return out


def blocked(views: list[ObjectView]) -> list[ObjectView]:
    """Objects left out only because something they use is left out (OR016) or is not in the scripts (OR017)."""
    return [v for v in views if not v.entry["in_target"]
            and any(f["rule_id"] in ("OR016", "OR017") for f in v.entry["findings"])]


@dataclass
class RuleDoc:
    rule_id: str
    name: str
    effort: str
    category: str
    description: str
    details: str
    examples: list[tuple[str, str | None, bool]]      # (before, after, applies)


def rule_docs(report: dict) -> list[RuleDoc]:
    """The reference for every rule the report uses, from the registry (examples included)."""
    from sct.rules import get as get_rule

    docs = []
    for rule_id in sorted(report["rules"]):
        try:
            rule = get_rule(rule_id)
        except KeyError:                        # a report from another sct version
            entry = report["rules"][rule_id]
            docs.append(RuleDoc(rule_id, entry["name"], entry["effort"], entry["category"], entry["description"],
                                entry.get("details", ""), []))
            continue
        docs.append(RuleDoc(rule_id, rule.name, rule.effort.value, rule.category, rule.description(),
                            rule.details(), [(e.before, e.after, e.applies) for e in rule.examples]))
    return docs


def build(report: dict, max_places: int = 200) -> dict:
    """Everything the templates need; lists of occurrences are cut at `max_places` (the CSV has them all)."""
    views = objects(report)
    items, automatic, places = action_items(report)
    findings_total = sum(len(v.entry["findings"]) for v in views)
    kinds = sorted({v.entry["kind"] for v in views})
    rule_ids = sorted({r for v in views for r in v.rules})
    return {
        "report": report,
        "verdict": verdict(report),
        "kind_rows": kind_rows(report),
        "statuses": STATUSES,
        "status_labels": STATUS_LABELS,
        "status_colors": STATUS_COLORS,
        "bars": status_bars(report),
        "categories": effort_by_category(report),
        "action_items": items,
        "automatic": automatic,
        "auto_places": places,
        "objects": views,
        "blocked": blocked(views),
        "kinds": kinds,
        "rule_ids": rule_ids,
        "findings_total": findings_total,
        "worst_counts": Counter(v.worst for v in views),
        "label": label,
        "rule_docs": rule_docs(report),
        "dialect_names": DIALECT_NAMES,
        "max_places": max_places,
    }
