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

from sct.converter.antlr_parse import RoutineParseResult, RoutineSyntaxIssue, parse_routine

from ._generated.MySqlProcLexer import MySqlProcLexer
from ._generated.MySqlProcParser import MySqlProcParser

__all__ = ["MySqlParseResult", "MySqlSyntaxIssue", "parse_mysql_routine"]

# Rules that read runs of tokens: an error inside one is reported as an error in the rule around it.
_TOKEN_RUN_RULES = frozenset({"span", "span_then", "span_when", "span_do", "span_item", "span_using",
                              "span_into", "span_schedule", "inner", "group", "sql_head"})


# The result types are shared by every procedural grammar (converter.antlr_parse).
MySqlSyntaxIssue = RoutineSyntaxIssue
MySqlParseResult = RoutineParseResult


def parse_mysql_routine(text: str, file: str | None = None, line_offset: int = 0) -> RoutineParseResult:
    """Parse one stored program. `line_offset` is the number of file lines before the text's first line.

    On success `tree` is the root `compilation_unit` context; on a syntax error `tree` is None and
    `errors` holds every error LL recovery found, in order.
    """
    return parse_routine(MySqlProcLexer, MySqlProcParser, text, file, line_offset, _TOKEN_RUN_RULES)
