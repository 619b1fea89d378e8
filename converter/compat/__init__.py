"""The compatibility schemas `sct_oracle` and `sct_sqlserver`: PostgreSQL functions for source built-ins with no
one-line equivalent.

A dialect's SQL rewriter writes such a built-in as a call `<schema>.<name>(...)` (`call`: converter.dialects
.oracle_sql for sct_oracle, converter.dialects.tsql_sql for sct_sqlserver). What a conversion needs is read from
what it emits: `used_in` finds the calls in the target SQL of the objects and data items that are in the output,
so an object that is left out (or rejected by --verify) pulls in nothing. `schema_sql` writes a schema with only
those functions (and the functions they call), versioned (`<schema>.version()` and COMMENT ON SCHEMA);
`converter.emit.postgres.schema_script` puts each schema the output calls first in schema.sql, and `attach`
puts them first in `Conversion.ordered`, one `CompatSchema` unit per schema, so --verify creates them before
the objects that call them. The functions themselves are data, one module per schema (`sct_oracle.py`,
`sct_sqlserver.py`); `LIBRARIES` lists them.

The module-level names without a `schema` argument (`SCHEMA`, `VERSION`, `FUNCTIONS`, and the default of every
`schema=` parameter) are sct_oracle's, as they were before sct_sqlserver existed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from sqlglot import exp

from sct.converter.ir import QName, SchemaObject, Span

from . import sct_oracle, sct_sqlserver
from .sct_oracle import FUNCTIONS, SCHEMA, VERSION, CompatFunction

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

__all__ = ["FUNCTIONS", "LIBRARIES", "SCHEMA", "VERSION", "CompatFunction", "CompatSchema", "Library", "attach",
           "call", "needed", "needed_schemas", "schema_sql", "used_in"]


@dataclass(frozen=True)
class Library:
    """One compatibility schema: its name, version, functions (`CompatFunction` by name) and what it serves."""

    schema: str
    version: str
    functions: dict[str, CompatFunction]
    source: str                     # the source database whose built-ins it gives, for the schema comment
    doc: str                        # the page that describes every function

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf'\b"?{self.schema}"?\s*\.\s*"?([a-z_][a-z0-9_]*)"?\s*\(', re.IGNORECASE)


LIBRARIES: dict[str, Library] = {
    lib.schema: lib for lib in (
        Library(sct_oracle.SCHEMA, sct_oracle.VERSION, sct_oracle.FUNCTIONS, "Oracle", "docs/sct_oracle.md"),
        Library(sct_sqlserver.SCHEMA, sct_sqlserver.VERSION, sct_sqlserver.FUNCTIONS, "SQL Server",
                "docs/sct_sqlserver.md"),
    )
}


def call(name: str, *args: exp.Expression, schema: str = SCHEMA) -> exp.Dot:
    """The tree of a call `schema.name(args)`; `name` must be a function of that schema."""
    if name not in LIBRARIES[schema].functions:
        raise KeyError(f"{schema} has no function {name}")
    return exp.Dot(this=exp.to_identifier(schema), expression=exp.Anonymous(this=name, expressions=list(args)))


def used_in(texts: Iterable[str | None], schema: str = SCHEMA) -> list[str]:
    """The schema's functions the SQL texts call, with the functions those call, in creation order."""
    lib = LIBRARIES[schema]
    pattern = lib.pattern
    wanted: set[str] = set()
    for text in texts:
        if text and schema in text.lower():
            wanted |= {m.group(1).lower() for m in pattern.finditer(text)} & set(lib.functions)
    if not wanted:
        return []
    ordered: list[str] = ["version"]

    def add(name: str) -> None:
        if name in ordered:
            return
        for needed_name in lib.functions[name].requires:
            add(needed_name)
        ordered.append(name)
    for name in sorted(wanted):
        add(name)
    return ordered


def schema_sql(names: list[str], schema: str = SCHEMA) -> str:
    """CREATE SCHEMA, its version and the functions `names` (as `used_in` orders them); '' for none."""
    if not names:
        return ""
    lib = LIBRARIES[schema]
    head = [f"CREATE SCHEMA IF NOT EXISTS {schema};",
            f"COMMENT ON SCHEMA {schema} IS 'sct compatibility functions for {lib.source} built-ins, version "
            f"{lib.version} (functions: {', '.join(names)})';",
            f"GRANT USAGE ON SCHEMA {schema} TO PUBLIC;"]
    return "\n".join(head) + "\n\n" + "\n\n".join(lib.functions[n].sql for n in names)


@dataclass
class CompatSchema(SchemaObject):
    """The functions of one compatibility schema a conversion uses, as one unit of `Conversion.ordered` (not a
    source object)."""

    kind: ClassVar[str] = "compat_schema"
    functions: list[str] = None  # type: ignore[assignment]
    schema: str = SCHEMA


def _emitted_texts(conversion: Conversion) -> list[str | None]:
    texts = [o.target_sql for o in conversion.ordered if not isinstance(o, CompatSchema)]
    texts += [o.target_sql for o in conversion.data_items]
    return texts


def needed(conversion: Conversion, schema: str = SCHEMA) -> list[str]:
    """The functions of `schema` the objects in the output (schema and data) call."""
    return used_in(_emitted_texts(conversion), schema)


def needed_schemas(conversion: Conversion) -> dict[str, list[str]]:
    """Every compatibility schema the output calls, with its functions (as `used_in` orders them)."""
    texts = _emitted_texts(conversion)
    found = {schema: used_in(texts, schema) for schema in LIBRARIES}
    return {schema: names for schema, names in found.items() if names}


def attach(conversion: Conversion) -> CompatSchema | None:
    """Put each schema the output calls first in `conversion.ordered` (one unit per schema, in `LIBRARIES`
    order); returns the first unit, or None when the output calls none."""
    conversion.ordered = [o for o in conversion.ordered if not isinstance(o, CompatSchema)]
    units = [CompatSchema(name=QName(None, schema), span=Span(schema, 0, 0), target_sql=schema_sql(names, schema),
                          functions=names, schema=schema)
             for schema, names in needed_schemas(conversion).items()]
    conversion.ordered[:0] = units
    return units[0] if units else None
