"""The effort model: how many hours of a DBA's work the findings of a report stand for.

The model is open and adjustable, and every report states it:

- Each finding costs hours by its effort level (`LEVEL_HOURS`): auto 0, review 0.1 (six minutes to read and
  confirm), manual 1, blocker 4. A rule can set its own figure (`RULE_HOURS`), and add hours for the size of
  the object (`per_100_lines`, as Ora2Pg adds a unit per 1,000 characters of code).
- Each rule in use costs a one-time learning effort by its level (`LEARNING_HOURS`): the first time a DBA
  meets a construct costs more than the tenth (AWS SCT's "learning curve effort").
- Where the work is not: an object blocked only because something it uses is not converted (OR016) costs
  nothing of its own; its blocker carries the work. Data statements repeat the same construct row after
  row, so each distinct (rule, message) among them costs once.
- An object's hours put it in AWS SCT's buckets: simple (< 2 h), medium (2 to 6 h), significant (> 6 h).

A TOML file (`--effort-config`) overrides any of it:

    [levels]          # hours per finding, by effort level
    manual = 1.5
    [learning]        # one-time hours per rule in use, by effort level
    manual = 2
    [rules.OR012]     # one rule: hours per finding, plus hours per 100 source lines, learning hours
    hours = 2
    per_100_lines = 0.5
    learning = 1
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sct.errors import InputError

LEVELS = ("auto", "review", "manual", "blocker")
LEVEL_HOURS = {"auto": 0.0, "review": 0.1, "manual": 1.0, "blocker": 4.0}
LEARNING_HOURS = {"auto": 0.0, "review": 0.25, "manual": 1.0, "blocker": 2.0}
# Rules whose work is not the typical figure of their level.
RULE_HOURS: dict[str, dict[str, float]] = {
    "OR012": {"hours": 1.0, "per_100_lines": 0.5},      # PL/SQL not converted yet: scales with the code
    "OR415": {"hours": 1.0, "per_100_lines": 0.5},      # a PL/SQL construct left to a person: scales with the code
    "OR426": {"hours": 1.0, "per_100_lines": 0.5},      # package state and initialisation: likewise
    "OR016": {"hours": 0.0, "learning": 0.0},           # blocked: the blocker carries the work
    "OR017": {"hours": 0.25},                           # apply where the other schema exists
}
BUCKETS = (("simple", 2.0), ("medium", 6.0), ("significant", float("inf")))


@dataclass
class EffortModel:
    level_hours: dict[str, float] = field(default_factory=lambda: dict(LEVEL_HOURS))
    learning_hours: dict[str, float] = field(default_factory=lambda: dict(LEARNING_HOURS))
    rules: dict[str, dict[str, float]] = field(default_factory=lambda: {k: dict(v) for k, v in RULE_HOURS.items()})
    source: str = "built-in defaults"

    def finding_hours(self, rule_id: str, effort: str, lines: int = 0) -> float:
        rule = self.rules.get(rule_id, {})
        hours = rule.get("hours", self.level_hours[effort])
        return hours + rule.get("per_100_lines", 0.0) * lines / 100

    def learning(self, rule_id: str, effort: str) -> float:
        return self.rules.get(rule_id, {}).get("learning", self.learning_hours[effort])

    def describe(self) -> str:
        levels = ", ".join(f"{k} {v:g} h" for k, v in self.level_hours.items())
        learning = ", ".join(f"{k} {v:g} h" for k, v in self.learning_hours.items() if v)
        rules = "; ".join(f"{rid}: " + ", ".join(f"{k} {v:g}" for k, v in sorted(r.items()))
                          for rid, r in sorted(self.rules.items()))
        return (f"Each finding costs hours by its effort level ({levels}); each rule in use adds a one-time "
                f"learning effort ({learning}). Rule figures: {rules}. An object blocked only by another "
                "object costs nothing of its own; in data statements each distinct rule and message costs "
                "once. Buckets per object: simple < 2 h, medium 2-6 h, significant > 6 h. "
                f"Figures from: {self.source}.")


def load_model(path: Path | None) -> EffortModel:
    """The built-in model, with the overrides of a TOML file; unknown keys are an error naming the key."""
    model = EffortModel()
    if path is None:
        return model
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"{path}: cannot read the effort configuration ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: not valid TOML: {e}") from None
    for key, value in data.items():
        if key in ("levels", "learning"):
            target = model.level_hours if key == "levels" else model.learning_hours
            for level, hours in _table(path, key, value).items():
                if level not in LEVELS:
                    raise InputError(f"{path}: [{key}] {level}: not an effort level ({', '.join(LEVELS)})")
                target[level] = _hours(path, f"[{key}] {level}", hours)
        elif key == "rules":
            from sct.rules import get as get_rule

            for rule_id, figures in _table(path, key, value).items():
                try:
                    get_rule(rule_id)
                except KeyError:
                    raise InputError(f"{path}: [rules.{rule_id}]: no such rule") from None
                for name, hours in _table(path, f"rules.{rule_id}", figures).items():
                    if name not in ("hours", "per_100_lines", "learning"):
                        raise InputError(f"{path}: [rules.{rule_id}] {name}: unknown key "
                                         "(hours, per_100_lines, learning)")
                    model.rules.setdefault(rule_id, {})[name] = _hours(path, f"[rules.{rule_id}] {name}", hours)
        else:
            raise InputError(f"{path}: unknown section [{key}] (levels, learning, rules)")
    model.source = f"built-in defaults, overridden by {path}"
    return model


def _table(path: Path, key: str, value: object) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"{path}: {key} must be a table ([{key}])")
    return value


def _hours(path: Path, where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise InputError(f"{path}: {where} = {value!r}: hours must be a number >= 0")
    return float(value)


def bucket(hours: float) -> str:
    if hours <= 0:
        return "none"
    return next(name for name, limit in BUCKETS if hours < limit)


def estimate(report: dict, model: EffortModel) -> dict:
    """Hours per object and per rule, and the total, for a report.json document (objects get `effort_hours`
    and `bucket`); returns the report's `effort` section."""
    by_rule: dict[str, dict] = {}

    def count(rule_id: str, effort: str, hours: float) -> None:
        entry = by_rule.setdefault(rule_id, {"effort": effort, "occurrences": 0, "hours": 0.0})
        entry["occurrences"] += 1
        entry["hours"] += hours
        if LEVELS.index(effort) > LEVELS.index(entry["effort"]):
            entry["effort"] = effort

    for obj in report["objects"]:
        lines = (obj.get("source_sql") or "").count("\n") + 1
        total = 0.0
        for finding in obj["findings"]:
            hours = model.finding_hours(finding["rule_id"], finding["effort"], lines)
            count(finding["rule_id"], finding["effort"], hours)
            total += hours
        obj["effort_hours"] = round(total, 2)
        obj["bucket"] = bucket(total)
    seen: set[tuple[str, str]] = set()
    for stmt in report.get("data_statements_needing_work", []):
        for finding in stmt["findings"]:
            key = (finding["rule_id"], finding["message"])
            count(finding["rule_id"], finding["effort"],
                  0.0 if key in seen else model.finding_hours(finding["rule_id"], finding["effort"]))
            seen.add(key)
    for finding in report.get("script_findings", []):
        count(finding["rule_id"], finding["effort"], model.finding_hours(finding["rule_id"], finding["effort"]))
    learning_total = 0.0
    for rule_id, entry in by_rule.items():
        entry["learning_hours"] = model.learning(rule_id, entry["effort"]) if entry["hours"] > 0 else 0.0
        learning_total += entry["learning_hours"]
        entry["hours"] = round(entry["hours"], 2)
    work = sum(e["hours"] for e in by_rule.values())
    buckets = {name: sum(1 for o in report["objects"] if o["bucket"] == name)
               for name in ("none", "simple", "medium", "significant")}
    return {
        "unit": "hours",
        "model": model.describe(),
        "total_hours": round(work + learning_total, 1),
        "work_hours": round(work, 1),
        "learning_hours": round(learning_total, 1),
        "by_rule": {rid: by_rule[rid] for rid in sorted(by_rule)},
        "objects_by_bucket": buckets,
    }
