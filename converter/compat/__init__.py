"""The compatibility schema `sct_oracle`: PostgreSQL functions for Oracle built-ins with no one-line equivalent.

The Oracle SQL rewriter (converter.dialects.oracle_sql) writes such a built-in as a call `sct_oracle.<name>(...)`
(`call`). What a conversion needs is read from what it emits: `used_in` finds the calls in the target SQL of
the objects and data items that are in the output, so an object that is left out (or rejected by --verify)
pulls in nothing. `schema_sql` writes the schema with only those functions (and the functions they call),
versioned (`sct_oracle.version()` and COMMENT ON SCHEMA); `converter.emit.postgres.schema_script` puts it first
in schema.sql, and `attach` puts it first in `Conversion.ordered` as one `CompatSchema` unit, so --verify
creates it before the objects that call it. The functions themselves are data, in `sct_oracle.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from sqlglot import exp

from sct.converter.ir import QName, SchemaObject, Span

from .sct_oracle import FUNCTIONS, SCHEMA, VERSION, CompatFunction

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

__all__ = ["FUNCTIONS", "SCHEMA", "VERSION", "CompatFunction", "CompatSchema", "attach", "call", "schema_sql",
           "used_in"]

_CALL = re.compile(rf'\b"?{SCHEMA}"?\s*\.\s*"?([a-z_][a-z0-9_]*)"?\s*\(', re.IGNORECASE)


def call(name: str, *args: exp.Expression) -> exp.Dot:
    """The tree of a call `sct_oracle.name(args)`; `name` must be a function of the schema."""
    if name not in FUNCTIONS:
        raise KeyError(f"{SCHEMA} has no function {name}")
    return exp.Dot(this=exp.to_identifier(SCHEMA), expression=exp.Anonymous(this=name, expressions=list(args)))


def used_in(texts: Iterable[str | None]) -> list[str]:
    """The schema's functions the SQL texts call, with the functions those call, in creation order."""
    wanted: set[str] = set()
    for text in texts:
        if text and SCHEMA in text.lower():
            wanted |= {m.group(1).lower() for m in _CALL.finditer(text)} & set(FUNCTIONS)
    if not wanted:
        return []
    ordered: list[str] = ["version"]

    def add(name: str) -> None:
        if name in ordered:
            return
        for needed in FUNCTIONS[name].requires:
            add(needed)
        ordered.append(name)
    for name in sorted(wanted):
        add(name)
    return ordered


def schema_sql(names: list[str]) -> str:
    """CREATE SCHEMA, its version and the functions `names` (as `used_in` orders them); '' for none."""
    if not names:
        return ""
    head = [f"CREATE SCHEMA IF NOT EXISTS {SCHEMA};",
            f"COMMENT ON SCHEMA {SCHEMA} IS 'sct compatibility functions for Oracle built-ins, version {VERSION} "
            f"(functions: {', '.join(names)})';",
            f"GRANT USAGE ON SCHEMA {SCHEMA} TO PUBLIC;"]
    return "\n".join(head) + "\n\n" + "\n\n".join(FUNCTIONS[n].sql for n in names)


@dataclass
class CompatSchema(SchemaObject):
    """The sct_oracle functions a conversion uses, as one unit of `Conversion.ordered` (not a source object)."""

    kind: ClassVar[str] = "compat_schema"
    functions: list[str] = None  # type: ignore[assignment]


def _emitted_texts(conversion: Conversion) -> list[str | None]:
    texts = [o.target_sql for o in conversion.ordered if not isinstance(o, CompatSchema)]
    texts += [o.target_sql for o in conversion.data_items]
    return texts


def needed(conversion: Conversion) -> list[str]:
    """The functions the objects in the output (schema and data) call."""
    return used_in(_emitted_texts(conversion))


def attach(conversion: Conversion) -> CompatSchema | None:
    """Put the schema first in `conversion.ordered` when the output calls any of its functions."""
    conversion.ordered = [o for o in conversion.ordered if not isinstance(o, CompatSchema)]
    names = needed(conversion)
    if not names:
        return None
    unit = CompatSchema(name=QName(None, SCHEMA), span=Span(SCHEMA, 0, 0), target_sql=schema_sql(names),
                        functions=names)
    conversion.ordered.insert(0, unit)
    return unit
