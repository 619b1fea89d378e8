"""SQL Server (T-SQL) expressions and queries to PostgreSQL (rules MS301-MS399), on sqlglot's tsql dialect.

sqlglot reads T-SQL into its tree; `convert_tree` rewrites, one handler per node kind or function name,
everything whose PostgreSQL spelling or meaning differs, with a finding for each rewrite. The parser is told to
keep every function call as written (an Anonymous node) except the few whose sqlglot node we accept as is
(COUNT, SUM, AVG, MIN, MAX, COALESCE, NULLIF, window ranking), so that the audit sees the name the author wrote:
a call is rewritten by a handler (`FUNCTIONS`), is on the written same-meaning list (`SAME_MEANING`), is a routine
of the scripts (noted on the object as `tsql_unknown_calls` for converter.tsql_pipeline), or is reported (MS398).

Where sqlglot's own PostgreSQL output was checked wrong, ours replaces it: LEN (trailing spaces), DATEDIFF
(boundaries crossed, not elapsed time), `+` on strings (||), 0x literals (bit strings in PostgreSQL), N'..'
(bpchar in PostgreSQL), TRY_CAST (dropped to CAST), TOP ... WITH TIES and TOP ... PERCENT, money literals.

Names are folded to lower case (`fold`): SQL Server compares identifiers case-insensitively under its default
collation, and converter.dialects.tsql_ddl folds every name the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.tsql import TSQL

from sct.converter import compat
from sct.converter.dialects import sqlparse
from sct.converter.dialects.sqlparse import SqlParseError, parse_statement
from sct.converter.dialects.tsql_types import TsqlType, map_tsql_type
from sct.converter.findings import fire
from sct.converter.ir import Effort, SchemaObject, Span

__all__ = ["SqlParseError", "convert_tree", "fold", "parse_expression", "parse_sql"]

# sqlglot nodes accepted as parsed: PostgreSQL has them with the same meaning for the arguments T-SQL allows.
_TYPED = ("COUNT", "COUNT_BIG", "SUM", "AVG", "MIN", "MAX", "COALESCE", "NULLIF", "ROW_NUMBER", "RANK",
          "DENSE_RANK", "NTILE", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE")


class SctTSQL(TSQL):
    """sqlglot's T-SQL dialect, keeping function calls as written (see the module docstring)."""

    class Parser(TSQL.Parser):
        FUNCTIONS = {name: TSQL.Parser.FUNCTIONS[name] for name in _TYPED if name in TSQL.Parser.FUNCTIONS}
        FUNCTION_PARSERS = {name: TSQL.Parser.FUNCTION_PARSERS[name] for name in (
            "CAST", "CONVERT", "TRY_CAST", "TRY_CONVERT") if name in TSQL.Parser.FUNCTION_PARSERS}
        NO_PAREN_FUNCTIONS = TSQL.Parser.NO_PAREN_FUNCTIONS


DIALECT = SctTSQL()
_MONEY = re.compile(r"(?<![\w@#$])\$(?=\d|\.\d)")


def _money_literals(text: str) -> tuple[str, bool]:
    """`$20.00` (a money literal) as ` 20.00`, outside strings and comments; same length, so positions hold."""
    if "$" not in text:
        return text, False
    out, k, changed = [], 0, False
    for match in re.finditer(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/|\[[^\]]*\]|\"[^\"]*\"|\$", text, re.S):
        if match.group(0) == "$" and _MONEY.match(text, match.start()):
            out.append(text[k:match.start()] + " ")
            k = match.end()
            changed = True
    out.append(text[k:])
    return "".join(out), changed


def parse_sql(text: str, span: Span) -> exp.Expression:
    """A full T-SQL statement (SELECT/INSERT/UPDATE/DELETE); raises SqlParseError."""
    clean, money = _money_literals(text)
    tree = parse_statement(clean, span, DIALECT)
    if money:
        tree.meta["money_literals"] = True
    return tree


def parse_expression(text: str, span: Span) -> exp.Expression:
    """A scalar T-SQL expression or condition (DEFAULT, CHECK, computed column, index filter)."""
    clean, money = _money_literals(text)
    tree = sqlparse.parse_expression(clean, span, DIALECT)
    if money:
        tree.meta["money_literals"] = True
    return tree


def parse_one_pg(text: str) -> exp.Expression:
    import sqlglot

    return sqlglot.parse_one(text, read="postgres")


def fold(name: str) -> str:
    """The PostgreSQL name of a T-SQL identifier: lower case (see the module docstring)."""
    return name.lower()


# --- conversion --------------------------------------------------------------------------------------------

@dataclass
class Context:
    obj: SchemaObject
    span: Span
    context: str = "query"                  # query | default | check | computed | index | data
    columns: dict[str, str] = field(default_factory=dict)   # column name -> PostgreSQL type, where known
    ansi_nulls: bool = True
    money: set[str] = field(default_factory=set)            # columns (and variables) of type MONEY/SMALLMONEY

    def fire(self, rule_id: str, message: str | None = None, effort: Effort | None = None) -> None:
        fire(self.obj, rule_id, self.span, message, effort)


def _mark(node: exp.Expression) -> exp.Expression:
    """A node the converter wrote (its functions are PostgreSQL's, not audited as T-SQL)."""
    for sub in node.walk():
        sub.meta["sct"] = True
    return node


def fn(name: str, *args: exp.Expression) -> exp.Anonymous:
    node = exp.Anonymous(this=name, expressions=list(args))
    node.meta["sct"] = True
    return node


def _cast(node: exp.Expression, pg_type: str) -> exp.Cast:
    cast = exp.Cast(this=node, to=exp.DataType.build(pg_type, dialect="postgres"))
    cast.meta["sct"] = True
    return cast


def _paren(node: exp.Expression) -> exp.Expression:
    return node if isinstance(node, (exp.Column, exp.Literal, exp.Anonymous, exp.Func, exp.Paren)) else exp.Paren(
        this=node)


def _is_string(node: exp.Expression) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _args(node: exp.Anonymous) -> list[exp.Expression]:
    return list(node.expressions)


def _part(node: exp.Expression) -> str:
    """The datepart argument of DATEADD/DATEDIFF/DATEPART/DATENAME, canonical (its abbreviations resolved)."""
    name = (node.name if isinstance(node, (exp.Column, exp.Var, exp.Identifier)) else
            node.this if isinstance(node, exp.Literal) else node.sql()).upper()
    return _DATEPARTS.get(name, name)


_DATEPARTS = {
    "YEAR": "YEAR", "YY": "YEAR", "YYYY": "YEAR", "QUARTER": "QUARTER", "QQ": "QUARTER", "Q": "QUARTER",
    "MONTH": "MONTH", "MM": "MONTH", "M": "MONTH", "DAYOFYEAR": "DAYOFYEAR", "DY": "DAYOFYEAR", "Y": "DAYOFYEAR",
    "DAY": "DAY", "DD": "DAY", "D": "DAY", "WEEK": "WEEK", "WK": "WEEK", "WW": "WEEK", "WEEKDAY": "WEEKDAY",
    "DW": "WEEKDAY", "HOUR": "HOUR", "HH": "HOUR", "MINUTE": "MINUTE", "MI": "MINUTE", "N": "MINUTE",
    "SECOND": "SECOND", "SS": "SECOND", "S": "SECOND", "MILLISECOND": "MILLISECOND", "MS": "MILLISECOND",
    "MICROSECOND": "MICROSECOND", "MCS": "MICROSECOND", "NANOSECOND": "NANOSECOND", "NS": "NANOSECOND",
    "ISO_WEEK": "ISO_WEEK", "ISOWK": "ISO_WEEK", "ISOWW": "ISO_WEEK",
}
_INTERVAL_UNIT = {"YEAR": "1 year", "QUARTER": "3 months", "MONTH": "1 month", "DAYOFYEAR": "1 day", "DAY": "1 day",
                  "WEEK": "7 days", "WEEKDAY": "1 day", "HOUR": "1 hour", "MINUTE": "1 minute",
                  "SECOND": "1 second", "MILLISECOND": "1 millisecond", "MICROSECOND": "1 microsecond"}
_EXTRACT = {"YEAR": "YEAR", "QUARTER": "QUARTER", "MONTH": "MONTH", "DAYOFYEAR": "DOY", "DAY": "DAY",
            "HOUR": "HOUR", "MINUTE": "MINUTE", "ISO_WEEK": "WEEK"}


