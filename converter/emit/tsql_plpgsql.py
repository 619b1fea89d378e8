"""SQL Server (T-SQL) procedures, functions and triggers (converter/ir/tsql_proc.py) as PostgreSQL PL/pgSQL.

`emit_unit(obj, unit, catalog)` writes the DDL of one unit that converter.procedural_tsql parsed; SQL and
expressions go through converter.dialects.tsql_sql, the rewriter of views, so the same MS3xx rules fire. What
has no exact conversion raises `NotConverted` (the caller records a MANUAL finding with the construct, its line
and the reason, and leaves the object out); what converts with a caveat is a REVIEW finding (MS401-MS449).

How T-SQL's meaning is kept:
- Variables. A T-SQL variable is `@name`, never a column; PL/pgSQL resolves a bare name as either. So the body
  says `#variable_conflict use_column`, and every reference to a variable in SQL or an expression is qualified:
  parameters by the routine's name (`salesbycategory.ordyear`), locals by the label of the body's block
  (`var.total`). A DECLARE anywhere declares for the rest of the batch: all are declared at the top, and a
  DECLARE with a value assigns it where it stands (a DECLARE without one does not reset the variable in a
  loop, as in SQL Server).
- Assignments convert the value as SQL Server's implicit conversion does: a non-integer number to an integer
  variable is truncated (PostgreSQL would round), text to varchar(n)/char(n) is cut to n characters (PostgreSQL
  would raise).
- SELECT @a = x FROM ...: no row leaves the variables unchanged (a record and FOUND); several rows assign one of
  them (REVIEW: SQL Server keeps the last it reads, PostgreSQL the first).
- Result sets: a procedure whose one result set is a SELECT becomes a function RETURNS TABLE (RETURN QUERY),
  called as SELECT * FROM p(...); with result_sets="refcursor" it stays a procedure with an INOUT refcursor
  per result set. The column types come from converter.dialects.pg_types (PostgreSQL's rules); a column whose
  type is not known is MANUAL, not a guess.
- RETURN n of a procedure: an INOUT return_status integer parameter (0 when the procedure ends without one),
  which EXEC @rc = p reads.
- Errors: TRY/CATCH is a block with EXCEPTION WHEN OTHERS; ERROR_MESSAGE(), ERROR_NUMBER(), ERROR_SEVERITY(),
  ERROR_STATE() read the caught error (GET STACKED DIAGNOSTICS). THROW n, msg, state and RAISERROR raise
  SQLSTATE P0001 with the message and 'SQL Server error n' as DETAIL, which ERROR_NUMBER() reads back.
- Triggers: AFTER triggers are statement-level with transition tables named `inserted` and `deleted`, one
  trigger per event (PostgreSQL allows transition tables only on single-event triggers); in the INSERT
  trigger `deleted` is an empty set of the table's rows, in the DELETE trigger `inserted`, as in SQL Server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp

from sct.converter.dialects import pg_types, tsql_sql
from sct.converter.dialects.sqlparse import SqlParseError
from sct.converter.dialects.tsql_types import map_tsql_type
from sct.converter.emit.plpgsql_common import NotConverted, dollar
from sct.converter.emit.sqlgen import to_sql
from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span
from sct.converter.ir import tsql_proc as ir
from sct.converter.names import quote_ident, quote_qualified, sql_string

__all__ = ["Catalog", "NotConverted", "Signature", "emit_unit", "plan_unit"]

INDENT = "  "
LOCALS = "var"                                  # the label of the body's block: locals are var.<name>
ERROR_DETAIL = "SQL Server error "              # DETAIL of the errors THROW and RAISERROR raise
# PostgreSQL SQLSTATEs of errors SQL Server numbers, for ERROR_NUMBER() in a CATCH block.
ERROR_NUMBERS = {"23505": 2627, "23503": 547, "23514": 547, "23502": 515, "22012": 8134, "22001": 8152,
                 "22003": 8115, "40P01": 1205, "22P02": 245, "22007": 241, "22008": 242}
TRIGGER_ABORTED = "The transaction ended in the trigger. The batch has been aborted."
_INTEGER_TYPES = ("smallint", "integer", "bigint")




@dataclass
class Signature:
    """A unit as its callers see it once converted."""

    name: QName
    kind: str                                   # procedure | function | table_function | trigger
    parameters: list[tuple[str, bool, bool]] = field(default_factory=list)    # (name, OUTPUT, has a default)
    return_status: bool = False                 # a procedure that RETURNs a value: INOUT return_status
    result_sets: int = 0                        # refcursor mode: INOUT result_set_1 ... parameters
    types: dict[str, str] = field(default_factory=dict)     # parameter -> PostgreSQL type
    defaults: dict[str, ir.Text] = field(default_factory=dict)      # parameter -> its T-SQL default
    commits: bool = False                       # it runs COMMIT or ROLLBACK
    returns: str | None = None                  # a scalar function's PostgreSQL type


@dataclass
class Catalog:
    """What the conversion knows besides the unit: relations and their column types, identity columns, the
    other units' signatures, alias types, and the result-set option."""

    relations: dict[str, dict[str, str | None]] = field(default_factory=dict)     # name -> {column: base type}
    column_types: dict[str, str] = field(default_factory=dict)                    # column -> declared type
    identities: dict[str, tuple[QName, str]] = field(default_factory=dict)       # table key -> (name, column)
    implicit: dict[str, list[str]] = field(default_factory=dict)    # table key -> columns INSERT t VALUES fills
    money: set[str] = field(default_factory=set)                    # MONEY/SMALLMONEY column names
    signatures: dict[str, Signature] = field(default_factory=dict)               # routine name -> signature
    views: set[str] = field(default_factory=set)                                  # view names (schema.name)
    aliases: dict = field(default_factory=dict)                                   # tsql_ddl alias types
    result_sets: str = "table"                                                    # table | refcursor
    ansi_nulls: bool = True


@dataclass
class _Var:
    name: str                                   # PostgreSQL name
    type: str | None                            # declared PostgreSQL type; None for a table variable
    parameter: bool = False
    table: str | None = None                    # a table variable: its temporary table
    money: bool = False                         # declared MONEY or SMALLMONEY (to an integer it rounds)


# --- the IR, walked --------------------------------------------------------------------------------------

def _children(stmt: ir.Stmt) -> list[ir.Stmt]:
    if isinstance(stmt, ir.Block):
        return stmt.statements
    if isinstance(stmt, ir.TryCatch):
        return stmt.try_statements + stmt.catch_statements
    if isinstance(stmt, ir.If):
        return [stmt.then] + ([stmt.otherwise] if stmt.otherwise is not None else [])
    if isinstance(stmt, ir.While):
        return [stmt.body]
    return []


def walk(statements: list[ir.Stmt]):
    for stmt in statements:
        yield stmt
        yield from walk(_children(stmt))


def unit_statements(unit: ir.Unit) -> list[ir.Stmt]:
    if isinstance(unit, (ir.Procedure, ir.Trigger)):
        return unit.statements
    if isinstance(unit, ir.Function) and unit.body is not None:
        return unit.body.statements
    return []


def _result_sets(unit: ir.Unit) -> list[ir.SqlStatement]:
    return [s for s in walk(unit_statements(unit)) if isinstance(s, ir.SqlStatement) and s.result_set]


def ident(name: str) -> str:
    """A T-SQL name ([Order Details], "x", @var, #t) as the PostgreSQL name: unquoted, without @ and #, folded."""
    text = name.strip()
    if text[:1] == "[" and text[-1:] == "]":
        text = text[1:-1].replace("]]", "]")
    elif text[:1] == '"' and text[-1:] == '"':
        text = text[1:-1].replace('""', '"')
    return tsql_sql.fold(text.lstrip("@#"))


def qualified(name: str) -> QName:
    """dbo.p, [sales].[p], p as a QName (dbo is the target's default schema)."""
    parts = _split_name(name)
    schema = ident(parts[-2]) if len(parts) > 1 else None
    return QName(None if schema in (None, "dbo") else schema, ident(parts[-1]))


def _split_name(name: str) -> list[str]:
    return [p for p in re.findall(r'\[(?:[^\]]|\]\])*\]|"(?:[^"]|"")*"|[^.]+', name)]


def pg_type(text: str, where: ir.Where, catalog: Catalog) -> str:
    """The PostgreSQL type of a T-SQL type as written in a parameter, DECLARE or RETURNS."""
    from sct.converter.dialects import tsql_ddl

    dtype = tsql_ddl._type_from_text(text)
    alias = catalog.aliases.get(ident(dtype.name.split(".")[-1]))
    if alias is not None and not dtype.args:
        dtype = alias.base
    if "." in dtype.name:
        dtype = tsql_ddl._type_from_text(text.split(".")[-1])
    dtype.name = dtype.name.strip("[]").upper()
    mapped = map_tsql_type(dtype)
    if mapped.target is None:
        raise NotConverted(where, "MS415", f"type {text} has no PostgreSQL equivalent")
    return mapped.target


# --- planning: what each unit becomes --------------------------------------------------------------------

def plan_unit(obj: CodeObject, unit: ir.Unit, catalog: Catalog) -> Signature:
    """The signature of a unit before any is written, so that callers know their callees."""
    name = obj.name
    parameters = getattr(unit, "parameters", [])
    params = [(ident(p.name), p.output, p.default is not None) for p in parameters]
    types = {ident(p.name): pg_type(p.type.text, p.type.where, catalog) for p in parameters}
    defaults = {ident(p.name): p.default for p in parameters if p.default is not None}
    if isinstance(unit, ir.Trigger):
        return Signature(name, "trigger")
    if isinstance(unit, ir.Function):
        returns = pg_type(unit.returns.text, unit.returns.where, catalog) if unit.kind == "scalar" else None
        return Signature(name, "function" if unit.kind == "scalar" else "table_function", params, types=types,
                         returns=returns)
    returns_value = any(isinstance(s, ir.Return) and s.value is not None for s in walk(unit.statements))
    sets = _result_sets(unit)
    if sets and catalog.result_sets == "table":
        return Signature(name, "table_function", params, types=types)
    commits = any(isinstance(x, (ir.Commit, ir.Rollback)) for x in walk(unit.statements))
    return Signature(name, "procedure", params, returns_value, len(sets) if catalog.result_sets == "refcursor" else 0,
                     types, defaults, commits)


# --- writing ---------------------------------------------------------------------------------------------

def emit_unit(obj: CodeObject, unit: ir.Unit, catalog: Catalog) -> str:
    """The PostgreSQL DDL of a unit; NotConverted for what has no exact conversion."""
    signature = catalog.signatures[obj.name.name]
    findings = list(obj.findings)
    renames: dict[str, str] = {}
    for _ in range(2):
        writer = _Writer(obj, unit, catalog, signature, renames)
        if isinstance(unit, ir.Trigger):
            return writer.trigger(unit)
        if isinstance(unit, ir.Function):
            sql = writer.function(unit)
        else:
            sql = writer.procedure(unit)
        columns = {n for n, _ in writer.result_columns or []}
        clash = [v.name for v in writer.vars.values() if v.parameter and v.name in columns]
        if not clash or renames:
            return sql
        # A RETURNS TABLE column is an OUT parameter: a parameter of the same name is renamed (the columns are
        # what SELECT * FROM f() shows).
        renames = {name: f"p_{name}" for name in clash}
        obj.findings[:] = findings
        writer.review(unit.where, "MS402", "parameter " + ", ".join(f"@{n} is {renames[n]}" for n in clash)
                      + ": the result set has a column of the same name")
        findings = list(obj.findings)
        signature.parameters = [(renames.get(n, n), o, d) for n, o, d in signature.parameters]
        signature.types = {renames.get(n, n): t for n, t in signature.types.items()}
    return sql


