"""PL/SQL packages as PostgreSQL schemas: what a package declares, and its routines as objects of their own.

`link_packages` runs after assembly (a step of converter.pipeline). For every CREATE PACKAGE [BODY] it
- builds a `Package` catalog entry: the spec's and the body's routines (public and private), variables,
  constants, exceptions and types, so that calls and names can be resolved in every code object;
- splits each routine of a body into a CodeObject of its own (code kind procedure or function, named
  `package.routine`), so that a MANUAL finding in one routine leaves out that routine only;
- gives every code object a `PackageContext` (`obj.context`): the catalog and, for a package's routine, the
  package it belongs to. converter.emit.plpgsql reads it (rules OR422-OR426).

The package spec is emitted as CREATE SCHEMA IF NOT EXISTS (the body too, so that order never matters); the
routines depend on the spec. A package name `hr.emp_pkg` becomes the schema `emp_pkg`: PostgreSQL schemas
do not nest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span, Table, UserType
from sct.converter.ir import plsql as ir
from sct.converter.names import fold_oracle

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

__all__ = ["LITERAL", "Package", "PackageContext", "link_packages", "package_schema"]

# A literal a constant may be inlined from: a number, a string, TRUE, FALSE or NULL.
LITERAL = re.compile(r"\s*(?:[-+]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|'(?:[^']|'')*'|TRUE|FALSE|NULL)\s*",
                     re.IGNORECASE)


def package_schema(name: str) -> str:
    """The schema of a package: its name's last part, folded as Oracle does (emp_pkg, "Mixed")."""
    last = re.findall(r'"[^"]*"|[^.\s]+', name)[-1]
    return fold_oracle(last.strip('"'), last.startswith('"'))


@dataclass
class Package:
    """What one package declares, by folded name; `private` holds the body-only names."""

    schema: str
    spec: CodeObject | None = None
    body: CodeObject | None = None
    routines: dict[str, set[str]] = field(default_factory=dict)     # name -> {"function", "procedure"}
    variables: dict[str, ir.Variable] = field(default_factory=dict)
    exceptions: dict[str, ir.ExceptionDecl] = field(default_factory=dict)   # upper-case name
    pragmas: list[ir.Pragma] = field(default_factory=list)
    collections: list[ir.CollectionType] = field(default_factory=list)
    others: dict[str, ir.Declaration] = field(default_factory=dict)  # records, cursors, subtypes, ...
    private: set[str] = field(default_factory=set)

    def declare(self, items: list[ir.Declaration], private: bool) -> None:
        for item in items:
            name = getattr(item, "name", None)
            key = fold_oracle(name, False) if isinstance(name, str) else None
            if isinstance(item, ir.Routine):
                self.routines.setdefault(key, set()).add(item.kind)
            elif isinstance(item, ir.Variable):
                self.variables[key] = item
            elif isinstance(item, ir.ExceptionDecl):
                self.exceptions[item.name.upper()] = item
            elif isinstance(item, ir.Pragma):
                self.pragmas.append(item)
            elif isinstance(item, ir.CollectionType) and item.index_by is None:
                self.collections.append(item)
            elif key is not None:
                self.others[key] = item
            else:
                continue
            if private and key is not None:
                self.private.add(key)


@dataclass
class PackageContext:
    """What a code object's converter needs to resolve package names: every package, and its own."""

    packages: dict[str, Package]
    current: Package | None = None
    columns: frozenset[str] = frozenset()           # every column name of the scripts' tables
    collection_types: dict[str, str] = field(default_factory=dict)  # schema-level VARRAY/TABLE type -> variant


def link_packages(conversion: Conversion) -> None:
    """Catalog the packages, split package bodies into routines, and give every code object the context."""
    packages: dict[str, Package] = {}
    for obj in conversion.objects:
        if isinstance(obj, CodeObject) and isinstance(obj.unit, ir.Package):
            package = packages.setdefault(package_schema(obj.unit.name), Package(package_schema(obj.unit.name)))
            if obj.unit.body:
                package.body = obj
            else:
                package.spec = obj
    for package in packages.values():
        if package.spec is not None:
            package.declare(package.spec.unit.members, private=False)
        if package.body is not None:
            package.declare([m for m in package.body.unit.members if not isinstance(m, ir.Routine)
                             or fold_oracle(m.name, False) not in package.routines], private=True)
            package.declare([m for m in package.body.unit.members if isinstance(m, ir.Routine)], private=False)
    columns = frozenset(c.name.lower() for o in conversion.objects if isinstance(o, Table) for c in o.columns)
    collection_types = {}
    for obj in conversion.objects:
        if isinstance(obj, UserType) and obj.variant in ("varray", "table"):
            collection_types[obj.name.name.lower()] = obj.variant
            collection_types[str(obj.name).lower()] = obj.variant
    object_types = {str(o.name).lower(): o for o in conversion.objects
                    if isinstance(o, UserType) and o.variant == "object"}
    out = []
    for obj in conversion.objects:
        if not isinstance(obj, CodeObject):
            out.append(obj)
            continue
        package = packages.get(package_schema(obj.unit.name)) if isinstance(obj.unit, ir.Package) else None
        obj.context = PackageContext(packages, package, columns, collection_types)
        out.append(obj)
        if package is not None and obj is package.body:
            out += _routines(obj, package, packages, columns, collection_types)
        elif isinstance(obj.unit, ir.TypeBody):
            out += _methods(obj, object_types, obj.context)
    conversion.objects[:] = out


