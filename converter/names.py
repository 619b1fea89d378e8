"""Identifier case and quoting. `quote_ident` is the one function that quotes a name for PostgreSQL."""

from __future__ import annotations

import re

# PostgreSQL 15 keywords that cannot be used as plain identifiers (categories R and T of pg_get_keywords()).
PG_RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
returning right select session_user similar some symmetric table tablesample then to trailing true union unique user
using variadic verbose when where window with
""".split())

_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")
_ORACLE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_$#]*\Z")
PG_MAX_IDENT = 63


def quote_ident(name: str) -> str:
    """Quote `name` for PostgreSQL when it needs it; embedded double quotes are doubled.

    >>> quote_ident("employees"), quote_ident("Order"), quote_ident("user"), quote_ident('a"b')
    ('employees', '"Order"', '"user"', '"a""b"')
    """
    if _PLAIN.match(name) and name not in PG_RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_qualified(*parts: str | None) -> str:
    return ".".join(quote_ident(p) for p in parts if p)


def fold_oracle(name: str, quoted: bool) -> str:
    """The PostgreSQL spelling of an Oracle identifier.

    Oracle folds unquoted names to upper case and PostgreSQL to lower case, so an unquoted name (and a quoted
    all-upper-case name, which Oracle treats as the same name) becomes lower case. A quoted name in any other
    case keeps its exact spelling and is quoted on output.
    """
    if not quoted:
        return name.lower()
    if name == name.upper() and _ORACLE_PLAIN.match(name):
        return name.lower()
    return name


def sql_string(text: str) -> str:
    """A PostgreSQL string literal (standard_conforming_strings on): quotes doubled."""
    return "'" + text.replace("'", "''") + "'"
