"""`sct convert --from mysql`: the MySQL/MariaDB steps around the shared pipeline (converter.pipeline).

Read (converter.mysql_script), parse (converter.dialects.mysql_ddl), assemble (the shared `assemble`), then the
steps below, which need the whole script: index names made unique per schema (MY209), stored programs to PL/pgSQL
(converter.emit.mysql_plpgsql, MY401-MY416), views that call programs left out unconverted (MY016), data
statements resolved against the tables they write (ON CONFLICT keys, zero dates, BIT and hex literals: MY321-MY324,
MY121, MY122), and after rendering, the converted programs' PL/pgSQL and ON UPDATE CURRENT_TIMESTAMP triggers
(MY202). Then the shared dependency graph orders everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlglot import exp

from sct.converter import schema_rules
from sct.converter.dialects import mysql_ddl
from sct.converter.dialects.oracle_ddl import Skipped
from sct.converter.findings import Collector, fire
from sct.converter.ir import CodeObject, Effort, Span, Statement, Table, View
from sct.converter.names import PG_MAX_IDENT, quote_ident

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion
    from sct.converter.script import Script

# Data conversion options: what a zero date ('0000-00-00') in data becomes. "report": the row is left out of
# data.sql and reported (MY121); "null": the value becomes NULL (and that is reported).
ZERO_DATES = ("report", "null")


def convert(script: Script, source: str, target: str, zero_dates: str = "report") -> Conversion:
    from sct.converter import graph
    from sct.converter.emit import postgres
    from sct.converter.pipeline import Conversion, assemble

    notes = Collector()
    notes.findings.extend(script.findings.findings)
    parsed: list = []
    for statement in script.statements:
        if statement.kind == "client":
            continue
        parsed.extend(mysql_ddl.parse_statement(statement.text, statement.span, statement.kind))
    parsed = _skip(parsed, notes)
    conversion = Conversion(source, target, list(script.files), assemble(parsed, notes), notes.findings)
    for step in STEPS:
        step(conversion)
    _convert_data(conversion, zero_dates)
    postgres.render_objects(conversion)
    _program_sql(conversion)
    _on_update_triggers(conversion)
    graph.block_dependents(conversion)
    conversion.ordered = graph.order(conversion)
    return conversion


def _skip(parsed: list, notes: Collector) -> list:
    """Statements that do not belong in a target schema: one MY011 finding per kind, with a count.

    mysqldump (before 8.0) writes a placeholder table for each view, drops it and creates the view later: a table
    that a later view of the same name replaces is such a placeholder, and is skipped too.
    """
    views = {item.name.key: n for n, item in enumerate(parsed) if isinstance(item, View)}
    placeholders = {id(item) for n, item in enumerate(parsed)
                    if isinstance(item, Table) and views.get(item.name.key, -1) > n}
    parsed = [Skipped("CREATE TABLE (mysqldump's placeholder for a view)", item.span, item.source_text)
              if id(item) in placeholders else item for item in parsed]
    counts: dict[str, list] = {}
    out = []
    for item in parsed:
        if isinstance(item, Skipped):
            counts.setdefault(item.verb, []).append(item.span)
        else:
            out.append(item)
    for verb, spans in counts.items():
        more = f" ({len(spans)} statements, the first here)" if len(spans) > 1 else ""
        notes.fire("MY011", spans[0], f"{verb} is not carried into the target schema{more}")
    return out


# --- object steps ------------------------------------------------------------------------------------------

def unique_index_names(conversion: Conversion) -> None:
    """Index names made unique per schema (MY209; converter.schema_rules.unique_index_names)."""
    schema_rules.unique_index_names(conversion, "MY209")


def block_program_callers(conversion: Conversion) -> None:
    """A view that calls a stored function of the scripts cannot be created while the function is not (MY016)."""
    programs = {o.name.name: o for o in conversion.objects if isinstance(o, CodeObject)}
    if not programs:
        return
    for view in conversion.objects:
        if not isinstance(view, View) or view.query is None:
            continue
        for call in view.query.find_all(exp.Anonymous):
            program = programs.get(call.name.lower())
            if program is not None and not program.emitted:
                fire(view, "MY016", view.span, f"calls {program.label} ({program.span.file}:{program.span.line}), "
                                               "which is not converted")
                break


def check_unknown_functions(conversion: Conversion) -> None:
    """MY398 for a call of a function that is neither a MySQL built-in the rewriter knows nor a stored function
    of the scripts (converter.dialects.mysql_sql.audit_functions noted the names)."""
    programs = {o.name.name for o in conversion.objects if isinstance(o, CodeObject)}
    for obj in conversion.objects:
        for name, label, span in obj.__dict__.pop("mysql_unknown_calls", []):
            if name not in programs:
                fire(obj, "MY398", span, f"{label}: this MySQL function has no conversion that keeps its meaning "
                                         "on PostgreSQL", Effort.MANUAL)


def convert_programs(conversion: Conversion) -> None:
    """Procedures, functions and triggers to PL/pgSQL (converter.emit.mysql_plpgsql, rules MY401-MY449).

    mysql_ddl marks every stored program MY012; a program that converts loses that finding and keeps its
    PL/pgSQL until rendering (`_program_sql`); one that does not gets the MANUAL finding naming the construct, its
    line and the reason. A program with syntax errors keeps MY012 with the first error.
    """
    from sct.converter.emit import mysql_plpgsql
    from sct.converter.ir import mysql_proc as ir_mysql
    from sct.converter.procedural_mysql import build_mysql_unit, parse_mysql_routine

    triggers: dict[tuple[str, str, str], list[tuple[CodeObject, str]]] = {}
    for obj in conversion.objects:
        if not isinstance(obj, CodeObject) or obj.code_kind == "anonymous_block" or not obj.source_text:
            continue
        result = parse_mysql_routine(obj.source_text, obj.span.file, obj.span.line - 1)
        generic = [f for f in obj.findings if f.rule_id == "MY012"]
        if not result.ok:
            first = result.errors[0]
            obj.findings[:] = [f for f in obj.findings if f.rule_id != "MY012"]
            fire(obj, "MY012", first.span, f"not converted: cannot parse it ({first.message})")
            continue
        unit = build_mysql_unit(result)
        before = list(obj.findings)
        obj.findings[:] = [f for f in obj.findings if f not in generic]
        try:
            sql = mysql_plpgsql.emit_program(obj, unit)
        except mysql_plpgsql.NotConverted as e:     # only the reason stays, not the notes of a partial conversion
            obj.findings[:] = [f for f in before if f not in generic]
            fire(obj, e.rule, Span(obj.span.file, e.where.line, e.where.column), f"not converted: {e.message}",
                 Effort.MANUAL)
            continue
        except Exception as e:      # a gap in the converter must not stop the rest of the conversion
            obj.findings[:] = [f for f in before if f not in generic]
            fire(obj, "MY012", obj.span, f"not converted: the converter failed on it ({type(e).__name__}: "
                                         f"{str(e)[:200]})")
            continue
        obj.mysql_sql = sql
        if isinstance(unit, ir_mysql.Trigger):
            triggers.setdefault((unit.table.lower(), unit.timing, unit.event), []).append((obj, unit.name.lower()))
    for group in triggers.values():     # MySQL fires in creation order, PostgreSQL in name order
        names = [name for _, name in group]
        if names != sorted(names):
            for obj, _ in group:
                fire(obj, "MY413", obj.span, f"{', '.join(names)} fire in this order in MySQL (creation order) and "
                                             "in name order in PostgreSQL: rename them to keep the order",
                     Effort.REVIEW)


def _program_sql(conversion: Conversion) -> None:
    """The PL/pgSQL of the programs `convert_programs` converted (render_objects has no printer for MySQL units)."""
    for obj in conversion.objects:
        sql = getattr(obj, "mysql_sql", None)
        if isinstance(obj, CodeObject) and sql is not None and obj.emitted:
            obj.target_sql = sql


# --- comparisons MySQL makes by implicit conversion (MY327) ------------------------------------------------

_CHARACTER = ("CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET")
_NUMERIC = ("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT", "DECIMAL", "NUMERIC", "DEC", "FIXED",
            "FLOAT", "DOUBLE", "REAL", "BIT", "BOOL", "BOOLEAN", "YEAR")
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ)
_NUMBER_TEXT = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def check_implicit_comparisons(conversion: Conversion) -> None:
    """MY327: a view compares a character column with a number, or a numeric column with text that is not a
    number. MySQL converts both sides to numbers ('05' = 5 and 'abc' = 0 are true); PostgreSQL has no
    varchar = integer operator, and reads '5abc' as an invalid integer. The view is left out: which comparison
    is meant is the author's choice."""
    tables = {o.name.name: o for o in conversion.objects if isinstance(o, Table)}
    for view in [o for o in conversion.objects if isinstance(o, View) and o.query is not None]:
        for select in view.query.find_all(exp.Select):
            sources = _select_tables(select, tables)
            for node in select.find_all(*_COMPARISONS):
                if node.find_ancestor(exp.Select) is not select:
                    continue
                problem = _mixed_comparison(node, sources)
                if problem is not None:
                    fire(view, "MY327", view.span, problem, Effort.MANUAL)


