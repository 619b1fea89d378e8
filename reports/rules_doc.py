"""docs/rules.md, generated from the rule registry (`sct rules --markdown > docs/rules.md`).

The output depends on the registry only (no dates, no paths), so a stale docs/rules.md shows up as a diff;
tests/test_docs.py compares the file with `render_rules_markdown()`.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby

from sct.rules import Effort, Example, Rule, all_rules

REGENERATE = "sct rules --markdown > docs/rules.md"

# Rule ids are grouped by their hundreds: OR0xx, OR1xx, ... (the id ranges are assigned by subject).
_GROUP_TITLES = {
    0: "Scripts, parsing, ordering and verification",
    1: "Data types",
    2: "Tables, constraints, indexes, views and other schema objects",
    3: "SQL expressions and queries",
}

_EFFORT_MEANINGS = {
    Effort.AUTO: "converted exactly; listed so that the report says what changed.",
    Effort.REVIEW: "converted; a person should confirm a known difference.",
    Effort.MANUAL: "not converted; a person writes the target code.",
    Effort.BLOCKER: "no equivalent on the target.",
}

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_SPECIAL = re.compile(r"""\\|\*|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])""")


def _text(prose: str) -> str:
    """Docstring prose as Markdown: characters Markdown would read as markup are escaped outside `code`."""
    out, pos = [], 0
    for span in _CODE_SPAN.finditer(prose):
        out += [_SPECIAL.sub(lambda m: "\\" + m.group(0), prose[pos:span.start()]), span.group(0)]
        pos = span.end()
    out.append(_SPECIAL.sub(lambda m: "\\" + m.group(0), prose[pos:]))
    return "".join(out)


def _cell(prose: str) -> str:
    return _text(prose).replace("|", r"\|")


def _slug(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


_SOURCES = {"OR": "Oracle", "MY": "MySQL/MariaDB", "SQ": "SQLite", "MS": "SQL Server"}     # rule id prefix -> the source dialect it converts


def _group_key(rule: type[Rule]) -> tuple[str, int]:
    return rule.id[:2], int(rule.id[2])


# Families whose ids do not follow the hundreds of _GROUP_TITLES.
_FAMILY_TITLES = {"SQ": "Objects, types, constraints and SQL of a SQLite database"}


def _group_heading(key: tuple[str, int]) -> str:
    prefix, hundreds = key
    title = _GROUP_TITLES.get(hundreds, "Other rules") if prefix in _SOURCES else f"{prefix} rules"
    title = _FAMILY_TITLES.get(prefix, title)
    if prefix != "OR" and prefix in _SOURCES:
        title = f"{_SOURCES[prefix]}: {title}"
    return f"{title} ({prefix}{hundreds}xx)"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _effort_summary(rules: list[type[Rule]]) -> str:
    counts = Counter(rule.effort for rule in rules)
    parts = [f"{counts[effort]} {effort.value}" for effort in Effort if counts[effort]]
    return f"{_count(len(rules), 'rule')}: {', '.join(parts)}."


def _sql(code: str) -> list[str]:
    return ["```sql", code.strip(), "```"]


def _example(rule: type[Rule], example: Example, label: str) -> list[str]:
    out = [""]
    if example.setup:
        out += ["Given this first (converted, not part of the result):", "", *_sql(example.setup), ""]
    source = _SOURCES[rule.id[:2]]
    out += ["Not affected (the rule does not fire):" if not example.applies else f"{label}, {source}:", "",
            *_sql(example.before)]
    if example.applies and example.after is not None:
        out += ["", "PostgreSQL:", "", *_sql(example.after)]
    elif example.applies:
        out += ["", f"The converter reports this with an {rule.id} finding; the example shows where the rule "
                "fires, not the converted SQL."]
    return out


def _rule_section(rule: type[Rule]) -> list[str]:
    out = ["", f"### {rule.id}", "",
           f"**`{rule.name}`** · effort: **{rule.effort.value}** · category: {rule.category} · "
           f"{rule.source} → {', '.join(rule.targets)}",
           "", _text(rule.description())]
    if rule.details():
        out += ["", _text(rule.details())]
    applying = [e for e in rule.examples if e.applies]
    n = 0
    for example in rule.examples:
        if example.applies:
            n += 1
        out += _example(rule, example, "Example" if len(applying) == 1 else f"Example {n}")
    if not rule.examples:
        out += ["", "This rule has no example."]
    return out


def render_rules_markdown() -> str:
    rules = all_rules()
    groups = [(key, list(members)) for key, members in groupby(rules, key=_group_key)]
    out = ["# Conversion rules",
           "",
           f"Generated from the rule registry by `{REGENERATE}`; do not edit by hand.",
           "Each rule has an id that is never reused, an effort level, and examples that run as tests: the",
           "converter must turn each example's Oracle SQL into exactly the PostgreSQL shown.",
           "",
           "Effort levels, as used in the conversion report:",
           ""]
    out += [f"- **{effort.value}**: {meaning}" for effort, meaning in _EFFORT_MEANINGS.items()]
    out += ["", _effort_summary(rules), "", "## Contents"]
    for key, members in groups:
        heading = _group_heading(key)
        out += ["", f"**[{heading}](#{_slug(heading)})**: {_effort_summary(members)}", "",
                "| id | name | effort | description |",
                "|---|---|---|---|"]
        out += [f"| [{r.id}](#{r.id.lower()}) | `{r.name}` | {r.effort.value} | {_cell(r.description())} |"
                for r in members]
    for key, members in groups:
        out += ["", f"## {_group_heading(key)}"]
        categories = sorted({r.category for r in members})
        out += ["", f"Categories: {', '.join(categories)}."]
        for rule in members:
            out += _rule_section(rule)
    return "\n".join(out) + "\n"
