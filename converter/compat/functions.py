"""The form every compatibility schema's functions take (sct_oracle.py, sct_sqlserver.py): `CompatFunction`, and
`Builder`, which writes a function's SQL with a COMMENT ON FUNCTION per overload naming the schema version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CompatFunction", "builder", "version_function"]


@dataclass(frozen=True)
class CompatFunction:
    """One function of the schema: `sql` creates every overload and comments each with the version."""

    name: str
    summary: str                    # what built-in it gives, one line (docs and the COMMENT)
    sql: str
    since: str                      # the schema version that last changed this function
    requires: tuple[str, ...] = ()  # functions of the schema its SQL calls (created first)


def builder(schema: str, version: str) -> Callable[..., CompatFunction]:
    """`function(name, summary, overloads, since=version, requires=())` for one schema; `overloads` maps each
    signature (argument types, as COMMENT ON FUNCTION names it) to its CREATE."""

    def function(name: str, summary: str, overloads: dict[str, str], since: str = version,
                 requires: tuple[str, ...] = ()) -> CompatFunction:
        parts = []
        for signature, create in overloads.items():
            text = f"{schema} {since}: {summary}".replace("'", "''")
            parts += [create.strip(), f"COMMENT ON FUNCTION {schema}.{signature} IS '{text}';"]
        return CompatFunction(name, summary, "\n".join(parts), since, requires)

    return function


def version_function(schema: str, version: str) -> CompatFunction:
    """`<schema>.version()`: the version of the schema's functions."""
    return builder(schema, version)("version", f"the version of the {schema} schema", {"version()": f"""
CREATE OR REPLACE FUNCTION {schema}.version() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '{version}'::text $$;"""})
