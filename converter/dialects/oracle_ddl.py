"""Oracle DDL and DML statements to IR objects and table changes.

Each statement from the script reader is parsed on its own with a small recursive-descent parser over
sqlglot's Oracle tokens; SQL expressions inside (defaults, CHECK conditions, view queries, index expressions,
DML) are handed to sqlglot through converter.dialects.oracle_sql. Storage and physical clauses are recognised
and dropped with a finding. A statement this parser does not know becomes an `Unparsed` object with a finding,
never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.oracle import Oracle

from sct.converter.dialects.tokens import DdlSyntaxError, TokenCursor
from sct.converter.findings import fire
from sct.converter.ir import (
    CodeObject,
    Column,
    Constraint,
    DataType,
    Effort,
    Grant,
    Identity,
    Index,
    IndexColumn,
    MaterializedView,
    QName,
    SchemaObject,
    Sequence,
    Span,
    Statement,
    Synonym,
    Table,
    Unparsed,
    UserType,
    View,
)
from sct.converter.names import fold_oracle

_TOKENIZER = Oracle().tokenizer_class()

# Words that start a column-level constraint or constraint state: they end a DEFAULT expression.
_COLUMN_CONSTRAINT_WORDS = {
    "CONSTRAINT", "NOT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "ENABLE", "DISABLE", "DEFAULT",
    "GENERATED", "VISIBLE", "INVISIBLE", "ENCRYPT", "COLLATE", "SORT", "USING", "DEFERRABLE", "INITIALLY",
    "RELY", "NORELY", "VALIDATE", "NOVALIDATE", "AS",
}
_CONSTRAINT_STATE_WORDS = {"ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY", "DEFERRABLE",
                           "INITIALLY", "NOT", "USING", "EXCEPTIONS"}
# Physical attributes and other clauses that have no meaning for PostgreSQL.
STORAGE_WORDS = {
    "TABLESPACE", "PCTFREE", "PCTUSED", "INITRANS", "MAXTRANS", "STORAGE", "LOGGING", "NOLOGGING", "COMPRESS",
    "NOCOMPRESS", "CACHE", "NOCACHE", "PARALLEL", "NOPARALLEL", "MONITORING", "NOMONITORING", "SEGMENT", "ROW",
    "ENABLE", "DISABLE", "LOB", "RESULT_CACHE", "ROWDEPENDENCIES", "NOROWDEPENDENCIES", "FLASHBACK",
    "INMEMORY", "NO", "FILESYSTEM_LIKE_LOGGING", "ORGANIZATION", "OVERFLOW", "INCLUDING", "PCTTHRESHOLD",
    "MAPPING", "COLUMN", "STORE", "VARRAY", "ONLINE", "COMPUTE", "STATISTICS", "REVERSE", "NOSORT", "VISIBLE",
    "INVISIBLE", "LOCAL", "GLOBAL", "ILM", "MEMOPTIMIZE", "SHARING", "DEFAULT", "COLLATION", "ANNOTATIONS",
    "PCTVERSION", "RETENTION", "CHUNK", "FREEPOOLS", "XMLTYPE", "BUILD", "USABLE", "UNUSABLE", "DEDUPLICATE",
}


@dataclass
class TableChange:
    """An ALTER TABLE (or COMMENT ON) that the pipeline applies to the table it names."""

    table: QName
    span: Span
    source_text: str
    add_columns: list[Column] = field(default_factory=list)
    add_constraints: list[Constraint] = field(default_factory=list)
    modify_columns: list[tuple[str, dict]] = field(default_factory=list)   # (column, {"not_null":..,"default":..})
    drop_columns: list[str] = field(default_factory=list)
    rename_column: tuple[str, str] | None = None
    toggle_constraint: tuple[str, bool] | None = None                       # (name, enable?)
    drop_constraint: str | None = None
    unsupported: str | None = None                                          # the clause we do not convert
    findings: list = field(default_factory=list)                            # made while parsing it


@dataclass
class CommentOn:
    target_kind: str                    # table | column | materialized view
    target: QName
    column: str | None
    text: str
    span: Span
    source_text: str


@dataclass
class Skipped:
    """A statement that does not belong in a target schema (ALTER SESSION, CREATE USER, DROP, ...)."""

    verb: str
    span: Span
    source_text: str


@dataclass
class TriggerState:
    """ALTER TRIGGER name ENABLE | DISABLE: the pipeline applies it to the trigger it names."""

    trigger: QName
    enable: bool
    span: Span
    source_text: str


Parsed = SchemaObject | TableChange | CommentOn | Skipped | TriggerState


def parse_statement(text: str, span: Span, kind: str = "sql") -> list[Parsed]:
    """Parse one Oracle statement from a script into IR objects and table changes."""
    if kind == "sql":
        word = _DML_START.match(text)
        if word is not None:
            return [_dml(text, span, word)]
    tokens = _TOKENIZER.tokenize(text) if text.strip() else []
    cursor = TokenCursor(text, tokens, span)
    if not tokens:
        return []
    start = cursor.span_at(0)
    try:
        if kind == "plsql":
            code = _code_object(cursor, text, start)
            return code if isinstance(code, list) else [code]
        return _dispatch(cursor, text, start)
    except DdlSyntaxError as error:
        obj = Unparsed(name=_guess_name(cursor), span=start, source_text=text)
        fire(obj, "OR010", error.span, f"cannot parse this statement: {error.message}")
        return [obj]
    except Exception as error:  # sqlglot tokenizer/parser errors on odd input
        obj = Unparsed(name=_guess_name(cursor), span=start, source_text=text)
        fire(obj, "OR010", start, f"cannot parse this statement: {str(error).splitlines()[0][:300]}")
        return [obj]


def _guess_name(cursor: TokenCursor) -> QName:
    words = [cursor.word(k) or "?" for k in range(-cursor.i, -cursor.i + 4)]
    return QName(None, " ".join(w for w in words if w).lower()[:60] or "statement")


def qname(cursor: TokenCursor) -> QName:
    """A possibly schema-qualified name, folded to the target's case."""
    first, quoted = cursor.name()
    if cursor.word() == "." and cursor.is_name(1):
        cursor.advance()
        second, quoted2 = cursor.name()
        return QName(fold_oracle(first, quoted), fold_oracle(second, quoted2))
    return QName(None, fold_oracle(first, quoted))


def column_name(cursor: TokenCursor) -> str:
    name, quoted = cursor.name()
    return fold_oracle(name, quoted)


# --- dispatch ----------------------------------------------------------------------------------------------

