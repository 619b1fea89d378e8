"""From a MySQL stored-program parse tree to the typed IR in converter/ir/mysql_proc.py.

`build_mysql_unit` walks the tree of a successful `parse_mysql_routine` with a ParseTreeVisitor: one
`visit<Rule>` method per structural rule, each returning an IR node. Spans (SQL, expressions, types)
become `Text` with their source text exactly as written, comments included; names are the words as
written, backticks included (`order`): unquoting is the target's business, as is case folding.
"""

from __future__ import annotations

from antlr4 import CommonTokenStream, Token

from sct.converter.antlr_parse import SpanBuilder
from sct.converter.ir import mysql_proc as ir

from ._generated.MySqlProcParser import MySqlProcParser as P
from ._generated.MySqlProcParserVisitor import MySqlProcParserVisitor
from .parse import MySqlParseResult

__all__ = ["build_mysql_unit"]

_SCOPES = {"GLOBAL": "global", "SESSION": "session", "LOCAL": "session", "PERSIST": "persist",
           "PERSIST_ONLY": "persist_only"}


def build_mysql_unit(result: MySqlParseResult) -> ir.Unit:
    """The IR of a parsed stored program; a result with syntax errors has no tree and is a ValueError."""
    if result.tree is None:
        raise ValueError(f"cannot build the IR of a unit with syntax errors:\n{result.describe_errors()}")
    return _Builder(result.line_offset, result.tokens).visit(result.tree)


def _unquote(literal: str) -> str:
    """The value of a simple string literal ('45000', "45000"): SQLSTATEs hold no escapes."""
    return literal[1:-1]


