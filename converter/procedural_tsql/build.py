"""From a T-SQL procedure, function or trigger parse tree to the typed IR in converter/ir/tsql_proc.py.

`build_tsql_unit` walks the tree of a successful `parse_tsql_routine` with a ParseTreeVisitor: one `visit<Rule>`
method per structural rule, each returning an IR node. Spans (SQL, expressions, types) become `Text` with
their source text exactly as written, comments included; names are the words as written, brackets and quotes
included ([Order Details]): unquoting is the target's business, as is case folding.
"""

from __future__ import annotations

from antlr4 import CommonTokenStream, ParserRuleContext, Token

from sct.converter.antlr_parse import SpanBuilder
from sct.converter.ir import tsql_proc as ir

from ._generated.TSqlProcLexer import TSqlProcLexer as L
from ._generated.TSqlProcParser import TSqlProcParser as P
from ._generated.TSqlProcParserVisitor import TSqlProcParserVisitor
from .parse import TSqlParseResult

__all__ = ["build_tsql_unit"]


def build_tsql_unit(result: TSqlParseResult) -> ir.Unit:
    """The IR of a parsed routine; a result with syntax errors has no tree and is a ValueError."""
    if result.tree is None:
        raise ValueError(f"cannot build the IR of a unit with syntax errors:\n{result.describe_errors()}")
    return _Builder(result.line_offset, result.tokens).visit(result.tree)