class _Writer:
    def __init__(self, obj: CodeObject, unit: ir.Unit, catalog: Catalog, signature: Signature,
                 renames: dict[str, str] | None = None) -> None:
        self.obj = obj
        self.renames = renames or {}                    # parameter -> its PostgreSQL name
        self.unit = unit
        self.catalog = catalog
        self.signature = signature
        self.vars: dict[str, _Var] = {}
        self.declarations: dict[str, str] = {}          # local -> its declaration (type [:= value])
        self.extra: dict[str, str] = {}                 # temporaries of the conversion -> type
        self.cursors: dict[str, ir.DeclareCursor] = {}
        self.scroll: set[str] = set()
        self.temp_tables: dict[str, str] = {}           # #name or @name -> pg_temp table name
        self.result_columns: list[tuple[str, str]] | None = None
        self.result_sets = 0
        self.rowcount_used = "@@ROWCOUNT" in _upper_code(unit)
        self.scope_identity_used = "SCOPE_IDENTITY" in _upper_code(unit)
        self.rowcount: str | None = None                # what @@ROWCOUNT is now: an expression, or unknown
        self.rowlimit: str | None = None                # SET ROWCOUNT n in force
        self.in_catch = 0
        self.in_try = 0
        self.skipped: set[int] = set()                  # statements a pattern took care of (id)
        self.trigger_event: str | None = None
        self.trigger_missing: str | None = None         # the pseudo-table an event does not have
        self.trigger_table: QName | None = None
        self.function_name = obj.name.name             # parameters are <function name>.<parameter>
        self.xact_abort = False
        self.error_vars: set[str] = set()
        self.return_table: tuple[str, list[str]] | None = None     # a multi-statement function's table
        self.return_type: str | None = None
        self.table_variables: dict[int, tuple[str, list[tuple[str, str, str]]]] = {}
        self.temp_relations: dict[str, dict[str, str | None]] = {}     # pg_temp.name -> {column: base type}
        self.next_statement: ir.Stmt | None = None
        self.tran_depth = 0                             # BEGIN TRAN seen and not yet committed (in text order)
        self.branch_depth = 0                           # inside IF / WHILE bodies
        self.error_state: str | None = None             # what @@ERROR is after the statement just written
        self.catch_start = False                        # writing the first statement of a CATCH block
        self.row_level = False                          # an INSTEAD OF trigger: FOR EACH ROW, inserted is NEW
        self.update_flags: dict[str, str] = {}          # UPDATE(column) tests: column -> the setting its flag sets
        self.trigger_return = "NULL"
        self.recursion_guard: str | None = None         # a trigger whose statements may fire it again: its setting
        self.in_expression = False                      # converting one expression (SET, IF), not a statement
        self.now_needed = False                         # the statement being written reads var.sct_now

    # -- places and findings

    def place(self, where: ir.Where) -> Span:
        return Span(self.obj.span.file, where.line, where.column)

    def review(self, where: ir.Where, rule: str, message: str) -> None:
        if not self.seen(rule, message):
            fire(self.obj, rule, self.place(where), message, Effort.REVIEW)

    def note(self, where: ir.Where, rule: str, message: str | None = None) -> None:
        """A conversion that keeps the meaning (AUTO), whatever the rule's default effort."""
        if not self.seen(rule, message):
            fire(self.obj, rule, self.place(where), message, Effort.AUTO)

    def seen(self, rule: str, message: str | None) -> bool:
        """A finding with the same rule and message is on the unit already (a construct used again)."""
        return message is not None and any(f.rule_id == rule and f.message == message for f in self.obj.findings)

    # -- units

    def parameters(self, params: list[ir.Parameter], procedure: bool) -> list[str]:
        out = []
        defaults = False
        for p in params:
            name = ident(p.name)
            name = self.renames.get(name, name)
            target = pg_type(p.type.text, p.type.where, self.catalog)
            if p.readonly:
                raise NotConverted(p.where, "MS412", f"{p.name} {p.type.text} READONLY: table-valued parameters "
                                                     "are not converted")
            self.vars[ident(p.name)] = _Var(name, target, parameter=True, money=_is_money(p.type.text))
            default = ""
            if p.default is not None:
                literal = self.expression(p.default)       # converted as SQL Server does, a fitting number kept
                default = f" DEFAULT {to_sql(literal) if _fits_scale(literal, target) else self.assigned(p.default, target)}"
                defaults = True
            elif defaults:      # PostgreSQL wants the parameters with defaults last
                default = " DEFAULT NULL"
                self.review(p.where, "MS401", f"parameter {p.name} has no default but one before it has: it gets "
                                              "DEFAULT NULL (PostgreSQL wants the parameters with defaults last); "
                                              "a call without it runs with NULL where SQL Server raises error 201")
            mode = "INOUT " if p.output and procedure else ""
            if p.output and not procedure:
                raise NotConverted(p.where, "MS401", f"OUTPUT parameter {p.name} of a function")
            out.append(f"{mode}{_param_name(name)} {target}{default}")
        return out

    def parameter_entry(self) -> list[str]:
        """Parameters with a length or scale, cut or rounded on entry as SQL Server does when it passes them
        (PostgreSQL keeps no length or scale on a routine's parameters)."""
        out = []
        for var in self.vars.values():
            if var.parameter and var.type and "(" in var.type and \
                    pg_types.base_type(var.type) in ("varchar", "bpchar", "numeric"):
                out.append(f"{quote_ident(var.name)} := CAST({quote_ident(self.function_name)}.{quote_ident(var.name)}"
                           f" AS {var.type});")
        return out

    def head_name(self) -> str:
        return quote_qualified(self.obj.name.schema, self.obj.name.name)

    def procedure(self, unit: ir.Procedure) -> str:
        self.options(unit)
        params = self.parameters(unit.parameters, procedure=self.signature.kind == "procedure")
        self.note(unit.where, "MS401")
        if self.signature.kind == "table_function":
            body = self.body(unit.statements, prologue=self.parameter_entry())
            if self.result_columns is None:
                raise NotConverted(unit.where, "MS402", "the result set is not returned on every path")
            columns = ", ".join(f"{quote_ident(n)} {t}" for n, t in self.result_columns)
            self.autocommit_review(unit)
            self.review(unit.where, "MS402", f"procedure {unit.name} returns a result set: it becomes a function "
                                             f"RETURNS TABLE ({columns}); call it as SELECT * FROM "
                                             f"{self.head_name()}(...) instead of EXEC")
            return (f"CREATE OR REPLACE FUNCTION {self.head_name()}({', '.join(params)})\n"
                    f"RETURNS TABLE ({columns})\nLANGUAGE plpgsql\nAS " + dollar(body) + ";")
        if self.signature.return_status:
            self.vars["return_status"] = _Var("return_status", "integer", parameter=True)
            params.append("INOUT return_status integer DEFAULT NULL")
            self.note(unit.where, "MS410", "RETURN n: the return code is the INOUT parameter return_status "
                                           "(0 when the procedure ends without RETURN n)")
        for n in range(self.signature.result_sets):
            params.append(f"INOUT result_set_{n + 1} refcursor DEFAULT NULL")
        if self.signature.result_sets:
            self.review(unit.where, "MS402", f"procedure {unit.name} returns {self.signature.result_sets} result "
                                             "set(s): each is an INOUT refcursor parameter (result_set_1, ...); "
                                             "the caller FETCHes from the cursor in the same transaction")
        prologue = self.parameter_entry() + (["return_status := 0;"] if self.signature.return_status else [])
        body = self.body(unit.statements, prologue=prologue)
        self.autocommit_review(unit)
        return (f"CREATE OR REPLACE PROCEDURE {self.head_name()}({', '.join(params)})\nLANGUAGE plpgsql\nAS "
                + dollar(body) + ";")

    def options(self, unit: ir.Unit) -> None:
        for option in unit.options:
            if option.startswith("EXEC") and option.split()[-1] != "CALLER":
                raise NotConverted(unit.where, "MS401", f"WITH {option}: SECURITY DEFINER runs as the function's "
                                                        "owner, not as a chosen user; set it by hand")
            if option in ("RECOMPILE", "SCHEMABINDING", "RETURNS NULL ON NULL INPUT", "CALLED ON NULL INPUT",
                          "EXECUTE AS CALLER", "EXEC AS CALLER", "INLINE = ON", "INLINE = OFF"):
                self.note(unit.where, "MS401", f"WITH {option} is not carried (PostgreSQL has no such option, or "
                                               "the default is the same)")
                continue
            if option == "ENCRYPTION":
                continue
            if not option.startswith("EXEC"):
                raise NotConverted(unit.where, "MS401", f"WITH {option} is not converted")

    def autocommit_review(self, unit: ir.Unit) -> None:
        writes = [s for s in walk(unit_statements(unit)) if isinstance(s, ir.Execute) or
                  isinstance(s, ir.SqlStatement) and s.verb in ("INSERT", "UPDATE", "DELETE", "MERGE")]
        if len(writes) > 1 and not self.xact_abort and not any(isinstance(s, ir.TryCatch) for s in walk(unit_statements(unit))):
            self.review(writes[0].where, "MS417", "without SET XACT_ABORT ON, SQL Server goes on with the next "
                                                  "statement after most errors (and keeps what the earlier ones "
                                                  "did); PostgreSQL stops at the first error and undoes the call")

    def function(self, unit: ir.Function) -> str:
        self.options(unit)
        params = self.parameters(unit.parameters, procedure=False)
        self.note(unit.where, "MS401")
        if unit.kind == "scalar":
            returns = pg_type(unit.returns.text, unit.returns.where, self.catalog)
            self.return_type = returns
            body = self.body(unit.body.statements, prologue=self.parameter_entry())
            return (f"CREATE OR REPLACE FUNCTION {self.head_name()}({', '.join(params)})\nRETURNS {returns}\n"
                    "LANGUAGE plpgsql\nAS " + dollar(body) + ";")
        if unit.kind == "inline":
            tree = self.sql_tree(unit.query.text, unit.query.where)
            columns = self.columns_of(tree, unit.query.where)
            self.result_columns = columns
            sql = to_sql(tree)
            body = f"#variable_conflict use_column\nBEGIN\n{INDENT}RETURN QUERY {_indent_sql(sql, 1)};\nEND;\n"
            self.note(unit.where, "MS402", "inline table-valued function: RETURNS TABLE with RETURN QUERY")
            cols = ", ".join(f"{quote_ident(n)} {t}" for n, t in columns)
            return (f"CREATE OR REPLACE FUNCTION {self.head_name()}({', '.join(params)})\nRETURNS TABLE ({cols})\n"
                    "LANGUAGE plpgsql\nAS " + dollar(body) + ";")
        # multi-statement: the table variable is a temporary table returned at RETURN
        name = ident(unit.return_table)
        columns = self.table_columns(unit.table_columns, unit.where)
        self.result_columns = [(n, pg_types.base_type(t) or t) for n, t, _ in columns]
        table = self.temp_name("@" + name)
        self.vars[name] = _Var(name, None, table=table)
        create = self.create_temp(table, columns)
        cols = ", ".join(f"{quote_ident(n)} {pg_types.base_type(t) or t}" for n, t, _ in columns)
        self.return_table = (table, [n for n, _, _ in columns])
        body = self.body(unit.body.statements, prologue=self.parameter_entry() + create)
        self.note(unit.where, "MS402", f"multi-statement table-valued function: {unit.return_table} is a temporary "
                                       "table, returned with RETURN QUERY")
        return (f"CREATE OR REPLACE FUNCTION {self.head_name()}({', '.join(params)})\nRETURNS TABLE ({cols})\n"
                "LANGUAGE plpgsql\nAS " + dollar(body) + ";")

    def trigger(self, unit: ir.Trigger) -> str:
        table = qualified(unit.table)
        self.trigger_table = table
        self.options(unit)
        if self.catalog.relations.get(table.key if table.schema else table.name) is None:
            raise NotConverted(unit.where, "MS413", f"trigger on {unit.table}: the table is not in the scripts")
        instead = unit.timing != "AFTER"
        if instead and (table.key if table.schema else table.name) not in self.catalog.views:
            raise NotConverted(unit.where, "MS413", "an INSTEAD OF trigger on a table is not converted (PostgreSQL has "
                                                    "INSTEAD OF triggers on views only)")
        if instead and re.search(r"(?i)@@ROWCOUNT", " ".join(_stmt_text(s) for s in walk(unit.statements))):
            raise NotConverted(unit.where, "MS413", "@@ROWCOUNT in an INSTEAD OF trigger: PostgreSQL runs it once per "
                                                    "row, so the statement's row count is not known")
        self.obj.depends_on.append(("relation", table))
        qtable = quote_qualified(table.schema, table.name)
        out = []
        events = list(dict.fromkeys(unit.events))
        base = self.obj.name.name
        for event in events:
            writer = _Writer(self.obj, unit, self.catalog, self.signature)
            writer.trigger_table = table
            writer.trigger_event = event
            writer.trigger_missing = {"INSERT": "deleted", "DELETE": "inserted"}.get(event)
            writer.row_level = instead
            rows = "deleted" if event == "DELETE" else "inserted"
            writer.rowcount = f"(SELECT count(*) FROM {rows})"
            writer.trigger_return = ("OLD" if event == "DELETE" else "NEW") if instead else "NULL"

            function = f"{base}_fn" if len(events) == 1 else f"{base}_{event.lower()}_fn"
            fname = quote_qualified(self.obj.name.schema, function[:63])
            writer.function_name = function[:63]
            if event == "UPDATE" and not instead:   # known before the body is written: every RETURN clears them
                for x in walk(unit.statements):
                    for cond in [getattr(x, "condition", None)]:
                        if isinstance(cond, ir.Text):
                            for m in re.finditer(r"(?i)\bUPDATE\s*\(\s*([^)]*?)\s*\)", cond.text):
                                column = ident(m.group(1))
                                writer.update_flags[column] = re.sub(
                                    r"\W", "_", f"upd_{writer.function_name}_{column}").lower()[:60]
            if not instead and any(isinstance(x, ir.SqlStatement) and x.verb in ("INSERT", "UPDATE", "DELETE", "MERGE")
                                   and _writes_table(x.sql.text, table.name) for x in walk(unit.statements)):
                writer.recursion_guard = re.sub(r"\W", "_", f"in_{function}").lower()[:60]
            body = writer.body(unit.statements, epilogue=[f"RETURN {writer.trigger_return};"])
            referencing = {"INSERT": "NEW TABLE AS inserted", "DELETE": "OLD TABLE AS deleted",
                           "UPDATE": "OLD TABLE AS deleted NEW TABLE AS inserted"}[event]
            tname = base if len(events) == 1 else f"{base}_{event.lower()}"
            create = (f"CREATE TRIGGER {quote_ident(tname[:63])} INSTEAD OF {event} ON {qtable}\n"
                      f"FOR EACH ROW EXECUTE FUNCTION {fname}();") if instead else \
                (f"CREATE TRIGGER {quote_ident(tname[:63])} AFTER {event} ON {qtable}\n"
                 f"REFERENCING {referencing}\nFOR EACH STATEMENT EXECUTE FUNCTION {fname}();")
            out.append(f"CREATE OR REPLACE FUNCTION {fname}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS "
                       + dollar(body) + ";\n" + create)
            for column, setting in writer.update_flags.items():    # BEFORE: fires before the trigger that reads it
                flag = quote_ident(f"{base}_{column}_set"[:63])
                out.append(f"CREATE TRIGGER {flag} BEFORE UPDATE OF {quote_ident(column)} ON {qtable}\n"
                           f"FOR EACH STATEMENT EXECUTE FUNCTION sct_sqlserver.update_flag({sql_string(setting)});")
        if instead:
            self.review(unit.where, "MS413", f"INSTEAD OF {', '.join(events)} on a view: a row trigger (FOR EACH ROW) "
                                             "whose inserted/deleted hold that one row; SQL Server runs the trigger "
                                             "once per statement with all the rows, so a body that aggregates or "
                                             "compares rows of inserted differs")
        else:
            self.note(unit.where, "MS413", "AFTER " + ", ".join(events) + ": a statement-level trigger with the "
                                           "transition tables inserted and deleted"
                                           + (" (one trigger per event)" if len(events) > 1 else ""))
        return "\n".join(out)

    # -- bodies

    def body(self, statements: list[ir.Stmt], prologue: list[str] = (), epilogue: list[str] = ()) -> str:
        self.declare_all(statements)
        lines = self.statements(statements, 1)
        pre = [INDENT + line for line in prologue]
        if self.recursion_guard:
            guard = self.recursion_guard
            self.extra["sct_guard"] = "text"
            pre = [f"{INDENT}sct_guard := coalesce(current_setting('sct.{guard}', true), '');",
                   f"{INDENT}IF sct_guard = (pg_trigger_depth() - 1)::text THEN   -- fired by its own statement",
                   f"{INDENT * 2}RETURN NULL;                          -- (SQL Server: RECURSIVE_TRIGGERS OFF)",
                   f"{INDENT}END IF;",
                   f"{INDENT}PERFORM set_config('sct.{guard}', pg_trigger_depth()::text, true);"] + pre
            self.note(self.unit.where, "MS413", "the trigger does not fire again for the rows its own statements "
                                                "write (SQL Server's RECURSIVE_TRIGGERS is OFF by default); a "
                                                "trigger it fires through another table may fire it again, as in "
                                                "SQL Server")
        if not statements or not isinstance(statements[-1], ir.Return):
            lines += self.before_return(1)
        declarations = [f"{INDENT}{quote_ident(k)} {v};" for k, v in self.declarations.items()]
        declarations += [f"{INDENT}{quote_ident(k)} {v};" for k, v in self.extra.items()]
        head = ["#variable_conflict use_column"]
        if declarations:
            head += [f"<<{LOCALS}>>", "DECLARE"] + declarations
        end = f"END {LOCALS};" if declarations else "END;"
        return "\n".join(head + ["BEGIN"] + pre + lines + [INDENT + e for e in epilogue] + [end]) + "\n"

    def declare_all(self, statements: list[ir.Stmt]) -> None:
        for stmt in walk(statements):
            if isinstance(stmt, ir.Declare):
                for v in stmt.variables:
                    name = ident(v.name)
                    if name in self.vars:
                        raise NotConverted(v.where, "MS401", f"{v.name} is declared twice")
                    if v.cursor:
                        raise NotConverted(v.where, "MS408", f"DECLARE {v.name} CURSOR: cursor variables are not "
                                                             "converted")
                    if v.table_columns is not None:
                        columns = self.table_columns(v.table_columns, v.where)
                        table = self.temp_name("@" + name)
                        self.vars[name] = _Var(name, None, table=table)
                        self.table_variables[id(v)] = (table, columns)
                        continue
                    target = pg_type(v.type.text, v.type.where, self.catalog)
                    self.vars[name] = _Var(name, target, money=_is_money(v.type.text))
                    self.declarations[name] = target
            elif isinstance(stmt, ir.DeclareCursor):
                name = ident(stmt.name)
                if name in self.cursors:
                    raise NotConverted(stmt.where, "MS408", f"cursor {stmt.name} is declared twice")
                self.cursors[name] = stmt
        for name in self.cursors:
            pg = self.cursor_var(name)
            self.declarations[pg] = "refcursor"
        for stmt in walk(statements):
            if isinstance(stmt, ir.Fetch) and stmt.orientation != "NEXT":
                self.scroll.add(ident(stmt.cursor))

    def cursor_var(self, name: str) -> str:
        return name if name not in self.vars else f"{name}_cursor"

    def statements(self, statements: list[ir.Stmt], depth: int) -> list[str]:
        out: list[str] = []
        for n, stmt in enumerate(statements):
            if id(stmt) in self.skipped:
                continue
            self.next_statement = statements[n + 1] if n + 1 < len(statements) else None
            method = _STATEMENTS.get(type(stmt))
            if method is None:
                raise NotConverted(stmt.where, "MS415", f"{_describe(stmt)} is not converted")
            reads_rowcount = self.rowcount_used and "@@ROWCOUNT" in _stmt_text(stmt).upper()
            if reads_rowcount and self.rowcount is None:
                raise NotConverted(stmt.where, "MS409", "@@ROWCOUNT is converted only right after the statement "
                                                        "that sets it (INSERT, UPDATE, DELETE, MERGE, SELECT, SET)")
            following = self.next_statement
            checked = following is not None and "@@ERROR" in _stmt_text(following).upper() and \
                isinstance(stmt, (ir.SqlStatement, ir.Execute, ir.SetVariable))
            self.now_needed = False
            lines = method(self, stmt, depth)
            if self.now_needed:                         # the statement reads the time: when it starts
                lines = [f"{INDENT * depth}sct_now := clock_timestamp();"] + lines
                self.now_needed = False
            self.catch_start = False
            self.error_state = None                     # @@ERROR after a statement that did not fail: 0
            if checked:
                lines = self.error_checked(stmt, lines, depth)
            out += lines
        return out

    def error_checked(self, stmt: ir.Stmt, lines: list[str], depth: int) -> list[str]:
        """The statement before an @@ERROR test, in its own block: SQL Server undoes a failing statement and goes on
        with the next one, which reads the error number; so does this block (a subtransaction)."""
        pad = INDENT * depth
        self.extra["sct_error"] = "integer"
        for name in ("sct_error_detail", "sct_error_sqlstate"):
            self.extra[name] = "text"
        handler = [f"{pad}{INDENT * 2}GET STACKED DIAGNOSTICS sct_error_detail = PG_EXCEPTION_DETAIL, "
                   "sct_error_sqlstate = RETURNED_SQLSTATE;",
                   f"{pad}{INDENT * 2}sct_error := {_error_number_sql()};"]
        if self.rowcount == "sct_rowcount":
            handler.append(f"{pad}{INDENT * 2}sct_rowcount := 0;")
        self.error_state = "sct_error"
        self.review(stmt.where, "MS406", "@@ERROR after a statement: the statement runs in its own block, so that a "
                                         "failing one is undone and the next statement reads its error number, as "
                                         "in SQL Server (where errors that abort the batch, such as a failed "
                                         "conversion, would not go on)")
        return ([f"{pad}BEGIN"] + [INDENT + line for line in lines] + [f"{pad}{INDENT}sct_error := 0;",
                f"{pad}EXCEPTION", f"{pad}{INDENT}WHEN OTHERS THEN"] + handler + [f"{pad}END;"])

    def nested(self, stmt: ir.Stmt, depth: int) -> list[str]:
        """A branch or loop body: its statements (a BEGIN ... END has no scope of its own in T-SQL)."""
        statements = stmt.statements if isinstance(stmt, ir.Block) else [stmt]
        saved = self.next_statement
        self.branch_depth += 1
        try:
            lines = self.statements(statements, depth)
        finally:
            self.branch_depth -= 1
        self.next_statement = saved
        return lines or [INDENT * depth + "NULL;"]

    # -- declarations and assignments

    def declare(self, stmt: ir.Declare, depth: int) -> list[str]:
        out = []
        for v in stmt.variables:
            name = ident(v.name)
            var = self.vars[name]
            if var.table is not None:
                table, columns = self.table_variables[id(v)]
                out += [INDENT * depth + line for line in self.create_temp(table, columns)]
                self.review(v.where, "MS412", f"table variable {v.name} is the temporary table {table}: unlike a "
                                              "table variable, its rows are undone by a ROLLBACK")
                continue
            if v.value is not None:
                out.append(f"{INDENT * depth}{quote_ident(name)} := {self.assigned(v.value, var.type)};")
        self.rowcount = self.rowcount            # DECLARE leaves @@ROWCOUNT alone
        return out

    def set_variable(self, stmt: ir.SetVariable, depth: int) -> list[str]:
        name = ident(stmt.target)
        var = self.vars.get(name)
        if var is None:
            raise NotConverted(stmt.where, "MS401", f"SET {stmt.target}: the variable is not declared")
        if var.type is None:
            raise NotConverted(stmt.where, "MS412", f"SET {stmt.target}: a table variable")
        if re.match(r"(?is)\s*CURSOR\b", stmt.value.text):
            raise NotConverted(stmt.where, "MS408", "SET @c = CURSOR FOR ...: cursor variables are not converted")
        if stmt.operator == "=":
            value = self.assigned(stmt.value, var.type)
        else:
            op = stmt.operator[0]
            text = ir.Text(f"{stmt.target} {op} ({stmt.value.text})", stmt.value.where)
            value = self.assigned(text, var.type)
        self.rowcount = "1"
        return [f"{INDENT * depth}{quote_ident(var.name)} := {value};"]

    def assigned(self, text: ir.Text, target_type: str | None) -> str:
        """The value of an expression as SQL Server assigns it to a variable of `target_type`."""
        node = self.expression(text)
        return to_sql(self.coerce(node, target_type))

    def coerce(self, node: exp.Expression, target_type: str | None) -> exp.Expression:
        """SQL Server's implicit conversion on assignment: truncation to integers, cutting to varchar(n)."""
        if target_type is None:
            return node
        base = pg_types.base_type(target_type)
        kind = pg_types.infer(node, self.scope())
        if base in _INTEGER_TYPES and kind in ("numeric", "double precision", "real") and not self.money(node):
            return exp.Anonymous(this="trunc", expressions=[node])
        if base == "numeric" and "(" in target_type and not isinstance(node, exp.Null) and \
                self.declared_type(node) != target_type.replace(" ", ""):
            # rounds to the scale, as SQL Server's conversion does (a function's result and its parameters have
            # no scale in PostgreSQL, so nothing else would)
            return exp.Cast(this=node, to=exp.DataType.build(target_type, dialect="postgres"))
        if base in ("varchar", "bpchar") and "(" in target_type and not isinstance(node, exp.Null):
            if isinstance(node, exp.Literal) and node.is_string and len(node.this) <= _length(target_type):
                return node
            if self.declared_type(node) == target_type.replace(" ", ""):
                return node
            return exp.Cast(this=node, to=exp.DataType.build(target_type, dialect="postgres"))
        return node

    def scope(self) -> pg_types._Scope:
        """The relations of the catalog, and the variables as the relations `var` and <function name>."""
        scope = pg_types._Scope({**self.catalog.relations, **self.temp_relations})
        scope.add(LOCALS, {v.name: pg_types.base_type(v.type) for v in self.vars.values() if not v.parameter})
        scope.add(self.function_name, {v.name: pg_types.base_type(v.type) for v in self.vars.values() if v.parameter})
        scope.outer = {LOCALS, self.function_name}
        return scope

    def money(self, node: exp.Expression) -> bool:
        """The value is money in SQL Server (which rounds money to an integer, as PostgreSQL does)."""
        columns = dict(self.catalog.column_types)
        columns.update({v.name: v.type for v in self.vars.values() if v.type})
        money = self.catalog.money | {v.name for v in self.vars.values() if v.money}
        return tsql_sql.money_typed(node, money, columns)

    def declared_type(self, node: exp.Expression) -> str | None:
        """The declared type (with its length) of a variable or a column whose name says it in the scripts."""
        if not isinstance(node, exp.Column):
            return None
        if node.table in (LOCALS, self.function_name):
            var = self.vars.get(node.name)
            return None if var is None or var.type is None else var.type.replace(" ", "")
        kind = self.catalog.column_types.get(node.name)
        return None if kind is None else kind.replace(" ", "")

    def select_assign(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        pad = INDENT * depth
        items, rest = _assignment_items(stmt.sql.text)
        if items is None:
            raise NotConverted(stmt.where, "MS403", "this assignment SELECT is not converted")
        targets = []
        for var_name, op in items:
            name = ident(var_name)
            var = self.vars.get(name)
            if var is None or var.type is None:
                raise NotConverted(stmt.where, "MS403", f"SELECT {var_name} = ...: not a declared scalar variable")
            if op:
                raise NotConverted(stmt.where, "MS403", f"SELECT {var_name} {op}= ...: a compound assignment in a "
                                                        "SELECT (per-row accumulation) is not converted")
            targets.append(var)
        tree = self.sql_tree(rest, stmt.sql.where)
        if not isinstance(tree, exp.Select):
            raise NotConverted(stmt.where, "MS403", "this assignment SELECT is not converted")
        if tree.args.get("from_") is None and not tree.args.get("where"):
            out = []
            for var, item in zip(targets, tree.expressions, strict=True):
                node = item.this if isinstance(item, exp.Alias) else item
                out.append(f"{pad}{quote_ident(var.name)} := {to_sql(self.coerce(node, var.type))};")
            self.rowcount = "1"
            return out
        assigned = {v.name for v in targets}
        for item in tree.expressions:
            for column in item.find_all(exp.Column):
                if column.table == LOCALS and column.name in assigned:
                    raise NotConverted(stmt.where, "MS403", f"SELECT ... reads {column.name}, which the same "
                                                            "SELECT assigns (per-row evaluation) is not converted")
        if tree.args.get("order") is not None and not _single_row(tree):
            raise NotConverted(stmt.where, "MS403", "SELECT @v = ... ORDER BY over several rows keeps the last "
                                                    "row's values in SQL Server: not converted")
        new = []
        for n, (var, item) in enumerate(zip(targets, tree.expressions, strict=True)):
            node = item.this if isinstance(item, exp.Alias) else item
            new.append(exp.alias_(self.coerce(node, var.type), f"v{n + 1}"))
        tree.set("expressions", new)
        self.extra["sct_row"] = "record"
        select = _indent_sql(to_sql(tree), depth)
        select = re.sub(r"(?is)^SELECT\b(.*?)(\bFROM\b)", lambda m: f"SELECT{m.group(1)}INTO sct_row {m.group(2)}",
                        select, count=1)
        if not _single_row(tree):
            self.review(stmt.where, "MS403", "SELECT @v = ... FROM: when the query returns several rows, SQL Server "
                                             "assigns the values of the last row it reads, PostgreSQL of the first")
        else:
            self.note(stmt.where, "MS403")
        assigns = [f"{pad}{INDENT}{quote_ident(v.name)} := sct_row.v{n + 1};" for n, v in enumerate(targets)]
        out = [f"{pad}{select};"]
        if self.rowcount_used:
            self.extra["sct_rowcount"] = "bigint"
            out.append(f"{pad}GET DIAGNOSTICS sct_rowcount = ROW_COUNT;")
        out += [f"{pad}IF FOUND THEN"] + assigns + [f"{pad}END IF;"]
        self.rowcount = None if not _single_row(tree) else "sct_rowcount"
        return out

    # -- flow

    def if_(self, stmt: ir.If, depth: int) -> list[str]:
        pad = INDENT * depth
        out = []
        current: ir.Stmt | None = stmt
        first = True
        while isinstance(current, ir.If):
            if self.trancount_rollback(current):
                self.skipped.add(id(current))
                return out if not first else []
            condition = self.condition(current.condition)
            out.append(f"{pad}{'IF' if first else 'ELSIF'} {condition} THEN")
            out += self.nested(current.then, depth + 1)
            first = False
            current = current.otherwise
        if current is not None:
            out.append(f"{pad}ELSE")
            out += self.nested(current, depth + 1)
        self.rowcount = None
        return out + [f"{pad}END IF;"]

    def while_(self, stmt: ir.While, depth: int) -> list[str]:
        pad = INDENT * depth
        condition = self.condition(stmt.condition)
        body = self.nested(stmt.body, depth + 1)
        self.rowcount = None
        return [f"{pad}WHILE {condition} LOOP"] + body + [f"{pad}END LOOP;"]

    def block(self, stmt: ir.Block, depth: int) -> list[str]:
        return self.statements(stmt.statements, depth)

    def break_(self, stmt: ir.Break, depth: int) -> list[str]:
        return [f"{INDENT * depth}EXIT;"]

    def continue_(self, stmt: ir.Continue, depth: int) -> list[str]:
        return [f"{INDENT * depth}CONTINUE;"]

    def return_(self, stmt: ir.Return, depth: int) -> list[str]:
        pad = INDENT * depth
        kind = self.signature.kind
        if isinstance(self.unit, ir.Function) and self.unit.kind == "scalar":
            if stmt.value is None:
                raise NotConverted(stmt.where, "MS401", "RETURN without a value in a scalar function")
            return [f"{pad}RETURN {self.assigned(stmt.value, self.return_type)};"]
        out = self.before_return(depth)
        if stmt.value is not None:
            if kind != "procedure" or not self.signature.return_status:
                raise NotConverted(stmt.where, "MS410", "RETURN n in a procedure that returns a result set: the "
                                                        "return code is not converted (use --result-sets refcursor)")
            out.insert(0, f"{pad}return_status := {self.assigned(stmt.value, 'integer')};")
        if isinstance(self.unit, ir.Trigger):
            return out + [f"{pad}RETURN {self.trigger_return};"]
        return out + [f"{pad}RETURN;"]

    def before_return(self, depth: int) -> list[str]:
        pad = INDENT * depth
        out = [f"{pad}PERFORM set_config('sct.{setting}', '', true);" for setting in self.update_flags.values()]
        if self.recursion_guard:
            out.append(f"{pad}PERFORM set_config('sct.{self.recursion_guard}', sct_guard, true);")
        returned = self.return_table
        if returned is not None:
            table, names = returned
            out.append(f"{pad}RETURN QUERY SELECT {', '.join(quote_ident(n) for n in names)} FROM {table};")
        return out + self.cleanup(depth)

    def cleanup(self, depth: int) -> list[str]:
        return [f"{INDENT * depth}{_drop_temp(t)}" for t in self.temp_tables.values()]

    def goto(self, stmt: ir.Stmt, depth: int) -> list[str]:
        raise NotConverted(stmt.where, "MS415", "GOTO and labels are not converted: PL/pgSQL has no GOTO")

    # -- messages and errors

    def print_(self, stmt: ir.Print, depth: int) -> list[str]:
        self.note(stmt.where, "MS405", "PRINT becomes RAISE NOTICE")
        self.rowcount = "0"
        return [f"{INDENT * depth}RAISE NOTICE '%', {self.value(stmt.value)};"]

    def raiserror(self, stmt: ir.RaiseError, depth: int) -> list[str]:
        pad = INDENT * depth
        if stmt.legacy is not None:
            raise NotConverted(stmt.where, "MS405", "RAISERROR number 'message' (the old form) is not converted")
        severity = stmt.severity.text.strip() if stmt.severity is not None else ""
        if not severity.isdigit():
            raise NotConverted(stmt.where, "MS405", f"RAISERROR with severity {severity}: only a number is converted")
        level = int(severity)
        message = stmt.message
        if re.fullmatch(r"\s*\d+\s*", message.text):
            raise NotConverted(stmt.where, "MS405", "RAISERROR of a message number (sys.messages) is not converted")
        text = self.formatted(message, stmt.arguments[3:], stmt.where)
        if "LOG" in stmt.options and level > 18:
            raise NotConverted(stmt.where, "MS405", f"RAISERROR severity {level} WITH LOG ends the connection")
        self.rowcount = "0"
        if level <= 10:
            self.note(stmt.where, "MS405", f"RAISERROR severity {level} (a message, not an error) becomes RAISE NOTICE")
            return [f"{pad}RAISE NOTICE '%', {text};"]
        if level > 18:
            raise NotConverted(stmt.where, "MS405", f"RAISERROR severity {level} (fatal) is not converted")
        state = stmt.state.text.strip() if stmt.state is not None else "1"
        raise_line = (f"{pad}RAISE EXCEPTION USING MESSAGE = {text}, DETAIL = "
                      f"{sql_string(ERROR_DETAIL + '50000')}, HINT = {sql_string(f'severity {level}, state {state}')};")
        if self.in_try:
            self.note(stmt.where, "MS405", "RAISERROR in a TRY block: RAISE EXCEPTION, caught by the CATCH block")
            return [raise_line]
        following = self.next_statement
        if isinstance(following, (ir.Rollback, ir.Return)):
            if isinstance(following, ir.Rollback):
                self.skipped.add(id(following))
                self.note(stmt.where, "MS405", "RAISERROR then ROLLBACK: RAISE EXCEPTION, which undoes the "
                                               "statement and ends the transaction, as the ROLLBACK did")
            else:
                self.skipped.add(id(following))
                code = "" if following.value is None else f" (the return code {following.value.text.strip()} is not " \
                                                           "set: the caller gets the error)"
                self.review(stmt.where, "MS405", "RAISERROR then RETURN: RAISE EXCEPTION; SQL Server keeps what the "
                                                 "routine did before it (unless a transaction is rolled back), "
                                                 "PostgreSQL undoes the call" + code)
            return [raise_line]
        if following is None and not self.in_catch and isinstance(self.unit, ir.Procedure):
            self.review(stmt.where, "MS405", "RAISERROR as the last statement: RAISE EXCEPTION; SQL Server keeps "
                                             "what the procedure did before it, PostgreSQL undoes the call")
            return [raise_line]
        if self.in_catch and following is None:
            self.review(stmt.where, "MS405", "RAISERROR at the end of a CATCH block: RAISE EXCEPTION, which also "
                                             "undoes the caller's transaction in PostgreSQL")
            return [raise_line]
        raise NotConverted(stmt.where, "MS405", f"RAISERROR severity {level} outside TRY sends an error and goes on "
                                                "with the next statement: PostgreSQL cannot raise an error and go on")

    def formatted(self, message: ir.Text, arguments: list[ir.Text], where: ir.Where) -> str:
        """RAISERROR's printf-style message as a PostgreSQL text expression (format())."""
        node = self.expression(message)
        if not arguments:
            if isinstance(node, exp.Literal) and node.is_string:
                return sql_string(node.this.replace("%%", "%"))
            return to_sql(node)
        if not (isinstance(node, exp.Literal) and node.is_string):
            raise NotConverted(where, "MS405", "RAISERROR with arguments and a message that is not a literal")
        pattern = node.this
        out, k, n = [], 0, 0
        for m in re.finditer(r"%(%|[-+ 0#]*\d*(?:\.\d+)?(?:h|l|I64)?[a-zA-Z])", pattern):
            out.append(pattern[k:m.start()])
            k = m.end()
            spec = m.group(1)
            if spec == "%":
                out.append("%%")
                continue
            if spec not in ("d", "i", "u", "s", "ld", "li", "lu", "I64d"):
                raise NotConverted(where, "MS405", f"RAISERROR format %{spec} is not converted (only %d, %i, %u, %s)")
            out.append("%s")
            n += 1
        out.append(pattern[k:])
        if n != len(arguments):
            raise NotConverted(where, "MS405", f"RAISERROR has {len(arguments)} arguments for {n} placeholders")
        args = ", ".join(f"coalesce(({self.value(a)})::text, '(null)')" for a in arguments)   # as RAISERROR prints NULL
        return f"format({sql_string(''.join(out))}, {args})"

    def throw(self, stmt: ir.Throw, depth: int) -> list[str]:
        pad = INDENT * depth
        if stmt.number is None:
            if not self.in_catch:
                raise NotConverted(stmt.where, "MS405", "THROW without arguments outside a CATCH block")
            self.note(stmt.where, "MS405", "THROW in a CATCH block re-raises the error (RAISE)")
            return [f"{pad}RAISE;"]
        number = self.value(stmt.number)
        message = self.value(stmt.message)
        self.note(stmt.where, "MS405", "THROW n, message, state: RAISE EXCEPTION with the message; n is in the "
                                       "DETAIL, where ERROR_NUMBER() reads it")
        return [f"{pad}RAISE EXCEPTION USING MESSAGE = {message}, DETAIL = {sql_string(ERROR_DETAIL)} || {number}, "
                f"HINT = 'state ' || {self.value(stmt.state)};"]

    def try_catch(self, stmt: ir.TryCatch, depth: int) -> list[str]:
        pad = INDENT * depth
        self.transaction_pattern(stmt)
        self.in_try += 1
        try:
            body = self.statements(stmt.try_statements, depth + 1) or [f"{pad}{INDENT}NULL;"]
        finally:
            self.in_try -= 1
        self.in_catch += 1
        saved_errors = self.error_vars
        self.error_vars = set()
        self.rowcount = "0"
        self.catch_start = True                 # @@ERROR in the CATCH block's first statement: the error caught
        try:
            handler = self.statements(stmt.catch_statements, depth + 2) or [f"{pad}{INDENT * 2}NULL;"]
        finally:
            self.in_catch -= 1
        diagnostics = []
        if "message" in self.error_vars or "number" in self.error_vars:
            self.extra["sct_error_message"] = "text"
            self.extra["sct_error_detail"] = "text"
            self.extra["sct_error_sqlstate"] = "text"
            diagnostics.append(f"{pad}{INDENT * 2}GET STACKED DIAGNOSTICS sct_error_message = MESSAGE_TEXT, "
                               "sct_error_detail = PG_EXCEPTION_DETAIL, sct_error_sqlstate = RETURNED_SQLSTATE;")
        self.error_vars = saved_errors | self.error_vars
        self.review(stmt.where, "MS404", "BEGIN TRY ... BEGIN CATCH becomes a block with EXCEPTION WHEN OTHERS: "
                                         "PostgreSQL undoes what the TRY block did before the error (a "
                                         "subtransaction); SQL Server keeps it unless the transaction is rolled back")
        self.rowcount = None
        return ([f"{pad}BEGIN"] + body + [f"{pad}EXCEPTION", f"{pad}{INDENT}WHEN OTHERS THEN"] + diagnostics
                + handler + [f"{pad}END;"])

    def transaction_pattern(self, stmt: ir.TryCatch) -> None:
        """BEGIN TRY BEGIN TRAN ... COMMIT END TRY BEGIN CATCH [IF @@TRANCOUNT > 0] ROLLBACK ... END CATCH: the
        TRY block's subtransaction does what the transaction did; the transaction statements are dropped."""
        tries = [s for s in stmt.try_statements if not isinstance(s, ir.SetOption)]
        if not tries or not isinstance(tries[0], ir.BeginTransaction):
            return
        commits = [s for s in stmt.try_statements if isinstance(s, ir.Commit)]
        if len(commits) != 1 or stmt.try_statements[-1] is not commits[0]:
            return
        rollbacks = [s for s in stmt.catch_statements if isinstance(s, ir.Rollback) or self.trancount_rollback(s)]
        if len(rollbacks) != 1:
            return
        for s in (tries[0], commits[0], rollbacks[0]):
            self.skipped.add(id(s))
        self.review(stmt.where, "MS407", "BEGIN TRAN ... COMMIT in TRY with ROLLBACK in CATCH: the TRY block's "
                                         "subtransaction undoes its work on error, as the ROLLBACK did; the work "
                                         "commits when the CALL ends (PostgreSQL cannot COMMIT inside a block with "
                                         "an EXCEPTION clause)")

    def trancount_rollback(self, stmt: ir.Stmt) -> bool:
        """IF @@TRANCOUNT > 0 ROLLBACK [TRAN]"""
        if not isinstance(stmt, ir.If) or stmt.otherwise is not None:
            return False
        then = stmt.then.statements if isinstance(stmt.then, ir.Block) else [stmt.then]
        return (re.fullmatch(r"(?is)\s*\(?\s*(@@TRANCOUNT\s*(>\s*0|<>\s*0|!=\s*0|>=\s*1)|XACT_STATE\s*\(\s*\)\s*"
                             r"(<>\s*0|!=\s*0|=\s*-\s*1|<\s*0))\s*\)?\s*", stmt.condition.text) is not None
                and len(then) == 1 and isinstance(then[0], ir.Rollback) and then[0].name is None)

    # -- transactions

    def begin_transaction(self, stmt: ir.BeginTransaction, depth: int) -> list[str]:
        self.transaction_allowed(stmt)
        if stmt.distributed:
            raise NotConverted(stmt.where, "MS407", "BEGIN DISTRIBUTED TRANSACTION is not converted")
        self.note(stmt.where, "MS407", "BEGIN TRANSACTION is dropped: a PostgreSQL procedure runs in a transaction "
                                       "already; COMMIT and ROLLBACK end it and start the next")
        self.rowcount = "0"
        return []

    def transaction_allowed(self, stmt: ir.Stmt) -> None:
        if self.signature.kind != "procedure":
            raise NotConverted(stmt.where, "MS407", f"{_describe(stmt)} in a {self.signature.kind.replace('_', ' ')}"
                                                    ": PostgreSQL functions cannot end transactions")
        if self.in_try or self.in_catch:
            raise NotConverted(stmt.where, "MS407", f"{_describe(stmt)} inside TRY/CATCH: PostgreSQL cannot end a "
                                                    "transaction inside a block with an EXCEPTION clause")
        if isinstance(stmt, ir.BeginTransaction):
            if self.tran_depth:
                raise NotConverted(stmt.where, "MS407", "nested BEGIN TRANSACTION (@@TRANCOUNT > 1) is not converted")
            self.tran_depth = 1
        elif not self.branch_depth:             # a COMMIT or ROLLBACK in an IF branch may not run
            self.tran_depth = 0

    def commit(self, stmt: ir.Commit, depth: int) -> list[str]:
        self.transaction_allowed(stmt)
        self.note(stmt.where, "MS407", "COMMIT: allowed when the procedure is CALLed outside a transaction block")
        self.rowcount = "0"
        return [f"{INDENT * depth}COMMIT;"]

    def rollback(self, stmt: ir.Rollback, depth: int) -> list[str]:
        if isinstance(self.unit, ir.Trigger):
            self.review(stmt.where, "MS407", "ROLLBACK in a trigger: the statement fails with SQL Server's error "
                                             "3609 message and its transaction is undone")
            return [f"{INDENT * depth}RAISE EXCEPTION USING MESSAGE = {sql_string(TRIGGER_ABORTED)}, "
                    f"DETAIL = {sql_string(ERROR_DETAIL + '3609')};"]
        if stmt.name is not None:
            raise NotConverted(stmt.where, "MS407", f"ROLLBACK {stmt.name} (a savepoint or a named transaction) is "
                                                    "not converted")
        self.transaction_allowed(stmt)
        self.note(stmt.where, "MS407")
        self.rowcount = "0"
        return [f"{INDENT * depth}ROLLBACK;"]

    def save_transaction(self, stmt: ir.SaveTransaction, depth: int) -> list[str]:
        raise NotConverted(stmt.where, "MS407", "SAVE TRANSACTION: PL/pgSQL has no SAVEPOINT statement (a block "
                                                "with an EXCEPTION clause is one)")

    # -- options

    def set_option(self, stmt: ir.SetOption, depth: int) -> list[str]:
        words = stmt.text.text.split()
        option = stmt.option
        value = words[-1].upper() if words else ""
        if option == "NOCOUNT":             # leaves @@ROWCOUNT as it is (the documentation says SET resets it;
            self.note(stmt.where, "MS416", "SET NOCOUNT is dropped (PostgreSQL sends no row-count messages from "
                                           "a routine)")                       # SET NOCOUNT does not in practice)
            return []
        self.rowcount = "0"
        if option == "NOCOUNT":
            self.note(stmt.where, "MS416", "SET NOCOUNT is dropped (PostgreSQL sends no row-count messages from "
                                           "a routine)")
            return []
        if option == "XACT_ABORT" and value == "ON":
            self.xact_abort = True
            self.note(stmt.where, "MS416", "SET XACT_ABORT ON is dropped: PostgreSQL always stops and undoes the "
                                           "transaction at an error not caught")
            return []
        if option == "ROWCOUNT" and len(words) == 2:
            limit = words[1]
            if limit.isdigit():
                self.rowlimit = None if limit == "0" else limit
            elif limit.startswith("@") and ident(limit) in self.vars:
                self.rowlimit = self.variable_sql(ident(limit))
            else:
                raise NotConverted(stmt.where, "MS416", f"SET ROWCOUNT {limit} is not converted")
            self.note(stmt.where, "MS416", f"SET ROWCOUNT {limit}: the SELECTs after it get LIMIT {limit}"
                      if limit != "0" else "SET ROWCOUNT 0 ends the limit")
            return []
        raise NotConverted(stmt.where, "MS416", f"SET {' '.join(words)[:60]} in a routine is not converted")

    def waitfor(self, stmt: ir.WaitFor, depth: int) -> list[str]:
        m = re.fullmatch(r"(?is)\s*DELAY\s+'(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?'\s*", stmt.text.text)
        if m is None:
            raise NotConverted(stmt.where, "MS415", f"WAITFOR {stmt.text.text.strip()[:40]} is not converted")
        seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3) or 0)
        fraction = (m.group(4) or "").ljust(3, "0")
        self.review(stmt.where, "MS415", "WAITFOR DELAY becomes pg_sleep: the transaction stays open meanwhile")
        return [f"{INDENT * depth}PERFORM pg_sleep({seconds}.{fraction});"]

    # -- cursors

    def declare_cursor(self, stmt: ir.DeclareCursor, depth: int) -> list[str]:
        bad = [o for o in stmt.options if o in ("GLOBAL", "DYNAMIC", "KEYSET")]
        if bad:
            raise NotConverted(stmt.where, "MS408", f"a {bad[0]} cursor is not converted")
        if re.search(r"(?is)\bFOR\s+UPDATE\b", stmt.query.text):
            raise NotConverted(stmt.where, "MS408", "a FOR UPDATE cursor (WHERE CURRENT OF) is not converted")
        self.note(stmt.where, "MS408")
        return []

    def open_(self, stmt: ir.Open, depth: int) -> list[str]:
        name = ident(stmt.cursor)
        cursor = self.cursors.get(name)
        if cursor is None or stmt.global_scope:
            raise NotConverted(stmt.where, "MS408", f"OPEN {stmt.cursor}: not a cursor declared in this routine")
        query = to_sql(self.sql_tree(cursor.query.text, cursor.query.where))
        scroll = "SCROLL " if name in self.scroll or "SCROLL" in cursor.options else "NO SCROLL "
        return [f"{INDENT * depth}OPEN {quote_ident(self.cursor_var(name))} {scroll}FOR "
                f"{_indent_sql(query, depth + 1)};"]

    def fetch(self, stmt: ir.Fetch, depth: int) -> list[str]:
        pad = INDENT * depth
        name = ident(stmt.cursor)
        if name not in self.cursors or stmt.global_scope:
            raise NotConverted(stmt.where, "MS408", f"FETCH {stmt.cursor}: not a cursor declared in this routine")
        self.extra["sct_fetch_status"] = "integer := -1"
        direction = stmt.orientation
        if " " in direction:
            word, count = direction.split(" ", 1)
            if count.startswith("@") or count.startswith("-@"):
                count = count.replace(count.lstrip("-"), self.variable_sql(ident(count.lstrip("-"))))
            direction = f"{word} {count}"
        cursor = quote_ident(self.cursor_var(name))
        if not stmt.targets:
            return [f"{pad}MOVE {direction} FROM {cursor};",
                    f"{pad}sct_fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;"]
        temps, assigns = [], []
        for n, target in enumerate(stmt.targets):
            var = self.vars.get(ident(target))
            if var is None or var.type is None:
                raise NotConverted(stmt.where, "MS408", f"FETCH ... INTO {target}: not a declared variable")
            temp = f"sct_fetch_{n + 1}"
            if self.extra.get(temp, var.type) != var.type:
                temp = f"sct_fetch_{var.name}"
            self.extra[temp] = var.type
            temps.append(temp)
            assigns.append(f"{pad}{INDENT}{quote_ident(var.name)} := {temp};")
        self.note(stmt.where, "MS408", "FETCH ... INTO: the variables keep their values when no row is left, as "
                                       "in SQL Server; @@FETCH_STATUS is sct_fetch_status")
        lines = [f"{pad}FETCH {direction} FROM {cursor} INTO {', '.join(temps)};",
                 f"{pad}sct_fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;"]
        self.rowcount = "(CASE WHEN sct_fetch_status = 0 THEN 1 ELSE 0 END)"
        return lines + [f"{pad}IF FOUND THEN"] + assigns + [f"{pad}END IF;"]

    def close(self, stmt: ir.Close, depth: int) -> list[str]:
        name = ident(stmt.cursor)
        if name not in self.cursors:
            raise NotConverted(stmt.where, "MS408", f"CLOSE {stmt.cursor}: not a cursor declared in this routine")
        self.rowcount = "0"
        return [f"{INDENT * depth}CLOSE {quote_ident(self.cursor_var(name))};"]

    def deallocate(self, stmt: ir.Deallocate, depth: int) -> list[str]:
        if ident(stmt.cursor) not in self.cursors:
            raise NotConverted(stmt.where, "MS408", f"DEALLOCATE {stmt.cursor}: not a cursor declared here")
        self.rowcount = "0"
        return []

    # -- EXEC

    def execute(self, stmt: ir.Execute, depth: int) -> list[str]:
        pad = INDENT * depth
        if stmt.dynamic is not None or stmt.is_sp_executesql:
            return self.dynamic_sql(stmt, depth)
        if stmt.procedure is None:
            raise NotConverted(stmt.where, "MS410", f"EXEC {stmt.procedure_variable}: a procedure named by a variable "
                                                    "is not converted")
        target = qualified(stmt.procedure)
        signature = self.catalog.signatures.get(target.name)
        if signature is None:
            raise NotConverted(stmt.where, "MS410", f"EXEC {stmt.procedure}: not a procedure of the scripts")
        if signature.kind != "procedure" or signature.result_sets:
            raise NotConverted(stmt.where, "MS410", f"EXEC {stmt.procedure}: it returns a result set, which would go "
                                                    "to this routine's caller in SQL Server")
        if signature.commits and (self.tran_depth or self.in_try or self.in_catch):
            raise NotConverted(stmt.where, "MS407", f"EXEC {stmt.procedure} inside a transaction or TRY block: its "
                                                    "COMMIT/ROLLBACK would only count @@TRANCOUNT down in SQL Server, "
                                                    "but ends this routine's transaction in PostgreSQL")
        if signature.commits:
            self.review(stmt.where, "MS407", f"EXEC {stmt.procedure}: it commits or rolls back, which in PostgreSQL "
                                             "also ends the work this routine did before the call (in SQL Server "
                                             "too when no transaction is open, as here)")
        self.obj.depends_on.append(("call", signature.name))
        args, pre, post = self.call_arguments(stmt, signature, pad)
        if signature.return_status:
            if stmt.status is not None:
                var = self.vars.get(ident(stmt.status))
                if var is None:
                    raise NotConverted(stmt.where, "MS410", f"EXEC {stmt.status} = ...: not a declared variable")
                args.append(f"return_status => {quote_ident(var.name)}")
            else:
                self.extra["sct_return_status"] = "integer"
                args.append("return_status => sct_return_status")
        elif stmt.status is not None:
            var = self.vars.get(ident(stmt.status))
            if var is None:
                raise NotConverted(stmt.where, "MS410", f"EXEC {stmt.status} = ...: not a declared variable")
            pre.append(f"{pad}{quote_ident(var.name)} := 0;")
        if stmt.options is not None:
            raise NotConverted(stmt.where, "MS410", "EXEC ... WITH options is not converted")
        self.note(stmt.where, "MS410")
        self.rowcount = None
        return pre + [f"{pad}CALL {quote_qualified(signature.name.schema, signature.name.name)}({', '.join(args)});"] + post

    def dynamic_sql(self, stmt: ir.Execute, depth: int) -> list[str]:
        """EXEC (N'...') / sp_executesql N'...', N'@p type, ...', @p = value: a statement text known when the routine
        is converted (a literal, or a variable assigned one literal) is converted as static SQL, its parameters as
        variables; text made at run time is MANUAL."""
        pad = INDENT * depth
        made_at_run_time = ("dynamic SQL (EXEC (...) / sp_executesql) whose text is made at run time: convert the "
                            "T-SQL it builds and run it with EXECUTE format(...) USING ...")
        source = self.constant_text(stmt.dynamic_sql, stmt)
        if source is None:
            raise NotConverted(stmt.where, "MS411", made_at_run_time)
        declared = self.constant_text(stmt.parameter_types, stmt) if stmt.parameter_types is not None else ""
        if declared is None:
            raise NotConverted(stmt.where, "MS411", made_at_run_time)
        from sct.converter.procedural_tsql import build_tsql_unit, parse_tsql_routine

        result = parse_tsql_routine(f"CREATE PROCEDURE sct_dynamic AS\n{source}")
        if not result.ok:
            raise NotConverted(stmt.where, "MS411", f"the dynamic SQL text does not parse: {result.errors[0].message}")
        inner = build_tsql_unit(result).statements
        if any(isinstance(x, ir.SqlStatement) and x.result_set or isinstance(x, (ir.Return, ir.Declare))
               for x in walk(inner)):
            raise NotConverted(stmt.where, "MS411", "dynamic SQL that returns rows or declares variables is not "
                                                    "converted")
        params: dict[str, _Var] = {}
        outputs: dict[str, bool] = {}
        for part in _split_top(declared):
            m = re.fullmatch(r"(?is)\s*(@\w+)\s+(.+?)(\s+(?:OUT|OUTPUT))?\s*", part)
            if m is None:
                raise NotConverted(stmt.where, "MS411", f"sp_executesql parameter {part.strip()}: not converted")
            name = ident(m.group(1))
            scratch = f"sct_dyn_{name}"
            target = pg_type(m.group(2), stmt.where, self.catalog)
            self.extra[scratch] = target
            params[name] = _Var(scratch, target)
            outputs[name] = m.group(3) is not None
        pre, post = [], []
        values = stmt.arguments[2:] if stmt.is_sp_executesql else []
        for n, a in enumerate(values):
            name = ident(a.name) if a.name else (list(params)[n] if n < len(params) else None)
            if name not in params:
                raise NotConverted(a.where, "MS411", f"sp_executesql argument {a.value.text}: no such parameter")
            var = params[name]
            pre.append(f"{pad}{var.name} := {to_sql(self.coerce(self.expression(a.value), var.type))};")
            if a.output and outputs[name]:
                caller = self.vars.get(ident(a.value.text))
                if caller is None or caller.type is None:
                    raise NotConverted(a.where, "MS411", f"{a.value.text} OUTPUT: not a variable")
                post.append(f"{pad}{quote_ident(caller.name)} := {to_sql(self.coerce(_sql_node(var.name), caller.type))};")
        saved = self.vars
        self.vars = {k: _Var(v.name, v.type) for k, v in params.items()}     # the text sees its parameters only
        try:
            lines = self.statements(inner, depth)
        finally:
            self.vars = saved
        self.note(stmt.where, "MS411", "dynamic SQL with a constant text becomes static SQL (its parameters are "
                                       "variables)")
        return pre + lines + post

    def constant_text(self, text: ir.Text | None, stmt: ir.Execute) -> str | None:
        """The string a T-SQL expression always has: a literal, literals joined with +, or a variable that the
        routine assigns once, from such a string; None otherwise."""
        if text is None:
            return None
        try:
            node = tsql_sql.parse_sql(f"SELECT {text.text}", self.place(text.where)).expressions[0]
        except (SqlParseError, IndexError):
            return None
        return self.constant(node, 0)

    def constant(self, node: exp.Expression, depth: int) -> str | None:
        if isinstance(node, exp.Paren):
            return self.constant(node.this, depth)
        if isinstance(node, exp.National) or isinstance(node, exp.Literal) and node.is_string:
            return node.this
        if isinstance(node, exp.Add):
            left, right = self.constant(node.this, depth), self.constant(node.expression, depth)
            return None if left is None or right is None else left + right
        if isinstance(node, exp.Parameter) and not isinstance(node.this, exp.Parameter) and depth < 3:
            name = tsql_sql.fold(node.name)
            values = []
            for s in walk(unit_statements(self.unit)):
                if isinstance(s, ir.Declare):
                    values += [v.value for v in s.variables if ident(v.name) == name and v.value is not None]
                elif isinstance(s, ir.SetVariable) and ident(s.target) == name:
                    values.append(s.value if s.operator == "=" else None)
                elif isinstance(s, ir.SqlStatement) and any(ident(a) == name for a in s.assigns):
                    values.append(None)
                elif isinstance(s, ir.Fetch) and any(ident(t) == name for t in s.targets):
                    values.append(None)
            if len(values) != 1 or values[0] is None:
                return None
            try:
                value = tsql_sql.parse_sql(f"SELECT {values[0].text}", self.place(values[0].where)).expressions[0]
            except (SqlParseError, IndexError):
                return None
            return self.constant(value, depth + 1)
        return None

    def call_arguments(self, stmt: ir.Execute, signature: Signature, pad: str) -> tuple[list[str], list[str], list[str]]:
        """EXEC's arguments as named PostgreSQL arguments of the callee's types: (arguments, statements before the
        call, statements after it that copy OUTPUT values back)."""
        args: list[str] = []
        pre: list[str] = []
        post: list[str] = []
        named = False
        by_name = {n: (out, has_default) for n, out, has_default in signature.parameters}
        for n, a in enumerate(stmt.arguments):
            if a.name is not None:
                named = True
                pname = ident(a.name)
                if pname not in by_name:
                    raise NotConverted(a.where, "MS410", f"EXEC {stmt.procedure}: it has no parameter {a.name}")
            elif named:
                raise NotConverted(a.where, "MS410", "a positional argument after a named one")
            else:
                if n >= len(signature.parameters):
                    raise NotConverted(a.where, "MS410", f"EXEC {stmt.procedure}: too many arguments")
                pname = signature.parameters[n][0]
            output, _ = by_name[pname]
            ptype = self.param_type(signature, pname)
            if a.value.text.strip().upper() == "DEFAULT":
                if not named:
                    raise NotConverted(a.where, "MS410", "DEFAULT as a positional argument is not converted")
                continue
            if a.output and not output:
                raise NotConverted(a.where, "MS410", f"{a.value.text} OUTPUT: {pname} is not an OUTPUT parameter")
            var = self.vars.get(ident(a.value.text)) if a.output else None
            if a.output and (var is None or var.type is None):
                raise NotConverted(a.where, "MS410", f"{a.value.text} OUTPUT: not a variable")
            if output and var is not None and var.type == ptype:
                value = quote_ident(var.name)
            elif output:        # a variable of another type, or no OUTPUT: through a variable of the parameter's type
                scratch = f"sct_arg_{len(self.extra) + 1}"
                self.extra[scratch] = ptype
                pre.append(f"{pad}{scratch} := {to_sql(self.coerce(self.expression(a.value), ptype))};")
                value = scratch
                if var is not None:
                    typed = exp.Cast(this=_sql_node(scratch), to=exp.DataType.build(ptype, dialect="postgres"))
                    post.append(f"{pad}{quote_ident(var.name)} := {to_sql(self.coerce(typed, var.type))};")
            else:               # SQL Server converts the argument to the parameter's type
                node = self.coerce(self.expression(a.value), ptype)
                value = to_sql(exp.Cast(this=node, to=exp.DataType.build(ptype, dialect="postgres")))
            args.append(f"{_param_name(pname)} => {value}")
        given = {a.split(" => ")[0] for a in args}
        for pname, output, _ in signature.parameters:        # an OUTPUT parameter left to its default
            if output and _param_name(pname) not in given:
                scratch = f"sct_arg_{len(self.extra) + 1}"
                self.extra[scratch] = self.param_type(signature, pname)
                default = signature.defaults.get(pname)
                pre.append(f"{pad}{scratch} := {self.value(default) if default is not None else 'NULL'};")
                args.append(f"{_param_name(pname)} => {scratch}")   # PL/pgSQL wants a variable for each one
        return args, pre, post

    def param_type(self, signature: Signature, pname: str) -> str:
        return signature.types.get(pname, "text")

    # -- SQL

    def sql(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        pad = INDENT * depth
        if stmt.assigns:
            return self.select_assign(stmt, depth)
        if stmt.result_set:
            return self.result_set(stmt, depth)
        verb = stmt.verb
        text = stmt.sql.text
        if verb == "SELECT" and re.search(r"(?is)\bINTO\s+#", text):
            raise NotConverted(stmt.where, "MS412", "SELECT ... INTO #table is not converted; CREATE TABLE #t first")
        if verb == "CREATE":
            return self.create_table(stmt, depth)
        if verb == "DROP":
            m = re.fullmatch(r"(?is)\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(#\w+)\s*;?\s*", text)
            if m is None or m.group(1).lower() not in self.temp_tables:
                raise NotConverted(stmt.where, "MS415", f"{' '.join(text.split())[:60]}: DDL in a routine is not "
                                                        "converted")
            return [f"{pad}{_drop_temp(self.temp_tables[m.group(1).lower()])}"]
        if verb == "TRUNCATE":
            m = re.fullmatch(r"(?is)\s*TRUNCATE\s+TABLE\s+(\S+)\s*;?\s*", text)
            if m is None:
                raise NotConverted(stmt.where, "MS415", "TRUNCATE of this form is not converted")
            return [f"{pad}TRUNCATE TABLE {self.table_ref(m.group(1), stmt.where)};"]
        if verb not in ("INSERT", "UPDATE", "DELETE", "MERGE"):
            raise NotConverted(stmt.where, "MS415", f"{verb} in a routine is not converted")
        if verb == "INSERT" and not re.match(r"(?is)\s*(WITH\b.*?\)\s*)?INSERT\s+INTO\b", text):
            text = re.sub(r"(?is)^(\s*)INSERT\b", r"\1INSERT INTO", text, count=1)
        if self.rowlimit is not None:
            raise NotConverted(stmt.where, "MS416", f"{verb} under SET ROWCOUNT: the limit on the rows it changes is "
                                                    "not converted")
        words = _top_words(text)
        if verb == "INSERT" and any(w in ("EXEC", "EXECUTE") for w, _ in words):
            return self.insert_exec(stmt, text, words, depth)
        output = None
        if any(w == "OUTPUT" for w, _ in words):
            text, output = _cut_output(text, words)
        top = re.match(r"(?is)\s*(DELETE|UPDATE)\s+TOP\s*\((.+?)\)\s*(PERCENT\b)?", text)
        if top is not None:
            text = self.dml_top(stmt, text, top)
        if verb == "UPDATE" and re.search(r"(?is)\bSET\b.*?@\w+\s*=", re.sub(r"(?is)\bWHERE\b.*", "", text)):
            raise NotConverted(stmt.where, "MS415", "UPDATE ... SET @variable = column = value is not converted")
        tree = self.sql_tree(text, stmt.sql.where)
        target_table = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        if isinstance(tree, (exp.Update, exp.Delete, exp.Insert)) and isinstance(target_table, exp.Table) and \
                target_table.name in {c.alias_or_name for c in tree.find_all(exp.CTE)}:
            raise NotConverted(stmt.where, "MS415", f"{verb} through the common table expression {target_table.name} "
                                                    "is not converted (PostgreSQL writes tables only)")
        if isinstance(tree, exp.Insert) and isinstance(tree.this, exp.Table):
            table = tree.this
            filled = self.catalog.implicit.get(f"{table.db}.{table.name}" if table.db else table.name)
            if filled is not None:      # SQL Server skips identity and computed columns; PostgreSQL would not
                tree.set("this", exp.Schema(this=table, expressions=[exp.to_identifier(c) for c in filled]))
        if tree.args.get("returning") is not None:
            raise NotConverted(stmt.where, "MS418", "the OUTPUT clause is not converted (PostgreSQL 15's RETURNING has "
                                                    "no deleted.* and returns the rows to this routine)")
        if isinstance(tree, exp.Merge):
            for when in tree.find_all(exp.When):
                if when.args.get("source"):
                    raise NotConverted(stmt.where, "MS418", "MERGE ... WHEN NOT MATCHED BY SOURCE needs PostgreSQL 17")
            self.review(stmt.where, "MS418", "MERGE: PostgreSQL's MERGE raises an error when a target row matches "
                                             "several source rows, as SQL Server's does; check the concurrency of "
                                             "the statement (no HOLDLOCK)")
        if output is not None:
            return self.output_into(stmt, tree, output, depth)
        lines = [f"{pad}{_indent_sql(to_sql(tree), depth)};"]
        lines += self.after_dml(tree, depth)
        return lines

    def dml_top(self, stmt: ir.SqlStatement, text: str, top: re.Match) -> str:
        """DELETE TOP (n) FROM t WHERE c / UPDATE TOP (n) t SET ... WHERE c: n of the rows, as T-SQL picks them
        (any n): ... WHERE ctid IN (SELECT TOP (n) ctid FROM t WHERE c)."""
        if top.group(3):
            raise NotConverted(stmt.where, "MS409", f"{top.group(1).upper()} TOP (...) PERCENT is not converted")
        rest = text[top.end():]
        name = r"[\w.\[\]#@\"]+"
        if top.group(1).upper() == "DELETE":
            m = re.match(rf"(?is)\s*(?:(?!FROM\b)(\w+)\s+)?(?:FROM\s+)?({name})(?:\s+(?:AS\s+)?(?!WHERE\b)(\w+))?"
                         r"\s*(?:WHERE\s+(.*?))?\s*;?\s*$", rest)
            if m is None or m.group(1) and m.group(1).lower() != (m.group(3) or "").lower():
                raise NotConverted(stmt.where, "MS409", "DELETE TOP (n) with a join is not converted")
            table, condition = m.group(2), m.group(4)
            head = f"DELETE FROM {table}"
            if m.group(3):
                table = f"{table} {m.group(3)}"
        else:
            m = re.match(r"(?is)\s*([\w.\[\]#@\"]+)\s+(SET\s+.*?)(?:\bWHERE\s+(.*?))?\s*;?\s*$", rest)
            if m is None or re.search(r"(?i)\bFROM\b", m.group(2)):
                raise NotConverted(stmt.where, "MS409", "UPDATE TOP (n) of this form is not converted")
            table, condition = m.group(1), m.group(3)
            head = f"UPDATE {table} {m.group(2).strip()}"
        where = f" WHERE {condition}" if condition else ""
        self.review(stmt.where, "MS409", f"{top.group(1).upper()} TOP (n): n of the rows that qualify, chosen by "
                                         "ctid; as in SQL Server, which rows is not defined")
        return f"{head} WHERE ctid IN (SELECT TOP ({top.group(2)}) ctid FROM {table}{where})"

    def output_into(self, stmt: ir.SqlStatement, tree: exp.Expression, output: tuple[str, str | None, str | None],
                    depth: int) -> list[str]:
        """INSERT/UPDATE/DELETE ... OUTPUT inserted.x, deleted.y INTO target (cols): the statement's RETURNING in a
        WITH, inserted into the target."""
        pad = INDENT * depth
        items, into, columns = output
        if into is None:
            raise NotConverted(stmt.where, "MS418", "OUTPUT without INTO returns the rows to the client: not converted")
        if not isinstance(tree, (exp.Insert, exp.Update, exp.Delete)):
            raise NotConverted(stmt.where, "MS418", "OUTPUT of a MERGE is not converted (PostgreSQL 15's MERGE has no "
                                                    "RETURNING)")
        target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        name = target.alias_or_name
        new_rows = "inserted" if not isinstance(tree, exp.Delete) else None
        old_rows = "deleted" if isinstance(tree, exp.Delete) else None
        select = self.parse(f"SELECT {items}", stmt.sql.where)
        for column in select.find_all(exp.Column):
            qualifier = tsql_sql.fold(column.table) if column.table else None
            if qualifier in ("inserted", "deleted") and qualifier not in (new_rows, old_rows):
                raise NotConverted(stmt.where, "MS418", f"OUTPUT {qualifier}.{column.name} of an UPDATE: PostgreSQL "
                                                        "15's RETURNING has the new values only")
            if qualifier in ("inserted", "deleted"):
                column.set("table", exp.to_identifier(name))
        if any(isinstance(c, exp.Star) or isinstance(c, exp.Column) and isinstance(c.this, exp.Star)
               for c in select.expressions):
            key = f"{target.db}.{target.name}" if target.db else target.name
            columns_of = self.catalog.relations.get(tsql_sql.fold(key))
            if columns_of is None:
                raise NotConverted(stmt.where, "MS418", "OUTPUT inserted.* of a table not in the scripts")
            expanded = []
            for item in select.expressions:
                if isinstance(item, exp.Star) or isinstance(item, exp.Column) and isinstance(item.this, exp.Star):
                    expanded += [exp.column(c, table=name) for c in columns_of]
                else:
                    expanded.append(item)
            select.set("expressions", expanded)
        if re.search(r"(?i)\$action", items):
            raise NotConverted(stmt.where, "MS418", "OUTPUT $action is not converted")
        returning = self.convert(select, stmt.sql.where)
        tree.set("returning", exp.Returning(expressions=list(returning.expressions)))
        self.note(stmt.where, "MS418", "OUTPUT ... INTO becomes RETURNING in a WITH whose rows are inserted into "
                                       "the target")
        target_sql = self.table_ref(into, stmt.where) if not into.startswith("@") else self.table_variable(into, stmt)
        cols = ""
        if columns:
            cols = " (" + ", ".join(quote_ident(ident(c)) for c in _split_top(columns)) + ")"
        sql = f"WITH sct_output AS (\n{to_sql(tree)}\n)\nINSERT INTO {target_sql}{cols} SELECT * FROM sct_output"
        lines = [f"{pad}{_indent_sql(sql, depth)};"]
        return lines + self.after_dml(tree, depth)

    def table_variable(self, name: str, stmt: ir.SqlStatement) -> str:
        var = self.vars.get(ident(name))
        if var is None or var.table is None:
            raise NotConverted(stmt.where, "MS412", f"{name}: not a declared table variable")
        return var.table

    def insert_exec(self, stmt: ir.SqlStatement, text: str, words: list[tuple[str, int]], depth: int) -> list[str]:
        """INSERT INTO t (cols) EXEC p args: the rows of the function p became (a procedure with a result set)."""
        pad = INDENT * depth
        at = next(k for w, k in words if w in ("EXEC", "EXECUTE"))
        head, call = text[:at], text[at:]
        parsed = _parse_exec(call, stmt)
        if parsed is None or parsed.procedure is None or parsed.dynamic is not None or parsed.is_sp_executesql:
            raise NotConverted(stmt.where, "MS410", "INSERT ... EXEC of dynamic SQL or of this form is not converted")
        signature = self.catalog.signatures.get(qualified(parsed.procedure).name)
        if signature is None or signature.kind != "table_function" or isinstance(self.unit, ir.Function):
            raise NotConverted(stmt.where, "MS410", f"INSERT ... EXEC {parsed.procedure}: only a procedure of the "
                                                    "scripts that became a function RETURNS TABLE is converted")
        args, pre, post = self.call_arguments(parsed, signature, pad)
        if post or parsed.status is not None:
            raise NotConverted(stmt.where, "MS410", "INSERT ... EXEC with OUTPUT arguments or a return code is not "
                                                    "converted")
        self.obj.depends_on.append(("routine", signature.name))
        target = self.sql_tree(head.rstrip() + " SELECT 1", stmt.sql.where)
        call_sql = f"SELECT * FROM {quote_qualified(signature.name.schema, signature.name.name)}({', '.join(args)})"
        target.set("expression", self.parse("SELECT 1", stmt.sql.where))
        sql = to_sql(target).rsplit(" SELECT 1", 1)[0] + " " + call_sql
        self.note(stmt.where, "MS410", f"INSERT ... EXEC {parsed.procedure} becomes INSERT ... SELECT * FROM the "
                                       "function it became")
        return pre + [f"{pad}{sql};"] + self.after_dml(target, depth)

    def after_dml(self, tree: exp.Expression, depth: int) -> list[str]:
        """GET DIAGNOSTICS for @@ROWCOUNT and SCOPE_IDENTITY() after the statement `tree` (in a WITH, the outer
        INSERT writes one row per row of `tree`)."""
        pad = INDENT * depth
        lines = []
        if self.rowcount_used or self.scope_identity_used:
            self.extra["sct_rowcount"] = "bigint"
            lines.append(f"{pad}GET DIAGNOSTICS sct_rowcount = ROW_COUNT;")
            self.rowcount = "sct_rowcount"
        else:
            self.rowcount = None
        if self.scope_identity_used and isinstance(tree, exp.Insert):
            table = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
            if isinstance(table, exp.Table):
                key = f"{table.db}.{table.name}" if table.db else table.name
                identity = self.catalog.identities.get(key)
                if identity is not None:
                    name, column = identity
                    self.extra["sct_scope_identity"] = "numeric"
                    relation = quote_qualified(name.schema, name.name)          # quoted as PostgreSQL reads the text
                    lines.append(f"{pad}IF sct_rowcount > 0 THEN sct_scope_identity := currval(pg_get_serial_sequence("
                                 f"{sql_string(relation)}, {sql_string(column)})); END IF;")
        return lines

    def result_set(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        pad = INDENT * depth
        tree = self.sql_tree(stmt.sql.text, stmt.sql.where)
        if self.rowlimit is not None:
            if not isinstance(tree, exp.Select) or tree.args.get("limit") is not None:
                raise NotConverted(stmt.where, "MS416", "SET ROWCOUNT with this SELECT is not converted")
            tree.set("limit", exp.Limit(expression=exp.Literal.number(self.rowlimit)
                                        if self.rowlimit.isdigit() else exp.column(self.rowlimit)))
        if isinstance(self.unit, ir.Trigger) or isinstance(self.unit, ir.Function):
            raise NotConverted(stmt.where, "MS402", "a trigger or function that returns a result set")
        sql = _indent_sql(to_sql(tree), depth)
        if self.signature.kind == "table_function":
            if self.result_sets:
                raise NotConverted(stmt.where, "MS402", "the procedure returns more than one result set; use "
                                                        "--result-sets refcursor")
            columns = self.columns_of(tree, stmt.where)
            self.result_sets += 1
            self.result_columns = columns
            lines = [f"{pad}RETURN QUERY {sql};"]
        else:
            self.result_sets += 1
            lines = [f"{pad}OPEN result_set_{self.result_sets} FOR {sql};"]
        if self.rowcount_used:
            self.extra["sct_rowcount"] = "bigint"
            lines.append(f"{pad}GET DIAGNOSTICS sct_rowcount = ROW_COUNT;")
            self.rowcount = "sct_rowcount" if self.signature.kind == "table_function" else None
        return lines

    def columns_of(self, tree: exp.Expression, where: ir.Where) -> list[tuple[str, str]]:
        relations = {**self.catalog.relations, **self.temp_relations}
        scope = self.scope()
        typed = tree.copy()                 # calls of the scripts' scalar functions, typed for the inference
        for call in list(typed.find_all(exp.Anonymous)):
            returns = call.meta.get("sct_returns")
            if returns is not None:
                call.replace(exp.Cast(this=call.copy(), to=exp.DataType.build(returns, dialect="postgres")))
        types = pg_types.output_types(typed, relations, scope.sources)
        if types is None:
            raise NotConverted(where, "MS402", "the columns of the result set are not known (SELECT * of a relation "
                                               "not in the scripts?); use --result-sets refcursor")
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for n, (name, kind) in enumerate(types):
            if kind is None or kind in ("null",):
                raise NotConverted(where, "MS402", f"the type of result column {n + 1} ({name or 'no name'}) is not "
                                                   "known; use --result-sets refcursor or CAST it")
            column = name or f"column{n + 1}"
            while column in seen:
                column += "_"
            seen.add(column)
            out.append((column, kind))
        return out

    def create_table(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        m = re.match(r"(?is)\s*CREATE\s+TABLE\s+(#{1,2}[\w@$#]+)\s*\((.*)\)\s*;?\s*$", stmt.sql.text)
        if m is None:
            raise NotConverted(stmt.where, "MS415", f"{' '.join(stmt.sql.text.split())[:60]}: DDL in a routine is not "
                                                    "converted")
        if m.group(1).startswith("##"):
            raise NotConverted(stmt.where, "MS412", "a ##global temporary table is not converted")
        base = stmt.sql.where
        columns = self.table_columns(ir.Text(m.group(2), base), stmt.where)
        table = self.temp_name(m.group(1))
        self.review(stmt.where, "MS412", f"{m.group(1)} is the temporary table {table}: it is dropped when the routine "
                                         "ends; a routine this one calls sees it, as in SQL Server")
        self.rowcount = "0"
        return [INDENT * depth + line for line in self.create_temp(table, columns)]

    def temp_name(self, name: str) -> str:
        key = name.lower()
        if key not in self.temp_tables:
            base = ident(name)
            # the routine's own table: a routine it calls may use the same T-SQL name for another one
            pg = f"{self.function_name}_{'tv_' if name.startswith('@') else ''}{base}"[:63]
            self.temp_tables[key] = f"pg_temp.{quote_ident(pg)}"
        return self.temp_tables[key]

    def create_temp(self, table: str, columns: list[tuple[str, str, str]]) -> list[str]:
        """DROP and CREATE the temporary table; the PRAGMA string (a no-op when run) tells plpgsql_check its
        columns, which it cannot know before the table exists."""
        name = table.split(".", 1)[1]
        self.temp_relations[f"pg_temp.{name.strip(chr(34))}"] = {n: pg_types.base_type(t) for n, t, _ in columns}
        plain = ", ".join(f"{quote_ident(n)} {t}" for n, t, _ in columns)
        cols = ", ".join(f"{quote_ident(n)} {t}{' ' + extra if extra else ''}" for n, t, extra in columns)
        return [f"PERFORM {sql_string(f'PRAGMA:TABLE: {table} ({plain})')};",
                _drop_temp(table), f"CREATE TEMPORARY TABLE {name} ({cols});"]

    def table_columns(self, text: ir.Text, where: ir.Where) -> list[tuple[str, str, str]]:
        """The columns of a table variable or #table: name type [NULL | NOT NULL | PRIMARY KEY], as (name, type,
        what follows the type)."""
        out = []
        for part in _split_top(text.text):
            m = re.fullmatch(r"(?is)\s*(\[[^\]]+\]|\"[^\"]+\"|[\w@$#]+)\s+(.+?)"
                             r"((?:\s+(?:NOT\s+NULL|NULL|PRIMARY\s+KEY|IDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)))*)\s*",
                             part)
            if m is None or re.match(r"(?i)(PRIMARY|UNIQUE|CHECK|CONSTRAINT|INDEX|FOREIGN)\b", part.strip()):
                raise NotConverted(where, "MS412", f"table column {part.strip()[:50]}: not converted")
            target = pg_type(m.group(2), where, self.catalog)
            extra = " ".join(m.group(3).upper().split())
            extra = re.sub(r"IDENTITY\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)",
                           r"GENERATED BY DEFAULT AS IDENTITY (START WITH \1 INCREMENT BY \2)", extra)
            out.append((ident(m.group(1)), target, extra))
        return out

    def table_ref(self, name: str, where: ir.Where) -> str:
        if name.startswith("#"):
            if name.lower() not in self.temp_tables:
                raise NotConverted(where, "MS412", f"{name}: a temporary table this routine did not create (a "
                                                   "caller's) is not converted")
            return self.temp_tables[name.lower()]
        q = qualified(name)
        return to_sql(exp.table_(q.name, db=q.schema))

    # -- SQL and expressions

    def parse(self, text: str, where: ir.Where) -> exp.Expression:
        try:
            return tsql_sql.parse_sql(text, self.place(where))
        except SqlParseError as e:
            raise NotConverted(where, "MS415", f"cannot parse: {e}") from None

    def sql_tree(self, text: str, where: ir.Where) -> exp.Expression:
        tree = self.parse(text, where)
        return self.convert(tree, where)

    def expression(self, text: ir.Text) -> exp.Expression:
        self.in_expression = True
        try:
            return self._expression(text)
        finally:
            self.in_expression = False

    def _expression(self, text: ir.Text) -> exp.Expression:
        tree = self.parse(f"SELECT {text.text}", text.where)
        if not isinstance(tree, exp.Select) or len(tree.expressions) != 1 or tree.args.get("from_") is not None:
            raise NotConverted(text.where, "MS415", f"cannot read {text.text[:60]} as one expression")
        tree = self.convert(tree, text.where)
        node = tree.expressions[0]
        return node.this if isinstance(node, exp.Alias) else node

    def value(self, text: ir.Text) -> str:
        return to_sql(self.expression(text))

    def condition(self, text: ir.Text) -> str:
        source = text.text
        if isinstance(self.unit, ir.Trigger) and re.search(r"(?i)\bUPDATE\s*\(", source):
            source = re.sub(r"(?i)\bUPDATE\s*\(\s*([^)]*?)\s*\)", lambda m: self.update_test(m.group(1), text.where),
                            source)
        if re.search(r"(?i)\bCOLUMNS_UPDATED\s*\(", source):
            raise NotConverted(text.where, "MS414", "COLUMNS_UPDATED() is not converted")
        tree = self.parse(f"SELECT 1 WHERE {source}", text.where)
        self.in_expression = True
        try:
            tree = self.convert(tree, text.where)
        finally:
            self.in_expression = False
        condition = to_sql(tree.args["where"].this)
        return f"({condition})" if re.search(r"(?i)\bTHEN\b", condition) else condition

    def update_test(self, column: str, where: ir.Where) -> str:
        """UPDATE(column) in a trigger: true in the INSERT trigger; in the UPDATE trigger, whether the UPDATE set the
        column, which a BEFORE UPDATE OF column statement trigger records (sct_sqlserver.update_flag)."""
        name = ident(column)
        if self.trigger_event == "INSERT":
            self.note(where, "MS414", "UPDATE(column) is true in an INSERT trigger, as in SQL Server")
            return "(1 = 1)"
        if self.trigger_event == "DELETE":
            return "(1 = 0)"                    # a DELETE trigger: no column is set
        if self.row_level:
            raise NotConverted(where, "MS414", f"UPDATE({column}) in an INSTEAD OF UPDATE trigger: a row trigger does "
                                               "not know which columns the UPDATE set")
        setting = re.sub(r"\W", "_", f"upd_{self.function_name}_{name}").lower()[:60]
        self.update_flags[name] = setting
        self.note(where, "MS414", f"UPDATE({column}): a BEFORE UPDATE OF {name} statement trigger sets "
                                  f"sct.{setting}, which this trigger reads and clears")
        return f"(SCT_UPDATED('{setting}') = 1)"         # made PostgreSQL's in `call`

    def variable_sql(self, name: str) -> str:
        var = self.vars[name]
        qualifier = self.function_name if var.parameter else LOCALS
        return f"{quote_ident(qualifier)}.{quote_ident(var.name)}"

    def variable_node(self, name: str, where: ir.Where) -> exp.Expression:
        var = self.vars.get(name)
        if var is None:
            raise NotConverted(where, "MS401", f"@{name} is not declared")
        if var.table is not None:
            raise NotConverted(where, "MS412", f"@{name}: a table variable used as a value")
        qualifier = self.function_name if var.parameter else LOCALS
        node = exp.column(var.name, table=qualifier)
        node.meta["sct"] = True
        for sub in node.walk():
            sub.meta["sct"] = True
        return node

    def system_value(self, name: str, where: ir.Where) -> exp.Expression:
        upper = name.upper()
        if upper == "ROWCOUNT":
            if self.rowcount is None:
                raise NotConverted(where, "MS409", "@@ROWCOUNT is converted only right after the statement that "
                                                   "sets it")
            self.note(where, "MS409", "@@ROWCOUNT: GET DIAGNOSTICS ... ROW_COUNT of the statement before")
            return _sql_node(self.rowcount)
        if upper == "FETCH_STATUS":
            self.extra["sct_fetch_status"] = "integer := -1"
            return _sql_node("sct_fetch_status")
        if upper == "IDENTITY":
            self.review(where, "MS409", "@@IDENTITY becomes lastval(): the last value any sequence gave in the "
                                        "session (a trigger's INSERT included, as in SQL Server)")
            return _sql_node("lastval()")
        if upper == "TRANCOUNT":
            raise NotConverted(where, "MS407", "@@TRANCOUNT is not converted (PostgreSQL has no transaction count)")
        if upper == "ERROR":
            if self.error_state is not None:
                return _sql_node(self.error_state)
            if self.in_catch and self.catch_start:
                self.error_vars.add("number")
                return _sql_node(_error_number_sql())
            self.note(where, "MS406", "@@ERROR after a statement that did not fail is 0 (a failing statement ends "
                                      "the routine in PostgreSQL unless TRY/CATCH or an @@ERROR test follows it)")
            return exp.Literal.number(0)
        if upper == "SPID":
            return _sql_node("pg_backend_pid()")
        if upper == "SERVERNAME":
            raise NotConverted(where, "MS415", "@@SERVERNAME is not converted")
        raise NotConverted(where, "MS415", f"@@{name} is not converted")

    def convert(self, tree: exp.Expression, where: ir.Where) -> exp.Expression:
        """Variables, system values, temporary tables, routine calls and pseudo-tables of the T-SQL tree made
        PostgreSQL's, then the shared rewriter (tsql_sql.convert_tree)."""
        span = self.place(where)
        for node in list(tree.walk()):
            if isinstance(node, exp.Parameter):
                if node.parent is not None and isinstance(node.parent, exp.Parameter):
                    continue
                inner = node.this
                if isinstance(inner, exp.Parameter):
                    new = self.system_value(inner.name, where)
                elif isinstance(node.parent, exp.Table):
                    continue
                else:
                    new = self.variable_node(tsql_sql.fold(node.name), where)
                if node is tree:
                    tree = new
                else:
                    node.replace(new)
            elif isinstance(node, exp.Anonymous):
                self.call(node, where)
        for table in list(tree.find_all(exp.Table)):
            self.table(table, where)
        columns = dict(self.catalog.column_types)
        columns.update({v.name: v.type for v in self.vars.values() if v.type})
        money = self.catalog.money | {v.name for v in self.vars.values() if v.money}
        tree = tsql_sql.convert_tree(tree, self.obj, span, columns=columns, ansi_nulls=self.catalog.ansi_nulls,
                                     money=money)
        self.clock(tree)
        for node in tree.find_all(exp.Mul, exp.Div):
            if any(tsql_sql.money_typed(x, money, columns) for x in (node.this, node.expression)):
                self.review(where, "MS102", "money arithmetic: SQL Server keeps 4 decimals after each * and / of "
                                            "money (100 / 339 * 10000 is 2949.0000), numeric keeps every digit")
                break
        compared = tsql_sql.case_sensitive_comparison(tree, columns)
        if compared is not None:
            self.review(where, "MS110", "the routine compares strings (first here: " + compared + "): SQL Server's "
                                        "default collations ignore case and trailing spaces, PostgreSQL's do not")
        ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):      # after the rewrites: UPDATE alias ... FROM names the table
            if not table.name or isinstance(table.this, exp.Anonymous) or table.name in ctes or table.db == "pg_temp":
                continue
            if isinstance(self.unit, ir.Trigger) and not table.db and table.name in ("inserted", "deleted"):
                continue
            self.obj.depends_on.append(("relation", QName(table.db or None, table.name)))
        return tree

    def clock(self, tree: exp.Expression) -> None:
        """GETDATE() and friends read the time when each statement of the routine starts; statement_timestamp()
        would be the start of the client's CALL. In one expression (a SET, a condition): clock_timestamp(); in a
        statement that may read many rows: var.sct_now, set from clock_timestamp() just before it."""
        for node in list(tree.find_all(exp.Anonymous)):
            if node.name.upper() != "STATEMENT_TIMESTAMP":
                continue
            if self.in_expression:
                new = exp.Anonymous(this="CLOCK_TIMESTAMP")
            else:
                new = exp.column("sct_now", table=LOCALS)
                self.extra["sct_now"] = "timestamptz"
                self.now_needed = True
            new.meta["sct"] = True
            node.replace(new)
            # the shared rewriter's MS310 note speaks of statement_timestamp(), which a routine does not use
            self.obj.findings[:] = [f for f in self.obj.findings
                                    if not (f.rule_id == "MS310" and "statement_timestamp" in (f.message or ""))]
            self.note(self.unit.where, "MS310", "GETDATE()/SYSDATETIME()/CURRENT_TIMESTAMP in a routine read the "
                                                "clock when each statement starts (clock_timestamp(), or sct_now set "
                                                "before a statement that reads rows), as in SQL Server")

    def call(self, node: exp.Anonymous, where: ir.Where) -> None:
        upper = node.name.upper()
        if upper == "SCT_UPDATED" and node.expressions and node.expressions[0].name in self.update_flags.values():
            setting = node.expressions[0].name
            # set by the BEFORE trigger of this statement: at this trigger depth (a nested statement's is deeper)
            node.replace(_sql_node(f"CASE WHEN current_setting('sct.{setting}', true) = pg_trigger_depth()::text "
                                   "THEN 1 ELSE 0 END"))
            return
        if upper == "SCOPE_IDENTITY":
            self.extra["sct_scope_identity"] = "numeric"
            self.note(where, "MS409", "SCOPE_IDENTITY(): the identity value the routine's last INSERT generated "
                                      "(currval of the table's identity sequence after an INSERT of rows)")
            node.replace(_sql_node("sct_scope_identity"))
            return
        if upper in ("ERROR_MESSAGE", "ERROR_NUMBER", "ERROR_SEVERITY", "ERROR_STATE", "ERROR_LINE",
                     "ERROR_PROCEDURE"):
            if not self.in_catch:
                raise NotConverted(where, "MS406", f"{upper}() outside a CATCH block (in SQL Server it reads the error "
                                                   "of a caller's CATCH block, or is NULL): not converted")
            if upper == "ERROR_MESSAGE":
                self.error_vars.add("message")
                self.review(where, "MS406", "ERROR_MESSAGE(): PostgreSQL's message text for errors it raises differs "
                                            "from SQL Server's")
                node.replace(_sql_node("sct_error_message"))
            elif upper == "ERROR_NUMBER":
                self.error_vars.add("number")
                self.review(where, "MS406", "ERROR_NUMBER(): the number THROW/RAISERROR gave, or SQL Server's number "
                                            "for the PostgreSQL error (" + ", ".join(
                                                f"{k}={v}" for k, v in ERROR_NUMBERS.items()) + "), else NULL")
                node.replace(_sql_node(_error_number_sql()))
            elif upper == "ERROR_SEVERITY":
                self.review(where, "MS406", "ERROR_SEVERITY() is 16 (the severity of the errors a CATCH block catches "
                                          "in SQL Server's usual case)")
                node.replace(exp.Literal.number(16))
            elif upper == "ERROR_STATE":
                self.review(where, "MS406", "ERROR_STATE() is 1, whatever state the error was raised with")
                node.replace(exp.Literal.number(1))
            else:
                raise NotConverted(where, "MS406", f"{upper}() is not converted")
            return
        if upper in ("XACT_STATE",):
            raise NotConverted(where, "MS407", "XACT_STATE() is not converted")
        target = self.catalog.signatures.get(tsql_sql.fold(node.name))
        if target is None:
            return
        parent = node.parent
        qualifier = parent.this if isinstance(parent, exp.Dot) and parent.expression is node else None
        if qualifier is not None and not (isinstance(qualifier, exp.Identifier)
                                          and tsql_sql.fold(qualifier.name) in ("dbo", target.name.schema or "dbo")):
            return
        if target.kind not in ("function", "table_function"):
            return
        args = list(node.expressions)
        if len(args) == len(target.parameters):     # SQL Server converts each argument to the parameter's type
            args = [exp.Cast(this=a, to=exp.DataType.build(target.types[p], dialect="postgres"))
                    for a, (p, _, _) in zip(args, target.parameters, strict=True)]
        new = exp.Anonymous(this=exp.to_identifier(target.name.name), expressions=args)
        new.meta["sct"] = True
        if target.returns is not None:
            new.meta["sct_returns"] = target.returns
        if target.name.schema is not None:
            new = exp.Dot(this=exp.to_identifier(target.name.schema), expression=new)
        (parent if qualifier is not None else node).replace(new)
        self.obj.depends_on.append(("routine", target.name))

    def table(self, table: exp.Table, where: ir.Where) -> None:
        this = table.this
        if isinstance(this, exp.Parameter):                       # a table variable
            var = self.vars.get(tsql_sql.fold(this.name))
            if var is None or var.table is None:
                raise NotConverted(where, "MS412", f"@{this.name}: not a declared table variable")
            table.set("this", exp.to_identifier(var.table.split(".", 1)[1].strip('"')))
            table.set("db", exp.to_identifier("pg_temp"))
            if not table.alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(tsql_sql.fold(this.name))))
            return
        if isinstance(this, exp.Identifier) and (this.args.get("temporary") or this.args.get("global_")):
            if this.args.get("global_"):
                raise NotConverted(where, "MS412", f"##{this.name}: global temporary tables are not converted")
            key = "#" + this.name.lower()
            if key not in self.temp_tables:
                raise NotConverted(where, "MS412", f"#{this.name}: a temporary table this routine did not create (a "
                                                   "caller's) is not converted")
            table.set("db", exp.to_identifier("pg_temp"))
            table.set("this", exp.to_identifier(self.temp_tables[key].split(".", 1)[1].strip('"')))
            if not table.alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(this.name.lower())))
            return
        name = tsql_sql.fold(table.name) if table.name else ""
        if isinstance(self.unit, ir.Trigger) and not table.db and name in ("inserted", "deleted"):
            alias = exp.TableAlias(this=exp.to_identifier(table.alias or name))
            if name == self.trigger_missing:
                empty = exp.select("*").from_(exp.table_(self.trigger_table.name, db=self.trigger_table.schema))
                table.replace(exp.Subquery(this=empty.where(exp.false()), alias=alias))
            elif self.row_level:                # an INSTEAD OF row trigger: the row is NEW (inserted) or OLD
                row = exp.select(exp.Star()).from_(exp.Values(expressions=[exp.Tuple(expressions=[
                    exp.Literal.number(1)])], alias=exp.TableAlias(this=exp.to_identifier("sct_row"))))
                row.set("expressions", [exp.column(exp.Star(), table="NEW" if name == "inserted" else "OLD")])
                row.set("from_", None)
                table.replace(exp.Subquery(this=row, alias=alias))
            return
        if name and not table.db and name in (LOCALS, tsql_sql.fold(self.obj.name.name)):
            raise NotConverted(where, "MS401", f"a table named {name} clashes with the qualifier of the routine's "
                                               "variables")
        if table.alias and tsql_sql.fold(table.alias) in (LOCALS, tsql_sql.fold(self.obj.name.name)):
            raise NotConverted(where, "MS401", f"the alias {table.alias} clashes with the qualifier of the routine's "
                                               "variables")