class _Builder(SpanBuilder, MySqlProcParserVisitor):
    """Builds IR nodes; `line_offset` turns the text's line numbers into the file's."""

    def __init__(self, line_offset: int, tokens: CommonTokenStream) -> None:
        self.line_offset = line_offset
        self.tokens = tokens

    # -- places and texts (where, place, text, tokens_text, name: SpanBuilder)

    # -- units

    def visitCompilation_unit(self, ctx: P.Compilation_unitContext) -> ir.Unit:
        return self.visit(ctx.create_unit() or ctx.anonymous_block())

    def visitCreate_unit(self, ctx: P.Create_unitContext) -> ir.Unit:
        unit = self.visit(ctx.getChild(ctx.getChildCount() - 1))
        unit.where = self.where(ctx)
        unit.or_replace = ctx.REPLACE() is not None
        if ctx.definer_clause() is not None:
            user = ctx.definer_clause().user_name()
            unit.definer = self.text(user).text
        return unit

    def visitAnonymous_block(self, ctx: P.Anonymous_blockContext) -> ir.AnonymousBlock:
        return ir.AnonymousBlock(self.where(ctx), self.visit(ctx.block()))

    def visitCreate_procedure(self, ctx: P.Create_procedureContext) -> ir.Routine:
        routine = ir.Routine(self.where(ctx), "procedure", self.name(ctx.qualified_name()),
                             self.parameters(ctx.parameter_list()), body=self.visit(ctx.routine_body()),
                             if_not_exists=ctx.if_not_exists() is not None)
        self.characterize(routine, ctx.characteristic())
        return routine

    def visitCreate_function(self, ctx: P.Create_functionContext) -> ir.Routine:
        routine = ir.Routine(self.where(ctx), "function", self.name(ctx.qualified_name()),
                             self.parameters(ctx.parameter_list()), returns=self.text(ctx.datatype()),
                             aggregate=ctx.AGGREGATE() is not None, body=self.visit(ctx.routine_body()),
                             if_not_exists=ctx.if_not_exists() is not None)
        self.characterize(routine, ctx.characteristic())
        return routine

    def visitCreate_loadable_function(self, ctx: P.Create_loadable_functionContext) -> ir.LoadableFunction:
        library = ctx.STRING()
        return ir.LoadableFunction(self.where(ctx), self.name(ctx.qualified_name()), ctx.REGULAR_ID().getText().upper(),
                                   ir.Text(library.getText(), self.place(library.symbol, library.symbol)),
                                   aggregate=ctx.AGGREGATE() is not None, if_not_exists=ctx.if_not_exists() is not None)

    def parameters(self, ctx: P.Parameter_listContext) -> list[ir.Parameter]:
        return [ir.Parameter(self.where(p), self.name(p.identifier()), self.text(p.datatype()),
                             p.parameter_mode().getText().upper() if p.parameter_mode() else "IN")
                for p in ctx.parameter()]

    def characterize(self, unit: ir.Routine | ir.Package, characteristics: list[P.CharacteristicContext]) -> None:
        """Set a routine's (or a package's) characteristics from its clauses; the last one said wins."""
        for c in characteristics:
            if c.COMMENT() is not None:
                unit.comment = ir.Text(c.STRING().getText(), self.place(c.STRING().symbol, c.STRING().symbol))
            elif c.SECURITY() is not None:
                unit.security = c.getChild(2).getText().upper()
            elif isinstance(unit, ir.Package):
                continue                        # a package has only COMMENT and SQL SECURITY
            elif c.DETERMINISTIC() is not None:
                unit.deterministic = c.NOT() is None
            elif c.LANGUAGE() is not None:
                unit.language = "SQL"
            else:
                unit.data_access = " ".join(child.getText().upper() for child in c.getChildren())

    def visitRoutine_body(self, ctx: P.Routine_bodyContext) -> ir.Stmt:
        return self.visit(ctx.statement())

    # -- triggers and events

    def visitCreate_trigger(self, ctx: P.Create_triggerContext) -> ir.Trigger:
        trigger = ir.Trigger(self.where(ctx), self.name(ctx.qualified_name(0)),
                             ctx.trigger_timing().getText().upper(), ctx.trigger_event().getText().upper(),
                             self.name(ctx.qualified_name(1)), self.visit(ctx.routine_body()),
                             if_not_exists=ctx.if_not_exists() is not None)
        order = ctx.trigger_order()
        if order is not None and order.FOLLOWS() is not None:
            trigger.follows = self.name(order.qualified_name())
        elif order is not None:
            trigger.precedes = self.name(order.qualified_name())
        return trigger

    def visitCreate_event(self, ctx: P.Create_eventContext) -> ir.Event:
        event = ir.Event(self.where(ctx), self.name(ctx.qualified_name()), self.visit(ctx.schedule()),
                         self.visit(ctx.routine_body()), if_not_exists=ctx.if_not_exists() is not None)
        if ctx.PRESERVE() is not None:
            event.preserve = ctx.NOT() is None
        if ctx.event_status() is not None:
            status = ctx.event_status()
            event.status = "ENABLE" if status.ENABLE() else "DISABLE ON SLAVE" if status.ON() else "DISABLE"
        if ctx.STRING() is not None:
            event.comment = ir.Text(ctx.STRING().getText(), self.place(ctx.STRING().symbol, ctx.STRING().symbol))
        return event

    def visitSchedule(self, ctx: P.ScheduleContext) -> ir.Schedule:
        schedule = ir.Schedule(self.where(ctx), at=self.text(ctx.at), starts=self.text(ctx.starts),
                               ends=self.text(ctx.ends))
        if ctx.every is not None:               # EVERY quantity unit: the unit is the last word
            last = ctx.every.stop
            if ctx.every.start.tokenIndex < last.tokenIndex:
                previous = self.previous_default(last)
                schedule.every = self.tokens_text(ctx.every.start, previous)
            schedule.unit = last.text.upper()
        return schedule

    def previous_default(self, token: Token) -> Token:
        """The token before `token` on the parser's channel (comments skipped)."""
        index = token.tokenIndex - 1
        while self.tokens.get(index).channel != Token.DEFAULT_CHANNEL:
            index -= 1
        return self.tokens.get(index)

    # -- packages

    def visitCreate_package(self, ctx: P.Create_packageContext) -> ir.Package:
        package = ir.Package(self.where(ctx), self.name(ctx.qualified_name()), body=False,
                             routines=[self.package_routine(h) for h in ctx.package_heading()],
                             if_not_exists=ctx.if_not_exists() is not None)
        self.characterize(package, ctx.characteristic())
        return package

    def visitCreate_package_body(self, ctx: P.Create_package_bodyContext) -> ir.Package:
        package = ir.Package(self.where(ctx), self.name(ctx.qualified_name()), body=True,
                             declarations=[self.visit(d) for d in ctx.declaration()],
                             routines=[self.package_routine(r) for r in ctx.package_routine()],
                             initialization=[self.visit(s) for s in ctx.statement()],
                             if_not_exists=ctx.if_not_exists() is not None)
        self.characterize(package, ctx.characteristic())
        return package

    def package_routine(self, ctx: P.Package_headingContext | P.Package_routineContext) -> ir.Routine:
        routine = ir.Routine(self.where(ctx), "procedure" if ctx.PROCEDURE() else "function",
                             self.name(ctx.identifier()), self.parameters(ctx.parameter_list()),
                             returns=self.text(ctx.datatype()))
        if isinstance(ctx, P.Package_routineContext):
            routine.body = self.visit(ctx.routine_body())
        self.characterize(routine, ctx.characteristic())
        return routine

    # -- blocks and declarations

    def visitBlock(self, ctx: P.BlockContext) -> ir.Block:
        return ir.Block(self.where(ctx), [self.visit(d) for d in ctx.declaration()],
                        [self.visit(s) for s in ctx.statement()], not_atomic=ctx.ATOMIC() is not None,
                        end_label=self.name(ctx.identifier()))

    def visitDeclaration(self, ctx: P.DeclarationContext) -> ir.Declaration:
        return self.visit(ctx.getChild(0))

    def visitVariable_declaration(self, ctx: P.Variable_declarationContext) -> ir.DeclareVariable:
        return ir.DeclareVariable(self.where(ctx), [self.name(i) for i in ctx.identifier()],
                                  self.text(ctx.datatype()), self.text(ctx.default_value))

    def visitCondition_declaration(self, ctx: P.Condition_declarationContext) -> ir.DeclareCondition:
        value = ctx.condition_value()
        if value.SQLSTATE() is not None:
            return ir.DeclareCondition(self.where(ctx), self.name(ctx.identifier()),
                                       sqlstate=_unquote(value.STRING().getText()))
        return ir.DeclareCondition(self.where(ctx), self.name(ctx.identifier()),
                                   error_code=int(value.NUMBER().getText()))

    def visitCursor_declaration(self, ctx: P.Cursor_declarationContext) -> ir.Cursor:
        return ir.Cursor(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.query))

    def visitHandler_declaration(self, ctx: P.Handler_declarationContext) -> ir.Handler:
        return ir.Handler(self.where(ctx), ctx.handler_action().getText().upper(),
                          [self.visit(c) for c in ctx.handler_condition()], self.visit(ctx.statement()))

    def visitHandler_condition(self, ctx: P.Handler_conditionContext) -> ir.HandlerCondition:
        where = self.where(ctx)
        if ctx.SQLSTATE() is not None:
            return ir.HandlerCondition(where, "SQLSTATE", _unquote(ctx.STRING().getText()))
        if ctx.NUMBER() is not None:
            return ir.HandlerCondition(where, "ERROR", ctx.NUMBER().getText())
        if ctx.identifier() is not None:
            return ir.HandlerCondition(where, "NAME", self.name(ctx.identifier()))
        return ir.HandlerCondition(where, " ".join(c.getText().upper() for c in ctx.getChildren()))

    # -- statements

    def visitStatement(self, ctx: P.StatementContext) -> ir.Stmt:
        return self.visit(ctx.getChild(0))

    def visitLabeled_statement(self, ctx: P.Labeled_statementContext) -> ir.Stmt:
        stmt = self.visit(ctx.getChild(2))
        stmt.where = self.where(ctx)
        stmt.label = self.name(ctx.identifier())
        return stmt

    def visitSet_statement(self, ctx: P.Set_statementContext) -> ir.Set | ir.SqlStatement:
        if ctx.other is not None:
            return ir.SqlStatement(self.where(ctx), "SET", self.text(ctx))
        return ir.Set(self.where(ctx), [self.visit(a) for a in ctx.set_assignment()])

    def visitSet_assignment(self, ctx: P.Set_assignmentContext) -> ir.Assignment:
        target = ctx.set_target()
        written = self.text(target)
        if target.AT_NAME() is not None:
            scope, name = "user", target.getText()[1:]
        elif target.SYSTEM_VAR() is not None:
            scope, name = "session", target.getText()[2:]
            head, dot, rest = name.partition(".")
            if dot and head.upper() in _SCOPES:
                scope, name = _SCOPES[head.upper()], rest
        elif target.set_scope() is not None:
            scope, name = _SCOPES[target.set_scope().getText().upper()], self.name(target.identifier())
        elif target.PERIOD() is not None:
            scope, name = "row", self.tokens_text(target.identifier().start, target.stop).text
        else:
            scope, name = "local", self.name(target.identifier())
        return ir.Assignment(self.where(ctx), written, scope, name, self.text(ctx.value))

    def visitIf_statement(self, ctx: P.If_statementContext) -> ir.If:
        branches = [ir.Branch(self.where(ctx), self.text(ctx.condition), self.statements(ctx.statements()))]
        branches += [ir.Branch(self.where(b), self.text(b.condition), self.statements(b.statements()))
                     for b in ctx.elseif_branch()]
        return ir.If(self.where(ctx), branches, self.else_statements(ctx.else_branch()))

    def statements(self, ctx: P.StatementsContext) -> list[ir.Stmt]:
        return [self.visit(s) for s in ctx.statement()]

    def else_statements(self, ctx: P.Else_branchContext | None) -> list[ir.Stmt] | None:
        return None if ctx is None else self.statements(ctx.statements())

    def visitCase_statement(self, ctx: P.Case_statementContext) -> ir.Case:
        branches = [ir.Branch(self.where(b), self.text(b.value), self.statements(b.statements()))
                    for b in ctx.case_when_branch()]
        return ir.Case(self.where(ctx), self.text(ctx.selector), branches, self.else_statements(ctx.else_branch()))

    def visitLoop_statement(self, ctx: P.Loop_statementContext) -> ir.Loop:
        return ir.Loop(self.where(ctx), self.statements(ctx.statements()), self.name(ctx.identifier()))

    def visitRepeat_statement(self, ctx: P.Repeat_statementContext) -> ir.Repeat:
        return ir.Repeat(self.where(ctx), self.statements(ctx.statements()), self.text(ctx.condition),
                         self.name(ctx.identifier()))

    def visitWhile_statement(self, ctx: P.While_statementContext) -> ir.While:
        return ir.While(self.where(ctx), self.text(ctx.condition), self.statements(ctx.statements()),
                        self.name(ctx.identifier()))

    def visitFor_statement(self, ctx: P.For_statementContext) -> ir.ForRange | ir.ForCursor:
        variable, end_label = self.name(ctx.identifier(0)), self.name(ctx.identifier(1))
        statements = self.statements(ctx.statements())
        if ctx.DOUBLE_PERIOD() is not None:
            return ir.ForRange(self.where(ctx), variable, self.text(ctx.low), self.text(ctx.high),
                               ctx.REVERSE() is not None, statements, end_label)
        return ir.ForCursor(self.where(ctx), variable, self.name(ctx.qualified_name()), self.text(ctx.arguments),
                            self.text(ctx.query), statements, end_label)

    def visitLeave_statement(self, ctx: P.Leave_statementContext) -> ir.Leave:
        return ir.Leave(self.where(ctx), self.name(ctx.identifier()))

    def visitIterate_statement(self, ctx: P.Iterate_statementContext) -> ir.Iterate:
        return ir.Iterate(self.where(ctx), self.name(ctx.identifier()))

    def visitReturn_statement(self, ctx: P.Return_statementContext) -> ir.Return:
        return ir.Return(self.where(ctx), self.text(ctx.value))

    def visitOpen_statement(self, ctx: P.Open_statementContext) -> ir.Open:
        return ir.Open(self.where(ctx), self.name(ctx.identifier()))

    def visitFetch_statement(self, ctx: P.Fetch_statementContext) -> ir.Fetch:
        if ctx.GROUP() is not None:
            return ir.Fetch(self.where(ctx), None, group_next_row=True)
        return ir.Fetch(self.where(ctx), self.name(ctx.identifier()), [self.text(v) for v in ctx.variable()])

    def visitClose_statement(self, ctx: P.Close_statementContext) -> ir.Close:
        return ir.Close(self.where(ctx), self.name(ctx.identifier()))

    def visitSignal_statement(self, ctx: P.Signal_statementContext) -> ir.Signal:
        return self.signal(ctx, resignal=False)

    def visitResignal_statement(self, ctx: P.Resignal_statementContext) -> ir.Signal:
        return self.signal(ctx, resignal=True)

    def signal(self, ctx: P.Signal_statementContext | P.Resignal_statementContext, resignal: bool) -> ir.Signal:
        signal = ir.Signal(self.where(ctx), resignal)
        value = ctx.signal_value()
        if value is not None and value.SQLSTATE() is not None:
            signal.sqlstate = _unquote(value.STRING().getText())
        elif value is not None:
            signal.condition = self.name(value.identifier())
        if ctx.signal_set() is not None:
            signal.items = [ir.SignalItem(self.where(i), i.identifier().getText().upper(), self.text(i.value))
                            for i in ctx.signal_set().signal_item()]
        return signal

    def visitGet_diagnostics(self, ctx: P.Get_diagnosticsContext) -> ir.GetDiagnostics:
        return ir.GetDiagnostics(self.where(ctx), "STACKED" if ctx.STACKED() else "CURRENT",
                                 self.text(ctx.condition_number),
                                 [ir.DiagnosticsItem(self.where(i), self.text(i.variable()),
                                                     i.identifier().getText().upper())
                                  for i in ctx.diagnostics_item()])

    def visitPrepare_statement(self, ctx: P.Prepare_statementContext) -> ir.Prepare:
        return ir.Prepare(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.source))

    def visitExecute_statement(self, ctx: P.Execute_statementContext) -> ir.Execute:
        using = ctx.using_clause()
        arguments = [self.text(a) for a in using.span_item()] if using is not None else []
        return ir.Execute(self.where(ctx), self.name(ctx.identifier()), arguments, self.text(ctx.dynamic))

    def visitDeallocate_statement(self, ctx: P.Deallocate_statementContext) -> ir.Deallocate:
        return ir.Deallocate(self.where(ctx), self.name(ctx.identifier()))

    def visitCall_statement(self, ctx: P.Call_statementContext) -> ir.Call:
        return ir.Call(self.where(ctx), self.name(ctx.qualified_name()), self.text(ctx.inner()))

    def visitStart_transaction(self, ctx: P.Start_transactionContext) -> ir.StartTransaction:
        return ir.StartTransaction(self.where(ctx), self.text(ctx.options))

    def visitCommit_statement(self, ctx: P.Commit_statementContext) -> ir.Commit:
        return ir.Commit(self.where(ctx), self.text(ctx.options))

    def visitRollback_statement(self, ctx: P.Rollback_statementContext) -> ir.Rollback:
        return ir.Rollback(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.options))

    def visitSavepoint_statement(self, ctx: P.Savepoint_statementContext) -> ir.Savepoint:
        return ir.Savepoint(self.where(ctx), self.name(ctx.identifier()))

    def visitRelease_savepoint(self, ctx: P.Release_savepointContext) -> ir.ReleaseSavepoint:
        return ir.ReleaseSavepoint(self.where(ctx), self.name(ctx.identifier()))

    def visitSelect_statement(self, ctx: P.Select_statementContext) -> ir.SqlStatement:
        into = ctx.into_clause()
        clause = None
        if into is not None:
            file = into.STRING()
            clause = ir.Into(self.where(into), [self.text(v) for v in into.variable()],
                             None if file is None else ir.Text(file.getText(), self.place(file.symbol, file.symbol)))
        verb = "(" if ctx.LPAREN() is not None else ctx.start.text.upper()
        return ir.SqlStatement(self.where(ctx), verb, self.text(ctx), clause)

    def visitSql_statement(self, ctx: P.Sql_statementContext) -> ir.SqlStatement:
        return ir.SqlStatement(self.where(ctx), ctx.start.text.upper(), self.text(ctx))
