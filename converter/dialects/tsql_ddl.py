"""SQL Server (T-SQL) statements into IR: CREATE TABLE/INDEX/VIEW/TYPE/SEQUENCE/SYNONYM, ALTER TABLE, data
statements, batch-level statements, and routines (kept as source, marked MS012 until converter.tsql_pipeline
converts them).

A hand-written parser over sqlglot's T-SQL tokens (converter.dialects.tokens.TokenCursor), like mysql_ddl.
Expressions (DEFAULT, CHECK, computed columns, index filters) go to converter.dialects.tsql_sql at once, with the
table's column types; view queries and data statements are parsed here and converted by converter.tsql_pipeline,
which knows every table by then.

Names: [bracketed], "quoted" and plain identifiers are folded to lower case (tsql_sql.fold). SQL Server compares
names case-insensitively under its default collation, so `Customers`, [customers] and "CUSTOMERS" are one table;
folding makes them one PostgreSQL name, quoted by converter.names.quote_ident only where it needs quoting
("order details"). Schema dbo, SQL Server's default schema, becomes the target's default schema (no schema
written): unqualified names in the scripts mean dbo, so qualified and unqualified references stay one object.
Other schemas are kept (CREATE SCHEMA is written for them).

Besides IR objects the parser returns what converter.tsql_pipeline applies in script order: `Setting` (SET
ANSI_NULLS / QUOTED_IDENTIFIER / IDENTITY_INSERT), `ConstraintToggle` (ALTER TABLE ... [NO]CHECK CONSTRAINT),
`AliasType` (CREATE TYPE ... FROM, sp_addtype), and oracle_ddl's TableChange, CommentOn and Skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import TokenType

from sct.converter.dialects import tsql_sql
from sct.converter.dialects.oracle_ddl import CommentOn, Skipped, TableChange
from sct.converter.dialects.tokens import DdlSyntaxError, TokenCursor, referential_actions
from sct.converter.dialects.tsql_types import TsqlType, map_tsql_type
from sct.converter.findings import fire
from sct.converter.ir import (
    CodeObject,
    Column,
    Constraint,
    DataType,
    Effort,
    Identity,
    Index,
    IndexColumn,
    QName,
    SchemaObject,
    Sequence,
    Span,
    Statement,
    Synonym,
    Table,
    Unparsed,
    View,
)
from sct.converter.names import quote_ident

__all__ = ["AliasType", "ConstraintToggle", "Setting", "parse_statement"]

_TOKENIZER = tsql_sql.DIALECT.tokenizer_class()


@dataclass
class Setting:
    """SET ANSI_NULLS | QUOTED_IDENTIFIER | IDENTITY_INSERT t: applies to the statements after it."""

    option: str                 # ANSI_NULLS | QUOTED_IDENTIFIER | IDENTITY_INSERT
    on: bool
    span: Span
    source_text: str
    table: QName | None = None


@dataclass
class ConstraintToggle:
    """ALTER TABLE t [WITH CHECK] CHECK | NOCHECK CONSTRAINT name | ALL."""

    table: QName
    names: list[str] | None      # None: ALL
    enable: bool
    validate: bool               # WITH CHECK CHECK CONSTRAINT: existing rows are checked
    span: Span
    source_text: str


@dataclass
class AliasType:
    """CREATE TYPE name FROM base [NOT NULL] | sp_addtype: a name for a base type, inlined into columns."""

    name: str
    base: TsqlType
    span: Span
    source_text: str


@dataclass
class Context:
    """What the parser knows from earlier statements: alias types by name."""

    aliases: dict[str, AliasType] = field(default_factory=dict)


def parse_statement(text: str, span: Span, context: Context | None = None) -> list:
    """Parse one T-SQL statement of a script into IR objects and script-order items."""
    context = context or Context()
    try:
        tokens = _TOKENIZER.tokenize(text) if text.strip() else []
    except Exception as error:  # noqa: BLE001 - sqlglot tokenizer errors on odd input
        obj = Unparsed(name=QName(None, "statement"), span=span, source_text=text)
        fire(obj, "MS010", span, f"cannot read this statement: {str(error).splitlines()[0][:200]}")
        return [obj]
    if not tokens:
        return []
    cursor = TokenCursor(text, tokens, span)
    start = cursor.span_at(0)
    try:
        return _dispatch(cursor, text, start, context)
    except DdlSyntaxError as error:
        obj = Unparsed(name=_guess_name(cursor), span=start, source_text=text)
        fire(obj, "MS010", error.span, f"cannot parse this statement: {error.message}")
        return [obj]
    except Exception as error:  # noqa: BLE001 - sqlglot parser errors on odd input
        obj = Unparsed(name=_guess_name(cursor), span=start, source_text=text)
        fire(obj, "MS010", start, f"cannot parse this statement: {str(error).splitlines()[0][:300]}")
        return [obj]


def _guess_name(cursor: TokenCursor) -> QName:
    words = [cursor.tokens[k].text for k in range(min(4, len(cursor.tokens)))]
    return QName(None, " ".join(words).lower()[:60] or "statement")


def qname(c: TokenCursor) -> QName:
    """[server.][db.][schema.]name: the last two parts; dbo becomes no schema (see the module docstring)."""
    parts = [c.name()[0]]
    while c.word() == "." and (c.is_name(1) or c.word(1) == "."):
        c.advance()
        if c.word() == ".":             # db..name: the default schema
            parts.append("dbo")
            continue
        parts.append(c.name()[0])
    name = tsql_sql.fold(parts[-1])
    schema = tsql_sql.fold(parts[-2]) if len(parts) > 1 else None
    return QName(None if schema in (None, "dbo") else schema, name)


def column_name(c: TokenCursor) -> str:
    return tsql_sql.fold(c.name()[0])


# --- dispatch ----------------------------------------------------------------------------------------------

_NOT_CARRIED = ("PRINT", "RAISERROR", "DECLARE", "CHECKPOINT", "DBCC", "GRANT", "REVOKE", "DENY", "TRUNCATE",
                "WAITFOR", "RECONFIGURE", "BACKUP", "RESTORE", "KILL", "SHUTDOWN", "OPEN", "CLOSE", "FETCH",
                "DEALLOCATE", "RETURN", "THROW", "GOTO", "BREAK", "CONTINUE", "WHILE", "SAVE", "ENABLE",
                "DISABLE", "READTEXT", "WRITETEXT", "UPDATETEXT", "SELECT", "WITH", "BEGIN", "COMMIT",
                "ROLLBACK", "DROP")
_SESSION = {"ANSI_NULLS", "QUOTED_IDENTIFIER"}


def _dispatch(c: TokenCursor, text: str, start: Span, context: Context) -> list:
    first = c.word()
    if first in ("INSERT", "UPDATE", "DELETE", "MERGE") and not c.at("UPDATE", "STATISTICS"):
        return [_dml(c, text, start)]
    if first == "SET":
        return _set(c, text, start)
    if first == "USE":
        return [Skipped("USE", start, text)]
    if first == "IF":
        return [_if(c, text, start)]
    if first in ("EXEC", "EXECUTE"):
        return _exec(c, text, start, context)
    if first == "BULK":
        stmt = Statement(name=QName(None, "bulk insert"), span=start, source_text=text, verb="bulk")
        fire(stmt, "MS321", start, "BULK INSERT reads a file on the SQL Server host: load it with COPY ... FROM "
                                   "(psql \\copy) instead", Effort.MANUAL)
        return [stmt]
    if first == "BEGIN" and c.word(1) in ("TRAN", "TRANSACTION", "DISTRIBUTED"):
        return [Skipped("BEGIN TRANSACTION", start, text)]
    if first == "UPDATE":
        return [Skipped("UPDATE STATISTICS", start, text)]
    if first in _NOT_CARRIED:
        verb = f"{first} {c.word(1)}" if first in ("DROP", "BEGIN") and c.word(1).isalpha() else first
        return [Skipped(verb, start, text)]
    if c.accept("ALTER"):
        if c.accept("TABLE"):
            return _alter_table(c, text, start, context)
        if c.at_any("PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "VIEW"):
            return [_program(c, text, start)]
        return [Skipped(f"ALTER {c.word()}", start, text)]
    if c.accept("CREATE"):
        c.accept("OR", "ALTER")
        if c.accept("TABLE"):
            return _create_table(c, text, start, context)
        if c.at_any("UNIQUE", "CLUSTERED", "NONCLUSTERED", "INDEX"):
            return [_create_index(c, text, start)]
        if c.accept("VIEW"):
            return [_create_view(c, text, start)]
        if c.at_any("PROCEDURE", "PROC", "FUNCTION", "TRIGGER"):
            return [_program(c, text, start)]
        if c.accept("TYPE"):
            return _create_type(c, text, start, context)
        if c.accept("SEQUENCE"):
            return [_create_sequence(c, text, start)]
        if c.accept("SYNONYM"):
            return [_create_synonym(c, text, start)]
        if c.at_any("SCHEMA", "DATABASE", "LOGIN", "USER", "ROLE", "STATISTICS", "FULLTEXT", "ASSEMBLY",
                    "CERTIFICATE", "PARTITION", "XML", "MESSAGE", "QUEUE", "SERVICE", "CONTRACT", "ROUTE",
                    "ENDPOINT", "EVENT", "DEFAULT", "RULE", "AGGREGATE", "SPATIAL", "COLUMNSTORE"):
            verb = f"CREATE {c.word()}"
            if c.at_any("DEFAULT", "RULE"):
                stmt = Unparsed(name=QName(None, c.word(1).lower() or "default"), span=start, source_text=text)
                fire(stmt, "MS212", start, f"{verb} (a bound default or rule, deprecated) is not converted: write "
                                           "it as the column's DEFAULT or CHECK", Effort.MANUAL)
                return [stmt]
            if c.at_any("SPATIAL", "COLUMNSTORE", "XML", "FULLTEXT") or c.at("PARTITION"):
                stmt = Unparsed(name=QName(None, verb.lower()), span=start, source_text=text)
                fire(stmt, "MS212", start, f"{verb} is not converted", Effort.MANUAL)
                return [stmt]
            return [Skipped(verb, start, text)]
    c.fail(f"statement {' '.join(t.text for t in c.tokens[:2])} is not supported here")
    raise AssertionError


def _set(c: TokenCursor, text: str, start: Span) -> list:
    c.expect("SET")
    option = c.word()
    if option in _SESSION:
        c.advance()
        on = c.word() == "ON"
        return [Setting(option, on, start, text)]
    if option == "IDENTITY_INSERT":
        c.advance()
        table = qname(c)
        return [Setting("IDENTITY_INSERT", c.word() == "ON", start, text, table)]
    return [Skipped(f"SET {option}", start, text)]


# `IF [NOT] EXISTS (SELECT ... FROM sysobjects/sys.objects/INFORMATION_SCHEMA... ) DROP ...` and
# `IF OBJECT_ID(...) IS NOT NULL DROP ...`: existence guards before a CREATE, which the target does not need.
_GUARD = re.compile(r"\s*IF\s+(?:NOT\s+)?(?:EXISTS\s*\(\s*SELECT\b.*?\bFROM\s+[\w\[\]\".]*(?:sysobjects|sys\s*\.\s*\w+|"
                    r"information_schema\s*\.\s*\w+|sysindexes|systypes|sysdatabases)\b.*\)|OBJECT_ID\s*\(.*?\)\s*IS"
                    r"\s+(?:NOT\s+)?NULL|TYPE_ID\s*\(.*?\)\s*IS\s+(?:NOT\s+)?NULL)\s*(?:BEGIN\s+)?DROP\s+"
                    r"(?:TABLE|VIEW|PROCEDURE|PROC|FUNCTION|TRIGGER|INDEX|TYPE|SYNONYM|SEQUENCE|DEFAULT|RULE|"
                    r"DATABASE|SCHEMA)\b", re.IGNORECASE | re.DOTALL)


def _if(c: TokenCursor, text: str, start: Span) -> SchemaObject | Skipped:
    if _GUARD.match(text) and " ELSE " not in f" {text.upper()} ":
        return Skipped("IF EXISTS ... DROP (an existence guard)", start, text)
    return Skipped("IF", start, text)


# System procedures whose call a schema conversion reads: sp_addextendedproperty (comments), sp_addtype.
def _exec(c: TokenCursor, text: str, start: Span, context: Context) -> list:
    c.advance()
    if c.at("@") and c.word(2) == "=":              # EXEC @result = proc ...
        c.i += 3
    target = c.source(c.i, c.i)
    if c.done:
        return [Skipped("EXEC", start, text)]
    proc = qname(c)
    name = proc.name
    args = _exec_args(c)
    if name == "sp_addextendedproperty":
        return [_extended_property(args, text, start)]
    if name == "sp_addtype":
        values = [a for _, a in args]
        if len(values) >= 2:
            base = _type_from_text(values[1])
            base.not_null = len(values) > 2 and values[2].strip().upper() == "NOT NULL"
            alias = AliasType(tsql_sql.fold(values[0]), base, start, text)
            context.aliases[alias.name] = alias
            return [alias]
    stmt = Unparsed(name=QName(None, f"exec {name}"), span=start, source_text=text)
    what = "a system procedure" if name.startswith(("sp_", "xp_")) else "a procedure"
    fire(stmt, "MS006", start, f"EXEC {target} ({what}) is not run by the converted scripts: check what it did "
                               "on SQL Server", Effort.REVIEW)
    return [stmt]


def _exec_args(c: TokenCursor) -> list[tuple[str | None, str]]:
    """EXEC arguments: (@name or None, value text with string quotes removed)."""
    out: list[tuple[str | None, str]] = []
    while not c.done:
        label = None
        if c.word() == "@" and c.word(2) == "=":          # @name = value (the tokenizer splits @ from the name)
            label = "@" + c.token(1).text.lower()
            c.i += 3
        out.append((label, c.advance().text))
        if c.word() == ",":
            c.advance()
    return out


def _extended_property(args: list[tuple[str | None, str]], text: str, start: Span) -> object:
    """sp_addextendedproperty 'MS_Description', 'text', 'SCHEMA', 'dbo', 'TABLE', 't'[, 'COLUMN', 'c']."""
    names = ("@name", "@value", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type",
             "@level2name")
    values: dict[str, str] = {}
    for n, (label, value) in enumerate(args):
        values[label or (names[n] if n < len(names) else f"@{n}")] = value
    kinds = {values.get("@level1type", "").upper(), values.get("@level2type", "").upper()}
    if values.get("@name", "").upper() != "MS_DESCRIPTION" or not kinds & {"TABLE", "VIEW"}:
        return Skipped("EXEC sp_addextendedproperty (not MS_Description)", start, text)
    schema = tsql_sql.fold(values.get("@level0name", "dbo"))
    target = QName(None if schema == "dbo" else schema, tsql_sql.fold(values.get("@level1name", "")))
    column = tsql_sql.fold(values["@level2name"]) if values.get("@level2type", "").upper() == "COLUMN" else None
    kind = values.get("@level1type", "TABLE").lower()
    return CommentOn(kind, target, column, values.get("@value", ""), start, text)


# --- routines ----------------------------------------------------------------------------------------------

def _program(c: TokenCursor, text: str, start: Span) -> CodeObject:
    kind = c.advance().text.lower()
    kind = {"proc": "procedure"}.get(kind, kind)
    name = qname(c) if c.is_name() else QName(None, kind)
    code = CodeObject(name=name, span=start, source_text=text, code_kind=kind)
    fire(code, "MS012", start, f"{kind} {name}: not converted", Effort.MANUAL)   # until converter.tsql_pipeline does
    return code


# --- data statements ---------------------------------------------------------------------------------------

def _dml(c: TokenCursor, text: str, start: Span) -> Statement:
    verb = c.word().lower()
    body = text[c.tokens[0].start:]
    stmt = Statement(name=QName(None, verb), span=start, source_text=text, verb=verb)
    if verb == "insert" and not c.at("INSERT", "INTO"):          # INSERT t VALUES: INTO is optional in T-SQL
        body = "INSERT INTO" + body[len("INSERT"):]
    try:
        stmt.tree = tsql_sql.parse_sql(body, start)
    except tsql_sql.SqlParseError as error:
        fire(stmt, "MS010", error.span, f"cannot parse this statement: {error.message}")
        return stmt
    target = stmt.tree.this
    if isinstance(target, exp.Schema):
        target = target.this
    if isinstance(target, exp.Table) and isinstance(target.this, exp.Identifier):
        schema = tsql_sql.fold(target.db) if target.db else None
        stmt.table = QName(None if schema == "dbo" else schema, tsql_sql.fold(target.name))
        stmt.name = stmt.table
    stmt.tsql_raw = True            # type: ignore[attr-defined]  # converted by converter.tsql_pipeline
    return stmt


# --- types -------------------------------------------------------------------------------------------------

_TYPE_WORDS = {"DOUBLE": ("PRECISION",), "NATIONAL": ("CHAR", "CHARACTER"), "CHARACTER": ("VARYING",),
               "CHAR": ("VARYING",)}


def data_type(c: TokenCursor) -> TsqlType:
    first = c.i
    base = c.name()[0].upper()
    if c.word() == "." and c.is_name(1):        # sys.varchar, dbo.alias
        c.advance()
        base = c.name()[0].upper()
    words = [base]
    while words[-1] in _TYPE_WORDS and c.word() in _TYPE_WORDS[words[-1]]:
        words.append(c.advance().text.upper())
    args: tuple[str, ...] = ()
    if c.word() == "(":
        args = tuple(" ".join(c.source(a, b).split()) for a, b in c.split_group())
    dtype = TsqlType(" ".join(words), args)
    dtype.source = " ".join(c.source(first, c.i - 1).split())
    return dtype


def _type_from_text(text: str) -> TsqlType:
    match = re.match(r"\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\((.*)\))?\s*$", text)
    if match is None:
        return TsqlType(text.upper(), (), text)
    args = tuple(a.strip() for a in match.group(2).split(",")) if match.group(2) else ()
    return TsqlType(match.group(1).upper(), args, text.strip())


def _resolve(dtype: TsqlType, context: Context) -> TsqlType:
    alias = context.aliases.get(dtype.name.lower())
    if alias is None or dtype.args:
        return dtype
    return TsqlType(alias.base.name, alias.base.args, alias.base.source, not_null=alias.base.not_null)


def _ir_type(dtype: TsqlType, target: str | None) -> DataType:
    return DataType(source=dtype.source, name=dtype.name, args=dtype.args, target=target)


# --- CREATE TABLE ------------------------------------------------------------------------------------------

def _create_table(c: TokenCursor, text: str, start: Span, context: Context) -> list:
    temporary = c.word() == "#"
    while c.word() == "#":
        c.advance()
    name = qname(c)
    table = Table(name=name, span=start, source_text=text)
    table.tsql_checks = []          # type: ignore[attr-defined]  # CHECKs that types need, added after columns
    if temporary:
        fire(table, "MS212", start, "a #temporary table belongs to a session, not to a schema", Effort.MANUAL)
        return [table]
    indexes: list[Index] = []
    if c.word() != "(":
        c.fail("expected the column list")
    for first, last in c.split_group():
        _table_element(c.sub(first, last), table, indexes, context)
    _table_options(c, table)
    for column_name_, condition in table.tsql_checks:        # type: ignore[attr-defined]
        tree = tsql_sql.parse_one_pg(condition.replace("{col}", quote_ident(column_name_)))
        table.constraints.append(Constraint("check", table.span, check=tree))
    return [table, *indexes]


def _table_options(c: TokenCursor, table: Table) -> None:
    dropped = []
    while not c.done:
        begin = c.i
        if c.accept("ON") or c.accept("TEXTIMAGE_ON") or c.accept("FILESTREAM_ON"):
            if c.word() == "(":
                c.skip_group()
            else:
                c.advance()
                if c.word() == "(":
                    c.skip_group()
        elif c.accept("WITH"):
            if c.word() == "(":
                c.skip_group()
        elif c.word() == ";":
            c.advance()
            continue
        else:
            c.fail(f"unexpected {c.token().text} after the column list")
        dropped.append(" ".join(c.source(begin, c.i - 1).split()))
    if dropped:
        fire(table, "MS210", table.span, "storage options dropped: " + ", ".join(dropped))


def _table_element(c: TokenCursor, table: Table, indexes: list[Index], context: Context) -> None:
    if c.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "INDEX"):
        _table_constraint(c, table, indexes)
        return
    if c.at("PERIOD", "FOR"):
        fire(table, "MS212", c.span_at(), "PERIOD FOR SYSTEM_TIME (a temporal table) is not converted",
             Effort.MANUAL)
        return
    table.columns.append(_column_definition(c, table, context))


def _column_definition(c: TokenCursor, table: Table, context: Context) -> Column:
    span = c.span_at()
    name = column_name(c)
    if c.accept("AS"):                                  # computed column
        begin = c.i
        while not c.done and not c.at_any("PERSISTED", "CONSTRAINT", "PRIMARY", "UNIQUE", "NOT", "NULL", "CHECK"):
            if c.word() == "(":
                c.skip_group()
            else:
                c.advance()
        column = Column(name=name, type=DataType(source="", name="COMPUTED", target=None), span=span)
        tree = _expression(c, begin, c.i - 1, table, "computed")
        while isinstance(tree, exp.Paren):
            tree = tree.this
        column.generated = tree
        persisted = c.accept("PERSISTED")
        kind = _computed_type(tree, table)
        if kind is None:
            fire(table, "MS203", span, f"column {name}: the type of the computed expression is not known; the "
                                       "table is left out", Effort.MANUAL)
        column.type = DataType(source="computed", name="COMPUTED", target=kind)
        fire(table, "MS203", span, f"column {name}: computed column becomes GENERATED ALWAYS AS (...) STORED"
             + ("" if persisted else " (SQL Server computes a non-persisted one on read: the value is the same "
                                     "while the expression is deterministic)"),
             None if persisted else Effort.REVIEW)
        _column_constraints(c, column, table, name, span, None)
        return column
    dtype = _resolve(data_type(c), context)
    mapped = map_tsql_type(dtype)
    column = Column(name=name, type=_ir_type(dtype, mapped.target), span=span)
    column.not_null = dtype.not_null
    for rule_id, message in mapped.notes:
        fire(table, rule_id, span, f"column {name}: {message}")
    if mapped.check:
        table.tsql_checks.append((name, mapped.check))      # type: ignore[attr-defined]
    _column_constraints(c, column, table, name, span, dtype)
    if column.identity is not None:
        column.default = None
    return column


def _computed_type(tree: exp.Expression, table: Table) -> str | None:
    columns = {col.name: col.type.target for col in table.columns if col.type.target}
    ctx = tsql_sql.Context(table, table.span, columns=columns)
    kind = tsql_sql._type_of(tree, ctx)
    if kind == "text":
        return "text"
    if kind == "numeric":
        return "numeric"
    return kind


def _column_constraints(c: TokenCursor, column: Column, table: Table, name: str, span: Span,
                        dtype: TsqlType | None) -> None:
    while not c.done:
        cname = None
        if c.accept("CONSTRAINT"):
            cname = column_name(c)
        if c.accept("NOT", "NULL"):
            column.not_null = True
        elif c.accept("NULL"):
            column.not_null = False
        elif c.accept("IDENTITY"):
            identity = Identity(always=True)
            if c.word() == "(":
                items = c.split_group()
                values = [" ".join(c.source(a, b).split()) for a, b in items]
                if values and values[0] != "1":
                    identity.options["start"] = values[0]
                if len(values) > 1 and values[1] != "1":
                    identity.options["increment"] = values[1]
            column.identity = identity
            fire(table, "MS201", span, f"column {name}: IDENTITY becomes GENERATED ALWAYS AS IDENTITY (explicit "
                                       "values need SET IDENTITY_INSERT, as in SQL Server)")
            c.accept("NOT", "FOR", "REPLICATION")
        elif c.accept("DEFAULT"):
            begin = c.i
            if c.word() == "(":
                c.skip_group()
            else:
                c.advance()
                if c.word() == "(":
                    c.skip_group()
            column.default = _expression(c, begin, c.i - 1, table, "default", column)
            if c.accept("WITH", "VALUES"):
                pass
        elif c.at_any("PRIMARY", "UNIQUE"):
            kind = "primary" if c.accept("PRIMARY", "KEY") else "unique"
            if kind == "unique":
                c.advance()
            _clustered(c, table, span)
            table.constraints.append(Constraint(kind, span, name=cname, columns=[name]))
            _index_options(c, table)
        elif c.accept("CHECK"):
            c.accept("NOT", "FOR", "REPLICATION")
            first, last = c.skip_group()
            table.constraints.append(Constraint("check", span, name=cname,
                                                check=_expression(c, first, last, table, "check")))
        elif c.accept("FOREIGN", "KEY") or c.at("REFERENCES"):
            c.expect("REFERENCES")
            constraint = Constraint("foreign", span, name=cname, columns=[name])
            _references(c, constraint)
            table.constraints.append(constraint)
        elif c.accept("COLLATE"):
            collation = c.advance().text
            fire(table, "MS110", span, f"column {name}: COLLATE {collation} is dropped: the column compares with "
                                       "the database's collation", Effort.REVIEW)
        elif c.at_any("ROWGUIDCOL", "SPARSE", "FILESTREAM", "HIDDEN"):
            c.advance()
        elif c.accept("NOT", "FOR", "REPLICATION"):
            pass
        elif c.at("GENERATED", "ALWAYS"):
            fire(table, "MS212", span, f"column {name}: GENERATED ALWAYS AS ROW START/END (system versioning) is "
                                       "not converted", Effort.MANUAL)
            c.i = len(c.tokens)
        elif c.accept("MASKED"):
            c.accept("WITH")
            if c.word() == "(":
                c.skip_group()
            fire(table, "MS212", span, f"column {name}: dynamic data masking is dropped", Effort.REVIEW)
        else:
            c.fail(f"unexpected {c.token().text} in column {name}")


def _clustered(c: TokenCursor, owner: SchemaObject, span: Span) -> None:
    if c.accept("CLUSTERED"):
        fire(owner, "MS204", span, "CLUSTERED is dropped: PostgreSQL tables are heaps; CLUSTER orders a table once")
    else:
        c.accept("NONCLUSTERED")


def _index_options(c: TokenCursor, owner: SchemaObject) -> None:
    while c.at("WITH") and c.word(1) == "(" or c.at("ON") and c.is_name(1) or c.at("WITH", "FILLFACTOR"):
        if c.accept("WITH"):
            if c.word() == "(":
                c.skip_group()
            else:
                c.advance()
                c.accept("=")
                c.advance()
        else:
            c.advance()
            c.advance()
            if c.word() == "(":
                c.skip_group()


def _expression(c: TokenCursor, first: int, last: int, owner: SchemaObject, context: str,
                column: Column | None = None) -> exp.Expression:
    if first > last:
        c.fail("expected an expression")
    text = c.source(first, last)
    span = c.span_at(first)
    try:
        tree = tsql_sql.parse_expression(text, span)
    except tsql_sql.SqlParseError as error:
        raise DdlSyntaxError(f"cannot parse expression {text!r}: {error.message}", error.span) from None
    columns = {col.name: col.type.target for col in owner.columns if col.type.target} if isinstance(owner, Table) \
        else {}
    if column is not None and column.type.target:
        columns[column.name] = column.type.target
    tree = tsql_sql.convert_tree(tree, owner, span, context=context, columns=columns)
    if context == "default" and column is not None:
        tree = _default_literal(tree, column)
    return tree


def _default_literal(tree: exp.Expression, column: Column) -> exp.Expression:
    """A DEFAULT literal in the column's type: SQL Server converts DEFAULT (0) for a text column to '0'."""
    while isinstance(tree, exp.Paren):
        tree = tree.this
    target = column.type.target or ""
    if isinstance(tree, exp.Literal) and not tree.is_string and target.startswith(("varchar", "char", "text")):
        return exp.Literal.string(tree.this)
    if target == "smallint" and column.type.name == "BIT":
        value = tsql_sql.bit_value(tree)
        if value is not None:
            return value
    return tree