def _select_tables(select: exp.Select, tables: dict[str, Table]) -> dict[str, Table]:
    """Alias (or name) -> table for the FROM and JOIN items of one SELECT that name a table of the scripts."""
    found = {}
    for item in [select.args.get("from_") or select.args.get("from"), *select.args.get("joins", [])]:
        if item is None:
            continue
        for table in item.find_all(exp.Table):
            if table.find_ancestor(exp.Select) is not select or table.name not in tables:
                continue
            found[table.alias_or_name] = tables[table.name]
    return found


def _column_type(node: exp.Expression, sources: dict[str, Table]) -> str | None:
    if not isinstance(node, exp.Column):
        return None
    candidates = [sources[node.table]] if node.table in sources else [] if node.table else list(sources.values())
    types = {c.type.name.upper() for t in candidates if (c := t.column(node.name)) is not None}
    return types.pop() if len(types) == 1 else None


def _mixed_comparison(node: exp.Expression, sources: dict[str, Table]) -> str | None:
    for column, other in ((node.this, node.expression), (node.expression, node.this)):
        kind = _column_type(column, sources)
        if kind is None or not isinstance(other, exp.Literal):
            continue
        if kind in _CHARACTER and not other.is_string:
            return (f"{node.sql()}: MySQL compares the {kind} column {column.name} with the number {other.this} as "
                    "numbers ('05' = 5 and ' 5x' = 5 are true there); PostgreSQL has no such comparison. Write "
                    f"{column.name} = '{other.this}' (text) or CAST({column.name} AS numeric) = {other.this} "
                    "(every value must then be a number)")
        if kind in _NUMERIC and other.is_string and not _NUMBER_TEXT.fullmatch(other.this):
            return (f"{node.sql()}: MySQL reads the text '{other.this}' as the number its leading digits give "
                    f"(or 0) to compare it with the {kind} column {column.name}; PostgreSQL rejects it as an "
                    "invalid number. Write the number meant")
    return None


