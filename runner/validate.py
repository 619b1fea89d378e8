"""Validation after a load: row counts per table and a checksum per key-range chunk, source against target.

Both sides are read in key order; source values go through the same converters the load used, so a chunk's
checksum is equal exactly when the target holds what the load should have written. A mismatch names the
table, the key range, and up to ten keys whose rows differ (or are missing on one side).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import math
from typing import Any

from sct.runner.model import KeyRange, TableMapping

CHUNK_ROWS = 50_000
MAX_KEYS = 10


def canonical(value: Any, json_type: bool = False) -> str:
    """One text per value, equal for equal values whatever the driver returned."""
    if value is None:
        return "\\N"
    if json_type:
        parsed = json.loads(value) if isinstance(value, str | bytes) else value
        return json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value // dt.timedelta(microseconds=1))
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return json.dumps([canonical(v) for v in items])
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def validate_mappings(source: Any, target: Any, mappings: list[TableMapping], settings: Any) -> dict[str, dict]:
    """{table: {"ok", "source_rows", "target_rows", "mismatches": [{"range", "keys"}]}} for every table."""
    from sct.runner.values import BadValue, Converter, ValuePolicy

    policy = ValuePolicy(zero_dates=settings.zero_dates, nul_bytes=settings.nul_bytes,
                         invalid_utf8=settings.invalid_utf8)
    out = {}
    conn = target.connection()
    try:
        for mapping in mappings:
            label = mapping.label
            types = dict(target.table_columns(conn, mapping.target_schema, mapping.target_name))
            pairs = [(s, t) for s, t, _ in mapping.columns if s is not None]
            converters = [Converter(mapping.source.column(s), source.dialect, types.get(t), target.dialect, policy)
                          for s, t in pairs]
            json_columns = [str(types.get(t) or "").startswith("json") for _, t in pairs]
            source_rows = source.count(mapping.source, mapping.where, None)
            target_rows = target.count(conn, mapping.target_schema, mapping.target_name)
            entry = {"ok": True, "source_rows": source_rows, "target_rows": target_rows, "mismatches": []}
            if source_rows != target_rows:
                entry["ok"] = False
            key = mapping.source.primary_key
            renamed = dict(pairs)
            if len(key) == 1 and key[0] in renamed:
                parts = max(1, math.ceil(source_rows / CHUNK_ROWS))
                boundaries = sorted({b for b in source.key_boundaries(mapping.source, key[0], parts, mapping.where)
                                     if b is not None}) if parts > 1 else []
                edges = [None, *boundaries, None]
                for low, high in zip(edges, edges[1:], strict=False):
                    source_range = KeyRange(key[0], low, high)
                    target_range = KeyRange(renamed[key[0]], low, high)
                    src = {}
                    for batch in source.read(mapping.source, [s for s, _ in pairs], mapping.where, source_range,
                                             10000):
                        for row in batch:
                            try:
                                values = [conv(v) for conv, v in zip(converters, row, strict=True)]
                            except BadValue:
                                continue            # a rejected row: it is in the rejects table, not the target
                            k = canonical(values[[s for s, _ in pairs].index(key[0])])
                            src[k] = "|".join(canonical(v, j) for v, j in zip(values, json_columns, strict=True))
                    tgt = {}
                    key_position = [t for _, t in pairs].index(renamed[key[0]])
                    for row in target.read(conn, mapping.target_schema, mapping.target_name, [t for _, t in pairs],
                                           renamed[key[0]], target_range):
                        k = canonical(row[key_position])
                        tgt[k] = "|".join(canonical(v, j) for v, j in zip(row, json_columns, strict=True))
                    if _digest(src) != _digest(tgt):
                        keys = sorted(k for k in set(src) | set(tgt) if src.get(k) != tgt.get(k))
                        entry["ok"] = False
                        entry["mismatches"].append({"range": source_range.label(), "keys": keys[:MAX_KEYS],
                                                    "differing_rows": len(keys)})
            out[label] = entry
        conn.commit()
    finally:
        conn.close()
    return out


def _digest(rows: dict[str, str]) -> str:
    h = hashlib.sha256()
    for key in sorted(rows):
        h.update(key.encode())
        h.update(b"\x00")
        h.update(rows[key].encode())
        h.update(b"\x01")
    return h.hexdigest()
