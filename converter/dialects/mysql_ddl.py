"""MySQL/MariaDB statements into IR: CREATE TABLE/INDEX/VIEW, ALTER TABLE, data statements, stored programs.

A hand-written parser over sqlglot's MySQL tokens (converter.dialects.tokens.TokenCursor), like oracle_ddl:
sqlglot's own CREATE TABLE parser stops at spatial types, prefix keys and several table options that real
mysqldump output has, and does not keep the type as written. Expressions (DEFAULT, CHECK, generated columns,
view queries, data statements) go to converter.dialects.mysql_sql.

Names are folded to lower case (mysql_sql.fold): MySQL column names are case-insensitive, and tables are folded
the same way so that the PostgreSQL schema is used without quotes; two tables whose names differ only in case
(possible with lower_case_table_names=0) then clash, and the second is reported (OR013).

What the parser produces besides IR objects (TableChange, CommentOn, Skipped) is the same as oracle_ddl's, so the
pipeline assembles both the same way. Stored programs (procedures, functions, triggers, events) are CodeObjects
with a MANUAL finding (MY012) here; converter.mysql_pipeline takes it back for those that
converter.emit.mysql_plpgsql converts (MY401-MY416).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import TokenType

from sct.converter.dialects import mysql_sql
from sct.converter.dialects.mysql_types import MySqlType, case_insensitive, map_mysql_type
from sct.converter.dialects.oracle_ddl import CommentOn, Skipped, TableChange
from sct.converter.dialects.tokens import DdlSyntaxError, TokenCursor, referential_actions
from sct.converter.findings import fire
from sct.converter.ir import (
    CodeObject,
    Column,
    Constraint,
    Effort,
    Identity,
    Index,
    IndexColumn,
    QName,
    SchemaObject,
    Span,
    Statement,
    Table,
    Unparsed,
    View,
)
from sct.converter.names import quote_ident

__all__ = ["MySqlColumn", "parse_statement"]

_TOKENIZER = mysql_sql._DIALECT.tokenizer_class()
Parsed = SchemaObject | TableChange | CommentOn | Skipped


@dataclass
class MySqlColumn:
    """What the converter keeps about a MySQL column besides the IR Column (on Table.source_columns)."""

    type: MySqlType
    on_update_now: bool = False
    check: str | None = None                    # the range/member CHECK its type needs, {col} for the name
    notes: list = field(default_factory=list)


def parse_statement(text: str, span: Span, kind: str = "sql") -> list[Parsed]:
    """Parse one MySQL statement of a script into IR objects and table changes."""
    tokens = _TOKENIZER.tokenize(text) if text.strip() else []
    if not tokens:
        return []
    cursor = TokenCursor(text, tokens, span)
    start = cursor.span_at(0)
    try:
        return _dispatch(cursor, text, start)
    except DdlSyntaxError as error:
        obj = Unparsed(name=_guess_name(cursor), span=start, source_text=text)
        fire(obj, "MY010", error.span, f"cannot parse this statement: {error.message}")
        return [obj]
    except Exception as error:  # sqlglot tokenizer/parser errors on odd input
        obj = Unparsed(name=_guess_name(cursor), span=start, source_text=text)
        fire(obj, "MY010", start, f"cannot parse this statement: {str(error).splitlines()[0][:300]}")
        return [obj]


def _guess_name(cursor: TokenCursor) -> QName:
    words = [cursor.word(k) or "?" for k in range(-cursor.i, -cursor.i + 4)]
    return QName(None, " ".join(w for w in words if w).lower()[:60] or "statement")


def qname(c: TokenCursor) -> QName:
    first, _ = c.name()
    if c.word() == "." and c.is_name(1):
        c.advance()
        second, _ = c.name()
        return QName(mysql_sql.fold(first), mysql_sql.fold(second))
    return QName(None, mysql_sql.fold(first))


def column_name(c: TokenCursor) -> str:
    return mysql_sql.fold(c.name()[0])


# --- dispatch ----------------------------------------------------------------------------------------------

_SKIPPED = ("SET", "USE", "LOCK", "UNLOCK", "DROP", "FLUSH", "START", "BEGIN", "SHOW", "ANALYZE", "OPTIMIZE",
            "CHECK", "REPAIR", "GRANT", "REVOKE", "RENAME", "TRUNCATE", "CALL", "DO", "HANDLER", "LOAD", "SAVEPOINT",
            "RELEASE", "XA", "PREPARE", "EXECUTE", "DEALLOCATE", "INSTALL", "UNINSTALL", "KILL", "RESET", "PURGE",
            "CHANGE", "STOP", "SOURCE", "DELIMITER", "CHARSET", "WARNINGS", "NOWARNING", "TEE", "NOTEE")
_PROGRAMS = ("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT", "AGGREGATE", "PACKAGE")
_DML = re.compile(r"\s*(INSERT|REPLACE|UPDATE|DELETE)\b", re.IGNORECASE)


def _dispatch(c: TokenCursor, text: str, start: Span) -> list[Parsed]:
    first = c.word()
    if first in ("INSERT", "REPLACE", "UPDATE", "DELETE"):
        return [_dml(text, c, start)]
    if first == "COMMIT":
        return [Statement(name=QName(None, "commit"), span=start, source_text=text, verb="commit")]
    if first == "SET" and _time_zone_setting(c) is not None:
        zone = _time_zone_setting(c)
        return [Statement(name=QName(None, "time_zone"), span=start, source_text=text, verb="set",
                          tree=exp.Command(this="SET", expression=exp.Literal.string(
                              f" TIME ZONE {zone}")))]
    if first in ("SELECT", "WITH") or first == "(":
        return [Skipped("SELECT", start, text)]
    if first in _SKIPPED:
        verb = f"{first} {c.word(1)}" if first in ("DROP", "LOCK", "UNLOCK", "START") and c.word(1).isalpha() else first
        return [Skipped(verb, start, text)]
    if c.accept("ALTER"):
        c.accept("ONLINE")
        c.accept("IGNORE")
        if c.accept("TABLE"):
            return _alter_table(c, text, start)
        return [Skipped(f"ALTER {c.word()}", start, text)]
    if c.accept("CREATE"):
        c.accept("OR", "REPLACE")
        view_options = _view_options(c)
        if c.at_any("TABLE", "TEMPORARY"):
            return _create_table(c, text, start)
        if c.at_any("UNIQUE", "FULLTEXT", "SPATIAL", "INDEX"):
            return [_create_index(c, text, start)]
        if c.accept("VIEW"):
            return [_create_view(c, text, start, view_options)]
        if c.at_any(*_PROGRAMS) or (c.at("DEFINER") or view_options):
            return [_program(c, text, start)]
        if c.at_any("DATABASE", "SCHEMA", "USER", "ROLE", "SERVER", "TABLESPACE", "LOGFILE"):
            return [Skipped(f"CREATE {c.word()}", start, text)]
        if c.at("SEQUENCE"):
            c.fail("CREATE SEQUENCE (MariaDB) is not converted yet")
    c.fail(f"statement {' '.join(w for w in (c.word(-c.i), c.word(-c.i + 1)) if w)} is not supported here")
    raise AssertionError


_TZ = re.compile(r"\s*SET\s+(?:SESSION\s+|@@SESSION\.|@@)?TIME_ZONE\s*=\s*'([^']*)'\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"([+-])(\d{1,2}):(\d{2})\Z")


def _time_zone_setting(c: TokenCursor) -> str | None:
    """SET TIME_ZONE='+00:00' (mysqldump writes it): the PostgreSQL SET TIME ZONE argument, else None."""
    match = _TZ.match(c.text)
    if match is None:
        return None
    zone = match.group(1)
    offset = _OFFSET.match(zone)
    if offset:          # an offset as an interval: a POSIX string '+05:00' would mean five hours WEST
        return f"INTERVAL '{offset.group(1)}{int(offset.group(2)):02d}:{offset.group(3)}' HOUR TO MINUTE"
    if zone.upper() == "SYSTEM":
        return None
    return "'" + zone.replace("'", "''") + "'"


def _view_options(c: TokenCursor) -> list[str]:
    """ALGORITHM=..., DEFINER=user@host, SQL SECURITY ... before VIEW (or before a stored program)."""
    found: list[str] = []
    while True:
        if c.at("ALGORITHM", "="):
            found.append(f"ALGORITHM={c.token(2).text}")
            c.i += 3
        elif c.at("DEFINER", "="):
            begin = c.i
            c.i += 3
            while c.word() in ("@",) or (c.token() is not None and c.token().token_type == TokenType.PARAMETER):
                c.i += 2
            if c.token() is not None and c.token().token_type == TokenType.VAR and c.token().text.startswith("@"):
                c.i += 1
            found.append(" ".join(c.source(begin, c.i - 1).split()))
        elif c.at("SQL", "SECURITY"):
            found.append(f"SQL SECURITY {c.token(2).text.upper()}")
            c.i += 3
        else:
            return found


def _program(c: TokenCursor, text: str, start: Span) -> CodeObject:
    while not c.done and not c.at_any(*_PROGRAMS):
        c.advance()
    kind = c.word().lower() if not c.done else "procedure"
    c.advance()
    if kind == "aggregate":
        c.accept("FUNCTION")
        kind = "function"
    c.accept("IF", "NOT", "EXISTS")
    name = qname(c) if c.is_name() else QName(None, kind)
    code = CodeObject(name=name, span=start, source_text=text, code_kind=kind)
    fire(code, "MY012", start)
    return code


# --- data statements ---------------------------------------------------------------------------------------

def _dml(text: str, c: TokenCursor, start: Span) -> Statement:
    verb = c.word().lower()
    body = text[c.tokens[0].start:]
    stmt = Statement(name=QName(None, verb), span=start, source_text=text, verb=verb)
    try:
        if verb == "replace":
            tree = mysql_sql.parse_sql("INSERT" + body[len("REPLACE"):], start)
            tree.set("sct_replace", True)
        else:
            tree = mysql_sql.parse_sql(body, start)
    except mysql_sql.SqlParseError as error:
        fire(stmt, "MY010", error.span, f"cannot parse this statement: {error.message}")
        return stmt
    stmt.tree = mysql_sql.convert_tree(tree, stmt, start, context="data", source=body)
    target = stmt.tree.this
    if isinstance(target, exp.Schema):
        target = target.this
    if isinstance(target, exp.Table) and isinstance(target.this, exp.Identifier):
        stmt.table = QName(target.db or None, target.name)
        stmt.name = stmt.table
    if verb == "replace":
        stmt.verb = "insert"
    return stmt


# --- types -------------------------------------------------------------------------------------------------

_TYPE_WORDS = {"DOUBLE": ("PRECISION",), "NATIONAL": ("CHAR", "CHARACTER", "VARCHAR"), "CHARACTER": ("VARYING",),
               "LONG": ("VARCHAR", "VARBINARY"), "CHAR": ("BYTE",)}


def data_type(c: TokenCursor) -> MySqlType:
    first = c.i
    words = [c.advance().text.upper()]
    while words[-1] in _TYPE_WORDS and c.word() in _TYPE_WORDS[words[-1]]:
        words.append(c.advance().text.upper())
    if words[0] == "NATIONAL" and c.at("VARYING"):
        words.append(c.advance().text.upper())
    args: tuple[str, ...] = ()
    if c.word() == "(":
        args = tuple(" ".join(c.source(a, b).split()) for a, b in c.split_group())
    dtype = MySqlType(name=" ".join(words), args=args)
    while True:
        if c.accept("UNSIGNED"):
            dtype.unsigned = True
        elif c.accept("SIGNED"):
            pass
        elif c.accept("ZEROFILL"):
            dtype.zerofill = True
        elif c.at("CHARACTER", "SET") or c.at("CHAR", "SET"):
            c.i += 2
            dtype.charset = c.advance().text
        elif c.at("CHARSET"):
            c.i += 1
            dtype.charset = c.advance().text
        elif c.accept("BINARY"):
            dtype.collation = dtype.collation or "binary"
        elif c.at("COLLATE"):
            c.i += 1
            dtype.collation = c.advance().text
        elif c.accept("ASCII") or c.accept("UNICODE") or c.accept("BYTE"):
            pass
        else:
            break
    dtype.source = " ".join(c.source(first, c.i - 1).split())
    return dtype


# --- CREATE TABLE ------------------------------------------------------------------------------------------

_COLUMN_WORDS = {"NOT", "NULL", "DEFAULT", "AUTO_INCREMENT", "UNIQUE", "PRIMARY", "KEY", "COMMENT", "COLLATE",
                 "REFERENCES", "CHECK", "ON", "GENERATED", "AS", "VIRTUAL", "STORED", "PERSISTENT", "INVISIBLE",
                 "VISIBLE", "COLUMN_FORMAT", "STORAGE", "CONSTRAINT", "SRID", "ENGINE_ATTRIBUTE",
                 "SECONDARY_ENGINE_ATTRIBUTE", "WITH", "WITHOUT"}


def _create_table(c: TokenCursor, text: str, start: Span) -> list[Parsed]:
    temporary = c.accept("TEMPORARY")
    c.expect("TABLE")
    c.accept("IF", "NOT", "EXISTS")
    table = Table(name=qname(c), span=start, source_text=text)
    table.mysql_columns = {}            # type: ignore[attr-defined]
    table.mysql_indexes = []            # type: ignore[attr-defined]
    if temporary:
        fire(table, "MY215", start, "CREATE TEMPORARY TABLE: a session's table, not part of a schema",
             effort=Effort.MANUAL)
        return [table]
    if c.accept("LIKE") or (c.word() == "(" and c.word(1) == "LIKE"):
        fire(table, "MY215", start, "CREATE TABLE ... LIKE is not converted")
        return [table]
    indexes: list[Index] = []
    if c.word() == "(":
        for first, last in c.split_group():
            _table_element(c.sub(first, last), table, indexes)
    _table_options(c, table)
    if c.at_any("AS", "SELECT", "IGNORE", "REPLACE"):
        fire(table, "MY215", start, "CREATE TABLE ... SELECT is not converted")
    _column_checks(table)
    _collation_finding(table, indexes)
    return [table, *indexes]


def _table_element(c: TokenCursor, table: Table, indexes: list[Index]) -> None:
    if c.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "KEY", "INDEX", "FULLTEXT", "SPATIAL"):
        _table_constraint(c, table, indexes)
        return
    if c.at("PERIOD", "FOR"):
        fire(table, "MY216", c.span_at(), "PERIOD FOR (application-time period) is not converted",
             effort=Effort.REVIEW)
        return
    table.columns.append(_column_definition(c, table))


def _column_definition(c: TokenCursor, table: Table) -> Column:
    span = c.span_at()
    name = column_name(c)
    dtype = data_type(c)
    mapped = map_mysql_type(dtype)
    column = Column(name=name, type=_ir_type(dtype, mapped.target), span=span)
    info = MySqlColumn(dtype, check=mapped.check, notes=mapped.notes)
    table.mysql_columns[name] = info    # type: ignore[attr-defined]
    for rule_id, message in mapped.notes:
        fire(table, rule_id, span, f"column {name}: {message}")
    while not c.done:
        if c.accept("NOT", "NULL"):
            column.not_null = True
        elif c.accept("NULL"):
            pass
        elif c.accept("DEFAULT"):
            begin = c.i
            if c.word() == "(":
                c.skip_group()
            else:
                c.advance()
                if c.word() == "(":         # CURRENT_TIMESTAMP(3), NOW()
                    c.skip_group()
            column.default = _default(c, begin, c.i - 1, table, dtype)
        elif c.accept("ON", "UPDATE"):
            c.advance()
            if c.word() == "(":
                c.skip_group()
            info.on_update_now = True
        elif c.accept("AUTO_INCREMENT"):
            column.identity = Identity(always=False)
            fire(table, "MY201", span, f"column {name}: AUTO_INCREMENT becomes GENERATED BY DEFAULT AS IDENTITY")
            if mapped.target == "numeric(20)":
                column.type.target = "bigint"
                fire(table, "MY101", span, f"column {name}: {dtype.source} AUTO_INCREMENT becomes a bigint "
                                           "identity: values above 9223372036854775807 do not fit",
                     effort=Effort.REVIEW)
        elif c.accept("PRIMARY", "KEY") or (c.at("KEY") and c.accept("KEY")):
            table.constraints.append(Constraint("primary", span, columns=[name]))
        elif c.accept("UNIQUE"):
            c.accept("KEY")
            table.constraints.append(Constraint("unique", span, columns=[name]))
        elif c.accept("COMMENT"):
            column.comment = c.literal_string()
            fire(table, "MY205", span, f"column {name}: COMMENT becomes COMMENT ON COLUMN")
        elif c.accept("COLLATE"):
            info.type.collation = c.advance().text
        elif c.at("GENERATED") or c.at("AS"):
            _generated(c, column, table)
        elif c.at_any("VIRTUAL", "STORED", "PERSISTENT", "VISIBLE", "INVISIBLE"):
            c.advance()
        elif c.at("CONSTRAINT") or c.at("CHECK"):
            cname = None
            if c.accept("CONSTRAINT"):
                cname = column_name(c) if c.is_name() and not c.at("CHECK") else None
            c.expect("CHECK")
            first, last = c.skip_group()
            tree = _expression(c, first, last, table, "check")
            table.constraints.append(Constraint("check", span, name=cname, check=tree))
        elif c.accept("REFERENCES"):
            constraint = Constraint("foreign", span, columns=[name])
            _references(c, constraint, table)
            fire(table, "MY217", span, f"column {name}: an inline REFERENCES is ignored by MySQL (InnoDB) and "
                                       "is not created", effort=Effort.REVIEW)
        elif c.at_any("COLUMN_FORMAT", "STORAGE", "SRID", "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE"):
            c.advance()
            c.accept("=")
            c.advance()
        else:
            c.fail(f"unexpected {c.token().text} in column {name}")
    if column.identity is not None and column.default is not None:
        column.default = None
    return column


def _ir_type(dtype: MySqlType, target: str | None):
    from sct.converter.ir import DataType

    return DataType(source=dtype.source, name=dtype.name, args=dtype.args, target=target)


def _default(c: TokenCursor, first: int, last: int, table: Table, dtype: MySqlType) -> exp.Expression | None:
    token = c.tokens[first]
    if first == last and token.token_type == TokenType.NULL:
        return None
    if dtype.name in ("BIT",) and token.token_type == TokenType.BIT_STRING:
        width = int(dtype.args[0]) if dtype.args else 1
        return exp.BitString(this=token.text.zfill(width))
    tree = _expression(c, first, last, table, "default")
    if tree is None:
        return None
    if (dtype.name in ("DATE", "DATETIME", "TIMESTAMP") and isinstance(tree, exp.Literal) and tree.is_string
            and _zero_date(tree.this)):
        fire(table, "MY121", c.span_at(first), f"DEFAULT '{tree.this}': a zero date has no PostgreSQL value; the "
                                                "default is dropped", effort=Effort.REVIEW)
        return None
    target = map_mysql_type(dtype).target or ""
    if (isinstance(tree, exp.Literal) and not tree.is_string and target.startswith(("varchar", "char", "text"))):
        return exp.Literal.string(tree.this)
    if isinstance(tree, exp.Literal) and tree.is_string and target in ("smallint", "integer", "bigint") \
            and re.fullmatch(r"-?\d+", tree.this):
        return exp.Literal.number(tree.this)
    return tree


_ZERO_DATE = re.compile(r"0000-\d\d-\d\d|\d{4}-00-\d\d|\d{4}-\d\d-00")


def _zero_date(value: str) -> bool:
    return bool(_ZERO_DATE.match(value.strip()))


def _generated(c: TokenCursor, column: Column, table: Table) -> None:
    if c.accept("GENERATED"):
        c.expect("ALWAYS")
    c.expect("AS")
    first, last = c.skip_group()
    column.generated = _expression(c, first, last, table, "generated")
    if c.accept("STORED") or c.accept("PERSISTENT"):
        fire(table, "MY203", column.span, f"column {column.name}: STORED generated column")
    else:
        c.accept("VIRTUAL")
        fire(table, "MY203", column.span, f"column {column.name}: VIRTUAL generated column becomes STORED "
                                          "(PostgreSQL 15 computes generated columns on write only)",
             effort=Effort.REVIEW)


def _expression(c: TokenCursor, first: int, last: int, owner: SchemaObject, context: str) -> exp.Expression:
    if first > last:
        c.fail("expected an expression")
    text = c.source(first, last)
    span = c.span_at(first)
    try:
        tree = mysql_sql.parse_expression(text, span)
    except mysql_sql.SqlParseError as error:
        raise DdlSyntaxError(f"cannot parse expression {text!r}: {error.message}", error.span) from None
    return mysql_sql.convert_tree(tree, owner, span, context=context, source=text)


def _key_parts(c: TokenCursor, table: Table) -> tuple[list[str], list[IndexColumn], bool]:
    """(col, col(10) DESC, (expr)): plain names, index columns, and whether any is a prefix or expression."""
    names: list[str] = []
    parts: list[IndexColumn] = []
    special = False
    for first, last in c.split_group():
        sub = c.sub(first, last)
        descending = False
        if sub.tokens and sub.tokens[-1].text.upper() in ("ASC", "DESC"):
            descending = sub.tokens[-1].text.upper() == "DESC"
            sub = c.sub(first, last - 1)
        if sub.word() == "(":                   # functional key part (MySQL 8.0.13)
            a, b = sub.skip_group()
            parts.append(IndexColumn(_expression(sub, a, b, table, "index"), descending))
            special = True
            names.append("")
            continue
        name = column_name(sub)
        column = exp.column(name)
        if sub.word() == "(":
            a, b = sub.skip_group()
            length = sub.source(a, b).strip()
            fire(table, "MY208", sub.span_at(0), f"prefix key part {name}({length}) becomes left({name}, {length})")
            column = exp.Anonymous(this="LEFT", expressions=[column, exp.Literal.number(length)])
            special = True
        names.append(name)
        parts.append(IndexColumn(column, descending))
    return names, parts, special


def _table_constraint(c: TokenCursor, table: Table, indexes: list[Index]) -> None:
    span = c.span_at()
    name = None
    if c.accept("CONSTRAINT"):
        if c.is_name() and not c.at_any("PRIMARY", "UNIQUE", "FOREIGN", "CHECK"):
            name = column_name(c)
    if c.accept("CHECK"):
        first, last = c.skip_group()
        table.constraints.append(Constraint("check", span, name=name, check=_expression(c, first, last, table,
                                                                                        "check")))
        return
    if c.accept("FOREIGN", "KEY"):
        if c.is_name() and c.word() != "(":
            name = name or column_name(c)
        constraint = Constraint("foreign", span, name=name, columns=_name_list(c))
        c.expect("REFERENCES")
        _references(c, constraint, table)
        table.constraints.append(constraint)
        return
    kind = "index"
    if c.accept("PRIMARY", "KEY"):
        kind = "primary"
    elif c.accept("UNIQUE"):
        kind = "unique"
        c.accept("KEY") or c.accept("INDEX")
    elif c.accept("FULLTEXT") or c.accept("SPATIAL"):
        kind = c.word(-1).lower()
        c.accept("KEY") or c.accept("INDEX")
    else:
        c.advance()                             # KEY | INDEX
    if c.is_name() and c.word() != "(" and not c.at("USING"):
        index_name = column_name(c)
        name = name or index_name
    if c.accept("USING"):
        c.advance()
    names, parts, special = _key_parts(c, table)
    while not c.done:                           # USING BTREE, COMMENT '...', KEY_BLOCK_SIZE=n, VISIBLE
        c.advance()
    if kind in ("primary", "unique") and not special:
        table.constraints.append(Constraint(kind, span, name=None if kind == "primary" else name, columns=names))
        return
    index = Index(name=QName(table.name.schema, name or f"{table.name.name}_{names[0] or 'expr'}_idx"), span=span,
                  source_text=c.source(0, len(c.tokens) - 1), table=table.name, columns=parts,
                  unique=kind in ("primary", "unique"))
    if kind == "primary":
        fire(index, "MY208", span, "a PRIMARY KEY on a prefix becomes a unique index (no primary key)",
             effort=Effort.REVIEW)
    if kind == "fulltext":
        fire(index, "MY206", span, f"FULLTEXT index on {', '.join(names)}: create a GIN index on "
                                   f"to_tsvector(...) and rewrite MATCH ... AGAINST as @@ queries")
    elif kind == "spatial":
        fire(index, "MY206", span, "SPATIAL index: needs PostGIS (a GiST index on a geometry column)")
    indexes.append(index)


def _name_list(c: TokenCursor) -> list[str]:
    return [column_name(c.sub(a, b)) for a, b in c.split_group()]



def _references(c: TokenCursor, constraint: Constraint, table: Table) -> None:
    constraint.ref_table = qname(c)
    if c.word() == "(":
        constraint.ref_columns = _name_list(c)
    referential_actions(c, constraint, lambda c: c.accept("MATCH") and c.advance() is not None)


_IGNORED_OPTIONS = {"DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "ROW_FORMAT", "STATS_PERSISTENT",
                    "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES", "KEY_BLOCK_SIZE", "AVG_ROW_LENGTH", "CHECKSUM",
                    "DELAY_KEY_WRITE", "MAX_ROWS", "MIN_ROWS", "PACK_KEYS", "COMPRESSION", "ENCRYPTION",
                    "INSERT_METHOD", "TABLESPACE", "DATA", "INDEX", "CONNECTION", "PASSWORD", "UNION",
                    "PAGE_CHECKSUM", "TRANSACTIONAL", "ENCRYPTED", "ENCRYPTION_KEY_ID", "SECONDARY_ENGINE",
                    "START", "AUTOEXTEND_SIZE", "ENGINE_ATTRIBUTE", "PAGE_COMPRESSED", "IETF_QUOTES",
                    "WITH", "SYSTEM", "VERSIONING", "STORAGE"}


def _table_options(c: TokenCursor, table: Table) -> None:
    dropped: list[str] = []
    while not c.done and not c.at_any("AS", "SELECT", "IGNORE", "REPLACE"):
        if c.word() == ",":
            c.advance()
            continue
        if c.accept("ENGINE") or c.accept("TYPE"):
            c.accept("=")
            engine = c.advance().text
            dropped.append(f"ENGINE={engine}")
            if engine.upper() not in ("INNODB", "ARIA"):
                fire(table, "MY204", table.span, f"ENGINE={engine}: MySQL does not enforce foreign keys or "
                                                 "transactions on it the way PostgreSQL will", effort=Effort.REVIEW)
            continue
        if c.accept("AUTO_INCREMENT"):
            c.accept("=")
            start = c.advance().text
            identity = next((col.identity for col in table.columns if col.identity is not None), None)
            if identity is not None and start != "1":
                identity.options["start"] = start
                fire(table, "MY201", table.span, f"AUTO_INCREMENT={start} becomes the identity's START WITH {start}")
            continue
        if c.accept("COMMENT"):
            c.accept("=")
            table.comment = c.literal_string()
            fire(table, "MY205", table.span, "table COMMENT becomes COMMENT ON TABLE")
            continue
        if c.at("PARTITION", "BY"):
            fire(table, "MY210", c.span_at(), "PARTITION BY is dropped: the table is created unpartitioned")
            c.i = len(c.tokens)
            break
        if c.word() in _IGNORED_OPTIONS:
            begin = c.i
            c.advance()
            while c.at_any("CHARACTER", "SET", "CHARSET", "COLLATE", "DIRECTORY", "VERSIONING"):
                c.advance()
            c.accept("=")
            if c.word() == "(":
                c.skip_group()
            elif not c.done:
                c.advance()
            dropped.append(" ".join(c.source(begin, c.i - 1).split()))
            continue
        c.fail(f"unexpected table option {c.token().text}")
    if dropped:
        fire(table, "MY204", table.span, "table options dropped: " + ", ".join(dropped))


def _column_checks(table: Table) -> None:
    """The CHECKs that keep MySQL's range for widened integers, ENUM members and SET members."""
    for column in table.columns:
        info = table.mysql_columns.get(column.name)    # type: ignore[attr-defined]
        if info is None or info.check is None:
            continue
        condition = info.check.replace("{col}", quote_ident(column.name))
        tree = mysql_sql.parse_expression_pg(condition)
        table.constraints.append(Constraint("check", column.span, check=tree))


