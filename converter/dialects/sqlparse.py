"""One SQL statement or expression read by sqlglot in a source dialect, with errors placed in the source file.

Both dialect front ends (oracle_sql, mysql_sql) parse through `parse_one`: sqlglot's ParseError and TokenError
become `SqlParseError` with the file:line:column of the error (the text starts at `span`), and a text that is
not exactly one statement is refused. `parse_statement` also refuses what sqlglot could only keep as a bare
Command.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import ErrorLevel, exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError

from sct.converter.ir import Span

__all__ = ["SqlParseError", "parse_expression", "parse_one", "parse_statement", "place"]


class SqlParseError(Exception):
    """SQL that sqlglot cannot read; `span` is the place of the error in the source file."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(f"{span}: {message}")
        self.message = message
        self.span = span


def place(span: Span, line: int, column: int) -> Span:
    """The file position of (line, column) inside text that starts at `span`."""
    return span.offset(max(line, 1) - 1, max(column, 1))


def parse_one(text: str, span: Span, dialect: Dialect) -> exp.Expression:
    """Exactly one tree for `text`; raises SqlParseError placed in the source file."""
    try:
        trees = sqlglot.parse(text, read=dialect, error_level=ErrorLevel.RAISE)
    except ParseError as e:
        err = e.errors[0] if e.errors else {}
        raise SqlParseError(err.get("description") or str(e),
                            place(span, err.get("line") or 1, err.get("col") or 1)) from None
    except TokenError as e:
        m = re.search(r"[Ll]ine (\d+), [Cc]ol(?:umn)?:? (\d+)", str(e))
        where = place(span, int(m.group(1)), int(m.group(2))) if m else span
        raise SqlParseError(str(e).splitlines()[0], where) from None
    trees = [t for t in trees if t is not None]
    if len(trees) != 1:
        raise SqlParseError(f"expected one statement, found {len(trees)}", span)
    return trees[0]


def parse_statement(text: str, span: Span, dialect: Dialect) -> exp.Expression:
    """A full statement (a trailing `;` is dropped); what sqlglot keeps only as a Command is refused."""
    tree = parse_one(text.strip().rstrip(";").rstrip(), span, dialect)
    if isinstance(tree, exp.Command):
        raise SqlParseError(f"statement not understood: {text.strip().split()[0]} ...", span)
    return tree


def parse_expression(text: str, span: Span, dialect: Dialect) -> exp.Expression:
    """A scalar expression or condition (DEFAULT, CHECK, index key, generated column): a query, DML or DDL is
    refused."""
    tree = parse_one(text, span, dialect)
    if isinstance(tree, (exp.Query, exp.DML, exp.DDL, exp.Command)):
        raise SqlParseError("expected an expression", span)
    return tree