def _routines(body: CodeObject, package: Package, packages: dict[str, Package],
              columns: frozenset[str], collection_types: dict[str, str]) -> list[CodeObject]:
    """One CodeObject per routine of a body that has an implementation (forward declarations are not)."""
    unit: ir.Package = body.unit
    out = []
    blockers = []
    if unit.initialization is not None and not all(isinstance(s, ir.Null) for s in unit.initialization.statements):
        blockers.append(unit.initialization.where)
        fire(body, "OR426", Span(body.span.file, unit.initialization.where.line, unit.initialization.where.column),
             f"the initialization section of package {unit.name} (run once per session, at the first use of the "
             "package) is not converted: call its statements from the routines that need them")
    for member in unit.members:
        if not isinstance(member, ir.Routine) or (member.body is None and member.call_spec is None):
            continue
        key = fold_oracle(member.name, False)
        span = Span(body.span.file, member.where.line, member.where.column)
        routine = ir.Routine(**{**member.__dict__, "name": f"{package.schema}.{member.name}"})
        obj = CodeObject(name=QName(package.schema, key), span=span,
                         source_text=body.source_text[member.where.start:member.where.end],
                         code_kind=member.kind, unit=ir.RoutineUnit(member.where, routine),
                         context=PackageContext(packages, package, columns, collection_types))
        if package.spec is not None:
            obj.depends_on.append(("routine", package.spec.name))
        for where in blockers:
            fire(obj, "OR426", Span(span.file, where.line, where.column),
                 f"{member.kind} {package.schema}.{key}: the package's initialization section is not converted, "
                 "so package state may differ from Oracle's")
        if key in package.private:
            fire(obj, "OR423", span, f"{member.kind} {key} is private to package {unit.name} in Oracle; "
                                     f"{package.schema}.{key} can be called by any role with USAGE on schema "
                                     f"{package.schema}")
        out.append(obj)
    return out


_NOT_CONVERTED_METHODS = {
    "CONSTRUCTOR": "a user-defined constructor returns SELF AS RESULT; PostgreSQL builds composite values with "
                   "ROW(...)::type (OR233): write a function returning the type",
    "MAP": "a MAP method orders and compares the objects of its type; PostgreSQL compares composite values "
           "attribute by attribute: write the comparison where it is used",
    "ORDER": "an ORDER method compares two objects of its type; PostgreSQL compares composite values attribute "
             "by attribute: write the comparison where it is used",
}

_SOURCE_NOISE = re.compile(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/|\"[^\"]*\"", re.DOTALL)


def _methods(body: CodeObject, object_types: dict[str, UserType], context: PackageContext) -> list[CodeObject]:
    """One CodeObject per method of a TYPE BODY (rule OR428): `type_schema.method`, a MEMBER method with a
    first parameter `self` of the composite type (INOUT for a procedure, as Oracle's SELF is IN OUT there).
    CONSTRUCTOR, MAP and ORDER methods, and members that name an attribute without SELF., are MANUAL (OR415)."""
    unit: ir.TypeBody = body.unit
    schema = package_schema(unit.name)
    user_type = object_types.get(str(body.name).lower()) or object_types.get(body.name.name.lower())
    out = []
    for member in unit.methods:
        if member.body is None and member.call_spec is None:
            continue
        key = fold_oracle(member.name, False)
        span = Span(body.span.file, member.where.line, member.where.column)
        method = " ".join((member.method or "MEMBER").upper().split())
        parameters = list(member.parameters)
        if "MEMBER" in method and user_type is not None:
            mode = "IN OUT" if member.kind == "procedure" else "IN"
            parameters.insert(0, ir.Parameter(member.where, "self", ir.Text(str(user_type.name), member.where),
                                              mode=mode))
        routine = ir.Routine(**{**member.__dict__, "name": f"{schema}.{member.name}", "parameters": parameters})
        source = body.source_text[member.where.start:member.where.end]
        obj = CodeObject(name=QName(schema, key), span=span, source_text=source, code_kind=member.kind,
                         unit=ir.RoutineUnit(member.where, routine),
                         context=PackageContext(context.packages, None, context.columns, context.collection_types))
        obj.depends_on.append(("routine", body.name))
        what = f"{method.lower()} {member.kind} {member.name} of type {unit.name}"
        first = method.split()[0]
        if first in _NOT_CONVERTED_METHODS:
            fire(obj, "OR415", span, f"{what} is not converted: {_NOT_CONVERTED_METHODS[first]}",
                 effort=Effort.MANUAL)
        elif "MEMBER" in method and user_type is None:
            fire(obj, "OR415", span, f"{what} is not converted: the object type {unit.name} is not in the "
                                     "scripts, so the type of its `self` parameter is unknown", effort=Effort.MANUAL)
        else:
            if user_type is not None:
                obj.depends_on.append(("type", user_type.name))
            bare = _bare_attributes(member, source, user_type) if user_type is not None else []
            if bare:
                fire(obj, "OR415", span, f"{what} is not converted: it names attribute{'s' if len(bare) > 1 else ''} "
                                         f"{', '.join(bare)} without SELF.; write SELF.{bare[0]} (it becomes "
                                         f"self.{bare[0]})", effort=Effort.MANUAL)
            else:
                self_note = (f" with a first parameter self {user_type.name}" if "MEMBER" in method else "")
                fire(obj, "OR428", span, f"{what} becomes {schema}.{key}{self_note}")
        out.append(obj)
    return out