def _collation_finding(table: Table, indexes: list[Index]) -> None:
    text_columns = [c.name for c in table.columns if (c.type.target or "").startswith(("varchar", "char", "text"))
                    and case_insensitive(table.mysql_columns[c.name].type.collation)]  # type: ignore[attr-defined]
    if not text_columns:
        return
    keyed = sorted({name for k in table.constraints if k.kind in ("primary", "unique") for name in k.columns
                    if name in text_columns})
    if keyed:
        fire(table, "MY212", table.span, f"{', '.join(keyed)}: MySQL compares these keys case-insensitively ('a' "
                                         "and 'A' collide); PostgreSQL accepts both", effort=Effort.REVIEW)
    else:
        fire(table, "MY212", table.span, f"{', '.join(text_columns)}: MySQL compares text case-insensitively "
                                         "(default collation); PostgreSQL compares case-sensitively")


# --- CREATE INDEX, ALTER TABLE -----------------------------------------------------------------------------

def _create_index(c: TokenCursor, text: str, start: Span) -> Index:
    kind = "index"
    if c.accept("UNIQUE"):
        kind = "unique"
    elif c.accept("FULLTEXT") or c.accept("SPATIAL"):
        kind = c.word(-1).lower()
    c.expect("INDEX")
    c.accept("IF", "NOT", "EXISTS")
    name = column_name(c)
    if c.accept("USING"):
        c.advance()
    c.expect("ON")
    table_name = qname(c)
    probe = Table(name=table_name, span=start)
    names, parts, _special = _key_parts(c, probe)
    index = Index(name=QName(table_name.schema, name), span=start, source_text=text, table=table_name,
                  columns=parts, unique=kind == "unique")
    index.findings.extend(probe.findings)
    if kind == "fulltext":
        fire(index, "MY206", start, f"FULLTEXT index on {', '.join(names)}: create a GIN index on to_tsvector(...) "
                                    "and rewrite MATCH ... AGAINST as @@ queries")
    elif kind == "spatial":
        fire(index, "MY206", start, "SPATIAL index: needs PostGIS (a GiST index on a geometry column)")
    return index


