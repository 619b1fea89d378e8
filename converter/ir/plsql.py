"""Typed IR for PL/SQL code: units, declarations, statements, each with where it is in the source.

converter.procedural.build fills it from the parse tree of grammars/PlSqlParser.g4. The grammar does not
parse SQL or expressions, so neither does this IR: they are `Text` leaves (the source text and its place)
for sqlglot to read later. Every node has a `Where`: its first character's line and column in the source
file, and its start and end offsets into the unit's text.

Words are kept as written (`name`, `type`, labels): case folding is the target's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    """A node's place: 1-based line and column in the file, 0-based [start, end) offsets into the unit."""

    line: int
    column: int
    start: int
    end: int


@dataclass(frozen=True)
class Text:
    """SQL, an expression, a type or a name as written, not parsed here."""

    text: str
    where: Where

    def __str__(self) -> str:
        return self.text


# --- declarations ----------------------------------------------------------------------------------------

@dataclass
class Declaration:
    """Base of everything a DECLARE section, a routine's IS part or a package holds."""

    where: Where


@dataclass
class Variable(Declaration):
    """name [CONSTANT] type [NOT NULL] [:= default];"""

    name: str
    type: Text
    constant: bool = False
    not_null: bool = False
    default: Text | None = None


@dataclass
class ExceptionDecl(Declaration):
    """name EXCEPTION;"""

    name: str


@dataclass
class RecordField:
    where: Where
    name: str
    type: Text
    not_null: bool = False
    default: Text | None = None


@dataclass
class RecordType(Declaration):
    """TYPE name IS RECORD (field type, ...);"""

    name: str
    fields: list[RecordField] = field(default_factory=list)


@dataclass
class CollectionType(Declaration):
    """TYPE name IS TABLE OF t [INDEX BY k] | VARRAY(n) OF t; also the body of CREATE TYPE ... AS TABLE OF."""

    name: str
    kind: str                               # "table" or "varray"
    element: Text
    not_null: bool = False
    index_by: Text | None = None            # associative arrays (INDEX BY) only
    limit: Text | None = None               # VARRAY(limit) only


@dataclass
class RefCursorType(Declaration):
    """TYPE name IS REF CURSOR [RETURN type];"""

    name: str
    return_type: Text | None = None


@dataclass
class Subtype(Declaration):
    """SUBTYPE name IS base [RANGE low .. high] [NOT NULL];"""

    name: str
    base: Text
    low: Text | None = None
    high: Text | None = None
    not_null: bool = False


@dataclass
class Parameter:
    """name [IN | OUT | IN OUT] [NOCOPY] type [:= default]"""

    where: Where
    name: str
    type: Text
    mode: str = "IN"                        # "IN", "OUT" or "IN OUT"
    nocopy: bool = False
    default: Text | None = None


@dataclass
class Cursor(Declaration):
    """CURSOR name [(params)] [RETURN type] [IS query]; (no query: a declaration, as in a package spec)."""

    name: str
    parameters: list[Parameter] = field(default_factory=list)
    return_type: Text | None = None
    query: Text | None = None


@dataclass
class Pragma(Declaration):
    """PRAGMA name [(arguments)]; AUTONOMOUS_TRANSACTION, EXCEPTION_INIT, SERIALLY_REUSABLE, ..."""

    name: str
    arguments: Text | None = None           # the text inside the parentheses


@dataclass
class ConditionalCode(Declaration):
    """$IF ... $THEN ... $END or $ERROR ... $END, kept whole: which branch holds is decided at compile time."""

    text: Text


@dataclass
class Routine(Declaration):
    """A procedure or function: standalone, nested, forward-declared, in a package, or a type's method.

    A declaration without a body (a forward declaration, a package spec's or a type spec's heading) has
    neither `body` nor `call_spec`.
    """

    kind: str                               # "procedure" or "function"
    name: str
    parameters: list[Parameter] = field(default_factory=list)
    return_type: Text | None = None         # functions; "SELF AS RESULT" for constructors
    attributes: list[str] = field(default_factory=list)     # "DETERMINISTIC", "AUTHID DEFINER", ...
    method: str | None = None               # type methods: "MEMBER", "STATIC", "MAP MEMBER", "CONSTRUCTOR", ...
    method_qualifiers: list[str] = field(default_factory=list)  # "OVERRIDING", "NOT FINAL", ...
    body: Block | None = None               # with the routine's declarations
    call_spec: Text | None = None           # LANGUAGE JAVA NAME '...' / EXTERNAL ...


# --- statements --------------------------------------------------------------------------------------------

@dataclass
class Stmt:
    """Base of every statement; `labels` are the <<labels>> written just before it."""

    where: Where
    labels: list[str] = field(default_factory=list, kw_only=True)


