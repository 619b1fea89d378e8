"""docs/rules.md, generated from the rule registry (`sct rules --markdown > docs/rules.md`)."""

from __future__ import annotations

from sct.rules import Rule, all_rules


def _anchor(rule: type[Rule]) -> str:
    return rule.id.lower()


def render_rules_markdown() -> str:
    rules = all_rules()
    out = ["# Conversion rules",
           "",
           "Generated from the rule registry by `sct rules --markdown > docs/rules.md`; do not edit by hand.",
           "Each rule has an id that is never reused, an effort level, and examples that run as tests.",
           "",
           "Effort levels: **auto** converted exactly (listed so the report says what changed); **review** "
           "converted, a person should confirm a known difference; **manual** not converted, a person writes the "
           "target code; **blocker** no equivalent on the target.",
           "",
           "| id | name | effort | description |",
           "|---|---|---|---|"]
    for rule in rules:
        description = rule.description().replace("|", r"\|")
        out.append(f"| [{rule.id}](#{_anchor(rule)}) | `{rule.name}` | {rule.effort.value} | {description} |")
    for rule in rules:
        out += ["", f"## {rule.id}", "", f"**{rule.name}** · effort: {rule.effort.value} · category: "
                f"{rule.category} · {rule.source} → {', '.join(rule.targets)}", "", rule.description()]
        if rule.details():
            out += ["", rule.details()]
        for n, example in enumerate(rule.examples, 1):
            label = "Counter-example (the rule does not fire)" if not example.applies else f"Example {n}"
            out += ["", f"{label}:", "", "```sql", example.before.strip(), "```"]
            if example.after is not None:
                out += ["", "becomes", "", "```sql", example.after.strip(), "```"]
            elif example.applies:
                out += ["", "is reported with this rule's finding."]
    return "\n".join(out) + "\n"
