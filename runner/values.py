"""Source values to what the target column stores: one `Converter` per column, built once, called per value.

    conv = Converter(column_info, "mysql", "timestamp with time zone", "postgres", ValuePolicy())
    conv(datetime(2024, 1, 2, 3, 4, 5))   -> datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    conv("0000-00-00 00:00:00")           -> None   (zero_dates="null"), or BadValue (zero_dates="error")

A value the target cannot hold raises `BadValue` (its message names the column and the reason); the runner sends
that row to the rejects table instead of failing the whole batch. NULL is always NULL.

The output is what the target column gives back when read, so a converted source row can be compared with the
target row as is (validation does): e.g. an aware datetime in UTC for timestamptz, an int 0/1 for MySQL
tinyint(1), '0101' text for PostgreSQL bit/bit varying, BIT(n) bytes for MySQL, the float32 value printed
shortest for real/FLOAT, numbers rounded to the target's scale, times rounded to the target's fractional digits.

Type choices for MySQL sources (what `runner.ddl.postgres_type` makes, and what these converters expect):
ENUM -> text (the member as text); SET -> text ('a,c', MySQL's canonical order) or text[] (['a', 'c']) if the
target column is an array; BIT(n) -> bit varying(n) ('0000000101'; bit(n) and bytea, integer types and boolean
work as well); TIME -> interval (MySQL TIME spans -838:59:59..838:59:59, more than PostgreSQL's time; time
works for values within a day); TIMESTAMP -> timestamptz (read in UTC, made aware); DATETIME -> timestamp;
tinyint(1) -> boolean (any non-zero is true); YEAR -> smallint; JSON -> jsonb.

Naive datetimes written to a timestamptz column are taken as UTC; aware ones written to a timestamp (without
time zone) or a MySQL DATETIME are converted to UTC first.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

from sct.runner.model import ColumnInfo

__all__ = ["ValuePolicy", "BadValue", "Converter", "TypeSpec", "parse_type", "float32"]

UTC = dt.UTC
_BYTES = (bytes, bytearray, memoryview)
_TRUE = {"1", "t", "true", "y", "yes", "on"}
_FALSE = {"0", "f", "false", "n", "no", "off"}
_DATETIME_TEXT = re.compile(r"^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?")
_TIME_TEXT = re.compile(r"^\s*(-)?(\d+):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?\s*$")
_BITS = re.compile(r"^[01]*$")
_BIG = Context(prec=1000)
_PG_EPOCH = dt.datetime(2000, 1, 1)
_MYSQL_TIME_MAX = dt.timedelta(hours=838, minutes=59, seconds=59)
_MYSQL_TIMESTAMP_MIN = dt.datetime(1970, 1, 1, 0, 0, 1)
_MYSQL_TIMESTAMP_MAX = dt.datetime(2038, 1, 19, 3, 14, 7, 999999)
_FLOAT32_MAX = 3.4028234663852886e38
_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")


@dataclass(frozen=True)
class ValuePolicy:
    """What to do with values the target cannot take as they are.

    zero_dates: "null" | "error" -- MySQL '0000-00-00', '0000-00-00 00:00:00' and dates with a zero month or day
    nul_bytes: "strip" | "error" -- \\x00 in text (PostgreSQL text and jsonb cannot hold it)
    invalid_utf8: "replace" | "error" -- bytes for a text column that are not UTF-8 (replace: U+FFFD)
    """

    zero_dates: str = "null"
    nul_bytes: str = "strip"
    invalid_utf8: str = "replace"

    def __post_init__(self) -> None:
        for name, allowed in (("zero_dates", ("null", "error")), ("nul_bytes", ("strip", "error")),
                              ("invalid_utf8", ("replace", "error"))):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be {' or '.join(allowed)}, not {getattr(self, name)!r}")


class BadValue(ValueError):
    """A value the policy (or the target type) refuses; the row goes to the rejects table."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(f"column {column}: {message}" if column else message)
        self.column = column
        self.reason = message


# --- types -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeSpec:
    """A column type taken apart: "numeric(12,2)" -> base "numeric", params ("12", "2");
    "int(10) unsigned" -> base "int", unsigned; "timestamp(3) with time zone" -> base "timestamp with time zone",
    params ("3",); "text[]" -> base "text", array; "enum('a','b')" -> base "enum", members ("a", "b")."""

    raw: str
    base: str
    params: tuple[str, ...] = ()
    unsigned: bool = False
    array: bool = False
    members: tuple[str, ...] = ()

    def int_param(self, i: int = 0) -> int | None:
        try:
            return int(self.params[i])
        except (IndexError, ValueError):
            return None


