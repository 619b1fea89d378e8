"""docs/rules.md is generated from the rule registry, and every rule carries what the page needs."""

from __future__ import annotations

import difflib
import inspect
import re
from pathlib import Path

import pytest

from sct.reports.rules_doc import REGENERATE, render_rules_markdown
from sct.rules import Effort, all_rules

RULES_MD = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
RULES = all_rules()

# Rules documented without an example, each with the reason. Keep this list short and exact: the test
# below fails when a rule listed here gains an example or leaves the registry.
RULES_WITHOUT_EXAMPLES = {
    "OR090": "whether PostgreSQL accepts a statement depends on the server (version, extensions), "
             "not on the source alone",
}


def test_rules_md_is_current():
    expected = render_rules_markdown()
    fix = f"docs/rules.md is stale; regenerate it with `.venv/bin/{REGENERATE}` and commit it"
    assert RULES_MD.is_file(), f"docs/rules.md is missing; create it with `.venv/bin/{REGENERATE}`"
    actual = RULES_MD.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(actual.splitlines(), expected.splitlines(), "docs/rules.md",
                                    "render_rules_markdown()", lineterm="", n=1)
        shown = "\n".join(list(diff)[:40])
        pytest.fail(f"{fix}\n{shown}", pytrace=False)


def test_rules_md_is_deterministic():
    assert render_rules_markdown() == render_rules_markdown()


def test_every_rule_has_a_section_with_its_anchor():
    """reports link to docs/rules.md#or104: each rule has a heading that is exactly its id."""
    markdown = render_rules_markdown()
    for rule in RULES:
        assert f"\n### {rule.id}\n" in markdown, rule.id
        assert f"](#{rule.id.lower()})" in markdown, f"{rule.id} is not in the contents"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_what_the_docs_need(rule):
    assert re.fullmatch(r"(OR|MY|SQ|MS)\d{3}", rule.id), f"rule id {rule.id!r} is not of the form OR000, MY000, SQ000 or MS000"
    doc_lines = (inspect.getdoc(rule) or "").splitlines()
    assert doc_lines and doc_lines[0].strip(), f"{rule.id}: the docstring's first line (description) is empty"
    assert len(doc_lines) == 1 or not doc_lines[1].strip(), (
        f"{rule.id}: the description runs over more than one line; keep the docstring's first paragraph to "
        "one line and put the rest after a blank line")
    assert rule.description().strip() == doc_lines[0].strip()
    assert isinstance(rule.effort, Effort), f"{rule.id}: effort {rule.effort!r} is not an Effort"
    if rule.id in RULES_WITHOUT_EXAMPLES:
        pytest.skip(f"{rule.id} has no example: {RULES_WITHOUT_EXAMPLES[rule.id]}")
    assert any(e.applies for e in rule.examples), (
        f"{rule.id} has no example on which it fires; add one (or, with a reason, list it in "
        "RULES_WITHOUT_EXAMPLES in tests/test_docs.py)")


def test_rules_without_examples_list_is_exact():
    registry = {r.id: r for r in RULES}
    for rule_id in RULES_WITHOUT_EXAMPLES:
        assert rule_id in registry, f"{rule_id} is listed in RULES_WITHOUT_EXAMPLES but not registered"
        assert not registry[rule_id].examples, (
            f"{rule_id} now has examples: remove it from RULES_WITHOUT_EXAMPLES")
