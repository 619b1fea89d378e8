"""SQLite definitions into the shared IR: declared types by SQLite's affinity rules, the parts of a CREATE TABLE
the catalog's PRAGMAs do not give (CHECK, COLLATE, generated columns, AUTOINCREMENT, ON CONFLICT), and SQL
expressions through sqlglot's sqlite dialect.

The structure of a table (columns, declared types, defaults, keys, indexes, foreign keys) is read from SQLite
itself (PRAGMA table_xinfo, index_list, index_xinfo, foreign_key_list: converter.live.sqlite), because
sqlglot 30 cannot read every CREATE TABLE SQLite accepts (WITHOUT ROWID, multi-word type names such as
`UNSIGNED BIG INT`). What is left is found here by splitting the statement's text into its elements with a small
tokenizer; every expression (CHECK, DEFAULT, generated column, index key, partial-index WHERE, view query) is
parsed by sqlglot (sqlite) and written for PostgreSQL by the shared emitter. Names fold to lower case: SQLite
compares identifiers without regard to case, so the folded names mean the same.

Types, as https://www.sqlite.org/datatype3.html decides a column's affinity from its declared type:

    "INT" anywhere                    INTEGER affinity    bigint (SQLite integers are 64-bit)
    "CHAR", "CLOB" or "TEXT"          TEXT                varchar(n) when a length is declared, else text
    "BLOB", or no type                BLOB                bytea (no type at all: text, SQ013)
    "REAL", "FLOA" or "DOUB"          REAL                double precision
    anything else                     NUMERIC             numeric(p,s) / numeric; DATE date, DATETIME and
                                                          TIMESTAMP timestamp, TIME time, BOOLEAN boolean (SQ012)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.sqlite import SQLite

from sct.converter.dialects import sqlparse
from sct.converter.findings import fire
from sct.converter.ir import SchemaObject, Span

__all__ = ["ColumnText", "TableText", "affinity", "convert_tree", "parse_expression", "parse_query",
           "read_table_text", "target_type"]

_DIALECT = SQLite()

# --- types -------------------------------------------------------------------------------------------------


def affinity(declared: str) -> str:
    """The column affinity SQLite gives a declared type (rules 1-5 of datatype3.html, in that order)."""
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper.strip():
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


_ARGS = re.compile(r"\(\s*([+-]?\d+)\s*(?:,\s*([+-]?\d+)\s*)?\)")


def target_type(declared: str) -> tuple[str, str]:
    """(PostgreSQL type, kind) for a declared type; kind is the meaning it was mapped by: integer, text, blob,
    untyped, real, numeric, date, timestamp, time, boolean or any (STRICT's ANY)."""
    upper = " ".join(declared.upper().split())
    name = _ARGS.sub("", upper).strip()
    args = _ARGS.search(upper)
    kind = affinity(declared)
    if kind == "INTEGER":
        return "bigint", "integer"
    if kind == "TEXT":
        if args and not args.group(2) and int(args.group(1)) > 0:
            return f"varchar({int(args.group(1))})", "text"
        return "text", "text"
    if kind == "BLOB":
        return ("bytea", "blob") if upper else ("text", "untyped")
    if kind == "REAL":
        return "double precision", "real"
    if name == "ANY":
        return "text", "any"
    if name in ("DATE",):
        return "date", "date"
    if name in ("DATETIME", "TIMESTAMP"):
        return "timestamp", "timestamp"
    if name == "TIME":
        return "time", "time"
    if name in ("BOOLEAN", "BOOL"):
        return "boolean", "boolean"
    if name in ("NUMERIC", "DECIMAL") and args:
        precision, scale = int(args.group(1)), int(args.group(2) or 0)
        if 1 <= precision <= 1000 and 0 <= scale <= precision:
            return f"numeric({precision},{scale})", "numeric"
    return "numeric", "numeric"


# --- the text of a CREATE TABLE ----------------------------------------------------------------------------

_TOKEN = re.compile(r"""\s+|--[^\n]*|/\*.*?(?:\*/|\Z)|'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]
                        |[^\W\d][\w$]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|.""", re.S | re.X)


@dataclass
class Token:
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokens(text: str) -> list[Token]:
    """SQLite tokens of `text` (blanks and comments left out)."""
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group()
        if t.isspace() or t.startswith("--") or t.startswith("/*"):
            continue
        out.append(Token(t, m.start()))
    return out


def unquote(name: str) -> str:
    """An identifier's name: "x", [x], `x` and 'x' quoting removed."""
    if len(name) >= 2 and name[0] in "\"`'" and name[-1] == name[0]:
        return name[1:-1].replace(name[0] * 2, name[0])
    if len(name) >= 2 and name[0] == "[" and name[-1] == "]":
        return name[1:-1]
    return name


@dataclass
class ColumnText:
    """What the PRAGMAs do not say about a column."""

    name: str
    collation: str | None = None
    autoincrement: bool = False
    generated: str | None = None            # the expression's text
    stored: bool = False
    checks: list[tuple[str | None, str, int]] = field(default_factory=list)     # (name, text, offset)
    on_conflict: str | None = None


@dataclass
class TableText:
    columns: dict[str, ColumnText] = field(default_factory=dict)       # by lower-case name
    checks: list[tuple[str | None, str, int]] = field(default_factory=list)      # (name, expression, offset)
    without_rowid: bool = False
    strict: bool = False
    on_conflict: list[str] = field(default_factory=list)                # "UNIQUE ON CONFLICT REPLACE", ...
    deferred: dict[tuple[str, ...], tuple[bool, bool]] = field(default_factory=dict)   # fk columns -> flags


def _group_end(toks: list[Token], k: int) -> int:
    """Index of the ')' closing the '(' at toks[k]."""
    depth = 0
    for j in range(k, len(toks)):
        if toks[j].text == "(":
            depth += 1
        elif toks[j].text == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def read_table_text(sql: str) -> TableText:
    """CHECK constraints, collations, generated columns, AUTOINCREMENT, ON CONFLICT clauses, deferrable foreign
    keys and the WITHOUT ROWID / STRICT options of a CREATE TABLE."""
    toks = tokens(sql)
    out = TableText()
    open_at = next((k for k, t in enumerate(toks) if t.text == "("), None)
    if open_at is None or any(t.upper == "AS" for t in toks[:open_at]):
        return out                              # CREATE TABLE ... AS SELECT: the PRAGMAs say it all
    close = _group_end(toks, open_at)
    tail = {t.upper for t in toks[close + 1:]}
    out.without_rowid, out.strict = "ROWID" in tail, "STRICT" in tail
    element: list[Token] = []
    k = open_at + 1
    while k <= close:
        t = toks[k]
        if t.text == "(":
            end = _group_end(toks, k)
            element.extend(toks[k:end + 1])
            k = end + 1
            continue
        if t.text in (",", ")"):
            if element:
                _element(sql, element, out)
            element = []
        else:
            element.append(t)
        k += 1
    return out


def _element(sql: str, toks: list[Token], out: TableText) -> None:
    words = [t.upper for t in toks]
    column = None
    if words[0] not in ("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"):
        column = ColumnText(unquote(toks[0].text))
        out.columns[column.name.lower()] = column
    name = None
    k = 1 if column else 0
    while k < len(toks):
        word = words[k]
        if word == "CONSTRAINT" and k + 1 < len(toks):
            name = unquote(toks[k + 1].text)
            k += 2
            continue
        if word == "CHECK" and k + 1 < len(toks) and toks[k + 1].text == "(":
            end = _group_end(toks, k + 1)
            text = sql[toks[k + 2].start:toks[end].start] if end > k + 2 else ""
            (column.checks if column else out.checks).append((name, text, toks[k + 2].start))
            k = end + 1
            continue
        if column and word in ("AS", "GENERATED") and "(" in [t.text for t in toks[k:k + 4]]:
            first = next(j for j in range(k, len(toks)) if toks[j].text == "(")
            end = _group_end(toks, first)
            column.generated = sql[toks[first + 1].start:toks[end].start]
            column.stored = end + 1 < len(toks) and words[end + 1] == "STORED"
            k = end + 1
            continue
        if column and word == "COLLATE" and k + 1 < len(toks):
            column.collation = unquote(toks[k + 1].text).upper()
        elif column and word == "AUTOINCREMENT":
            column.autoincrement = True
        elif word == "ON" and k + 2 < len(toks) and words[k + 1] == "CONFLICT":
            clause = f"ON CONFLICT {words[k + 2]}"
            what = "PRIMARY KEY" if "PRIMARY" in words[:k] else "UNIQUE" if "UNIQUE" in words[:k] else \
                "NOT NULL" if "NULL" in words[:k] else "CHECK" if "CHECK" in words[:k] else "constraint"
            out.on_conflict.append(f"{column.name + ': ' if column else ''}{what} {clause}")
        elif word == "REFERENCES":
            _deferrable(toks, words, k, column, out)
        k += 1


def _deferrable(toks: list[Token], words: list[str], k: int, column: ColumnText | None, out: TableText) -> None:
    """DEFERRABLE [INITIALLY DEFERRED] after REFERENCES, keyed by the foreign key's columns (lower case)."""
    rest = words[k:]
    if "DEFERRABLE" not in rest:
        return
    at = rest.index("DEFERRABLE")
    if at > 0 and rest[at - 1] == "NOT":
        return
    deferred = rest[at + 1:at + 3] == ["INITIALLY", "DEFERRED"]
    if column is not None:
        key: tuple[str, ...] = (column.name.lower(),)
    else:
        start = words.index("KEY") + 1 if "KEY" in words else 0
        end = _group_end(toks, start) if start < len(toks) and toks[start].text == "(" else start
        key = tuple(unquote(t.text).lower() for t in toks[start + 1:end] if t.text != ",")
    out.deferred[key] = (True, deferred)


# --- expressions -------------------------------------------------------------------------------------------

def parse_expression(text: str, span: Span) -> exp.Expression:
    """A scalar SQLite expression; raises sqlparse.SqlParseError."""
    return sqlparse.parse_expression(text, span, _DIALECT)


def parse_query(text: str, span: Span) -> exp.Expression:
    """A SQLite statement (a view's CREATE VIEW); raises sqlparse.SqlParseError."""
    return sqlparse.parse_statement(text, span, _DIALECT)


class NotConverted(Exception):
    """An expression uses what has no PostgreSQL counterpart here; `message` says what."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# SQLite functions sqlglot reads into a node it writes under a name PostgreSQL lacks or with another meaning:
# typeof(), date() (text in SQLite), GLOB, hex(), unhex(), format()/printf(), soundex() (an extension),
# sqlite_version(), json_extract() (on text; PostgreSQL's needs json).
_UNCONVERTED = tuple(getattr(exp, name) for name in (
    "Typeof", "Date", "Glob", "Hex", "Unhex", "Format", "Soundex", "CurrentVersion", "JSONExtractScalar",
    "JSONExtract") if hasattr(exp, name))
_NOW = (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime)


def convert_tree(tree: exp.Expression, obj: SchemaObject, span: Span) -> exp.Expression:
    """The tree with names folded to lower case, LIKE made ILIKE (SQ032), CURRENT_TIMESTAMP made UTC (SQ025),
    and functions without a PostgreSQL counterpart refused (NotConverted)."""
    holder = exp.Paren(this=tree)               # so that the root itself can be replaced
    for node in list(tree.walk()):
        if isinstance(node, exp.Identifier):
            node.set("this", node.name.lower())
            node.set("quoted", False)
        elif isinstance(node, exp.Anonymous):
            raise NotConverted(f"the SQLite function {node.name}() has no PostgreSQL counterpart converted")
        elif isinstance(node, _UNCONVERTED):
            word = node.sql(dialect="sqlite").split("(")[0].strip()
            raise NotConverted(f"SQLite's {word} has no PostgreSQL counterpart converted")
    for now in list(holder.find_all(*_NOW)):
        word = now.sql(dialect="sqlite")
        utc = exp.AtTimeZone(this=exp.CurrentTimestamp(), zone=exp.Literal.string("UTC"))
        kind = {exp.CurrentTimestamp: None, exp.CurrentDate: "date", exp.CurrentTime: "time"}[type(now)]
        now.replace(utc if kind is None else exp.cast(utc, kind))
        fire(obj, "SQ025", span, f"{word} is SQLite's UTC time as text: it becomes the UTC {kind or 'timestamp'} "
                                 "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), not the session's local time")
    for blob in list(holder.find_all(exp.HexString)):          # x'00ff': a blob, not PostgreSQL's bit string
        blob.replace(exp.cast(exp.Literal.string("\\x" + blob.name), "bytea"))
    for like in list(holder.find_all(exp.Like)):
        like.replace(exp.ILike(**like.args))                    # NOT LIKE is Like(negate=True)
        fire(obj, "SQ032", span, "LIKE is case-insensitive for ASCII letters in SQLite: it becomes ILIKE, which also "
                                 "folds non-ASCII letters (SQLite's LIKE does not: 'É' LIKE 'é' is false there)")
    return holder.this
