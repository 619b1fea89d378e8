"""A live SQLite database (sqlite:///path) to PostgreSQL: sqlite_master lists the objects, the PRAGMAs give each
table's structure, converter.dialects.sqlite_ddl the rest (types by affinity, CHECK, COLLATE, expressions).

    sqlite_master        tables, indexes, views and triggers in creation order; sqlite_* objects (SQLite's
                         own), automatic indexes (no SQL: the UNIQUE and PRIMARY KEY constraints they serve are
                         read from the table) and the shadow tables of virtual tables are left out
    table_xinfo          columns: declared type, NOT NULL, DEFAULT, primary key position, generated columns
    index_list/_info     UNIQUE constraints (the indexes SQLite made for them)
    foreign_key_list     foreign keys, with ON DELETE / ON UPDATE
    the CREATE text      CHECK, COLLATE, AUTOINCREMENT, generated expressions, ON CONFLICT, DEFERRABLE, WITHOUT
                         ROWID, STRICT (sqlite_ddl.read_table_text)
    CREATE INDEX/VIEW    sqlglot (sqlite): index keys, partial-index WHERE, view queries

Everything becomes the shared IR (Table, Column, Index, ForeignKey, View, CodeObject for triggers) and is
written by the shared emitter in dependency order, with findings from rules/sqlite (SQnnn). Each object's span
is `sqlite:///path/<kind>/<name>:1:1`.

`convert_sqlite_text` runs a SQLite script in an in-memory database and converts that database the same way
(each object's span is then the line of its CREATE in the script): rule examples are SQLite scripts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlglot import exp

from sct.converter.dialects import sqlite_ddl
from sct.converter.dialects.sqlparse import SqlParseError
from sct.converter.findings import fire
from sct.converter.ir import (
    CodeObject,
    Column,
    Constraint,
    DataType,
    Effort,
    ForeignKey,
    Identity,
    Index,
    IndexColumn,
    QName,
    SchemaObject,
    Span,
    Table,
    View,
)
from sct.converter.names import PG_MAX_IDENT
from sct.errors import ConnectionFailed, InputError

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion
    from sct.runner.endpoints import DsnParts

__all__ = ["convert_sqlite_text", "read_database"]

Query = Callable[[str], list[tuple]]
Locate = Callable[[str, str, str], Span | None]     # (kind, name, sql) -> the object's span (None: the table's)


def read_database(parts: DsnParts, target: str = "postgres") -> Conversion:
    """Convert the SQLite database file the DSN names (opened read-only)."""
    from sct.converter.live import location
    from sct.runner.endpoints.sqlite import SQLiteSource

    if target != "postgres":
        raise InputError(f"unknown target dialect {target!r}; supported: postgres")
    where = location(parts, "sqlite")
    endpoint = SQLiteSource(parts)

    def query(sql: str) -> list[tuple]:
        try:
            return endpoint._query(sql)
        except sqlite3.Error as e:
            raise ConnectionFailed(f"cannot read the catalog of SQLite database {parts.path}: {e}") from None

    try:
        return convert_catalog(query, where, lambda kind, name, sql: Span(f"{where}/{kind}/{name}", 1, 1))
    finally:
        endpoint.close()


def convert_sqlite_text(text: str, file: str = "<string>") -> Conversion:
    """Convert a SQLite script: it runs in an in-memory database, whose catalog is then converted."""
    connection = sqlite3.connect(":memory:")
    try:
        try:
            connection.executescript(text)
        except sqlite3.Error as e:
            raise InputError(f"{file}: SQLite cannot run the script: {e}") from None
        taken: set[int] = set()

        def locate(kind: str, name: str, sql: str) -> Span | None:
            if not sql:
                return None                     # a foreign key: its table's place
            rest = sql[len("CREATE"):]
            at = text.find(rest)
            while at in taken:
                at = text.find(rest, at + 1)
            if at < 0:
                return Span(file, 1, 1)
            taken.add(at)
            start = max(text.upper().rfind("CREATE", 0, at), 0)       # sqlite_master upper-cases CREATE
            line = text.count("\n", 0, start) + 1
            return Span(file, line, start - (text.rfind("\n", 0, start) + 1) + 1)

        return convert_catalog(lambda sql: connection.execute(sql).fetchall(), file, locate)
    finally:
        connection.close()


def convert_catalog(query: Query, where: str, locate: Locate) -> Conversion:
    """The objects of the database `query` reads, converted (see the module docstring)."""
    from sct.converter import graph
    from sct.converter.emit import postgres
    from sct.converter.pipeline import Conversion

    rows = query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                 "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")
    try:
        kinds = {name: kind for _schema, name, kind, *_ in query("PRAGMA main.table_list")}
    except sqlite3.Error:           # SQLite before 3.37: no shadow tables are told apart
        kinds = {}
    reader = _Reader(query, locate)
    objects: list[SchemaObject] = []
    tables = {name.lower() for kind, name, _t, _s in rows if kind == "table"}
    for kind, name, table, sql in rows:
        if kinds.get(name) == "shadow":
            continue
        if kind == "table":
            objects.extend(reader.table(name, sql, tables))
        elif kind == "index":
            objects.append(reader.index(name, table, sql))
        elif kind == "view":
            objects.append(reader.view(name, sql))
        elif kind == "trigger":
            objects.append(reader.trigger(name, table, sql))
    conversion = Conversion("sqlite", "postgres", [where], objects)
    postgres.render_objects(conversion)
    for obj in conversion.objects:
        where_clause = getattr(obj, "partial", None)
        if isinstance(obj, Index) and obj.target_sql and where_clause is not None:
            text = postgres._expr(where_clause, obj, obj.span)
            obj.target_sql = obj.target_sql.removesuffix(";") + f" WHERE {text};"
    graph.block_dependents(conversion)
    conversion.ordered = graph.order(conversion)
    return conversion


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fold(name: str) -> str:
    """SQLite names ignore case: the PostgreSQL name is the lower-case one."""
    return name.lower()


_NOW = {"CURRENT_TIMESTAMP": ("timestamp", "YYYY-MM-DD HH24:MI:SS"), "CURRENT_DATE": ("date", "YYYY-MM-DD"),
        "CURRENT_TIME": ("time", "HH24:MI:SS")}


class _Reader:
    def __init__(self, query: Query, locate: Locate) -> None:
        self.query = query
        self.locate = locate

    def expression(self, obj: SchemaObject, text: str, span: Span) -> exp.Expression | None:
        """A converted SQLite expression; None (and an SQ001 finding) when it does not convert."""
        try:
            return sqlite_ddl.convert_tree(sqlite_ddl.parse_expression(text, span), obj, span)
        except SqlParseError as e:
            fire(obj, "SQ001", span, f"not converted: cannot parse {text.strip()!r} ({e.message})")
        except sqlite_ddl.NotConverted as e:
            fire(obj, "SQ001", span, f"not converted: {e.message}")
        return None

    # --- tables --------------------------------------------------------------------------------------------

    def table(self, name: str, sql: str, tables: set[str]) -> list[SchemaObject]:
        span = self.locate("table", name, sql)
        table = Table(QName(None, _fold(name)), span, sql)
        if sql.upper().startswith("CREATE VIRTUAL TABLE"):
            fire(table, "SQ002", span, f"virtual table {name} ({sql.split('USING', 1)[-1].strip()[:80]}) is not "
                                       "converted: use a PostgreSQL extension or a plain table and index")
            return [table]
        text = sqlite_ddl.read_table_text(sql)
        columns = self.query(f"PRAGMA table_xinfo({_quote(name)})")
        keys = [c[1] for c in sorted((c for c in columns if c[5]), key=lambda c: c[5])]
        rowid_alias = (len(keys) == 1 and not text.without_rowid
                       and next(c[2] for c in columns if c[1] == keys[0]).upper() == "INTEGER")
        loose: list[str] = []
        for _cid, column_name, declared, not_null, default, pk, hidden in columns:
            if hidden == 1:
                continue
            target, meaning = sqlite_ddl.target_type(declared or "")
            details = text.columns.get(column_name.lower()) or sqlite_ddl.ColumnText(column_name)
            column = Column(_fold(column_name), DataType(declared or "", (declared or "").upper(), target=target),
                            span, not_null=bool(not_null))
            table.columns.append(column)
            if not (pk and rowid_alias):        # a rowid alias holds integers only, even in SQLite
                loose.append(f"{column_name} ({declared or 'no type'} -> {target})")
            if meaning in ("date", "timestamp", "time", "boolean"):
                fire(table, "SQ012", span, f"column {column_name} {declared} becomes {target}: SQLite keeps such "
                                           f"values as text or numbers (NUMERIC affinity); every value must parse "
                                           f"as a PostgreSQL {target} to load")
            if pk and rowid_alias:
                column.identity = Identity(always=False)
                column.not_null = True
                if details.autoincrement:
                    fire(table, "SQ022", span, f"column {column_name}: INTEGER PRIMARY KEY AUTOINCREMENT becomes "
                                               "GENERATED BY DEFAULT AS IDENTITY")
                else:
                    fire(table, "SQ021", span, f"column {column_name}: INTEGER PRIMARY KEY (the rowid) becomes "
                                               "GENERATED BY DEFAULT AS IDENTITY")
            elif pk and not not_null and not text.without_rowid:
                fire(table, "SQ013", span, f"column {column_name} is in the primary key and may hold NULL in SQLite")
            if hidden in (2, 3) and details.generated is not None:
                column.generated = self.expression(table, details.generated, span)
                if hidden == 2:
                    fire(table, "SQ024", span, f"column {column_name}: VIRTUAL generated column becomes STORED "
                                               "(PostgreSQL 15 computes generated columns on write only)")
                else:
                    fire(table, "SQ024", span, f"column {column_name}: STORED generated column", Effort.AUTO)
            elif default is not None:
                column.default = self.default(table, column, meaning, default, span)
            if details.collation in ("NOCASE", "RTRIM"):
                fire(table, "SQ026", span, f"column {column_name} COLLATE {details.collation}: SQLite compares its "
                                           "values " + ("ignoring ASCII case" if details.collation == "NOCASE"
                                                        else "ignoring trailing spaces") +
                     "; PostgreSQL compares them exactly (=, ORDER BY, UNIQUE): use citext, lower() or a "
                     "nondeterministic collation where the application relies on it")
            for check_name, check, _offset in details.checks:
                self.check(table, check_name, check, span)
        if loose and not text.strict:
            fire(table, "SQ011", span, "SQLite does not enforce declared types or lengths (a column may hold any "
                                       "value, a VARCHAR(40) longer text): check every value fits before loading: "
                                       + ", ".join(loose))
        if text.without_rowid:
            fire(table, "SQ023", span)
        for clause in text.on_conflict:
            fire(table, "SQ028", span, f"{clause}: SQLite resolves a violation of this constraint its own way; "
                                       "PostgreSQL raises an error (use INSERT ... ON CONFLICT in the application)")
        for check_name, check, _offset in text.checks:
            self.check(table, check_name, check, span)
        if keys:
            table.constraints.insert(0, Constraint("primary", span, columns=[_fold(k) for k in keys]))
        for _seq, index, unique, origin, _partial in self.query(f"PRAGMA index_list({_quote(name)})"):
            if origin == "u" and unique:
                parts = [r[2] for r in self.query(f"PRAGMA index_info({_quote(index)})")]
                if None not in parts:
                    table.constraints.append(Constraint("unique", span, columns=[_fold(p) for p in parts]))
        return [table, *self.foreign_keys(table, name, text, tables)]

    def default(self, table: Table, column: Column, meaning: str, text: str, span: Span) -> exp.Expression | None:
        word = text.strip().upper()
        if word in _NOW:
            kind, pattern = _NOW[word]
            now = exp.AtTimeZone(this=exp.CurrentTimestamp(), zone=exp.Literal.string("UTC"))
            if meaning in ("timestamp", "date", "time"):
                tree: exp.Expression = exp.Paren(this=now) if meaning == "timestamp" else exp.cast(now, meaning)
                said = f"the UTC {kind}"
            else:
                tree = exp.Anonymous(this="to_char", expressions=[now, exp.Literal.string(pattern)])
                said = f"the UTC {kind} as text '{pattern}'"
            fire(table, "SQ025", span, f"column {column.name} DEFAULT {word}: SQLite stores the UTC {kind} as text; "
                                       f"the default becomes {said}, not the session's local time")
            return tree
        tree = self.expression(table, text, span)
        if tree is not None and meaning == "boolean" and isinstance(tree, exp.Literal) and tree.this in ("0", "1"):
            return exp.Boolean(this=tree.this == "1")
        return tree

    def check(self, table: Table, name: str | None, text: str, span: Span) -> None:
        tree = self.expression(table, text, span)
        if tree is not None:
            table.constraints.append(Constraint("check", span, name=_fold(name) if name else None, check=tree))

    def foreign_keys(self, table: Table, name: str, text: sqlite_ddl.TableText,
                     tables: set[str]) -> list[ForeignKey]:
        groups: dict[int, list[tuple]] = {}
        for row in self.query(f"PRAGMA foreign_key_list({_quote(name)})"):
            groups.setdefault(row[0], []).append(row)
        out = []
        for rows in sorted(groups.values(), key=lambda g: [r[3].lower() for r in g]):
            rows.sort(key=lambda r: r[1])
            parent, columns = rows[0][2], [r[3] for r in rows]
            refs = [r[4] for r in rows if r[4] is not None]
            on_update, on_delete = rows[0][5].upper(), rows[0][6].upper()
            fk_name = f"{table.name.name}_{'_'.join(_fold(c) for c in columns)}_fkey"[:PG_MAX_IDENT]
            action = None if on_delete == "NO ACTION" else on_delete
            update = None if on_update == "NO ACTION" else on_update
            deferrable, deferred = text.deferred.get(tuple(c.lower() for c in columns), (False, False))
            constraint = Constraint("foreign", table.span, name=fk_name, columns=[_fold(c) for c in columns],
                                    ref_table=QName(None, _fold(parent)), ref_columns=[_fold(r) for r in refs],
                                    on_delete=action, on_update=update, deferrable=deferrable,
                                    initially_deferred=deferred)
            span = self.locate("foreign_key", f"{name}.{fk_name}", "") or table.span
            constraint.span = span
            fk = ForeignKey(QName(None, fk_name), span, table.source_text, table=table.name, constraint=constraint)
            if parent.lower() not in tables:
                fire(fk, "SQ001", fk.span, f"not converted: references {parent}, which is not a table of the "
                                           "database (SQLite accepts that)")
            elif not self.is_key(parent, refs):
                fire(fk, "SQ001", fk.span, f"not converted: {parent} ({', '.join(refs) or 'no primary key'}) is "
                                           "not a primary key or unique constraint of the table, which PostgreSQL "
                                           "requires (SQLite accepts the definition and reports 'foreign key "
                                           "mismatch' when the key is used)")
            else:
                fire(fk, "SQ027", fk.span, f"{table.name.name} ({', '.join(columns)}) references {parent}: SQLite "
                                           "checks foreign keys only on connections that set PRAGMA foreign_keys = "
                                           "ON (off by default), so existing rows may violate it; PostgreSQL "
                                           "always checks it, and checks every row when it is added")
            out.append(fk)
        return out

    def is_key(self, table: str, columns: list[str]) -> bool:
        """Whether `columns` (none: the primary key) are the primary key or a full unique index of `table`."""
        rows = self.query(f"PRAGMA table_xinfo({_quote(table)})")
        primary = [r[1] for r in sorted((r for r in rows if r[5]), key=lambda r: r[5])]
        wanted = {c.lower() for c in columns or primary}
        if not wanted:
            return False
        keys = [{c.lower() for c in primary}]
        for _seq, index, unique, _origin, partial in self.query(f"PRAGMA index_list({_quote(table)})"):
            if unique and not partial:
                keys.append({str(r[2]).lower() for r in self.query(f"PRAGMA index_info({_quote(index)})")})
        return wanted in keys

    # --- indexes, views, triggers --------------------------------------------------------------------------

    def index(self, name: str, table: str, sql: str) -> Index:
        span = self.locate("index", name, sql)
        index = Index(QName(None, _fold(name)), span, sql, table=QName(None, _fold(table)))
        try:
            tree = sqlite_ddl.parse_query(sql, span)
        except SqlParseError as e:
            fire(index, "SQ001", span, f"not converted: cannot parse it ({e.message})")
            return index
        node = tree.this if isinstance(tree, exp.Create) else None
        params = node.args.get("params") if isinstance(node, exp.Index) else None
        if params is None:
            fire(index, "SQ001", span, "not converted: cannot read the index's columns")
            return index
        index.unique = bool(tree.args.get("unique"))
        for part in params.args.get("columns") or []:
            key = part.this if isinstance(part, exp.Ordered) else part
            if isinstance(key, exp.Collate):
                fire(index, "SQ026", span, f"index {name}: COLLATE {key.expression.sql()} is dropped; PostgreSQL "
                                           "compares the key exactly" + (" (a unique index is stricter)"
                                                                         if index.unique else ""))
                key = key.this
            try:
                converted = sqlite_ddl.convert_tree(key, index, span)
            except sqlite_ddl.NotConverted as e:
                fire(index, "SQ001", span, f"not converted: {e.message}")
                return index
            descending = isinstance(part, exp.Ordered) and bool(part.args.get("desc"))
            index.columns.append(IndexColumn(converted, descending))
        where = params.args.get("where")
        if where is not None:
            try:
                index.partial = sqlite_ddl.convert_tree(where.this, index, span)     # type: ignore[attr-defined]
            except sqlite_ddl.NotConverted as e:
                fire(index, "SQ001", span, f"not converted: {e.message}")
        return index

    def view(self, name: str, sql: str) -> View:
        span = self.locate("view", name, sql)
        view = View(QName(None, _fold(name)), span, sql)
        try:
            tree = sqlite_ddl.parse_query(sql, span)
            query = tree.expression if isinstance(tree, exp.Create) else None
            if query is None:
                raise SqlParseError("not a CREATE VIEW sqlglot can read", span)
            if isinstance(tree.this, exp.Schema):
                view.columns = [_fold(c.name) for c in tree.this.expressions]
            view.query = sqlite_ddl.convert_tree(query, view, span)
        except SqlParseError as e:
            fire(view, "SQ001", span, f"not converted: cannot parse it ({e.message})")
        except sqlite_ddl.NotConverted as e:
            fire(view, "SQ001", span, f"not converted: {e.message}")
        return view

    def trigger(self, name: str, table: str, sql: str) -> CodeObject:
        span = self.locate("trigger", name, sql)
        trigger = CodeObject(QName(None, _fold(name)), span, sql, code_kind="trigger",
                             depends_on=[("relation", QName(None, _fold(table)))])
        fire(trigger, "SQ031", span, f"SQLite triggers are not converted: write {name} on {table} as a PL/pgSQL "
                                     f"trigger function and CREATE TRIGGER. Its SQLite text: {' '.join(sql.split())}")
        return trigger
