"""The CI gate: whether a report passes, and the one summary line a script can parse.

    sct: objects=812 auto=0.91 review=52 manual=17 blocker=2 failed=0 effort_h=63.5 gate=fail

`auto` is the share of objects converted exactly; `review`, `manual` and `blocker` count objects by their worst
finding; `failed` counts objects PostgreSQL rejected under --verify. `gate` is `pass`, `fail`, or `none` when no
gate option was given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sct.converter.ir import Effort

LEVELS = ("review", "manual", "blocker")


@dataclass(frozen=True)
class Gate:
    fail_on: str | None = None              # review | manual | blocker
    max_effort_hours: float | None = None
    min_auto_rate: float | None = None
    fail_on_new: bool = False               # with a baseline: judge only what is new

    @property
    def active(self) -> bool:
        return (self.fail_on is not None or self.max_effort_hours is not None or self.min_auto_rate is not None
                or self.fail_on_new)


def all_findings(report: dict) -> list[dict]:
    """Every finding of the report: objects, data statements needing work, the scripts themselves."""
    out = [f for o in report["objects"] for f in o["findings"]]
    out += [f for o in report.get("data_statements_needing_work", []) for f in o["findings"]]
    return out + list(report.get("script_findings", []))


def worst(findings: list[dict]) -> str:
    return max((f["effort"] for f in findings), key=lambda e: Effort(e).rank, default="auto")


def object_counts(report: dict) -> dict[str, int]:
    counts = {"review": 0, "manual": 0, "blocker": 0}
    for obj in report["objects"]:
        level = worst(obj["findings"])
        if level in counts:
            counts[level] += 1
    return counts


def evaluate(report: dict, gate: Gate) -> list[str]:
    """Why the gate fails (empty: it passes). With `fail_on_new`, only the baseline's new findings count."""
    reasons = []
    level = gate.fail_on or ("review" if gate.fail_on_new else None)
    if level is not None:
        threshold = Effort.parse(level).rank
        if gate.fail_on_new:
            baseline = report.get("baseline")
            if baseline is None:
                raise ValueError("--fail-on-new needs --baseline")
            pool = [f for f in baseline["new_findings"]]
            what = "new findings"
        else:
            pool = all_findings(report)
            what = "findings"
        hits = [f for f in pool if Effort(f["effort"]).rank >= threshold]
        if hits:
            what = what if len(hits) > 1 else what.replace("findings", "finding")
            reasons.append(f"{len(hits)} {what} at or above {level} (--fail-on {level})")
        failed = report["summary"]["by_status"].get("failed_verification", 0)
        if failed and not gate.fail_on_new:
            reasons.append(f"{failed} objects failed verification on PostgreSQL")
    hours = report["effort"]["total_hours"]
    if gate.max_effort_hours is not None and hours > gate.max_effort_hours:
        reasons.append(f"estimated effort {hours:g} h exceeds --max-effort-hours {gate.max_effort_hours:g}")
    rate = report["summary"]["auto_rate"]
    if gate.min_auto_rate is not None and rate < gate.min_auto_rate:
        reasons.append(f"auto rate {rate:.4g} is below --min-auto-rate {gate.min_auto_rate:g}")
    return reasons


def summary_line(report: dict, verdict: str) -> str:
    counts = object_counts(report)
    summary = report["summary"]
    auto = math.floor(summary["auto_rate"] * 100) / 100          # never round up to a rate not reached
    return (f"sct: objects={summary['objects']} auto={auto:.2f} review={counts['review']} "
            f"manual={counts['manual']} blocker={counts['blocker']} "
            f"failed={summary['by_status'].get('failed_verification', 0)} "
            f"effort_h={report['effort']['total_hours']:.1f} gate={verdict}")