def _alter_table(c: TokenCursor, text: str, start: Span) -> list[Parsed]:
    table = qname(c)
    change = TableChange(table=table, span=start, source_text=text)
    out: list[Parsed] = [change]
    holder = Table(name=table, span=start)
    holder.mysql_columns = {}           # type: ignore[attr-defined]
    indexes: list[Index] = []
    items = _split_top(c)
    for sub in items:
        if sub.at_any("DISABLE", "ENABLE") and sub.at_any("DISABLE", "ENABLE") and sub.word(1) == "KEYS":
            continue                            # mysqldump's bulk-load switch: nothing to carry
        if sub.accept("ADD"):
            if sub.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "KEY", "INDEX", "FULLTEXT",
                          "SPATIAL"):
                _table_constraint(sub, holder, indexes)
                continue
            sub.accept("COLUMN")
            if sub.word() == "(":
                change.unsupported = "ADD (column list)"
                continue
            change.add_columns.append(_column_definition(sub, holder))
            continue
        if sub.accept("DROP") and not sub.at_any("PRIMARY", "INDEX", "KEY", "FOREIGN", "CONSTRAINT", "CHECK",
                                                 "PARTITION"):
            sub.accept("COLUMN")
            change.drop_columns.append(column_name(sub))
            continue
        sub.i = 0
        if sub.at("AUTO_INCREMENT") or sub.at("COMMENT"):
            _table_options(sub, holder)
            continue
        change.unsupported = " ".join(sub.source(0, len(sub.tokens) - 1).split())[:80]
    change.add_constraints.extend(holder.constraints)
    change.findings.extend(holder.findings)
    for index in indexes:
        index.source_text = text
        out.append(index)
    return out


