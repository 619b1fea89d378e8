"""What the emitters of stored programs from other dialects share (converter.emit.mysql_plpgsql,
converter.emit.tsql_plpgsql): the exception for a construct without an exact conversion, and dollar quoting of a
routine body."""

from __future__ import annotations

__all__ = ["NotConverted", "dollar"]


class NotConverted(Exception):
    """A construct without an exact conversion: the program stays out of the target (a MANUAL finding with
    `rule`, at `where`, the construct's place in the IR)."""

    def __init__(self, where, rule: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.rule = rule
        self.message = message


def dollar(body: str) -> str:
    """`body` between dollar quotes that do not occur in it: $$ or $sct1$, $sct2$, ..."""
    tag = "$$"
    n = 0
    while tag in body:
        n += 1
        tag = f"$sct{n}$"
    return f"{tag}\n{body}{tag}"
