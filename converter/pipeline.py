"""`sct convert` as a visible list of steps: read scripts, parse statements, assemble objects, apply the
object-level rules, order by dependencies, emit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sct.converter import script as scripts
from sct.converter.dialects import oracle_ddl
from sct.converter.dialects.oracle_ddl import CommentOn, Skipped, TableChange, TriggerState
from sct.converter.findings import Collector, fire
from sct.converter.ir import (
    CodeObject,
    Constraint,
    Finding,
    ForeignKey,
    Grant,
    QName,
    SchemaObject,
    Statement,
    Synonym,
    Table,
    Unparsed,
    View,
)
from sct.errors import InputError

SOURCES = ("oracle", "mysql", "sqlserver")
TARGETS = ("postgres",)


@dataclass
class Conversion:
    """Everything `sct convert` produced: the objects (in source order) and the script-level findings."""

    source: str
    target: str
    files: list[str]
    objects: list[SchemaObject]
    script_findings: list[Finding] = field(default_factory=list)
    ordered: list[SchemaObject] = field(default_factory=list)     # schema objects in emission order

    @property
    def schema_objects(self) -> list[SchemaObject]:
        return [o for o in self.objects if not isinstance(o, Statement)]

    @property
    def data_statements(self) -> list[Statement]:
        return [o for o in self.objects if isinstance(o, Statement)]

    @property
    def blocks(self) -> list[CodeObject]:
        """Anonymous PL/SQL blocks: report objects whose DO block runs in data.sql (OR427)."""
        return [o for o in self.objects if isinstance(o, CodeObject) and o.is_block]

    @property
    def data_items(self) -> list[Statement | CodeObject]:
        """What data.sql runs, in source order: data statements and anonymous blocks."""
        return [o for o in self.objects if isinstance(o, Statement) or (isinstance(o, CodeObject) and o.is_block)]


def check_dialects(source: str, target: str) -> None:
    if source not in SOURCES:
        raise InputError(f"unknown source dialect {source!r}; supported: {', '.join(SOURCES)}")
    if target not in TARGETS:
        raise InputError(f"unknown target dialect {target!r}; supported: {', '.join(TARGETS)}")


def convert_paths(paths: list[Path], source: str = "oracle", target: str = "postgres", encoding: str = "utf-8",
                  install_order: Path | None = None, defines: dict[str, str] | None = None,
                  result_sets: str = "table") -> Conversion:
    check_dialects(source, target)
    if source == "mysql":
        from sct.converter import mysql_script

        return convert_script(mysql_script.read_mysql_scripts(paths, encoding=encoding), source, target)
    if source == "sqlserver":
        from sct.converter import tsql_script

        return convert_script(tsql_script.read_tsql_scripts(paths, encoding=encoding), source, target,
                              result_sets=result_sets)
    script = scripts.read_scripts(paths, encoding=encoding, install_order=install_order, defines=defines)
    return convert_script(script, source, target)


def convert_text(text: str, file: str = "<string>", source: str = "oracle", target: str = "postgres",
                 result_sets: str = "table") -> Conversion:
    check_dialects(source, target)
    if source == "mysql":
        from sct.converter import mysql_script

        return convert_script(mysql_script.read_mysql_script_text(text, file), source, target)
    if source == "sqlserver":
        from sct.converter import tsql_script

        return convert_script(tsql_script.read_tsql_script_text(text, file), source, target, result_sets=result_sets)
    return convert_script(scripts.read_script_text(text, file), source, target)


def convert_script(script: scripts.Script, source: str, target: str, result_sets: str = "table") -> Conversion:
    """`result_sets` (SQL Server): a procedure's result set becomes RETURNS TABLE ("table") or an INOUT
    refcursor ("refcursor")."""
    from sct.converter import compat, graph, packages
    from sct.converter.emit import postgres

    if source == "mysql":                   # its own reading and object steps (converter.mysql_pipeline)
        from sct.converter import mysql_pipeline

        return mysql_pipeline.convert(script, source, target)
    if source == "sqlserver":              # converter.tsql_pipeline
        from sct.converter import tsql_pipeline

        return tsql_pipeline.convert(script, source, target, result_sets=result_sets)
    notes = Collector()
    notes.findings.extend(script.findings.findings)
    parsed: list = []
    for statement in script.statements:
        if statement.kind == "sqlplus":
            continue
        parsed.extend(oracle_ddl.parse_statement(statement.text, statement.span, statement.kind))
    conversion = Conversion(source, target, list(script.files), assemble(parsed, notes), notes.findings)
    for step in _object_steps():
        step(conversion)
    postgres.render_objects(conversion)
    packages.collapsed_overloads(conversion)
    graph.block_dependents(conversion)
    conversion.ordered = graph.order(conversion)
    compat.attach(conversion)               # the sct_oracle functions the output calls, first
    return conversion


# --- assembling ALTER TABLE, COMMENT and constraints into objects ------------------------------------------

class _Catalog:
    """Objects by kind and name as the script defines them, for resolving later statements."""

    def __init__(self) -> None:
        self.relations: dict[str, SchemaObject] = {}

    def find(self, name: QName) -> SchemaObject | None:
        found = self.relations.get(name.key)
        if found is None and name.schema is not None:
            found = self.relations.get(name.name)
        return found


def assemble(parsed: list, notes: Collector) -> list[SchemaObject]:
    """Apply table changes and comments to the objects they name; split foreign keys out of tables."""
    out: list[SchemaObject] = []
    catalog = _Catalog()
    constraint_defs: dict[tuple[str, str], tuple[Table, Constraint]] = {}

    def add_fk(table: Table, constraint: Constraint) -> None:
        name = constraint.name or f"{table.name.name}_{'_'.join(constraint.columns)}_fkey"
        fk = ForeignKey(name=QName(table.name.schema, name), span=constraint.span,
                        source_text=table.source_text, table=table.name, constraint=constraint)
        fk.constraint.name = name
        out.append(fk)
        constraint_defs[(table.name.key, name)] = (table, constraint)

    def add_constraint(table: Table, constraint: Constraint) -> None:
        if constraint.kind == "foreign":
            add_fk(table, constraint)
        else:
            table.constraints.append(constraint)
            if constraint.name:
                constraint_defs[(table.name.key, constraint.name)] = (table, constraint)

    for item in parsed:
        if isinstance(item, Table):
            if catalog.find(item.name) is not None and item.name.key in catalog.relations:
                _duplicate(item, catalog.relations[item.name.key], out)
                continue
            inline = list(item.constraints)
            item.constraints = []
            catalog.relations[item.name.key] = item
            out.append(item)
            for constraint in inline:
                add_constraint(item, constraint)
        elif isinstance(item, (View, Synonym)):
            previous = catalog.relations.get(item.name.key)
            if previous is not None and type(previous) is type(item):
                out.remove(previous)                  # CREATE OR REPLACE: the later definition wins
            elif previous is not None:
                _duplicate(item, previous, out)
                continue
            catalog.relations[item.name.key] = item
            out.append(item)
        elif isinstance(item, TableChange):
            _apply_change(item, catalog, out, add_constraint, constraint_defs)
        elif isinstance(item, CommentOn):
            _apply_comment(item, catalog, out)
        elif isinstance(item, TriggerState):
            trigger = next((o for o in reversed(out) if isinstance(o, CodeObject) and o.code_kind == "trigger"
                            and o.name.name == item.trigger.name), None)
            if trigger is None:
                notes.fire("OR011", item.span, "ALTER TRIGGER statement is not carried into the target schema")
            else:
                trigger.enabled = item.enable
        elif isinstance(item, Skipped):
            notes.fire("OR011", item.span, f"{item.verb} statement is not carried into the target schema")
        elif isinstance(item, Grant):
            fire(item, "OR227", item.span)
            out.append(item)
        else:
            out.append(item)
    return out


def _duplicate(item: SchemaObject, previous: SchemaObject, out: list[SchemaObject]) -> None:
    dup = Unparsed(name=item.name, span=item.span, source_text=item.source_text)
    fire(dup, "OR013", item.span, f"{item.kind} {item.name} is already defined at {previous.span}; "
                                  "this second definition is left out")
    out.append(dup)


def _orphan(item, out: list[SchemaObject], what: str) -> None:
    obj = Unparsed(name=item.table if hasattr(item, "table") else item.target, span=item.span,
                   source_text=item.source_text)
    fire(obj, "OR013", item.span, what)
    out.append(obj)


def _apply_change(change: TableChange, catalog: _Catalog, out: list[SchemaObject],
                  add_constraint: Callable[[Table, Constraint], None],
                  constraint_defs: dict[tuple[str, str], tuple[Table, Constraint]]) -> None:
    table = catalog.find(change.table)
    if not isinstance(table, Table):
        _orphan(change, out, f"ALTER TABLE {change.table}: the scripts do not create this table")
        return
    for finding in change.findings:
        if finding not in table.findings:
            table.findings.append(finding)
    if change.toggle_constraint is not None:
        name, enable = change.toggle_constraint
        known = constraint_defs.get((table.name.key, name))
        stmt = Statement(name=QName(table.name.schema, name), span=change.span, source_text=change.source_text,
                         verb="enable_constraint" if enable else "disable_constraint", table=table.name)
        if known is None:
            fire(stmt, "OR013", change.span, f"constraint {name} of {table.name} is not defined in the scripts")
        else:
            stmt.constraint = known[1]
            fire(stmt, "OR228", change.span)
        out.append(stmt)
        return
    if change.unsupported:
        fire(table, "OR013", change.span, f"ALTER TABLE {table.name} {change.unsupported} is not converted",
             effort=None)
    for column in change.add_columns:
        table.columns.append(column)
    for constraint in change.add_constraints:
        if constraint.kind in ("not_null", "state"):
            continue
        add_constraint(table, constraint)
    for name, changes in change.modify_columns:
        column = table.column(name)
        if column is None:
            fire(table, "OR013", change.span, f"ALTER TABLE MODIFY {name}: no such column in {table.name}")
            continue
        if "type" in changes:
            column.type = changes["type"]
        if "default" in changes:
            column.default = changes["default"]
        if "not_null" in changes:
            column.not_null = changes["not_null"]
        if "generated" in changes:
            column.generated = changes["generated"]
        if "identity" in changes:
            new = changes["identity"]
            if column.identity is None:
                column.identity = new
            else:                               # e.g. START WITH LIMIT VALUE after a load: data.sql resyncs
                column.identity.options.update({k: v for k, v in new.options.items() if k != "start"})
                if new.options.get("start") == "LIMIT VALUE":
                    fire(table, "OR204", change.span, f"ALTER TABLE {table.name} MODIFY {name} ... START WITH "
                                                      "LIMIT VALUE: data.sql moves the identity past the loaded "
                                                      "rows (setval to max)")
    for name in change.drop_columns:
        table.columns = [c for c in table.columns if c.name != name]
    if change.rename_column:
        old, new = change.rename_column
        column = table.column(old)
        if column is not None:
            column.name = new
    if change.drop_constraint:
        table.constraints = [c for c in table.constraints if c.name != change.drop_constraint]
        for obj in list(out):
            if isinstance(obj, ForeignKey) and obj.table == table.name and obj.name.name == change.drop_constraint:
                out.remove(obj)


def _apply_comment(comment: CommentOn, catalog: _Catalog, out: list[SchemaObject]) -> None:
    target = catalog.find(comment.target)
    if isinstance(target, Table):
        if comment.column is None:
            target.comment = comment.text
            return
        column = target.column(comment.column)
        if column is not None:
            column.comment = comment.text
            return
    elif isinstance(target, View):
        if comment.column is None:
            target.comment = comment.text
            return
        if comment.column in target.columns or not target.columns:
            target.column_comments[comment.column] = comment.text
            return
    what = f"column {comment.target}.{comment.column}" if comment.column else f"{comment.target_kind} {comment.target}"
    _orphan(comment, out, f"COMMENT ON {what}: the scripts do not create it")


# --- object-level rules, run after assembly ----------------------------------------------------------------

def _object_steps() -> list[Callable[[Conversion], None]]:
    from sct.converter import packages
    from sct.converter import schema_rules as r

    return [r.resolve_own_schema, r.map_column_types, r.convert_constructors, r.align_foreign_key_types, r.absorb_constraint_indexes, r.check_constraints, r.check_empty_strings,
            r.check_sequences, r.check_views, r.resolve_synonyms, r.check_relation_names, packages.link_packages,
            r.check_definer_rights]
