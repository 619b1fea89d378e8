"""From a PL/SQL parse tree to the typed IR in converter/ir/plsql.py.

`build_unit` walks the tree of a successful `parse_plsql` with a ParseTreeVisitor: one `visit<Rule>` method
per structural rule, each returning an IR node. Spans (SQL, expressions, types) become `Text` with their
source text exactly as written, comments included; names are the words as written.
"""

from __future__ import annotations

from antlr4 import ParserRuleContext

from sct.converter.antlr_parse import SpanBuilder
from sct.converter.ir import plsql as ir

from ._generated.PlSqlParser import PlSqlParser as P
from ._generated.PlSqlParserVisitor import PlSqlParserVisitor
from .parse import ParseResult

__all__ = ["build_unit"]


def build_unit(result: ParseResult) -> ir.Unit:
    """The IR of a parsed unit; a result with syntax errors has no tree and is a ValueError."""
    if result.tree is None:
        raise ValueError(f"cannot build the IR of a unit with syntax errors:\n{result.describe_errors()}")
    return _Builder(result.line_offset).visit(result.tree)


class _Builder(SpanBuilder, PlSqlParserVisitor):
    """Builds IR nodes; `line_offset` turns the text's line numbers into the file's."""

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset

    # -- places and texts (where, place, text, tokens_text, name: SpanBuilder)

    def inside(self, ctx: ParserRuleContext | None) -> ir.Text | None:
        """The text inside the parentheses of an `arguments` or other ( inner ) rule."""
        return None if ctx is None else self.text(ctx.inner())

    @staticmethod
    def words(ctx: ParserRuleContext) -> str:
        """The keywords of a clause, one blank apart: INSTEAD OF, AUTHID CURRENT_USER."""
        return " ".join(child.getText() for child in ctx.getChildren())

    # -- units

    def visitCompilation_unit(self, ctx: P.Compilation_unitContext) -> ir.Unit:
        return self.visit(ctx.create_unit() or ctx.anonymous_block())

    def visitCreate_unit(self, ctx: P.Create_unitContext) -> ir.Unit:
        unit = self.visit(ctx.getChild(ctx.getChildCount() - 1))
        unit.where = self.where(ctx)
        unit.or_replace = ctx.REPLACE() is not None
        if ctx.EDITIONABLE() or ctx.NONEDITIONABLE():
            unit.editionable = ctx.EDITIONABLE() is not None
        return unit

    def visitAnonymous_block(self, ctx: P.Anonymous_blockContext) -> ir.AnonymousBlock:
        labels = [self.name(label.identifier()) for label in ctx.label_declaration()]
        return ir.AnonymousBlock(self.where(ctx), self.visit(ctx.block()), labels)

    def visitCreate_procedure(self, ctx: P.Create_procedureContext) -> ir.RoutineUnit:
        routine = self.visit(ctx.procedure_heading())
        self.implement(routine, ctx.routine_implementation())
        return ir.RoutineUnit(self.where(ctx), routine)

    def visitCreate_function(self, ctx: P.Create_functionContext) -> ir.RoutineUnit:
        routine = self.visit(ctx.function_heading())
        if ctx.routine_implementation() is not None:
            self.implement(routine, ctx.routine_implementation())
        else:                                   # AGGREGATE USING implementation_type
            routine.attributes.append(f"{'AGGREGATE ' if ctx.AGGREGATE() else ''}USING "
                                      f"{self.name(ctx.qualified_name())}")
        return ir.RoutineUnit(self.where(ctx), routine)

    def visitCreate_package(self, ctx: P.Create_packageContext) -> ir.Package:
        return ir.Package(self.where(ctx), self.name(ctx.qualified_name()), body=False,
                          attributes=[self.words(a) for a in ctx.routine_attribute()],
                          members=[self.visit(item) for item in ctx.declare_item()])

    def visitCreate_package_body(self, ctx: P.Create_package_bodyContext) -> ir.Package:
        init = ctx.initialization()
        initialization = None
        if init is not None:
            initialization = ir.Block(self.where(init), statements=self.statements(init.seq_of_statements()),
                                      handlers=self.handlers(init.exception_section()))
        return ir.Package(self.where(ctx), self.name(ctx.qualified_name()), body=True,
                          members=[self.visit(item) for item in ctx.declare_item()],
                          initialization=initialization)

    # -- triggers

    def visitCreate_trigger(self, ctx: P.Create_triggerContext) -> ir.Trigger:
        trigger = ir.Trigger(self.where(ctx), self.name(ctx.qualified_name()), self.words(ctx.trigger_timing()),
                             events=[self.visit(event) for event in ctx.trigger_event()],
                             each_row=ctx.for_each_row() is not None,
                             options=[self.words(option) for option in ctx.trigger_option()])
        self.set_target(trigger, ctx.trigger_target())
        if ctx.referencing_clause() is not None:
            for alias in ctx.referencing_clause().referencing_alias():
                trigger.referencing[alias.getChild(0).getText().upper()] = self.name(alias.identifier())
        if ctx.trigger_when() is not None:
            trigger.when = self.text(ctx.trigger_when().inner())
        body = ctx.trigger_body()
        if body.block() is not None:
            trigger.body = self.visit(body.block())
        elif body.CALL() is not None:
            last = body.arguments() or body.qualified_name()
            trigger.call = self.tokens_text(body.qualified_name().start, last.stop)
        else:
            trigger.declarations = [self.visit(item) for item in body.declare_item()]
            trigger.sections = [self.visit(section) for section in body.timing_point_section()]
        return trigger

    def set_target(self, trigger: ir.Trigger, ctx: P.Trigger_targetContext) -> None:
        trigger.target = " ".join(child.getText() for child in ctx.getChildren()).replace(" . ", ".")
        if ctx.SCHEMA() is not None:
            trigger.target_kind = "schema"
        elif ctx.DATABASE() is not None:
            trigger.target_kind = "database"
        elif ctx.NESTED() is not None:
            trigger.target_kind = "nested table"
            trigger.nested_column = self.name(ctx.identifier())
            trigger.target = self.name(ctx.qualified_name())

    def visitTrigger_event(self, ctx: P.Trigger_eventContext) -> ir.TriggerEvent:
        columns = [self.name(c) for c in ctx.identifier()] if ctx.UPDATE() is not None else []
        name = "UPDATE" if ctx.UPDATE() is not None else self.words(ctx)
        return ir.TriggerEvent(self.where(ctx), name, columns)

    def visitTiming_point_section(self, ctx: P.Timing_point_sectionContext) -> ir.TimingSection:
        block = ir.Block(self.where(ctx), statements=self.statements(ctx.seq_of_statements()),
                         handlers=self.handlers(ctx.exception_section()))
        return ir.TimingSection(self.where(ctx), self.words(ctx.timing_point(0)), block)

    # -- types

    def visitCreate_type(self, ctx: P.Create_typeContext) -> ir.TypeDecl:
        kind_ctx = ctx.type_kind()
        if ctx.UNDER() is not None or (kind_ctx is not None and kind_ctx.OBJECT() is not None):
            kind = "object"
        elif kind_ctx is not None:
            kind = "varray" if kind_ctx.collection_type().TABLE() is None else "table"
        else:
            kind = "incomplete"
        name = self.name(ctx.qualified_name(0))
        decl = ir.TypeDecl(self.where(ctx), name, kind,
                           supertype=self.name(ctx.qualified_name(1)) if ctx.UNDER() else None,
                           modifiers=[self.words(m) for m in ctx.type_modifier()],
                           type_attributes=[self.words(a) for a in ctx.routine_attribute()],
                           oid=ctx.STRING().getText() if ctx.OID() else None, force=ctx.FORCE() is not None)
        if kind == "table" or kind == "varray":
            decl.collection = self.collection(name, kind_ctx.collection_type(), self.where(kind_ctx))
        members = ctx.object_members() or (kind_ctx.object_members() if kind_ctx is not None else None)
        for element in members.type_element() if members is not None else ():
            if element.method_heading() is not None:
                decl.methods.append(self.visit(element.method_heading()))
            elif element.PRAGMA() is not None:
                decl.pragmas.append(ir.Pragma(self.where(element), self.name(element.identifier()),
                                              self.inside(element.arguments())))
            else:
                decl.attributes.append(ir.Attribute(self.where(element), self.name(element.identifier()),
                                                    self.text(element.datatype())))
        return decl

    def visitCreate_type_body(self, ctx: P.Create_type_bodyContext) -> ir.TypeBody:
        methods = []
        for heading, implementation in zip(ctx.method_heading(), ctx.routine_implementation(), strict=True):
            method = self.visit(heading)
            self.implement(method, implementation)
            methods.append(method)
        return ir.TypeBody(self.where(ctx), self.name(ctx.qualified_name()), methods)

    def visitMethod_heading(self, ctx: P.Method_headingContext) -> ir.Routine:
        routine = self.visit(ctx.procedure_heading() or ctx.function_heading())
        routine.where = self.where(ctx)
        routine.method = self.words(ctx.method_kind())
        routine.method_qualifiers = [self.words(q) for q in ctx.method_qualifier()]
        return routine

    # -- routines

    def visitProcedure_heading(self, ctx: P.Procedure_headingContext) -> ir.Routine:
        return ir.Routine(self.where(ctx), "procedure", self.name(ctx.qualified_name()),
                          parameters=self.parameters(ctx.parameter_list()),
                          attributes=[self.words(a) for a in ctx.routine_attribute()])

    def visitFunction_heading(self, ctx: P.Function_headingContext) -> ir.Routine:
        returns = ctx.return_clause()
        return_type = self.text(returns.datatype()) if returns.datatype() is not None else ir.Text(
            "SELF AS RESULT", self.where(returns))
        return ir.Routine(self.where(ctx), "function", self.name(ctx.qualified_name()),
                          parameters=self.parameters(ctx.parameter_list()), return_type=return_type,
                          attributes=[self.words(a) for a in ctx.routine_attribute()])

    def parameters(self, ctx: P.Parameter_listContext | None) -> list[ir.Parameter]:
        return [] if ctx is None else [self.visit(p) for p in ctx.parameter()]

    def visitParameter(self, ctx: P.ParameterContext) -> ir.Parameter:
        mode = ctx.parameter_mode()
        return ir.Parameter(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.datatype()),
                            mode=self.mode(mode), nocopy=mode is not None and mode.NOCOPY() is not None,
                            default=self.text(ctx.default_value))

    @staticmethod
    def mode(ctx: P.Parameter_modeContext | None) -> str:
        if ctx is None:
            return "IN"
        return "IN OUT" if ctx.IN() and ctx.OUT() else "OUT" if ctx.OUT() else "IN"

    def implement(self, routine: ir.Routine, ctx: P.Routine_implementationContext) -> None:
        """Give a routine heading its body, or its call specification."""
        if ctx.call_spec() is not None:
            routine.call_spec = self.text(ctx.call_spec())
            return
        routine.body = self.visit(ctx.body())
        routine.body.declarations = [self.visit(item) for item in ctx.declare_item()]
        routine.where = ir.Where(routine.where.line, routine.where.column, routine.where.start,
                                 self.where(ctx).end)

    # -- blocks

    def visitBlock(self, ctx: P.BlockContext) -> ir.Block:
        block = self.visit(ctx.body())
        block.where = self.where(ctx)
        block.declarations = [self.visit(item) for item in ctx.declare_item()]
        return block

    def visitBody(self, ctx: P.BodyContext) -> ir.Block:
        return ir.Block(self.where(ctx), statements=self.statements(ctx.seq_of_statements()),
                        handlers=self.handlers(ctx.exception_section()),
                        end_label=self.name(ctx.identifier()))

    def handlers(self, ctx: P.Exception_sectionContext | None) -> list[ir.Handler]:
        if ctx is None:
            return []
        return [ir.Handler(self.where(h), [self.name(n) for n in h.exception_name()],
                           self.statements(h.seq_of_statements())) for h in ctx.exception_handler()]

    def statements(self, ctx: P.Seq_of_statementsContext | None) -> list[ir.Stmt]:
        """The statements in order, each with the <<labels>> written before it."""
        out: list[ir.Stmt] = []
        labels: list[str] = []
        for child in ctx.getChildren() if ctx is not None else ():
            if isinstance(child, P.Label_declarationContext):
                labels.append(self.name(child.identifier()))
                continue
            stmt = self.visit(child)
            stmt.labels = labels
            labels = []
            out.append(stmt)
        return out

    # -- declarations

    def visitDeclare_item(self, ctx: P.Declare_itemContext) -> ir.Declaration:
        return self.visit(ctx.getChild(0))

    def visitVariable_declaration(self, ctx: P.Variable_declarationContext) -> ir.Variable:
        return ir.Variable(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.datatype()),
                           constant=ctx.CONSTANT() is not None, not_null=ctx.NOT() is not None,
                           default=self.text(ctx.default_value))

    def visitException_declaration(self, ctx: P.Exception_declarationContext) -> ir.ExceptionDecl:
        return ir.ExceptionDecl(self.where(ctx), self.name(ctx.identifier()))

    def visitType_definition(self, ctx: P.Type_definitionContext) -> ir.Declaration:
        name = self.name(ctx.identifier())
        if ctx.record_type() is not None:
            fields = [ir.RecordField(self.where(f), self.name(f.identifier()), self.text(f.datatype()),
                                     not_null=f.NOT() is not None, default=self.text(f.default_value))
                      for f in ctx.record_type().record_field()]
            return ir.RecordType(self.where(ctx), name, fields)
        if ctx.ref_cursor_type() is not None:
            return ir.RefCursorType(self.where(ctx), name, self.text(ctx.ref_cursor_type().datatype()))
        return self.collection(name, ctx.collection_type(), self.where(ctx))

    def collection(self, name: str, ctx: P.Collection_typeContext, where: ir.Where) -> ir.CollectionType:
        return ir.CollectionType(where, name, "table" if ctx.TABLE() else "varray", self.text(ctx.datatype(0)),
                                 not_null=ctx.NOT() is not None, index_by=self.text(ctx.index_type),
                                 limit=self.text(ctx.limit))

    def visitSubtype_definition(self, ctx: P.Subtype_definitionContext) -> ir.Subtype:
        return ir.Subtype(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.datatype()),
                          low=self.text(ctx.low), high=self.text(ctx.high), not_null=ctx.NOT() is not None)

    def visitCursor_definition(self, ctx: P.Cursor_definitionContext) -> ir.Cursor:
        return ir.Cursor(self.where(ctx), self.name(ctx.identifier()), self.parameters(ctx.parameter_list()),
                         return_type=self.text(ctx.datatype()), query=self.text(ctx.query))

    def visitPragma_declaration(self, ctx: P.Pragma_declarationContext) -> ir.Pragma:
        return ir.Pragma(self.where(ctx), self.name(ctx.identifier()), self.inside(ctx.arguments()))

    def visitProcedure_declaration(self, ctx: P.Procedure_declarationContext) -> ir.Routine:
        return self.nested_routine(ctx.procedure_heading(), ctx.routine_implementation())

    def visitFunction_declaration(self, ctx: P.Function_declarationContext) -> ir.Routine:
        return self.nested_routine(ctx.function_heading(), ctx.routine_implementation())

    def nested_routine(self, heading: ParserRuleContext,
                       implementation: P.Routine_implementationContext | None) -> ir.Routine:
        routine = self.visit(heading)
        if implementation is not None:
            self.implement(routine, implementation)
        return routine

    def visitCc_block(self, ctx: P.Cc_blockContext) -> ir.Declaration | ir.Stmt:
        """A declaration in a declaration list, a statement in a statement list."""
        if isinstance(ctx.parentCtx, P.Declare_itemContext):
            return ir.ConditionalCode(self.where(ctx), self.text(ctx))
        return ir.ConditionalStmt(self.where(ctx), self.text(ctx))

    # -- statements

    def visitStatement(self, ctx: P.StatementContext) -> ir.Stmt:
        if ctx.block() is not None:
            return ir.NestedBlock(self.where(ctx), self.visit(ctx.block()))
        return self.visit(ctx.getChild(0))

    def visitAssignment_statement(self, ctx: P.Assignment_statementContext) -> ir.Assign:
        return ir.Assign(self.where(ctx), self.text(ctx.target()), self.text(ctx.value))

    def visitCall_statement(self, ctx: P.Call_statementContext) -> ir.Call:
        arguments = ctx.arguments()
        chain = None
        if ctx.PERIOD():                        # obj.method(1).other(2): what follows the first call
            after_first = ctx.getChild(2).symbol
            chain = self.tokens_text(after_first, ctx.getChild(ctx.getChildCount() - 2).stop)
        return ir.Call(self.where(ctx), self.name(ctx.qualified_name()),
                       self.inside(arguments[0]) if arguments else None, chain)

    def visitIf_statement(self, ctx: P.If_statementContext) -> ir.If:
        branches = [ir.Branch(self.where(ctx), self.text(ctx.condition), self.statements(ctx.seq_of_statements()))]
        branches += [ir.Branch(self.where(b), self.text(b.condition), self.statements(b.seq_of_statements()))
                     for b in ctx.elsif_branch()]
        return ir.If(self.where(ctx), branches, self.else_statements(ctx.else_branch()))

    def else_statements(self, ctx: P.Else_branchContext | None) -> list[ir.Stmt] | None:
        return None if ctx is None else self.statements(ctx.seq_of_statements())

    def visitCase_statement(self, ctx: P.Case_statementContext) -> ir.Case:
        branches = [ir.Branch(self.where(b), self.text(b.value), self.statements(b.seq_of_statements()))
                    for b in ctx.case_when_branch()]
        return ir.Case(self.where(ctx), self.text(ctx.selector), branches, self.else_statements(ctx.else_branch()))

    def loop_statements(self, ctx: ParserRuleContext) -> list[ir.Stmt]:
        return self.statements(ctx.loop_body().seq_of_statements())

    def visitBasic_loop(self, ctx: P.Basic_loopContext) -> ir.Loop:
        return ir.Loop(self.where(ctx), self.loop_statements(ctx))

    def visitWhile_loop(self, ctx: P.While_loopContext) -> ir.WhileLoop:
        return ir.WhileLoop(self.where(ctx), self.text(ctx.condition), self.loop_statements(ctx))

    def visitNumeric_for_loop(self, ctx: P.Numeric_for_loopContext) -> ir.ForLoop:
        return ir.ForLoop(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.low), self.text(ctx.high),
                          reverse=ctx.REVERSE() is not None, statements=self.loop_statements(ctx))

    def visitCursor_for_loop(self, ctx: P.Cursor_for_loopContext) -> ir.CursorForLoop:
        return ir.CursorForLoop(self.where(ctx), self.name(ctx.identifier()), query=self.text(ctx.query),
                                cursor=self.name(ctx.qualified_name()), arguments=self.inside(ctx.arguments()),
                                statements=self.loop_statements(ctx))

    def visitForall_statement(self, ctx: P.Forall_statementContext) -> ir.Forall:
        bounds = ctx.forall_bounds()
        kind = "indices" if bounds.INDICES() else "values" if bounds.VALUES() else "range"
        return ir.Forall(self.where(ctx), self.name(ctx.identifier()), kind,
                         self.visit(ctx.sql_statement() or ctx.execute_immediate()),
                         low=self.text(bounds.low), high=self.text(bounds.high),
                         collection=self.name(bounds.qualified_name()), save_exceptions=ctx.SAVE() is not None)

    def visitExit_statement(self, ctx: P.Exit_statementContext) -> ir.Exit:
        return ir.Exit(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.condition))

    def visitContinue_statement(self, ctx: P.Continue_statementContext) -> ir.Continue:
        return ir.Continue(self.where(ctx), self.name(ctx.identifier()), self.text(ctx.condition))

    def visitGoto_statement(self, ctx: P.Goto_statementContext) -> ir.Goto:
        return ir.Goto(self.where(ctx), self.name(ctx.identifier()))

    def visitNull_statement(self, ctx: P.Null_statementContext) -> ir.Null:
        return ir.Null(self.where(ctx))

    def visitReturn_statement(self, ctx: P.Return_statementContext) -> ir.Return:
        return ir.Return(self.where(ctx), self.text(ctx.value))

    def visitRaise_statement(self, ctx: P.Raise_statementContext) -> ir.Raise:
        return ir.Raise(self.where(ctx), self.name(ctx.qualified_name()))

    def visitOpen_statement(self, ctx: P.Open_statementContext) -> ir.Open:
        return ir.Open(self.where(ctx), self.name(ctx.qualified_name()), self.inside(ctx.arguments()))

    def visitOpen_for_statement(self, ctx: P.Open_for_statementContext) -> ir.OpenFor:
        return ir.OpenFor(self.where(ctx), self.text(ctx.target()), query=self.text(ctx.query),
                          dynamic=self.text(ctx.dynamic), using=self.using(ctx.using_clause()))

    def visitFetch_statement(self, ctx: P.Fetch_statementContext) -> ir.Fetch:
        return ir.Fetch(self.where(ctx), self.name(ctx.qualified_name()), self.visit(ctx.into_clause()),
                        self.text(ctx.limit))

    def visitClose_statement(self, ctx: P.Close_statementContext) -> ir.Close:
        return ir.Close(self.where(ctx), self.name(ctx.qualified_name()))

    def visitExecute_immediate(self, ctx: P.Execute_immediateContext) -> ir.ExecuteImmediate:
        into = ctx.into_clause()
        returning = ctx.returning_clause()
        return ir.ExecuteImmediate(self.where(ctx), self.text(ctx.dynamic),
                                   into=self.visit(into) if into is not None else None,
                                   using=self.using(ctx.using_clause()),
                                   returning=self.visit(returning.into_clause()) if returning is not None else None)

    def visitInto_clause(self, ctx: P.Into_clauseContext) -> ir.Into:
        return ir.Into(self.where(ctx), [self.text(t) for t in ctx.target()], bulk=ctx.BULK() is not None)

    def using(self, ctx: P.Using_clauseContext | None) -> list[ir.BindArgument]:
        if ctx is None:
            return []
        return [ir.BindArgument(self.where(a), self.text(a.span_using()), self.mode(a.parameter_mode()))
                for a in ctx.using_argument()]

    def visitSql_statement(self, ctx: P.Sql_statementContext) -> ir.SqlStatement:
        sql = ctx.sql_text()
        return ir.SqlStatement(self.where(ctx), sql.getChild(0).getText().upper(), self.text(sql))

    def visitCommit_statement(self, ctx: P.Commit_statementContext) -> ir.Commit:
        return ir.Commit(self.where(ctx), self.text(ctx.span()))

    def visitRollback_statement(self, ctx: P.Rollback_statementContext) -> ir.Rollback:
        return ir.Rollback(self.where(ctx), self.name(ctx.identifier()))

    def visitSavepoint_statement(self, ctx: P.Savepoint_statementContext) -> ir.Savepoint:
        return ir.Savepoint(self.where(ctx), self.name(ctx.identifier()))

    def visitSet_transaction(self, ctx: P.Set_transactionContext) -> ir.SetTransaction:
        return ir.SetTransaction(self.where(ctx), self.text(ctx.span()))

    def visitLock_table(self, ctx: P.Lock_tableContext) -> ir.LockTable:
        return ir.LockTable(self.where(ctx), self.text(ctx.span()))

    def visitPipe_row_statement(self, ctx: P.Pipe_row_statementContext) -> ir.PipeRow:
        return ir.PipeRow(self.where(ctx), self.text(ctx.value))