STEPS: list[Callable[[Conversion], None]] = [unique_index_names, convert_programs, check_unknown_functions,
                                             block_program_callers, check_implicit_comparisons]


# --- data statements ---------------------------------------------------------------------------------------

_ZERO = re.compile(r"\s*(0000-\d\d-\d\d|\d{4}-00-\d\d|\d{4}-\d\d-00)")


def _convert_data(conversion: Conversion, zero_dates: str) -> None:
    tables = {o.name.key: o for o in conversion.objects if isinstance(o, Table)}
    for stmt in conversion.data_statements:
        if stmt.tree is None or not isinstance(stmt.tree, exp.Insert):
            continue
        table = tables.get(stmt.table.key) if stmt.table is not None else None
        columns = _insert_columns(stmt.tree, table)
        if table is not None and columns is not None:
            _values(stmt, table, columns, zero_dates)
        if stmt.tree is not None:
            _conflicts(stmt, table, columns)


def _insert_columns(tree: exp.Insert, table: Table | None) -> list[str] | None:
    target = tree.this
    if isinstance(target, exp.Schema):
        return [e.name for e in target.expressions]
    return [c.name for c in table.columns] if table is not None else None


def _values(stmt: Statement, table: Table, columns: list[str], zero_dates: str) -> None:
    values = stmt.tree.expression
    if not isinstance(values, exp.Values):
        return
    kinds = {c.name: (c.type.target or "") for c in table.columns}
    kept = []
    reported: dict[str, int] = {}
    reason = "MY121"
    for row in values.expressions:
        drop = False
        for n, value in enumerate(row.expressions):
            if n >= len(columns):
                break
            kind = kinds.get(columns[n], "")
            if isinstance(value, exp.Literal) and value.is_string:
                if kind.startswith(("date", "timestamp")) and _ZERO.match(value.this):
                    reported[columns[n]] = reported.get(columns[n], 0) + 1
                    if zero_dates == "null":
                        row.expressions[n].replace(exp.Null())
                    else:
                        drop = True
                elif "\x00" in value.this and not kind.startswith("bytea"):
                    fire(stmt, "MY122", stmt.span, f"column {columns[n]}: a NUL character cannot be stored in "
                                                   "PostgreSQL text; the row is left out")
                    drop = True
                    reason = "MY122"
                elif kind == "bytea":
                    value.replace(_bytea_cast(value.this.encode("utf-8")))
            elif isinstance(value, exp.BitString) and kind.startswith("bit("):
                width = int(kind[4:-1])
                value.set("this", value.this.lstrip("0").zfill(width)[-width:])
            elif isinstance(value, exp.Literal) and not value.is_string and kind.startswith("bit("):
                width = int(kind[4:-1])
                value.replace(exp.BitString(this=format(int(value.this), "b").zfill(width)[-width:]))
            elif isinstance(value, exp.Cast) and kind.startswith(("varchar", "char", "text")) and \
                    value.to.is_type("binary", "varbinary") and isinstance(value.this, exp.Literal):
                raw = bytes.fromhex(value.this.this[2:])
                try:
                    value.replace(exp.Literal.string(raw.decode("utf-8")))
                except UnicodeDecodeError:
                    pass
        if not drop:
            kept.append(row)
    for column, count in reported.items():
        what = ("the values become NULL" if zero_dates == "null" else "those rows are left out of data.sql")
        fire(stmt, "MY121", stmt.span, f"{table.name}.{column}: {count} zero dates ('0000-00-00'); {what}",
             effort=Effort.REVIEW)
    if len(kept) != len(values.expressions):
        if not kept:
            stmt.tree = None
            fire(stmt, reason, stmt.span, "every row of this INSERT is left out", effort=Effort.MANUAL)
            return
        values.set("expressions", kept)


