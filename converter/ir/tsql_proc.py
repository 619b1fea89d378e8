"""Typed IR for SQL Server (T-SQL) procedures, functions and triggers: units, statements, with their places.

converter.procedural_tsql.build fills it from the parse tree of grammars/TSqlProcParser.g4. As in
converter/ir/plsql.py and converter/ir/mysql_proc.py, SQL and expressions are not parsed here: they are `Text`
leaves (the source text and its place) for sqlglot's tsql dialect to read later. Every node has a `Where`: its
first character's line and column in the source file, and its start and end offsets into the unit's text.
`Where` and `Text` are the PL/SQL IR's, so code that handles spans works on all three.

Names are kept as written ([Order Details], "Sales by Year", #temp, @var); keywords that the IR records as
values (trigger timing and events, options) are upper case.

T-SQL blocks do not scope variables: a DECLARE anywhere in the body declares for the rest of the batch, so
`Declare` is a statement like any other, in the place it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .plsql import Text, Where

__all__ = [
    "BeginTransaction", "Block", "Break", "Close", "Commit", "Continue", "Deallocate", "Declare", "DeclareCursor",
    "ExecArgument", "Execute", "Fetch", "Function", "Goto", "If", "Label", "Open", "Parameter", "Print",
    "Procedure", "RaiseError", "Return", "Rollback", "SaveTransaction", "SetOption", "SetVariable", "SqlStatement",
    "Stmt", "Text", "Throw", "Trigger", "TryCatch", "Unit", "Variable", "WaitFor", "Where", "While",
]


@dataclass
class Stmt:
    """Base of every statement."""

    where: Where


@dataclass
class Block(Stmt):
    """BEGIN statements END"""

    statements: list[Stmt] = field(default_factory=list)


@dataclass
class TryCatch(Stmt):
    """BEGIN TRY statements END TRY BEGIN CATCH statements END CATCH; ERROR_NUMBER(), ERROR_MESSAGE(), ... are
    calls inside the CATCH statements' spans."""

    try_statements: list[Stmt] = field(default_factory=list)
    catch_statements: list[Stmt] = field(default_factory=list)


@dataclass
class Variable:
    """One variable of a DECLARE: @a type [= value], @t TABLE (columns), @c CURSOR."""

    where: Where
    name: str                               # with its @
    type: Text | None = None                # None for a table variable and a cursor variable
    value: Text | None = None               # the initial value
    table_columns: Text | None = None       # @t TABLE (...): the text inside the parentheses
    cursor: bool = False                    # @c CURSOR: a cursor variable, set later with SET @c = CURSOR FOR ...


@dataclass
class Declare(Stmt):
    """DECLARE @a int = 1, @t TABLE (...), @c CURSOR"""

    variables: list[Variable] = field(default_factory=list)


@dataclass
class DeclareCursor(Stmt):
    """DECLARE name [INSENSITIVE] [SCROLL] CURSOR [options] FOR query [FOR UPDATE [OF ...]]"""

    name: str
    query: Text                             # with its FOR UPDATE clause when it has one
    options: list[str] = field(default_factory=list)     # upper case: LOCAL, FAST_FORWARD, INSENSITIVE, ...


@dataclass
class SetVariable(Stmt):
    """SET @a = value, SET @a += value; SET @c = CURSOR [options] FOR query has that whole text as `value`."""

    target: str                             # with its @
    operator: str                           # "=", "+=", "-=", ...
    value: Text


@dataclass
class SetOption(Stmt):
    """SET NOCOUNT ON, SET XACT_ABORT ON, SET ROWCOUNT n, SET TRANSACTION ISOLATION LEVEL ..., ..."""

    option: str                             # the first word, upper case: NOCOUNT, XACT_ABORT, TRANSACTION, ...
    text: Text                              # everything after SET


@dataclass
class If(Stmt):
    """IF condition statement [ELSE statement]; each branch is one statement, often a Block. `condition` may
    hold a trigger's UPDATE(column) tests."""

    condition: Text
    then: Stmt
    otherwise: Stmt | None = None


