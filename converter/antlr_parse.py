"""The two-stage ANTLR parse both procedural grammars use (PL/SQL: converter/procedural, MySQL stored
programs: converter/procedural_mysql), with syntax errors collected as data instead of printed.

`two_stage_parse` tries ANTLR's fast SLL prediction first and gives up at the first error; only then does it
parse again with full LL prediction, which is slower but exact, and which recovers from errors to report them
all. Errors are (line in the file, 1-based column, message); a message listing many expected tokens names the
construct being read instead (`token_run_rules` are the grammar's rules that read runs of tokens: an error
inside one is reported in the rule around it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antlr4 import CommonTokenStream, InputStream
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorListener import ErrorListener
from antlr4.error.Errors import ParseCancellationException
from antlr4.error.ErrorStrategy import BailErrorStrategy, DefaultErrorStrategy

__all__ = ["RoutineParseResult", "RoutineSyntaxIssue", "SpanBuilder", "two_stage_parse"]

_MAX_EXPECTED = 8       # an error listing more expected tokens than this names the construct instead


@dataclass(frozen=True)
class RoutineSyntaxIssue:
    """One syntax error: the file, 1-based line in it, 1-based column, and ANTLR's message.

    `span` is the place as findings take it (converter.findings.fire(obj, rule, issue.span, ...)).
    """

    file: str
    line: int
    column: int
    message: str

    @property
    def span(self):
        from sct.converter.ir import Span

        return Span(self.file, self.line, self.column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass
class RoutineParseResult:
    """The parse tree of one stored program (None when the text has syntax errors), its tokens and the errors."""

    tree: object | None
    tokens: CommonTokenStream
    errors: list[RoutineSyntaxIssue] = field(default_factory=list)
    file: str = "<text>"
    line_offset: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe_errors(self) -> str:
        """The errors one per line, as file:line:column: message."""
        return "\n".join(str(error) for error in self.errors)


def parse_routine(lexer_class, parser_class, text: str, file: str | None, line_offset: int,
                  token_run_rules: frozenset[str]) -> RoutineParseResult:
    """`two_stage_parse` from rule compilation_unit, as a RoutineParseResult with file:line:column errors."""
    file = file or "<text>"
    tree, tokens, errors = two_stage_parse(lexer_class, parser_class, text, "compilation_unit", line_offset,
                                           token_run_rules)
    return RoutineParseResult(tree, tokens, [RoutineSyntaxIssue(file, *e) for e in errors], file, line_offset)


class _Collector(ErrorListener):
    """Keeps every syntax error with its place in the file, instead of printing it."""

    def __init__(self, line_offset: int, token_run_rules: frozenset[str]) -> None:
        self.line_offset = line_offset
        self.token_run_rules = token_run_rules
        self.issues: list[tuple[int, int, str]] = []

    def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # ANTLR names it
        self.issues.append((line + self.line_offset, column + 1, self._shorten(msg, recognizer)))

    def _shorten(self, message: str, recognizer) -> str:
        head, expecting, expected = message.partition(" expecting {")
        if not expecting or expected.count(",") < _MAX_EXPECTED:
            return message
        context = getattr(recognizer, "_ctx", None)
        while context is not None and recognizer.ruleNames[context.getRuleIndex()] in self.token_run_rules:
            context = context.parentCtx
        if context is None:
            return head
        return f"{head} in {recognizer.ruleNames[context.getRuleIndex()].replace('_', ' ')}"


def two_stage_parse(lexer_class, parser_class, text: str, start_rule: str, line_offset: int,
                    token_run_rules: frozenset[str]) -> tuple[object | None, CommonTokenStream,
                                                            list[tuple[int, int, str]]]:
    """(tree or None, tokens, errors as (line, column, message)) for `text` from rule `start_rule`."""
    lexer_errors = _Collector(line_offset, token_run_rules)
    lexer = lexer_class(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(lexer_errors)
    tokens = CommonTokenStream(lexer)
    tokens.fill()                       # all of them, also when parsing stops early
    parser = parser_class(tokens)
    parser.removeErrorListeners()

    parser._interp.predictionMode = PredictionMode.SLL
    parser._errHandler = BailErrorStrategy()
    try:
        tree = getattr(parser, start_rule)()
    except (ParseCancellationException, RecursionError):
        tree = None
    if tree is not None and not lexer_errors.issues:
        return tree, tokens, []

    parser_errors = _Collector(line_offset, token_run_rules)
    tokens.seek(0)
    parser.reset()
    parser.addErrorListener(parser_errors)
    parser._interp.predictionMode = PredictionMode.LL
    parser._errHandler = DefaultErrorStrategy()
    try:
        tree = getattr(parser, start_rule)()
    except RecursionError:
        token = tokens.LT(1)
        parser_errors.issues.append((token.line + line_offset, token.column + 1, "nested too deeply to parse"))
    errors = lexer_errors.issues + parser_errors.issues
    return (None if errors else tree), tokens, errors


class SpanBuilder:
    """What every builder of a procedural IR (PL/SQL, MySQL, T-SQL) does with places: a rule's or a token run's
    `Where` (file line and column, offsets into the text) and its source `Text`; `line_offset` turns the text's
    line numbers into the file's."""

    line_offset: int = 0

    def where(self, ctx):
        return self.place(ctx.start, ctx.stop)

    def place(self, first, last):
        """From the first character of `first` to the last of `last` (nothing when `last` comes before)."""
        from sct.converter.ir.plsql import Where

        end = first.start if last is None or last.tokenIndex < first.tokenIndex else last.stop + 1
        return Where(first.line + self.line_offset, first.column + 1, first.start, end)

    def text(self, ctx):
        """The source text of a rule's tokens (with the comments and blanks between them); None for no rule."""
        return None if ctx is None else self.tokens_text(ctx.start, ctx.stop)

    def tokens_text(self, first, last):
        from sct.converter.ir.plsql import Text

        where = self.place(first, last)
        return Text(first.getInputStream().getText(where.start, where.end - 1), where)

    @staticmethod
    def name(ctx):
        """A name's tokens joined without blanks: hr.emp_pkg, `Mixed Case`, [Order Details]."""
        return None if ctx is None else ctx.getText()