# --- helpers -----------------------------------------------------------------------------------------------

def _param_name(name: str) -> str:
    """A parameter's name in a signature or a named argument: quoted also when it is a parameter mode word."""
    return f'"{name}"' if name in ("in", "out", "inout", "variadic") else quote_ident(name)


def _drop_temp(table: str) -> str:
    """DROP of a temporary table when it exists (DROP TABLE IF EXISTS pg_temp.t notices that the session has no
    temporary schema yet)."""
    return f"IF to_regclass({sql_string(table)}) IS NOT NULL THEN DROP TABLE {table}; END IF;"


def _writes_table(text: str, name: str) -> bool:
    """Whether the DML statement may write table `name` (UPDATE alias ... FROM table alias included); True when
    it cannot be read."""
    try:
        tree = tsql_sql.parse_sql(text, Span("<trigger>", 1, 1))
    except SqlParseError:
        return True
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    if not isinstance(target, exp.Table):
        return True
    names = {tsql_sql.fold(target.name)}
    for table in tree.find_all(exp.Table):          # the alias of UPDATE/DELETE alias ... FROM table alias
        if table.alias and tsql_sql.fold(table.alias) in names:
            names.add(tsql_sql.fold(table.name))
    for tables in (tree.args.get("tables") or []):
        names.add(tsql_sql.fold(tables.name))
    return name in names