def _split_top(c: TokenCursor) -> list[TokenCursor]:
    parts: list[TokenCursor] = []
    depth, begin = 0, c.i
    for j in range(c.i, len(c.tokens)):
        text = c.tokens[j].text if c.tokens[j].token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else ""
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "," and depth == 0:
            parts.append(c.sub(begin, j - 1))
            begin = j + 1
    if begin < len(c.tokens):
        parts.append(c.sub(begin, len(c.tokens) - 1))
    return parts


# --- CREATE VIEW -------------------------------------------------------------------------------------------

_CHECK_OPTION = re.compile(r"\s+WITH\s+(CASCADED\s+|LOCAL\s+)?CHECK\s+OPTION\s*\Z", re.IGNORECASE)

def _create_view(c: TokenCursor, text: str, start: Span, options: list[str]) -> View:
    c.accept("IF", "NOT", "EXISTS")
    view = View(name=qname(c), span=start, source_text=text)
    if c.word() == "(":
        view.columns = _name_list(c)
    c.expect("AS")
    first = c.i
    query_text = c.source(first, len(c.tokens) - 1)
    check = _CHECK_OPTION.search(query_text)
    if check is not None:
        view.check_option = True
        if (check.group(1) or "").strip().upper() == "LOCAL":
            fire(view, "MY211", start, "WITH LOCAL CHECK OPTION becomes WITH CASCADED CHECK OPTION",
                 effort=Effort.REVIEW)
        query_text = query_text[:check.start()]
    for option in options:
        effort = Effort.REVIEW if option == "SQL SECURITY INVOKER" else None
        message = (f"{option} is dropped" + (": a PostgreSQL 15 view reads tables with its owner's rights unless "
                                             "created WITH (security_invoker)" if effort else ""))
        fire(view, "MY211", start, message, effort=effort)
    try:
        tree = mysql_sql.parse_sql(query_text, c.span_at(first))
    except mysql_sql.SqlParseError as error:
        fire(view, "MY010", error.span, f"cannot parse the view's query: {error.message}")
        return view
    view.query = mysql_sql.convert_tree(tree, view, c.span_at(first), source=query_text)
    return view
