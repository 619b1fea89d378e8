"""Planning: the units of a full load.

A table is one unit, or, when it is large (more than `chunk_rows` rows, counted) and has a one-column primary
key, several units over key ranges with boundaries taken from the key's distribution (about equal row counts).
DMS table-settings `parallel-load` ranges, when given, are used as written. Unit ids are stable across runs
(`table` or `table#n` with the boundaries recorded), so `--resume` can tell what is already committed.
"""

from __future__ import annotations

import math
from typing import Any

from sct.runner.model import KeyRange, TableMapping, Unit


def ranges_from_boundaries(column: str, boundaries: list[Any]) -> list[KeyRange]:
    """[b1, b2, ...] -> (-inf, b1), [b1, b2), ..., [bn, +inf)."""
    edges = [None, *boundaries, None]
    return [KeyRange(column, low, high) for low, high in zip(edges, edges[1:], strict=False)]


def _integer_key(mapping: TableMapping, column: str) -> bool:
    info = mapping.source.column(column)
    return info is not None and "int" in info.source_type.lower()


def plan_units(mappings: list[TableMapping], source: Any, chunk_rows: int,
               integer_keys_only: bool = False) -> list[Unit]:
    """`integer_keys_only`: split only over integer keys (full-load-and-cdc from MySQL, where the capture matches
    a changed row's key against the ranges in Python, and only integers order the same in Python and SQL)."""
    units: list[Unit] = []
    for mapping in mappings:
        table = mapping.source
        ranges = mapping.ranges if mapping.parallel_load in (None, "ranges") else None
        splittable = not integer_keys_only or (len(table.primary_key) == 1
                                               and _integer_key(mapping, table.primary_key[0]))
        if ranges and not splittable:
            ranges = None
        if mapping.parallel_load == "none" or not splittable:
            units.append(Unit(mapping.label, mapping))
            continue
        rows = source.count(table, mapping.where, None) if ranges is None and chunk_rows else 0
        if ranges is None and chunk_rows and rows > chunk_rows and len(table.primary_key) == 1:
            parts = math.ceil(rows / chunk_rows)
            column = table.primary_key[0]
            boundaries = sorted({b for b in source.key_boundaries(table, column, parts, mapping.where)
                                 if b is not None})
            ranges = ranges_from_boundaries(column, boundaries) if boundaries else None
        if not ranges:
            units.append(Unit(mapping.label, mapping, expected_rows=rows or None))
            continue
        base = mapping.label
        for n, key_range in enumerate(ranges, 1):
            units.append(Unit(f"{base}#{n}", mapping, key_range, expected_rows=rows // len(ranges) or None))
    return units
