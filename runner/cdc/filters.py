"""DMS source filters on captured changes: which logged rows the table mapping's filter selects.

The full load copies the rows `SELECT ... WHERE <filter>` returns, so the target holds exactly the source rows
that pass the filter. Capture keeps that true:

- an INSERT is applied when the new row passes;
- an UPDATE whose new row passes is applied as an update of the old key, or, when the target has no such row
  (the old row did not pass), as an insert; an UPDATE whose new row does not pass deletes the old key if the
  target has it (the row left the filter);
- a DELETE deletes the key if the target has it.

Only new row images are judged, and they are judged by the SOURCE database, not in Python: the filter is the
SQL the load used, evaluated over the logged values typed as the table's columns (PostgreSQL: each value cast
to the column's type, with the column's collation; MySQL: CAST to the column's kind, text converted to the
column's character set and collation), so comparisons, collations and type coercions are the source's own.
DMS says filters should name columns whose values do not change; with the rules above a row that moves in or
out of the filter is still handled exactly.
"""

from __future__ import annotations

import re
from typing import Any

from sct.runner.endpoints import percent_escaped
from sct.runner.endpoints.mysql import _text
from sct.runner.model import TableMapping

CHUNK = 500             # row images judged per query


class SourceFilter:
    def __init__(self, source: Any, mapping: TableMapping):
        self.source = source
        self.mapping = mapping
        self.columns = [c.name for c in mapping.source.columns]
        self.where = percent_escaped(mapping.where or "")
        self.cast = self._postgres_casts() if source.dialect == "postgres" else self._mysql_casts()

    # --- one value expression per column ---

    def _postgres_casts(self) -> list[str]:
        table = self.mapping.source
        rows = self.source._query(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
            "CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation "
            "THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation "
            "LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped",
            [table.schema or "public", table.name])
        by_name = {name: (kind, collation) for name, kind, collation in rows}
        out = []
        for name in self.columns:
            kind, collation = by_name[name]
            out.append(f"CAST(%s AS {percent_escaped(kind)})"
                       + (f" COLLATE {percent_escaped(collation)}" if collation else ""))
        return out

    def _mysql_casts(self) -> list[str]:
        table = self.mapping.source
        rows = self.source._query("SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM "
                                  "information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
                                  [table.schema or self.source.database, table.name])
        text = {_text(name): (_text(charset), _text(collation)) for name, charset, collation in rows}
        out = []
        for column in table.columns:
            kind = column.source_type.lower()
            base = re.split(r"[ (]", kind, maxsplit=1)[0]
            charset, collation = text.get(column.name, (None, None))
            if charset and collation:
                out.append(f"CONVERT(%s USING {charset}) COLLATE {collation}")
            elif base in ("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year"):
                out.append("%s")
            elif base in ("decimal", "numeric", "dec", "fixed"):
                digits = re.search(r"\((\d+)\s*,\s*(\d+)\)", kind)
                out.append(f"CAST(%s AS DECIMAL({digits.group(1)},{digits.group(2)}))" if digits
                           else "CAST(%s AS DECIMAL(65,30))")
            elif base in ("float", "double", "real"):
                out.append("CAST(%s AS DOUBLE)")
            elif base == "date":
                out.append("CAST(%s AS DATE)")
            elif base in ("datetime", "timestamp"):
                out.append("CAST(%s AS DATETIME(6))")
            elif base == "time":
                out.append("CAST(%s AS TIME(6))")
            else:                       # binary strings, BLOBs, BIT, JSON, spatial: the value as logged
                out.append("%s")
        return out

    # --- judging ---

    def passes(self, images: list[dict]) -> list[bool]:
        """For each row image ({column: value}, every column of the table), whether the filter selects it."""
        verdicts = [False] * len(images)
        for start in range(0, len(images), CHUNK):
            chunk = images[start:start + CHUNK]
            params: list[Any] = []
            for n, image in enumerate(chunk):
                params.append(start + n)
                params.extend(image.get(c) for c in self.columns)
            for (n,) in self.source._query(self._sql(len(chunk)), params):
                verdicts[int(n)] = True
        return verdicts

    def _sql(self, rows: int) -> str:
        quote = self.source.quote
        names = ", ".join(percent_escaped(quote(c)) for c in self.columns)
        if self.source.dialect == "postgres":
            row = "(CAST(%s AS integer), " + ", ".join(self.cast) + ")"
            return (f"SELECT sct_n FROM (VALUES {', '.join([row] * rows)}) AS sct_rows (sct_n, {names}) "
                    f"WHERE {self.where}")
        first = "SELECT %s AS sct_n, " + ", ".join(f"{cast} AS {percent_escaped(quote(c))}"
                                                  for cast, c in zip(self.cast, self.columns, strict=True))
        rest = "SELECT %s, " + ", ".join(self.cast)
        union = " UNION ALL ".join([first] + [rest] * (rows - 1))
        return f"SELECT sct_n FROM ({union}) AS sct_rows WHERE {self.where}"

