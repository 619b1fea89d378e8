"""What a change source yields and the engine applies. Sources turn their log into these; nothing downstream
knows whether a change came from a MySQL binlog or a PostgreSQL slot.

Positions are opaque to the engine except that the positions a source yields are totally ordered (`<`,
`==`), print as text (`str(position)`) and read back from it (`source.parse_position(text)`): the checkpoint
in sct_control is that text. A start position may come in another form that is not ordered against them (a
MariaDB GTID state, `GtidPosition`): it is before everything the stream then yields. A transaction's `position` is where reading resumes to get the *next* transaction,
so "applied up to P" means every transaction whose position is <= P is on the target.

Values in `before`/`after` are Python objects as the source endpoint's full-load `read` gives them for that
column type (see runner/endpoints/mysql.py and postgres.py docstrings): int, Decimal, float, str, bytes,
datetime (naive, UTC for MySQL TIMESTAMP), date, time/timedelta, bool, None. So `runner.values.Converter`
converts a changed value exactly as it converts a loaded one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class BinlogPosition:
    """MySQL/MariaDB binary log coordinates: file name and byte offset ("mariadb-bin.000003:1234").
    Binlog file names end in a fixed-width sequence number, so (file, pos) orders as the log does."""

    file: str
    pos: int

    def __str__(self) -> str:
        return f"{self.file}:{self.pos}"

    @classmethod
    def parse(cls, text: str) -> BinlogPosition:
        name, sep, pos = str(text).strip().rpartition(":")
        if not sep or not name or not pos.isdigit():
            raise ValueError(f"binlog position {text!r}: expected FILE:POSITION, e.g. mariadb-bin.000003:1234")
        return cls(name, int(pos))


@dataclass(frozen=True)
class GtidPosition:
    """A MariaDB GTID state: the last transaction in each replication domain, "domain-server-seqno" joined by
    commas ("0-1-42" or "0-1-42,1-2-7", as @@gtid_binlog_pos, mariadb-dump --gtid or gtid_slave_pos give it).
    Only a START position: reading begins right after those transactions, and everything read carries
    BinlogPosition positions. It has no order, not even against BinlogPosition.

    `state` is normalised (domains in increasing order, no spaces); the constructor accepts the same text as
    `parse` and normalises it too."""

    state: str

    _BOUNDS = (0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF)  # domain and server id: 32 bits, seqno: 64

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", ",".join(f"{d}-{s}-{n}" for d, s, n in self._triples(self.state)))

    def __str__(self) -> str:
        return self.state

    @classmethod
    def parse(cls, text: str) -> GtidPosition:
        return cls(str(text))

    def gtids(self) -> tuple[tuple[int, int, int], ...]:
        """(domain, server id, sequence number) of each domain, by domain."""
        return self._triples(self.state)

    @classmethod
    def _triples(cls, text: str) -> tuple[tuple[int, int, int], ...]:
        def bad(why: str) -> ValueError:
            return ValueError(f"position {text!r}: {why}; expected FILE:POS (e.g. mariadb-bin.000003:1234) or "
                              "a MariaDB GTID state D-S-N[,D-S-N...] (e.g. 0-1-42 or 0-1-42,1-2-7)")

        gtids: dict[int, tuple[int, int, int]] = {}
        for item in str(text).split(","):
            item = item.strip()
            parts = item.split("-")
            if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
                raise bad(f"{item!r} is not domain-server-seqno" if item else "an empty GTID")
            gtid = (int(parts[0]), int(parts[1]), int(parts[2]))
            if any(v > bound for v, bound in zip(gtid, cls._BOUNDS, strict=True)):
                raise bad(f"{item!r} is out of range (domain and server id 32 bits, seqno 64)")
            if gtid[0] in gtids:
                raise bad(f"domain {gtid[0]} appears twice")
            gtids[gtid[0]] = gtid
        return tuple(gtids[d] for d in sorted(gtids))


@dataclass(frozen=True, order=True)
class Lsn:
    """A PostgreSQL log sequence number ("16/B374D848")."""

    value: int

    def __str__(self) -> str:
        return f"{self.value >> 32:X}/{self.value & 0xFFFFFFFF:X}"

    @classmethod
    def parse(cls, text: str) -> Lsn:
        high, sep, low = str(text).strip().partition("/")
        try:
            if not sep:
                raise ValueError
            return cls((int(high, 16) << 32) | int(low, 16))
        except ValueError:
            raise ValueError(f"LSN {text!r}: expected X/Y in hexadecimal, e.g. 0/16B3748") from None


@dataclass
class RowChange:
    """One row inserted, updated or deleted (or a whole table truncated: op "truncate", no images)."""

    op: str                         # "insert" | "update" | "delete" | "truncate"
    schema: str | None              # the source schema (MySQL: database) of the table
    table: str
    columns: tuple[str, ...]        # names of the values in before/after, in table column order
    before: tuple | None = None     # update/delete: the row before (at least its primary key columns);
                                    # None on an update whose key did not change and whose source logs
                                    # no old image (PostgreSQL, REPLICA IDENTITY DEFAULT)
    after: tuple | None = None      # insert/update: the row after (every column)
    before_columns: tuple[str, ...] | None = None   # names of `before`'s values when not `columns`
                                    # (PostgreSQL logs only the key of a deleted row)

    def old(self) -> dict[str, Any]:
        """The before image by column name ({} when there is none)."""
        if self.before is None:
            return {}
        return dict(zip(self.before_columns or self.columns, self.before, strict=True))

    def new(self) -> dict[str, Any]:
        """The after image by column name ({} when there is none)."""
        return dict(zip(self.columns, self.after, strict=True)) if self.after is not None else {}

    def key_image(self) -> dict[str, Any]:
        """The image that finds the changed row: the before image, or the after image when the source logged
        none (an update whose key did not change, PostgreSQL)."""
        return self.old() if self.before is not None else self.new()


@dataclass
class SourceTransaction:
    """The changes of one committed source transaction, in the order they were made."""

    position: Any                   # resume here for the next transaction (after this one's commit)
    commit_time: float              # source commit time, Unix seconds (for latency)
    changes: list[RowChange] = field(default_factory=list)
    xid: str | None = None          # the source's transaction id, for messages


@dataclass
class SchemaChange:
    """A DDL statement the source logged (MySQL: a Query event that is not BEGIN/COMMIT)."""

    position: Any                   # resume here for what follows the statement
    commit_time: float
    schema: str | None              # the default database the statement ran in
    sql: str


@dataclass
class Heartbeat:
    """Nothing new: the source is caught up to `position` at `time` (lag is zero), or sends a keep-alive."""

    position: Any
    time: float


class SchemaMismatch(Exception):
    """The logged row does not fit the table as the catalog describes it (a DDL change not yet seen)."""
