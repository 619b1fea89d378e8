"""Parsing one SQL Server (T-SQL) procedure, function or trigger into an ANTLR parse tree, with syntax errors as
data.

`parse_tsql_routine` takes the text of one CREATE [OR ALTER] | ALTER PROCEDURE | FUNCTION | TRIGGER statement,
one GO batch as converter/tsql_script.py cuts it, and never raises or prints on bad input: errors come back
with their file, line and column. The grammar is grammars/TSqlProcParser.g4; SQL and expressions inside the
routine are left as token spans.

As for PL/SQL and MySQL (converter/antlr_parse.py), parsing tries ANTLR's fast SLL prediction first and gives
up at the first error; only then does it parse again with full LL prediction, which is exact and recovers from
errors to report them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antlr4 import CommonTokenStream

from sct.converter.antlr_parse import two_stage_parse
from sct.converter.ir import Span

from ._generated.TSqlProcLexer import TSqlProcLexer
from ._generated.TSqlProcParser import TSqlProcParser

__all__ = ["TSqlParseResult", "TSqlSyntaxIssue", "parse_tsql_routine"]

# Rules that read runs of tokens: an error inside one is reported as an error in the rule around it.
_TOKEN_RUN_RULES = frozenset({"span", "span_condition", "span_item", "span_insert", "argument", "piece", "inner",
                              "group"})


@dataclass(frozen=True)
class TSqlSyntaxIssue:
    """One syntax error: the file, 1-based line in it, 1-based column, and ANTLR's message.

    `span` is the place as findings take it (converter.findings.fire(obj, rule, issue.span, ...)).
    """

    file: str
    line: int
    column: int
    message: str

    @property
    def span(self) -> Span:
        return Span(self.file, self.line, self.column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass
class TSqlParseResult:
    """The parse tree (None when the text has syntax errors), its tokens and the errors found."""

    tree: TSqlProcParser.Compilation_unitContext | None
    tokens: CommonTokenStream
    errors: list[TSqlSyntaxIssue] = field(default_factory=list)
    file: str = "<text>"
    line_offset: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe_errors(self) -> str:
        """The errors one per line, as file:line:column: message."""
        return "\n".join(str(error) for error in self.errors)


def parse_tsql_routine(text: str, file: str | None = None, line_offset: int = 0) -> TSqlParseResult:
    """Parse one procedure, function or trigger. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    file = file or "<text>"
    tree, tokens, errors = two_stage_parse(TSqlProcLexer, TSqlProcParser, text, "compilation_unit",
                                           line_offset, _TOKEN_RUN_RULES)
    return TSqlParseResult(tree, tokens, [TSqlSyntaxIssue(file, *e) for e in errors], file, line_offset)
