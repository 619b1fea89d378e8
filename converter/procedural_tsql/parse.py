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

from sct.converter.antlr_parse import RoutineParseResult, RoutineSyntaxIssue, parse_routine

from ._generated.TSqlProcLexer import TSqlProcLexer
from ._generated.TSqlProcParser import TSqlProcParser

__all__ = ["TSqlParseResult", "TSqlSyntaxIssue", "parse_tsql_routine"]

# Rules that read runs of tokens: an error inside one is reported as an error in the rule around it.
_TOKEN_RUN_RULES = frozenset({"span", "span_condition", "span_item", "span_insert", "argument", "piece", "inner",
                              "group"})


# The result types are shared by every procedural grammar (converter.antlr_parse).
TSqlSyntaxIssue = RoutineSyntaxIssue
TSqlParseResult = RoutineParseResult


def parse_tsql_routine(text: str, file: str | None = None, line_offset: int = 0) -> RoutineParseResult:
    """Parse one procedure, function or trigger. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    return parse_routine(TSqlProcLexer, TSqlProcParser, text, file, line_offset, _TOKEN_RUN_RULES)
