"""MySQL/MariaDB column types to PostgreSQL types (rules MY101-MY113).

Choices, each also a rule's documentation:
- integers: PostgreSQL has no 1- or 3-byte or unsigned integers. A type becomes the narrowest PostgreSQL integer
  that holds every value (TINYINT and TINYINT UNSIGNED -> smallint, INT UNSIGNED -> bigint, BIGINT UNSIGNED ->
  numeric(20)), and where that type is wider than the source a CHECK keeps MySQL's range (strict mode rejects
  out-of-range values, so PostgreSQL must too). runner.ddl makes the same widening choice for loads.
- TINYINT(1) (and BOOL/BOOLEAN, which MySQL stores as TINYINT(1)) stays smallint: MySQL stores any integer in it
  and dumps write 0/1 as integers, which a boolean column would refuse; turning it into boolean is a choice for
  a human who knows the column holds only 0 and 1 (MY102). runner.ddl (loads only) maps it to boolean.
- ENUM becomes varchar with a CHECK on the members (not a PostgreSQL enum type): the column keeps comparing,
  concatenating and sorting as text like every other string, values load as written, and a member list change
  is an ALTER of one CHECK rather than ALTER TYPE; ordering by the column differs (MySQL sorts by member
  position) and that is the finding (MY110).
- TIMESTAMP becomes timestamptz (an instant, as MySQL stores it in UTC); DATETIME becomes timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_INT_RANGES = {
    "TINYINT": (-128, 127), "SMALLINT": (-32768, 32767), "MEDIUMINT": (-8388608, 8388607),
    "INT": (-2147483648, 2147483647), "INTEGER": (-2147483648, 2147483647),
    "BIGINT": (-9223372036854775808, 9223372036854775807),
}
_UNSIGNED_MAX = {"TINYINT": 255, "SMALLINT": 65535, "MEDIUMINT": 16777215, "INT": 4294967295,
                 "INTEGER": 4294967295, "BIGINT": 18446744073709551615}
_INT_TARGET = {"TINYINT": "smallint", "SMALLINT": "smallint", "MEDIUMINT": "integer", "INT": "integer",
               "INTEGER": "integer", "BIGINT": "bigint"}
_UNSIGNED_TARGET = {"TINYINT": "smallint", "SMALLINT": "integer", "MEDIUMINT": "integer", "INT": "bigint",
                    "INTEGER": "bigint", "BIGINT": "numeric(20)"}
_TEXT = {"TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "LONG", "LONG VARCHAR"}
_BLOB = {"TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "LONG VARBINARY"}
_SPATIAL = {"GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
            "GEOMETRYCOLLECTION", "GEOMCOLLECTION"}
_CHAR = {"CHAR": "char", "CHARACTER": "char", "NCHAR": "char", "NATIONAL CHAR": "char",
         "NATIONAL CHARACTER": "char", "VARCHAR": "varchar", "CHARACTER VARYING": "varchar",
         "NVARCHAR": "varchar", "NATIONAL VARCHAR": "varchar", "NATIONAL CHARACTER VARYING": "varchar",
         "NCHAR VARCHAR": "varchar", "VARCHARACTER": "varchar"}
DATE_TYPES = {"DATE", "DATETIME", "TIMESTAMP"}
TEXT_TARGETS = ("char", "varchar", "text")


@dataclass
class MySqlType:
    """A parsed MySQL column type."""

    name: str                                   # base name, upper case: INT, VARCHAR, ENUM, DOUBLE PRECISION
    args: tuple[str, ...] = ()                  # (10,) or ("'a'", "'b'") for ENUM/SET, as written
    unsigned: bool = False
    zerofill: bool = False
    charset: str | None = None
    collation: str | None = None
    source: str = ""


@dataclass
class Mapped:
    """The PostgreSQL type and what a column of it needs besides: a CHECK condition text and findings."""

    target: str | None
    check: str | None = None                    # a condition on the column, with {col} for its quoted name
    notes: list[tuple[str, str]] = field(default_factory=list)   # (rule id, message)


def _unquote(member: str) -> str:
    return member[1:-1].replace("''", "'") if member[:1] == "'" else member


def members(dtype: MySqlType) -> list[str]:
    return [_unquote(a) for a in dtype.args]


def map_mysql_type(dtype: MySqlType) -> Mapped:
    """The PostgreSQL type of a MySQL column type, with the CHECK and findings it needs."""
    name, args = dtype.name, dtype.args
    if name in ("BOOL", "BOOLEAN"):
        return Mapped("smallint", notes=[("MY102", f"{dtype.source} is TINYINT(1) in MySQL (it stores any "
                                                   "integer): kept as smallint")])
    if name in _INT_TARGET:
        if name == "TINYINT" and args == ("1",) and not dtype.unsigned:
            return Mapped("smallint", "{col} BETWEEN -128 AND 127",
                          [("MY102", "TINYINT(1) kept as smallint: MySQL stores any integer in it; use boolean "
                                     "only if the column holds just 0 and 1")])
        return _integer(dtype)
    if name == "SERIAL":
        return Mapped("bigint", notes=[("MY101", "SERIAL (BIGINT UNSIGNED AUTO_INCREMENT UNIQUE) becomes a "
                                                 "bigint identity: values above 9223372036854775807 do not fit")])
    if name in ("DECIMAL", "NUMERIC", "DEC", "FIXED"):
        precision = args[0] if args else "10"
        scale = args[1] if len(args) > 1 else "0"
        return Mapped(f"numeric({precision},{scale})", "{col} >= 0" if dtype.unsigned else None)
    if name in ("FLOAT", "DOUBLE", "DOUBLE PRECISION", "REAL", "FLOAT4", "FLOAT8"):
        return _float(dtype)
    if name == "BIT":
        return Mapped(f"bit({args[0] if args else 1})", notes=[
            ("MY104", f"{dtype.source} becomes bit({args[0] if args else 1}): values are bit strings (B'0101'), "
                      "not numbers; code that does arithmetic on the column needs a cast")])
    if name in _CHAR:
        kind = _CHAR[name]
        if kind == "char":
            return Mapped(f"char({args[0] if args else 1})", notes=_charset_notes(dtype))
        if not args:
            return Mapped(None, notes=[("MY199", f"{dtype.source}: VARCHAR needs a length")])
        return Mapped(f"varchar({args[0]})", notes=_charset_notes(dtype))
    if name in _TEXT:
        return Mapped("text", notes=_charset_notes(dtype))
    if name in ("BINARY", "CHAR BYTE"):
        return Mapped("bytea", notes=[("MY107", f"{dtype.source} becomes bytea: MySQL pads BINARY values with "
                                                "zero bytes to the length; bytea keeps what is loaded")])
    if name in ("VARBINARY",) or name in _BLOB:
        return Mapped("bytea")
    if name == "DATE":
        return Mapped("date")
    if name == "DATETIME":
        return Mapped(f"timestamp({args[0] if args else 0})")
    if name == "TIMESTAMP":
        return Mapped(f"timestamptz({args[0] if args else 0})", notes=[
            ("MY105", f"{dtype.source} becomes timestamptz: MySQL stores TIMESTAMP in UTC and shows it in the "
                      "session time zone, as timestamptz does; literals are read in the session time zone of "
                      "each side (data.sql keeps the dump's SET TIME_ZONE)")])
    if name == "TIME":
        return Mapped(f"time({args[0] if args else 0})", notes=[
            ("MY109", "TIME becomes time: MySQL TIME also holds durations (-838:59:59 to 838:59:59); values "
                      "outside 00:00:00-24:00:00 fail to load")])
    if name == "YEAR":
        return Mapped("smallint", "{col} = 0 OR {col} BETWEEN 1901 AND 2155",
                      [("MY114", "YEAR becomes smallint with a CHECK on MySQL's range (0, 1901-2155)")])
    if name == "ENUM":
        values = members(dtype)
        width = max((len(v) for v in values), default=1) or 1
        listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        return Mapped(f"varchar({width})", f"{{col}} IN ({listed})", [
            ("MY110", f"ENUM({listed}) becomes varchar({width}) with a CHECK: ORDER BY the column sorts "
                      "alphabetically, not by member position; MySQL also accepts member numbers and "
                      "any-case spellings")] + _charset_notes(dtype))
    if name == "SET":
        values = members(dtype)
        listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        return Mapped("text", f"{{col}} = '' OR string_to_array({{col}}, ',') <@ ARRAY[{listed}]::text[]", [
            ("MY111", f"SET({listed}) becomes text holding 'a,b' as MySQL shows it, with a CHECK on the members; "
                      "FIND_IN_SET and bit arithmetic on the column need rewriting")])
    if name == "JSON":
        return Mapped("jsonb", notes=[("MY112", "JSON becomes jsonb: object keys are stored sorted and "
                                                "deduplicated (MySQL JSON does the same; MariaDB JSON is text)")])
    if name in _SPATIAL:
        return Mapped(None, notes=[("MY113", f"{dtype.source}: spatial types need PostGIS (geometry); the table "
                                             "is left out")])
    return Mapped(None, notes=[("MY199", f"type {dtype.source} has no conversion")])


def _integer(dtype: MySqlType) -> Mapped:
    name = dtype.name
    if dtype.unsigned:
        target = _UNSIGNED_TARGET[name]
        high = _UNSIGNED_MAX[name]
        return Mapped(target, f"{{col}} BETWEEN 0 AND {high}", [
            ("MY101", f"{dtype.source} becomes {target} (the narrowest PostgreSQL type holding 0-{high}) with a "
                      "CHECK on that range")])
    target = _INT_TARGET[name]
    notes = [("MY101", f"{dtype.source}: ZEROFILL (display padding) is dropped")] if dtype.zerofill else []
    if name in ("TINYINT", "MEDIUMINT"):
        low, high = _INT_RANGES[name]
        return Mapped(target, f"{{col}} BETWEEN {low} AND {high}", notes + [
            ("MY101", f"{dtype.source} becomes {target} with a CHECK on MySQL's range ({low} to {high})")])
    return Mapped(target, None, notes)


def _float(dtype: MySqlType) -> Mapped:
    name, args = dtype.name, dtype.args
    single = name in ("FLOAT", "FLOAT4") and (not args or (len(args) == 1 and int(args[0]) <= 24))
    target = "real" if single else "double precision"
    notes = []
    if len(args) == 2:
        notes.append(("MY103", f"{dtype.source} becomes {target}: MySQL rounds stored values to {args[1]} "
                               "decimals, PostgreSQL keeps them as given"))
    if name == "REAL":
        notes.append(("MY103", "REAL is DOUBLE in MySQL (unless sql_mode REAL_AS_FLOAT): double precision"))
    return Mapped(target, "{col} >= 0" if dtype.unsigned else None, notes)


def _charset_notes(dtype: MySqlType) -> list[tuple[str, str]]:
    parts = [p for p in (f"CHARACTER SET {dtype.charset}" if dtype.charset else "",
                         f"COLLATE {dtype.collation}" if dtype.collation else "") if p]
    if not parts:
        return []
    return [("MY106", f"{' '.join(parts)} dropped: PostgreSQL text is in the database encoding (UTF8) and "
                      "compares with the database collation")]


def case_insensitive(collation: str | None) -> bool:
    """MySQL's default collations (and every *_ci one) compare case-insensitively."""
    if collation is None:
        return True
    lowered = collation.lower()
    return not (lowered.endswith("_bin") or lowered.endswith("_cs") or lowered == "binary")
