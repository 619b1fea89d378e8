"""MySQL/MariaDB stored programs (converter/ir/mysql_proc.py) as PostgreSQL PL/pgSQL.

`emit_program(obj, unit)` writes CREATE OR REPLACE PROCEDURE / FUNCTION, or a trigger function plus CREATE
TRIGGER, for a procedure, function or trigger that converter.procedural_mysql parsed. Like
converter/emit/plpgsql.py for PL/SQL it has one method per statement kind (`_STATEMENTS`); SQL statements and
expressions go through converter.dialects.mysql_sql, the rewriter of views, so the same MY3xx rules fire. What
is not converted exactly raises `NotConverted` (the caller records a MANUAL finding and leaves the object out);
what converts with a caveat is a REVIEW finding on the object (rules MY401-MY449).

MySQL semantics kept exactly, and how:
- Statement atomicity under handlers: MySQL undoes only the failing statement and runs the handler; a PL/pgSQL
  EXCEPTION section undoes its whole block. So each statement that a handler covers gets its own
  `BEGIN ... EXCEPTION ... END` (one per handling block, innermost first): an EXIT handler ends with
  `EXIT <block label>`, a CONTINUE handler falls through to the next statement. Handlers do not cover their own
  statement (it is written with the frames outside their block), as in MySQL.
- SELECT ... INTO: no row leaves the variables unchanged and raises NOT FOUND (a warning unless a handler
  catches it); more than one row is error 1172 (SQLSTATE 42000). `SELECT ... INTO STRICT` in a block that catches
  no_data_found and too_many_rows gives exactly that (STRICT raises before it assigns anything).
- FETCH past the last row: MySQL raises NOT FOUND (error 1329, SQLSTATE 02000, when no handler catches it) and
  keeps the variables; PL/pgSQL assigns NULLs and sets FOUND. The FETCH reads into temporaries that are copied
  when FOUND; otherwise the NOT FOUND handler runs or SQLSTATE 02000 is raised.
- Local variables win over columns of the same name in MySQL: every body starts `#variable_conflict use_variable`.
- A condition (IF, WHILE, UNTIL, CASE WHEN) is true when non-zero and not NULL: a non-boolean condition is
  compared with 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp

from sct.converter.dialects import mysql_sql
from sct.converter.dialects.mysql_types import MySqlType, map_mysql_type
from sct.converter.dialects.sqlparse import SqlParseError
from sct.converter.emit.plpgsql_common import NotConverted, dollar
from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span
from sct.converter.ir import mysql_proc as ir
from sct.converter.names import quote_ident, sql_string

__all__ = ["NotConverted", "emit_program"]

INDENT = "  "

# MySQL error numbers a handler may name, and the PostgreSQL condition raised for the same error.
ERROR_CONDITIONS: dict[str, str] = {
    "1062": "unique_violation", "1586": "unique_violation", "1452": "foreign_key_violation",
    "1451": "foreign_key_violation", "1048": "not_null_violation", "1364": "not_null_violation",
    "1406": "string_data_right_truncation", "1264": "numeric_value_out_of_range", "1365": "division_by_zero",
    "1146": "undefined_table", "1054": "undefined_column",
}
NO_DATA = "No data - zero rows fetched, selected, or processed"
TOO_MANY_ROWS = "Result consisted of more than one row"
CASE_NOT_FOUND = "Case not found for CASE statement"
_BOOLEAN = (exp.Predicate, exp.Connector, exp.Not, exp.Boolean, exp.Exists)




@dataclass
class _Frame:
    """A block whose DECLARE ... HANDLER statements are in force; `label` is what an EXIT handler leaves."""

    label: str
    catching: list[tuple[ir.Handler, list[str], bool]] = field(default_factory=list)  # handler, WHEN conditions, SQLEXCEPTION?
    not_found: ir.Handler | None = None


def emit_program(obj: CodeObject, unit: ir.Unit) -> str:
    """The PostgreSQL DDL of a procedure, function or trigger; NotConverted for what has no exact conversion."""
    if isinstance(unit, ir.Routine) and unit.body is not None and not unit.aggregate:
        writer = _Writer(obj, unit.kind)
        text = writer.routine(unit)
    elif isinstance(unit, ir.Trigger):
        writer = _Writer(obj, "trigger")
        text = writer.trigger(unit)
        obj.depends_on.append(("relation", QName(None, _ident(unit.table.split(".")[-1]))))
    else:
        _not_converted(unit)
    obj.depends_on += [("routine", QName(None, name)) for name in sorted(writer.routines)]
    return text


def _not_converted(unit: ir.Unit) -> None:
    if isinstance(unit, ir.Event):
        raise NotConverted(unit.where, "MY414", f"event {unit.name}: PostgreSQL has no scheduler; schedule the "
                                                "body with the pg_cron extension (cron.schedule) or an external job")
    what = {"LoadableFunction": "a loadable function (SONAME) is native code", "Package": "a MariaDB package",
            "AnonymousBlock": "an anonymous block", "Routine": "an aggregate function"}.get(type(unit).__name__,
                                                                                          type(unit).__name__)
    raise NotConverted(unit.where, "MY012", f"{what}: not converted")


def pg_type(text: str, where: ir.Where) -> tuple[str, str | None]:
    """The PostgreSQL type of a MySQL type as written in a DECLARE or parameter, and the range it loses."""
    from sct.converter.dialects import mysql_ddl
    from sct.converter.dialects.tokens import TokenCursor

    tokens = mysql_ddl._TOKENIZER.tokenize(text)
    cursor = TokenCursor(text, tokens, Span("<type>", 1, 1))
    dtype: MySqlType = mysql_ddl.data_type(cursor)
    if not cursor.done:
        raise NotConverted(where, "MY415", f"type {text}: not converted")
    mapped = map_mysql_type(dtype)
    if mapped.target is None:
        raise NotConverted(where, "MY415", f"type {text} has no PostgreSQL equivalent")
    return mapped.target, mapped.check


class _Writer:
    """Writes one program; frames are the handling blocks around the statement being written."""

    def __init__(self, obj: CodeObject, kind: str) -> None:
        self.obj = obj
        self.kind = kind                            # procedure | function | trigger
        self.frames: list[_Frame] = []
        self.types: dict[str, str] = {}             # variable or parameter (lower case) -> its PostgreSQL type
        self.cursors: set[str] = set()
        self.extra: dict[str, str] = {}             # temporaries the conversion declares
        self.labels = 0
        self.row_count = False                      # the statement just written was DML (ROW_COUNT() readable)
        self.after_dml = False                      # the statement being written follows a DML statement
        self.uses_row_count = re.search(r"(?i)\bROW_COUNT\s*\(", obj.source_text or "") is not None
        self.routines: set[str] = set()             # the names this program calls

    # -- places and findings

    def place(self, where: ir.Where) -> Span:
        return Span(self.obj.span.file, where.line, where.column)

    def review(self, where: ir.Where, rule: str, message: str) -> None:
        fire(self.obj, rule, self.place(where), message, Effort.REVIEW)

    def note(self, where: ir.Where, rule: str, message: str | None = None) -> None:
        fire(self.obj, rule, self.place(where), message)

    # -- units

    def parameters(self, routine: ir.Routine) -> str:
        out = []
        for p in routine.parameters:
            target, check = pg_type(p.type.text, p.type.where)
            name = _ident(p.name)
            self.types[name] = target
            if check:
                self.review(p.where, "MY401", f"parameter {name} {p.type.text}: its range is not checked")
            mode = "" if p.mode == "IN" or routine.kind == "function" else p.mode + " "
            out.append(f"{mode}{quote_ident(name)} {target}")
        return ", ".join(out)

    def routine(self, routine: ir.Routine) -> str:
        name = quote_ident(_ident(routine.name))
        params = self.parameters(routine)
        self.note(routine.where, "MY401")
        body = self.body(routine.body)
        security = "SECURITY DEFINER"
        commits = any(isinstance(s, (ir.Commit, ir.Rollback, ir.StartTransaction)) for s in _walk(routine.body))
        if routine.security == "INVOKER":
            security = "SECURITY INVOKER"
        elif commits:
            security = "SECURITY INVOKER"
            self.review(routine.where, "MY402", f"SQL SECURITY DEFINER{' (the default)' if not routine.security else ''}"
                                                " is not kept: a SECURITY DEFINER procedure cannot COMMIT in PostgreSQL; "
                                                "the procedure runs with the caller's rights")
        else:
            self.review(routine.where, "MY402", f"SQL SECURITY DEFINER{' (the default)' if not routine.security else ''}"
                                                " becomes SECURITY DEFINER: the function runs as the role that creates "
                                                "it; pin its search_path (ALTER ... SET search_path) before granting it")
        if routine.deterministic:
            self.note(routine.where, "MY402", "DETERMINISTIC is not carried: the function stays VOLATILE (MySQL does "
                                              "not check it, and an IMMUTABLE function that reads tables may be "
                                              "folded to a stale value)")
        if routine.kind == "function":
            returns, check = pg_type(routine.returns.text, routine.returns.where)
            if check:
                self.review(routine.returns.where, "MY401", f"RETURNS {routine.returns.text}: its range is not checked")
            head = f"CREATE OR REPLACE FUNCTION {name}({params})\nRETURNS {returns}\nLANGUAGE plpgsql\n{security}\nAS "
        else:
            head = f"CREATE OR REPLACE PROCEDURE {name}({params})\nLANGUAGE plpgsql\n{security}\nAS "
            if _writes(routine.body):
                self.review(routine.where, "MY412", "in autocommit mode MySQL commits each statement of the procedure; "
                                                    "PostgreSQL runs a CALL as one transaction: an error not handled "
                                                    "undoes the procedure's earlier statements too")
        return head + dollar(body) + ";"

    def trigger(self, trigger: ir.Trigger) -> str:
        name = _ident(trigger.name)
        table = _ident(trigger.table.split(".")[-1])
        function = quote_ident(f"{name}_fn"[:63])
        if trigger.follows or trigger.precedes:
            other = trigger.follows or trigger.precedes
            raise NotConverted(trigger.where, "MY413", f"trigger {name} {'FOLLOWS' if trigger.follows else 'PRECEDES'}"
                                                       f" {other}: PostgreSQL fires triggers of the same event in "
                                                       "name order; rename them so that the names give this order")
        self.trigger_unit = trigger
        body = self.body(trigger.body, trailer=["RETURN " + ("NULL" if trigger.timing == "AFTER" else
                                                             "OLD" if trigger.event == "DELETE" else "NEW") + ";"])
        self.note(trigger.where, "MY413")
        return (f"CREATE OR REPLACE FUNCTION {function}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS "
                + dollar(body) + ";\n"
                f"CREATE TRIGGER {quote_ident(name)} {trigger.timing} {trigger.event} ON {quote_ident(table)}\n"
                f"FOR EACH ROW EXECUTE FUNCTION {function}();")

    def body(self, stmt: ir.Stmt, trailer: list[str] = ()) -> str:
        block = stmt if isinstance(stmt, ir.Block) else ir.Block(stmt.where, statements=[stmt])
        if block.label or block.handlers:
            declare, inner = [], self.block(block, 1)
        else:                                       # the body's own block is the function's
            declare, inner = self.block(block, 0, parts=True)
        declarations = declare + [f"{INDENT}{quote_ident(k)} {v};" for k, v in self.extra.items()]
        lines = ["#variable_conflict use_variable"]
        if declarations:
            lines += ["DECLARE"] + declarations
        lines += ["BEGIN"] + inner + [INDENT + t for t in trailer] + ["END;"]
        return "\n".join(lines) + "\n"

    # -- blocks

    def block(self, block: ir.Block, depth: int, parts: bool = False):
        """The block as PL/pgSQL lines; `parts`: (its declarations, its statements) for the unit's own block."""
        pad = INDENT * depth
        label = _ident(block.label) if block.label else None
        handlers = block.handlers
        if handlers and label is None:
            self.labels += 1
            label = f"sct_block{self.labels}"
        declare: list[str] = []
        saved = dict(self.types)
        for item in block.declarations:
            if isinstance(item, ir.DeclareVariable):
                target, check = pg_type(item.type.text, item.type.where)
                if check:
                    self.review(item.where, "MY401", f"DECLARE {', '.join(item.names)} {item.type.text}: the "
                                                     "range is not checked")
                default = f" := {self.value(item.default, target)}" if item.default is not None else ""
                for n in item.names:
                    self.types[_ident(n)] = target
                    declare.append(f"{pad}{INDENT}{quote_ident(_ident(n))} {target}{default};")
            elif isinstance(item, ir.Cursor):
                query = self.sql_text(item.query.text, item.query.where)
                self.cursors.add(_ident(item.name))
                declare.append(f"{pad}{INDENT}{quote_ident(_ident(item.name))} CURSOR FOR {query};")
                self.note(item.where, "MY404")
            elif isinstance(item, ir.DeclareCondition):
                raise NotConverted(item.where, "MY403", f"DECLARE {item.name} CONDITION: named conditions are "
                                                        "not converted")
        frame = _Frame(label or "")
        for handler in handlers:
            self.handler(handler, frame)
        self.frames.append(frame)
        try:
            body = self.statements(block.statements, depth + 1)
        finally:
            self.frames.pop()
            self.types = saved
        if not body:
            body = [f"{pad}{INDENT}NULL;"]
        if parts:
            return declare, body
        head = [f"{pad}<<{label}>>"] if label else []
        head += [f"{pad}DECLARE"] + declare if declare else []
        return head + [f"{pad}BEGIN"] + body + [f"{pad}END{' ' + label if label else ''};"]

    def handler(self, handler: ir.Handler, frame: _Frame) -> None:
        if handler.action == "UNDO":
            raise NotConverted(handler.where, "MY403", "UNDO handlers are not supported by MySQL or converted")
        whens, sqlexception = [], False
        for condition in handler.conditions:
            if condition.kind == "NOT FOUND" or (condition.kind == "SQLSTATE" and condition.value == "02000"):
                if len(handler.conditions) > 1:
                    raise NotConverted(handler.where, "MY403", "a handler for NOT FOUND and other conditions is not "
                                                               "converted")
                frame.not_found = handler
                self.note(handler.where, "MY403")
                return
            if condition.kind == "SQLEXCEPTION":
                sqlexception = True
            elif condition.kind == "ERROR" and condition.value in ERROR_CONDITIONS:
                whens.append(ERROR_CONDITIONS[condition.value])
            elif condition.kind == "SQLSTATE" and condition.value == "23000":
                whens.append("integrity_constraint_violation")
            elif condition.kind == "SQLSTATE" and condition.value and condition.value[:2] not in ("00", "01", "02") \
                    and not condition.value.endswith("000"):
                whens.append(f"SQLSTATE '{condition.value}'")
            else:
                what = condition.kind + (f" {condition.value}" if condition.value else "")
                raise NotConverted(condition.where, "MY403", f"a handler FOR {what} is not converted: no PostgreSQL "
                                                             "condition is proven to match the same errors")
        if handler.action == "CONTINUE":
            self.note(handler.where, "MY403", "CONTINUE handler: each statement it covers runs in its own "
                                              "subtransaction, so a failing statement is undone alone and the next "
                                              "one runs")
        else:
            self.note(handler.where, "MY403")
        frame.catching.append((handler, whens, sqlexception))

    def statements(self, statements: list[ir.Stmt], depth: int) -> list[str]:
        out: list[str] = []
        for stmt in statements:
            method = _STATEMENTS.get(type(stmt))
            if method is None:
                raise NotConverted(stmt.where, "MY415", _unsupported(stmt))
            self.after_dml, self.row_count = self.row_count, False
            out += method(self, stmt, depth)
        return out

    def guarded(self, lines: list[str], depth: int, call: bool = False) -> list[str]:
        """`lines` (one leaf statement at `depth`) inside one BEGIN ... EXCEPTION per frame whose handlers cover it."""
        frames = list(self.frames)
        for index in range(len(frames) - 1, -1, -1):
            frame = frames[index]
            catching = frame.catching + ([(frame.not_found, ["SQLSTATE '02000'"], False)]
                                         if call and frame.not_found is not None else [])
            if not catching:
                continue
            pad = INDENT * depth
            whens: list[str] = []
            others: list[str] = []
            saved = self.frames
            self.frames = frames[:index]            # a handler's statement is not covered by its own block
            try:
                for handler, conditions, sqlexception in catching:
                    action = self.stmt_lines(handler.statement, depth + 2)
                    if handler.action == "EXIT":
                        action.append(f"{pad}{INDENT * 2}EXIT {frame.label};")
                    if conditions:
                        whens += [f"{pad}{INDENT}WHEN {' OR '.join(conditions)} THEN"] + action
                    if sqlexception:
                        others = [f"{pad}{INDENT}WHEN OTHERS THEN",
                                  f"{pad}{INDENT * 2}IF SQLSTATE LIKE '02%' THEN RAISE; END IF;"] + action
            finally:
                self.frames = saved
            inner = [INDENT + line for line in lines]
            lines = [f"{pad}BEGIN"] + inner + [f"{pad}EXCEPTION"] + whens + others + [f"{pad}END;"]
        return lines

    def stmt_lines(self, stmt: ir.Stmt, depth: int) -> list[str]:
        method = _STATEMENTS.get(type(stmt))
        if method is None:
            raise NotConverted(stmt.where, "MY415", _unsupported(stmt))
        return method(self, stmt, depth)

    def not_found(self, depth: int, assign: list[str]) -> list[str]:
        """What a FETCH or SELECT INTO that found no row runs: the NOT FOUND handler in force, or SQLSTATE 02000."""
        pad = INDENT * depth
        for index in range(len(self.frames) - 1, -1, -1):
            frame = self.frames[index]
            if frame.not_found is None:
                continue
            saved = self.frames
            self.frames = self.frames[:index]
            try:
                action = self.stmt_lines(frame.not_found.statement, depth)
            finally:
                self.frames = saved
            if frame.not_found.action == "EXIT":
                action.append(f"{pad}EXIT {frame.label};")
            return action
        return assign

    # -- statements

    def set_(self, stmt: ir.Set, depth: int) -> list[str]:
        out = []
        for a in stmt.assignments:
            pad = INDENT * depth
            if a.scope == "local" and _ident(a.name) in self.types:
                name = _ident(a.name)
                out += self.guarded([f"{pad}{quote_ident(name)} := {self.value(a.value, self.types[name])};"], depth)
            elif a.scope == "row" and self.kind == "trigger":
                row, column = a.target.text.split(".", 1)
                if row.upper() != "NEW" or self.trigger_unit.timing != "BEFORE":
                    raise NotConverted(a.where, "MY413", f"SET {a.target.text}: only NEW of a BEFORE trigger is "
                                                         "writable")
                out += self.guarded([f"{pad}NEW.{quote_ident(_ident(column))} := {self.value(a.value)};"], depth)
            elif a.scope == "user":
                value = self.value(a.value)
                self.review(a.where, "MY408", f"@{a.name} becomes the setting sct.{a.name.lower()} "
                                              f"(set_config, as text): read it with current_setting('sct."
                                              f"{a.name.lower()}', true); unlike a MySQL user variable it is undone "
                                              "when the transaction rolls back")
                out += self.guarded([f"{pad}PERFORM set_config({sql_string('sct.' + a.name.lower())}, "
                                     f"({value})::text, false);"], depth)
            else:
                raise NotConverted(a.where, "MY415", f"SET {a.target.text}: a {a.scope} variable is not converted")
        self.row_count = False
        return out

    def if_(self, stmt: ir.If, depth: int) -> list[str]:
        pad = INDENT * depth
        out = []
        for n, branch in enumerate(stmt.branches):
            self.condition_note(branch.condition)
            out.append(f"{pad}{'IF' if n == 0 else 'ELSIF'} {self.condition(branch.condition)} THEN")
            out += self.statements(branch.statements, depth + 1) or [f"{pad}{INDENT}NULL;"]
        if stmt.else_statements is not None:
            out.append(f"{pad}ELSE")
            out += self.statements(stmt.else_statements, depth + 1) or [f"{pad}{INDENT}NULL;"]
        return out + [f"{pad}END IF;"]

    def case(self, stmt: ir.Case, depth: int) -> list[str]:
        pad = INDENT * depth
        out = []
        if stmt.selector is not None:
            self.condition_note(stmt.selector)
            selector = self.value(stmt.selector)
            out.append(f"{pad}CASE {selector}")
            for branch in stmt.branches:
                out.append(f"{pad}WHEN {self.value(branch.condition)} THEN")
                out += self.statements(branch.statements, depth + 1) or [f"{pad}{INDENT}NULL;"]
        else:
            out.append(f"{pad}CASE")
            for branch in stmt.branches:
                self.condition_note(branch.condition)
                out.append(f"{pad}WHEN {self.condition(branch.condition)} THEN")
                out += self.statements(branch.statements, depth + 1) or [f"{pad}{INDENT}NULL;"]
        out.append(f"{pad}ELSE")
        if stmt.else_statements is not None:
            out += self.statements(stmt.else_statements, depth + 1) or [f"{pad}{INDENT}NULL;"]
        else:                                       # both raise SQLSTATE 20000; this is MySQL's message
            out += self.guarded([f"{pad}{INDENT}RAISE SQLSTATE '20000' USING MESSAGE = "
                                 f"{sql_string(CASE_NOT_FOUND)};"], depth + 1)
        return out + [f"{pad}END CASE;"]

    def loop_label(self, stmt: ir.Stmt, depth: int) -> list[str]:
        return [f"{INDENT * depth}<<{_ident(stmt.label)}>>"] if stmt.label else []

    def loop(self, stmt: ir.Loop, depth: int) -> list[str]:
        pad = INDENT * depth
        end = f" {_ident(stmt.label)}" if stmt.label else ""
        return (self.loop_label(stmt, depth) + [f"{pad}LOOP"] + self.statements(stmt.statements, depth + 1)
                + [f"{pad}END LOOP{end};"])

    def while_(self, stmt: ir.While, depth: int) -> list[str]:
        pad = INDENT * depth
        end = f" {_ident(stmt.label)}" if stmt.label else ""
        self.condition_note(stmt.condition)
        return (self.loop_label(stmt, depth) + [f"{pad}WHILE {self.condition(stmt.condition)} LOOP"]
                + (self.statements(stmt.statements, depth + 1) or [f"{pad}{INDENT}NULL;"]) + [f"{pad}END LOOP{end};"])

    def repeat(self, stmt: ir.Repeat, depth: int) -> list[str]:
        pad = INDENT * depth
        end = f" {_ident(stmt.label)}" if stmt.label else ""
        self.condition_note(stmt.until)
        if any(isinstance(s, ir.Iterate) and s.target == stmt.label for s in _walk_list(stmt.statements)):
            raise NotConverted(stmt.where, "MY415", "ITERATE of a REPEAT loop (it tests UNTIL first) is not converted")
        return (self.loop_label(stmt, depth) + [f"{pad}LOOP"] + self.statements(stmt.statements, depth + 1)
                + [f"{pad}{INDENT}EXIT{end} WHEN {self.condition(stmt.until)};", f"{pad}END LOOP{end};"])

    def leave(self, stmt: ir.Leave, depth: int) -> list[str]:
        return [f"{INDENT * depth}EXIT {_ident(stmt.target)};"]

    def iterate(self, stmt: ir.Iterate, depth: int) -> list[str]:
        return [f"{INDENT * depth}CONTINUE {_ident(stmt.target)};"]

    def return_(self, stmt: ir.Return, depth: int) -> list[str]:
        if self.kind != "function":
            raise NotConverted(stmt.where, "MY415", "RETURN outside a function")
        return self.guarded([f"{INDENT * depth}RETURN {self.value(stmt.value)};"], depth)

    def open_(self, stmt: ir.Open, depth: int) -> list[str]:
        return self.guarded([f"{INDENT * depth}OPEN {quote_ident(_ident(stmt.cursor))};"], depth)

    def close(self, stmt: ir.Close, depth: int) -> list[str]:
        return self.guarded([f"{INDENT * depth}CLOSE {quote_ident(_ident(stmt.cursor))};"], depth)

    def fetch(self, stmt: ir.Fetch, depth: int) -> list[str]:
        pad = INDENT * depth
        if stmt.cursor is None or _ident(stmt.cursor) not in self.cursors:
            raise NotConverted(stmt.where, "MY404", "FETCH from a cursor this program does not declare")
        temps, assign = self.temporaries(stmt.targets, "fetch")
        miss = self.not_found(depth + 1, [f"{pad}{INDENT}RAISE SQLSTATE '02000' USING MESSAGE = "
                                          f"{sql_string(NO_DATA)};"])
        return ([f"{pad}FETCH {quote_ident(_ident(stmt.cursor))} INTO {', '.join(temps)};", f"{pad}IF FOUND THEN"]
                + [f"{pad}{INDENT}{line}" for line in assign] + [f"{pad}ELSE"] + miss + [f"{pad}END IF;"])

    def temporaries(self, targets: list[ir.Text], what: str) -> tuple[list[str], list[str]]:
        """A temporary per INTO target (of its type) and the assignments that copy them into the targets."""
        temps, assign = [], []
        for target in targets:
            name = _ident(target.text)
            if name not in self.types:
                raise NotConverted(target.where, "MY404", f"INTO {target.text}: only local variables and parameters "
                                                          "are converted as targets")
            temp = f"sct_{what}_{name}"[:63]
            self.extra[temp] = self.types[name]
            temps.append(quote_ident(temp))
            assign.append(f"{quote_ident(name)} := {quote_ident(temp)};")
        return temps, assign

    def sql(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        pad = INDENT * depth
        verb = stmt.verb
        if stmt.into is not None:
            return self.select_into(stmt, depth)
        if verb == "SELECT" or verb == "(":
            raise NotConverted(stmt.where, "MY416", "a SELECT without INTO sends a result set to the client: "
                                                    "PostgreSQL procedures return no result sets (return a "
                                                    "refcursor or make it a set-returning function)")
        if verb not in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            raise NotConverted(stmt.where, "MY415", f"{verb} (DDL or a session statement) in a stored program is "
                                                    "not converted")
        text = self.sql_text(stmt.sql.text, stmt.sql.where, dml=True)
        lines = [f"{pad}{text};"]
        if self.uses_row_count:
            self.extra["sct_row_count"] = "bigint"
            lines.append(f"{pad}GET DIAGNOSTICS sct_row_count = ROW_COUNT;")
        out = self.guarded(lines, depth)
        self.row_count = True
        return out

    def select_into(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        pad = INDENT * depth
        into = stmt.into
        if into.file is not None:
            raise NotConverted(into.where, "MY415", "SELECT ... INTO OUTFILE/DUMPFILE is not converted")
        base = stmt.sql.where.start
        text = stmt.sql.text
        query = text[:into.where.start - base] + " " + text[into.where.end - base:]
        converted = self.sql_text(query, stmt.sql.where)
        targets = []
        for target in into.targets:
            name = _ident(target.text)
            if name not in self.types:
                raise NotConverted(target.where, "MY405", f"INTO {target.text}: only local variables and parameters "
                                                          "are converted as targets")
            targets.append(quote_ident(name))
        select = f"{converted} INTO STRICT {', '.join(targets)}"     # PL/pgSQL reads INTO anywhere in a SELECT
        if not re.match(r"(?i)\s*SELECT\b", converted):
            raise NotConverted(stmt.where, "MY405", "SELECT ... INTO of this form is not converted")
        miss = self.not_found(depth + 2, [f"{pad}{INDENT * 2}NULL;"])
        self.note(stmt.where, "MY405")
        self.row_count = False
        return self.guarded([f"{pad}BEGIN", f"{pad}{INDENT}{select};", f"{pad}EXCEPTION",
                             f"{pad}{INDENT}WHEN no_data_found THEN"] + miss
                            + [f"{pad}{INDENT}WHEN too_many_rows THEN",
                               f"{pad}{INDENT * 2}RAISE SQLSTATE '42000' USING MESSAGE = {sql_string(TOO_MANY_ROWS)};",
                               f"{pad}END;"], depth)

    def signal(self, stmt: ir.Signal, depth: int) -> list[str]:
        pad = INDENT * depth
        if stmt.resignal or stmt.sqlstate is None:
            raise NotConverted(stmt.where, "MY406", "RESIGNAL and SIGNAL of a named condition are not converted")
        if stmt.sqlstate[:2] in ("00", "01", "02"):
            raise NotConverted(stmt.where, "MY406", f"SIGNAL SQLSTATE '{stmt.sqlstate}' (a warning or NOT FOUND) "
                                                    "is not converted")
        options = []
        for item in stmt.items:
            if item.name == "MESSAGE_TEXT":
                options.append(f"MESSAGE = {self.value(item.value, 'text')}")
            elif item.name == "MYSQL_ERRNO":
                self.review(item.where, "MY406", f"MYSQL_ERRNO = {item.value.text} has no PostgreSQL equivalent: "
                                                 f"only SQLSTATE '{stmt.sqlstate}' and the message are raised")
            else:
                raise NotConverted(item.where, "MY406", f"SIGNAL ... SET {item.name} is not converted")
        if not any(o.startswith("MESSAGE") for o in options):      # MySQL's message for a SQLSTATE without text
            options.append(f"MESSAGE = {sql_string('Unhandled user-defined exception condition')}")
        self.note(stmt.where, "MY406")
        return self.guarded([f"{pad}RAISE SQLSTATE '{stmt.sqlstate}' USING {', '.join(options)};"], depth)

    def call(self, stmt: ir.Call, depth: int) -> list[str]:
        name = _ident(stmt.name)
        self.routines.add(name)
        args = ""
        if stmt.arguments is not None and stmt.arguments.text.strip():
            tree = self.parse(f"SELECT f({stmt.arguments.text})", stmt.arguments.where)
            call = tree.expressions[0]
            args = ", ".join(a.sql("postgres") for a in call.expressions)
        self.row_count = False
        return self.guarded([f"{INDENT * depth}CALL {quote_ident(name)}({args});"], depth, call=True)

    def block_stmt(self, stmt: ir.Block, depth: int) -> list[str]:
        return self.block(stmt, depth)

    def commit(self, stmt: ir.Stmt, depth: int) -> list[str]:
        if self.kind != "procedure":
            raise NotConverted(stmt.where, "MY412", "COMMIT/ROLLBACK in a function or trigger")
        if any(f.catching for f in self.frames):
            raise NotConverted(stmt.where, "MY412", "COMMIT/ROLLBACK inside a block with a handler: PostgreSQL "
                                                    "cannot end a transaction inside an EXCEPTION block")
        options = getattr(stmt, "options", None)
        if options is not None or getattr(stmt, "savepoint", None):
            raise NotConverted(stmt.where, "MY412", f"{_describe(stmt)} with options is not converted")
        self.note(stmt.where, "MY412", "COMMIT/ROLLBACK in a procedure: PostgreSQL allows it only when the "
                                       "procedure is CALLed outside a transaction block")
        return [f"{INDENT * depth}{'COMMIT' if isinstance(stmt, ir.Commit) else 'ROLLBACK'};"]

    def start(self, stmt: ir.StartTransaction, depth: int) -> list[str]:
        if self.kind != "procedure" or stmt.options is not None:
            raise NotConverted(stmt.where, "MY412", "START TRANSACTION here is not converted")
        self.note(stmt.where, "MY412", "START TRANSACTION is dropped: a PostgreSQL procedure is in a transaction "
                                       "already; COMMIT/ROLLBACK end it and start the next")
        return []

    # -- SQL and expressions

    def parse(self, text: str, where: ir.Where) -> exp.Expression:
        try:
            return mysql_sql.parse_sql(text, self.place(where))
        except SqlParseError as e:
            raise NotConverted(where, "MY415", f"cannot parse: {e}") from None

    def convert(self, tree: exp.Expression, where: ir.Where, source: str) -> exp.Expression:
        for call in list(tree.find_all(exp.Anonymous)):
            upper = call.name.upper()
            if upper == "ROW_COUNT":
                if not self.after_dml:
                    raise NotConverted(where, "MY410", "ROW_COUNT() is converted only right after an INSERT, "
                                                       "UPDATE or DELETE")
                self.extra["sct_row_count"] = "bigint"
                if call is tree:
                    tree = exp.column("sct_row_count")
                else:
                    call.replace(exp.column("sct_row_count"))
                self.review(where, "MY410", "ROW_COUNT() becomes GET DIAGNOSTICS ... = ROW_COUNT: after an UPDATE "
                                            "MySQL counts the rows changed, PostgreSQL the rows matched")
            elif upper == "FOUND_ROWS":
                raise NotConverted(where, "MY411", "FOUND_ROWS() (SQL_CALC_FOUND_ROWS) has no PostgreSQL equivalent: "
                                                   "count the rows with a second query or count(*) OVER ()")
            elif upper == "LAST_INSERT_ID":
                self.review(where, "MY409", "LAST_INSERT_ID() becomes lastval(): after a multi-row INSERT MySQL "
                                            "gives the first id generated, lastval() the last; and lastval() follows "
                                            "any sequence the session used since (a trigger's INSERT too)")
            elif upper not in _KNOWN_FUNCTIONS:
                self.routines.add(call.name.lower())
        self.collation_note(tree, where)
        for param in tree.find_all(exp.Parameter):
            raise NotConverted(where, "MY408", f"user variable @{param.name} is read: a session variable is not "
                                               "converted unless it is provably local to the routine")
        return mysql_sql.convert_tree(tree, self.obj, self.place(where), source=source)

    def sql_text(self, text: str, where: ir.Where, dml: bool = False) -> str:
        if dml and text.lstrip()[:7].upper() == "REPLACE":
            raise NotConverted(where, "MY415", "REPLACE in a stored program is not converted")
        tree = self.convert(self.parse(text, where), where, text)
        if isinstance(tree, exp.Insert) and (tree.args.get("ignore") or tree.args.get("conflict")):
            raise NotConverted(where, "MY415", "INSERT IGNORE / ON DUPLICATE KEY UPDATE in a stored program is "
                                               "not converted")
        return tree.sql("postgres")

    def value(self, text: ir.Text, target_type: str | None = None) -> str:
        tree = self.parse(f"SELECT {text.text}", text.where)
        node = tree.expressions[0]
        node = self.convert(node, text.where, text.text)
        if isinstance(node, _BOOLEAN) and target_type is not None and target_type != "boolean":
            return f"({node.sql('postgres')})::int"
        return node.sql("postgres")

    def condition(self, text: ir.Text) -> str:
        tree = self.parse(f"SELECT {text.text}", text.where)
        node = self.convert(tree.expressions[0], text.where, text.text)
        return _boolean(node).sql("postgres")

    def collation_note(self, tree: exp.Expression, where: ir.Where) -> None:
        """A comparison of strings: MySQL's default collations ignore case (and trailing spaces), PostgreSQL's not."""
        for node in tree.find_all(exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.In):
            sides = [node.this] + ([node.expression] if node.args.get("expression") is not None else [])
            sides += list(node.expressions) if isinstance(node, exp.In) else []
            if any(self.is_text(side) for side in sides):
                self.review(where, "MY401", f"{node.sql('mysql')}: compares strings; MySQL's default collations "
                                            "ignore case and trailing spaces, PostgreSQL's do not")
                return

    def is_text(self, node: exp.Expression) -> bool:
        if isinstance(node, exp.Literal):
            return node.is_string
        if isinstance(node, exp.Column) and not node.table:
            return self.types.get(node.name.lower(), "").startswith(("varchar", "char", "text", "character"))
        return False

    def condition_note(self, text: ir.Text) -> None:
        if any(f.catching for f in self.frames) and re.search(r"\(", text.text):
            self.review(text.where, "MY403", "an error raised while evaluating this condition is not caught by the "
                                             "handlers in force (they cover statements)")


def _boolean(node: exp.Expression) -> exp.Expression:
    """A MySQL truth value as a PostgreSQL boolean: non-zero is true, NULL stays NULL."""
    if isinstance(node, (exp.And, exp.Or)):
        return node.__class__(this=_boolean(node.this), expression=_boolean(node.expression))
    if isinstance(node, exp.Not):
        return exp.Not(this=exp.Paren(this=_boolean(node.this)) if not isinstance(node.this, exp.Paren) else
                       _boolean(node.this))
    if isinstance(node, exp.Paren):
        return exp.Paren(this=_boolean(node.this))
    if isinstance(node, _BOOLEAN):
        return node
    return exp.NEQ(this=exp.Paren(this=node) if not isinstance(node, (exp.Column, exp.Literal)) else node,
                   expression=exp.Literal.number(0))


_KNOWN_FUNCTIONS = {"LASTVAL", "COALESCE", "CONCAT", "NOW"}


def _ident(name: str) -> str:
    """A MySQL name (backticks possible) as the PostgreSQL name: unquoted and folded (mysql_sql.fold)."""
    return mysql_sql.fold(name.strip().strip("`"))




_UNSUPPORTED = {
    ir.Prepare: "PREPARE/EXECUTE (dynamic SQL) is not converted yet: rewrite it as EXECUTE format(...) USING ...",
    ir.Execute: "EXECUTE of a prepared statement is not converted yet: rewrite it as EXECUTE format(...) USING ...",
    ir.Deallocate: "DEALLOCATE PREPARE is not converted yet (dynamic SQL)",
    ir.GetDiagnostics: "GET DIAGNOSTICS is not converted yet",
    ir.ForRange: "a MariaDB FOR loop is not converted yet",
    ir.ForCursor: "a MariaDB FOR ... IN cursor loop is not converted yet",
    ir.Savepoint: "SAVEPOINT in a stored program is not converted", ir.ReleaseSavepoint: "RELEASE SAVEPOINT "
                                                                                         "is not converted",
}


def _unsupported(stmt: ir.Stmt) -> str:
    return _UNSUPPORTED.get(type(stmt), f"{_describe(stmt)} is not converted")


def _describe(stmt: ir.Stmt) -> str:
    if isinstance(stmt, ir.SqlStatement):
        return stmt.verb
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(stmt).__name__).upper()


def _walk_list(statements: list[ir.Stmt]):
    for s in statements:
        yield from _walk(s)


def _walk(stmt: ir.Stmt | None):
    """Every statement in `stmt`, nested ones and handlers' statements included."""
    if stmt is None:
        return
    yield stmt
    if isinstance(stmt, ir.Block):
        for h in stmt.handlers:
            yield from _walk(h.statement)
    for name in ("statements", "else_statements"):
        yield from _walk_list(getattr(stmt, name, None) or [])
    for branch in getattr(stmt, "branches", None) or []:
        yield from _walk_list(branch.statements)


def _writes(stmt: ir.Stmt | None) -> bool:
    return any(isinstance(s, ir.SqlStatement) and s.verb in ("INSERT", "UPDATE", "DELETE", "REPLACE")
               for s in _walk(stmt))


_STATEMENTS = {
    ir.Set: _Writer.set_, ir.If: _Writer.if_, ir.Case: _Writer.case, ir.Loop: _Writer.loop, ir.While: _Writer.while_,
    ir.Repeat: _Writer.repeat, ir.Leave: _Writer.leave, ir.Iterate: _Writer.iterate, ir.Return: _Writer.return_,
    ir.Open: _Writer.open_, ir.Close: _Writer.close, ir.Fetch: _Writer.fetch, ir.SqlStatement: _Writer.sql,
    ir.Signal: _Writer.signal, ir.Call: _Writer.call, ir.Block: _Writer.block_stmt, ir.Commit: _Writer.commit,
    ir.Rollback: _Writer.commit, ir.StartTransaction: _Writer.start,
}