@dataclass
class Assign(Stmt):
    """target := value; the target may be a record field, a collection element, :NEW.col, a bind."""

    target: Text
    value: Text


@dataclass
class Call(Stmt):
    """name[(arguments)]; `arguments` is the text inside the parentheses, `chain` what follows them."""

    name: str
    arguments: Text | None = None
    chain: Text | None = None               # obj.method(1).other(2): ".other(2)"


@dataclass
class Branch:
    """One WHEN or IF/ELSIF arm: the condition (or CASE value) and its statements."""

    where: Where
    condition: Text
    statements: list[Stmt] = field(default_factory=list)


@dataclass
class If(Stmt):
    """IF ... THEN ... [ELSIF ...]... [ELSE ...] END IF; `branches[0]` is the IF arm."""

    branches: list[Branch] = field(default_factory=list)
    else_statements: list[Stmt] | None = None


@dataclass
class Case(Stmt):
    """CASE [selector] WHEN ... THEN ... [ELSE ...] END CASE; no selector: a searched CASE."""

    selector: Text | None
    branches: list[Branch] = field(default_factory=list)
    else_statements: list[Stmt] | None = None


@dataclass
class Loop(Stmt):
    """LOOP ... END LOOP;"""

    statements: list[Stmt] = field(default_factory=list)


@dataclass
class WhileLoop(Stmt):
    condition: Text
    statements: list[Stmt] = field(default_factory=list)


@dataclass
class ForLoop(Stmt):
    """FOR i IN [REVERSE] low .. high LOOP ... END LOOP;"""

    variable: str
    low: Text
    high: Text
    reverse: bool = False
    statements: list[Stmt] = field(default_factory=list)


@dataclass
class CursorForLoop(Stmt):
    """FOR r IN (query) LOOP or FOR r IN cursor[(arguments)] LOOP."""

    variable: str
    query: Text | None = None
    cursor: str | None = None
    arguments: Text | None = None
    statements: list[Stmt] = field(default_factory=list)


@dataclass
class Into:
    """[BULK COLLECT] INTO target, ..."""

    where: Where
    targets: list[Text]
    bulk: bool = False


@dataclass
class BindArgument:
    """One USING argument: [IN | OUT | IN OUT] value."""

    where: Where
    value: Text
    mode: str = "IN"


@dataclass
class ExecuteImmediate(Stmt):
    """EXECUTE IMMEDIATE statement [INTO ...] [USING ...] [RETURNING INTO ...];"""

    statement: Text
    into: Into | None = None
    using: list[BindArgument] = field(default_factory=list)
    returning: Into | None = None


@dataclass
class SqlStatement(Stmt):
    """SELECT ... INTO, INSERT, UPDATE, DELETE, MERGE (WITH ...: verb "WITH"), as one SQL text."""

    verb: str
    sql: Text


@dataclass
class Forall(Stmt):
    """FORALL i IN low .. high | INDICES OF c [BETWEEN low AND high] | VALUES OF c [SAVE EXCEPTIONS] dml"""

    variable: str
    bounds: str                             # "range", "indices" or "values"
    statement: SqlStatement | ExecuteImmediate
    low: Text | None = None
    high: Text | None = None
    collection: str | None = None
    save_exceptions: bool = False


@dataclass
class Exit(Stmt):
    label: str | None = None
    condition: Text | None = None


@dataclass
class Continue(Stmt):
    label: str | None = None
    condition: Text | None = None


@dataclass
class Goto(Stmt):
    label: str


@dataclass
class Null(Stmt):
    pass


@dataclass
class Return(Stmt):
    value: Text | None = None


@dataclass
class Raise(Stmt):
    """RAISE name; or RAISE; (re-raise, in a handler)."""

    exception: str | None = None


@dataclass
class Open(Stmt):
    cursor: str
    arguments: Text | None = None


@dataclass
class OpenFor(Stmt):
    """OPEN cursor_variable FOR query; or FOR dynamic_string [USING ...];"""

    cursor: Text
    query: Text | None = None
    dynamic: Text | None = None
    using: list[BindArgument] = field(default_factory=list)


@dataclass
class Fetch(Stmt):
    cursor: str
    into: Into
    limit: Text | None = None


@dataclass
class Close(Stmt):
    cursor: str


@dataclass
class Commit(Stmt):
    options: Text | None = None             # WORK, COMMENT '...', WRITE ...


@dataclass
class Rollback(Stmt):
    savepoint: str | None = None


@dataclass
class Savepoint(Stmt):
    name: str


@dataclass
class SetTransaction(Stmt):
    options: Text


