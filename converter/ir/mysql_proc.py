"""Typed IR for MySQL and MariaDB stored programs: units, declarations, statements, with their places.

converter.procedural_mysql.build fills it from the parse tree of grammars/MySqlProcParser.g4. As in
converter/ir/plsql.py, SQL and expressions are not parsed here: they are `Text` leaves (the source text
and its place) for sqlglot to read later. Every node has a `Where`: its first character's line and column
in the source file, and its start and end offsets into the unit's text. `Where` and `Text` are the PL/SQL
IR's, so code that handles spans works on both.

Words are kept as written (names, labels); keywords that the IR records as values (modes, handler
actions, characteristics) are upper case.

What MySQL decides at run time stays undecided here: `SET x = 1` assigns a local variable or, when no
local `x` is in scope, the session's system variable `x`; the IR says "local" (the scope written) and
the converter, which knows the declarations, decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .plsql import Text, Where

__all__ = [
    "AnonymousBlock", "Assignment", "Block", "Branch", "Call", "Case", "Close", "Commit", "Cursor",
    "Deallocate", "Declaration", "DeclareCondition", "DeclareVariable", "DiagnosticsItem", "Event",
    "Execute", "Fetch", "ForCursor", "ForRange", "GetDiagnostics", "Handler", "HandlerCondition", "If", "Into", "Iterate", "Leave",
    "LoadableFunction", "Loop", "Open", "Package", "Parameter", "Prepare", "ReleaseSavepoint", "Repeat", "Return", "Rollback",
    "Routine", "Savepoint", "Schedule", "Set", "Signal", "SignalItem", "SqlStatement", "StartTransaction",
    "Stmt", "Text", "Trigger", "Unit", "Where", "While",
]


# --- declarations ----------------------------------------------------------------------------------------

@dataclass
class Declaration:
    """Base of what a block's DECLARE statements (and a package body) hold."""

    where: Where


@dataclass
class DeclareVariable(Declaration):
    """DECLARE a[, b ...] type [DEFAULT value]"""

    names: list[str]
    type: Text
    default: Text | None = None


@dataclass
class DeclareCondition(Declaration):
    """DECLARE name CONDITION FOR SQLSTATE [VALUE] '...' | error_code"""

    name: str
    sqlstate: str | None = None             # the five characters, without quotes
    error_code: int | None = None           # a MySQL error number (1051, ...)


@dataclass
class Cursor(Declaration):
    """DECLARE name CURSOR FOR query"""

    name: str
    query: Text


@dataclass
class HandlerCondition:
    """One condition of a handler: kind "SQLSTATE" (value '23000'), "ERROR" (value '1062'), "NAME" (a
    declared condition), or "SQLWARNING", "NOT FOUND", "SQLEXCEPTION" (no value)."""

    where: Where
    kind: str
    value: str | None = None


@dataclass
class Handler(Declaration):
    """DECLARE CONTINUE | EXIT | UNDO HANDLER FOR condition[, ...] statement"""

    action: str                             # "CONTINUE", "EXIT" or "UNDO"
    conditions: list[HandlerCondition]
    statement: Stmt


# --- statements --------------------------------------------------------------------------------------------

@dataclass
class Stmt:
    """Base of every statement; `label` is the `label:` written before a block or loop."""

    where: Where
    label: str | None = field(default=None, kw_only=True)


@dataclass
class Block(Stmt):
    """[label:] BEGIN [NOT ATOMIC] declarations statements END [label]"""

    declarations: list[Declaration] = field(default_factory=list)
    statements: list[Stmt] = field(default_factory=list)
    not_atomic: bool = False
    end_label: str | None = None

    @property
    def handlers(self) -> list[Handler]:
        return [d for d in self.declarations if isinstance(d, Handler)]


@dataclass
class Assignment:
    """target = value in a SET list.

    `scope`: "local" (a plain name: a local variable, a parameter, or a system variable when no local is
    in scope), "row" (NEW.col or OLD.col in a trigger), "user" (@name), or a system variable's scope:
    "session" (@@name, @@session.name, SESSION name, LOCAL name), "global", "persist", "persist_only".
    `name` is the variable without its @, @@ or scope word.
    """

    where: Where
    target: Text                            # as written: x, NEW.total, @n, @@session.sql_mode
    scope: str
    name: str
    value: Text


@dataclass
class Set(Stmt):
    """SET target = value[, ...]"""

    assignments: list[Assignment] = field(default_factory=list)


@dataclass
class Branch:
    """One WHEN or IF/ELSEIF arm: the condition (or simple CASE value) and its statements."""

    where: Where
    condition: Text
    statements: list[Stmt] = field(default_factory=list)