def _sql_node(text: str) -> exp.Expression:
    node = tsql_sql.parse_one_pg(text) if text[:1] not in "0123456789" else exp.Literal.number(text)
    if isinstance(node, exp.Select):
        node = node.expressions[0]
    for sub in node.walk():
        sub.meta["sct"] = True
    return node


def _error_number_sql() -> str:
    """SQL Server's error number of the error caught: THROW/RAISERROR's (in the DETAIL), else the number of the
    PostgreSQL error class (ERROR_NUMBERS), else NULL."""
    cases = " ".join(f"WHEN '{k}' THEN {v}" for k, v in ERROR_NUMBERS.items())
    return (f"CASE WHEN sct_error_detail LIKE '{ERROR_DETAIL}%' THEN substr(sct_error_detail, "
            f"{len(ERROR_DETAIL) + 1})::integer ELSE CASE sct_error_sqlstate {cases} END END")


def _fits_scale(node: exp.Expression, target_type: str) -> bool:
    """A number literal with no more decimals than numeric(p, s) keeps (no rounding to write)."""
    m = re.search(r"\(\s*\d+\s*(?:,\s*(\d+)\s*)?\)", target_type)
    if not isinstance(node, exp.Literal) or node.is_string or m is None:
        return False
    decimals = len(node.this.partition(".")[2])
    return re.fullmatch(r"\d+(\.\d*)?", node.this) is not None and decimals <= int(m.group(1) or 0)