def _key_columns(c: TokenCursor, table: SchemaObject) -> tuple[list[str], list[IndexColumn]]:
    names: list[str] = []
    parts: list[IndexColumn] = []
    for first, last in c.split_group():
        sub = c.sub(first, last)
        descending = False
        if sub.tokens and sub.tokens[-1].text.upper() in ("ASC", "DESC"):
            descending = sub.tokens[-1].text.upper() == "DESC"
        name = column_name(sub)
        names.append(name)
        parts.append(IndexColumn(exp.column(name), descending))
    return names, parts


def _table_constraint(c: TokenCursor, table: Table, indexes: list[Index]) -> None:
    span = c.span_at()
    name = None
    if c.accept("CONSTRAINT"):
        name = column_name(c)
    if c.accept("CHECK"):
        c.accept("NOT", "FOR", "REPLICATION")
        first, last = c.skip_group()
        table.constraints.append(Constraint("check", span, name=name,
                                            check=_expression(c, first, last, table, "check")))
        return
    if c.accept("FOREIGN", "KEY"):
        names, _ = _key_columns(c, table)
        constraint = Constraint("foreign", span, name=name, columns=names)
        c.expect("REFERENCES")
        _references(c, constraint)
        table.constraints.append(constraint)
        return
    if c.accept("DEFAULT"):
        begin = c.i
        c.until("FOR")
        end = c.i - 1
        c.expect("FOR")
        target = column_name(c)
        column = table.column(target)
        if column is None:
            c.fail(f"DEFAULT FOR {target}: no such column")
        column.default = _expression(c, begin, end, table, "default", column)
        return
    if c.accept("INDEX"):
        index_name = column_name(c)
        unique = c.accept("UNIQUE")
        _clustered(c, table, span)
        _names, parts = _key_columns(c, table)
        index = Index(name=QName(table.name.schema, index_name), span=span, source_text=table.source_text,
                      table=table.name, columns=parts, unique=unique)
        indexes.append(index)
        return
    kind = "primary" if c.accept("PRIMARY", "KEY") else "unique"
    if kind == "unique":
        c.expect("UNIQUE")
    _clustered(c, table, span)
    names, parts = _key_columns(c, table)
    _index_options(c, table)
    if any(p.descending for p in parts):
        fire(table, "MS205", span, f"{kind} key ({', '.join(names)}): the DESC order of a key column is dropped "
                                   "(PostgreSQL key indexes are ascending; the constraint is the same)")
    table.constraints.append(Constraint(kind, span, name=name, columns=names))



