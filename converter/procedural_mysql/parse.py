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

from antlr4 import CommonTokenStream, InputStream
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorListener import ErrorListener
from antlr4.error.Errors import ParseCancellationException
from antlr4.error.ErrorStrategy import BailErrorStrategy, DefaultErrorStrategy

from sct.converter.ir import Span

from ._generated.MySqlProcLexer import MySqlProcLexer
from ._generated.MySqlProcParser import MySqlProcParser

__all__ = ["MySqlParseResult", "MySqlSyntaxIssue", "parse_mysql_routine"]

_MAX_EXPECTED = 8       # an error listing more expected tokens than this names the construct instead
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


class _Collector(ErrorListener):
    """Keeps every syntax error with its place in the file, instead of printing it."""

    def __init__(self, file: str, line_offset: int) -> None:
        self.file = file
        self.line_offset = line_offset
        self.issues: list[MySqlSyntaxIssue] = []

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # ANTLR names it
        self.issues.append(MySqlSyntaxIssue(self.file, line + self.line_offset, column + 1,
                                            _shorten(msg, recognizer)))


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


def parse_mysql_routine(text: str, file: str | None = None, line_offset: int = 0) -> MySqlParseResult:
    """Parse one stored program. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    file = file or "<text>"
    lexer_errors = _Collector(file, line_offset)
    lexer = MySqlProcLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(lexer_errors)
    tokens = CommonTokenStream(lexer)
    tokens.fill()                       # all of them, also when parsing stops early
    parser = MySqlProcParser(tokens)
    parser.removeErrorListeners()

    parser._interp.predictionMode = PredictionMode.SLL
    parser._errHandler = BailErrorStrategy()
    try:
        tree = parser.compilation_unit()
    except (ParseCancellationException, RecursionError):
        tree = None
    if tree is not None and not lexer_errors.issues:
        return MySqlParseResult(tree, tokens, [], file, line_offset)

    parser_errors = _Collector(file, line_offset)
    tokens.seek(0)
    parser.reset()
    parser.addErrorListener(parser_errors)
    parser._interp.predictionMode = PredictionMode.LL
    parser._errHandler = DefaultErrorStrategy()
    try:
        tree = parser.compilation_unit()
    except RecursionError:
        token = tokens.LT(1)
        parser_errors.issues.append(MySqlSyntaxIssue(file, token.line + line_offset, token.column + 1,
                                                     "nested too deeply to parse"))
    errors = lexer_errors.issues + parser_errors.issues
    return MySqlParseResult(None if errors else tree, tokens, errors, file, line_offset)