def _extract(unit: str, value: exp.Expression) -> exp.Expression:
    return _mark(exp.Extract(this=exp.Var(this=unit), expression=value))


def _timestamp(node: exp.Expression) -> exp.Expression:
    """A date/time argument as PostgreSQL timestamp (a string literal is read as SQL Server reads a datetime; a
    number n is day n after 1900-01-01, as a datetime reads it: DATEADD(month, DATEDIFF(month, 0, @d), 0))."""
    number = node.this if isinstance(node, exp.Neg) else node
    if isinstance(number, exp.Literal) and not number.is_string and re.fullmatch(r"\d+", number.this):
        days = int(number.this) * (-1 if isinstance(node, exp.Neg) else 1)
        return _mark(parse_one_pg(f"SELECT TIMESTAMP '1900-01-01' + INTERVAL '{days} days'").expressions[0])
    return _cast(node, "timestamp")


# --- function handlers -------------------------------------------------------------------------------------

def _isnull(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2:
        return None
    first = args[0]
    kind = ctx.columns.get(first.name, "") if isinstance(first, exp.Column) else \
        first.to.sql(dialect="postgres").lower() if isinstance(first, exp.Cast) else ""
    kind = kind.replace(" ", "")
    if re.fullmatch(r"(varchar|char|charactervarying|character)\(\d+\)", kind) and \
            not (_is_string(args[1]) and len(args[1].this) <= int(re.search(r"\d+", kind).group(0))):
        # ISNULL's result has the first argument's type: the replacement is cut to its length
        ctx.fire("MS301", f"{_label(node)}: ISNULL has the type of its first argument ({kind}): the result is cut to "
                          "that length")
        return _mark(_cast(exp.Coalesce(this=args[0], expressions=[args[1]]), kind))
    ctx.fire("MS301")
    return _mark(exp.Coalesce(this=args[0], expressions=[args[1]]))


def _iif(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 3:
        return None
    ctx.fire("MS302", "IIF(c, a, b) becomes CASE WHEN c THEN a ELSE b END")
    return _mark(exp.Case(ifs=[exp.If(this=args[0], true=args[1])], default=args[2]))


def _choose(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) < 2:
        return None
    ctx.fire("MS302", "CHOOSE(i, a, b, ...) becomes CASE i WHEN 1 THEN a WHEN 2 THEN b ... END")
    return _mark(exp.Case(this=args[0], ifs=[exp.If(this=exp.Literal.number(n), true=a)
                                               for n, a in enumerate(args[1:], 1)]))


def _len(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 1:
        return None
    ctx.fire("MS305", "LEN(x) becomes length(rtrim(x::text)): LEN does not count trailing spaces")
    return fn("LENGTH", fn("RTRIM", _cast(args[0], "text")))


def _datalength(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 1:
        return None
    ctx.fire("MS305", "DATALENGTH(x) becomes octet_length(x): SQL Server counts 2 bytes per NCHAR/NVARCHAR "
                      "character (UTF-16), PostgreSQL the UTF-8 bytes", Effort.REVIEW)
    return fn("OCTET_LENGTH", args[0])


def _charindex(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) == 2:
        ctx.fire("MS306", "CHARINDEX(s, x) becomes strpos(x, s)")
        return fn("STRPOS", args[1], args[0])
    if len(args) == 3:
        ctx.fire("MS306", "CHARINDEX(s, x, start) becomes a strpos on substr(x, start), shifted back")
        start = fn("GREATEST", args[2], exp.Literal.number(1))
        found = fn("STRPOS", fn("SUBSTR", args[1], start), args[0])
        shifted = exp.Sub(this=exp.Add(this=found.copy(), expression=start.copy()), expression=exp.Literal.number(1))
        return _mark(exp.Case(ifs=[exp.If(this=exp.EQ(this=found, expression=exp.Literal.number(0)),
                                          true=exp.Literal.number(0))], default=shifted))
    return None


def _rename(pg_name: str, arity: tuple[int, ...], message: str | None = None,
            rule: str | None = None) -> Callable[[exp.Anonymous, Context], exp.Expression | None]:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
        args = _args(node)
        if len(args) not in arity:
            return None
        if rule:
            ctx.fire(rule, message)
        return fn(pg_name, *args)
    return handler


def _stuff(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 4:
        return None
    ctx.fire("MS306", "STUFF(x, start, n, s) becomes overlay(x placing s from start for n)")
    return _mark(exp.Anonymous(this="OVERLAY", expressions=[exp.Var(this=(
        f"{_sql(args[0])} PLACING {_sql(args[3])} FROM {_sql(args[1])} FOR {_sql(args[2])}"))]))


def _sql(node: exp.Expression) -> str:
    from sct.converter.emit.sqlgen import to_sql

    return to_sql(node)


def _now(pg: str, message: str) -> Callable[[exp.Expression, Context], exp.Expression]:
    def handler(node: exp.Expression, ctx: Context) -> exp.Expression:
        ctx.fire("MS310", message)
        return _mark(parse_one_pg(pg))
    return handler


_GETDATE = _now("CAST(STATEMENT_TIMESTAMP() AS TIMESTAMP)",
                "GETDATE() becomes statement_timestamp()::timestamp: the start of the statement, as in SQL Server "
                "(CURRENT_TIMESTAMP in PostgreSQL is the start of the transaction)")
_GETUTCDATE = _now("STATEMENT_TIMESTAMP() AT TIME ZONE 'UTC'",
                   "GETUTCDATE() becomes statement_timestamp() AT TIME ZONE 'UTC'")


def _user(pg: str, whose: str) -> Callable[[exp.Expression, Context], exp.Expression | None]:
    """SUSER_SNAME(), USER_NAME(), CURRENT_USER, ...: the PostgreSQL role names (review: not SQL Server's names)."""
    def handler(node: exp.Expression, ctx: Context) -> exp.Expression | None:
        if isinstance(node, exp.Anonymous) and node.expressions:
            ctx.fire("MS398", f"{_label(node)}: the name of another login or user is not converted", Effort.MANUAL)
            return None
        label = _label(node)
        ctx.fire("MS329", f"{label} becomes {pg}: the PostgreSQL role name, where SQL Server gives the {whose} name"
                 if pg != "current_database()" else f"{label} becomes current_database()",
                 Effort.REVIEW if pg != "current_database()" else Effort.AUTO)
        return _mark(parse_one_pg(f"SELECT {pg}").expressions[0])
    return handler


def _newid(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    if node.name.upper() == "NEWSEQUENTIALID":
        ctx.fire("MS311", "NEWSEQUENTIALID() becomes gen_random_uuid(): the values are random, not increasing",
                 Effort.REVIEW)
    else:
        ctx.fire("MS311", "NEWID() becomes gen_random_uuid()")
    return fn("GEN_RANDOM_UUID")


def _dateadd(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 3:
        return None
    part = _part(args[0])
    unit = _INTERVAL_UNIT.get(part)
    if unit is None:
        ctx.fire("MS307", f"DATEADD({part.lower()}, ...) is not converted", Effort.MANUAL)
        return None
    ctx.fire("MS307", f"DATEADD({part.lower()}, n, d) becomes d + n * interval '{unit}'")
    amount = args[1]
    if not (isinstance(amount, exp.Literal) and not amount.is_string and re.fullmatch(r"-?\d+", amount.this)):
        amount = fn("TRUNC", amount)            # SQL Server truncates a fractional number toward zero
    interval = exp.Mul(this=_paren(amount), expression=exp.Interval(this=exp.Literal.string(unit)))
    return _mark(exp.Add(this=_timestamp(args[2]), expression=interval))


def _datediff(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """DATEDIFF counts the boundaries of `part` crossed from a to b, not the time elapsed: DATEDIFF(year,
    '2005-12-31 23:59:59', '2006-01-01') is 1. Each part is computed on the truncated values."""
    args = _args(node)
    if len(args) != 3:
        return None
    part = _part(args[0])
    a, b = _timestamp(args[1]), _timestamp(args[2])
    if part == "YEAR":
        value = exp.Sub(this=_extract("YEAR", b), expression=_extract("YEAR", a))
    elif part in ("QUARTER", "MONTH"):
        per = 4 if part == "QUARTER" else 12

        def index(t: exp.Expression) -> exp.Expression:
            return exp.Add(this=exp.Mul(this=_extract("YEAR", t), expression=exp.Literal.number(per)),
                           expression=_extract(part, t.copy()))
        value = exp.Sub(this=exp.Paren(this=index(b)), expression=exp.Paren(this=index(a)))
    elif part in ("DAY", "DAYOFYEAR"):
        value = exp.Sub(this=_cast(b, "date"), expression=_cast(a, "date"))
    elif part == "WEEK":                    # weeks start on Sunday for DATEDIFF, whatever DATEFIRST says
        def sunday(t: exp.Expression) -> exp.Expression:
            return exp.Sub(this=_cast(t, "date"), expression=_cast(_extract("DOW", t.copy()), "integer"))
        value = exp.Div(this=exp.Paren(this=exp.Sub(this=sunday(b), expression=exp.Paren(this=sunday(a)))),
                        expression=exp.Literal.number(7))
    elif part in ("HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND"):
        unit = {"HOUR": "hour", "MINUTE": "minute", "SECOND": "second", "MILLISECOND": "milliseconds",
                "MICROSECOND": "microseconds"}[part]
        seconds = {"HOUR": "3600", "MINUTE": "60", "SECOND": "1", "MILLISECOND": "0.001",
                   "MICROSECOND": "0.000001"}[part]
        diff = exp.Sub(this=fn("DATE_TRUNC", exp.Literal.string(unit), b),
                       expression=fn("DATE_TRUNC", exp.Literal.string(unit), a))
        value = fn("ROUND", exp.Div(this=_extract("EPOCH", diff), expression=exp.Literal.number(seconds)))
    else:
        ctx.fire("MS307", f"DATEDIFF({part.lower()}, ...) is not converted", Effort.MANUAL)
        return None
    ctx.fire("MS307", f"DATEDIFF({part.lower()}, a, b) becomes the number of {part.lower()} boundaries between "
                      "the truncated values, as SQL Server counts")
    return _cast(value, "integer")


def _datepart(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if node.name.upper() in ("YEAR", "MONTH", "DAY"):
        if len(args) != 1:
            return None
        part, value = node.name.upper(), args[0]
    else:
        if len(args) != 2:
            return None
        part, value = _part(args[0]), args[1]
    value = _timestamp(value)
    if part in _EXTRACT:
        ctx.fire("MS308", f"{node.name.upper()}({part.lower()}) becomes extract({_EXTRACT[part].lower()} from ...)")
        return _cast(_extract(_EXTRACT[part], value), "integer")
    if part == "SECOND":
        ctx.fire("MS308", "DATEPART(second) becomes the whole seconds of extract(second from ...)")
        return _cast(fn("FLOOR", _extract("SECOND", value)), "integer")
    if part == "MILLISECOND":
        ctx.fire("MS308", "DATEPART(millisecond) becomes the milliseconds within the second")
        return _cast(exp.Mod(this=fn("FLOOR", _extract("MILLISECONDS", value)), expression=exp.Literal.number(1000)),
                     "integer")
    if part in _DATEFIRST_PARTS:
        return _cast(_datefirst_part(part, value, ctx), "integer")
    ctx.fire("MS308", f"DATEPART({part.lower()}) is not converted", Effort.MANUAL)
    return None


_DATEFIRST_PARTS = ("WEEKDAY", "WEEK")


def _datefirst_part(part: str, value: exp.Expression, ctx: Context) -> exp.Expression:
    """DATEPART(weekday) and DATEPART(week) under SET DATEFIRST 7 (us_english): Sunday is day 1, week 1 is the
    week of January 1 and weeks start on Sunday (MS325)."""
    if part == "WEEKDAY":
        ctx.fire("MS325", "DATEPART(weekday, d) becomes extract(dow from d) + 1: SET DATEFIRST 7 (us_english) is "
                          "assumed, Sunday is 1; under another DATEFIRST the numbers differ")
        return exp.Add(this=_extract("DOW", value), expression=exp.Literal.number(1))
    ctx.fire("MS325", "DATEPART(week, d) becomes the week of the year counted from the week of January 1, weeks "
                      "starting on Sunday: SET DATEFIRST 7 (us_english) is assumed")
    jan1 = _extract("DOW", fn("DATE_TRUNC", exp.Literal.string("year"), value.copy()))
    days = exp.Add(this=exp.Sub(this=_extract("DOY", value), expression=exp.Literal.number(1)), expression=jan1)
    return _mark(exp.Add(this=fn("FLOOR", exp.Div(this=exp.Paren(this=days), expression=exp.Literal.number(7))),
                         expression=exp.Literal.number(1)))


_MONTH_DAY_NAMES = {"MONTH": "FMMonth", "WEEKDAY": "FMDay"}


def _datename(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2:
        return None
    part = _part(args[0])
    value = _timestamp(args[1])
    if part in _MONTH_DAY_NAMES:
        ctx.fire("MS308", f"DATENAME({part.lower()}) becomes to_char(..., '{_MONTH_DAY_NAMES[part]}'): English names, "
                          "as SQL Server gives them under us_english", Effort.REVIEW)
        return fn("TO_CHAR", value, exp.Literal.string(_MONTH_DAY_NAMES[part]))
    if part in _EXTRACT:
        ctx.fire("MS308", f"DATENAME({part.lower()}) becomes the text of extract({_EXTRACT[part].lower()})")
        return _cast(_cast(_extract(_EXTRACT[part], value), "integer"), "text")
    if part == "WEEK":
        return _cast(_cast(_datefirst_part(part, value, ctx), "integer"), "text")
    ctx.fire("MS308", f"DATENAME({part.lower()}) is not converted", Effort.MANUAL)
    return None


# .NET custom date and time format specifiers (en-US) -> to_char patterns with the same text
_NET_DATE = {"yyyy": "YYYY", "yy": "YY", "MMMM": "FMMonth", "MMM": "Mon", "MM": "MM", "M": "FMMM",
             "dddd": "FMDay", "ddd": "Dy", "dd": "DD", "d": "FMDD", "HH": "HH24", "H": "FMHH24", "hh": "HH12",
             "h": "FMHH12", "mm": "MI", "m": "FMMI", "ss": "SS", "s": "FMSS", "fff": "MS", "ffffff": "US",
             "tt": "AM"}
# .NET standard date and time formats for en-US, as the custom formats they stand for
_NET_STANDARD = {"d": "M/d/yyyy", "D": "dddd, MMMM d, yyyy", "t": "h:mm tt", "T": "h:mm:ss tt",
                 "f": "dddd, MMMM d, yyyy h:mm tt", "F": "dddd, MMMM d, yyyy h:mm:ss tt", "g": "M/d/yyyy h:mm tt",
                 "G": "M/d/yyyy h:mm:ss tt", "s": "yyyy-MM-ddTHH:mm:ss", "M": "MMMM d", "m": "MMMM d",
                 "Y": "MMMM yyyy", "y": "MMMM yyyy"}
_NET_SPECIFIERS = set("dfFghHKmMstyz")


class _FormatError(ValueError):
    """A .NET format string with no exact to_char pattern; the message says why."""


def _net_date_pattern(text: str) -> str:
    """The to_char pattern of a .NET custom date/time format string (en-US), or _FormatError."""
    text = _NET_STANDARD.get(text, text) if len(text) == 1 else text
    if len(text) == 1:
        raise _FormatError(f"the standard format '{text}' has no exact to_char pattern")
    out, i = [], 0
    literal: list[str] = []

    def flush() -> None:
        if literal:
            quoted = "".join(literal).replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'"{quoted}"')
            literal.clear()
    while i < len(text):
        c = text[i]
        if c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                raise _FormatError("an unclosed quoted text")
            literal.extend(text[i + 1:end])
            i = end + 1
        elif c == "\\":
            if i + 1 >= len(text):
                raise _FormatError("a \\ at the end")
            literal.append(text[i + 1])
            i += 2
        elif c in _NET_SPECIFIERS:
            j = i
            while j < len(text) and text[j] == c:
                j += 1
            run = text[i:j]
            if run not in _NET_DATE:
                raise _FormatError(f"the specifier '{run}' has no exact to_char pattern")
            flush()
            out.append(_NET_DATE[run])
            i = j
        elif c == "%":
            i += 1                                  # %d: the one-letter custom specifier d
        else:
            literal.append(c)                       # '/' and ':' are the en-US separators themselves
            i += 1
    flush()
    return "".join(out)


def _net_number_pattern(text: str, kind: str) -> str:
    """The to_char pattern of .NET N0..N99 or a #,##0.00-style custom numeric format (en-US), or _FormatError."""
    if kind not in ("integer", "smallint", "bigint") and not kind.startswith(("numeric", "decimal")):
        raise _FormatError(f"a {kind} value: .NET rounds floating-point values by its own rules")
    match = re.fullmatch(r"[Nn](\d{0,2})", text)
    if match:
        grouped, zeros, decimals = True, 1, int(match.group(1) or 2)
    else:
        match = re.fullmatch(r"(#,#*)?(0+)(?:\.(0+))?", text)
        if not match:
            raise _FormatError(f"the numeric format '{text}' has no exact to_char pattern")
        grouped, zeros, decimals = bool(match.group(1)), len(match.group(2)), len(match.group(3) or "")
    digits = "9" * (30 - zeros) + "0" * zeros
    if grouped:
        digits = ",".join(digits[max(0, k - 3):k] for k in range(len(digits), 0, -3)[::-1])
    return "FM" + digits + ("." + "0" * decimals if decimals else "")


def _format(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """FORMAT(value, format[, culture]) for en-US: .NET date/time formats and N/#,##0.00 numeric formats become
    to_char with the same text (MS326); anything else is MS398 with the reason."""
    args = _args(node)
    if len(args) not in (2, 3):
        return None
    label = _label(node)
    try:
        if len(args) == 3 and not (_is_string(args[2]) and args[2].this.lower() == "en-us"):
            raise _FormatError("a culture other than en-US: PostgreSQL's to_char writes only English names and "
                               "'.'/',' separators")
        if not _is_string(args[1]):
            raise _FormatError("the format is not a literal")
        kind = _type_of(args[0], ctx)
        if kind is None:
            raise _FormatError("the type of the value is not known here (date and number formats differ)")
        if kind.startswith(("timestamp", "date")):
            pattern = _net_date_pattern(args[1].this)
            value = _timestamp(args[0])
        else:
            pattern = _net_number_pattern(args[1].this, kind)
            value = args[0]
    except _FormatError as e:
        ctx.fire("MS398", f"{label}: not converted: {e}", Effort.MANUAL)
        return None
    ctx.fire("MS326", f"FORMAT(..., '{args[1].this}') becomes to_char(..., '{pattern}') (en-US"
                      f"{'' if len(args) == 3 else ', the culture of us_english, is assumed'})")
    return fn("TO_CHAR", value, exp.Literal.string(pattern))


def _eomonth(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) not in (1, 2):
        return None
    ctx.fire("MS308", "EOMONTH(d[, n]) becomes date_trunc('month', d) + the months, one month on, one day back")
    start = fn("DATE_TRUNC", exp.Literal.string("month"), _timestamp(args[0]))
    months = exp.Interval(this=exp.Literal.string("1 month"))
    if len(args) == 2:
        months = exp.Mul(this=exp.Paren(this=exp.Add(this=args[1], expression=exp.Literal.number(1))),
                         expression=months)
    end = exp.Sub(this=exp.Add(this=start, expression=months),
                  expression=exp.Interval(this=exp.Literal.string("1 day")))
    return _cast(end, "date")


def _replicate(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2:
        return None
    return fn("REPEAT", args[0], args[1])


def _space(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    return fn("REPEAT", exp.Literal.string(" "), args[0]) if len(args) == 1 else None


def _round(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) == 2:
        return fn("ROUND", *args)
    if len(args) == 3 and isinstance(args[2], exp.Literal) and args[2].this != "0":
        ctx.fire("MS306", "ROUND(x, n, 1) (truncation) becomes trunc(x, n)")
        return fn("TRUNC", args[0], args[1])
    if len(args) == 3:
        return fn("ROUND", args[0], args[1])
    return None


def _power(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """POWER(x, y) returns the type of x in SQL Server: float as PostgreSQL; an integer x with a whole exponent
    n >= 0 stays an integer; other forms (POWER(2, -1) is 0, POWER(2.0, -2) is 0.3 there) are reported."""
    args = _args(node)
    if len(args) != 2:
        return None
    kind = _type_of(args[0], ctx) or ""
    if kind in ("double precision", "real"):
        return fn("POWER", *args)
    if kind in _INTEGERS and isinstance(args[1], exp.Literal) and re.fullmatch(r"\d+", args[1].this):
        ctx.fire("MS306", f"POWER(integer, {args[1].this}) stays an integer, as in SQL Server")
        return _cast(fn("POWER", *args), kind)
    ctx.fire("MS398", f"{_label(node)}: SQL Server's POWER returns the type of its first argument (POWER(2, -1) is "
                      "0, POWER(2.0, -2) is 0.3); not converted", Effort.MANUAL)
    return None


def _identity(node: exp.Expression, ctx: Context) -> exp.Expression | None:
    ctx.fire("MS316", f"{node.sql(dialect=DIALECT)}: the last identity value of a session has no place in a "
                      "converted data script; write the key values out", Effort.MANUAL)
    return None


def _scalar_same(name: str, arity: tuple[int, ...]):
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
        args = _args(node)
        return fn(name, *args) if len(args) in arity else None
    return handler


# Functions PostgreSQL has with the same meaning for the arguments T-SQL allows (case-insensitive collations
# aside: see MS110), with the argument counts that meaning holds for.
SAME_MEANING: dict[str, tuple[int, ...]] = {
    "UPPER": (1,), "LOWER": (1,), "REPLACE": (3,), "LTRIM": (1,), "RTRIM": (1,), "REVERSE": (1,), "ABS": (1,),
    "FLOOR": (1,), "SQRT": (1,), "SIGN": (1,), "EXP": (1,), "PI": (0,), "SIN": (1,), "COS": (1,),
    "TAN": (1,), "ASIN": (1,), "ACOS": (1,), "ATAN": (1,), "ATN2": (), "DEGREES": (1,), "RADIANS": (1,),
    "LEFT": (2,), "RIGHT": (2,), "SUBSTRING": (3,), "CONCAT": tuple(range(2, 255)), "ASCII": (1,),
    "LOG10": (1,), "TRIM": (1,), "GROUPING": tuple(range(1, 33)),
}

FUNCTIONS: dict[str, Callable[[exp.Anonymous, Context], exp.Expression | None]] = {
    "ISNULL": _isnull,
    "IIF": _iif,
    "CHOOSE": _choose,
    "LEN": _len,
    "DATALENGTH": _datalength,
    "CHARINDEX": _charindex,
    "STUFF": _stuff,
    "REPLICATE": _replicate,
    "SPACE": _space,
    "ROUND": _round,
    "CEILING": _rename("CEIL", (1,)),
    "POWER": _power,
    # statistical aggregates, as float (a window with OVER keeps them; DISTINCT is kept by the generator)
    "STDEV": lambda node, ctx: _stat("STDDEV_SAMP", node, ctx),
    "STDEVP": lambda node, ctx: _stat("STDDEV_POP", node, ctx),
    "VAR": lambda node, ctx: _stat("VAR_SAMP", node, ctx),
    "VARP": lambda node, ctx: _stat("VAR_POP", node, ctx),
    "SUSER_SNAME": _user("SESSION_USER", "login"),
    "SUSER_NAME": _user("SESSION_USER", "login"),
    "ORIGINAL_LOGIN": _user("SESSION_USER", "login"),
    "USER_NAME": _user("CURRENT_USER", "database user"),
    "DB_NAME": _user("current_database()", "database"),
    "CHAR": _rename("CHR", (1,)),
    "NCHAR": _rename("CHR", (1,)),
    "UNICODE": _rename("ASCII", (1,)),
    "LOG": _rename("LN", (1,)),
    "SQUARE": lambda node, ctx: (fn("POWER", node.expressions[0], exp.Literal.number(2))
                                 if len(node.expressions) == 1 else None),
    "GETDATE": _GETDATE,
    "SYSDATETIME": _GETDATE,
    "GETUTCDATE": _GETUTCDATE,
    "SYSUTCDATETIME": _GETUTCDATE,
    "SYSDATETIMEOFFSET": _now("STATEMENT_TIMESTAMP()", "SYSDATETIMEOFFSET() becomes statement_timestamp()"),
    "NEWID": _newid,
    "NEWSEQUENTIALID": _newid,
    "DATEADD": _dateadd,
    "DATEDIFF": _datediff,
    "DATEPART": _datepart,
    "YEAR": _datepart,
    "MONTH": _datepart,
    "DAY": _datepart,
    "DATENAME": _datename,
    "EOMONTH": _eomonth,
    "FORMAT": _format,
    "SCOPE_IDENTITY": _identity,
    "IDENT_CURRENT": _identity,
    **{name: _scalar_same(name, arity) for name, arity in SAME_MEANING.items()},
}


# --- CAST / CONVERT ----------------------------------------------------------------------------------------

# CONVERT styles for dates: (to_char/to_timestamp pattern). Styles 0/100, 9/109, 13/113 (day and hour padded with
# spaces) and 126 (milliseconds only when not zero) of a datetime to text call sct_sqlserver.datetime_style
# (COMPAT_STYLES, MS324); 127 (a Z only for datetimeoffset), 130/131 (Hijri) and 6/7/14/22 are reported.
DATE_STYLES: dict[int, str] = {
    1: "MM/DD/YY", 101: "MM/DD/YYYY", 2: "YY.MM.DD", 102: "YYYY.MM.DD", 3: "DD/MM/YY", 103: "DD/MM/YYYY",
    4: "DD.MM.YY", 104: "DD.MM.YYYY", 5: "DD-MM-YY", 105: "DD-MM-YYYY", 10: "MM-DD-YY", 110: "MM-DD-YYYY",
    11: "YY/MM/DD", 111: "YYYY/MM/DD", 12: "YYMMDD", 112: "YYYYMMDD", 8: "HH24:MI:SS", 108: "HH24:MI:SS",
    20: "YYYY-MM-DD HH24:MI:SS", 120: "YYYY-MM-DD HH24:MI:SS", 21: "YYYY-MM-DD HH24:MI:SS.MS",
    121: "YYYY-MM-DD HH24:MI:SS.MS", 23: "YYYY-MM-DD", 24: "HH24:MI:SS", 25: "YYYY-MM-DD HH24:MI:SS.MS",
}
COMPAT_STYLES: dict[int, str] = {0: "mon dd yyyy hh:miAM", 100: "mon dd yyyy hh:miAM",
                                 9: "mon dd yyyy hh:mi:ss:mmmAM", 109: "mon dd yyyy hh:mi:ss:mmmAM",
                                 13: "dd mon yyyy hh:mi:ss:mmm", 113: "dd mon yyyy hh:mi:ss:mmm",
                                 126: "yyyy-mm-ddThh:mi:ss.mmm"}
_TEXT = ("varchar", "char", "text")


def _pg_type(data_type: exp.DataType, ctx: Context) -> str | None:
    """The PostgreSQL type for a T-SQL type of CAST/CONVERT (CONVERT(varchar, x) is varchar(30))."""
    name = data_type.this.name if hasattr(data_type.this, "name") else str(data_type.this)
    text = data_type.sql(dialect=DIALECT)
    match = re.match(r"\s*([A-Za-z_ ]+?)\s*(?:\((.*)\))?\s*$", text)
    base = (match.group(1) if match else name).upper()
    args = tuple(a.strip() for a in match.group(2).split(",")) if match and match.group(2) else ()
    base = {"VARCHAR": "VARCHAR", "NVARCHAR": "NVARCHAR", "CHAR": "CHAR", "NCHAR": "NCHAR",
            "DOUBLE": "FLOAT"}.get(base, base)
    if base in ("VARCHAR", "NVARCHAR", "CHAR", "NCHAR") and not args:
        args = ("30",)
    mapped = map_tsql_type(TsqlType(base, args, text))
    return mapped.target


def _convert(node: exp.Expression, ctx: Context) -> exp.Expression | None:
    """CAST(x AS t), CONVERT(t, x[, style]): the type mapped, date styles as to_char/to_timestamp patterns."""
    if isinstance(node, exp.Cast):
        data_type, value, style = node.to, node.this, None
    else:
        data_type, value, style = node.this, node.expression, node.args.get("style")
    if not isinstance(data_type, exp.DataType):
        return None
    target = _pg_type(data_type, ctx)
    if target is None:
        ctx.fire("MS303", f"{node.sql(dialect=DIALECT)}: the type has no conversion", Effort.MANUAL)
        return None
    if isinstance(node, (exp.TryCast,)) or node.args.get("safe"):
        return _try_cast(node, data_type, value, target, style, ctx)
    if style is not None:
        code = int(style.this) if isinstance(style, exp.Literal) and style.this.isdigit() else None
        if code in COMPAT_STYLES and target.startswith(_TEXT):
            return _datetime_style(node, value, target, code, ctx)
        if code is None or code not in DATE_STYLES:
            ctx.fire("MS303", f"CONVERT style {style.sql()} is not converted (no exact to_char pattern)",
                     Effort.MANUAL)
            return None
        pattern = DATE_STYLES[code]
        if target.startswith(_TEXT):
            ctx.fire("MS303", f"CONVERT(..., {code}) becomes to_char(..., '{pattern}')")
            return _cast(fn("TO_CHAR", _timestamp(value), exp.Literal.string(pattern)), target)
        if target.startswith(("timestamp", "date", "time")):
            ctx.fire("MS303", f"CONVERT(..., {code}) becomes to_timestamp(..., '{pattern}'): PostgreSQL is less strict "
                              "about text that does not match the style", Effort.REVIEW)
            return _cast(fn("TO_TIMESTAMP", value, exp.Literal.string(pattern)), target)
        ctx.fire("MS303", f"CONVERT style {code} to {target} is not converted", Effort.MANUAL)
        return None
    if target.startswith(_TEXT) and money_typed(value, ctx.money, ctx.columns):
        ctx.fire("MS303", f"{node.sql(dialect=DIALECT)}: money as text has two decimals in SQL Server (style 0): "
                          "rounded to 2 first")
        return _cast(fn("ROUND", value, exp.Literal.number(2)), target)
    if target.startswith(_TEXT) and _type_of(value, ctx) in _DATETIME:
        return _datetime_style(node, value, target, 0, ctx)
    if target.startswith(_TEXT) and _looks_temporal(value, ctx):
        ctx.fire("MS303", f"{node.sql(dialect=DIALECT)}: a date/time as text is 'mon dd yyyy hh:miAM' in SQL Server "
                          "and ISO in PostgreSQL; give a CONVERT style", Effort.MANUAL)
        return None
    kind = _type_of(value, ctx) or ""
    if target in _INTEGERS and (kind.startswith(("numeric", "decimal")) or kind in ("double precision", "real")) \
            and not money_typed(value, ctx.money, ctx.columns):
        ctx.fire("MS303", f"{node.sql(dialect=DIALECT)}: SQL Server truncates a decimal or float converted to an "
                          "integer (PostgreSQL's cast rounds): trunc() first")
        return _cast(fn("TRUNC", value), target)
    if not isinstance(node, exp.Cast) or target != data_type.sql(dialect="postgres").lower():
        ctx.fire("MS303", f"{node.sql(dialect=DIALECT)} becomes a cast to {target}")
    cast = _cast(value, target)
    if _type_name(data_type) in ("MONEY", "SMALLMONEY"):
        cast.meta["money"] = True           # to an integer it rounds (SQL Server), as PostgreSQL's cast does
    return cast


# The PostgreSQL types of SQL Server's DATETIME and SMALLDATETIME (the types whose text forms have .mmm)
_DATETIME = ("timestamp(3)", "timestamp(0)")


def _datetime_style(node: exp.Expression, value: exp.Expression, target: str, code: int,
                    ctx: Context) -> exp.Expression | None:
    """CONVERT(varchar, datetime, 0/100/9/109/13/113/126), and a datetime cast to text (style 0), through
    sct_sqlserver.datetime_style (MS324)."""
    kind = _type_of(value, ctx)
    exact = kind in _DATETIME or (code in (0, 100) and kind is not None and kind.startswith("timestamp"))
    if not exact:
        ctx.fire("MS324", f"{_label(node)}: style {code} writes the fraction of seconds as the source type holds "
                          f"it (3 digits for datetime, 7 for datetime2) and the value's type is "
                          f"{'not known here' if kind is None else kind}; not converted", Effort.MANUAL)
        return None
    how = f"CONVERT(..., {code})" if code or isinstance(node, exp.Convert) else "a datetime as text"
    ctx.fire("MS324", f"{how} becomes sct_sqlserver.datetime_style(..., {code}): "
                      f"'{COMPAT_STYLES[code]}' as SQL Server writes it")
    call = compat.call("datetime_style", _cast(value, "timestamp(3)"), exp.Literal.number(code),
                       schema="sct_sqlserver")
    return _cast(_mark(call), target)


_TRY_INTEGERS = {"TINYINT": (0, 255), "SMALLINT": (-32768, 32767), "INT": (-2147483648, 2147483647),
                 "INTEGER": (-2147483648, 2147483647),
                 "BIGINT": (-9223372036854775808, 9223372036854775807)}
_TRY_DATES = {"DATE": "date", "DATETIME": "datetime", "SMALLDATETIME": "smalldatetime", "DATETIME2": "datetime2"}


def _type_name(data_type: exp.DataType) -> str:
    """The T-SQL name of a CAST/CONVERT type, upper case, without its arguments."""
    match = re.match(r"\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\(.*\))?\s*$", data_type.sql(dialect=DIALECT))
    return match.group(1).upper() if match else ""


def _try_cast(node: exp.Expression, data_type: exp.DataType, value: exp.Expression, target: str,
              style: exp.Expression | None, ctx: Context) -> exp.Expression | None:
    """TRY_CAST / TRY_CONVERT of text (or an integer) to a number or a date: a sct_sqlserver function that reads
    the text as SQL Server does and gives NULL where SQL Server's conversion fails (MS323)."""
    label, base, source = _label(node), _type_name(data_type), _type_of(value, ctx)
    if style is not None:
        ctx.fire("MS323", f"{label}: TRY_CONVERT with a style is not converted", Effort.MANUAL)
        return None
    if isinstance(value, exp.Null):
        ctx.fire("MS323", f"{label}: NULL stays NULL")
        return _cast(value, target)
    if source == "text" and target.startswith(_TEXT):
        ctx.fire("MS323", f"{label}: text to text never fails; becomes a cast to {target}")
        return _cast(value, target)
    if source not in ("text", *_INTEGERS):
        ctx.fire("MS323", f"{label}: TRY_CAST of a value of type {source or 'not known here'} is not converted "
                          "(only text and integers are: where SQL Server's conversion of other types fails "
                          "depends on the type)", Effort.MANUAL)
        return None
    text = value if source == "text" else _cast(value, "text")
    effort = None
    if base in _TRY_INTEGERS:
        lo, hi = _TRY_INTEGERS[base]
        call = compat.call("try_int", text, exp.Literal.number(lo), exp.Literal.number(hi), schema="sct_sqlserver")
    elif base in ("DECIMAL", "NUMERIC", "DEC") and re.fullmatch(r"numeric\(\d+,\d+\)", target):
        precision, scale = re.findall(r"\d+", target)
        call = compat.call("try_numeric", text, exp.Literal.number(precision), exp.Literal.number(scale),
                           schema="sct_sqlserver")
    elif base in ("FLOAT", "REAL", "DOUBLE"):
        args = [text] + ([exp.true()] if target == "real" else [])
        call = compat.call("try_float", *args, schema="sct_sqlserver")
    elif base in _TRY_DATES:
        call = compat.call("try_datetime", text, exp.Literal.string(_TRY_DATES[base]), schema="sct_sqlserver")
        if not _is_string(value):
            effort = Effort.REVIEW
    else:
        ctx.fire("MS323", f"{label}: TRY_CAST to {base.lower()} is not converted (no function reads text as SQL "
                          "Server does for this type)", Effort.MANUAL)
        return None
    ctx.fire("MS323", f"{label} becomes sct_sqlserver.{call.expression.name}(...): NULL where SQL Server's "
                      "conversion fails" + (" (dates as SQL Server reads them under us_english, SET DATEFORMAT "
                                            "mdy; text with month names is read by PostgreSQL)"
                                            if base in _TRY_DATES else ""), effort)
    return _cast(_mark(call), target)


def _looks_temporal(value: exp.Expression, ctx: Context) -> bool:
    kind = _type_of(value, ctx)
    return kind is not None and kind.startswith(("timestamp", "date", "time"))


# --- types of expressions (for `+` and CONVERT) ------------------------------------------------------------

_TEXT_FUNCTIONS = {"TO_CHAR", "LEFT", "RIGHT", "SUBSTRING", "SUBSTR", "UPPER", "LOWER", "LTRIM", "RTRIM", "TRIM",
                   "REPLACE", "CONCAT", "REPEAT", "REVERSE", "CHR", "OVERLAY"}


_INTEGERS = ("smallint", "integer", "bigint")


def money_typed(node: exp.Expression, money: set[str], columns: dict[str, str]) -> bool:
    """The T-SQL type of the expression is money: a MONEY column or variable, a CAST to money, or arithmetic of
    money with money or integers (decimal and float rank above money: money * 1.5 is decimal)."""
    if isinstance(node, (exp.Paren, exp.Neg)):
        return money_typed(node.this, money, columns)
    if isinstance(node, exp.Column):
        return node.name in money
    if isinstance(node, exp.Cast):
        return bool(node.meta.get("money"))
    if isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Div)):
        sides = (node.this, node.expression)
        kinds = [money_typed(x, money, columns) for x in sides]
        whole = [(isinstance(x, exp.Literal) and re.fullmatch(r"\d+", x.this) is not None)
                 or (isinstance(x, exp.Column) and columns.get(x.name) in _INTEGERS) for x in sides]
        return any(kinds) and all(k or w for k, w in zip(kinds, whole, strict=True))
    return False


def _type_of(node: exp.Expression, ctx: Context) -> str | None:
    """The PostgreSQL type family of an expression where it is plain: 'text', 'numeric', 'timestamp', or None."""
    if isinstance(node, (exp.Paren, exp.Neg)):
        return _type_of(node.this, ctx)
    if isinstance(node, (exp.National,)) or _is_string(node):
        return "text"
    if isinstance(node, exp.Literal):
        return "integer" if re.fullmatch(r"\d{1,9}", node.this) else "numeric"
    if isinstance(node, exp.DPipe):
        return "text"
    if isinstance(node, exp.Cast):
        target = node.to.sql(dialect="postgres").lower()
        return "text" if target.startswith(_TEXT) else target
    if isinstance(node, exp.Anonymous) and node.name.upper() in _TEXT_FUNCTIONS:
        return "text"
    if isinstance(node, exp.Column):
        kind = ctx.columns.get(node.name)
        if kind is None:
            return None
        return "text" if kind.startswith(_TEXT) else kind
    if isinstance(node, (exp.Mul, exp.Div, exp.Sub, exp.Add)):
        kinds = {_type_of(x, ctx) for x in (node.this, node.expression)}
        if None in kinds or "text" in kinds or any(k.startswith(("timestamp", "date", "time")) for k in kinds):
            return None
        if len(kinds) == 1:
            return kinds.pop()
        if kinds <= set(_INTEGERS):
            return max(kinds, key=_INTEGERS.index)
        return "double precision" if kinds & {"real", "double precision"} else "numeric"
    return None


def _add(node: exp.Add, ctx: Context) -> exp.Expression | None:
    """`a + b` on strings is concatenation (||, NULL when either is NULL, like +); on a string and a number
    SQL Server converts the string to a number: reported."""
    left, right = _type_of(node.this, ctx), _type_of(node.expression, ctx)
    if "text" not in (left, right):
        return None
    other = right if left == "text" else left
    if other not in (None, "text"):
        if other.startswith(("timestamp", "date", "time")):
            ctx.fire("MS304", f"{node.sql(dialect=DIALECT)}: + of a date and text converts the text to a date in "
                              "SQL Server", Effort.MANUAL)
        else:
            ctx.fire("MS304", f"{node.sql(dialect=DIALECT)}: + of a number and text converts the text to a number "
                              "in SQL Server ('5' + 1 is 6), it does not concatenate", Effort.MANUAL)
        return None
    ctx.fire("MS304", "+ on strings becomes ||")
    return _mark(exp.DPipe(this=node.this, expression=node.expression, safe=False))


# --- literals and other nodes ------------------------------------------------------------------------------

def _national(node: exp.National, ctx: Context) -> exp.Expression:
    ctx.fire("MS314")
    return exp.Literal.string(node.this)


def _hex(node: exp.HexString, ctx: Context) -> exp.Expression:
    digits = node.this
    if len(digits) % 2:
        digits = "0" + digits
    ctx.fire("MS313")
    return _cast(exp.Literal.string("\\x" + digits.lower()), "bytea")


def _current_timestamp(node: exp.Expression, ctx: Context) -> exp.Expression:
    return _GETDATE(node, ctx)


def _like(node: exp.Like, ctx: Context) -> exp.Expression | None:
    """T-SQL LIKE patterns may hold [abc], [a-z] and [^a] classes, which PostgreSQL LIKE reads literally:
    such a pattern becomes SIMILAR TO, where % _ and classes mean the same and the other SIMILAR TO
    metacharacters are escaped."""
    pattern = node.expression
    if not _is_string(pattern) or "[" not in pattern.this:
        return None
    text = pattern.this
    escaped = re.sub(r"([|*+?{}()\\])", r"\\\1", text)
    ctx.fire("MS315", f"LIKE '{text}' (character classes) becomes SIMILAR TO '{escaped}'")
    similar = exp.SimilarTo(this=node.this, expression=exp.Literal.string(escaped))
    return similar


def _eq_null(node: exp.Expression, ctx: Context) -> exp.Expression | None:
    if ctx.ansi_nulls or not isinstance(node.expression, exp.Null) and not isinstance(node.this, exp.Null):
        return None
    value = node.this if not isinstance(node.this, exp.Null) else node.expression
    ctx.fire("MS322", f"{node.sql(dialect=DIALECT)} under SET ANSI_NULLS OFF is true for NULL: becomes IS "
                      f"{'NOT ' if isinstance(node, exp.NEQ) else ''}NULL")
    test = exp.Is(this=value, expression=exp.Null())
    return exp.Not(this=test) if isinstance(node, exp.NEQ) else test


def _parameter(node: exp.Parameter, ctx: Context) -> exp.Expression | None:
    text = node.sql(dialect=DIALECT).upper()
    if "IDENTITY" in text:
        return _identity(node, ctx)
    ctx.fire("MS398", f"{text}: a T-SQL variable or system value outside code is not converted", Effort.MANUAL)
    return None


def _stat(pg_name: str, node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """STDEV/STDEVP/VAR/VARP: PostgreSQL's sample and population functions of the value as float (SQL Server
    returns float)."""
    args = _args(node)
    if len(args) != 1 or isinstance(args[0], exp.Distinct):
        ctx.fire("MS398", f"{_label(node)}: not converted", Effort.MANUAL)
        return None
    ctx.fire("MS306", f"{node.name.upper()} becomes {pg_name.lower()}(... ::float)")
    return _cast(fn(pg_name, _cast(args[0], "double precision")), "double precision")


def _avg(node: exp.Avg, ctx: Context) -> exp.Expression | None:
    """AVG of an integer expression is an integer in SQL Server (the sum divided by the count, truncated); PostgreSQL
    gives numeric."""
    kind = _type_of(node.this, ctx)
    if kind not in _INTEGERS or isinstance(node.parent, exp.Window) or node.meta.get("sct"):
        return None
    ctx.fire("MS306", f"{_label(node)}: AVG of integers is an integer in SQL Server (truncated): trunc() and a cast")
    inner = node.copy()
    inner.meta["sct"] = True
    return _cast(fn("TRUNC", inner), "bigint" if kind == "bigint" else "integer")


def _avg_window(node: exp.Window, ctx: Context) -> exp.Expression | None:
    """AVG(integer) OVER (...): an integer too."""
    if not isinstance(node.this, exp.Avg) or node.meta.get("sct") or _type_of(node.this.this, ctx) not in _INTEGERS:
        return None
    ctx.fire("MS306", f"{_label(node)}: AVG of integers is an integer in SQL Server (truncated): trunc() and a cast")
    inner = node.copy()
    inner.meta["sct"] = True
    return _cast(fn("TRUNC", inner), "bigint" if _type_of(node.this.this, ctx) == "bigint" else "integer")


NODES: dict[type, Callable[[exp.Expression, Context], exp.Expression | None]] = {
    exp.Cast: _convert,
    exp.TryCast: _convert,
    exp.Convert: _convert,
    exp.Add: _add,
    exp.National: _national,
    exp.HexString: _hex,
    exp.CurrentTimestamp: _current_timestamp,
    exp.Like: _like,
    exp.EQ: _eq_null,
    exp.NEQ: _eq_null,
    exp.Parameter: _parameter,
    exp.Avg: _avg,
    exp.Window: _avg_window,
    exp.CurrentUser: _user("CURRENT_USER", "database user (SYSTEM_USER: login)"),
    exp.SessionUser: _user("SESSION_USER", "login"),
}

_ACCEPTED = (exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Coalesce, exp.Nullif, exp.RowNumber, exp.Rank,
             exp.DenseRank, exp.Ntile, exp.Lag, exp.Lead, exp.FirstValue, exp.LastValue, exp.Case, exp.Cast,
             exp.Extract, exp.Interval, exp.DPipe, exp.Convert, exp.TryCast, exp.Exists, exp.If, exp.Grouping)


def _label(node: exp.Expression) -> str:
    try:
        text = node.sql(dialect=DIALECT)
    except Exception:  # noqa: BLE001 - a label only
        text = type(node).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def audit_functions(tree: exp.Expression, ctx: Context) -> None:
    """MS398 for every function call of the T-SQL tree that no handler rewrites and that is not on the
    same-meaning list; calls of unknown names (maybe routines of the scripts) are noted on the object."""
    for node in tree.walk():
        if not isinstance(node, exp.Func) or isinstance(node, (exp.Connector, exp.Binary, exp.Unary)):
            continue
        if node.meta.get("sct"):
            continue
        if isinstance(node, exp.Anonymous):
            name = node.name.upper()
            if name in FUNCTIONS:
                continue
            calls = ctx.obj.__dict__.setdefault("tsql_unknown_calls", [])
            calls.append((node.name.lower(), _label(node), ctx.span))
            continue
        if isinstance(node, _ACCEPTED) or type(node) in NODES:
            continue
        ctx.fire("MS398", f"{_label(node)}: this T-SQL function has no conversion that keeps its meaning on "
                          "PostgreSQL", Effort.MANUAL)


def convert_tree(tree: exp.Expression, obj: SchemaObject, span: Span, context: str = "query",
                 columns: dict[str, str] | None = None, ansi_nulls: bool = True,
                 money: set[str] | None = None) -> exp.Expression:
    """The PostgreSQL form of a T-SQL tree; rewrites and what stays unconverted are findings on `obj`.
    `columns` gives the PostgreSQL types of the columns (and variables) it reads, `money` which of them are
    MONEY or SMALLMONEY in SQL Server (converted to an integer they round, where decimals truncate)."""
    ctx = Context(obj, span, context, columns or {}, ansi_nulls, money or set())
    if tree.meta.get("money_literals"):
        ctx.fire("MS317")
    audit_functions(tree, ctx)
    for ident in tree.find_all(exp.Identifier):
        ident.set("this", fold(ident.name))
        ident.set("quoted", False)
    for table in tree.find_all(exp.Table):              # dbo is the target's default schema
        if table.args.get("db") is not None and table.db.lower() == "dbo":
            table.set("db", None)
        table.set("catalog", None)
    for column in tree.find_all(exp.Column):
        if column.args.get("db") is not None and column.db.lower() == "dbo":
            column.set("db", None)

    def rewrite(node: exp.Expression) -> exp.Expression:
        if node.meta.get("sct"):
            return node
        if isinstance(node, exp.Anonymous):
            handler = FUNCTIONS.get(node.name.upper())
            return (handler(node, ctx) or node) if handler is not None else node
        handler = NODES.get(type(node))
        if handler is None:
            return node
        return handler(node, ctx) or node

    tree = _rewrite_postorder(tree, rewrite)
    _apply(tree, ctx)
    _top(tree, ctx)
    _rollup(tree, ctx)
    _recursive_and_options(tree, ctx)
    if isinstance(tree, (exp.Update, exp.Delete)):
        _dml_from(tree, ctx)
    if isinstance(tree, exp.Update):            # SET o.col = ...: PostgreSQL names the column alone
        for assignment in tree.expressions:
            if isinstance(assignment, exp.EQ) and isinstance(assignment.this, exp.Column) and assignment.this.table:
                assignment.set("this", exp.column(assignment.this.name))
    return tree


def _rewrite_postorder(tree: exp.Expression, rewrite: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    for node in reversed(list(tree.walk())):
        new = rewrite(node)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def _apply(tree: exp.Expression, ctx: Context) -> None:
    """CROSS APPLY / OUTER APPLY: sqlglot reads them as LATERAL (cross_apply True / False) and writes PostgreSQL's
    JOIN LATERAL ... ON TRUE / LEFT JOIN LATERAL ... ON TRUE, which keep their meaning."""
    for lateral in tree.find_all(exp.Lateral):
        if lateral.args.get("cross_apply") is not None:
            which = "CROSS APPLY" if lateral.args["cross_apply"] else "OUTER APPLY"
            ctx.fire("MS312", f"{which} becomes {'' if which == 'CROSS APPLY' else 'LEFT '}JOIN LATERAL ... ON TRUE")


def _top(tree: exp.Expression, ctx: Context) -> None:
    """TOP n: LIMIT n; TOP n WITH TIES: FETCH FIRST n ROWS WITH TIES; TOP n PERCENT: reported."""
    for select in list(tree.find_all(exp.Select)):
        limit = select.args.get("limit")
        if limit is None:
            continue
        if isinstance(limit, exp.Limit) and limit_option(limit, "percent"):
            ctx.fire("MS309", "TOP ... PERCENT has no PostgreSQL form (LIMIT takes a count)", Effort.MANUAL)
            continue
        if isinstance(limit, exp.Limit) and limit_option(limit, "with_ties"):
            select.set("limit", exp.Fetch(direction="FIRST", count=limit.expression,
                                          limit_options=exp.LimitOptions(rows=True, with_ties=True)))
            ctx.fire("MS309", "TOP n WITH TIES becomes FETCH FIRST n ROWS WITH TIES")
        elif isinstance(limit, exp.Limit):
            ctx.fire("MS309", "TOP n becomes LIMIT n")


def _rollup(tree: exp.Expression, ctx: Context) -> None:
    """GROUP BY a, b WITH ROLLUP | WITH CUBE: GROUP BY ROLLUP (a, b) | CUBE (a, b), the same grouping sets."""
    for group in tree.find_all(exp.Group):
        for kind, node in (("rollup", exp.Rollup), ("cube", exp.Cube)):
            marks = group.args.get(kind)
            if marks and all(isinstance(m, node) and not m.expressions for m in marks) and group.expressions:
                group.set(kind, None)
                group.set("expressions", [node(expressions=list(group.expressions))])
                ctx.fire("MS327", f"GROUP BY ... WITH {kind.upper()} becomes GROUP BY {kind.upper()} (...)")


_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.In)


def case_sensitive_comparison(tree: exp.Expression, columns: dict[str, str]) -> str | None:
    """The first comparison of strings in a converted tree (a string literal, or a column or variable of a text
    type, on one side): SQL Server's default collations ignore case there, PostgreSQL's do not (MS110)."""
    def texty(node: exp.Expression) -> bool:
        if isinstance(node, exp.Literal):
            return node.is_string
        if isinstance(node, exp.Column):
            kind = columns.get(node.name, "")
            return kind.startswith(("varchar", "char", "text", "character", "bpchar"))
        return False
    for node in tree.find_all(*_COMPARISONS):
        sides = [node.this] + ([node.expression] if node.args.get("expression") is not None else [])
        sides += list(node.expressions) if isinstance(node, exp.In) else []
        if any(texty(side) for side in sides) and not all(isinstance(x, exp.Null) for x in sides[1:]):
            try:
                return node.sql(dialect="postgres")[:80]
            except Exception:  # noqa: BLE001 - a label only
                return type(node).__name__
    return None


def _recursive_and_options(tree: exp.Expression, ctx: Context) -> None:
    """A CTE that reads itself needs WITH RECURSIVE in PostgreSQL (T-SQL has no keyword); OPTION (...) query hints
    (MAXRECURSION, RECOMPILE, MAXDOP, ...) change no result of a query that succeeds, and are dropped."""
    for with_ in tree.find_all(exp.With):
        for cte in with_.expressions:
            if any(t.name == cte.alias_or_name and not t.db for t in cte.this.find_all(exp.Table)):
                if not with_.args.get("recursive"):
                    with_.set("recursive", True)
                    ctx.fire("MS330", f"common table expression {cte.alias_or_name} reads itself: WITH RECURSIVE")
    for node in list(tree.find_all(exp.Query)):
        options = node.args.get("options")
        if options:
            text = ", ".join(o.sql(dialect=DIALECT) for o in options)
            node.set("options", None)
            ctx.fire("MS330", f"OPTION ({text}) is dropped: query hints change no result"
                     + (" (MAXRECURSION: PostgreSQL has no recursion limit; SQL Server stops at 100 levels unless "
                        "told otherwise)" if "MAXRECURSION" in text.upper() else ""))


def _dml_from(tree: exp.Update | exp.Delete, ctx: Context) -> None:
    """UPDATE o SET ... FROM orders o JOIN c ON ... and DELETE o FROM orders o JOIN c ON ...: in T-SQL the target
    is the FROM clause's `orders o`, the same rows; PostgreSQL would join a second copy. The target becomes
    UPDATE orders AS o ... FROM c WHERE <the join conditions> AND ... (DELETE FROM orders AS o USING c WHERE ...).
    Outer joins, or a target that is not the first table of FROM, are reported."""
    if isinstance(tree, exp.Update):
        source = tree.args.get("from_")
        target = tree.this
        first = source.this if source is not None else None
    else:
        tables = tree.args.get("tables") or []
        if not tables:
            return
        if len(tables) != 1:
            ctx.fire("MS328", "DELETE of several tables is not converted", Effort.MANUAL)
            return
        target, first = tables[0], tree.this
    if not isinstance(target, exp.Table) or not isinstance(first, exp.Table):
        return
    items = [first] + [j.this for j in first.args.get("joins") or []]
    named = [t for t in items if isinstance(t, exp.Table) and (t.alias or t.name) == target.name and not target.db]
    if not named:
        if isinstance(tree, exp.Delete):
            ctx.fire("MS328", f"DELETE {target.name} FROM ...: {target.name} is not a table of the FROM clause",
                     Effort.MANUAL)
        return
    if named[0] is not first:
        ctx.fire("MS328", f"{'UPDATE' if isinstance(tree, exp.Update) else 'DELETE'} {target.name} ... FROM: the "
                          "target is a joined table, not the first of FROM; not converted", Effort.MANUAL)
        return
    joins = list(first.args.get("joins") or [])
    if any(j.side or (j.kind and j.kind.upper() not in ("INNER", "CROSS")) for j in joins):
        ctx.fire("MS328", "UPDATE/DELETE ... FROM with an outer join of the target: not converted", Effort.MANUAL)
        return
    conditions = [j.args["on"] for j in joins if j.args.get("on") is not None]
    others = [j.this for j in joins]
    where = tree.args.get("where")
    if where is not None:
        conditions.append(where.this)
    new_target = first.copy()
    new_target.set("joins", None)
    verb = "UPDATE" if isinstance(tree, exp.Update) else "DELETE"
    if isinstance(tree, exp.Update):
        tree.set("this", new_target)
        tree.set("from_", exp.From(this=others[0], joins=None) if others else None)
        if len(others) > 1:
            tree.args["from_"].this.set("joins", [exp.Join(this=o) for o in others[1:]])
    else:
        tree.set("tables", None)
        tree.set("this", new_target)
        tree.set("using", others or None)
    if conditions:
        conditions = [exp.Paren(this=c) if isinstance(c, exp.Or) else c for c in conditions]
        combined = conditions[0]
        for c in conditions[1:]:
            combined = exp.And(this=combined, expression=c)
        tree.set("where", exp.Where(this=combined))
    else:
        tree.set("where", None)
    ctx.fire("MS328", f"{verb} {target.name} ... FROM {first.name} {target.name}: the FROM clause's table is the target "
                      f"({verb} {first.name} AS {target.name}{' ... FROM' if verb == 'UPDATE' else ' USING'} the other "
                      "tables, their join conditions in WHERE)")


def limit_option(limit: exp.Limit, name: str) -> bool:
    """TOP's PERCENT or WITH TIES, as sqlglot keeps them."""
    options = limit.args.get("limit_options")
    return bool(options is not None and options.args.get(name)) or bool(limit.args.get(name))


def bit_value(value: exp.Expression) -> exp.Expression | None:
    """A literal for a BIT column as SQL Server stores it: any non-zero number is 1, 'TRUE'/'FALSE' are 1/0."""
    if isinstance(value, exp.Literal):
        text = value.this.strip()
        if value.is_string and text.upper() in ("TRUE", "FALSE"):
            return exp.Literal.number(1 if text.upper() == "TRUE" else 0)
        try:
            number = float(text)
        except ValueError:
            return None
        return exp.Literal.number(0 if number == 0 else 1)
    return None