def _references(c: TokenCursor, constraint: Constraint) -> None:
    constraint.ref_table = qname(c)
    if c.word() == "(":
        constraint.ref_columns, _ = _key_columns(c, Table(name=constraint.ref_table, span=constraint.span))
    referential_actions(c, constraint, lambda c: c.accept("NOT", "FOR", "REPLICATION"))


# --- CREATE INDEX, ALTER TABLE -----------------------------------------------------------------------------

def _create_index(c: TokenCursor, text: str, start: Span) -> Index:
    unique = c.accept("UNIQUE")
    probe = Unparsed(name=QName(None, "index"), span=start)
    _clustered(c, probe, start)
    c.expect("INDEX")
    name = column_name(c)
    c.expect("ON")
    table_name = qname(c)
    _names, parts = _key_columns(c, Table(name=table_name, span=start))
    index = Index(name=QName(table_name.schema, name), span=start, source_text=text, table=table_name,
                  columns=parts, unique=unique)
    index.findings.extend(probe.findings)
    if c.accept("INCLUDE"):
        included = [column_name(c.sub(a, b)) for a, b in c.split_group()]
        index.include = included          # type: ignore[attr-defined]
        fire(index, "MS205", start, f"INCLUDE ({', '.join(included)}) is kept (PostgreSQL 11+ has INCLUDE)")
    if c.accept("WHERE"):
        begin = c.i
        while not c.done and not c.at("WITH") and not (c.at("ON") and c.is_name(1)):
            c.advance()
        index.where = _expression(c, begin, c.i - 1, index, "index")      # type: ignore[attr-defined]
        fire(index, "MS205", start, "a filtered index becomes a partial index (WHERE kept)")
    _index_options(c, index)
    return index


