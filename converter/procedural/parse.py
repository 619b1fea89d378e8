"""Parsing one PL/SQL code object into an ANTLR parse tree, with syntax errors as data.

`parse_plsql` takes the text of one unit as the script reader gives it (CREATE PROCEDURE ... END;, an
anonymous block, ...) and never raises or prints on bad input: errors come back with their line and column
in the source file. The grammar is grammars/PlSqlParser.g4; SQL and expressions inside the unit are left
as token spans for sqlglot.

Parsing tries ANTLR's fast SLL prediction first and gives up at the first error; only then does it parse
again with full LL prediction, which is slower but exact, and which recovers from errors to report them
all. Most units parse in the first stage; the second one runs only where SLL cannot decide, or on errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antlr4 import CommonTokenStream

from sct.converter.antlr_parse import two_stage_parse

from ._generated.PlSqlLexer import PlSqlLexer
from ._generated.PlSqlParser import PlSqlParser

__all__ = ["ParseResult", "SyntaxIssue", "parse_plsql"]

# Rules that read runs of tokens: an error inside one is reported as an error in the rule around it.
_TOKEN_RUN_RULES = frozenset({"span", "span_then", "span_when", "span_loop", "span_bound", "span_item",
                              "span_dynamic", "span_using", "inner", "group", "arguments", "cc_text"})


@dataclass(frozen=True)
class SyntaxIssue:
    """One syntax error: 1-based line in the source file, 1-based column, and ANTLR's message."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@dataclass
class ParseResult:
    """The parse tree (None when the text has syntax errors), its tokens and the errors found."""

    tree: PlSqlParser.Compilation_unitContext | None
    tokens: CommonTokenStream
    errors: list[SyntaxIssue] = field(default_factory=list)
    file: str | None = None
    line_offset: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe_errors(self) -> str:
        """The errors one per line, as file:line:column: message."""
        where = self.file or "<text>"
        return "\n".join(f"{where}:{error}" for error in self.errors)


def parse_plsql(text: str, *, file: str | None = None, line_offset: int = 0) -> ParseResult:
    """Parse one PL/SQL unit. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    tree, tokens, errors = two_stage_parse(PlSqlLexer, PlSqlParser, text, "compilation_unit", line_offset,
                                           _TOKEN_RUN_RULES)
    return ParseResult(tree, tokens, [SyntaxIssue(*e) for e in errors], file, line_offset)
