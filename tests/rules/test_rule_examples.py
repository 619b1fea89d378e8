"""One generic test runs every example of every rule through the whole converter."""

from __future__ import annotations

import re

import pytest

from sct.converter.ir import Effort, Statement
from sct.converter.live.sqlite import convert_sqlite_text
from sct.converter.pipeline import convert_text
from sct.rules import all_rules

RULES = all_rules()
EXAMPLES = [(rule, n, example) for rule in RULES for n, example in enumerate(rule.examples)]


def fold(sql: str) -> str:
    """Whitespace-insensitive form: runs of blanks to one space, none just inside parentheses."""
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\(\s", "(", re.sub(r"\s\)", ")", sql))


def converted_sql(conversion, first_line: int) -> str:
    """The target SQL of the objects whose source starts at or after `first_line` (setup excluded)."""
    parts = [o.target_sql for o in conversion.ordered if o.span.line >= first_line and o.target_sql]
    parts += [s.target_sql for s in conversion.data_items
              if s.span.line >= first_line and s.target_sql and getattr(s, "verb", None) not in ("commit", "rollback")]
    return "\n".join(parts)


def fired_rules(conversion) -> set[str]:
    ids = {f.rule_id for o in conversion.objects for f in o.findings}
    return ids | {f.rule_id for f in conversion.script_findings}


def _convert(text: str, file: str, source: str):
    """The example converted from the rule's dialect: a SQLite example is a script SQLite runs in memory."""
    if source == "sqlite":
        return convert_sqlite_text(text, file)
    return convert_text(text, file=file, source=source)


@pytest.mark.parametrize("rule, n, example", EXAMPLES, ids=[f"{r.id}-{n}" for r, n, _ in EXAMPLES])
def test_rule_example(rule, n, example):
    setup_lines = example.setup.count("\n") + 1 if example.setup else 0
    text = (example.setup + "\n" if example.setup else "") + example.before
    conversion = _convert(text, f"{rule.id}.sql", rule.source)
    fired = fired_rules(conversion)
    if not example.applies:
        assert rule.id not in fired, f"{rule.id} fired on its counter-example"
        return
    assert rule.id in fired, f"{rule.id} did not fire; fired: {sorted(fired)}"
    if example.after is not None:
        assert fold(converted_sql(conversion, setup_lines + 1)) == fold(example.after)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented(rule):
    assert rule.description().endswith("."), "first docstring line is a sentence"
    assert len(rule.description()) <= 160, "the description fits on one line of the report"
    assert rule.name.startswith(f"{rule.source}."), rule.name
    assert isinstance(rule.effort, Effort)
    if rule.category != "verification":
        assert rule.examples, "every rule has examples that run as tests"
    if rule.effort is not Effort.AUTO and rule.category != "verification":
        assert any(e.applies for e in rule.examples)


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_statement_kind_is_not_a_schema_object():
    conversion = convert_text("INSERT INTO t (a) VALUES (1);")
    assert all(isinstance(o, Statement) for o in conversion.data_statements)
    assert conversion.ordered == []