class _Builder(SpanBuilder, TSqlProcParserVisitor):
    """Builds IR nodes; `line_offset` turns the text's line numbers into the file's."""

    def __init__(self, line_offset: int, tokens: CommonTokenStream) -> None:
        self.line_offset = line_offset
        self.tokens = tokens

    # -- places and texts (where, place, text, tokens_text, name: SpanBuilder)

    def token_text(self, token: Token) -> ir.Text:
        return self.tokens_text(token, token)

    def after(self, ctx: ParserRuleContext) -> ir.Text:
        """The text of a rule without its first token (SET's options, WAITFOR's delay)."""
        return self.tokens_text(self.tokens.get(ctx.start.tokenIndex + 1 + self.hidden_after(ctx.start)), ctx.stop)

    def hidden_after(self, token: Token) -> int:
        """How many hidden tokens (comments) follow `token` before the next one the parser reads."""
        count, index = 0, token.tokenIndex + 1
        while self.tokens.get(index).channel != Token.DEFAULT_CHANNEL:
            count, index = count + 1, index + 1
        return count

    def statements(self, ctx: P.Statement_listContext) -> list[ir.Stmt]:
        return [self.visit(s) for s in ctx.statement()]

    def options(self, contexts: list[P.Routine_optionContext]) -> list[str]:
        return [" ".join(child.getText().upper() for child in c.getChildren()) for c in contexts]

    # -- units

    def visitCompilation_unit(self, ctx: P.Compilation_unitContext) -> ir.Unit:
        unit = self.visit(ctx.create_procedure() or ctx.create_function() or ctx.create_trigger())
        first = ctx.CREATE() or ctx.ALTER()
        unit.where = self.place(first.symbol, self.last_default(ctx.stop))
        unit.or_alter = ctx.OR() is not None
        unit.alter = ctx.CREATE() is None
        return unit

    def last_default(self, token: Token) -> Token:
        """The last token the parser read at or before `token`, EOF skipped."""
        index = token.tokenIndex
        while index > 0 and (self.tokens.get(index).type == Token.EOF
                             or self.tokens.get(index).channel != Token.DEFAULT_CHANNEL):
            index -= 1
        return self.tokens.get(index)

    def parameters(self, contexts: list[P.ParameterContext]) -> list[ir.Parameter]:
        return [ir.Parameter(self.where(p), p.LOCAL_VAR().getText(), self.text(p.datatype()),
                             self.text(p.default_value), output=(p.OUT() or p.OUTPUT()) is not None,
                             readonly=p.READONLY() is not None)
                for p in contexts]

    def visitCreate_procedure(self, ctx: P.Create_procedureContext) -> ir.Procedure:
        return ir.Procedure(self.where(ctx), self.name(ctx.qualified_name()), self.parameters(ctx.parameter()),
                            self.statements(ctx.statement_list()), for_replication=ctx.REPLICATION() is not None,
                            options=self.options(ctx.routine_option()))

    def visitCreate_function(self, ctx: P.Create_functionContext) -> ir.Function:
        function = ir.Function(self.where(ctx), self.name(ctx.qualified_name()), "scalar",
                               self.parameters(ctx.parameter()))
        if ctx.function_options() is not None:
            function.options = self.options(ctx.function_options().routine_option())
        if ctx.inline is not None:
            function.kind, function.query = "inline", self.text(ctx.inline)
        elif ctx.LOCAL_VAR() is not None:
            function.kind, function.return_table = "multi_statement", ctx.LOCAL_VAR().getText()
            function.table_columns = self.text(ctx.columns)
        else:
            function.returns = self.text(ctx.datatype())
        if ctx.block() is not None:
            function.body = self.visit(ctx.block())
        return function

    def visitCreate_trigger(self, ctx: P.Create_triggerContext) -> ir.Trigger:
        timing = ctx.trigger_timing()
        return ir.Trigger(self.where(ctx), self.name(ctx.qualified_name(0)), self.name(ctx.table),
                          "INSTEAD OF" if timing.INSTEAD() is not None else "AFTER",
                          [e.getText().upper() for e in ctx.trigger_event()], self.statements(ctx.statement_list()),
                          not_for_replication=ctx.REPLICATION() is not None,
                          options=self.options(ctx.routine_option()))

    # -- statements

    def visitStatement(self, ctx: P.StatementContext) -> ir.Stmt:
        return self.visit(ctx.core_statement())

    def visitCore_statement(self, ctx: P.Core_statementContext) -> ir.Stmt:
        return self.visit(ctx.getChild(0))

    def visitLabel(self, ctx: P.LabelContext) -> ir.Label:
        return ir.Label(self.where(ctx), self.name(ctx.identifier()))

    def visitBlock(self, ctx: P.BlockContext) -> ir.Block:
        return ir.Block(self.where(ctx), self.statements(ctx.statement_list()))

    def visitTry_catch(self, ctx: P.Try_catchContext) -> ir.TryCatch:
        return ir.TryCatch(self.where(ctx), self.statements(ctx.try_statements),
                           self.statements(ctx.catch_statements))

    def visitDeclare_statement(self, ctx: P.Declare_statementContext) -> ir.Declare:
        variables = []
        for item in ctx.declare_item():
            variable = ir.Variable(self.where(item), item.LOCAL_VAR().getText(), self.text(item.datatype()),
                                   self.text(item.value), self.text(item.columns), item.CURSOR() is not None)
            variables.append(variable)
        return ir.Declare(self.where(ctx), variables)

    def visitDeclare_cursor(self, ctx: P.Declare_cursorContext) -> ir.DeclareCursor:
        options = [o.getText().upper() for o in [*ctx.iso_options, *ctx.options]]
        return ir.DeclareCursor(self.where(ctx), self.name(ctx.name), self.text(ctx.query()), options)

    def visitSet_variable(self, ctx: P.Set_variableContext) -> ir.SetVariable:
        operator = ctx.EQUALS() or ctx.ASSIGN_OP()
        return ir.SetVariable(self.where(ctx), ctx.LOCAL_VAR().getText(), operator.getText(),
                              self.text(ctx.value or ctx.cursor))

    def visitSet_option(self, ctx: P.Set_optionContext) -> ir.SetOption:
        return ir.SetOption(self.where(ctx), ctx.span().start.text.upper(), self.text(ctx.span()))

    def visitIf_statement(self, ctx: P.If_statementContext) -> ir.If:
        return ir.If(self.where(ctx), self.text(ctx.condition), self.visit(ctx.then),
                     None if ctx.otherwise is None else self.visit(ctx.otherwise))

    def visitWhile_statement(self, ctx: P.While_statementContext) -> ir.While:
        return ir.While(self.where(ctx), self.text(ctx.condition), self.visit(ctx.statement()))

    def visitBreak_statement(self, ctx: P.Break_statementContext) -> ir.Break:
        return ir.Break(self.where(ctx))

    def visitContinue_statement(self, ctx: P.Continue_statementContext) -> ir.Continue:
        return ir.Continue(self.where(ctx))

    def visitGoto_statement(self, ctx: P.Goto_statementContext) -> ir.Goto:
        return ir.Goto(self.where(ctx), self.name(ctx.identifier()))

    def visitReturn_statement(self, ctx: P.Return_statementContext) -> ir.Return:
        return ir.Return(self.where(ctx), self.text(ctx.value))

    def visitRaiserror_statement(self, ctx: P.Raiserror_statementContext) -> ir.RaiseError:
        if ctx.legacy is not None:
            return ir.RaiseError(self.where(ctx), legacy=self.text(ctx.legacy))
        return ir.RaiseError(self.where(ctx), [self.text(a) for a in ctx.argument()],
                             [i.getText().upper() for i in ctx.identifier()])

    def visitThrow_statement(self, ctx: P.Throw_statementContext) -> ir.Throw:
        items = [self.text(i) for i in ctx.span_item()]
        return ir.Throw(self.where(ctx), *items)

    def visitPrint_statement(self, ctx: P.Print_statementContext) -> ir.Print:
        return ir.Print(self.where(ctx), self.text(ctx.value))

    def visitExecute_statement(self, ctx: P.Execute_statementContext) -> ir.Execute:
        if ctx.LPAREN() is not None:
            return ir.Execute(self.where(ctx), dynamic=self.text(ctx.dynamic))
        arguments = []
        for a in ctx.exec_argument():
            named = a.EQUALS() is not None
            value = a.literal() or a.DEFAULT() or a.LOCAL_VAR(1 if named else 0)
            text = self.text(value) if isinstance(value, ParserRuleContext) else self.token_text(value.symbol)
            arguments.append(ir.ExecArgument(self.where(a), a.LOCAL_VAR(0).getText() if named else None, text,
                                             (a.OUT() or a.OUTPUT()) is not None))
        return ir.Execute(self.where(ctx), self.name(ctx.procedure),
                          None if ctx.procedure_variable is None else ctx.procedure_variable.text,
                          None if ctx.status is None else ctx.status.text, arguments, options=self.text(ctx.exec_option))

    def visitBegin_transaction(self, ctx: P.Begin_transactionContext) -> ir.BeginTransaction:
        return ir.BeginTransaction(self.where(ctx), self.name(ctx.transaction_name()), ctx.DISTRIBUTED() is not None)

    def visitCommit_statement(self, ctx: P.Commit_statementContext) -> ir.Commit:
        return ir.Commit(self.where(ctx), self.name(ctx.transaction_name()))

    def visitRollback_statement(self, ctx: P.Rollback_statementContext) -> ir.Rollback:
        return ir.Rollback(self.where(ctx), self.name(ctx.transaction_name()))

    def visitSave_transaction(self, ctx: P.Save_transactionContext) -> ir.SaveTransaction:
        return ir.SaveTransaction(self.where(ctx), self.name(ctx.transaction_name()))

    def cursor(self, ctx: P.Cursor_nameContext) -> tuple[str, bool]:
        """(the cursor's name, whether GLOBAL was written)"""
        name = ctx.LOCAL_VAR().getText() if ctx.LOCAL_VAR() is not None else self.name(ctx.identifier()[-1])
        return name, ctx.scope is not None and ctx.scope.getText().upper() == "GLOBAL"

    def visitOpen_statement(self, ctx: P.Open_statementContext) -> ir.Open:
        return ir.Open(self.where(ctx), *self.cursor(ctx.cursor_name()))

    def visitClose_statement(self, ctx: P.Close_statementContext) -> ir.Close:
        return ir.Close(self.where(ctx), *self.cursor(ctx.cursor_name()))

    def visitDeallocate_statement(self, ctx: P.Deallocate_statementContext) -> ir.Deallocate:
        return ir.Deallocate(self.where(ctx), *self.cursor(ctx.cursor_name()))

    def visitFetch_statement(self, ctx: P.Fetch_statementContext) -> ir.Fetch:
        name, global_scope = self.cursor(ctx.cursor_name())
        orientation = "NEXT"
        if ctx.orientation is not None:
            words = [ctx.orientation.getText().upper()]
            count = ctx.NUMBER() or (ctx.LOCAL_VAR(0) if ctx.INTO() is None or
                                     ctx.LOCAL_VAR(0).symbol.tokenIndex < ctx.INTO().symbol.tokenIndex else None)
            if count is not None:
                words.append(("-" if ctx.OPERATOR() is not None else "") + count.getText())
            orientation = " ".join(words)
        into = ctx.INTO()
        targets = [] if into is None else [v.getText() for v in ctx.LOCAL_VAR()
                                           if v.symbol.tokenIndex > into.symbol.tokenIndex]
        return ir.Fetch(self.where(ctx), name, orientation, targets, global_scope)

    def visitWaitfor_statement(self, ctx: P.Waitfor_statementContext) -> ir.WaitFor:
        return ir.WaitFor(self.where(ctx), self.text(ctx.span()))

    # -- SQL

    def visitSql_statement(self, ctx: P.Sql_statementContext) -> ir.SqlStatement:
        if ctx.query() is not None:
            return self.visit(ctx.query())
        return ir.SqlStatement(self.where(ctx), ctx.start.text.upper(), self.text(ctx))

    def visitQuery(self, ctx: P.QueryContext) -> ir.SqlStatement:
        if ctx.WITH() is None:
            return self.select(ctx, ctx)
        main = ctx.getChild(2)
        if isinstance(main, ParserRuleContext):
            return ir.SqlStatement(self.where(ctx), main.start.text.upper(), self.text(ctx), with_clause=True)
        statement = self.select(ctx, ctx)
        statement.with_clause = True
        return statement

    def select(self, ctx: ParserRuleContext, whole: ParserRuleContext) -> ir.SqlStatement:
        """A SELECT: its assigned variables (SELECT @a = x, @b += y), or whether it returns rows (no INTO)."""
        assigns, into, depth, previous = [], False, 0, None
        tokens = [t for t in self.tokens.getTokens(ctx.start.tokenIndex, ctx.stop.tokenIndex)
                  if t.channel == Token.DEFAULT_CHANNEL]
        for n, token in enumerate(tokens):
            if token.type in (L.LPAREN, L.CASE):
                depth += 1
            elif token.type in (L.RPAREN, L.END):
                depth -= 1
            elif depth == 0 and token.type == L.INTO:
                into = True
            elif (depth == 0 and token.type == L.LOCAL_VAR and n + 1 < len(tokens)
                  and tokens[n + 1].type in (L.EQUALS, L.ASSIGN_OP) and previous is not None
                  and (previous.type in (L.SELECT, L.COMMA) or self.after_top(tokens, n))):
                assigns.append(token.text)
            previous = token
        return ir.SqlStatement(self.where(whole), "SELECT", self.text(whole), assigns=assigns,
                               result_set=not assigns and not into)

    @staticmethod
    def after_top(tokens: list[Token], n: int) -> bool:
        """Whether tokens[n] follows SELECT [DISTINCT] TOP (n) | TOP n [PERCENT] [WITH TIES], or DISTINCT."""
        words = [t.text.upper() for t in tokens[:n]]
        return bool(words) and words[0] == "SELECT" and all(
            w in ("DISTINCT", "ALL", "TOP", "PERCENT", "WITH", "TIES", "(", ")") or tokens[k].type == L.NUMBER
            or tokens[k].type == L.LOCAL_VAR and k > 0 and words[k - 1] in ("TOP", "(")
            for k, w in enumerate(words[1:], start=1))
