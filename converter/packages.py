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
from sct.converter.ir import CodeObject, QName, Span, Table, UserType
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