def _is_money(type_text: str) -> bool:
    return re.sub(r"[\[\]\s]", "", type_text).upper().split(".")[-1] in ("MONEY", "SMALLMONEY")


def _length(declared: str) -> int:
    m = re.search(r"\((\d+)\)", declared)
    return int(m.group(1)) if m else 1


def _single_row(tree: exp.Select) -> bool:
    """An aggregate without GROUP BY, or TOP/LIMIT 1: at most one row."""
    limit = tree.args.get("limit")
    if isinstance(limit, exp.Limit) and isinstance(limit.expression, exp.Literal) and limit.expression.this == "1":
        return True
    if tree.args.get("group") is not None:
        return False
    return any(isinstance(e.this if isinstance(e, exp.Alias) else e, exp.AggFunc) for e in tree.expressions)


def _assignment_items(text: str) -> tuple[list[tuple[str, str]] | None, str]:
    """SELECT @a = x, @b += y FROM ...: [(@a, ''), (@b, '+')] and 'SELECT x, y FROM ...'."""
    items: list[tuple[str, str]] = []
    out = []
    depth = 0
    case = 0
    k = 0
    start = True
    scanner = re.compile(r"'(?:[^']|'')*'|\[[^\]]*\]|\"[^\"]*\"|--[^\n]*|/\*.*?\*/|\(|\)|,|\b(?:CASE|END|SELECT)\b"
                         r"|[^'\[\"(),\-/A-Za-z]+|[A-Za-z_]\w*|.", re.S | re.I)
    pos = 0
    first_select = True
    while pos < len(text):
        m = scanner.match(text, pos)
        token = m.group(0)
        upper = token.upper()
        if start and not token.isspace() and not token.startswith(("--", "/*")) and depth == 0 and case == 0:
            a = re.match(r"\s*@(\w+)\s*([-+*/%&|^]?)=(?!=)", text[pos:])
            if a is not None:
                out.append(text[k:pos])
                items.append(("@" + a.group(1), a.group(2)))
                k = pos + a.end()
                pos = k
                start = False
                continue
            if upper not in ("SELECT", "DISTINCT", "ALL") and not (upper == "TOP"):
                start = False
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif upper == "CASE":
            case += 1
        elif upper == "END" and case:
            case -= 1
        elif upper == "SELECT" and first_select and depth == 0:
            first_select = False
            start = True
        elif token == "," and depth == 0 and case == 0:
            start = True
        pos = m.end()
    out.append(text[k:])
    if not items:
        return None, text
    return items, "".join(out)