@dataclass
class While(Stmt):
    """WHILE condition statement"""

    condition: Text
    body: Stmt


@dataclass
class Break(Stmt):
    pass


@dataclass
class Continue(Stmt):
    pass


@dataclass
class Label(Stmt):
    """name: (a GOTO target)"""

    name: str


@dataclass
class Goto(Stmt):
    label: str


@dataclass
class Return(Stmt):
    """RETURN [value]: a procedure's return code, a scalar function's result; no value in a trigger or a
    multi-statement table-valued function."""

    value: Text | None = None


@dataclass
class RaiseError(Stmt):
    """RAISERROR (message, severity, state [, argument ...]) [WITH option, ...]; `legacy` holds the text of the
    old RAISERROR number 'message' form, which has no `arguments`."""

    arguments: list[Text] = field(default_factory=list)
    options: list[str] = field(default_factory=list)     # upper case: LOG, NOWAIT, SETERROR
    legacy: Text | None = None

    @property
    def message(self) -> Text | None:
        return self.arguments[0] if self.arguments else None

    @property
    def severity(self) -> Text | None:
        return self.arguments[1] if len(self.arguments) > 1 else None

    @property
    def state(self) -> Text | None:
        return self.arguments[2] if len(self.arguments) > 2 else None


@dataclass
class Throw(Stmt):
    """THROW number, message, state; a bare THROW (in a CATCH block) re-raises and has none of them."""

    number: Text | None = None
    message: Text | None = None
    state: Text | None = None


@dataclass
class Print(Stmt):
    value: Text


@dataclass
class ExecArgument:
    """[@name =] value [OUTPUT]; value is a constant, NULL, a variable or DEFAULT."""

    where: Where
    name: str | None
    value: Text
    output: bool = False


@dataclass
class Execute(Stmt):
    """EXEC[UTE] [@status =] procedure args [WITH ...], or EXEC (string) with `dynamic` and no procedure.

    sp_executesql is a procedure call here: `dynamic_sql` gives its statement argument and `parameter_types`
    its parameter list.
    """

    procedure: str | None = None            # as written: dbo.p, [my proc], sp_executesql
    procedure_variable: str | None = None   # EXEC @name: the procedure named by a variable
    status: str | None = None               # EXEC @rc = p: the variable that takes the return code
    arguments: list[ExecArgument] = field(default_factory=list)
    dynamic: Text | None = None             # EXEC (...): the text inside the parentheses
    options: Text | None = None             # WITH RECOMPILE, RESULT SETS ...

    @property
    def is_sp_executesql(self) -> bool:
        return self.procedure is not None and self.procedure.split(".")[-1].strip("[]\"").lower() == "sp_executesql"

    @property
    def dynamic_sql(self) -> Text | None:
        """The statement text argument of sp_executesql, or EXEC (...)'s text."""
        if self.is_sp_executesql and self.arguments:
            return self.arguments[0].value
        return self.dynamic

    @property
    def parameter_types(self) -> Text | None:
        """sp_executesql's second argument: the declarations of the statement's parameters (N'@p int')."""
        return self.arguments[1].value if self.is_sp_executesql and len(self.arguments) > 1 else None


@dataclass
class BeginTransaction(Stmt):
    """BEGIN [DISTRIBUTED] TRAN[SACTION] [name] [WITH MARK ...]"""

    name: str | None = None
    distributed: bool = False


@dataclass
class Commit(Stmt):
    """COMMIT [TRAN | TRANSACTION | WORK] [name]"""

    name: str | None = None


@dataclass
class Rollback(Stmt):
    """ROLLBACK [TRAN | TRANSACTION | WORK] [name]: to a savepoint when the name is one SAVE TRAN set."""

    name: str | None = None


@dataclass
class SaveTransaction(Stmt):
    """SAVE TRAN[SACTION] name: a savepoint."""

    name: str