@dataclass
class If(Stmt):
    """IF ... THEN ... [ELSEIF ...]... [ELSE ...] END IF; `branches[0]` is the IF arm."""

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
    """[label:] LOOP ... END LOOP [label]"""

    statements: list[Stmt] = field(default_factory=list)
    end_label: str | None = None


@dataclass
class Repeat(Stmt):
    """[label:] REPEAT ... UNTIL condition END REPEAT [label]"""

    statements: list[Stmt]
    until: Text
    end_label: str | None = None


@dataclass
class While(Stmt):
    """[label:] WHILE condition DO ... END WHILE [label]"""

    condition: Text
    statements: list[Stmt] = field(default_factory=list)
    end_label: str | None = None


@dataclass
class ForRange(Stmt):
    """MariaDB: [label:] FOR i IN [REVERSE] low .. high DO ... END FOR [label]"""

    variable: str
    low: Text
    high: Text
    reverse: bool = False
    statements: list[Stmt] = field(default_factory=list)
    end_label: str | None = None


@dataclass
class ForCursor(Stmt):
    """MariaDB: [label:] FOR rec IN cursor[(arguments)] | (query) DO ... END FOR [label]"""

    variable: str
    cursor: str | None = None
    arguments: Text | None = None           # the text inside the parentheses after the cursor's name
    query: Text | None = None               # the text inside the parentheses
    statements: list[Stmt] = field(default_factory=list)
    end_label: str | None = None


@dataclass
class Leave(Stmt):
    target: str                             # the label of the block or loop left


@dataclass
class Iterate(Stmt):
    target: str                             # the label of the loop iterated


@dataclass
class Return(Stmt):
    value: Text


@dataclass
class Open(Stmt):
    cursor: str


@dataclass
class Fetch(Stmt):
    """FETCH [[NEXT] FROM] cursor INTO target[, ...]; MariaDB's FETCH GROUP NEXT ROW has no cursor."""

    cursor: str | None
    targets: list[Text] = field(default_factory=list)
    group_next_row: bool = False


@dataclass
class Close(Stmt):
    cursor: str


@dataclass
class SignalItem:
    """MESSAGE_TEXT = value, MYSQL_ERRNO = value, ... of a SIGNAL's or RESIGNAL's SET list."""

    where: Where
    name: str                               # upper case
    value: Text


@dataclass
class Signal(Stmt):
    """SIGNAL SQLSTATE [VALUE] '...' | condition [SET ...]; RESIGNAL [...] [SET ...] (resignal=True)."""

    resignal: bool = False
    sqlstate: str | None = None             # without quotes
    condition: str | None = None            # a declared condition's name
    items: list[SignalItem] = field(default_factory=list)


@dataclass
class DiagnosticsItem:
    """target = NUMBER | ROW_COUNT (statement area), or = MESSAGE_TEXT | RETURNED_SQLSTATE | ... (condition)."""

    where: Where
    target: Text
    name: str                               # upper case


@dataclass
class GetDiagnostics(Stmt):
    """GET [CURRENT | STACKED] DIAGNOSTICS [CONDITION n] target = item, ..."""

    area: str = "CURRENT"                   # "CURRENT" or "STACKED"
    condition: Text | None = None           # CONDITION n: n; None: the statement information
    items: list[DiagnosticsItem] = field(default_factory=list)


@dataclass
class Prepare(Stmt):
    """PREPARE name FROM 'text' | @var | expression (MariaDB)"""

    name: str
    source: Text


@dataclass
class Execute(Stmt):
    """EXECUTE name [USING ...]; MariaDB's EXECUTE IMMEDIATE text [USING ...] has `statement` and no name."""

    name: str | None
    using: list[Text] = field(default_factory=list)
    statement: Text | None = None


@dataclass
class Deallocate(Stmt):
    """DEALLOCATE PREPARE name, DROP PREPARE name"""

    name: str


@dataclass
class Call(Stmt):
    """CALL name[(arguments)]; `arguments` is the text inside the parentheses."""

    name: str
    arguments: Text | None = None


@dataclass
class StartTransaction(Stmt):
    options: Text | None = None             # WITH CONSISTENT SNAPSHOT, READ ONLY, ...


@dataclass
class Commit(Stmt):
    options: Text | None = None             # WORK, AND CHAIN, RELEASE, ...


@dataclass
class Rollback(Stmt):
    savepoint: str | None = None
    options: Text | None = None             # WORK, AND CHAIN, RELEASE, ... (not with a savepoint)


@dataclass
class Savepoint(Stmt):
    name: str


@dataclass
class ReleaseSavepoint(Stmt):
    name: str


