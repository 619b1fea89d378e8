"""The runner's vocabulary: tables and columns as an endpoint describes them, units of work, endpoints.

An endpoint is a database the runner reads from (`Source`) or writes to (`Target`). Endpoints are chosen by
the DSN's scheme (mysql://, mariadb://, postgresql://, sqlite:///path) in `runner.endpoints.open_source` and
`open_target`. Values travel between them as Python objects (int, Decimal, str, bytes, datetime, date,
time, timedelta, bool, None); `runner.values` turns a source value into what the target column takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol


class SqlExpr(str):
    """SQL text to select as it is (a DMS add-column expression, already in the source's dialect), where a
    source read otherwise takes column names."""


@dataclass
class ColumnInfo:
    name: str
    source_type: str            # the source catalog's full type, lower case: "int unsigned", "tinyint(1)",
                                # "datetime(6)", "enum('a','b')", "decimal(12,2)", "varchar(40)", "blob"
    nullable: bool = True
    target_type: str | None = None      # the target column's type once known (e.g. "boolean", "numeric(12,2)")


@dataclass
class TableInfo:
    name: str
    schema: str | None = None
    columns: list[ColumnInfo] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    estimated_rows: int = 0

    @property
    def key(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def column(self, name: str) -> ColumnInfo | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class KeyRange:
    """Rows whose single-column primary key k satisfies low <= k < high (None: unbounded on that side)."""

    column: str
    low: Any = None
    high: Any = None

    def label(self) -> str:
        return f"{self.column} in [{'-inf' if self.low is None else self.low}, " \
               f"{'+inf' if self.high is None else self.high})"


@dataclass
class TableMapping:
    """What the table mappings make of one source table (see runner.mappings)."""

    source: TableInfo
    target_schema: str | None
    target_name: str
    columns: list[tuple[str | None, str, str | None]]    # (source column or None, target column, expression)
                                                          # an add-column has no source column and an expression
    where: str | None = None                  # source-side filter (SQL in the source's dialect)
    ranges: list[KeyRange] | None = None      # table-settings parallel-load ranges, if given
    column_types: dict[str, str] = field(default_factory=dict)    # target column -> change-data-type
    parallel_load: str | None = None          # table-settings parallel-load: None (no rule: split as
                                              # chunk_rows says), "ranges" (use `ranges`), "auto"
                                              # (partitions-auto: split by key ranges as for chunk_rows),
                                              # "none" (load the table as one unit, never split)

    @property
    def label(self) -> str:
        """The target table as reports, sct_control and unit ids name it: schema.table, or table."""
        return f"{self.target_schema}.{self.target_name}" if self.target_schema else self.target_name


@dataclass
class Unit:
    """A piece of work: one table, or one key range of it; loaded in one target transaction."""

    unit_id: str                  # "<table>" or "<table>#<n>"
    mapping: TableMapping
    key_range: KeyRange | None = None
    expected_rows: int | None = None      # for progress: the planner's count (a share of it for a range)


class Source(Protocol):
    dialect: str

    def tables(self) -> list[TableInfo]: ...

    def read(self, table: TableInfo, columns: list[str], where: str | None, key_range: KeyRange | None,
             batch_rows: int) -> Iterator[list[tuple]]:
        """Batches of rows (tuples in `columns` order), streamed with a server-side cursor, ordered by the
        primary key when there is one."""
        ...

    def key_boundaries(self, table: TableInfo, column: str, parts: int, where: str | None) -> list[Any]:
        """parts - 1 key values that cut the table into parts of about equal row counts."""
        ...

    def count(self, table: TableInfo, where: str | None, key_range: KeyRange | None) -> int: ...

    def close(self) -> None: ...


class Target(Protocol):
    dialect: str

    def connection(self) -> Any:
        """A new connection (one per worker); used in `with` blocks as one transaction."""
        ...

    def write(self, conn: Any, schema: str | None, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        """Append rows inside the caller's transaction (COPY, LOAD DATA or multi-row INSERT); returns rows."""
        ...

    def close(self) -> None: ...