def _alter_table(c: TokenCursor, text: str, start: Span, context: Context) -> list:
    table = qname(c)
    validate = True
    with_check = False
    if c.accept("WITH", "NOCHECK"):
        validate = False
    else:
        with_check = c.accept("WITH", "CHECK")
    if c.at_any("CHECK", "NOCHECK") and c.word(1) == "CONSTRAINT":
        enable = c.advance().text.upper() == "CHECK"
        c.advance()
        names = None if c.accept("ALL") else [column_name(c.sub(a, a)) for a in _name_indexes(c)]
        # CHECK CONSTRAINT enables without checking the rows already there; WITH CHECK CHECK CONSTRAINT checks them
        return [ConstraintToggle(table, names, enable, enable and with_check, start, text)]
    change = TableChange(table=table, span=start, source_text=text)
    holder = Table(name=table, span=start)
    holder.tsql_checks = []             # type: ignore[attr-defined]
    out: list = [change]
    indexes: list[Index] = []
    if c.accept("ADD"):
        for first, last in _split_top(c):
            sub = c.sub(first, last)
            if sub.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "DEFAULT", "INDEX"):
                if sub.at("CONSTRAINT") and sub.word(2) == "DEFAULT" or sub.at("DEFAULT"):
                    _alter_default(sub, change, holder)
                    continue
                _table_constraint(sub, holder, indexes)
            else:
                change.add_columns.append(_column_definition(sub, holder, context))
    elif c.accept("DROP"):
        if c.accept("CONSTRAINT"):
            c.accept("IF", "EXISTS")
            change.drop_constraint = column_name(c)
        else:
            c.accept("COLUMN")
            change.drop_columns.append(column_name(c))
    elif c.accept("ALTER", "COLUMN"):
        name = column_name(c)
        dtype = _resolve(data_type(c), context)
        mapped = map_tsql_type(dtype)
        changes: dict = {"type": _ir_type(dtype, mapped.target)}
        if c.accept("NOT", "NULL"):
            changes["not_null"] = True
        elif c.accept("NULL"):
            changes["not_null"] = False
        change.modify_columns.append((name, changes))
    else:
        change.unsupported = " ".join(c.source(c.i, len(c.tokens) - 1).split())[:80]
    for constraint in holder.constraints:
        constraint.validated = validate
        if not validate:
            fire(holder, "MS206", start, f"WITH NOCHECK: constraint {constraint.name or ''} is created NOT VALID "
                                         "where PostgreSQL allows it (foreign keys); rows loaded later are checked",
                 Effort.REVIEW)
    change.add_constraints.extend(holder.constraints)
    change.findings.extend(holder.findings)
    for index in indexes:
        index.source_text = text
        out.append(index)
    return out