def _bytea_cast(data: bytes) -> exp.Expression:
    return exp.Cast(this=exp.Literal.string("\\x" + data.hex()), to=exp.DataType.build("bytea"))


def _keys(table: Table) -> list[list[str]]:
    return [k.columns for k in table.constraints if k.kind in ("primary", "unique")]


def _conflicts(stmt: Statement, table: Table | None, columns: list[str] | None) -> None:
    tree = stmt.tree
    replace = bool(tree.args.get("sct_replace"))
    conflict = tree.args.get("conflict")
    if tree.args.get("ignore"):
        tree.set("ignore", None)
        tree.set("conflict", exp.OnConflict(action=exp.Var(this="DO NOTHING")))
        fire(stmt, "MY321")
        return
    if not replace and not (isinstance(conflict, exp.OnConflict) and conflict.args.get("duplicate")):
        return
    keys = [k for k in (_keys(table) if table is not None else []) if columns and set(k) <= set(columns)]
    what = "REPLACE" if replace else "ON DUPLICATE KEY UPDATE"
    if not keys:
        fire(stmt, "MY322" if replace else "MY323", stmt.span, f"{what}: no primary or unique key of "
                                                               f"{stmt.table} is among the inserted columns",
             effort=Effort.MANUAL)
        stmt.tree = None
        return
    key = keys[0]
    if replace:
        table_columns = [c.name for c in table.columns if c.generated is None]
        sets = [exp.EQ(this=exp.column(c), expression=(exp.column(c, table="excluded") if c in columns
                                                       else exp.Var(this="DEFAULT")))
                for c in table_columns if c not in key]
    else:
        sets = []
        for assignment in conflict.expressions:
            for call in list(assignment.find_all(exp.Anonymous)):
                if call.name.upper() == "VALUES" and call.expressions:
                    call.replace(exp.column(call.expressions[0].name, table="excluded"))
            sets.append(assignment)
    action = "DO UPDATE" if sets else "DO NOTHING"
    tree.set("conflict", exp.OnConflict(action=exp.Var(this=action), expressions=sets,
                                        conflict_keys=[exp.Ordered(this=exp.column(c), nulls_first=False)
                                                       for c in key]))
    others = [k for k in keys if k is not key]
    message = f"{what} becomes ON CONFLICT ({', '.join(key)}) {action}"
    if others:
        message += (f"; MySQL also acts on a duplicate of ({'), ('.join(', '.join(k) for k in others)}), which "
                    "PostgreSQL reports as an error")
    if replace:
        message += "; MySQL deletes and re-inserts the row (ON DELETE triggers and cascades fire), PostgreSQL updates it"
    fire(stmt, "MY322" if replace else "MY323", stmt.span, message,
         effort=Effort.REVIEW if others or replace else None)