def parse_type(text: str | None) -> TypeSpec:
    raw = (text or "").strip()
    s = raw
    array = False
    while s.endswith("[]"):
        array, s = True, s[:-2].rstrip()
    if s.lower().endswith(" array"):
        array, s = True, s[:-6].rstrip()
    params: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    open_at = s.find("(")
    if open_at >= 0:
        close_at = _closing(s, open_at)
        inner = s[open_at + 1:close_at]
        head = s[:open_at].strip().lower()
        if head in ("enum", "set"):
            members = tuple(m.replace("''", "'").replace("\\\\", "\\")
                            for m in re.findall(r"'((?:[^'\\]|''|\\.)*)'", inner))
        else:
            params = tuple(p.strip() for p in inner.split(","))
        s = s[:open_at] + " " + s[close_at + 1:]
    words = s.lower().split()
    unsigned = "unsigned" in words
    words = [w for w in words if w not in ("unsigned", "signed", "zerofill")]
    return TypeSpec(raw, " ".join(words), params, unsigned, array, members)


def _closing(s: str, open_at: int) -> int:
    depth, quoted, i = 0, False, open_at
    while i < len(s):
        c = s[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == "'":
                if i + 1 < len(s) and s[i + 1] == "'":
                    i += 1
                else:
                    quoted = False
        elif c == "'":
            quoted = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(s) - 1 if s.endswith(")") else len(s)


_PG_INT = {"smallint": 16, "int2": 16, "smallserial": 16, "serial2": 16, "integer": 32, "int": 32, "int4": 32,
           "serial": 32, "serial4": 32, "bigint": 64, "int8": 64, "bigserial": 64, "serial8": 64}
_MYSQL_INT = {"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32, "bigint": 64}


def _int_range(spec: TypeSpec, dialect: str) -> tuple[int, int] | None:
    if dialect == "mysql" and spec.base in _MYSQL_INT:
        bits = _MYSQL_INT[spec.base]
        return (0, (1 << bits) - 1) if spec.unsigned else (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
    if dialect == "postgres" and spec.base in _PG_INT:
        bits = _PG_INT[spec.base]
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if dialect == "sqlite" and "int" in spec.base:
        return -(1 << 63), (1 << 63) - 1
    return None


def kind_of(spec: TypeSpec, dialect: str) -> str:
    """The converter family for a target type: bool int numeric float4 float8 text json jsonb bytes date
    timestamp timestamptz time timetz interval bit uuid array year other."""
    b = spec.base
    if spec.array and dialect == "postgres":
        return "array"
    if dialect == "postgres":
        if b in ("boolean", "bool"):
            return "bool"
        if b in _PG_INT:
            return "int"
        if b in ("numeric", "decimal"):
            return "numeric"
        if b in ("real", "float4"):
            return "float4"
        if b in ("double precision", "float8"):
            return "float8"
        if b == "float":
            p = spec.int_param()
            return "float4" if p is not None and p <= 24 else "float8"
        if b in ("text", "character varying", "varchar", "character", "char", "bpchar", "name", "citext",
                 '"char"'):
            return "text"
        if b in ("json", "jsonb"):
            return b
        if b == "bytea":
            return "bytes"
        if b == "date":
            return "date"
        if b in ("timestamp", "timestamp without time zone"):
            return "timestamp"
        if b in ("timestamp with time zone", "timestamptz"):
            return "timestamptz"
        if b in ("time", "time without time zone"):
            return "time"
        if b in ("time with time zone", "timetz"):
            return "timetz"
        if b.startswith("interval"):
            return "interval"
        if b in ("bit", "bit varying", "varbit"):
            return "bit"
        if b == "uuid":
            return "uuid"
        return "other"
    if dialect == "mysql":
        if (b == "tinyint" and spec.params == ("1",)) or b in ("bool", "boolean"):
            return "bool"
        if b in _MYSQL_INT:
            return "int"
        if b == "year":
            return "year"
        if b in ("decimal", "numeric", "dec", "fixed"):
            return "numeric"
        if b == "float":
            p = spec.int_param()
            return "float8" if p is not None and len(spec.params) == 1 and p > 24 else "float4"
        if b in ("double", "double precision", "real"):
            return "float8"
        if b in ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set",
                 "national char", "national varchar", "nchar", "nvarchar", "character", "character varying"):
            return "text"
        if b == "json":
            return "json"
        if b in ("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"):
            return "bytes"
        if b == "date":
            return "date"
        if b == "datetime":
            return "timestamp"
        if b == "timestamp":
            return "timestamptz"
        if b == "time":
            return "time"
        if b == "bit":
            return "bit"
        return "other"
    # SQLite: the affinity rules of https://sqlite.org/datatype3.html, with bool and dates named
    if "int" in b:
        return "int"
    if any(w in b for w in ("char", "clob", "text")):
        return "text"
    if "blob" in b or b == "":
        return "other"
    if any(w in b for w in ("real", "floa", "doub")):
        return "float8"
    if "bool" in b:
        return "bool"
    if b in ("date",):
        return "date"
    if "time" in b or "date" in b:
        return "timestamp"
    return "numeric"


# --- helpers -------------------------------------------------------------------------------------------------------

def float32(x: float) -> float:
    """The float a single-precision column holds for x, as the shortest decimal that reads back to it (the
    closest of those when several have as few digits; never one exactly halfway to a neighbour): what
    PostgreSQL prints for real. float32(0.1) == 0.1, float32(1/3) == 0.33333334. OverflowError past 3.4e38."""
    if x != x or x in (math.inf, -math.inf):
        return x
    packed = _F32.pack(x)
    exact = _F32.unpack(packed)[0]
    if exact == 0.0:
        return exact
    bits = _U32.unpack(packed)[0]
    magnitude = abs(exact)
    below = _F32.unpack(_U32.pack(bits - 1))[0] if bits & 0x7FFFFFFF else 0.0
    above = (_F32.unpack(_U32.pack(bits + 1))[0] if (bits & 0x7FFFFFFF) < 0x7F7FFFFF
             else magnitude + (magnitude - abs(below)))
    low, high = (magnitude + abs(below)) / 2, (magnitude + abs(above)) / 2     # exclusive: ties never count

    def best(digits: int) -> float | None:
        text = f"{magnitude:.{digits - 1}e}"
        closest = float(text)
        if low < closest < high:
            return closest
        step = 10.0 ** (int(text.split("e")[1]) - digits + 1)
        inside = [c for c in (closest - step, closest + step) if low < c < high]
        return float(f"{min(inside, key=lambda c: abs(c - magnitude)):.{digits - 1}e}") if inside else None

    lo, hi, found = 1, 9, None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = best(mid)
        if candidate is not None:
            found, hi = candidate, mid - 1
        else:
            lo = mid + 1
    if found is None:
        found = magnitude
    return -found if exact < 0 else found


def _format_timedelta(v: dt.timedelta) -> str:
    sign = "-" if v < dt.timedelta(0) else ""
    v = abs(v)
    total = v.days * 86400 + v.seconds
    text = f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return text + (f".{v.microseconds:06d}" if v.microseconds else "")


def _as_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, Decimal):
        return format(v, "f") if v.is_finite() else str(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return _format_timedelta(v)
    if isinstance(v, list | tuple):
        return ",".join(_as_text(x) for x in v)
    if isinstance(v, set | frozenset):
        return ",".join(sorted(_as_text(x) for x in v))
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _round_microseconds(v: Any, digits: int, pg: bool) -> Any:
    """Round a datetime's or time's fraction to `digits` as the target does (PostgreSQL: half away from zero
    around 2000-01-01; MySQL: half up)."""
    if digits >= 6 or not v.microsecond:
        return v
    scale = 10 ** (6 - digits)
    if isinstance(v, dt.datetime) and pg:
        naive = v.replace(tzinfo=None)
        t = (naive - _PG_EPOCH) // dt.timedelta(microseconds=1)
        t = (t + scale // 2) // scale * scale if t >= 0 else -((-t + scale // 2) // scale * scale)
        return (_PG_EPOCH + dt.timedelta(microseconds=t)).replace(tzinfo=v.tzinfo)
    us = (v.microsecond + scale // 2) // scale * scale
    if us < 1_000_000:
        return v.replace(microsecond=us)
    if isinstance(v, dt.datetime):
        return v.replace(microsecond=0) + dt.timedelta(seconds=1)
    whole = dt.datetime.combine(dt.date(2000, 1, 1), v.replace(microsecond=0)) + dt.timedelta(seconds=1)
    return whole.time().replace(tzinfo=v.tzinfo) if whole.day == 1 else v.replace(microsecond=999999 // scale * scale)


def _round_timedelta(v: dt.timedelta, digits: int) -> dt.timedelta:
    if digits >= 6 or not v.microseconds:
        return v
    scale = 10 ** (6 - digits)
    us = v // dt.timedelta(microseconds=1)
    us = (us + scale // 2) // scale * scale if us >= 0 else -((-us + scale // 2) // scale * scale)
    return dt.timedelta(microseconds=us)


# --- the converter ---------------------------------------------------------------------------------------------

def _identity(value: Any) -> Any:
    return value


class Converter:
    """Turns one source column's values into what one target column stores.

    Converter(column, source_dialect, target_type, target_dialect, policy=ValuePolicy())
      column: the source ColumnInfo (None when unknown); source_dialect / target_dialect: "mysql", "postgres",
      "sqlite"; target_type: the target column's type as its catalog writes it (None: unknown, values pass with
      only the policy's text checks).
    `conv(value)` returns the value to write; raises BadValue. `passthrough` is True when every value comes out
    unchanged (the caller may skip the call); `kind` is the target family (see kind_of)."""

    def __init__(self, column: ColumnInfo | None, source_dialect: str, target_type: str | None,
                 target_dialect: str, policy: ValuePolicy | None = None):
        self.column = column
        self.source_dialect = source_dialect
        self.target_dialect = target_dialect
        self.target_type = target_type
        self.policy = policy or ValuePolicy()
        self.source = parse_type(column.source_type if column is not None else "")
        self.target = parse_type(target_type)
        self.kind = kind_of(self.target, target_dialect) if target_type else "other"
        self._name = column.name if column is not None else None
        self._fn = self._build()
        self.passthrough = self._is_passthrough()

    def __call__(self, value: Any) -> Any:
        if value is None:
            return None
        try:
            return self._fn(value)
        except BadValue as bad:
            if bad.column is None and self._name is not None:
                raise BadValue(bad.reason, self._name) from None
            raise

    def __repr__(self) -> str:
        return (f"Converter({self._name!r}: {self.source.raw!r} [{self.source_dialect}] -> {self.target.raw!r} "
                f"[{self.target_dialect}], {self.kind})")

    # policy pieces

    def _bad(self, message: str) -> BadValue:
        return BadValue(message, self._name)

    def _decode(self, data: Any) -> str:
        data = bytes(data)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            if self.policy.invalid_utf8 == "replace":
                return data.decode("utf-8", "replace")
            raise self._bad(f"bytes that are not UTF-8 ({e.reason} at byte {e.start}; invalid_utf8=error)") from None

    def _nul(self, text: str) -> str:
        if self.policy.nul_bytes == "strip":
            return text.replace("\x00", "")
        raise self._bad("text with a NUL character (\\x00), which PostgreSQL cannot store (nul_bytes=error)")

    def _zero_date(self, text: str) -> None:
        if self.policy.zero_dates == "null":
            return None
        raise self._bad(f"zero date {text!r} (zero_dates=error)")

    def _parse_datetime(self, v: Any) -> dt.datetime | dt.date | None:
        """A date or datetime from text; None for a zero date under zero_dates=null."""
        text = self._decode(v) if isinstance(v, _BYTES) else str(v)
        m = _DATETIME_TEXT.match(text)
        if m and (int(m.group(1)) == 0 or int(m.group(2)) == 0 or int(m.group(3)) == 0):
            return self._zero_date(text)
        try:
            if m and m.group(4) is None and len(text.strip()) == m.end():
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise self._bad(f"not a valid date/time: {text[:60]!r}") from None

    # builders

    def _same_type(self) -> bool:
        """Same dialect and type on both sides (zero dates aside, the target takes every source value as is)."""
        return (self.column is not None and self.source_dialect == self.target_dialect != "sqlite"
                and " ".join(self.source.raw.lower().split()) == " ".join(self.target.raw.lower().split())
                and self.kind not in ("date", "timestamp", "timestamptz", "other"))

    def _build(self) -> Callable[[Any], Any]:
        if self._same_type():
            return _identity
        builder = getattr(self, f"_build_{self.kind}")
        return builder()

    def _text_in(self, v: Any) -> str:
        """Any value as text (bytes decoded per policy)."""
        if type(v) is str:
            return v
        if isinstance(v, _BYTES):
            return self._decode(v)
        return _as_text(v)

    def _build_text(self) -> Callable[[Any], Any]:
        pg = self.target_dialect == "postgres"
        b, t = self.target.base, self.target
        limit = t.int_param() if b in ("character varying", "varchar", "character", "char", "bpchar",
                                       "nchar", "nvarchar", "national char", "national varchar") else None
        if b in ("character", "char", "bpchar") and limit is None and pg:
            limit = 1
        pad = pg and b in ("character", "char", "bpchar")
        rstrip = self.target_dialect == "mysql" and b in ("char", "character", "nchar", "national char")
        members = set(t.members) if b == "enum" and self.target_dialect == "mysql" else None
        text_in, nul = self._text_in, self._nul

        def text(v: Any) -> str:
            s = v if type(v) is str else text_in(v)
            if pg and "\x00" in s:
                s = nul(s)
            if limit is not None and len(s) > limit and not (pad and len(s.rstrip(" ")) <= limit):
                raise self._bad(f"{len(s)} characters do not fit {t.raw}")
            if pad:
                s = s[:limit].ljust(limit) if len(s) > limit else s.ljust(limit)
            elif rstrip:
                s = s.rstrip(" ")
            if members is not None and s not in members and s != "":
                raise self._bad(f"{s[:60]!r} is not a member of {t.raw}")
            return s
        return text

    def _build_json(self) -> Callable[[Any], Any]:
        return self._json(jsonb=False)

    def _build_jsonb(self) -> Callable[[Any], Any]:
        return self._json(jsonb=True)

    def _json(self, jsonb: bool) -> Callable[[Any], Any]:
        def strip_nul(x: Any) -> Any:
            if isinstance(x, str):
                return x.replace("\x00", "")
            if isinstance(x, list):
                return [strip_nul(i) for i in x]
            if isinstance(x, dict):
                return {strip_nul(k): strip_nul(i) for k, i in x.items()}
            return x

        def has_nul(x: Any) -> bool:
            if isinstance(x, str):
                return "\x00" in x
            if isinstance(x, list):
                return any(has_nul(i) for i in x)
            if isinstance(x, dict):
                return any(has_nul(k) or has_nul(i) for k, i in x.items())
            return False

        def to_json(v: Any) -> str:
            if type(v) is str:
                s = v
            elif isinstance(v, _BYTES):
                s = self._decode(v)
            elif isinstance(v, dict | list | tuple | int | float | bool):
                return to_json(json.dumps(v, ensure_ascii=False))
            elif isinstance(v, Decimal):
                s = _as_text(v)
            else:
                s = json.dumps(_as_text(v), ensure_ascii=False)
            if "\x00" in s:
                s = self._nul(s)
            if jsonb and "\\u0000" in s:
                try:
                    parsed = json.loads(s)
                except ValueError:
                    raise self._bad(f"not valid JSON: {s[:60]!r}") from None
                if has_nul(parsed):
                    if self.policy.nul_bytes != "strip":
                        raise self._bad("JSON with a \\u0000 character, which jsonb cannot store (nul_bytes=error)")
                    s = json.dumps(strip_nul(parsed), ensure_ascii=False)
            return s
        return to_json

    def _build_bool(self) -> Callable[[Any], Any]:
        as_int = self.target_dialect != "postgres"
        raw = self.target.raw

        def to_bool(v: Any) -> Any:
            t = type(v)
            if t is bool:
                b = v
            elif t is int or isinstance(v, Decimal | float):
                b = v != 0
            elif isinstance(v, _BYTES):
                b = int.from_bytes(bytes(v), "big") != 0
            elif isinstance(v, str):
                s = v.strip().lower()
                if s in _TRUE:
                    b = True
                elif s in _FALSE:
                    b = False
                else:
                    raise self._bad(f"{v[:60]!r} is not a boolean for {raw}")
            else:
                raise self._bad(f"a {type(v).__name__} is not a boolean for {raw}")
            return int(b) if as_int else b
        return to_bool

    def _to_int(self, v: Any) -> int:
        t = type(v)
        if t is int:
            return v
        if t is bool:
            return int(v)
        if isinstance(v, Decimal):
            if v.is_finite() and v == v.to_integral_value():
                return int(v)
            raise self._bad(f"{v} is not a whole number for {self.target.raw}")
        if isinstance(v, float):
            if v.is_integer():
                return int(v)
            raise self._bad(f"{v!r} is not a whole number for {self.target.raw}")
        if isinstance(v, _BYTES):
            return int.from_bytes(bytes(v), "big")
        if isinstance(v, str):
            try:
                return int(v.strip())
            except ValueError:
                try:
                    return self._to_int(Decimal(v.strip()))
                except InvalidOperation:
                    raise self._bad(f"{v[:60]!r} is not a number for {self.target.raw}") from None
        raise self._bad(f"a {type(v).__name__} is not an integer for {self.target.raw}")

    def _build_int(self) -> Callable[[Any], Any]:
        low, high = _int_range(self.target, self.target_dialect) or (-(1 << 63), (1 << 63) - 1)
        raw, to_int = self.target.raw, self._to_int

        def to_integer(v: Any) -> int:
            i = v if type(v) is int else to_int(v)
            if low <= i <= high:
                return i
            raise self._bad(f"{i} is out of range for {raw}")
        return to_integer

    def _build_year(self) -> Callable[[Any], Any]:
        to_int = self._to_int

        def to_year(v: Any) -> int:
            if isinstance(v, dt.date):
                return v.year
            i = to_int(v)
            if i == 0 or 1901 <= i <= 2155:
                return i
            raise self._bad(f"{i} is out of range for YEAR (1901..2155, or 0)")
        return to_year

    def _build_numeric(self) -> Callable[[Any], Any]:
        precision = self.target.int_param(0)
        scale = self.target.int_param(1) or 0
        if self.target_dialect == "mysql" and precision is None:
            precision = 10                      # MySQL's DECIMAL is DECIMAL(10,0)
        if self.target_dialect == "sqlite":
            precision = None
        quantum = Decimal(1).scaleb(-scale)
        limit = Decimal(10) ** (precision - scale) if precision is not None else None
        mysql, sqlite, raw = self.target_dialect == "mysql", self.target_dialect == "sqlite", self.target.raw

        def to_numeric(v: Any) -> Any:
            t = type(v)
            if t is Decimal:
                d = v
            elif t is int:
                if limit is None or -limit < v < limit:
                    return str(v) if sqlite and not -(1 << 63) <= v < (1 << 63) else v
                raise self._bad(f"{v} does not fit {raw}")
            elif t is bool:
                return int(v)
            elif t is float:
                if not math.isfinite(v):
                    d = Decimal(str(v).replace("inf", "Infinity"))
                else:
                    d = Decimal(repr(v))
            elif isinstance(v, str | bytes | bytearray | memoryview):
                text = self._text_in(v).strip()
                try:
                    d = Decimal(text)
                except InvalidOperation:
                    raise self._bad(f"{text[:60]!r} is not a number for {raw}") from None
            else:
                raise self._bad(f"a {type(v).__name__} is not a number for {raw}")
            if not d.is_finite():
                if mysql or sqlite or (limit is not None and d.is_infinite()):
                    raise self._bad(f"{d} does not fit {raw}")
                return d
            if limit is not None:
                d = d.quantize(quantum, rounding=ROUND_HALF_UP, context=_BIG)
                if abs(d) >= limit:
                    raise self._bad(f"{v} does not fit {raw}")
            return format(d, "f") if sqlite else d
        return to_numeric

    def _to_float(self, v: Any) -> float:
        if type(v) is float:
            return v
        try:
            if isinstance(v, _BYTES):
                v = self._decode(v)
            return float(v)
        except (TypeError, ValueError, OverflowError):
            raise self._bad(f"{str(v)[:60]!r} is not a number for {self.target.raw}") from None

    def _build_float8(self) -> Callable[[Any], Any]:
        finite_only = self.target_dialect != "postgres"
        to_float = self._to_float

        def to_double(v: Any) -> float:
            f = v if type(v) is float else to_float(v)
            if finite_only and not math.isfinite(f):
                raise self._bad(f"{f} cannot be stored in {self.target.raw}")
            return f
        return to_double

    def _build_float4(self) -> Callable[[Any], Any]:
        to_double = self._build_float8()

        def to_single(v: Any) -> float:
            f = to_double(v)
            try:
                return float32(f)
            except OverflowError:
                raise self._bad(f"{f!r} is out of range for {self.target.raw}") from None
        return to_single

    def _build_bytes(self) -> Callable[[Any], Any]:
        def to_bytes(v: Any) -> bytes:
            t = type(v)
            if t is bytes:
                return v
            if isinstance(v, bytearray | memoryview):
                return bytes(v)
            if t is str:
                return v.encode("utf-8")
            if isinstance(v, uuid.UUID):
                return v.bytes
            raise self._bad(f"a {type(v).__name__} is not binary data for {self.target.raw}")
        return to_bytes

    def _build_date(self) -> Callable[[Any], Any]:
        sqlite = self.target_dialect == "sqlite"

        def to_date(v: Any) -> Any:
            t = type(v)
            if t is dt.date:
                d = v
            elif t is dt.datetime:
                d = (v.astimezone(UTC) if v.tzinfo else v).date()
            elif isinstance(v, str | bytes | bytearray | memoryview):
                d = self._parse_datetime(v)
                if d is None:
                    return None
                if isinstance(d, dt.datetime):
                    d = (d.astimezone(UTC) if d.tzinfo else d).date()
            else:
                raise self._bad(f"a {type(v).__name__} is not a date")
            return d.isoformat() if sqlite else d
        return to_date

    def _digits(self, default_pg: int = 6) -> int:
        p = self.target.int_param()
        if p is not None:
            return p
        return 0 if self.target_dialect == "mysql" else default_pg

    def _to_datetime(self, v: Any) -> dt.datetime | None:
        t = type(v)
        if t is dt.datetime:
            return v
        if t is dt.date:
            return dt.datetime(v.year, v.month, v.day)
        if isinstance(v, str | bytes | bytearray | memoryview):
            d = self._parse_datetime(v)
            if d is None or isinstance(d, dt.datetime):
                return d
            return dt.datetime(d.year, d.month, d.day)
        raise self._bad(f"a {type(v).__name__} is not a date/time")

    def _build_timestamp(self) -> Callable[[Any], Any]:
        digits, pg, sqlite = self._digits(), self.target_dialect == "postgres", self.target_dialect == "sqlite"
        to_datetime = self._to_datetime

        def to_timestamp(v: Any) -> Any:
            d = to_datetime(v)
            if d is None:
                return None
            if d.tzinfo is not None:
                d = d.astimezone(UTC).replace(tzinfo=None)
            if sqlite:
                return d.isoformat(" ")
            try:
                return _round_microseconds(d, digits, pg)
            except OverflowError:
                raise self._bad(f"{d} is out of range for {self.target.raw}") from None
        return to_timestamp

    def _build_timestamptz(self) -> Callable[[Any], Any]:
        digits, mysql = self._digits(), self.target_dialect == "mysql"
        to_datetime = self._to_datetime

        def to_timestamptz(v: Any) -> Any:
            d = to_datetime(v)
            if d is None:
                return None
            d = d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)
            try:
                d = _round_microseconds(d, digits, not mysql)
            except OverflowError:
                raise self._bad(f"{d} is out of range for {self.target.raw}") from None
            if mysql:                       # MySQL TIMESTAMP: written and read as UTC (session time_zone +00:00)
                d = d.replace(tzinfo=None)
                if not _MYSQL_TIMESTAMP_MIN <= d <= _MYSQL_TIMESTAMP_MAX:
                    raise self._bad(f"{d} is outside MySQL TIMESTAMP's range (1970-01-01 00:00:01 .. "
                                    "2038-01-19 03:14:07 UTC)")
            return d
        return to_timestamptz

    def _parse_time(self, v: Any) -> dt.timedelta:
        text = self._text_in(v)
        m = _TIME_TEXT.match(text)
        if not m:
            raise self._bad(f"not a valid time: {text[:60]!r}")
        fraction = (m.group(5) or "").ljust(6, "0")[:6]
        td = dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3)), seconds=int(m.group(4) or 0),
                          microseconds=int(fraction or 0))
        return -td if m.group(1) else td

    def _build_time(self) -> Callable[[Any], Any]:
        digits, mysql = self._digits(), self.target_dialect == "mysql"
        sqlite = self.target_dialect == "sqlite"
        raw = self.target.raw

        def to_time(v: Any) -> Any:
            t = type(v)
            if t is dt.timedelta:
                td = v
            elif t is dt.time:
                td = dt.timedelta(hours=v.hour, minutes=v.minute, seconds=v.second, microseconds=v.microsecond)
            elif t is dt.datetime:
                td = v - v.replace(hour=0, minute=0, second=0, microsecond=0)
            else:
                td = self._parse_time(v)
            td = _round_timedelta(td, digits)
            if mysql:
                if abs(td) > _MYSQL_TIME_MAX:
                    raise self._bad(f"{_format_timedelta(td)} is outside MySQL TIME's range (+-838:59:59)")
                return td
            if not dt.timedelta(0) <= td < dt.timedelta(days=1):
                raise self._bad(f"{_format_timedelta(td)} is not a time of day for {raw} (interval holds it)")
            value = (dt.datetime.min + td).time()
            return value.isoformat() if sqlite else value
        return to_time

    def _build_timetz(self) -> Callable[[Any], Any]:
        def to_timetz(v: Any) -> Any:
            if isinstance(v, dt.time):
                return v if v.tzinfo else v.replace(tzinfo=UTC)
            return self._text_in(v)
        return to_timetz

    def _build_interval(self) -> Callable[[Any], Any]:
        def to_interval(v: Any) -> Any:
            t = type(v)
            if t is dt.timedelta:
                return v
            if t is dt.time:
                return dt.timedelta(hours=v.hour, minutes=v.minute, seconds=v.second, microseconds=v.microsecond)
            if isinstance(v, str | bytes | bytearray | memoryview):
                text = self._text_in(v)
                return self._parse_time(text) if _TIME_TEXT.match(text) else text
            if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
                return dt.timedelta(seconds=float(v))
            raise self._bad(f"a {type(v).__name__} is not an interval")
        return to_interval

    def _build_bit(self) -> Callable[[Any], Any]:
        n = self.target.int_param()
        fixed = self.target.base == "bit"
        if fixed and n is None:
            n = 1
        source_width = self.source.int_param() if self.source.base == "bit" else None
        if source_width is None and self.source.base == "bit":
            source_width = 1
        mysql = self.target_dialect == "mysql"
        if mysql and n is None:
            n = 1
        raw = self.target.raw

        def to_bits(v: Any) -> Any:
            if isinstance(v, _BYTES):
                data = bytes(v)
                i, width = int.from_bytes(data, "big"), source_width or 8 * len(data)
            elif isinstance(v, bool):
                i, width = int(v), 1
            elif isinstance(v, int):
                if v < 0:
                    raise self._bad(f"{v} is negative, not a bit string")
                i, width = v, source_width or max(1, v.bit_length())
            elif isinstance(v, str):
                s = v.strip()
                if not _BITS.match(s):
                    raise self._bad(f"{s[:60]!r} is not a bit string")
                i, width = int(s or "0", 2), len(s)
            else:
                raise self._bad(f"a {type(v).__name__} is not a bit string")
            if mysql:
                if i >= (1 << n):
                    raise self._bad(f"{bin(i)[2:]} has more than {n} bits for {raw}")
                return i.to_bytes((n + 7) // 8, "big")
            if fixed:
                if i >= (1 << n):
                    raise self._bad(f"{bin(i)[2:]} has more than {n} bits for {raw}")
                return format(i, f"0{n}b")
            width = max(width, i.bit_length())
            if n is not None and width > n:
                if i.bit_length() > n:
                    raise self._bad(f"{bin(i)[2:]} has more than {n} bits for {raw}")
                width = n
            return format(i, f"0{width}b")
        return to_bits

    def _build_uuid(self) -> Callable[[Any], Any]:
        def to_uuid(v: Any) -> uuid.UUID:
            if isinstance(v, uuid.UUID):
                return v
            try:
                if isinstance(v, _BYTES) and len(v) == 16:
                    return uuid.UUID(bytes=bytes(v))
                return uuid.UUID(self._text_in(v).strip())
            except ValueError:
                raise self._bad(f"{str(v)[:60]!r} is not a UUID") from None
        return to_uuid

    def _build_array(self) -> Callable[[Any], Any]:
        element = Converter(ColumnInfo(self._name or "?", ""), self.source_dialect,
                            self.target.raw.rstrip("[] ").removesuffix(" ARRAY").removesuffix(" array"),
                            self.target_dialect, self.policy)

        def to_array(v: Any) -> list:
            if isinstance(v, str | bytes | bytearray | memoryview):
                text = self._text_in(v)
                items: list = text.split(",") if text else []       # a MySQL SET: 'a,c'
            elif isinstance(v, list | tuple):
                items = list(v)
            elif isinstance(v, set | frozenset):
                items = sorted(v)
            else:
                raise self._bad(f"a {type(v).__name__} is not an array")
            return [element(x) for x in items]
        return to_array

    def _build_other(self) -> Callable[[Any], Any]:
        pg = self.target_dialect == "postgres"
        sqlite = self.target_dialect == "sqlite"

        def to_other(v: Any) -> Any:
            t = type(v)
            if t is str:
                return self._nul(v) if pg and "\x00" in v else v
            if sqlite:
                if isinstance(v, bytearray | memoryview):
                    return bytes(v)
                if isinstance(v, Decimal):
                    return format(v, "f") if v.is_finite() else str(v)
                if isinstance(v, dt.date | dt.time | dt.timedelta | uuid.UUID | list | tuple | dict):
                    return _as_text(v)
            return v
        return to_other

    # when nothing needs doing

    def _is_passthrough(self) -> bool:
        if self._fn is _identity:
            return True
        s, t, sd, td, kind = self.source, self.target, self.source_dialect, self.target_dialect, self.kind
        if self.column is None or sd == "sqlite" or not self.target_type:
            return False
        if kind == "int":
            source_range, target_range = _int_range(s, sd), _int_range(t, td)
            if sd == "mysql" and s.base == "tinyint" and s.params == ("1",):
                return target_range is not None and target_range[0] <= -128 and target_range[1] >= 127
            return (source_range is not None and target_range is not None
                    and target_range[0] <= source_range[0] and source_range[1] <= target_range[1])
        if kind == "numeric" and td != "sqlite":
            source_range = _int_range(s, sd)
            target_p, target_s = t.int_param(0), t.int_param(1) or 0
            if td == "mysql" and target_p is None:
                target_p = 10
            if source_range is not None and not (sd == "mysql" and s.base == "tinyint" and s.params == ("1",)):
                digits = max(len(str(source_range[0])) - 1, len(str(source_range[1])))
                return target_p is None or target_p - target_s >= digits
            if s.base in ("decimal", "numeric") and td == "postgres" and target_p is None:
                return sd == "mysql"            # MySQL decimals are finite, PostgreSQL numeric takes them all
            source_p, source_s = s.int_param(0), s.int_param(1) or 0
            if sd == "mysql" and s.base in ("decimal", "numeric") and source_p is None:
                source_p = 10
            return (s.base in ("decimal", "numeric") and source_p is not None and target_p is not None
                    and target_s >= source_s and target_p - target_s >= source_p - source_s)
        if kind == "float8":
            return (kind_of(s, sd) in ("float8", "float4")) and not (td == "mysql" and sd == "postgres")
        if kind == "float4":
            return kind_of(s, sd) == "float4"
        if kind == "bytes":
            return kind_of(s, sd) == "bytes"
        if kind == "text":
            return (kind_of(s, sd) == "text" and td != "postgres" and not t.params and t.base not in ("enum",)
                    and not (td == "mysql" and t.base in ("char", "character")))
        return False