def _name_indexes(c: TokenCursor) -> list[int]:
    out = []
    while not c.done:
        if c.word() != ",":
            out.append(c.i)
        c.advance()
    return out


def _alter_default(c: TokenCursor, change: TableChange, holder: Table) -> None:
    if c.accept("CONSTRAINT"):
        c.advance()
    c.expect("DEFAULT")
    begin = c.i
    c.until("FOR")
    end = c.i - 1
    c.expect("FOR")
    name = column_name(c)
    column = Column(name=name, type=DataType(source="", name=""), span=change.span)
    change.modify_columns.append((name, {"default": _expression(c, begin, end, holder, "default", column)}))


def _split_top(c: TokenCursor) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    depth, begin = 0, c.i
    for j in range(c.i, len(c.tokens)):
        text = c.tokens[j].text if c.tokens[j].token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else ""
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "," and depth == 0:
            parts.append((begin, j - 1))
            begin = j + 1
    if begin < len(c.tokens):
        parts.append((begin, len(c.tokens) - 1))
    c.i = len(c.tokens)
    return parts


# --- CREATE VIEW, TYPE, SEQUENCE, SYNONYM ------------------------------------------------------------------

_CHECK_OPTION = re.compile(r"\s+WITH\s+CHECK\s+OPTION\s*;?\s*\Z", re.IGNORECASE)