_SKIPPED_VERBS = {
    "DROP", "ALTER SESSION", "ALTER SYSTEM", "ALTER USER", "CREATE USER", "CREATE ROLE", "CREATE TABLESPACE",
    "CREATE DIRECTORY", "CREATE DATABASE LINK", "ANALYZE", "REVOKE", "AUDIT", "NOAUDIT", "PURGE", "RENAME",
    "CREATE CONTEXT", "ALTER INDEX", "ALTER SEQUENCE", "ALTER VIEW", "ALTER TRIGGER", "ALTER PROCEDURE",
    "ALTER FUNCTION", "ALTER PACKAGE", "ALTER TYPE", "ALTER MATERIALIZED", "CREATE MATERIALIZED VIEW LOG",
    "EXPLAIN", "LOCK", "SET TRANSACTION", "SET ROLE", "CREATE PROFILE", "ALTER PROFILE", "CREATE CLUSTER",
    "CREATE DIMENSION", "CREATE EDITION", "FLASHBACK", "ASSOCIATE", "DISASSOCIATE", "CREATE INDEXTYPE",
    "CREATE OPERATOR", "CREATE OUTLINE", "SAVEPOINT", "CREATE SCHEMA", "CALL",
}


def _dispatch(c: TokenCursor, text: str, start: Span) -> list[Parsed]:
    if c.accept("ALTER", "TRIGGER"):
        name = qname(c)
        if c.at_any("ENABLE", "DISABLE") and c.word(1) in ("", ";"):
            return [TriggerState(name, c.word() == "ENABLE", start, text)]
        return [Skipped("ALTER TRIGGER", start, text)]
    replace = 2 if c.at("CREATE", "OR", "REPLACE") else 0     # CREATE OR REPLACE DIRECTORY / CONTEXT ...
    for verb in sorted(_SKIPPED_VERBS, key=len, reverse=True):
        words = verb.split()
        if c.at(*words) or (replace and words[0] == "CREATE"
                            and all(c.word(k + replace) == w for k, w in enumerate(words) if k > 0)):
            return [Skipped(verb, start, text)]
    if c.at_any("SELECT", "WITH"):
        # A query on its own (a check or report in an install script) changes nothing in the data.
        return [Skipped("SELECT (a query; it changes no data)", start, text)]
    if c.accept("TRUNCATE"):
        c.accept("TABLE")
        table = qname(c)
        return [Statement(name=table, span=start, source_text=text, verb="truncate", table=table)]
    if c.at_any("INSERT", "UPDATE", "DELETE", "MERGE"):       # after a comment: the fast path missed it
        return [_dml(text[c.tokens[0].start:], c.span_at(0), _DML_START.match(text[c.tokens[0].start:]))]
    if c.at_any("COMMIT", "ROLLBACK"):
        return [Statement(name=QName(None, c.word().lower()), span=start, source_text=text, verb=c.word().lower())]
    if c.accept("COMMENT", "ON"):
        return [_comment(c, text, start)]
    if c.accept("GRANT"):
        return [_grant(c, text, start)]
    if c.accept("ALTER", "TABLE"):
        return [_alter_table(c, text, start)]
    if c.accept("CREATE"):
        c.accept("OR", "REPLACE")
        for word in ("EDITIONABLE", "NONEDITIONABLE", "EDITIONING", "FORCE"):
            c.accept(word)
        c.accept("NO", "FORCE")
        for word in ("EDITIONABLE", "NONEDITIONABLE", "EDITIONING"):
            c.accept(word)
        if c.at_any("TABLE", "GLOBAL", "PRIVATE", "SHARDED", "DUPLICATED", "IMMUTABLE", "BLOCKCHAIN"):
            return _create_table(c, text, start)
        if c.at_any("UNIQUE", "BITMAP", "INDEX", "MULTIVALUE", "SEARCH"):
            return [_create_index(c, text, start)]
        if c.accept("SEQUENCE"):
            return [_create_sequence(c, text, start)]
        if c.accept("MATERIALIZED", "VIEW"):
            if c.at("LOG"):
                return [Skipped("CREATE MATERIALIZED VIEW LOG", start, text)]
            return [_create_view(c, text, start, materialized=True)]
        if c.accept("VIEW"):
            return [_create_view(c, text, start, materialized=False)]
        if c.at("PUBLIC", "SYNONYM") or c.at("SYNONYM"):
            return [_create_synonym(c, text, start)]
        if c.at_any("TYPE", "PROCEDURE", "FUNCTION", "PACKAGE", "TRIGGER", "LIBRARY", "JAVA", "AND"):
            c.i = 0
            code = _code_object(c, text, start)
            return code if isinstance(code, list) else [code]
    c.fail(f"statement {' '.join(w for w in (c.word(-c.i), c.word(-c.i + 1)) if w)} is not supported here")
    raise AssertionError


# --- code objects (converted by the PL/SQL converter) ---------------------------------------------------------

_CODE_KINDS = (("PACKAGE", "BODY"), ("TYPE", "BODY"), ("PACKAGE",), ("TYPE",), ("PROCEDURE",), ("FUNCTION",),
               ("TRIGGER",), ("LIBRARY",), ("JAVA",))


def _code_object(c: TokenCursor, text: str, start: Span) -> SchemaObject | list[Parsed]:
    c.i = 0
    code_kind = "anonymous_block"
    name = QName(None, "anonymous block")
    if c.accept("CREATE"):
        c.accept("OR", "REPLACE")
        for word in ("EDITIONABLE", "NONEDITIONABLE", "EDITIONING", "AND", "RESOLVE", "COMPILE", "NOFORCE"):
            c.accept(word)
        for words in _CODE_KINDS:
            if c.accept(*words):
                code_kind = "_".join(words).lower()
                if code_kind == "java":
                    c.until("NAMED", "AS", "IS")
                    c.accept("NAMED")
                if c.is_name():
                    name = qname(c)
                break
    if code_kind == "anonymous_block":
        statements = _plain_dml_block(c, text, start)
        if statements is not None:
            return statements
    if code_kind == "type":
        user_type = _sql_type(c, text, start, name)
        if not isinstance(user_type, str):
            return user_type
    obj = CodeObject(name=name, span=start, source_text=text, code_kind=code_kind)
    if code_kind == "type":
        fire(obj, "OR012", start, f"type {name} is not converted: {user_type}")
    elif code_kind in _CONVERTED_KINDS:
        _read_plsql(obj, text, start)
    else:
        fire(obj, "OR012", start, f"{code_kind.replace('_', ' ')} {name}: PL/SQL code objects are not converted yet")
    return obj


# converter.emit.plpgsql; an anonymous block that is not plain DML becomes a DO block in data.sql (OR427)
_CONVERTED_KINDS = ("procedure", "function", "trigger", "package", "package_body", "type_body", "anonymous_block")


def _read_plsql(obj: CodeObject, text: str, start: Span) -> None:
    """Parse a unit with the PL/SQL grammar into `obj.unit`; syntax errors are OR010 at file:line:column."""
    from sct.converter.procedural import build_unit, parse_plsql

    result = parse_plsql(text, file=start.file, line_offset=start.line - 1)
    if not result.ok:
        for error in result.errors[:5]:
            fire(obj, "OR010", Span(start.file, error.line, error.column),
                 f"cannot parse this {obj.code_kind}: {error.message}", effort=Effort.MANUAL)
        return
    obj.unit = build_unit(result)