@dataclass
class Into:
    """The INTO clause of a SELECT: INTO target[, ...] (variables), or INTO OUTFILE | DUMPFILE file.

    `where` covers the whole clause, so a converter can cut it out of the statement's text.
    """

    where: Where
    targets: list[Text] = field(default_factory=list)
    file: Text | None = None                # OUTFILE / DUMPFILE: the file name's string literal


@dataclass
class SqlStatement(Stmt):
    """Any SQL statement: SELECT (with `into` when it has an INTO clause), INSERT, REPLACE, UPDATE, DELETE,
    CREATE TEMPORARY TABLE, DROP, TRUNCATE, DO, other SETs (NAMES, TRANSACTION, ...), ...

    `verb` is its first word in upper case ("(" for a statement in parentheses); `sql` is the whole text.
    A SELECT without INTO in a procedure sends its rows to the client.
    """

    verb: str
    sql: Text
    into: Into | None = None


# --- units -------------------------------------------------------------------------------------------------

@dataclass
class Parameter:
    """[IN | OUT | INOUT] name type"""

    where: Where
    name: str
    type: Text
    mode: str = "IN"                        # "IN", "OUT" or "INOUT"


@dataclass
class Unit:
    """Base of what one parse gives: a CREATE statement or an anonymous block."""

    where: Where
    or_replace: bool = field(default=False, kw_only=True)
    if_not_exists: bool = field(default=False, kw_only=True)
    definer: str | None = field(default=None, kw_only=True)     # as written: `root`@`localhost`, CURRENT_USER


@dataclass
class Routine(Unit):
    """CREATE PROCEDURE / CREATE [AGGREGATE] FUNCTION, and a MariaDB package's procedures and functions.

    `deterministic` is None when unsaid (MySQL: NOT DETERMINISTIC); `data_access` is "CONTAINS SQL" (the
    default when unsaid), "NO SQL", "READS SQL DATA" or "MODIFIES SQL DATA"; `security` "DEFINER" (the
    default when unsaid) or "INVOKER". A package specification's heading has no body.
    """

    kind: str                               # "procedure" or "function"
    name: str
    parameters: list[Parameter] = field(default_factory=list)
    returns: Text | None = None             # functions
    aggregate: bool = False                 # MariaDB CREATE AGGREGATE FUNCTION
    deterministic: bool | None = None
    data_access: str | None = None
    security: str | None = None
    comment: Text | None = None             # the string literal as written
    language: str | None = None             # "SQL" when written
    body: Stmt | None = None


@dataclass
class LoadableFunction(Unit):
    """CREATE [AGGREGATE] FUNCTION name RETURNS STRING | INTEGER | REAL | DECIMAL SONAME 'library': native code
    from a shared library, with no SQL body to convert."""

    name: str
    returns: str                            # upper case
    library: Text                           # the string literal as written
    aggregate: bool = False


@dataclass
class Trigger(Unit):
    """CREATE TRIGGER name BEFORE | AFTER INSERT | UPDATE | DELETE ON table FOR EACH ROW [order] body"""

    name: str
    timing: str                             # "BEFORE" or "AFTER"
    event: str                              # "INSERT", "UPDATE" or "DELETE"
    table: str
    body: Stmt
    follows: str | None = None
    precedes: str | None = None


@dataclass
class Schedule:
    """ON SCHEDULE AT timestamp | EVERY interval [STARTS timestamp] [ENDS timestamp].

    EVERY's interval is its quantity (`every`, an expression) and its unit (DAY, HOUR_MINUTE, ...).
    """

    where: Where
    at: Text | None = None
    every: Text | None = None
    unit: str | None = None                 # upper case
    starts: Text | None = None
    ends: Text | None = None


@dataclass
class Event(Unit):
    """CREATE EVENT name ON SCHEDULE ... [ON COMPLETION [NOT] PRESERVE] [ENABLE | DISABLE ...] [COMMENT] DO body"""

    name: str
    schedule: Schedule
    body: Stmt
    preserve: bool | None = None            # ON COMPLETION PRESERVE / NOT PRESERVE; None: unsaid (NOT PRESERVE)
    status: str | None = None               # "ENABLE", "DISABLE" or "DISABLE ON SLAVE"; None: unsaid (ENABLE)
    comment: Text | None = None


@dataclass
class Package(Unit):
    """MariaDB CREATE PACKAGE (the routines' headings) or CREATE PACKAGE BODY (variables, routines, and the
    statements run once per session before the package is first used)."""

    name: str
    body: bool
    declarations: list[Declaration] = field(default_factory=list)
    routines: list[Routine] = field(default_factory=list)
    initialization: list[Stmt] = field(default_factory=list)
    security: str | None = None
    comment: Text | None = None


@dataclass
class AnonymousBlock(Unit):
    """MariaDB's BEGIN NOT ATOMIC ... END run outside any routine."""

    block: Block
