"""Target tables made from the source catalog, for `--prep-mode drop-and-create` without a converted schema.

Only what a load needs: columns with types chosen to hold every source value exactly, NOT NULL, and the
primary key. Secondary indexes, foreign keys, defaults and views come from `sct convert` (`--schema`).
"""

from __future__ import annotations

import re
from typing import Any

from sct.runner.model import ColumnInfo, TableMapping

_INT_PG = {"tinyint": "smallint", "smallint": "smallint", "mediumint": "integer", "int": "integer",
           "integer": "integer", "bigint": "bigint"}
_INT_UNSIGNED_PG = {"tinyint": "smallint", "smallint": "integer", "mediumint": "integer", "int": "bigint",
                    "integer": "bigint", "bigint": "numeric(20)"}


def postgres_type(column: ColumnInfo, source_dialect: str) -> str:
    """The PostgreSQL type that holds every value of a source column exactly."""
    t = column.source_type.strip().lower()
    base = re.match(r"[a-z ]+", t).group(0).strip() if re.match(r"[a-z ]+", t) else t
    args = re.search(r"\(([^)]*)\)", t)
    arg = args.group(1) if args else None
    if source_dialect == "postgres":
        return column.source_type
    if source_dialect == "sqlite":
        if "int" in t:
            return "bigint"
        if any(w in t for w in ("char", "clob", "text")):
            return "text"
        if "blob" in t or t == "":
            return "bytea" if "blob" in t else "text"
        if any(w in t for w in ("real", "floa", "doub")):
            return "double precision"
        if "bool" in t:
            return "boolean"
        if "date" in t or "time" in t:
            return "text"
        return "numeric"
    # MySQL / MariaDB
    unsigned = "unsigned" in t
    word = base.replace(" unsigned", "").replace(" zerofill", "").strip()
    if t.startswith("tinyint(1)"):
        return "boolean"
    if word in _INT_PG:
        return (_INT_UNSIGNED_PG if unsigned else _INT_PG)[word]
    if word in ("decimal", "numeric", "dec", "fixed"):
        return f"numeric({arg})" if arg else "numeric"
    if word == "float":
        return "real"
    if word in ("double", "double precision", "real"):
        return "double precision"
    if word == "bit":
        return f"bit varying({arg or 1})"
    if word in ("char", "varchar"):
        return f"varchar({arg})" if arg else "text"
    if word in ("tinytext", "text", "mediumtext", "longtext", "enum", "set"):
        return "text"
    if word in ("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"):
        return "bytea"
    if word == "date":
        return "date"
    if word == "datetime":
        return f"timestamp({arg})" if arg else "timestamp(0)"
    if word == "timestamp":
        return f"timestamptz({arg})" if arg else "timestamptz(0)"
    if word == "time":
        return "interval"
    if word == "year":
        return "smallint"
    if word == "json":
        return "jsonb"
    return "text"


def mysql_type(column: ColumnInfo, source_dialect: str) -> str:
    t = column.source_type.strip().lower()
    if source_dialect == "mysql":
        return column.source_type
    if t in ("boolean", "bool"):
        return "tinyint(1)"
    if t.startswith(("smallint", "integer", "bigint", "int")):
        return "bigint" if t.startswith("bigint") else "int"
    if t.startswith(("numeric", "decimal")):
        return t.replace("numeric", "decimal") if "(" in t else "decimal(65,30)"
    if t.startswith(("double", "real", "float")):
        return "double"
    if t.startswith(("character varying", "varchar")):
        m = re.search(r"\((\d+)\)", t)
        return f"varchar({m.group(1)})" if m else "longtext"
    if t.startswith("timestamp"):
        return "datetime(6)"
    if t == "date":
        return "date"
    if t == "bytea" or "blob" in t:
        return "longblob"
    return "longtext"


def create_table_sql(mapping: TableMapping, source_dialect: str, target: Any) -> list[str]:
    """CREATE TABLE for a mapped table on the target (added columns take their declared or text type)."""
    columns = []
    for source_column, target_column, _expression in mapping.columns:
        info = mapping.source.column(source_column) if source_column else None
        declared = mapping.column_types.get(target_column)
        if declared:
            kind = declared
        elif info is None:
            kind = "text"
        elif target.dialect == "postgres":
            kind = postgres_type(info, source_dialect)
        elif target.dialect == "mysql":
            kind = mysql_type(info, source_dialect)
        else:
            kind = "" if source_dialect == "sqlite" else postgres_type(info, source_dialect)
        not_null = " NOT NULL" if info is not None and not info.nullable else ""
        columns.append(f"{target.quote(target_column)} {kind}{not_null}".rstrip())
    renamed = {s: t for s, t, _ in mapping.columns if s}
    key = [renamed[k] for k in mapping.source.primary_key if k in renamed]
    if key and len(key) == len(mapping.source.primary_key):
        columns.append(f"PRIMARY KEY ({', '.join(target.quote(k) for k in key)})")
    name = (f"{target.quote(mapping.target_schema)}.{target.quote(mapping.target_name)}"
            if mapping.target_schema else target.quote(mapping.target_name))
    statements = []
    if mapping.target_schema and target.dialect == "postgres":
        statements.append(f"CREATE SCHEMA IF NOT EXISTS {target.quote(mapping.target_schema)}")
    statements.append(f"CREATE TABLE {name} (\n    " + ",\n    ".join(columns) + "\n)")
    return statements
