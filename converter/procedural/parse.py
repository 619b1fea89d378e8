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

from antlr4 import CommonTokenStream, InputStream
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorListener import ErrorListener
from antlr4.error.Errors import ParseCancellationException
from antlr4.error.ErrorStrategy import BailErrorStrategy, DefaultErrorStrategy

from ._generated.PlSqlLexer import PlSqlLexer
from ._generated.PlSqlParser import PlSqlParser

__all__ = ["ParseResult", "SyntaxIssue", "parse_plsql"]

_MAX_EXPECTED = 8       # an error listing more expected tokens than this names the construct instead
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


class _Collector(ErrorListener):
    """Keeps every syntax error with its place in the file, instead of printing it."""

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.issues: list[SyntaxIssue] = []

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # ANTLR names it
        self.issues.append(SyntaxIssue(line + self.line_offset, column + 1, _shorten(msg, recognizer)))


def _shorten(message: str, recognizer) -> str:
    """ANTLR's message, with a long list of expected tokens replaced by the construct being read."""
    head, expecting, expected = message.partition(" expecting {")
    if not expecting or expected.count(",") < _MAX_EXPECTED:
        return message
    context = getattr(recognizer, "_ctx", None)
    while context is not None and recognizer.ruleNames[context.getRuleIndex()] in _TOKEN_RUN_RULES:
        context = context.parentCtx
    if context is None:
        return head
    return f"{head} in {recognizer.ruleNames[context.getRuleIndex()].replace('_', ' ')}"


def parse_plsql(text: str, *, file: str | None = None, line_offset: int = 0) -> ParseResult:
    """Parse one PL/SQL unit. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    lexer_errors = _Collector(line_offset)
    lexer = PlSqlLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(lexer_errors)
    tokens = CommonTokenStream(lexer)
    tokens.fill()                       # all of them, also when parsing stops early
    parser = PlSqlParser(tokens)
    parser.removeErrorListeners()

    parser._interp.predictionMode = PredictionMode.SLL
    parser._errHandler = BailErrorStrategy()
    try:
        tree = parser.compilation_unit()
    except (ParseCancellationException, RecursionError):
        tree = None
    if tree is not None and not lexer_errors.issues:
        return ParseResult(tree, tokens, [], file, line_offset)

    parser_errors = _Collector(line_offset)
    tokens.seek(0)
    parser.reset()
    parser.addErrorListener(parser_errors)
    parser._interp.predictionMode = PredictionMode.LL
    parser._errHandler = DefaultErrorStrategy()
    try:
        tree = parser.compilation_unit()
    except RecursionError:
        token = tokens.LT(1)
        parser_errors.issues.append(SyntaxIssue(token.line + line_offset, token.column + 1,
                                                "nested too deeply to parse"))
    errors = lexer_errors.issues + parser_errors.issues
    return ParseResult(None if errors else tree, tokens, errors, file, line_offset)