def _create_view(c: TokenCursor, text: str, start: Span) -> View:
    view = View(name=qname(c), span=start, source_text=text)
    if c.word() == "(":
        view.columns = [column_name(c.sub(a, b)) for a, b in c.split_group()]
    if c.accept("WITH"):
        options = [c.advance().text.upper()]
        while c.accept(","):
            options.append(c.advance().text.upper())
        fire(view, "MS209", start, f"WITH {', '.join(options)} is dropped"
             + (": PostgreSQL views depend on their tables already (DROP TABLE is refused while a view reads it)"
                if "SCHEMABINDING" in options else ""))
    c.expect("AS")
    first = c.i
    query_text = c.source(first, len(c.tokens) - 1)
    check = _CHECK_OPTION.search(query_text)
    if check is not None:
        view.check_option = True
        query_text = query_text[:check.start()]
    query_text = query_text.rstrip().rstrip(";")
    try:
        tree = tsql_sql.parse_sql(query_text, c.span_at(first))
    except tsql_sql.SqlParseError as error:
        fire(view, "MS010", error.span, f"cannot parse the view's query: {error.message}")
        return view
    view.query = tree
    view.tsql_raw = True                # type: ignore[attr-defined]  # converted by converter.tsql_pipeline
    view.tsql_span = c.span_at(first)   # type: ignore[attr-defined]
    return view


