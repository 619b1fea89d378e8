"""Values every IR object shares: where it came from, what was found, how it is named."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A place in a source file: 1-based line and column, as an editor shows them."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def offset(self, line_delta: int, column: int = 1) -> Span:
        """The place `line_delta` lines below this one (column counted from 1 on that line)."""
        if line_delta <= 0:
            return Span(self.file, self.line, self.column + max(column - 1, 0))
        return Span(self.file, self.line + line_delta, column)


class Effort(enum.Enum):
    """How much human work a finding asks for, lowest first.

    AUTO: converted exactly, recorded so the report says what changed.
    REVIEW: converted, but a human should confirm the meaning (small, known difference).
    MANUAL: not converted; a human must write the target code.
    BLOCKER: cannot be migrated as designed (feature has no equivalent on the target).
    """

    AUTO = "auto"
    REVIEW = "review"
    MANUAL = "manual"
    BLOCKER = "blocker"

    @property
    def rank(self) -> int:
        return list(Effort).index(self)

    @classmethod
    def parse(cls, text: str) -> Effort:
        try:
            return cls(text.lower())
        except ValueError:
            raise ValueError(f"unknown effort level {text!r}; use one of "
                             + ", ".join(e.value for e in cls)) from None


@dataclass(frozen=True)
class Finding:
    """One thing a rule did or found, at a place in the source."""

    rule_id: str
    effort: Effort
    message: str
    span: Span

    def to_json(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "effort": self.effort.value,
            "message": self.message,
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
        }


@dataclass(frozen=True, order=True)
class QName:
    """A schema-qualified object name, already in the target's case (see converter.names)."""

    schema: str | None
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    @property
    def key(self) -> str:
        """Name used to match references (schema-less references match unqualified objects)."""
        return str(self)
