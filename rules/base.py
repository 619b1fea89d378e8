"""What a rule is. A rule's docstring, name, effort and examples are its documentation and its tests."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import ClassVar

from sct.converter.ir import Effort

__all__ = ["Effort", "Example", "Rule"]


@dataclass(frozen=True)
class Example:
    """A source snippet and what the converter must make of it.

    `after` is the exact target SQL of the converted statements (compared with whitespace folded). An
    assessment-only rule leaves `after` empty; the example then asserts that the rule fires on `before`.
    `setup` is source SQL converted first (e.g. the table a view reads), not compared.
    """

    before: str
    after: str | None = None
    setup: str = ""
    applies: bool = True        # False: a counter-example on which the rule must NOT fire


class Rule:
    """Base class: subclasses set the attributes below; the first docstring line is the description."""

    id: ClassVar[str]
    name: ClassVar[str]
    source: ClassVar[str] = "oracle"
    targets: ClassVar[tuple[str, ...]] = ("postgres",)
    effort: ClassVar[Effort] = Effort.AUTO
    category: ClassVar[str] = "general"
    examples: ClassVar[tuple[Example, ...]] = ()

    @classmethod
    def description(cls) -> str:
        return inspect.getdoc(cls).splitlines()[0]

    @classmethod
    def details(cls) -> str:
        """Everything in the docstring after the first line: why the targets differ, what to do."""
        doc = inspect.getdoc(cls) or ""
        return "\n".join(doc.splitlines()[1:]).strip()