_METHOD_WORDS = ("MEMBER", "STATIC", "MAP", "ORDER", "CONSTRUCTOR", "FINAL", "NOT", "OVERRIDING", "PRAGMA",
                 "INSTANTIABLE")


def _sql_type(c: TokenCursor, text: str, start: Span, name: QName) -> UserType | list[Parsed] | str:
    """CREATE TYPE ... AS OBJECT (attributes) / UNDER supertype [(attributes)] / VARRAY(n) OF t / TABLE OF t.

    A statement with only OID, AUTHID and the like is a forward declaration (skipped). A REF attribute or a
    collection of REF keeps the type, with a MANUAL finding (OR235). Member subprograms are listed; their bodies
    (TYPE BODY) are PL/SQL (OR428). Returns the reason when the type is something else (a SQLJ or Java type).
    """
    while not c.done and not c.at_any("AS", "IS", "UNDER", ";"):
        c.advance()                             # FORCE, OID '...', AUTHID ..., ACCESSIBLE BY (...), SHARING = ...
    if c.done or c.at(";"):
        return [Skipped("CREATE TYPE (a forward declaration; PostgreSQL needs none)", start, text)]
    obj = UserType(name=name, span=start, source_text=text)
    try:
        if c.accept("UNDER"):
            obj.supertype = qname(c)
            if c.word() == "(":
                reason = _object_members(c, obj)
                if reason:
                    return reason
        elif not (c.accept("AS") or c.accept("IS")):
            return "a type that is neither AS OBJECT, UNDER, VARRAY nor TABLE OF"
        elif c.accept("OBJECT"):
            if c.word() != "(":
                return "an object type without an attribute list (a SQLJ or external type)"
            reason = _object_members(c, obj)
            if reason:
                return reason
            if not obj.attributes and not obj.findings:
                return "an object type without attributes"
        elif c.at_any("VARRAY", "VARYING", "TABLE"):
            if c.accept("TABLE"):
                obj.variant = "table"
            else:
                c.accept("VARRAY") or c.expect("VARYING", "ARRAY")
                obj.variant = "varray"
                args = _type_args(c)
                obj.limit = int(args[0]) if len(args) == 1 and args[0].isdigit() else None
                if obj.limit is None:
                    return f"a VARRAY whose limit ({', '.join(args)}) is not a number"
            c.expect("OF")
            if c.accept("REF"):
                first = c.i
                target = " ".join(c.source(first, c.until("NOT", ";") - 1).split())
                fire(obj, "OR235", start, f"type {name} is a collection of REF {target}: {_NO_REF}")
                return obj
            obj.element = data_type(c)
            if c.accept("NOT", "NULL"):
                obj.element_not_null = True
            if c.at("INDEX", "BY"):
                return "an associative array (INDEX BY) exists only in PL/SQL"
        else:
            return f"a type AS {c.word() or 'something'} that sct does not read"
    except DdlSyntaxError as error:
        return f"its definition is not read ({error.message})"
    while not c.done:
        if c.accept("NOT"):
            continue
        if not c.at_any("FINAL", "INSTANTIABLE", "PERSISTABLE", ";"):
            return f"the type clause {c.token().text} is not read"
        c.advance()
    return obj


# What a REF is not on PostgreSQL (OR235).
_NO_REF = ("PostgreSQL has no object references (REF, DEREF, SCOPE IS): store the key of the referenced row "
           "instead, and read it with a join")


def _object_members(c: TokenCursor, obj: UserType) -> str | None:
    """The attributes and method headings of `( ... )` into `obj`; the reason when one is not read."""
    for first, last in c.split_group():
        item = c.sub(first, last)
        end = len(item.tokens) - 1
        if item.at_any(*_METHOD_WORDS):
            obj.methods.append(" ".join(item.source(0, min(2, end)).split()))
            words = [item.word(k) for k in range(end + 1)]
            if "OVERRIDING" in words:
                kind = next((k for k, w in enumerate(words[:-1]) if w in ("FUNCTION", "PROCEDURE")), None)
                if kind is not None:
                    obj.overriding.append(fold_oracle(*item.sub(kind + 1, kind + 1).name()))
            continue
        attr_name = column_name(item)
        attr_span = item.span_at(0)
        if item.accept("REF"):
            target = " ".join(item.source(item.i, end).split())
            fire(obj, "OR235", attr_span, f"attribute {attr_name} is a REF {target}: {_NO_REF}")
            continue
        dtype = data_type(item)
        if not item.done:
            return f"attribute {attr_name} has a type that is not read ({' '.join(item.source(1, end).split())})"
        obj.attributes.append(Column(name=attr_name, type=dtype, span=attr_span))
    return None


_BLOCK_VERBS = ("INSERT", "UPDATE", "DELETE", "MERGE", "COMMIT")
_NOT_PLAIN_DECLARATIONS = ("CURSOR", "TYPE", "SUBTYPE", "PROCEDURE", "FUNCTION", "PRAGMA")


def _plain_dml_block(c: TokenCursor, text: str, start: Span) -> list[Parsed] | None:
    """The statements of an anonymous block that only runs DML (OR006); None when it is real PL/SQL.

    Plain means: optional DECLARE of variables that no statement uses, then BEGIN, then only INSERT, UPDATE,
    DELETE, MERGE, COMMIT or NULL statements, then END (no EXCEPTION section, no nested blocks).
    """
    c.i = 0
    declared: set[str] = set()
    if c.accept("DECLARE"):
        while not c.done and not c.at("BEGIN"):
            if not c.is_name() or c.at_any(*_NOT_PLAIN_DECLARATIONS):
                return None
            declared.add(c.word())
            while not c.done and c.word() != ";":
                c.advance()
            c.accept(";")
    if not c.accept("BEGIN"):
        return None
    spans: list[tuple[int, int]] = []
    while not c.at("END"):
        if c.accept("NULL", ";"):
            continue
        if not c.at_any(*_BLOCK_VERBS):
            return None
        first, depth = c.i, 0
        while not c.done and not (depth == 0 and c.word() == ";"):
            depth += {"(": 1, ")": -1}.get(c.word(), 0)
            if c.word() in declared:
                return None                     # the statement uses a block variable
            c.advance()
        if c.done:
            return None
        spans.append((first, c.i - 1))
        c.advance()
    c.advance()
    if c.is_name() and not c.at(";"):
        c.advance()                             # END label
    c.accept(";")
    if not c.done or not spans:
        return None
    out: list[Parsed] = []
    for first, last in spans:
        parsed = parse_statement(c.source(first, last), c.span_at(first))
        out.extend(parsed)
    for item in out:
        if isinstance(item, Statement):
            fire(item, "OR006", start, f"statement of the anonymous block at {start} runs on its own in data.sql")
            break
    return out


