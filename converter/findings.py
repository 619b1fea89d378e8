"""Recording findings on objects: every rule firing goes through `fire`, so ids are checked against the registry."""

from __future__ import annotations

from sct.converter.ir import Effort, Finding, SchemaObject, Span
from sct.rules import get as get_rule


def fire(obj: SchemaObject, rule_id: str, span: Span | None = None, message: str | None = None,
         effort: Effort | None = None) -> Finding:
    """Record that rule `rule_id` applied to `obj` (at `span`, default the object's start).

    The message defaults to the rule's one-line description; the effort to the rule's effort. The same
    finding at the same place is recorded once.
    """
    rule = get_rule(rule_id)
    finding = Finding(rule_id, effort or rule.effort, message or rule.description(), span or obj.span)
    if finding not in obj.findings:
        obj.findings.append(finding)
    return finding


class Collector:
    """A stand-in object for findings made before an IR object exists (e.g. while reading a script)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def fire(self, rule_id: str, span: Span, message: str | None = None, effort: Effort | None = None) -> Finding:
        rule = get_rule(rule_id)
        finding = Finding(rule_id, effort or rule.effort, message or rule.description(), span)
        if finding not in self.findings:
            self.findings.append(finding)
        return finding