def _bare_attributes(member: ir.Routine, source: str, user_type: UserType) -> list[str]:
    """The type's attributes a method names without a qualifier (SELF.x, t.x), unless a parameter or a local
    variable of that name hides them; a column of that name in its SQL counts too (the reader decides)."""
    from sct.converter.emit.plpgsql import _local_names

    hidden = _local_names(member.body, member.parameters)
    text = _SOURCE_NOISE.sub(" ", source)
    found = []
    for attribute in user_type.attributes:
        name = attribute.name.lower()
        if name not in hidden and re.search(rf"(?<![\w$#.]){re.escape(name)}(?![\w$#])(?!\s*=>)", text,
                                            re.IGNORECASE):
            found.append(attribute.name)
    return found


def collapsed_overloads(conversion: Conversion) -> None:
    """Two routines whose PostgreSQL signatures are the same (name and IN/INOUT argument types, type modifiers
    ignored, as PostgreSQL ignores them) cannot both exist: CREATE OR REPLACE would silently replace the first
    with the second. Oracle overloads that differ only in what PostgreSQL does not see (NUMBER vs INTEGER mapped
    to one type, VARCHAR2(10) vs VARCHAR2(20)) end here: the later one is a MANUAL finding and left out."""
    seen: dict[tuple, CodeObject] = {}
    for obj in conversion.objects:
        if not isinstance(obj, CodeObject) or obj.target_sql is None or obj.is_block:
            continue
        signature = routine_signature(obj.target_sql)
        if signature is None:
            continue
        first = seen.setdefault(signature, obj)
        if first is not obj:
            fire(obj, "OR415", obj.span,
                 f"{obj.code_kind} {signature[0]}({', '.join(signature[1])}) has the same PostgreSQL signature as "
                 f"the {first.code_kind} at {first.span}: one would replace the other; rename one of them")
            obj.target_sql = None


_HEADER = re.compile(r"CREATE\s+OR\s+REPLACE\s+(?:FUNCTION|PROCEDURE)\s+((?:\"(?:[^\"]|\"\")+\"|[\w$]+)"
                     r"(?:\.(?:\"(?:[^\"]|\"\")+\"|[\w$]+))?)\s*\(", re.IGNORECASE)


def routine_signature(sql: str) -> tuple[str, tuple[str, ...]] | None:
    """(name, IN/INOUT argument types) of the first CREATE FUNCTION/PROCEDURE in `sql`, as PostgreSQL tells
    routines apart; None when there is none."""
    m = _HEADER.search(sql)
    if m is None:
        return None
    depth, i, start, args = 1, m.end(), m.end(), []
    while i < len(sql) and depth:
        ch = sql[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if (ch == "," and depth == 1) or depth == 0:
            args.append(sql[start:i].strip())
            start = i + 1
        i += 1
    types = []
    for arg in filter(None, args):
        words = re.split(r"\s+DEFAULT\s+|\s*:=\s*", arg, maxsplit=1, flags=re.IGNORECASE)[0].split()
        mode = words[0].upper() if words and words[0].upper() in ("IN", "OUT", "INOUT", "VARIADIC") else None
        if mode:
            words = words[1:]
        if mode == "OUT" or len(words) < 2:
            continue
        types.append(re.sub(r"\([^)]*\)", "", " ".join(words[1:])).strip().lower())
    return m.group(1).lower(), tuple(types)
