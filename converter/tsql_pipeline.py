"""`sct convert --from sqlserver`: the SQL Server steps around the shared pipeline (converter.pipeline).

Read (converter.tsql_script), parse (converter.dialects.tsql_ddl), then in script order apply what a batch sets
for the statements after it (SET ANSI_NULLS, QUOTED_IDENTIFIER, IDENTITY_INSERT, DATEFORMAT: MS001, MS320),
assemble (the shared `assemble`), and the steps below, which need the whole script: view queries and data
statements converted against the tables they read (converter.dialects.tsql_sql), index names made unique per
schema (MS207), calls of routines of the scripts (not converted yet) and of unknown functions (MS398), and after
rendering, what the shared emitter has no form for: INCLUDE and WHERE of indexes, INSERT ... OVERRIDING SYSTEM
VALUE under IDENTITY_INSERT, and [NO]CHECK CONSTRAINT in data.sql (MS206). Then the shared dependency graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from sct.converter import schema_rules
from sct.converter.dialects import tsql_ddl, tsql_sql
from sct.converter.dialects.oracle_ddl import CommentOn, Skipped
from sct.converter.dialects.tsql_ddl import AliasType, ConstraintToggle, Setting
from sct.converter.emit.sqlgen import to_sql
from sct.converter.findings import Collector, fire
from sct.converter.ir import CodeObject, Effort, ForeignKey, Index, QName, Span, Statement, Table, View
from sct.converter.names import quote_ident, sql_string

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion
    from sct.converter.script import Script

_DATEFORMATS = {"MDY": "ISO, MDY", "DMY": "ISO, DMY", "YMD": "ISO, YMD"}


def convert(script: Script, source: str, target: str, result_sets: str = "table") -> Conversion:
    from sct.converter import compat, graph
    from sct.converter.emit import postgres
    from sct.converter.pipeline import Conversion, assemble

    notes = Collector()
    notes.findings.extend(script.findings.findings)
    context = tsql_ddl.Context()
    parsed: list = []
    for statement in script.statements:
        parsed.extend(tsql_ddl.parse_statement(statement.text, statement.span, context))
    parsed = _script_order(parsed, notes)
    conversion = Conversion(source, target, list(script.files), assemble(parsed, notes), notes.findings)
    conversion.tsql_context = context                   # type: ignore[attr-defined]  # alias types
    conversion.tsql_result_sets = result_sets           # type: ignore[attr-defined]  # table | refcursor
    for step in STEPS:
        step(conversion)
    postgres.render_objects(conversion)
    _routine_sql(conversion)
    _render_indexes(conversion)
    _render_data(conversion)
    graph.block_dependents(conversion)
    conversion.ordered = graph.order(conversion)
    compat.attach(conversion)               # the sct_sqlserver (and other) compatibility functions, first
    return conversion


# --- script order: settings, skipped statements ------------------------------------------------------------

def _script_order(parsed: list, notes: Collector) -> list:
    """Apply SET options to the statements after them and count what is not carried (MS011, one per kind)."""
    ansi_nulls = True
    identity_insert: set[str] = set()
    out: list = []
    skipped: dict[str, list] = {}
    guards: list = []
    comments: list = []
    for item in parsed:
        if isinstance(item, Setting):
            if item.option == "IDENTITY_INSERT":
                (identity_insert.add if item.on else identity_insert.discard)(item.table.key)
                if item.on:
                    notes.fire("MS320", item.span, f"SET IDENTITY_INSERT {item.table} ON: its INSERTs become INSERT "
                                                   "... OVERRIDING SYSTEM VALUE; data.sql moves the identity past "
                                                   "the loaded keys")
            elif item.option == "ANSI_NULLS":
                ansi_nulls = item.on
                if not item.on:
                    notes.fire("MS001", item.span, "SET ANSI_NULLS OFF: `x = NULL` is true for NULL in the objects "
                                                   "created after it; those comparisons become IS NULL",
                               Effort.REVIEW)
            elif not item.on:
                notes.fire("MS001", item.span, "SET QUOTED_IDENTIFIER OFF: \"text\" is a string literal after it, "
                                               "not a name; the converter reads it as a name: check the objects "
                                               "after it", Effort.REVIEW)
            continue
        if isinstance(item, Skipped):
            if item.verb == "USE":
                notes.fire("MS003", item.span, f"{' '.join(item.source_text.split())[:60]}: the converted scripts "
                                               "run in the database they are applied to")
                continue
            if item.verb == "SET DATEFORMAT":
                out.append(_dateformat(item, notes))
                continue
            if item.verb == "IF":
                notes.fire("MS013", item.span, "an IF statement at batch level is not run: T-SQL control flow "
                                               "outside a routine is not converted ("
                                               + " ".join(item.source_text.split())[:80] + ")", Effort.REVIEW)
                continue
            if item.verb.startswith("IF EXISTS"):
                guards.append(item.span)
                continue
            skipped.setdefault(item.verb, []).append(item.span)
            continue
        if isinstance(item, CommentOn):
            comments.append(item.span)
        if isinstance(item, AliasType):
            base = item.base.source + (" NOT NULL" if item.base.not_null else "")
            notes.fire("MS107", item.span, f"alias type {item.name} ({base}) is written out in each column that uses "
                                           "it")
            continue
        if isinstance(item, ConstraintToggle):
            stmt = Statement(name=item.table, span=item.span, source_text=item.source_text,
                             verb="enable_constraint" if item.enable else "disable_constraint", table=item.table)
            stmt.tsql_toggle = item         # type: ignore[attr-defined]
            out.append(stmt)
            continue
        if isinstance(item, (View, CodeObject)):
            item.tsql_ansi_nulls = ansi_nulls       # type: ignore[attr-defined]
        if isinstance(item, Statement):
            item.tsql_ansi_nulls = ansi_nulls       # type: ignore[attr-defined]
            item.tsql_identity_insert = item.table is not None and item.table.key in identity_insert  # type: ignore
        out.append(item)
    if guards:
        notes.fire("MS004", guards[0], f"{len(guards)} existence guards (IF EXISTS ... DROP, IF OBJECT_ID(...) IS NOT "
                                       "NULL DROP ...) are dropped: the target schema is created fresh"
                                       + (" (the first here)" if len(guards) > 1 else ""))
    if comments:
        notes.fire("MS005", comments[0], f"{len(comments)} sp_addextendedproperty 'MS_Description' calls become "
                                         "COMMENT ON" + (" (the first here)" if len(comments) > 1 else ""))
    for verb, spans in skipped.items():
        more = f" ({len(spans)} statements, the first here)" if len(spans) > 1 else ""
        notes.fire("MS011", spans[0], f"{verb} is not carried into the target schema{more}")
    return out


def _dateformat(item: Skipped, notes: Collector) -> Statement | Skipped:
    """SET DATEFORMAT mdy: data.sql reads date literals in the same order (SET datestyle)."""
    order = item.source_text.split()[-1].strip(";").upper()
    stmt = Statement(name=QName(None, "datestyle"), span=item.span, source_text=item.source_text, verb="set")
    if order not in _DATEFORMATS:
        fire(stmt, "MS001", item.span, f"SET DATEFORMAT {order.lower()} has no PostgreSQL datestyle",
             Effort.MANUAL)
        return stmt
    stmt.tree = exp.Command(this="SET", expression=exp.Literal.string(f" datestyle = '{_DATEFORMATS[order]}'"))
    notes.fire("MS001", item.span, f"SET DATEFORMAT {order.lower()} becomes SET datestyle = "
                                   f"'{_DATEFORMATS[order]}' in data.sql")
    return stmt


# --- object steps ------------------------------------------------------------------------------------------

def _tables(conversion: Conversion) -> dict[str, Table]:
    return {o.name.key: o for o in conversion.objects if isinstance(o, Table)}


def _column_types(tables: list[Table]) -> dict[str, str]:
    types: dict[str, str] = {}
    clash: set[str] = set()
    for table in tables:
        for column in table.columns:
            kind = column.type.target
            if not kind:
                continue
            if column.name in types and types[column.name] != kind:
                clash.add(column.name)
            types[column.name] = kind
    return {k: v for k, v in types.items() if k not in clash}


def _money_columns(tables: list[Table]) -> set[str]:
    """Column names that are MONEY or SMALLMONEY in every table that has them (CAST to an integer rounds them)."""
    kinds: dict[str, set[bool]] = {}
    for table in tables:
        for column in table.columns:
            kinds.setdefault(column.name, set()).add(column.type.name in ("MONEY", "SMALLMONEY"))
    return {name for name, seen in kinds.items() if seen == {True}}


def convert_views(conversion: Conversion) -> None:
    """View queries, converted with the types of the columns of the tables they read (for `+` and CONVERT)."""
    tables = _tables(conversion)
    views = {o.name.key: o for o in conversion.objects if isinstance(o, View)}
    for view in [o for o in conversion.objects if isinstance(o, View)]:
        if not getattr(view, "tsql_raw", False) or view.query is None:
            continue
        read = [tables[QName(_schema(t), tsql_sql.fold(t.name)).key] for t in view.query.find_all(exp.Table)
                if QName(_schema(t), tsql_sql.fold(t.name)).key in tables]
        _top_all(view)
        columns = _column_types(read)
        for other in [views[k] for k in {QName(_schema(t), tsql_sql.fold(t.name)).key
                                          for t in view.query.find_all(exp.Table)} if k in views]:
            columns.update(getattr(other, "tsql_output_types", {}))
        view.query = tsql_sql.convert_tree(view.query, view, getattr(view, "tsql_span", view.span),
                                           columns=columns, ansi_nulls=getattr(view, "tsql_ansi_nulls", True),
                                           money=_money_columns(read))
        view.tsql_raw = False               # type: ignore[attr-defined]
        view.tsql_output_types = _output_types(view.query, columns)     # type: ignore[attr-defined]
        compared = tsql_sql.case_sensitive_comparison(view.query, columns)
        if compared is not None:
            fire(view, "MS110", view.span, f"the view compares strings (first: {compared}): SQL Server's default "
                                           "collations ignore case and trailing spaces, PostgreSQL's do not",
                 Effort.REVIEW)


def _schema(table: exp.Table) -> str | None:
    db = tsql_sql.fold(table.db) if table.db else None
    return None if db == "dbo" else db


def _output_types(query: exp.Expression, columns: dict[str, str]) -> dict[str, str]:
    out = {}
    if isinstance(query, exp.Select):
        ctx = tsql_sql.Context(None, None, columns=columns)   # type: ignore[arg-type]
        for item in query.expressions:
            kind = tsql_sql._type_of(item.this if isinstance(item, exp.Alias) else item, ctx)
            if kind and item.alias_or_name:
                out[item.alias_or_name] = "text" if kind == "text" else kind
    return out


def _top_all(view: View) -> None:
    """TOP 100 PERCENT ... ORDER BY in a view returns every row (SQL Server does not keep the order either):
    the TOP is dropped."""
    for select in view.query.find_all(exp.Select):
        limit = select.args.get("limit")
        if isinstance(limit, exp.Limit) and tsql_sql.limit_option(limit, "percent") and \
                isinstance(limit.expression, exp.Literal) and limit.expression.this == "100":
            select.set("limit", None)
            fire(view, "MS209", view.span, "TOP 100 PERCENT is dropped (every row; a view has no order)")


def convert_data(conversion: Conversion) -> None:
    """Data statements, converted with the types of the table they write: BIT literals as SQL Server stores them
    (MS101), under IDENTITY_INSERT marked for OVERRIDING SYSTEM VALUE."""
    tables = _tables(conversion)
    for stmt in conversion.data_statements:
        if not getattr(stmt, "tsql_raw", False) or stmt.tree is None:
            continue
        stmt.tsql_raw = False                       # type: ignore[attr-defined]
        table = tables.get(stmt.table.key) if stmt.table is not None else None
        columns = _column_types([table] if table is not None else [])
        stmt.tree = tsql_sql.convert_tree(stmt.tree, stmt, stmt.span, context="data", columns=columns,
                                          ansi_nulls=getattr(stmt, "tsql_ansi_nulls", True),
                                          money=_money_columns([table] if table is not None else []))
        if isinstance(stmt.tree, exp.Insert) and table is not None:
            _insert_columns(stmt, table)
            _bit_values(stmt, table)


def _insert_columns(stmt: Statement, table: Table) -> None:
    """INSERT t VALUES (...) without a column list fills the columns SQL Server lets it fill: not the identity
    (unless IDENTITY_INSERT is on), computed or rowversion columns. PostgreSQL would fill every column in order,
    so the list is written out."""
    if isinstance(stmt.tree.this, exp.Schema):
        return
    skipped = [c for c in table.columns if c.generated is not None or c.type.name in ("ROWVERSION", "TIMESTAMP")
               or (c.identity is not None and not getattr(stmt, "tsql_identity_insert", False))]
    if not skipped:
        return
    names = [exp.to_identifier(c.name) for c in table.columns if c not in skipped]
    stmt.tree.set("this", exp.Schema(this=stmt.tree.this, expressions=names))


def _bit_values(stmt: Statement, table: Table) -> None:
    target = stmt.tree.this
    names = [e.name for e in target.expressions] if isinstance(target, exp.Schema) else [c.name for c in table.columns]
    bits = {c.name for c in table.columns if c.type.name == "BIT"}
    values = stmt.tree.expression
    if not bits or not isinstance(values, exp.Values):
        return
    for row in values.expressions:
        for n, value in enumerate(row.expressions):
            if n < len(names) and names[n] in bits:
                fixed = tsql_sql.bit_value(value)
                if fixed is not None and fixed.this != value.this:
                    value.replace(fixed)


def unique_index_names(conversion: Conversion) -> None:
    """Index names made unique per schema (MS207; converter.schema_rules.unique_index_names)."""
    schema_rules.unique_index_names(conversion, "MS207")


def check_calls(conversion: Conversion) -> None:
    """A call of a function of the scripts that converted is written with the function's PostgreSQL name (dbo
    dropped, folded); a call of one that did not leaves its caller out; a call of a function that is neither a
    known T-SQL built-in nor a routine of the scripts is MS398."""
    routines = {o.name.name: o for o in conversion.objects if isinstance(o, CodeObject)}
    for obj in conversion.objects:
        calls = obj.__dict__.pop("tsql_unknown_calls", [])
        if isinstance(obj, View) and obj.query is not None:
            _routine_calls(obj.query, routines)
        for name, label, span in calls:
            routine = routines.get(name.split(".")[-1])
            if routine is not None and getattr(routine, "tsql_sql", None) is not None:
                continue
            if routine is not None:
                fire(obj, "MS398", span, f"{label}: calls {routine.label} ({routine.span.file}:{routine.span.line}), "
                                         "which is not converted", Effort.MANUAL)
            else:
                fire(obj, "MS398", span, f"{label}: this T-SQL function has no conversion that keeps its meaning "
                                         "on PostgreSQL", Effort.MANUAL)


def _routine_calls(tree: exp.Expression, routines: dict[str, CodeObject]) -> None:
    """dbo.f(x) and F(x) of a converted function f: f(x) (schema.f(x) for a function in another schema)."""
    for call in list(tree.find_all(exp.Anonymous)):
        routine = routines.get(tsql_sql.fold(call.name))
        if routine is None or getattr(routine, "tsql_sql", None) is None:
            continue
        parent = call.parent
        new = exp.Anonymous(this=exp.to_identifier(routine.name.name), expressions=list(call.expressions))
        if routine.name.schema is not None:
            new = exp.Dot(this=exp.to_identifier(routine.name.schema), expression=new)
        if isinstance(parent, exp.Dot) and parent.expression is call:
            parent.replace(new)
        else:
            call.replace(new)


def convert_routines(conversion: Conversion) -> None:
    """Procedures, functions and triggers to PL/pgSQL (converter.emit.tsql_plpgsql, rules MS401-MS449).

    tsql_ddl marks every routine MS012; one that converts loses that finding and keeps its PL/pgSQL until
    rendering (`_routine_sql`); one that does not gets a MANUAL finding with the construct, its line and the
    reason. All units are parsed and planned first, so that a call knows what its callee became.
    """
    from sct.converter.dialects import pg_types
    from sct.converter.emit import tsql_plpgsql as emit
    from sct.converter.procedural_tsql import build_tsql_unit, parse_tsql_routine

    catalog = emit.Catalog(result_sets=getattr(conversion, "tsql_result_sets", "table"))
    context = getattr(conversion, "tsql_context", None)
    catalog.aliases = {k.lower(): v for k, v in getattr(context, "aliases", {}).items()}
    tables = [o for o in conversion.objects if isinstance(o, Table)]
    for table in tables:
        columns = {c.name: pg_types.base_type(c.type.target) for c in table.columns}
        catalog.relations[_relation_key(table.name)] = columns
        for column in table.columns:
            if column.identity is not None:
                catalog.identities[_relation_key(table.name)] = (table.name, column.name)
        skipped = [c for c in table.columns if c.generated is not None or c.identity is not None
                   or c.type.name in ("ROWVERSION", "TIMESTAMP")]
        if skipped:
            catalog.implicit[_relation_key(table.name)] = [c.name for c in table.columns if c not in skipped]
    catalog.column_types = _column_types(tables)
    catalog.money = _money_columns(tables)
    views = [o for o in conversion.objects if isinstance(o, View) and o.query is not None]
    catalog.views = {_relation_key(v.name) for v in views}
    for _ in range(3):                  # views of views
        for view in views:
            types = pg_types.output_types(view.query, catalog.relations)
            if types is not None:
                catalog.relations[_relation_key(view.name)] = dict(types)
    units: list[tuple[CodeObject, object]] = []
    for obj in conversion.objects:
        if not isinstance(obj, CodeObject) or not obj.source_text:
            continue
        result = parse_tsql_routine(obj.source_text, obj.span.file, obj.span.line - 1)
        if not result.ok:
            first = result.errors[0]
            obj.findings[:] = [f for f in obj.findings if f.rule_id != "MS012"]
            fire(obj, "MS012", first.span, f"not converted: cannot parse it ({first.message})", Effort.MANUAL)
            continue
        unit = build_tsql_unit(result)
        try:
            catalog.signatures[obj.name.name] = emit.plan_unit(obj, unit, catalog)
        except emit.NotConverted as e:
            obj.findings[:] = [f for f in obj.findings if f.rule_id != "MS012"]
            fire(obj, e.rule, Span(obj.span.file, e.where.line, e.where.column), f"not converted: {e.message}",
                 Effort.MANUAL)
            continue
        units.append((obj, unit))
    for obj, unit in units:
        generic = [f for f in obj.findings if f.rule_id == "MS012"]
        before = [f for f in obj.findings if f not in generic]
        obj.findings[:] = list(before)
        catalog.ansi_nulls = getattr(obj, "tsql_ansi_nulls", True)
        try:
            obj.tsql_sql = emit.emit_unit(obj, unit, catalog)      # type: ignore[attr-defined]
        except emit.NotConverted as e:      # only the reason stays, not the notes of a partial conversion
            obj.findings[:] = before
            obj.__dict__.pop("tsql_unknown_calls", None)
            fire(obj, e.rule, Span(obj.span.file, e.where.line, e.where.column), f"not converted: {e.message}",
                 Effort.MANUAL)
            obj.depends_on.clear()
        except Exception as e:      # noqa: BLE001 - a gap in the converter must not stop the rest of the conversion
            obj.findings[:] = before
            fire(obj, "MS012", obj.span, f"not converted: the converter failed on it ({type(e).__name__}: "
                                         f"{str(e)[:200]})", Effort.MANUAL)
            obj.__dict__.pop("tsql_unknown_calls", None)
            obj.depends_on.clear()
        else:
            obj.depends_on[:] = list(dict.fromkeys(obj.depends_on))


def _relation_key(name: QName) -> str:
    return name.name if name.schema is None else f"{name.schema}.{name.name}"


def _routine_sql(conversion: Conversion) -> None:
    """The PL/pgSQL of the routines `convert_routines` converted (render_objects has no printer for T-SQL units)."""
    for obj in conversion.objects:
        sql = getattr(obj, "tsql_sql", None)
        if isinstance(obj, CodeObject) and sql is not None and obj.emitted:
            obj.target_sql = sql


STEPS = [convert_views, convert_data, unique_index_names, convert_routines, check_calls]


# --- after rendering: what the shared emitter has no form for ----------------------------------------------

def _render_indexes(conversion: Conversion) -> None:
    for index in conversion.objects:
        if not isinstance(index, Index) or index.target_sql is None:
            continue
        include = getattr(index, "include", None)
        where = getattr(index, "where", None)
        if not include and where is None:
            continue
        sql = index.target_sql.rstrip(";")
        if include:
            sql += " INCLUDE (" + ", ".join(quote_ident(n) for n in include) + ")"
        if where is not None:
            sql += " WHERE " + to_sql(where)
        index.target_sql = sql + ";"


def _render_data(conversion: Conversion) -> None:
    """INSERT under IDENTITY_INSERT: OVERRIDING SYSTEM VALUE; [NO]CHECK CONSTRAINT: DROP / ADD ... NOT VALID."""
    from sct.converter.emit import postgres

    for stmt in conversion.data_statements:
        if getattr(stmt, "tsql_identity_insert", False) and stmt.target_sql is not None and \
                isinstance(stmt.tree, exp.Insert) and stmt.tree.expression is not None:
            tree = stmt.tree
            stmt.target_sql = (f"INSERT INTO {to_sql(tree.this)} OVERRIDING SYSTEM VALUE "
                               f"{to_sql(tree.expression)};")
    tables = _tables(conversion)
    fks = [o for o in conversion.objects if isinstance(o, ForeignKey)]
    for stmt in conversion.data_statements:
        toggle = getattr(stmt, "tsql_toggle", None)
        if toggle is None:
            continue
        table = tables.get(toggle.table.key)
        if table is None or table.target_sql is None:
            fire(stmt, "MS206", stmt.span, f"ALTER TABLE {toggle.table}: the table is not in the target",
                 Effort.MANUAL)
            continue
        targets = [(fk.constraint, fk) for fk in fks if fk.table.key == table.name.key and fk.target_sql is not None]
        targets += [(c, table) for c in table.constraints if c.kind == "check" and c.name and c.check is not None]
        if toggle.names is not None:
            targets = [(c, owner) for c, owner in targets if c.name in toggle.names]
        lines = []
        name = quote_ident(table.name.name) if table.name.schema is None else \
            f"{quote_ident(table.name.schema)}.{quote_ident(table.name.name)}"
        for constraint, owner in targets:
            if toggle.enable:
                sql = f"ALTER TABLE {name} ADD {postgres._constraint_sql(owner, constraint)}"
                lines.append(sql + ("" if toggle.validate else " NOT VALID") + ";")
            else:
                lines.append(f"ALTER TABLE {name} DROP CONSTRAINT {quote_ident(constraint.name)};")
        what = "ALL" if toggle.names is None else ", ".join(toggle.names)
        if toggle.enable:
            fire(stmt, "MS206", stmt.span, f"CHECK CONSTRAINT {what}: the constraints are added back "
                 + ("and the rows are checked" if toggle.validate else
                    "NOT VALID (rows loaded while they were off are not checked, as in SQL Server; "
                    "VALIDATE CONSTRAINT checks them)"))
        else:
            fire(stmt, "MS206", stmt.span, f"NOCHECK CONSTRAINT {what}: the constraints are dropped for the load "
                                           "(PostgreSQL cannot switch one off)")
        stmt.target_sql = "\n".join(lines) if lines else f"-- {sql_string(' '.join(stmt.source_text.split()))}"
