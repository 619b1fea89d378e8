"""MySQL/MariaDB SQL expressions and queries to PostgreSQL (rules MY301-MY399), on sqlglot's MySQL dialect.

sqlglot reads MySQL into its tree; `convert_tree` then rewrites, one handler per node kind, everything whose
PostgreSQL spelling or meaning differs, and records a finding for each rewrite. Where sqlglot's own PostgreSQL
output is right (IF -> CASE, LIMIT x, y -> LIMIT y OFFSET x, DATE_ADD -> + INTERVAL) the handler only records
the rule, so that nothing changes without a finding; where it is wrong it is replaced:
- CONCAT(a, b): sqlglot writes a || b, right for NULLs (MySQL CONCAT is NULL when any argument is) but
  PostgreSQL needs one text operand: the first argument is cast to text when no string literal makes the
  chain text already (MY303).
- DATE_FORMAT/STR_TO_DATE: sqlglot maps format strings through Python strftime and loses specifiers; ours
  translate each MySQL specifier or report it (MY306).
- TIMESTAMPDIFF, UNIX_TIMESTAMP, SYSDATE, UTC_TIMESTAMP, LENGTH (bytes in MySQL), CAST(x AS CHAR), N'...',
  _charset introducers, X'..'/0x.. (bit strings in PostgreSQL, byte strings in MySQL) are sqlglot's gaps.
- x / y: MySQL divides exactly (DECIMAL) and gives NULL for a zero divisor (MY312); x DIV 0 is NULL too (MY311).

Names are folded to lower case (`fold`): MySQL compares column names case-insensitively everywhere, and the
converted DDL folds every name the same way (converter.dialects.mysql_ddl), so a query keeps finding its columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.dialects.mysql import MySQL

from sct.converter.dialects import sqlparse
from sct.converter.dialects.sqlparse import SqlParseError, parse_one, parse_statement
from sct.converter.findings import fire
from sct.converter.ir import Effort, SchemaObject, Span

__all__ = ["SqlParseError", "convert_tree", "fold", "parse_expression", "parse_sql"]


def _anonymous(name: str) -> Callable[[list], exp.Anonymous]:
    return lambda args: exp.Anonymous(this=name, expressions=args)


class SctMySQL(MySQL):
    """sqlglot's MySQL dialect, keeping the calls whose PostgreSQL translation we write ourselves as written."""

    class Parser(MySQL.Parser):
        FUNCTIONS = {
            **MySQL.Parser.FUNCTIONS,
            **{name: _anonymous(name) for name in (
                "IFNULL", "DATE_FORMAT", "STR_TO_DATE", "FROM_UNIXTIME", "UNIX_TIMESTAMP", "TIMESTAMPDIFF",
                "LENGTH", "OCTET_LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "NOW", "SYSDATE", "UTC_TIMESTAMP",
                "UTC_DATE", "LAST_INSERT_ID", "FIND_IN_SET", "CURTIME", "CURRENT_TIME")},
        }


_DIALECT = SctMySQL()


def _parse(text: str, span: Span) -> exp.Expression:
    return parse_one(text, span, _DIALECT)


def parse_sql(text: str, span: Span) -> exp.Expression:
    """A full MySQL statement (SELECT/INSERT/REPLACE/UPDATE/DELETE); raises SqlParseError."""
    return parse_statement(text, span, _DIALECT)


def parse_expression(text: str, span: Span) -> exp.Expression:
    """A scalar MySQL expression or condition (DEFAULT, CHECK, generated column)."""
    return sqlparse.parse_expression(text, span, _DIALECT)


def parse_expression_pg(text: str) -> exp.Expression:
    """A PostgreSQL condition the converter wrote itself (the CHECKs of converter.dialects.mysql_types)."""
    return sqlglot.parse_one(text, read="postgres")


def fold(name: str) -> str:
    """The PostgreSQL name of a MySQL identifier: lower case (MySQL column names ignore case; table names are
    folded the same way so that the converted schema needs no quoting)."""
    return name.lower()


