"""Render sqlglot trees as PostgreSQL text, with identifiers quoted by converter.names.quote_ident."""

from __future__ import annotations

from sqlglot import ErrorLevel, exp
from sqlglot.dialects.postgres import Postgres

from sct.converter.names import quote_ident


class SctPostgres(Postgres):
    """sqlglot's PostgreSQL dialect with our one quoting function for identifiers."""

    class Generator(Postgres.Generator):
        def identifier_sql(self, expression: exp.Identifier) -> str:
            # Names in the tree are already in target case (converter.dialects fold them); only quote.
            return quote_ident(expression.name)

        def anonymous_sql(self, expression: exp.Anonymous) -> str:
            # A call of a routine of the scripts (its name an Identifier): the name as the routine is named,
            # quoted when it needs it, not upper-cased like a built-in's.
            if isinstance(expression.this, exp.Identifier):
                return self.func(quote_ident(expression.this.name), *expression.expressions, normalize=False)
            return super().anonymous_sql(expression)


_DIALECT = SctPostgres()


def to_sql(tree: exp.Expression, pretty: bool = False, copy: bool = True) -> str:
    """PostgreSQL text of `tree`; raises sqlglot.errors.UnsupportedError for anything it cannot render.

    copy=False lets sqlglot's generator transform `tree` in place instead of a copy: only for a tree that is
    not read again (a data statement's, rendered once at the end), where the copy is a third of the time.
    """
    return _DIALECT.generate(tree, copy=copy, pretty=pretty, unsupported_level=ErrorLevel.RAISE)
