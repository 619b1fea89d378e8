"""Parsing one MySQL or MariaDB stored program into an ANTLR parse tree, with syntax errors as data.

`parse_mysql_routine` takes the text of one CREATE PROCEDURE | FUNCTION | TRIGGER | EVENT | PACKAGE
[BODY] statement as the script reader gives it (after DELIMITER handling: no custom delimiter at the end)
and never raises or prints on bad input: errors come back with their file, line and column. The grammar
is grammars/MySqlProcParser.g4; SQL and expressions inside the program are left as token spans.

As for PL/SQL (converter/procedural/parse.py), parsing tries ANTLR's fast SLL prediction first and gives
up at the first error; only then does it parse again with full LL prediction, which is exact and recovers
from errors to report them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antlr4 import CommonTokenStream

from sct.converter.antlr_parse import two_stage_parse
from sct.converter.ir import Span

from ._generated.MySqlProcLexer import MySqlProcLexer
from ._generated.MySqlProcParser import MySqlProcParser

__all__ = ["MySqlParseResult", "MySqlSyntaxIssue", "parse_mysql_routine"]

# Rules that read runs of tokens: an error inside one is reported as an error in the rule around it.
_TOKEN_RUN_RULES = frozenset({"span", "span_then", "span_when", "span_do", "span_item", "span_using",
                              "span_into", "span_schedule", "inner", "group", "sql_head"})


@dataclass(frozen=True)
class MySqlSyntaxIssue:
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
class MySqlParseResult:
    """The parse tree (None when the text has syntax errors), its tokens and the errors found."""

    tree: MySqlProcParser.Compilation_unitContext | None
    tokens: CommonTokenStream
    errors: list[MySqlSyntaxIssue] = field(default_factory=list)
    file: str = "<text>"
    line_offset: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe_errors(self) -> str:
        """The errors one per line, as file:line:column: message."""
        return "\n".join(str(error) for error in self.errors)


def parse_mysql_routine(text: str, file: str | None = None, line_offset: int = 0) -> MySqlParseResult:
    """Parse one stored program. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    file = file or "<text>"
    tree, tokens, errors = two_stage_parse(MySqlProcLexer, MySqlProcParser, text, "compilation_unit",
                                           line_offset, _TOKEN_RUN_RULES)
    return MySqlParseResult(tree, tokens, [MySqlSyntaxIssue(file, *e) for e in errors], file, line_offset)