def _create_type(c: TokenCursor, text: str, start: Span, context: Context) -> list:
    name = qname(c)
    if c.accept("FROM"):
        base = data_type(c)
        base.not_null = c.accept("NOT", "NULL")
        alias = AliasType(name.name, base, start, text)
        context.aliases[name.name] = alias
        return [alias]
    obj = Unparsed(name=name, span=start, source_text=text)
    if c.at("AS", "TABLE"):
        fire(obj, "MS108", start, f"table type {name}: PostgreSQL has no table types (a routine takes an array of "
                                  "a composite type or a temporary table instead)", Effort.MANUAL)
    else:
        fire(obj, "MS108", start, f"type {name} (a CLR type) is not converted", Effort.MANUAL)
    return [obj]


_INT_TYPES = {"TINYINT": (0, 255), "SMALLINT": (-32768, 32767), "INT": (-2147483648, 2147483647),
              "BIGINT": (-9223372036854775808, 9223372036854775807)}


def _create_sequence(c: TokenCursor, text: str, start: Span) -> Sequence:
    """CREATE SEQUENCE: SQL Server's defaults differ from PostgreSQL's: an ascending sequence starts at its
    minimum, which is the type's minimum unless given (-9223372036854775808 for the default bigint)."""
    seq = Sequence(name=qname(c), span=start, source_text=text)
    low, high = _INT_TYPES["BIGINT"]
    start_value = None
    while not c.done:
        if c.accept("AS"):
            dtype = data_type(c)
            if dtype.name in _INT_TYPES:
                low, high = _INT_TYPES[dtype.name]
            elif dtype.name in ("DECIMAL", "NUMERIC"):
                digits = int(dtype.args[0]) if dtype.args else 18
                low, high = -(10 ** digits - 1), 10 ** digits - 1
        elif c.accept("START", "WITH"):
            start_value = c.number()
        elif c.accept("INCREMENT", "BY"):
            seq.increment = c.number()
        elif c.accept("MINVALUE"):
            seq.minvalue = c.number()
        elif c.accept("MAXVALUE"):
            seq.maxvalue = c.number()
        elif c.accept("NO", "MINVALUE") or c.accept("NO", "MAXVALUE") or c.accept("NO", "CACHE"):
            pass
        elif c.accept("CYCLE"):
            seq.cycle = True
        elif c.accept("NO", "CYCLE"):
            pass
        elif c.accept("CACHE"):
            if c.token() is not None and c.token().token_type == TokenType.NUMBER:
                seq.cache = c.number()
        elif c.word() == ";":
            c.advance()
        else:
            c.fail(f"unexpected {c.token().text} in CREATE SEQUENCE")
    seq.minvalue = seq.minvalue if seq.minvalue is not None else low
    seq.maxvalue = seq.maxvalue if seq.maxvalue is not None else high
    descending = (seq.increment or 1) < 0
    if start_value is None:
        start_value = seq.maxvalue if descending else seq.minvalue
        fire(seq, "MS214", start, f"no START WITH: SQL Server starts at the {'maximum' if descending else 'minimum'} "
                                  f"({start_value}), written out (PostgreSQL would start at 1)")
    seq.start = start_value
    return seq


def _create_synonym(c: TokenCursor, text: str, start: Span) -> Synonym:
    name = qname(c)
    c.expect("FOR")
    parts = [c.source(c.i, len(c.tokens) - 1)]
    target = qname(c)
    synonym = Synonym(name=name, span=start, source_text=text, target=target)
    if parts[0].count(".") >= 2:
        fire(synonym, "MS208", start, f"synonym {name} names an object of another database or server "
                                      f"({parts[0]}): not converted", Effort.MANUAL)
    else:
        fire(synonym, "MS208", start, f"synonym {name} becomes a view SELECT * FROM {target} (for a table or view; "
                                      "a synonym for a routine is not converted)")
    return synonym