# --- data statements ---------------------------------------------------------------------------------------

_DML_START = re.compile(r"\s*(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def _dml(text: str, span: Span, word: re.Match) -> Statement:
    """INSERT/UPDATE/DELETE/MERGE: parsed and converted by the SQL converter (tokenized once, by sqlglot)."""
    from sct.converter.dialects import oracle_sql

    lead = text[:word.start(1)]
    start = span.offset(lead.count("\n"), word.start(1) - (lead.rfind("\n") + 1) + 1)
    verb = word.group(1).lower()
    stmt = Statement(name=QName(None, verb), span=start, source_text=text, verb=verb)
    try:
        stmt.tree = oracle_sql.convert_tree(oracle_sql.parse_sql(text, span), stmt, start)
    except oracle_sql.SqlParseError as error:
        fire(stmt, "OR010", error.span, f"cannot parse this statement: {error.message}")
        return stmt
    target = stmt.tree.this
    if isinstance(target, exp.Schema):          # INSERT INTO t (columns)
        target = target.this
    if isinstance(target, exp.Table) and isinstance(target.this, exp.Identifier):
        stmt.table = QName(target.db or None, target.name)
        stmt.name = stmt.table
    return stmt


# --- COMMENT, GRANT ----------------------------------------------------------------------------------------

def _comment(c: TokenCursor, text: str, start: Span) -> CommentOn:
    if c.accept("COLUMN"):
        first = qname(c)
        if c.accept("."):                       # schema.table.column
            target, col = first, column_name(c)
        elif first.schema is None:
            c.fail("COMMENT ON COLUMN needs table.column")
            raise AssertionError
        else:                                   # table.column
            target, col = QName(None, first.schema), first.name
        c.expect("IS")
        return CommentOn("column", target, col, c.literal_string(), start, text)
    kind = "table"
    if c.accept("MATERIALIZED", "VIEW"):
        kind = "materialized view"
    elif c.accept("TABLE"):
        kind = "table"
    else:
        c.fail(f"COMMENT ON {c.word()} is not supported")
    target = qname(c)
    c.expect("IS")
    return CommentOn(kind, target, None, c.literal_string(), start, text)


def _grant(c: TokenCursor, text: str, start: Span) -> Grant:
    privileges: list[str] = []
    while not c.done and not c.at("ON") and not c.at("TO"):
        word = []
        while not c.done and c.word() not in (",", "ON", "TO"):
            word.append(c.advance().text.upper())
        privileges.append(" ".join(word))
        c.accept(",")
    on = None
    if c.accept("ON"):
        c.accept("DIRECTORY")
        on = qname(c)
    c.expect("TO")
    grantees = []
    while not c.done and not c.at("WITH"):
        if c.word() == ",":
            c.advance()
            continue
        grantees.append(c.advance().text)
    grant = Grant(name=QName(None, f"grant on {on}" if on else "system privilege grant"), span=start,
                  source_text=text, privileges=privileges, on=on, grantees=grantees,
                  with_grant_option=c.at("WITH", "GRANT", "OPTION"))
    return grant


# --- types -------------------------------------------------------------------------------------------------

def data_type(c: TokenCursor) -> DataType:
    """A column type as written: base name words, optional arguments, and the WITH TIME ZONE style tails."""
    first = c.i
    words = [c.advance().text.upper()]
    if c.word() == "." and c.is_name(1):           # schema-qualified (user-defined) type
        c.advance()
        words = [words[0] + "." + c.advance().text.upper()]
    if words[0] == "LONG" and c.at("RAW"):
        words.append(c.advance().text.upper())
    if words[0] == "DOUBLE" and c.at("PRECISION"):
        words.append(c.advance().text.upper())
    if words[0] in ("CHARACTER", "CHAR", "NCHAR", "NATIONAL") and c.at_any("VARYING", "CHARACTER", "CHAR"):
        while c.at_any("VARYING", "CHARACTER", "CHAR"):
            words.append(c.advance().text.upper())
    args: tuple[str, ...] = ()
    if words[0] == "INTERVAL":
        # INTERVAL YEAR [(p)] TO MONTH | INTERVAL DAY [(p)] TO SECOND [(s)]
        unit = c.advance().text.upper()
        leading: tuple[str, ...] = ()
        if c.word() == "(":
            leading = _type_args(c)
        c.expect("TO")
        tail = c.advance().text.upper()
        frac: tuple[str, ...] = ()
        if c.word() == "(":
            frac = _type_args(c)
        words += [unit, "TO", tail]
        args = leading + (("",) if not leading and frac else ()) + frac
    elif c.word() == "(":
        args = _type_args(c)
    if words[0] == "TIMESTAMP" and c.at("WITH"):
        c.advance()
        words.append("WITH")
        if c.accept("LOCAL"):
            words.append("LOCAL")
        c.expect("TIME", "ZONE")
        words += ["TIME", "ZONE"]
    source = " ".join(c.source(first, c.i - 1).split())
    return DataType(source=source, name=" ".join(words), args=args)


def _type_args(c: TokenCursor) -> tuple[str, ...]:
    return tuple(" ".join(c.source(a, b).split()).upper() for a, b in c.split_group())


# --- CREATE TABLE ------------------------------------------------------------------------------------------

def _create_table(c: TokenCursor, text: str, start: Span) -> list[Parsed]:
    temporary = None
    if c.accept("GLOBAL", "TEMPORARY"):
        temporary = "global"
    elif c.accept("PRIVATE", "TEMPORARY"):
        temporary = "private"
    for word in ("SHARDED", "DUPLICATED", "IMMUTABLE", "BLOCKCHAIN"):
        c.accept(word)
    c.expect("TABLE")
    c.accept("IF", "NOT", "EXISTS")
    table = Table(name=qname(c), span=start, source_text=text, temporary=temporary)
    if c.accept("OF"):
        type_name = qname(c)
        fire(table, "OR218", start, f"object table of type {type_name}: PostgreSQL has no object tables")
        return [table]
    if c.word() == "(":
        for first, last in c.split_group():
            _table_element(c.sub(first, last), table)
    _table_clauses(c, table)
    return [table]


def _table_element(c: TokenCursor, table: Table) -> None:
    if c.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK") and not (c.at("CHECK") and c.word(1) != "("):
        table.constraints.append(table_constraint(c, table))
        return
    if c.at("SUPPLEMENTAL", "LOG"):
        return
    if c.at("PERIOD", "FOR"):
        fire(table, "OR202", c.span_at(), "PERIOD FOR (temporal validity) is not converted")
        return
    table.columns.append(column_definition(c, table))


def column_definition(c: TokenCursor, owner: Table) -> Column:
    span = c.span_at()
    name = column_name(c)
    if c.at("AS") or c.at("GENERATED", "ALWAYS", "AS", "("):   # virtual column without a type
        dtype = DataType(source="", name="")
    else:
        dtype = data_type(c)
    column = Column(name=name, type=dtype, span=span)
    while not c.done:
        if c.accept("SORT") or c.accept("VISIBLE") or c.accept("INVISIBLE"):
            continue
        if c.accept("COLLATE"):
            c.advance()
            continue
        if c.accept("ENCRYPT"):
            fire(owner, "OR202", span, f"column {name}: ENCRYPT (TDE column encryption) is not converted")
            while c.at_any("USING", "IDENTIFIED", "BY", "NO", "SALT") or (c.token() and c.word() == ""):
                c.advance()
            continue
        if c.at("DEFAULT"):
            c.advance()
            on_null = c.accept("ON", "NULL")
            begin = c.i
            _skip_expression(c, _COLUMN_CONSTRAINT_WORDS - {"DEFAULT", "AS", "COLLATE"})
            column.default = _expression(c, begin, c.i - 1, owner, "default", target_type=dtype.source or None)
            if on_null:
                fire(owner, "OR203", span, f"column {name}: DEFAULT ON NULL also replaces explicit NULLs in Oracle")
            continue
        if c.at("GENERATED") or c.at("AS"):
            _generated(c, column, owner)
            continue
        if c.at_any(*_COLUMN_CONSTRAINT_WORDS) or c.at("CONSTRAINT"):
            _column_constraint(c, column, owner)
            continue
        c.fail(f"unexpected {c.token().text} in column {name}")
    return column


def _generated(c: TokenCursor, column: Column, owner: Table) -> None:
    if c.accept("GENERATED"):
        if c.accept("ALWAYS"):
            always = True
        else:
            c.expect("BY", "DEFAULT")
            always = False
        on_null = c.accept("ON", "NULL")
        c.expect("AS")
        if c.accept("IDENTITY"):
            identity = Identity(always=always, on_null=on_null)
            if c.word() == "(":
                for first, last in c.split_group():
                    _identity_option(c.sub(first, last), identity)
            while c.at_any("START", "INCREMENT", "MAXVALUE", "MINVALUE", "NOMAXVALUE", "NOMINVALUE", "CACHE",
                           "NOCACHE", "CYCLE", "NOCYCLE", "ORDER", "NOORDER"):
                end = c.i
                c.advance()
                while not c.done and c.word() not in ("", ) and c.at_any("WITH", "BY"):
                    c.advance()
                if not c.done and c.token().token_type.name == "NUMBER" or c.word() == "-":
                    c.number()
                _identity_option(c.sub(end, c.i - 1), identity)
            column.identity = identity
            return
    else:
        c.expect("AS")
    first, last = c.skip_group()
    column.generated = _expression(c, first, last, owner, "generated")
    c.accept("VIRTUAL")


def _identity_option(c: TokenCursor, identity: Identity) -> None:
    # START WITH n | INCREMENT BY n | MAXVALUE n | MINVALUE n | CACHE n | NOCACHE | CYCLE | NOCYCLE | ORDER ...
    while not c.done:
        if c.accept("START", "WITH"):
            if c.accept("LIMIT", "VALUE"):
                identity.options["start"] = "LIMIT VALUE"
            else:
                identity.options["start"] = str(c.number())
        elif c.accept("INCREMENT", "BY"):
            identity.options["increment"] = str(c.number())
        elif c.accept("MAXVALUE"):
            identity.options["maxvalue"] = str(c.number())
        elif c.accept("MINVALUE"):
            identity.options["minvalue"] = str(c.number())
        elif c.accept("CACHE"):
            identity.options["cache"] = str(c.number())
        elif c.accept("CYCLE"):
            identity.options["cycle"] = "true"
        else:
            c.advance()    # NOCACHE, NOCYCLE, ORDER, NOORDER, NOMAXVALUE, NOMINVALUE, KEEP: PostgreSQL defaults


def _skip_expression(c: TokenCursor, stop_words: set[str]) -> None:
    depth = 0
    while not c.done:
        w = c.word()
        if depth == 0 and w in stop_words:
            # NOT NULL / NULL end an expression; NOT inside an expression (NOT IN) is rare in defaults
            break
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
        c.advance()


def _expression(c: TokenCursor, first: int, last: int, owner: SchemaObject | None, context: str,
                target_type: str | None = None) -> exp.Expression | None:
    """Parse and convert the expression between tokens `first` and `last` (a DEFAULT, CHECK or virtual column).

    The columns of `owner` declared so far tell the converter which names are dates or numbers; `target_type`
    is the Oracle type a DEFAULT is stored in (SYS_GUID() into RAW(16) becomes a uuid, etc.).
    """
    from sct.converter.dialects import oracle_sql

    if first > last:
        c.fail("expected an expression")
    text = c.source(first, last)
    span = c.span_at(first)
    try:
        tree = oracle_sql.parse_expression(text, span)
    except oracle_sql.SqlParseError as error:
        raise DdlSyntaxError(f"cannot parse expression {text!r}: {error.message}", error.span) from None
    columns = owner.columns if isinstance(owner, Table) else ()
    column_types = {col.name: col.type.source for col in columns if col.type.source}
    return oracle_sql.convert_tree(tree, owner, span, context=context, column_types=column_types,
                                   target_type=target_type)


def _check_expression(c: TokenCursor, first: int, last: int, owner: SchemaObject,
                      constraint: Constraint) -> exp.Expression | None:
    """The condition of a CHECK constraint; None (constraint not created, OR230) when it cannot be converted.

    A condition PostgreSQL cannot express costs only that constraint, not the whole table: the table is
    created without it and the finding says what was lost.
    """
    probe = Table(name=owner.name, span=owner.span, columns=list(getattr(owner, "columns", [])))
    tree = _expression(c, first, last, probe, "check")
    blocking = [f for f in probe.findings if f.effort.rank >= Effort.MANUAL.rank]
    for finding in probe.findings:
        if finding not in blocking and finding not in owner.findings:
            owner.findings.append(finding)
    if not blocking:
        return tree
    label = f"CHECK constraint {constraint.name}" if constraint.name else "CHECK constraint"
    reasons = "; ".join(dict.fromkeys(f.message for f in blocking))
    fire(owner, "OR230", constraint.span,
         f"{label} ({' '.join(c.source(first, last).split())}) is not created: {reasons}")
    return None


def _column_constraint(c: TokenCursor, column: Column, owner: Table) -> None:
    span = c.span_at()
    name = None
    if c.accept("CONSTRAINT"):
        name = column_name(c)
    if c.accept("NOT", "NULL"):
        column.not_null = True
        _constraint_state(c, Constraint(kind="not_null", span=span, name=name), owner)
        return
    if c.accept("NULL"):
        return
    if c.accept("PRIMARY", "KEY"):
        constraint = Constraint(kind="primary", span=span, name=name, columns=[column.name])
    elif c.accept("UNIQUE"):
        constraint = Constraint(kind="unique", span=span, name=name, columns=[column.name])
    elif c.accept("REFERENCES"):
        constraint = Constraint(kind="foreign", span=span, name=name, columns=[column.name])
        _references(c, constraint)
    elif c.at("CHECK"):
        c.advance()
        first, last = c.skip_group()
        constraint = Constraint(kind="check", span=span, name=name)
        constraint.check = _check_expression(c, first, last, owner, constraint)
    elif c.at_any(*_CONSTRAINT_STATE_WORDS):
        _constraint_state(c, Constraint(kind="state", span=span), owner)
        return
    else:
        c.fail(f"unexpected {c.token().text if c.token() else 'end'} in column {column.name}")
        raise AssertionError
    _constraint_state(c, constraint, owner)
    owner.constraints.append(constraint)


def table_constraint(c: TokenCursor, owner: SchemaObject | None = None) -> Constraint:
    span = c.span_at()
    name = None
    if c.accept("CONSTRAINT"):
        name = column_name(c)
    if c.accept("PRIMARY", "KEY"):
        constraint = Constraint(kind="primary", span=span, name=name, columns=_name_list(c))
    elif c.accept("UNIQUE"):
        constraint = Constraint(kind="unique", span=span, name=name, columns=_name_list(c))
    elif c.accept("FOREIGN", "KEY"):
        constraint = Constraint(kind="foreign", span=span, name=name, columns=_name_list(c))
        c.expect("REFERENCES")
        _references(c, constraint)
    elif c.accept("CHECK"):
        first, last = c.skip_group()
        constraint = Constraint(kind="check", span=span, name=name)
        constraint.check = _check_expression(c, first, last, owner, constraint) if owner else None
    else:
        c.fail(f"unexpected {c.token().text if c.token() else 'end'} in constraint")
        raise AssertionError
    _constraint_state(c, constraint, owner)
    return constraint


def _name_list(c: TokenCursor) -> list[str]:
    names = []
    for first, last in c.split_group():
        sub = c.sub(first, last)
        names.append(column_name(sub))
    return names


def _references(c: TokenCursor, constraint: Constraint) -> None:
    constraint.ref_table = qname(c)
    if c.word() == "(":
        constraint.ref_columns = _name_list(c)
    if c.accept("ON", "DELETE"):
        if c.accept("CASCADE"):
            constraint.on_delete = "CASCADE"
        else:
            c.expect("SET", "NULL")
            constraint.on_delete = "SET NULL"


def _constraint_state(c: TokenCursor, constraint: Constraint, owner: SchemaObject | None) -> None:
    while not c.done:
        if c.accept("NOT", "DEFERRABLE"):
            constraint.deferrable = False
        elif c.accept("DEFERRABLE"):
            constraint.deferrable = True
        elif c.accept("INITIALLY", "DEFERRED"):
            constraint.initially_deferred = True
        elif c.accept("INITIALLY", "IMMEDIATE"):
            constraint.initially_deferred = False
        elif c.accept("ENABLE"):
            constraint.enabled = True
        elif c.accept("DISABLE"):
            constraint.enabled = False
        elif c.accept("VALIDATE"):
            constraint.validated = True
        elif c.accept("NOVALIDATE"):
            constraint.validated = False
        elif c.accept("RELY") or c.accept("NORELY"):
            pass
        elif c.accept("USING", "INDEX"):
            if c.word() == "(":
                c.skip_group()                       # CREATE INDEX ... inside: its storage does not matter
            elif c.is_name() and c.word() not in STORAGE_WORDS:
                constraint.index_name = qname(c).name
            while c.at_any(*STORAGE_WORDS) and not c.at_any("ENABLE", "DISABLE"):
                _skip_storage_clause(c)
        elif c.accept("EXCEPTIONS", "INTO"):
            qname(c)
        else:
            break


def _skip_storage_clause(c: TokenCursor) -> str:
    """Skip one physical clause (a word, its value or parenthesised group); return the clause's first word."""
    word = c.advance().text.upper()
    while not c.done:
        if c.word() == "(":
            c.skip_group()
        elif c.word() in STORAGE_WORDS or c.word() in ("AS", "PARTITION", "ON", "ORGANIZATION", "NESTED",
                                                            "CLUSTER", "EXTERNAL", "PARALLEL") or c.word() == ",":
            break
        elif c.is_name() or (c.token() and c.token().token_type.name in ("NUMBER", "STRING")):
            c.advance()
        else:
            break
    return word


def _table_clauses(c: TokenCursor, table: Table) -> None:
    dropped: list[str] = []
    while not c.done:
        span = c.span_at()
        if c.accept("ON", "COMMIT"):
            table.on_commit = "DELETE ROWS" if c.accept("DELETE") else "PRESERVE ROWS"
            c.accept("PRESERVE")
            c.accept("ROWS")
            c.accept("DEFINITION")
        elif c.at("ORGANIZATION", "EXTERNAL"):
            fire(table, "OR219", span, "external table (ORGANIZATION EXTERNAL): use file_fdw or COPY")
            return
        elif c.at("ORGANIZATION", "INDEX"):
            c.i += 2
            fire(table, "OR220", span)
        elif c.at("ORGANIZATION", "HEAP"):
            c.i += 2
        elif c.at("PARTITION", "BY") or c.at("SUBPARTITION", "BY"):
            begin = c.i
            c.until("AS", "ENABLE", "DISABLE", "CACHE", "NOCACHE", "PARALLEL", "NOPARALLEL", "ROW")
            words = " ".join(c.source(begin, min(begin + 3, c.i - 1)).split())
            fire(table, "OR221", span, f"{words} ...: the table is created without partitions")
        elif c.at("CLUSTER"):
            c.advance()
            qname(c)
            if c.word() == "(":
                c.skip_group()
            fire(table, "OR202", span, "CLUSTER clause: PostgreSQL has no table clusters; table created on its own")
        elif c.accept("NESTED", "TABLE"):
            column = column_name(c) if c.is_name() else "?"
            c.accept("STORE", "AS")
            if c.is_name():
                c.advance()
            if c.word() == "(":
                c.skip_group()
            if c.accept("RETURN"):
                c.accept("AS")
                c.advance()
            fire(table, "OR218", span, f"NESTED TABLE {column}: PostgreSQL has no nested tables; the collection "
                                       "is stored in the row, as an array", effort=Effort.REVIEW)
        elif c.at("AS"):
            fire(table, "OR222", span, "CREATE TABLE ... AS SELECT is not converted")
            return
        elif c.at_any(*STORAGE_WORDS) or c.at("NO"):
            dropped.append(_skip_storage_clause(c))
        elif c.word() in ("(", ","):
            c.skip_group() if c.word() == "(" else c.advance()
        else:
            c.fail(f"unexpected {c.token().text} after the column list of {table.name}")
    if dropped:
        words = ", ".join(dict.fromkeys(dropped))
        fire(table, "OR201", table.span, f"physical attributes dropped: {words}")


# --- ALTER TABLE -------------------------------------------------------------------------------------------

def _alter_table(c: TokenCursor, text: str, start: Span) -> TableChange:
    change = TableChange(table=qname(c), span=start, source_text=text)
    holder = Table(name=change.table, span=start)      # collects columns/constraints/findings while parsing
    if c.accept("ADD"):
        if c.word() == "(":
            for first, last in c.split_group():
                _alter_add_item(c.sub(first, last), holder)
        else:
            _alter_add_item(c.sub(c.i, len(c.tokens) - 1), holder)
            c.i = len(c.tokens)
        change.add_columns = holder.columns
        change.add_constraints = holder.constraints
    elif c.accept("MODIFY"):
        if c.accept("CONSTRAINT"):
            name = column_name(c)
            toggle = None
            while not c.done:
                word = c.advance().text.upper()
                if word in ("ENABLE", "DISABLE"):
                    toggle = word == "ENABLE"
            if toggle is None:
                change.unsupported = "MODIFY CONSTRAINT " + name + " (only ENABLE/DISABLE are converted)"
            else:
                change.toggle_constraint = (name, toggle)
        elif c.at("PRIMARY") or c.at("UNIQUE"):
            change.unsupported = "MODIFY " + c.word()
        elif c.word() == "(":
            for first, last in c.split_group():
                change.modify_columns.append(_modify_column(c.sub(first, last), holder))
        else:
            change.modify_columns.append(_modify_column(c.sub(c.i, len(c.tokens) - 1), holder))
            c.i = len(c.tokens)
        change.add_constraints = holder.constraints
    elif c.at_any("ENABLE", "DISABLE"):
        enable = c.advance().text.upper() == "ENABLE"
        c.accept("NOVALIDATE") or c.accept("VALIDATE")
        if c.accept("CONSTRAINT"):
            change.toggle_constraint = (column_name(c), enable)
        else:
            change.unsupported = " ".join(text.split()[3:6])
    elif c.accept("DROP", "CONSTRAINT"):
        change.drop_constraint = column_name(c)
    elif c.accept("DROP"):
        c.accept("COLUMN")
        if c.word() == "(":
            change.drop_columns = _name_list(c)
        else:
            change.drop_columns = [column_name(c)]
    elif c.accept("RENAME", "COLUMN"):
        old = column_name(c)
        c.expect("TO")
        change.rename_column = (old, column_name(c))
    else:
        change.unsupported = " ".join(c.source(c.i, min(c.i + 3, len(c.tokens) - 1)).split())
    change.add_constraints = holder.constraints
    change.findings = holder.findings
    return change


def _alter_add_item(c: TokenCursor, holder: Table) -> None:
    if c.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"):
        holder.constraints.append(table_constraint(c, holder))
    else:
        holder.columns.append(column_definition(c, holder))


def _modify_column(c: TokenCursor, holder: Table) -> tuple[str, dict]:
    name = column_name(c)
    changes: dict = {}
    if not c.done and not c.at_any(*_COLUMN_CONSTRAINT_WORDS):
        changes["type"] = data_type(c)
    probe = Column(name=name, type=DataType("", ""), span=c.span_at())
    before = len(holder.constraints)
    while not c.done:
        if c.at("GENERATED"):
            _generated(c, probe, holder)
            if probe.identity is not None:
                changes["identity"] = probe.identity
            elif probe.generated is not None:
                changes["generated"] = probe.generated
        elif c.accept("DEFAULT"):
            begin = c.i
            _skip_expression(c, _COLUMN_CONSTRAINT_WORDS - {"DEFAULT", "AS"})
            old = next((col for col in holder.columns if col.name == name), None)
            kind = changes["type"].source if "type" in changes else (old.type.source if old else None)
            changes["default"] = _expression(c, begin, c.i - 1, holder, "default", target_type=kind or None)
        elif c.at("NULL"):
            c.advance()
            changes["not_null"] = False
        else:
            _column_constraint(c, probe, holder)
    if probe.not_null:
        changes["not_null"] = True
    del holder.constraints[before:before]
    return name, changes


# --- CREATE INDEX ------------------------------------------------------------------------------------------

def _create_index(c: TokenCursor, text: str, start: Span) -> Index:
    unique = c.accept("UNIQUE")
    bitmap = c.accept("BITMAP")
    c.accept("MULTIVALUE")
    c.accept("SEARCH")
    c.expect("INDEX")
    c.accept("IF", "NOT", "EXISTS")
    index = Index(name=qname(c), span=start, source_text=text, unique=unique)
    c.expect("ON")
    if c.accept("CLUSTER"):
        qname(c)
        fire(index, "OR202", start, "cluster index: PostgreSQL has no table clusters")
        return index
    index.table = qname(c)
    if c.is_name() and c.word() != "(":        # table alias (bitmap join indexes)
        c.advance()
    for first, last in c.split_group():
        sub = c.sub(first, last)
        descending = False
        if sub.tokens and sub.tokens[-1].text.upper() in ("ASC", "DESC"):
            descending = sub.tokens[-1].text.upper() == "DESC"
            last -= 1
        tree = _expression(c, first, last, index, "index")
        index.columns.append(IndexColumn(expression=tree, descending=descending))
    if bitmap:
        fire(index, "OR210", start)
    dropped = []
    while not c.done:
        if c.at("FROM"):
            fire(index, "OR211", c.span_at(), "bitmap join index: PostgreSQL indexes cover one table")
            return index
        if c.accept("INDEXTYPE", "IS"):
            kind = str(qname(c))
            fire(index, "OR211", start, f"domain index (INDEXTYPE IS {kind}): use a PostgreSQL full-text or "
                                        "GIN/GiST index instead")
            return index
        if c.at_any("LOCAL", "GLOBAL"):
            c.advance()
            if c.accept("PARTITION", "BY"):
                c.until("TABLESPACE", "PARALLEL", "NOPARALLEL", "COMPRESS", "LOGGING", "NOLOGGING")
            elif c.word() == "(":
                c.skip_group()
            dropped.append("partitioning")
            continue
        if c.word() == "(":
            c.skip_group()
            continue
        dropped.append(_skip_storage_clause(c))
    if dropped:
        fire(index, "OR201", start, "physical attributes dropped: " + ", ".join(dict.fromkeys(dropped)))
    return index


# --- CREATE SEQUENCE ---------------------------------------------------------------------------------------

def _create_sequence(c: TokenCursor, text: str, start: Span) -> Sequence:
    c.accept("IF", "NOT", "EXISTS")
    seq = Sequence(name=qname(c), span=start, source_text=text)
    while not c.done:
        if c.accept("START", "WITH"):
            seq.start = c.number()
        elif c.accept("INCREMENT", "BY"):
            seq.increment = c.number()
        elif c.accept("MAXVALUE"):
            seq.maxvalue = c.number()
        elif c.accept("MINVALUE"):
            seq.minvalue = c.number()
        elif c.accept("CACHE"):
            seq.cache = c.number()
        elif c.accept("CYCLE"):
            seq.cycle = True
        elif c.at_any("NOCACHE", "NOCYCLE", "NOMAXVALUE", "NOMINVALUE", "ORDER", "NOORDER", "KEEP", "NOKEEP",
                      "NOSCALE", "GLOBAL", "SESSION", "SHARING", "NOSHARD"):
            if c.word() == "ORDER":
                fire(seq, "OR212", c.span_at(), "ORDER has no meaning on a single PostgreSQL server; dropped")
            c.advance()
            if c.word() == "=":
                c.advance()
                c.advance()
        elif c.accept("SCALE"):
            fire(seq, "OR212", c.span_at(), "SCALE sequences (instance/session prefix) are not converted")
            c.accept("EXTEND") or c.accept("NOEXTEND")
        else:
            c.fail(f"unexpected {c.token().text} in CREATE SEQUENCE")
    return seq


# --- CREATE VIEW / MATERIALIZED VIEW -----------------------------------------------------------------------

def _create_view(c: TokenCursor, text: str, start: Span, materialized: bool) -> View:
    from sct.converter.dialects import oracle_sql

    cls = MaterializedView if materialized else View
    c.accept("IF", "NOT", "EXISTS")
    view = cls(name=qname(c), span=start, source_text=text)
    if c.accept("SHARING"):
        c.advance()
        c.advance()
    if c.word() == "(":
        for first, last in c.split_group():
            sub = c.sub(first, last)
            if sub.at_any("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"):
                fire(view, "OR223", sub.span_at(), "view constraint dropped (PostgreSQL views have none)")
                continue
            view.columns.append(column_name(sub))
    if c.accept("OF"):
        fire(view, "OR218", start, "object view (OF type): PostgreSQL has no object views")
        return view
    if materialized:
        _mview_clauses(c, view)
    else:
        while not c.done and not c.at("AS"):
            if c.accept("BEQUEATH"):
                c.advance()
            elif c.accept("DEFAULT", "COLLATION"):
                c.advance()
            else:
                c.fail(f"unexpected {c.token().text} before AS in CREATE VIEW")
    c.expect("AS")
    query_first = c.i
    query_last = len(c.tokens) - 1
    # trailing WITH READ ONLY / WITH CHECK OPTION [CONSTRAINT name] belong to the view, not the query
    tail = _view_tail(c, query_first)
    if tail is not None:
        query_last = tail - 1
        c.i = tail
        c.accept("WITH")
        if c.accept("READ", "ONLY"):
            view.read_only = True
        elif c.accept("CHECK", "OPTION"):
            view.check_option = True
        if c.accept("CONSTRAINT"):
            c.advance()
    query_text = c.source(query_first, query_last)
    query_span = c.span_at(query_first)
    try:
        tree = oracle_sql.parse_sql(query_text, query_span)
    except oracle_sql.SqlParseError as error:
        fire(view, "OR010", error.span, f"cannot parse the view's query: {error.message}")
        return view
    view.query = oracle_sql.convert_tree(tree, view, query_span, context="query")
    if view.read_only:
        fire(view, "OR224", start)
    return view


def _view_tail(c: TokenCursor, first: int) -> int | None:
    depth = 0
    for j in range(first, len(c.tokens)):
        w = c.word(j - c.i)
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
        elif depth == 0 and w == "WITH" and c.word(j - c.i + 1) in ("READ", "CHECK"):
            return j
    return None


def _mview_clauses(c: TokenCursor, view: MaterializedView) -> None:
    while not c.done and not c.at("AS"):
        span = c.span_at()
        if c.accept("BUILD"):
            view.build_deferred = c.advance().text.upper() == "DEFERRED"
        elif c.at("REFRESH") or c.at("NEVER", "REFRESH"):
            begin = c.i
            c.advance()
            if c.word() == "REFRESH":
                c.advance()
            while not c.done and not c.at("AS") and not c.at_any("ENABLE", "DISABLE", "BUILD", "USING", "FOR"):
                if c.at("WITH") and c.word(1) in ("PRIMARY", "ROWID"):
                    c.advance()
                c.advance()
            view.refresh = " ".join(c.source(begin, c.i - 1).split()).upper()
        elif c.at_any("ENABLE", "DISABLE") and c.word(1) in ("QUERY", "ON"):
            begin = c.i
            c.until("AS", "REFRESH", "BUILD")
            clause = " ".join(c.source(begin, c.i - 1).split()).upper()
            if clause.startswith("ENABLE QUERY REWRITE"):
                fire(view, "OR225", span, "ENABLE QUERY REWRITE: PostgreSQL does not rewrite queries to use "
                                          "materialized views; queries must name the view")
        elif c.accept("ON", "PREBUILT", "TABLE"):
            fire(view, "OR225", span, "ON PREBUILT TABLE: register the existing table by hand",
                 effort=None)
            c.until("AS")
        elif c.accept("FOR", "UPDATE"):
            fire(view, "OR225", span, "updatable materialized view (FOR UPDATE) is not supported")
        elif c.at("PARTITION", "BY"):
            c.until("AS", "REFRESH", "BUILD", "ENABLE", "DISABLE")
            fire(view, "OR221", span, "partitioned materialized view: created without partitions")
        elif c.accept("USING", "INDEX"):
            while c.at_any(*STORAGE_WORDS) and not c.at_any("ENABLE", "DISABLE"):
                _skip_storage_clause(c)
        elif c.accept("USING", "NO", "INDEX"):
            pass
        elif c.at_any(*STORAGE_WORDS) or c.at("NO"):
            _skip_storage_clause(c)
        elif c.word() == "(":
            c.skip_group()
        else:
            c.fail(f"unexpected {c.token().text} in CREATE MATERIALIZED VIEW")


# --- CREATE SYNONYM ----------------------------------------------------------------------------------------

def _create_synonym(c: TokenCursor, text: str, start: Span) -> Synonym:
    public = c.accept("PUBLIC")
    c.expect("SYNONYM")
    name = qname(c)
    if c.accept("SHARING"):
        c.advance()
        c.advance()
    c.expect("FOR")
    target = qname(c)
    synonym = Synonym(name=name, span=start, source_text=text, target=target, public=public)
    if c.accept("@"):
        fire(synonym, "OR226", start, f"synonym over a database link ({text.split('@')[-1].strip()}): "
                                      "use postgres_fdw")
    return synonym