_TOKENS = re.compile(r"'(?:[^']|'')*'|\[(?:[^\]]|\]\])*\]|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|[()]|[@#$\w]+|.",
                     re.S)


def _top_words(text: str) -> list[tuple[str, int]]:
    """The words of a statement outside parentheses, strings and comments: (upper case, offset)."""
    out, depth = [], 0
    for m in _TOKENS.finditer(text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0 and (token[0].isalpha() or token[0] in "_$"):
            out.append((token.upper(), m.start()))
    return out


_AFTER_OUTPUT = ("VALUES", "SELECT", "DEFAULT", "FROM", "WHERE", "OPTION", "EXEC", "EXECUTE", "WHEN")


def _cut_output(text: str, words: list[tuple[str, int]]) -> tuple[str, tuple[str, str | None, str | None]]:
    """The statement without its OUTPUT clause, and the clause: (items, INTO target or None, its columns)."""
    at = next(k for w, k in words if w == "OUTPUT")
    later = [(w, k) for w, k in words if k > at]
    into = next((k for w, k in later if w == "INTO"), None)
    end = next((k for w, k in later if w in _AFTER_OUTPUT and (into is None or k > into)), len(text))
    if into is None:
        return text[:at] + " " + text[end:], (text[at + 6:end].strip(), None, None)
    items = text[at + 6:into].strip()
    m = re.match(r"\s*(\S+?)\s*(?:\((.*)\))?\s*$", text[into + 4:end], re.S)
    target, columns = (m.group(1), m.group(2)) if m else (text[into + 4:end].strip(), None)
    return text[:at] + " " + text[end:], (items, target, columns)


def _parse_exec(call: str, stmt: ir.SqlStatement) -> ir.Execute | None:
    """EXEC p @a = 1, ... (the text of INSERT ... EXEC) as the IR's Execute."""
    from sct.converter.procedural_tsql import build_tsql_unit, parse_tsql_routine

    result = parse_tsql_routine(f"CREATE PROCEDURE sct_insert_exec AS\n{call}")
    if not result.ok:
        return None
    unit = build_tsql_unit(result)
    return unit.statements[0] if len(unit.statements) == 1 and isinstance(unit.statements[0], ir.Execute) else None


def _split_top(text: str) -> list[str]:
    parts, depth, k = [], 0, 0
    for m in re.finditer(r"'(?:[^']|'')*'|\[[^\]]*\]|\(|\)|,", text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "," and depth == 0:
            parts.append(text[k:m.start()])
            k = m.end()
    parts.append(text[k:])
    return [p for p in parts if p.strip()]


def _indent_sql(sql: str, depth: int) -> str:
    return sql.replace("\n", "\n" + INDENT * depth)




def _upper_code(unit: ir.Unit) -> str:
    return " ".join(_stmt_text(s) for s in walk(unit_statements(unit))).upper()


def _stmt_text(stmt: ir.Stmt) -> str:
    texts = []
    for value in vars(stmt).values():
        if isinstance(value, ir.Text):
            texts.append(value.text)
        elif isinstance(value, list):
            texts += [v.text for v in value if isinstance(v, ir.Text)]
            texts += [v.value.text for v in value if isinstance(v, (ir.ExecArgument, ir.Variable))
                      and getattr(v, "value", None) is not None]
    return " ".join(texts)


def _describe(stmt: ir.Stmt) -> str:
    if isinstance(stmt, ir.SqlStatement):
        return stmt.verb
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(stmt).__name__).upper()


_STATEMENTS = {
    ir.Declare: _Writer.declare, ir.SetVariable: _Writer.set_variable, ir.If: _Writer.if_, ir.While: _Writer.while_,
    ir.Block: _Writer.block, ir.Break: _Writer.break_, ir.Continue: _Writer.continue_, ir.Return: _Writer.return_,
    ir.Goto: _Writer.goto, ir.Label: _Writer.goto, ir.Print: _Writer.print_, ir.RaiseError: _Writer.raiserror,
    ir.Throw: _Writer.throw, ir.TryCatch: _Writer.try_catch, ir.BeginTransaction: _Writer.begin_transaction,
    ir.Commit: _Writer.commit, ir.Rollback: _Writer.rollback, ir.SaveTransaction: _Writer.save_transaction,
    ir.SetOption: _Writer.set_option, ir.WaitFor: _Writer.waitfor, ir.DeclareCursor: _Writer.declare_cursor,
    ir.Open: _Writer.open_, ir.Fetch: _Writer.fetch, ir.Close: _Writer.close, ir.Deallocate: _Writer.deallocate,
    ir.Execute: _Writer.execute, ir.SqlStatement: _Writer.sql,
}
