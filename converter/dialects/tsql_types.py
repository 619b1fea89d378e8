"""SQL Server column types to PostgreSQL types (rules MS101-MS199).

Choices, each also a rule's documentation:
- BIT becomes smallint with CHECK (col IN (0, 1)), not boolean (MS101). A SQL Server BIT is a number 0/1/NULL:
  code compares it with 0 and 1 (`WHERE Discontinued = 0`), sums it and inserts 0/1, all of which a boolean
  refuses in PostgreSQL (no boolean = integer operator). The CHECK keeps BIT's two values; SQL Server turns any
  other number into 1 on the way in, and data.sql does the same for literals (and 'TRUE'/'FALSE').
- MONEY/SMALLMONEY become numeric(19,4)/numeric(10,4) (MS102): same range and scale; SQL Server rounds money
  arithmetic to 4 decimals at each step, numeric keeps full precision until stored.
- DATETIME becomes timestamp(3) (SQL Server rounds it to 1/300 s: .003/.007 steps, MS103), SMALLDATETIME
  timestamp(0) (rounded to the minute, MS103), DATETIME2(n)/TIME(n) timestamp/time with n capped at 6
  (PostgreSQL keeps microseconds; SQL Server's default n is 7, 100 ns: MS104), DATETIMEOFFSET timestamptz
  (the instant is kept, the offset it was written with is not: MS104).
- Alias types (CREATE TYPE x FROM varchar(11) NOT NULL, sp_addtype) are inlined into their columns (MS107): a
  PostgreSQL domain NOT NULL would refuse NULL even where a column says `x NULL`, which SQL Server allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_SAME = {"INT": "integer", "INTEGER": "integer", "SMALLINT": "smallint", "BIGINT": "bigint", "DATE": "date",
         "UNIQUEIDENTIFIER": "uuid", "XML": "xml", "TEXT": "text", "NTEXT": "text", "IMAGE": "bytea",
         "SYSNAME": "varchar(128)", "REAL": "real"}
_UNSUPPORTED = {"SQL_VARIANT", "HIERARCHYID", "GEOGRAPHY", "GEOMETRY", "CURSOR", "TABLE"}
_CHAR = {"CHAR": "char", "CHARACTER": "char", "NCHAR": "char", "NATIONAL CHAR": "char",
         "NATIONAL CHARACTER": "char", "VARCHAR": "varchar", "NVARCHAR": "varchar", "CHAR VARYING": "varchar",
         "CHARACTER VARYING": "varchar", "NATIONAL CHARACTER VARYING": "varchar", "NATIONAL CHAR VARYING": "varchar"}
TEXT_TARGETS = ("char", "varchar", "text")


@dataclass
class TsqlType:
    """A parsed SQL Server column type."""

    name: str                                   # base name, upper case: INT, NVARCHAR, DATETIME2
    args: tuple[str, ...] = ()                  # ("10",), ("MAX",), ("19", "4")
    source: str = ""
    collation: str | None = None
    not_null: bool = False                      # an alias type declared NOT NULL


@dataclass
class Mapped:
    target: str | None
    check: str | None = None                    # a condition with {col} for the quoted column name
    notes: list[tuple[str, str]] = field(default_factory=list)


def map_tsql_type(dtype: TsqlType) -> Mapped:
    """The PostgreSQL type of a SQL Server type, with the CHECK and findings it needs."""
    name, args = dtype.name, dtype.args
    if name in _SAME:
        return Mapped(_SAME[name])
    if name == "TINYINT":
        return Mapped("smallint", "{col} BETWEEN 0 AND 255",
                      [("MS109", "TINYINT (0 to 255) becomes smallint with a CHECK on that range")])
    if name == "BIT":
        return Mapped("smallint", "{col} IN (0, 1)",
                      [("MS101", "BIT becomes smallint with CHECK (0 or 1): comparisons with 0 and 1 keep working "
                                 "(a boolean would refuse them)")])
    if name in ("DECIMAL", "NUMERIC", "DEC"):
        precision = args[0] if args else "18"
        scale = args[1] if len(args) > 1 else "0"
        return Mapped(f"numeric({precision},{scale})")
    if name in ("MONEY", "SMALLMONEY"):
        target = "numeric(19,4)" if name == "MONEY" else "numeric(10,4)"
        return Mapped(target, notes=[("MS102", f"{name} becomes {target}: SQL Server rounds money arithmetic to 4 "
                                               "decimals at each step; numeric keeps every digit until stored")])
    if name in ("FLOAT", "DOUBLE PRECISION"):
        if args and args[0].isdigit() and int(args[0]) <= 24:
            return Mapped("real", notes=[("MS109", f"{dtype.source} (7 digits) becomes real")])
        return Mapped("double precision")
    if name in _CHAR:
        kind = _CHAR[name]
        length = args[0] if args else "1"
        if length.upper() == "MAX":
            return Mapped("text")
        if kind == "char":
            return Mapped(f"char({length})")
        return Mapped(f"varchar({length})")
    if name in ("BINARY", "VARBINARY"):
        notes = []
        if name == "BINARY":
            notes.append(("MS109", f"{dtype.source} becomes bytea: SQL Server pads BINARY values with zero bytes to "
                                   "the length; bytea keeps what is loaded"))
        return Mapped("bytea", notes=notes)
    if name == "DATETIME":
        return Mapped("timestamp(3)", notes=[("MS103", "DATETIME becomes timestamp(3): SQL Server rounds DATETIME "
                                                       "to 1/300 s (.000, .003, .007); PostgreSQL keeps the "
                                                       "milliseconds given")])
    if name == "SMALLDATETIME":
        return Mapped("timestamp(0)", notes=[("MS103", "SMALLDATETIME becomes timestamp(0): SQL Server rounds it to "
                                                       "the minute; PostgreSQL keeps the seconds")])
    if name in ("DATETIME2", "TIME", "DATETIMEOFFSET"):
        precision = int(args[0]) if args and args[0].isdigit() else 7
        target = {"DATETIME2": "timestamp", "TIME": "time", "DATETIMEOFFSET": "timestamptz"}[name]
        notes = []
        if precision > 6:
            notes.append(("MS104", f"{dtype.source} keeps 100 ns; PostgreSQL {target} keeps microseconds: "
                                   "values are rounded to 6 decimals"))
        if name == "DATETIMEOFFSET":
            notes.append(("MS104", "DATETIMEOFFSET becomes timestamptz: the instant is kept, the offset it was "
                                   "written with is not (values read back in the session time zone)"))
        return Mapped(f"{target}({min(precision, 6)})", notes=notes)
    if name in ("ROWVERSION", "TIMESTAMP"):
        return Mapped("bytea", notes=[("MS105", f"{name} (a row version SQL Server changes on every update) "
                                                "becomes a plain bytea that nothing maintains; use xmin or a "
                                                "trigger if code relies on it")])
    if name in _UNSUPPORTED:
        return Mapped(None, notes=[("MS106", f"{dtype.source} has no PostgreSQL equivalent (GEOGRAPHY/GEOMETRY "
                                             "need PostGIS, HIERARCHYID ltree, SQL_VARIANT a design choice); "
                                             "the table is left out")])
    return Mapped(None, notes=[("MS199", f"type {dtype.source} has no conversion")])