@dataclass
class LockTable(Stmt):
    """LOCK TABLE ...; `sql` is the text after LOCK TABLE."""

    sql: Text


@dataclass
class PipeRow(Stmt):
    value: Text


@dataclass
class NestedBlock(Stmt):
    block: Block


@dataclass
class ConditionalStmt(Stmt):
    """$IF ... $END among statements (see ConditionalCode)."""

    text: Text


# --- blocks and units ------------------------------------------------------------------------------------

@dataclass
class Handler:
    """WHEN e1 OR e2 THEN ...; OTHERS is the name "OTHERS"."""

    where: Where
    exceptions: list[str]
    statements: list[Stmt] = field(default_factory=list)


@dataclass
class Block:
    """[DECLARE ...] BEGIN ... [EXCEPTION ...] END [label]; for a routine, its IS ... part is `declarations`."""

    where: Where
    declarations: list[Declaration] = field(default_factory=list)
    statements: list[Stmt] = field(default_factory=list)
    handlers: list[Handler] = field(default_factory=list)
    end_label: str | None = None


@dataclass
class Unit:
    """Base of what one parse gives: a CREATE ... code object or an anonymous block."""

    where: Where
    or_replace: bool = field(default=False, kw_only=True)
    editionable: bool | None = field(default=None, kw_only=True)    # EDITIONABLE / NONEDITIONABLE / unsaid


@dataclass
class AnonymousBlock(Unit):
    block: Block
    labels: list[str] = field(default_factory=list)


@dataclass
class RoutineUnit(Unit):
    """CREATE PROCEDURE / CREATE FUNCTION."""

    routine: Routine


@dataclass
class Package(Unit):
    """CREATE PACKAGE (spec) or CREATE PACKAGE BODY, with its members in source order."""

    name: str
    body: bool
    attributes: list[str] = field(default_factory=list)
    members: list[Declaration] = field(default_factory=list)
    initialization: Block | None = None     # a body's BEGIN ... part


@dataclass
class TriggerEvent:
    """INSERT, UPDATE [OF columns], DELETE, or a DDL / database event (LOGON, DROP, ...)."""

    where: Where
    name: str
    columns: list[str] = field(default_factory=list)


@dataclass
class TimingSection:
    """One section of a compound trigger: BEFORE STATEMENT IS BEGIN ... END BEFORE STATEMENT;"""

    where: Where
    timing: str                             # "BEFORE STATEMENT", "AFTER EACH ROW", ...
    block: Block


@dataclass
class Trigger(Unit):
    name: str
    timing: str                             # "BEFORE", "AFTER", "INSTEAD OF", or "FOR" (compound)
    events: list[TriggerEvent] = field(default_factory=list)
    target: str = ""                        # the table or view, "SCHEMA", "hr.SCHEMA", "DATABASE"
    target_kind: str = "table"              # "table", "nested table", "schema" or "database"
    nested_column: str | None = None        # ON NESTED TABLE column OF view
    referencing: dict[str, str] = field(default_factory=dict)   # {"NEW": "n", "OLD": "o"}
    each_row: bool = False
    options: list[str] = field(default_factory=list)     # "FOLLOWS t1", "ENABLE", ...
    when: Text | None = None                # the condition inside WHEN ( )
    body: Block | None = None               # a simple trigger
    call: Text | None = None                # CALL routine(args)
    declarations: list[Declaration] = field(default_factory=list)   # a compound trigger's
    sections: list[TimingSection] = field(default_factory=list)     # a compound trigger's


@dataclass
class Attribute:
    where: Where
    name: str
    type: Text


@dataclass
class TypeDecl(Unit):
    """CREATE TYPE: an object type (AS OBJECT or UNDER a supertype), a collection, or an incomplete type."""

    name: str
    kind: str                               # "object", "table", "varray" or "incomplete"
    supertype: str | None = None
    attributes: list[Attribute] = field(default_factory=list)
    methods: list[Routine] = field(default_factory=list)      # headings only
    pragmas: list[Pragma] = field(default_factory=list)
    collection: CollectionType | None = None
    modifiers: list[str] = field(default_factory=list)        # "NOT FINAL", "NOT INSTANTIABLE", ...
    type_attributes: list[str] = field(default_factory=list)  # "AUTHID DEFINER", ...
    oid: str | None = None
    force: bool = False


@dataclass
class TypeBody(Unit):
    name: str
    methods: list[Routine] = field(default_factory=list)


def walk(root: object):
    """Every IR node under `root`, `root` included when it is one (dataclasses reached through fields and lists;
    Text nodes are leaves)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
        elif hasattr(node, "__dataclass_fields__"):
            yield node
            if not isinstance(node, Text):
                stack += [getattr(node, f) for f in node.__dataclass_fields__]
