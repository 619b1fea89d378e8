"""The dependency graph: which object needs which, and the order that applies in one pass.

Nodes are the objects that go into the target script. Edges run from a dependency to its dependent:
sequence -> table whose default calls it, table -> index, tables -> foreign key, relations -> view, target ->
synonym, type -> table or type that uses it, supertype -> subtype. Ties are broken by phase (types, sequences,
tables, indexes, foreign keys, views) and then by source order, so the same input gives byte-identical output.
Cycles (which valid Oracle DDL cannot have among these kinds, but broken scripts can) are cut at one edge and
reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
from sqlglot import exp

from sct.converter.findings import fire
from sct.converter.ir import (
    CodeObject,
    Effort,
    ForeignKey,
    Index,
    MaterializedView,
    QName,
    SchemaObject,
    Sequence,
    Synonym,
    Table,
    UserType,
    View,
    plsql,
)
from sct.converter.overloads import reachable

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

PHASES = {UserType: 0, Sequence: 1, Table: 2, Index: 3, ForeignKey: 4, View: 5, MaterializedView: 5, Synonym: 6,
          CodeObject: 7}


def phase(obj: SchemaObject) -> int:
    """Routines come after the relations they use, triggers after the routines they call."""
    if isinstance(obj, CodeObject) and obj.code_kind == "trigger":
        return 8
    return PHASES[type(obj)]


class _Names:
    def __init__(self, objects: list[SchemaObject]):
        self.exact: dict[tuple[str, str], SchemaObject] = {}
        self.loose: dict[tuple[str, str], list[SchemaObject]] = {}
        self.every: dict[tuple[str, str], list[SchemaObject]] = {}     # overloads share a name
        for obj in objects:
            space = ("sequence" if isinstance(obj, Sequence) else "type" if isinstance(obj, UserType) else
                     "routine" if isinstance(obj, CodeObject) else "relation")
            if isinstance(obj, CodeObject) and obj.code_kind in ("trigger", "package_body", "anonymous_block"):
                continue                        # nothing refers to a trigger, package body or block by name
            self.exact[(space, obj.name.key)] = obj
            self.every.setdefault((space, obj.name.key), []).append(obj)
            self.loose.setdefault((space, obj.name.name), []).append(obj)

    def find(self, space: str, name: QName) -> SchemaObject | None:
        found = self.exact.get((space, name.key))
        if found is None:
            candidates = self.loose.get((space, name.name), [])
            found = candidates[0] if len(candidates) == 1 else None
        return found

    def routines(self, name: QName) -> list[SchemaObject]:
        """Every routine a call of `name` may reach: all overloads of the name (one routine when unqualified
        names of several schemas would match, else none)."""
        found = self.every.get(("routine", name.key))
        if found is None:
            candidates = self.loose.get(("routine", name.name), [])
            found = candidates if len({c.name.key for c in candidates}) == 1 else []
        return found


def dependencies(obj: SchemaObject, names: _Names) -> list[SchemaObject]:
    """The objects `obj` needs to exist first."""
    needs: list[SchemaObject | None] = []
    if isinstance(obj, UserType):
        types = [a.type for a in obj.attributes] + ([obj.element] if obj.element is not None else [])
        if obj.supertype is not None:           # its attributes start with copies of the supertype's (OR234)
            needs.append(names.find("type", obj.supertype))
        needs += [names.find("type", t.user_type) for t in types if t.user_type is not None]
    if isinstance(obj, Table):
        needs += [names.find("type", c.type.user_type) for c in obj.columns if c.type.user_type is not None]
        for column in obj.columns:
            for tree in (column.default, column.generated):
                if tree is not None:
                    needs += [names.find("sequence", n) for n in sequences_used(tree)]
    elif isinstance(obj, Index):
        needs.append(names.find("relation", obj.table))
    elif isinstance(obj, ForeignKey):
        needs.append(names.find("relation", obj.table))
        needs.append(names.find("relation", obj.constraint.ref_table))
    elif isinstance(obj, View) and obj.query is not None:
        ctes = {cte.alias_or_name for cte in obj.query.find_all(exp.CTE)}
        for table in obj.query.find_all(exp.Table):
            if table.name and table.name not in ctes:
                needs.append(names.find("relation", QName(table.db or None, table.name)))
        needs += [names.find("sequence", n) for n in sequences_used(obj.query)]
        for name in routines_called(obj.query):     # every overload: which one a call reaches is not known
            needs += names.routines(name)
    elif isinstance(obj, Synonym):
        needs.append(names.find("relation", obj.target))
    elif isinstance(obj, CodeObject):       # "call" edges (procedure calls) only block, they do not order
        needs += [names.find(space, name) for space, name in obj.depends_on if space != "call"]
    unique = {id(n): n for n in needs if n is not None and n is not obj}
    return list(unique.values())


def routines_called(tree: exp.Expression) -> list[QName]:
    """Functions of the scripts a SQL tree may call: f(...) and schema.f(...) (a package's), by name."""
    found = []
    for call in tree.find_all(exp.Anonymous):
        if not isinstance(call.this, (str, exp.Identifier)):
            continue
        if not isinstance(call.parent, exp.Dot):
            found.append(QName(None, call.name.lower()))
        elif isinstance(call.parent.this, exp.Identifier) and call.parent.expression is call:
            found.append(QName(call.parent.this.name.lower(), call.name.lower()))
    return list(dict.fromkeys(found))


def sequences_used(tree: exp.Expression) -> list[QName]:
    """Sequences named in nextval('...')/currval('...') calls of a converted tree."""
    found = []
    for call in tree.find_all(exp.Anonymous, exp.Func):
        name = (call.name if isinstance(call, exp.Anonymous) else call.sql_name()).lower()
        if name in ("nextval", "currval") and call.expressions:
            arg = call.expressions[0]
            if isinstance(arg, exp.Literal) and arg.is_string:
                parts = [p.strip('"') for p in arg.this.split(".")]
                found.append(QName(parts[0], parts[1]) if len(parts) == 2 else QName(None, parts[-1]))
    return found


def order(conversion: Conversion) -> list[SchemaObject]:
    """Emitted schema objects in an order that applies in one pass (anonymous blocks go to data.sql instead)."""
    objects = [o for o in conversion.objects
               if type(o) in PHASES and o.target_sql is not None and not (isinstance(o, CodeObject) and o.is_block)]
    position = {id(o): n for n, o in enumerate(objects)}
    names = _Names(objects)
    graph = nx.DiGraph()
    for obj in objects:
        graph.add_node(id(obj))
    by_id = {id(o): o for o in objects}
    for obj in objects:
        for dep in dependencies(obj, names):
            graph.add_edge(id(dep), id(obj))
    _break_cycles(graph, by_id)

    def key(node: int) -> tuple[int, int]:
        return phase(by_id[node]), position[node]

    return [by_id[n] for n in nx.lexicographical_topological_sort(graph, key=key)]


def _break_cycles(graph: nx.DiGraph, by_id: dict[int, SchemaObject]) -> None:
    while True:
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            return
        source, target = cycle[-1][0], cycle[-1][1]
        graph.remove_edge(source, target)
        names = " -> ".join(str(by_id[a].name) for a, _ in cycle)
        fire(by_id[target], "OR015", by_id[target].span,
             f"dependency cycle {names}; {by_id[target].name} is created before {by_id[source].name}",
             effort=Effort.REVIEW)


def external_references(obj: SchemaObject, names: _Names) -> list[QName]:
    """Relations `obj` reads or references that the scripts do not create at all."""
    refs: list[QName] = []
    if isinstance(obj, ForeignKey):
        refs.append(obj.constraint.ref_table)
    elif isinstance(obj, View) and obj.query is not None:
        ctes = {cte.alias_or_name for cte in obj.query.find_all(exp.CTE)}
        refs += [QName(t.db or None, t.name) for t in obj.query.find_all(exp.Table)
                 if t.name and t.name not in ctes and not isinstance(t.this, exp.Func)]
    elif isinstance(obj, CodeObject):       # tables its SQL statements name (converter.procedural.spans)
        refs += [name for space, name in obj.depends_on if space == "relation"]
    return [r for r in dict.fromkeys(refs) if names.find("relation", r) is None]


def block_dependents(conversion: Conversion) -> None:
    """An object that needs something left out of the target is left out too, with the reason (OR016);
    one that needs a relation the scripts do not create is left out with OR017."""
    objects = [o for o in conversion.objects if type(o) in PHASES]
    names = _Names(objects)
    schemas = {o.name.schema for o in objects if o.name.schema}
    for obj in objects:
        if obj.target_sql is None:
            continue
        external = external_references(obj, names)
        elsewhere = [r for r in external if r.schema and r.schema not in schemas]
        if elsewhere:
            listed = ", ".join(str(r) for r in elsewhere)
            fire(obj, "OR017", obj.span, f"references {listed} in another schema, which these scripts do not "
                                         "create; convert that schema's scripts with these, or apply this object "
                                         "where it exists")
            obj.target_sql = None
        elif external:
            listed = ", ".join(str(r) for r in external)
            fire(obj, "OR017", obj.span, f"references {listed}, which these scripts do not create: it must exist "
                                         "before schema.sql is applied", effort=Effort.REVIEW)
    changed = True
    while changed:
        changed = False
        for obj in objects:
            if obj.target_sql is None:
                continue
            called = _routines_left_out(obj, names) or _view_routines_left_out(obj, names)
            missing = [d for d in dependencies(obj, names) if d.target_sql is None and not _is_routine(d)]
            if called:
                dep = called[0]
                fire(obj, "OR016", obj.span, f"calls {dep.label} ({dep.span.file}:{dep.span.line}), which is not "
                                             f"converted ({dep.status})")
                obj.target_sql = None
                changed = True
            elif missing:
                dep = missing[0]
                fire(obj, "OR016", obj.span, f"depends on {dep.label}, which is not converted ({dep.status})")
                obj.target_sql = None
                changed = True
    _block_data_statements(conversion, names)


def _is_routine(obj: SchemaObject) -> bool:
    return isinstance(obj, CodeObject) and obj.code_kind in ("procedure", "function")


def _routines_left_out(obj: SchemaObject, names: _Names) -> list[SchemaObject]:
    """Routines `obj` calls that are left out of the target: for each call, the overloads its arguments can
    reach (converter.overloads) when all of them are left out; for a name used without a known call site,
    every routine of that name."""
    if not isinstance(obj, CodeObject):
        return []
    out = []
    for call in obj.calls:                  # the overloads a call can reach, by its arguments (converter.overloads)
        candidates = [c for c in names.routines(call.name) if _is_routine(c) and c is not obj]
        reached = reachable(call, candidates, _parameters)
        if reached and all(c.target_sql is None for c in reached):
            out.append(reached[0])
    for space, name in obj.depends_on:
        if space not in ("routine", "call"):
            continue
        candidates = [c for c in names.routines(name) if _is_routine(c) and c is not obj]
        if candidates and all(c.target_sql is None for c in candidates):
            out.append(candidates[0])
    return out


def _view_routines_left_out(obj: SchemaObject, names: _Names) -> list[SchemaObject]:
    """Functions a view calls of which every overload is left out of the target."""
    if not isinstance(obj, (View, MaterializedView)) or obj.query is None:
        return []
    out = []
    for name in routines_called(obj.query):
        candidates = [c for c in names.routines(name) if _is_routine(c)]
        if candidates and all(c.target_sql is None for c in candidates):
            out.append(candidates[0])
    return out


def _parameters(routine: CodeObject) -> list | None:
    unit = routine.unit
    return unit.routine.parameters if isinstance(unit, plsql.RoutineUnit) else None


def _block_data_statements(conversion: Conversion, names: _Names) -> None:
    """A data statement into a table that is left out of the target is left out too (OR016)."""
    for stmt in conversion.data_statements:
        if stmt.target_sql is None or stmt.table is None:
            continue
        table = names.find("relation", stmt.table)
        if table is not None and table.target_sql is None:
            fire(stmt, "OR016", stmt.span, f"writes {table.label}, which is not converted ({table.status})")
            stmt.target_sql = None