# --- after rendering ---------------------------------------------------------------------------------------

def _on_update_triggers(conversion: Conversion) -> None:
    """ON UPDATE CURRENT_TIMESTAMP: a trigger sets the column when an UPDATE changes the row but not the column."""
    for table in conversion.objects:
        if not isinstance(table, Table) or table.target_sql is None:
            continue
        info = getattr(table, "mysql_columns", {})
        columns = [c for c in table.columns if info.get(c.name) is not None and info[c.name].on_update_now]
        if not columns:
            continue
        name = "_".join([table.name.name] + [c.name for c in columns])[:PG_MAX_IDENT - 10] + "_on_update"
        qualified = ".".join(quote_ident(p) for p in (table.name.schema, table.name.name) if p)
        function = ".".join(quote_ident(p) for p in (table.name.schema, name) if p)
        sets = "\n".join(f"        IF NEW.{quote_ident(c.name)} IS NOT DISTINCT FROM OLD.{quote_ident(c.name)} THEN\n"
                         f"            NEW.{quote_ident(c.name)} := CURRENT_TIMESTAMP;\n        END IF;"
                         for c in columns)
        sql = (f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
               f"    IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN\n{sets}\n    END IF;\n    RETURN NEW;\nEND;\n$$;\n"
               f"CREATE TRIGGER {quote_ident(name)} BEFORE UPDATE ON {qualified}\n"
               f"    FOR EACH ROW EXECUTE FUNCTION {function}();")
        table.target_sql += "\n" + sql
        for column in columns:
            fire(table, "MY202", column.span, f"column {column.name}: ON UPDATE CURRENT_TIMESTAMP becomes trigger "
                                              f"{name} (sets it when an UPDATE changes the row but not the column)")