# --- conversion ----------------------------------------------------------------------------------------------

@dataclass
class Context:
    obj: SchemaObject
    span: Span
    context: str = "query"              # query | default | check | generated | data
    column_type: str | None = None      # for a DEFAULT: the MySQL type of its column (upper-case base name)

    def fire(self, rule_id: str, message: str | None = None, effort: Effort | None = None) -> None:
        fire(self.obj, rule_id, self.span, message, effort)


def fn(name: str, *args: exp.Expression) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _cast(node: exp.Expression, pg_type: str) -> exp.Cast:
    return exp.Cast(this=node, to=exp.DataType.build(pg_type, dialect="postgres"))


def _paren(node: exp.Expression) -> exp.Expression:
    return node if isinstance(node, (exp.Column, exp.Literal, exp.Anonymous, exp.Func, exp.Paren)) else exp.Paren(
        this=node)


def _is_string(node: exp.Expression) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _args(node: exp.Anonymous) -> list[exp.Expression]:
    return list(node.expressions)


def _bytea(data: bytes) -> exp.Expression:
    return _cast(exp.Literal.string("\\x" + data.hex()), "bytea")


# MySQL DATE_FORMAT specifiers -> PostgreSQL to_char patterns (None: no equivalent).
DATE_SPECIFIERS: dict[str, str | None] = {
    "Y": "YYYY", "y": "YY", "m": "MM", "c": "FMMM", "d": "DD", "e": "FMDD", "H": "HH24", "k": "FMHH24",
    "h": "HH12", "I": "HH12", "l": "FMHH12", "i": "MI", "s": "SS", "S": "SS", "f": "US", "p": "AM",
    "M": "FMMonth", "b": "Mon", "W": "FMDay", "a": "Dy", "j": "DDD", "T": "HH24:MI:SS",
    "r": "HH12:MI:SS AM", "D": "FMDDth", "w": None, "U": None, "u": None, "V": None, "v": "IW", "X": None,
    "x": "IYYY", "%": "%",
}
_TIME_SPECIFIERS = set("HkhIlisSfpTr")


def translate_date_format(fmt: str) -> tuple[str, list[str]]:
    """A MySQL format string as a PostgreSQL to_char/to_timestamp pattern, and the specifiers with no equivalent.

    Literal text is quoted for PostgreSQL (which would read letters as patterns). %w (0=Sunday; D counts from 1)
    and %U %u %V %X (week numbers with Sunday/Monday starts) have no pattern and are reported.
    """
    out: list[str] = []
    missing: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            text = "".join(literal).replace('"', '\\"')
            out.append(text if re.fullmatch(r"[\s\-/:.,;]*", text) else f'"{text}"')
            literal.clear()

    k = 0
    while k < len(fmt):
        ch = fmt[k]
        if ch != "%" or k + 1 >= len(fmt):
            literal.append(ch)
            k += 1
            continue
        spec = fmt[k + 1]
        k += 2
        if spec == "%" or spec not in DATE_SPECIFIERS:
            literal.append(spec)                # MySQL writes an unknown specifier's character as is
        elif DATE_SPECIFIERS[spec] is None:
            missing.append("%" + spec)
        else:
            flush()
            out.append(DATE_SPECIFIERS[spec])
    flush()
    return "".join(out), missing


