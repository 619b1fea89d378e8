"""Oracle data types and their PostgreSQL equivalents: one table, shared by tables, views and SQL casts.

`map_oracle_type("NUMBER", ("8", "2"))` returns `("numeric(8,2)", "OR102")`: the PostgreSQL type (None when
there is none) and the id of the rule that applied. `describe_oracle_type` returns the same with the effort
and a note for the report, for callers that record findings (the table converter owns the OR1xx rule files).

Each entry of `TYPES` names the Oracle spellings it covers, its rule and a small function of the raw
arguments; the arguments are what the source wrote inside the parentheses, e.g. ("25 CHAR",) or ("*", "0").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sct.converter.ir import Effort

__all__ = ["TYPES", "TypeMapping", "describe_oracle_type", "map_oracle_type"]


@dataclass(frozen=True)
class TypeMapping:
    """What one Oracle type becomes: the target type (None: no conversion), the rule, its effort, a note."""

    target: str | None
    rule_id: str
    effort: Effort = Effort.AUTO
    note: str = ""


Args = tuple[str, ...]


def _int(arg: str) -> int | None:
    """The leading integer of an argument ("25 CHAR" -> 25, "*" -> None)."""
    m = re.match(r"\s*([+-]?\d+)", arg)
    return int(m.group(1)) if m else None


def _number(args: Args) -> TypeMapping:
    """NUMBER[(p[, s])]: integers by precision, numeric otherwise (PostgreSQL 15 allows s < 0 and s > p)."""
    if not args:
        return TypeMapping("numeric", "OR102")
    precision = _int(args[0])                       # None for NUMBER(*, s)
    scale = _int(args[1]) if len(args) > 1 else 0
    if scale is None:
        return TypeMapping("numeric", "OR102", Effort.REVIEW, f"unreadable scale {args[1]!r}")
    if precision is None:
        if scale == 0:
            return TypeMapping("numeric(38)", "OR101", note="NUMBER(*,0) is an integer of up to 38 digits")
        return TypeMapping(f"numeric(38,{scale})", "OR102")
    if scale == 0:
        for limit, name in ((4, "smallint"), (9, "integer"), (18, "bigint")):
            if precision <= limit:
                return TypeMapping(name, "OR101", note=f"NUMBER({precision}) holds at most {precision} digits")
        return TypeMapping(f"numeric({precision})", "OR101")
    if scale < 0 or scale > precision:
        return TypeMapping(f"numeric({precision},{scale})", "OR102",
                           note="scale outside 0..precision: needs PostgreSQL 15 or later")
    return TypeMapping(f"numeric({precision},{scale})", "OR102")


def _integer(args: Args) -> TypeMapping:
    """Oracle INTEGER, INT and SMALLINT are all NUMBER(38): no 32-bit limit."""
    return TypeMapping("numeric(38)", "OR101", note="Oracle INTEGER is NUMBER(38), wider than PostgreSQL integer")


def _float(args: Args) -> TypeMapping:
    """FLOAT[(b)], REAL, DOUBLE PRECISION are decimal NUMBERs with a binary precision, not IEEE floats."""
    return TypeMapping("numeric", "OR103",
                       note="Oracle FLOAT is a decimal NUMBER (binary precision "
                            f"{args[0] if args else 126}); numeric keeps every value exactly")


def _timestamp(args: Args) -> TypeMapping:
    """TIMESTAMP[(n)]: PostgreSQL keeps at most microseconds."""
    n = _int(args[0]) if args else None
    if n is None:
        return TypeMapping("timestamp(6)", "OR105", note="Oracle TIMESTAMP defaults to 6 fractional digits")
    if n > 6:
        return TypeMapping("timestamp(6)", "OR105", Effort.REVIEW,
                           f"TIMESTAMP({n}): PostgreSQL keeps 6 fractional digits; values are rounded")
    return TypeMapping(f"timestamp({n})", "OR105")


def _timestamptz(args: Args) -> TypeMapping:
    """TIMESTAMP WITH TIME ZONE: PostgreSQL stores the instant, not the zone it was written in."""
    n = _int(args[0]) if args else 6
    target = f"timestamptz({min(n, 6)})"
    return TypeMapping(target, "OR105", Effort.REVIEW,
                       "timestamptz stores the instant in UTC; the original time zone of each value is lost")


def _timestampltz(args: Args) -> TypeMapping:
    n = _int(args[0]) if args else 6
    target = f"timestamptz({min(n, 6)})"
    effort = Effort.REVIEW if n > 6 else Effort.AUTO
    return TypeMapping(target, "OR105", effort, "shown in the session time zone, as in Oracle")


def _interval_ds(args: Args) -> TypeMapping:
    """INTERVAL DAY[(d)] TO SECOND[(s)]: the day precision has no PostgreSQL counterpart (no limit)."""
    s = _int(args[1]) if len(args) > 1 else None
    if s is None:
        return TypeMapping("interval day to second", "OR106")
    if s > 6:
        return TypeMapping("interval day to second(6)", "OR106", Effort.REVIEW,
                           f"SECOND({s}): PostgreSQL keeps 6 fractional digits")
    return TypeMapping(f"interval day to second({s})", "OR106")


def _varchar(args: Args) -> TypeMapping:
    """VARCHAR2(n [BYTE|CHAR]): PostgreSQL counts characters, so varchar(n) accepts every Oracle value."""
    if not args:
        return TypeMapping("varchar", "OR107")
    n = _int(args[0])
    note = ("BYTE length: Oracle allowed n bytes, varchar(n) allows n characters (never fewer)"
            if "BYTE" in args[0].upper() else "")
    return TypeMapping(f"varchar({n})", "OR107", note=note)


def _char(args: Args) -> TypeMapping:
    n = _int(args[0]) if args else 1
    return TypeMapping(f"char({n})", "OR107")


def _fixed(target: str | None, rule_id: str, effort: Effort = Effort.AUTO,
           note: str = "") -> Callable[[Args], TypeMapping]:
    """An entry whose result does not depend on the arguments."""
    mapping = TypeMapping(target, rule_id, effort, note)
    return lambda args: mapping


# (Oracle spellings, how to map them). Names are upper case with single spaces.
TYPES: tuple[tuple[tuple[str, ...], Callable[[Args], TypeMapping]], ...] = (
    (("NUMBER", "NUMERIC", "DECIMAL", "DEC"), _number),
    (("INTEGER", "INT", "SMALLINT"), _integer),
    (("PLS_INTEGER", "BINARY_INTEGER"), _fixed("integer", "OR101", note="PL/SQL 32-bit integer")),
    (("FLOAT", "REAL", "DOUBLE PRECISION"), _float),
    (("BINARY_FLOAT",), _fixed("real", "OR103")),
    (("BINARY_DOUBLE",), _fixed("double precision", "OR103")),
    (("DATE",), _fixed("timestamp(0)", "OR104", note="an Oracle DATE carries a time of day to the second")),
    (("TIMESTAMP",), _timestamp),
    (("TIMESTAMP WITH TIME ZONE",), _timestamptz),
    (("TIMESTAMP WITH LOCAL TIME ZONE",), _timestampltz),
    (("INTERVAL YEAR TO MONTH",), _fixed("interval year to month", "OR106")),
    (("INTERVAL DAY TO SECOND",), _interval_ds),
    (("VARCHAR2", "NVARCHAR2", "VARCHAR", "NVARCHAR", "CHARACTER VARYING", "CHAR VARYING"), _varchar),
    (("CHAR", "NCHAR", "CHARACTER"), _char),
    (("CLOB", "NCLOB", "LONG"), _fixed("text", "OR108")),
    (("BLOB", "RAW", "LONG RAW"), _fixed("bytea", "OR108")),
    (("BFILE",), _fixed("bytea", "OR108", Effort.REVIEW,
                        "BFILE points to a file outside the database: load its content, or keep the path as text")),
    (("ROWID", "UROWID"), _fixed("text", "OR109", Effort.REVIEW,
                                 "values are Oracle row addresses and mean nothing in PostgreSQL")),
    (("XMLTYPE", "SYS.XMLTYPE"), _fixed("xml", "OR110", Effort.REVIEW,
                                        "XMLType methods (extract, existsNode, ...) need rewriting")),
    (("SDO_GEOMETRY", "MDSYS.SDO_GEOMETRY"), _fixed(None, "OR111", Effort.MANUAL,
                                                    "use PostGIS geometry and convert the data")),
)

_BY_NAME: dict[str, Callable[[Args], TypeMapping]] = {name: fn for names, fn in TYPES for name in names}


def describe_oracle_type(name: str, args: tuple[str, ...] = ()) -> TypeMapping:
    """The mapping of Oracle type `name` (any case, e.g. "varchar2") with raw `args`; OR112 when unknown."""
    key = " ".join(name.upper().split())
    fn = _BY_NAME.get(key)
    if fn is None:
        return TypeMapping(None, "OR112", Effort.MANUAL, f"no conversion for type {name} (user-defined?)")
    return fn(tuple(a.strip() for a in args))


def map_oracle_type(name: str, args: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """(PostgreSQL type or None, id of the rule that applied) for Oracle type `name` with raw `args`.

    >>> map_oracle_type("NUMBER", ("8", "2")), map_oracle_type("VARCHAR2", ("25 CHAR",))
    (('numeric(8,2)', 'OR102'), ('varchar(25)', 'OR107'))
    """
    mapping = describe_oracle_type(name, args)
    return mapping.target, mapping.rule_id
