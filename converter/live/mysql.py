"""A live MySQL/MariaDB database as a script: the statements mysqldump --no-data --routines --triggers --events
would write, read straight from the server.

information_schema lists the objects of the DSN's database; SHOW CREATE TABLE / VIEW / FUNCTION / PROCEDURE /
TRIGGER / EVENT gives each definition as the server keeps it. Order: tables (a table after the tables its
foreign keys reference, where there is no cycle), views (after the views they name), functions, procedures,
triggers (by table, then action order), events. Tables and views go through converter.mysql_script's reader
(conditional comments such as MySQL 8's `/*!80016 ... */` are judged there, once); a stored program is one
statement whatever semicolons its body holds, as a DELIMITER block of a script is.

Each statement's span is line:column inside its definition, in a file named after the object
(`mysql://127.0.0.1:3306/shop/table/orders`); see converter.live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sct.converter import mysql_script
from sct.converter.ir import Span
from sct.converter.script import Script, ScriptStatement
from sct.errors import ConnectionFailed

if TYPE_CHECKING:
    from sct.runner.endpoints import DsnParts

__all__ = ["read_database"]

# (kind, the SHOW CREATE word, the position of the definition in SHOW CREATE's row)
_PROGRAMS = (("function", "FUNCTION", 2), ("procedure", "PROCEDURE", 2), ("trigger", "TRIGGER", 2),
             ("event", "EVENT", 3))


def read_database(parts: DsnParts) -> Script:
    """The objects of the DSN's database as a Script (source.files: the database's location)."""
    from sct.converter.live import location
    from sct.runner.endpoints.mysql import MySQLSource

    where = location(parts, "mysql")
    endpoint = MySQLSource(parts)
    try:
        return _read(_Catalog(endpoint, parts), where)
    finally:
        endpoint.close()


class _Catalog:
    """Catalog queries on the endpoint's connection; a server error becomes one line naming the database."""

    def __init__(self, endpoint: Any, parts: DsnParts) -> None:
        self.endpoint = endpoint
        self.parts = parts
        self.database = endpoint.database

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        import pymysql

        try:
            return [tuple(_text(v) for v in row) for row in self.endpoint._query(sql, params)]
        except pymysql.MySQLError as e:
            reason = self.parts.scrub(" ".join(str(e).split()))
            raise ConnectionFailed(f"cannot read the catalog of MySQL at {self.parts.where(3306)}: {reason}") from None

    def names(self, sql: str) -> list[str]:
        return [row[0] for row in self.rows(sql, [self.database])]

    def show_create(self, word: str, name: str, column: int) -> str | None:
        from sct.runner.endpoints.mysql import quote

        rows = self.rows(f"SHOW CREATE {word} {quote(name)}")
        return rows[0][column] if rows and rows[0][column] is not None else None


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes | bytearray) else value


def _read(catalog: _Catalog, where: str) -> Script:
    script = Script()
    for name in _tables(catalog):
        _add_sql(script, catalog.show_create("TABLE", name, 1), f"{where}/table/{name}")
    views = {name: catalog.show_create("VIEW", name, 1) for name in catalog.names(
        "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME")}
    for name in _views_in_order(views):
        _add_sql(script, views[name], f"{where}/view/{name}")
    for kind, word, column in _PROGRAMS:
        for name in catalog.names(_LISTS[kind]):
            file = f"{where}/{kind}/{name}"
            text = catalog.show_create(word, name, column)
            if text is None:        # the user may not see the body (no SHOW_ROUTINE / definer privilege)
                text = f"CREATE {word} {name} /* definition not visible to this user */"
            _add_program(script, text, file)
    script.files[:] = [where]
    return script


_LISTS = {
    "function": "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s "
                "AND ROUTINE_TYPE = 'FUNCTION' ORDER BY ROUTINE_NAME",
    "procedure": "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s "
                 "AND ROUTINE_TYPE = 'PROCEDURE' ORDER BY ROUTINE_NAME",
    "trigger": "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s "
               "ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
    "event": "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %s ORDER BY EVENT_NAME",
}


def _tables(catalog: _Catalog) -> list[str]:
    """Base tables, each after the tables its foreign keys reference (by name where references form a cycle)."""
    names = catalog.names("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
                          "AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_NAME")
    needs: dict[str, set[str]] = {name: set() for name in names}
    for table, referenced in catalog.rows(
            "SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = %s AND UNIQUE_CONSTRAINT_SCHEMA = CONSTRAINT_SCHEMA",
            [catalog.database]):
        if table in needs and referenced in needs and referenced != table:
            needs[table].add(referenced)
    return _in_order(names, needs)


def _views_in_order(views: dict[str, str | None]) -> list[str]:
    """Views after the views their definitions name (`name` as SHOW CREATE VIEW quotes it)."""
    needs = {name: {other for other in views if other != name and text and f"`{other}`" in text}
             for name, text in views.items()}
    return _in_order(list(views), needs)


def _in_order(names: list[str], needs: dict[str, set[str]]) -> list[str]:
    """`names` with each after what it needs, otherwise in the given order; a cycle keeps the given order."""
    out: list[str] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(name: str) -> None:
        if name in placed or name in visiting:
            return
        visiting.add(name)
        for other in names:
            if other in needs[name]:
                place(other)
        visiting.discard(name)
        placed.add(name)
        out.append(name)

    for name in names:
        place(name)
    return out


def _add_sql(script: Script, text: str | None, file: str) -> None:
    """A table or view definition, read as a script (the reader appends `file` to script.files; _read sets
    the list to the database once all are read)."""
    if text is not None:
        mysql_script.read_mysql_script_text(text, file, script)


def _add_program(script: Script, text: str, file: str) -> None:
    """A stored program: one statement (its body's semicolons do not end it), conditional comments resolved."""
    clean = mysql_script.preprocess(text)
    stripped = clean.lstrip()
    offset = len(clean) - len(stripped)
    line = clean.count("\n", 0, offset) + 1
    column = offset - (clean.rfind("\n", 0, offset) + 1) + 1
    script.statements.append(ScriptStatement(stripped.rstrip().rstrip(";").rstrip(), Span(file, line, column),
                                             "program"))