def _date_format(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2 or not _is_string(args[1]):
        ctx.fire("MY306", "DATE_FORMAT with a format that is not a literal is not converted", Effort.MANUAL)
        return None
    pattern, missing = translate_date_format(args[1].this)
    if missing:
        ctx.fire("MY306", f"DATE_FORMAT specifiers {', '.join(missing)} have no to_char equivalent",
                 Effort.MANUAL)
        return None
    ctx.fire("MY306", f"DATE_FORMAT(..., '{args[1].this}') becomes to_char(..., '{pattern}')")
    return fn("TO_CHAR", _cast(args[0], "timestamp"), exp.Literal.string(pattern))


def _str_to_date(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2 or not _is_string(args[1]):
        ctx.fire("MY306", "STR_TO_DATE with a format that is not a literal is not converted", Effort.MANUAL)
        return None
    fmt = args[1].this
    pattern, missing = translate_date_format(fmt)
    if missing:
        ctx.fire("MY306", f"STR_TO_DATE specifiers {', '.join(missing)} have no to_timestamp equivalent",
                 Effort.MANUAL)
        return None
    ctx.fire("MY306", f"STR_TO_DATE(..., '{fmt}') becomes to_timestamp/to_date(..., '{pattern}'); MySQL gives "
                      "NULL for text that does not match, PostgreSQL an error", Effort.REVIEW)
    if any(f"%{s}" in fmt for s in _TIME_SPECIFIERS):
        return _cast(fn("TO_TIMESTAMP", args[0], exp.Literal.string(pattern)), "timestamp")
    return fn("TO_DATE", args[0], exp.Literal.string(pattern))


_EPOCH_UNITS = {"MICROSECOND": 0.000001, "SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400, "WEEK": 604800}


def _timestampdiff(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 3:
        return None
    unit = args[0].name.upper()
    start, end = _cast(args[1], "timestamp"), _cast(args[2], "timestamp")
    if unit in _EPOCH_UNITS:
        seconds = exp.Extract(this=exp.Var(this="EPOCH"), expression=exp.Paren(this=exp.Sub(this=end,
                                                                                           expression=start)))
        scale = _EPOCH_UNITS[unit]
        value = (exp.Mul(this=seconds, expression=exp.Literal.number(1000000)) if unit == "MICROSECOND" else
                 exp.Div(this=seconds, expression=exp.Literal.number(scale), typed=True) if scale != 1 else seconds)
        ctx.fire("MY308", f"TIMESTAMPDIFF({unit}, a, b) becomes the truncated difference of epoch seconds")
        return _cast(fn("TRUNC", value), "bigint")
    if unit in ("MONTH", "QUARTER", "YEAR"):
        age = fn("AGE", end, start)
        months = exp.Add(this=exp.Mul(this=exp.Extract(this=exp.Var(this="YEAR"), expression=age),
                                      expression=exp.Literal.number(12)),
                         expression=exp.Extract(this=exp.Var(this="MONTH"), expression=age.copy()))
        divisor = {"MONTH": 1, "QUARTER": 3, "YEAR": 12}[unit]
        value = months if divisor == 1 else fn("TRUNC", exp.Div(this=exp.Paren(this=months), typed=True,
                                                                 expression=exp.Literal.number(divisor)))
        ctx.fire("MY308", f"TIMESTAMPDIFF({unit}, a, b) becomes whole {unit.lower()}s of age(b, a): check month-end "
                          "and negative differences", Effort.REVIEW)
        return _cast(value, "bigint")
    ctx.fire("MY308", f"TIMESTAMPDIFF unit {unit} is not converted", Effort.MANUAL)
    return None


def _unix_timestamp(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    args = _args(node)
    if not args:
        ctx.fire("MY309", "UNIX_TIMESTAMP() becomes the whole seconds of extract(epoch from now())")
        return _cast(fn("FLOOR", exp.Extract(this=exp.Var(this="EPOCH"), expression=exp.CurrentTimestamp())),
                     "bigint")
    ctx.fire("MY309", "UNIX_TIMESTAMP(d) becomes extract(epoch from d): MySQL reads a DATETIME in the session "
                      "time zone, PostgreSQL a timestamp without time zone as UTC", Effort.REVIEW)
    return exp.Extract(this=exp.Var(this="EPOCH"), expression=_cast(args[0], "timestamptz"))


def _from_unixtime(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    stamp = _cast(fn("TO_TIMESTAMP", args[0]), "timestamp")
    ctx.fire("MY309", "FROM_UNIXTIME(n) becomes to_timestamp(n)::timestamp (the session time zone's wall "
                      "clock, as in MySQL)")
    if len(args) == 2:
        return _date_format(exp.Anonymous(this="DATE_FORMAT", expressions=[stamp, args[1]]), ctx)
    return stamp


def _current_time(pg: exp.Expression, message: str) -> Callable[[exp.Anonymous, Context], exp.Expression]:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression:
        ctx.fire("MY310", message)
        args = _args(node)
        if args and isinstance(pg, exp.CurrentTimestamp):
            return exp.Anonymous(this="CURRENT_TIMESTAMP", expressions=args)
        return pg.copy()
    return handler


def _length(pg_name: str) -> Callable[[exp.Anonymous, Context], exp.Expression]:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression:
        if pg_name == "OCTET_LENGTH" and node.name.upper() == "LENGTH":
            ctx.fire("MY316", "LENGTH counts bytes in MySQL: octet_length")
        return fn(pg_name, *_args(node))
    return handler


def _ifnull(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2:
        return None
    ctx.fire("MY301")
    return exp.Coalesce(this=args[0], expressions=[args[1]])


def _last_insert_id(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    ctx.fire("MY325", "LAST_INSERT_ID() becomes lastval(): the last value of any sequence in the session, not "
                      "only of AUTO_INCREMENT columns", Effort.REVIEW)
    return fn("LASTVAL")


def _find_in_set(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    if len(args) != 2:
        return None
    ctx.fire("MY326")
    position = exp.Coalesce(this=fn("ARRAY_POSITION", fn("STRING_TO_ARRAY", args[1], exp.Literal.string(",")),
                                    args[0]), expressions=[exp.Literal.number(0)])
    nulls = exp.Or(this=exp.Is(this=args[0].copy(), expression=exp.Null()),
                   expression=exp.Is(this=args[1].copy(), expression=exp.Null()))
    return exp.Case(ifs=[exp.If(this=nulls, true=exp.Null())], default=position)


ANONYMOUS: dict[str, Callable[[exp.Anonymous, Context], exp.Expression | None]] = {
    "IFNULL": _ifnull,
    "DATE_FORMAT": _date_format,
    "STR_TO_DATE": _str_to_date,
    "TIMESTAMPDIFF": _timestampdiff,
    "UNIX_TIMESTAMP": _unix_timestamp,
    "FROM_UNIXTIME": _from_unixtime,
    "NOW": _current_time(exp.CurrentTimestamp(), "NOW() becomes CURRENT_TIMESTAMP (the statement's start, as "
                                                 "in MySQL)"),
    "SYSDATE": _current_time(fn("CLOCK_TIMESTAMP"), "SYSDATE() becomes clock_timestamp() (the time of the call)"),
    "UTC_TIMESTAMP": _current_time(fn("TIMEZONE", exp.Literal.string("UTC"), exp.CurrentTimestamp()),
                                   "UTC_TIMESTAMP() becomes timezone('UTC', CURRENT_TIMESTAMP)"),
    "UTC_DATE": _current_time(_cast(fn("TIMEZONE", exp.Literal.string("UTC"), exp.CurrentTimestamp()), "date"),
                              "UTC_DATE() becomes the date of timezone('UTC', CURRENT_TIMESTAMP)"),
    "CURTIME": _current_time(exp.Var(this="LOCALTIME"), "CURTIME() becomes LOCALTIME"),
    "CURRENT_TIME": _current_time(exp.Var(this="LOCALTIME"), "CURRENT_TIME becomes LOCALTIME (MySQL's TIME has "
                                                             "no time zone)"),
    "LENGTH": _length("OCTET_LENGTH"),
    "OCTET_LENGTH": _length("OCTET_LENGTH"),
    "CHAR_LENGTH": _length("CHAR_LENGTH"),
    "CHARACTER_LENGTH": _length("CHAR_LENGTH"),
    "LAST_INSERT_ID": _last_insert_id,
    "FIND_IN_SET": _find_in_set,
}


def _concat(node: exp.Concat, ctx: Context) -> exp.Expression:
    args = list(node.expressions)
    ctx.fire("MY303")
    if len(args) == 1:
        return _cast(args[0], "text")
    first_string = next((n for n, a in enumerate(args) if _is_string(a)), None)
    if first_string is None or first_string > 1:
        args[0] = _cast(args[0], "text")
    tree = _paren(args[0])
    for arg in args[1:]:
        tree = exp.DPipe(this=tree, expression=_paren(arg), safe=True)
    return exp.Paren(this=tree) if isinstance(node.parent, (exp.Binary, exp.Unary)) else tree


def _group_concat(node: exp.GroupConcat, ctx: Context) -> exp.Expression:
    ctx.fire("MY305")
    inner = node.this
    order = inner if isinstance(inner, exp.Order) else None
    value = order.this if order is not None else inner
    distinct = isinstance(value, exp.Distinct)
    items = value.expressions if distinct else [value]
    if len(items) > 1:
        item = _concat(exp.Concat(expressions=items), ctx)
    else:
        item = items[0]
    if not _is_string(item) and not isinstance(item, exp.DPipe):
        if distinct and order is not None:
            ctx.fire("MY305", "GROUP_CONCAT(DISTINCT ... ORDER BY ...): the value is cast to text, so the ORDER BY "
                              "must be on the same text for PostgreSQL", Effort.REVIEW)
        item = _cast(item, "text")
    value = exp.Distinct(expressions=[item]) if distinct else item
    if order is not None:
        for ordered in order.expressions:       # MySQL sorts NULLs first ascending, last descending
            ordered.set("nulls_first", not ordered.args.get("desc"))
        order.set("this", value)
        value = order
    separator = node.args.get("separator") or exp.Literal.string(",")
    return exp.GroupConcat(this=value, separator=separator)


def _div(node: exp.Div, ctx: Context) -> exp.Expression:
    if node.args.get("sct"):
        return node
    ctx.fire("MY312")
    left, right = node.this, node.expression
    if not (isinstance(left, exp.Literal) and "." in left.this) and not isinstance(left, exp.Cast):
        left = _cast(left, "numeric")
    out = exp.Div(this=left, expression=fn("NULLIF", right, exp.Literal.number(0)), typed=True, safe=False)
    out.set("sct", True)
    return out


def _int_div(node: exp.IntDiv, ctx: Context) -> exp.Expression:
    ctx.fire("MY311")
    return fn("DIV", node.this, fn("NULLIF", node.expression, exp.Literal.number(0)))


_CAST_TYPES = {"CHAR": "text", "NCHAR": "text", "SIGNED": "bigint", "BIGINT": "bigint", "INT": "bigint",
               "UNSIGNED": "numeric(20)", "UBIGINT": "numeric(20)", "DATETIME": "timestamp", "DATE": "date",
               "TIME": "time", "DOUBLE": "double precision", "FLOAT": "real", "JSON": "jsonb",
               "BINARY": "bytea", "VARBINARY": "bytea", "DECIMAL": "numeric(10,0)", "TEXT": "text",
               "VARCHAR": "text"}


def _cast_node(node: exp.Cast, ctx: Context) -> exp.Expression:
    if node.args.get("sct"):
        return node
    to = node.to
    name = to.this.name.upper() if hasattr(to.this, "name") else str(to.this)
    params = [p.this.this if isinstance(p, exp.DataTypeParam) and isinstance(p.this, exp.Literal) else p.sql()
              for p in to.expressions]
    if name in ("CHAR", "NCHAR", "VARCHAR") and params:
        target = f"varchar({params[0]})"
    elif name in ("DECIMAL",) and params:
        target = f"numeric({','.join(params)})"
    elif name in _CAST_TYPES:
        target = _CAST_TYPES[name]
    else:
        return node
    ctx.fire("MY314", f"CAST(... AS {to.sql('mysql')}) becomes CAST(... AS {target})")
    out = _cast(node.this, target)
    out.set("sct", True)
    return out


def _national(node: exp.National, ctx: Context) -> exp.Expression:
    return exp.Literal.string(node.name)


def _introducer(node: exp.Introducer, ctx: Context) -> exp.Expression:
    charset = node.this.name.lower() if isinstance(node.this, (exp.Var, exp.Identifier)) else str(node.this).lower()
    value = node.expression
    if charset == "_binary":
        ctx.fire("MY315")
        if isinstance(value, exp.HexString):
            return _bytea(bytes.fromhex(_even(value.this)))
        if _is_string(value):
            return _bytea(value.this.encode("utf-8"))
    return value


def _even(hexdigits: str) -> str:
    return hexdigits if len(hexdigits) % 2 == 0 else "0" + hexdigits


def _hex(node: exp.HexString, ctx: Context) -> exp.Expression:
    if isinstance(node.parent, exp.Introducer):
        return node
    ctx.fire("MY315")
    return _bytea(bytes.fromhex(_even(node.this)))


def _regexp(node: exp.RegexpLike, ctx: Context) -> exp.Expression:
    ctx.fire("MY319")
    return exp.RegexpILike(this=node.this, expression=node.expression)


def _parameter(node: exp.Parameter, ctx: Context) -> exp.Expression:
    ctx.fire("MY318", f"user variable @{node.name} has no PostgreSQL equivalent in SQL", Effort.MANUAL)
    return node


def _current_timestamp(node: exp.CurrentTimestamp, ctx: Context) -> exp.Expression:
    if node.this is not None:
        return exp.Anonymous(this="CURRENT_TIMESTAMP", expressions=[node.this])
    return node


def _if(node: exp.If, ctx: Context) -> exp.Expression:
    if isinstance(node.parent, exp.Case):
        return node
    ctx.fire("MY302")
    return exp.Case(ifs=[exp.If(this=node.this, true=node.args.get("true"))], default=node.args.get("false"))


def _limit(node: exp.Offset, ctx: Context) -> exp.Expression:
    ctx.fire("MY317")
    return node


def _date_arith(node: exp.Expression, ctx: Context) -> exp.Expression:
    ctx.fire("MY307")
    if _is_string(node.this):               # MySQL reads a string as a DATETIME here; PostgreSQL needs a cast
        node.set("this", _cast(node.this, "timestamp"))
    return node


def _positive_literal(node: exp.Expression | None) -> bool:
    return isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit() and int(node.this) >= 1


def _substring(node: exp.Substring, ctx: Context) -> exp.Expression | None:
    """SUBSTRING(s, pos[, len]) (MY329): the same for a literal position from 1 up. MySQL gives '' for position 0
    and counts a negative position from the end (and '' when it reaches before the start); a literal 0 or
    negative position is rewritten so, any other position is a REVIEW."""
    start = node.args.get("start")
    if _positive_literal(start):
        return None
    value = _signed_literal(start)
    if value is None:
        ctx.fire("MY329", f"{_function_label(node)}: MySQL returns '' for position 0 and counts a negative position "
                          "from the end; PostgreSQL's substring does neither: check the position is always 1 or "
                          "more", Effort.REVIEW)
        return None
    text, length = node.this, node.args.get("length")
    ctx.fire("MY329", f"{_function_label(node)}: position {value} counts as MySQL does", Effort.AUTO)
    if value == 0:
        return exp.Literal.string("")
    n = -value
    from_ = exp.Sub(this=exp.Anonymous(this="CHAR_LENGTH", expressions=[text.copy()]),
                    expression=exp.Literal.number(n - 1))
    cut = exp.Substring(this=text.copy(), start=from_, length=length.copy() if length is not None else None)
    too_far = exp.GT(this=exp.Literal.number(n), expression=exp.Anonymous(this="CHAR_LENGTH",
                                                                          expressions=[text.copy()]))
    return exp.Case(ifs=[exp.If(this=too_far, true=exp.Literal.string(""))], default=cut)


def _signed_literal(node: exp.Expression | None) -> int | None:
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        return int(node.this)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and node.this.this.isdigit():
        return -int(node.this.this)
    return None


def _left_right(node: exp.Expression, ctx: Context) -> exp.Expression | None:
    """LEFT/RIGHT(s, n): the same for n >= 0; for a negative n MySQL returns '', PostgreSQL all but |n|
    characters."""
    if not (isinstance(node.expression, exp.Literal) and not node.expression.is_string
            and node.expression.this.isdigit()):
        ctx.fire("MY329", f"{_function_label(node)}: with a negative length MySQL returns '', PostgreSQL all "
                          "but that many characters: check the length is never negative", Effort.REVIEW)
    return None


def _greatest_least(node: exp.Expression, ctx: Context) -> exp.Expression:
    """GREATEST/LEAST (MY328) are NULL in MySQL when any argument is NULL; PostgreSQL ignores NULL arguments."""
    args = [a for a in (node.this, *node.expressions)
            if not (isinstance(a, exp.Literal) or isinstance(a, exp.Neg) and isinstance(a.this, exp.Literal))]
    ctx.fire("MY328", f"{_function_label(node)}: NULL when any argument is NULL, as in MySQL")
    if not args:
        return node
    any_null = exp.or_(*[exp.Is(this=a.copy(), expression=exp.Null()) for a in args])
    return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=node.copy())


NODES: dict[type, Callable[[exp.Expression, Context], exp.Expression | None]] = {
    exp.Concat: _concat, exp.GroupConcat: _group_concat, exp.Div: _div, exp.IntDiv: _int_div,
    exp.Cast: _cast_node, exp.National: _national, exp.Introducer: _introducer, exp.HexString: _hex,
    exp.RegexpLike: _regexp, exp.Parameter: _parameter, exp.CurrentTimestamp: _current_timestamp, exp.If: _if,
    exp.Offset: _limit, exp.DateAdd: _date_arith, exp.DateSub: _date_arith,
    exp.Substring: _substring, exp.Left: _left_right, exp.Right: _left_right,
    exp.Greatest: _greatest_least, exp.Least: _greatest_least,
}


# Functions sqlglot reads into typed nodes whose PostgreSQL rendering means what MySQL's function means (for
# the argument types MySQL allows there). Any other function is rewritten by a handler (NODES, ANONYMOUS), is a
# stored function of the scripts, or is reported (MY398): nothing passes through on trust.
SAME_MEANING: tuple[type, ...] = (
    exp.Upper, exp.Lower, exp.Trim, exp.Replace, exp.Repeat, exp.Reverse, exp.Pad, exp.Space, exp.ConcatWs,
    exp.Coalesce, exp.Nullif, exp.Abs, exp.Ceil, exp.Floor, exp.Pow, exp.Sqrt, exp.Exp, exp.Ln, exp.Log,
    exp.Sign, exp.Pi, exp.Round, exp.Trunc, exp.Rand, exp.Year, exp.Month, exp.Day, exp.Hour, exp.Minute,
    exp.Second, exp.DayOfMonth, exp.Extract, exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.StddevPop,
    exp.VariancePop, exp.CurrentDate, exp.Localtime, exp.MD5, exp.StrPosition, exp.LastDay, exp.DateDiff,
    exp.TsOrDsToDate, exp.Length, exp.StrToDate, exp.TimestampDiff,
)


# Names sqlglot reads as calls that other steps convert: VALUES(col) of ON DUPLICATE KEY UPDATE (MY323,
# converter.mysql_pipeline), ROW(...) constructors.
_HANDLED_ELSEWHERE = frozenset({"VALUES", "ROW"})


def _function_label(node: exp.Expression) -> str:
    text = node.sql(dialect=_DIALECT)
    return text if len(text) <= 60 else text[:57] + "..."


def audit_functions(tree: exp.Expression, ctx: Context) -> None:
    """MY398 for every function of the MySQL tree that no handler rewrites and that PostgreSQL does not have with
    the same meaning. Calls of unknown names (maybe stored functions of the scripts) are noted on the object
    (`mysql_unknown_calls`) for converter.mysql_pipeline to judge once it knows the scripts' programs."""
    for node in tree.walk():
        if isinstance(node, exp.Mod):
            ctx.fire("MY330", f"{_function_label(node)}: MOD or % by zero is NULL in MySQL and an error in "
                              "PostgreSQL: check the divisor is never 0")
        if isinstance(node, (exp.JSONExtract, exp.JSONExtractScalar)):
            pass
        elif not isinstance(node, exp.Func) or isinstance(node, (exp.Connector, exp.Binary, exp.Unary, exp.Case)):
            continue                    # operators: AND, OR, XOR, comparisons, NOT, ... are not functions
        if isinstance(node, exp.Anonymous):
            if node.name.upper() not in ANONYMOUS and node.name.upper() not in _HANDLED_ELSEWHERE \
                    and isinstance(node.this, str):
                calls = ctx.obj.__dict__.setdefault("mysql_unknown_calls", [])
                calls.append((node.name.lower(), _function_label(node), ctx.span))
            continue
        if type(node) in NODES or isinstance(node, SAME_MEANING):
            continue
        if isinstance(node, (exp.JSONExtract, exp.JSONExtractScalar)):
            ctx.fire("MY331", f"{_function_label(node)}: MySQL JSON paths ($[*], $**, ranges) and the returned "
                              "JSON types differ from PostgreSQL's json path functions: check the paths")
            continue
        ctx.fire("MY398", f"{_function_label(node)}: this MySQL function has no conversion that keeps its meaning "
                          "on PostgreSQL", Effort.MANUAL)


def convert_tree(tree: exp.Expression, obj: SchemaObject, span: Span, context: str = "query",
                 source: str | None = None) -> exp.Expression:
    """The PostgreSQL form of a MySQL tree; rewrites and what stays unconverted are findings on `obj`.

    `source` is the MySQL text the tree came from: `||` in it is logical OR in MySQL (MY313).
    """
    ctx = Context(obj, span, context)
    audit_functions(tree, ctx)
    if source is not None and "||" in _code_only(source):
        ctx.fire("MY313")
    if source is not None and re.search(r"\bISNULL\s*\(", _code_only(source), re.I):
        ctx.fire("MY332")
    for ident in tree.find_all(exp.Identifier):
        ident.set("this", fold(ident.name))
        ident.set("quoted", False)

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous):
            handler = ANONYMOUS.get(node.name.upper())
            if handler is not None:
                return handler(node, ctx) or node
            return node
        handler = NODES.get(type(node))
        if handler is None:
            return node
        return handler(node, ctx) or node

    tree = _rewrite_postorder(tree, rewrite)
    if context == "query":
        for select in tree.find_all(exp.Select):
            _check_group_by(select, ctx)
    return tree


def _rewrite_postorder(tree: exp.Expression, rewrite: Callable[[exp.Expression], exp.Expression]) -> exp.Expression:
    """Apply `rewrite` to every node, children before their parent (sqlglot's transform skips the children of a
    node it replaced), and return the new root."""
    for node in reversed(list(tree.walk())):
        new = rewrite(node)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


_AGGREGATE_TYPES = (exp.AggFunc,)


def _check_group_by(select: exp.Select, ctx: Context) -> None:
    group = select.args.get("group")
    if group is None:
        return
    grouped = {g.sql() for g in group.expressions}
    grouped_names = {g.name for g in group.expressions if isinstance(g, exp.Column)}
    loose = []
    for item in select.expressions:
        value = item.this if isinstance(item, exp.Alias) else item
        if value.sql() in grouped or (isinstance(item, exp.Alias) and item.alias in grouped_names):
            continue
        if value.find(*_AGGREGATE_TYPES) is not None or isinstance(value, exp.Literal):
            continue
        columns = [c for c in value.find_all(exp.Column) if c.sql() not in grouped]
        if columns:
            loose.append(value.sql("mysql"))
    if loose:
        ctx.fire("MY320", f"GROUP BY without {', '.join(loose)}: MySQL picks any value of the group, PostgreSQL "
                          "accepts it only when the column depends on a grouped primary key")


_COMMENTS_AND_STRINGS = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|--[^\n]*|#[^\n]*|/\*.*?\*/",
                                   re.S)


def _code_only(text: str) -> str:
    return _COMMENTS_AND_STRINGS.sub(" ", text)