@dataclass
class Open(Stmt):
    cursor: str
    global_scope: bool = False


@dataclass
class Fetch(Stmt):
    """FETCH [NEXT | PRIOR | FIRST | LAST | ABSOLUTE n | RELATIVE n] [FROM] [GLOBAL] cursor [INTO @a, ...]"""

    cursor: str
    orientation: str = "NEXT"               # upper case, with its number: "NEXT", "ABSOLUTE 3", ...
    targets: list[str] = field(default_factory=list)
    global_scope: bool = False


@dataclass
class Close(Stmt):
    cursor: str
    global_scope: bool = False


@dataclass
class Deallocate(Stmt):
    cursor: str
    global_scope: bool = False


@dataclass
class WaitFor(Stmt):
    """WAITFOR DELAY 'time' | TIME 'time'"""

    text: Text                              # everything after WAITFOR


@dataclass
class SqlStatement(Stmt):
    """Any SQL statement: SELECT, INSERT, UPDATE, DELETE, MERGE, TRUNCATE, CREATE (#temp tables), DROP, ALTER.

    `verb` is the first word of the statement proper in upper case (a WITH statement's is the word after
    its common table expressions: SELECT, INSERT, ...; `with_clause` says it has them). A SELECT either
    returns a result set to the caller (`result_set`), assigns variables (SELECT @a = x, ...: `assigns` names
    them), or fills a table (SELECT ... INTO #t).
    """

    verb: str
    sql: Text
    with_clause: bool = False
    assigns: list[str] = field(default_factory=list)
    result_set: bool = False


# --- units -------------------------------------------------------------------------------------------------

@dataclass
class Parameter:
    """@name [AS] type [VARYING] [= default] [OUT | OUTPUT] [READONLY]"""

    where: Where
    name: str                               # with its @
    type: Text
    default: Text | None = None
    output: bool = False
    readonly: bool = False                  # a table-valued parameter


@dataclass
class Unit:
    """Base of a CREATE [OR ALTER] | ALTER statement. `options` are the WITH options, upper case, one string
    each: RECOMPILE, ENCRYPTION, SCHEMABINDING, EXECUTE AS OWNER, ..."""

    where: Where
    name: str
    or_alter: bool = field(default=False, kw_only=True)
    alter: bool = field(default=False, kw_only=True)     # ALTER PROCEDURE | FUNCTION | TRIGGER
    options: list[str] = field(default_factory=list, kw_only=True)


@dataclass
class Procedure(Unit):
    """CREATE PROC[EDURE] name [params] [WITH ...] [FOR REPLICATION] AS statements"""

    parameters: list[Parameter] = field(default_factory=list)
    statements: list[Stmt] = field(default_factory=list)
    for_replication: bool = False


@dataclass
class Function(Unit):
    """CREATE FUNCTION; `kind` is "scalar" (RETURNS type, body), "inline" (RETURNS TABLE AS RETURN query) or
    "multi_statement" (RETURNS @t TABLE (columns), body)."""

    kind: str
    parameters: list[Parameter] = field(default_factory=list)
    returns: Text | None = None             # scalar: the type
    return_table: str | None = None         # multi-statement: the table variable, with its @
    table_columns: Text | None = None       # multi-statement: the text inside TABLE ( ... )
    query: Text | None = None               # inline: the query, without the parentheses around it
    body: Block | None = None               # scalar and multi-statement


@dataclass
class Trigger(Unit):
    """CREATE TRIGGER name ON table FOR | AFTER | INSTEAD OF events [NOT FOR REPLICATION] AS statements.

    FOR and AFTER mean the same: `timing` is "AFTER" for both, or "INSTEAD OF". The statements read the rows
    through the `inserted` and `deleted` pseudo-tables, which are names inside SQL spans.
    """

    table: str
    timing: str
    events: list[str] = field(default_factory=list)      # "INSERT", "UPDATE", "DELETE", in the order written
    statements: list[Stmt] = field(default_factory=list)
    not_for_replication: bool = False
