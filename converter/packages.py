"""PL/SQL packages as PostgreSQL schemas: what a package declares, and its routines as objects of their own.

`link_packages` runs after assembly (a step of converter.pipeline). For every CREATE PACKAGE [BODY] it
- builds a `Package` catalog entry: the spec's and the body's routines (public and private), variables,
  constants, exceptions and types, so that calls and names can be resolved in every code object;
- splits each routine of a body into a CodeObject of its own (code kind procedure or function, named
  `package.routine`), so that a MANUAL finding in one routine leaves out that routine only;
- gives every code object a `PackageContext` (`obj.context`): the catalog and, for a package's routine, the
  package it belongs to. converter.emit.plpgsql reads it (rules OR422-OR426);
- classifies package state (`state_kind`): constants whose value is a constant expression are inlined (OR424),
  scalar variables are session settings (OR425);
- for a package with initialization to run (an initialization section, or variables whose defaults are not
  constant expressions) adds the function `pkg.sct_init()` (OR440), and makes every routine of the package, and
  every unit that uses the package's variables, call it in its first declaration;
- declares each package cursor in the routines of the package that open and close it themselves (OR441);
- splits each method of a TYPE BODY into a routine of the type's schema (OR428), once object subtypes have
  their supertypes' attributes (`inherit_attributes`, OR234).

The package spec is emitted as CREATE SCHEMA IF NOT EXISTS (the body too, so that order never matters); the
routines depend on the spec. A package name `hr.emp_pkg` becomes the schema `emp_pkg`: PostgreSQL schemas
do not nest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span, Table, UserType
from sct.converter.ir import plsql as ir
from sct.converter.names import fold_oracle

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

__all__ = ["INIT_FUNCTION", "LITERAL", "Package", "PackageContext", "constant_expression", "link_packages",
           "package_schema", "state_kind"]

# A literal a constant may be inlined from: a number, a string, TRUE, FALSE or NULL.
LITERAL = re.compile(r"\s*(?:[-+]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|'(?:[^']|'')*'|TRUE|FALSE|NULL)\s*",
                     re.IGNORECASE)
# Package state kept in session settings: variables and constants of these built-in scalar types (OR424, OR425).
SCALAR_TYPES = frozenset({
    "NUMBER", "INTEGER", "INT", "PLS_INTEGER", "BINARY_INTEGER", "SMALLINT", "DECIMAL", "NUMERIC", "FLOAT", "REAL",
    "BINARY_FLOAT", "BINARY_DOUBLE", "VARCHAR2", "VARCHAR", "NVARCHAR2", "CHAR", "NCHAR", "DATE", "TIMESTAMP",
    "BOOLEAN", "STRING", "NATURAL", "POSITIVE", "SIGNTYPE"})
# The function that runs a package's initialization once per session (OR440), and its guard variable.
INIT_FUNCTION = "sct_init"
INIT_GUARD = "sct_initialized"


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
    init: CodeObject | None = None          # pkg.sct_init(), when the package has initialization to run (OR440)

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
    # schema-level VARRAY/TABLE type -> (its element's PostgreSQL type, whether that is an object type's composite)
    collection_elements: dict[str, tuple[str, bool]] = field(default_factory=dict)
    pipelined: frozenset[str] = frozenset()     # PIPELINED functions, by folded name and schema.name (OR437, OR438)
    user_types: dict = field(default_factory=dict)  # SQL types of the scripts by upper-case name (constructors, OR233)


def state_kind(var: ir.Variable, package: Package | None, packages: dict[str, Package]) -> str | None:
    """How a package variable or constant is converted: "constant" (inlined, OR424: its value is a constant
    expression), "variable" (a session setting whose unset value is its default, a constant expression or none,
    OR425), "initialised" (a session setting that the package's initialization function sets from its default,
    OR440), or None (not converted, OR426: not a built-in scalar)."""
    if not _scalar(var):
        return None
    if var.default is None:
        return None if var.constant else "variable"
    key = (package.schema if package is not None else "", fold_oracle(var.name, False))
    if constant_expression(var.default.text, package, packages, frozenset({key})) is not None:
        return "constant" if var.constant else "variable"
    return "initialised" if package is not None else None


_CONSTANT_TOKEN = re.compile(
    r"""\s*(?:(?P<string>[nN]?'(?:[^']|'')*')|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\w$#])"""
    r"""|(?P<op>\|\||[-+*/(),])|(?P<name>"[^"]+"|[A-Za-z][\w$#]*)(?:\s*\.\s*(?P<member>"[^"]+"|[A-Za-z][\w$#]*))?)""")
_BINARY = ("||", "+", "-", "*", "/")


def constant_expression(text: str, package: Package | None, packages: dict[str, Package],
                        seen: frozenset[tuple[str, str]] = frozenset()) -> str | None:
    """`text` with every constant it names qualified (`schema.name`) when it is a constant expression: literals,
    constants of this or another package whose own values are constant expressions, ||, + - * /, parentheses,
    unary minus, CAST(... AS type), DATE/TIMESTAMP/INTERVAL literals and TO_NUMBER/TO_CHAR of a literal. None
    when it is anything else (a variable, a function call, a cycle)."""
    tokens: list[re.Match] = []
    at = 0
    while at < len(text):
        m = _CONSTANT_TOKEN.match(text, at)
        if m is None or m.end() == at:
            if text[at:].strip():
                return None
            break
        tokens.append(m)
        at = m.end()
    edits: list[tuple[int, int, str]] = []
    position = 0
    dated = operators = False          # date arithmetic needs the types, which inlining hides: not converted

    def peek(k: int = 0) -> str:
        if position + k >= len(tokens):
            return ""
        m = tokens[position + k]
        return (m.group("op") or (m.group("name").upper() if m.group("name") and not m.group("member") else "#")
                if not (m.group("string") or m.group("number")) else "literal")

    def take(expected: str | None = None) -> re.Match:
        nonlocal position
        if position >= len(tokens) or (expected is not None and peek() != expected):
            raise ValueError
        position += 1
        return tokens[position - 1]

    def expression() -> None:
        nonlocal operators
        unary()
        while peek() in _BINARY:
            take()
            operators = True
            unary()

    def unary() -> None:
        nonlocal dated
        while peek() in ("-", "+"):
            take()
        word = peek()
        if word == "literal" or word in ("TRUE", "FALSE", "NULL"):
            take()
        elif word == "(":
            take()
            expression()
            take(")")
        elif word == "CAST" and peek(1) == "(":
            take(), take()
            expression()
            take("AS")
            take()
            if peek() == "(":
                take()
                while peek() in ("literal", ","):
                    take()
                take(")")
            take(")")
        elif word in ("DATE", "TIMESTAMP", "INTERVAL") and peek(1) == "literal":
            take(), take()
            dated = True
            while word == "INTERVAL" and peek() in ("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO"):
                take()
        elif word in ("TO_NUMBER", "TO_CHAR") and peek(1) == "(" and peek(2) == "literal" and peek(3) == ")":
            for _ in range(4):
                take()
        else:
            m = take()
            if not m.group("name"):
                raise ValueError
            edits.append((m.start("name"), m.end(), reference(m.group("name"), m.group("member"))))

    def reference(first: str, second: str | None) -> str:
        nonlocal dated
        fold = [fold_oracle(p.strip('"'), p.startswith('"')) for p in (first, second) if p]
        owner = packages.get(fold[0]) if len(fold) == 2 else package
        var = owner.variables.get(fold[-1]) if owner is not None else None
        key = (owner.schema, fold[-1]) if owner is not None else ("", "")
        if var is None or not var.constant or var.default is None or key in seen:
            raise ValueError
        if not _scalar(var) or constant_expression(var.default.text, owner, packages, seen | {key}) is None:
            raise ValueError
        dated = dated or var.type.text.strip().upper().startswith(("DATE", "TIMESTAMP"))
        return f"{_word(owner.schema)}.{_word(fold[-1])}"

    try:
        expression()
        if position != len(tokens) or (dated and operators):
            return None
    except ValueError:
        return None
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text.strip()


def _scalar(var: ir.Variable) -> bool:
    base = re.match(r"\s*([A-Za-z_][\w$#]*)", var.type.text)
    return base is not None and base.group(1).upper() in SCALAR_TYPES and "%" not in var.type.text


def _word(name: str) -> str:
    """A folded name as PL/SQL source that folds back to it: emp_pkg, "Mixed"."""
    return name if re.fullmatch(r"[a-z][a-z0-9_$#]*", name) else f'"{name}"'


def inherit_attributes(conversion: Conversion) -> None:
    """Object subtypes (CREATE TYPE t UNDER s, rule OR234) get the attributes of their supertype chain, root first,
    before their own; a subtype whose supertype is not in the scripts is MANUAL. The supertypes' attributes are
    already mapped (schema_rules.map_column_types), so they are copied as they are."""
    types = [o for o in conversion.objects if isinstance(o, UserType)]
    exact = {o.name.key: o for o in types}
    loose: dict[str, list[UserType]] = {}
    for obj in types:
        loose.setdefault(obj.name.name, []).append(obj)
    done: set[int] = set()

    def supertype_of(sub: UserType) -> UserType | None:
        found = exact.get(sub.supertype.key)
        candidates = loose.get(sub.supertype.name, [])
        return found or (candidates[0] if len(candidates) == 1 else None)

    def resolve(sub: UserType, chain: tuple[int, ...]) -> None:
        if sub.supertype is None or id(sub) in done:
            return
        done.add(id(sub))
        sup = supertype_of(sub)
        if sup is None or id(sup) in chain or sup.variant != "object":
            why = ("is not in the scripts" if sup is None else "is not an object type" if sup.variant != "object"
                   else "is one of its own subtypes")
            fire(sub, "OR234", sub.span, f"type {sub.name} is UNDER {sub.supertype}, which {why}: the attributes it "
                                         "inherits are unknown", Effort.MANUAL)
            return
        resolve(sup, chain + (id(sub),))
        inherited = [replace(a) for a in sup.attributes]
        own = len(sub.attributes)
        sub.attributes[:0] = inherited
        sub.inherited = len(inherited)
        lost = f"a {sub.name.name} value is not a {sup.name.name} value (no substitutability, TREAT or IS OF)"
        if sub.overriding:
            lost += (f"; OVERRIDING {', '.join(sub.overriding)} {'is' if len(sub.overriding) == 1 else 'are'} not "
                     f"dispatched dynamically: a call on a {sup.name.name} value runs {sup.name.name}'s method")
        counts = [f"{n} attribute{'' if n == 1 else 's'}" for n in (len(inherited), own)]
        fire(sub, "OR234", sub.span, f"type {sub.name} UNDER {sup.name} becomes a composite type: the {counts[0]} of "
                                     f"{sup.name}, then its own {counts[1]}; {lost}")

    for obj in types:
        resolve(obj, ())
    if done:
        from sct.converter.schema_rules import convert_constructors

        convert_constructors(conversion)        # now that subtypes have all their attributes


def link_packages(conversion: Conversion) -> None:
    """Catalog the packages, split package bodies into routines, and give every code object the context."""
    inherit_attributes(conversion)
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
    initialised = {schema: _initialised(package, packages) for schema, package in packages.items()}
    for package in packages.values():
        if initialised[package.schema] is not None:     # before any routine is built: they call it
            package.variables[INIT_GUARD] = ir.Variable(ir.Where(0, 0, 0, 0), INIT_GUARD, ir.Text("BOOLEAN", ir.Where(
                0, 0, 0, 0)))
            package.routines.setdefault(INIT_FUNCTION, set()).add("function")
    out = []
    for obj in conversion.objects:
        if not isinstance(obj, CodeObject):
            out.append(obj)
            continue
        package = packages.get(package_schema(obj.unit.name)) if isinstance(obj.unit, ir.Package) else None
        obj.context = PackageContext(packages, package, columns, collection_types)
        out.append(obj)
        if package is not None and obj is (package.body or package.spec) and initialised[package.schema] is not None:
            package.init = _init_function(package, initialised[package.schema], obj.context)
            out.append(package.init)
        if package is not None and obj is package.body:
            out += _routines(obj, package, packages, columns, collection_types)
        elif isinstance(obj.unit, ir.TypeBody):
            out += _methods(obj, object_types, obj.context)
    for obj in out:
        if isinstance(obj, CodeObject) and obj.context is not None and not isinstance(obj.unit, ir.Package):
            _outside_references(obj, packages)
    elements, pipelined = _set_returning(conversion, object_types)
    from sct.converter.schema_rules import _user_types

    user_types = _user_types(conversion)
    for obj in out:
        if isinstance(obj, CodeObject) and obj.context is not None:
            obj.context.collection_elements, obj.context.pipelined = elements, pipelined
            obj.context.user_types = user_types
    conversion.objects[:] = out


def _set_returning(conversion: Conversion, object_types: dict[str, UserType]
                   ) -> tuple[dict[str, tuple[str, bool]], frozenset[str]]:
    """The element types of the schema-level collection types, and the names of the PIPELINED functions (a
    schema-level `f` and `schema.f`, a package's `pkg.f`): what TABLE(...) in SQL and a pipelined function's
    RETURNS SETOF need (converter.emit.plpgsql, OR437 / OR438)."""
    elements: dict[str, tuple[str, bool]] = {}
    for obj in conversion.objects:
        if isinstance(obj, UserType) and obj.variant in ("varray", "table") and obj.element is not None \
                and obj.element.target is not None:
            composite = obj.element.user_type is not None and str(obj.element.user_type).lower() in object_types \
                or obj.element.target.lower() in object_types
            for key in (obj.name.name.lower(), str(obj.name).lower()):
                elements[key] = (obj.element.target, composite)
    pipelined: set[str] = set()
    for obj in conversion.objects:
        if not isinstance(obj, CodeObject):
            continue
        unit = obj.unit
        routines = [unit.routine] if isinstance(unit, ir.RoutineUnit) else \
            [m for m in unit.members if isinstance(m, ir.Routine)] if isinstance(unit, ir.Package) else []
        for routine in routines:
            if routine.kind != "function" or "PIPELINED" not in [a.upper() for a in routine.attributes]:
                continue
            parts = [fold_oracle(p.strip('"'), p.startswith('"')) for p in re.findall(r'"[^"]*"|[^.\s]+',
                                                                                    routine.name)]
            if isinstance(unit, ir.Package):
                parts = [package_schema(unit.name), parts[-1]]
            pipelined.add(".".join(parts))
            if not isinstance(unit, ir.Package):
                pipelined.add(parts[-1])
    return elements, frozenset(pipelined)


def _initialised(package: Package, packages: dict[str, Package]) -> list[ir.Variable] | None:
    """The variables the package's initialization function sets from their defaults (declaration order, spec
    first), when the package needs one: it has an initialization section, or such variables; else None."""
    init = package.body.unit.initialization if package.body is not None else None
    variables = [v for v in package.variables.values() if state_kind(v, package, packages) == "initialised"]
    if variables or (init is not None and not all(isinstance(s, ir.Null) for s in init.statements)):
        return variables
    return None


def _init_function(package: Package, variables: list[ir.Variable], context: PackageContext) -> CodeObject:
    """`pkg.sct_init()` (rule OR440): sets the variables whose defaults are not constant expressions, then runs
    the initialization section, once per session: a session setting `pkg.sct_initialized`, set first, guards
    it (so a routine of the package that the section calls does not run it again)."""
    owner = package.body or package.spec
    init = package.body.unit.initialization if package.body is not None else None
    if init is not None and all(isinstance(s, ir.Null) for s in init.statements):
        init = None
    where = init.where if init is not None else variables[0].where

    def text(value: str) -> ir.Text:
        return ir.Text(value, where)

    statements: list[ir.Stmt] = [
        ir.If(where, branches=[ir.Branch(where, text(INIT_GUARD), [ir.Return(where, text("TRUE"))])]),
        ir.Assign(where, text(INIT_GUARD), text("TRUE"))]
    statements += [ir.Assign(v.where, ir.Text(_word(fold_oracle(v.name, False)), v.where), v.default)
                   for v in variables]
    if init is not None:
        statements += [ir.NestedBlock(init.where, block=init)] if init.handlers else init.statements
    statements.append(ir.Return(where, text("TRUE")))
    routine = ir.Routine(where, kind="function", name=f"{package.schema}.{INIT_FUNCTION}",
                         return_type=text("BOOLEAN"), body=ir.Block(where, statements=statements))
    sources = [owner.source_text[init.where.start:init.where.end]] if init is not None else []
    for var in variables:
        declared_in = package.spec if package.spec is not None and var in package.spec.unit.members else owner
        sources.insert(len(sources) - (init is not None), declared_in.source_text[var.where.start:var.where.end])
    span = Span(owner.span.file, where.line, where.column)
    obj = CodeObject(name=QName(package.schema, INIT_FUNCTION), span=span, source_text="\n".join(sources),
                     code_kind="function", unit=ir.RoutineUnit(where, routine),
                     context=PackageContext(context.packages, package, context.columns, context.collection_types))
    defaults = "its default" if len(variables) == 1 else "their defaults"
    what = [f"sets {', '.join(v.name for v in variables)} from {defaults}"] if variables else []
    what += ["runs the initialization section"] if init is not None else []
    fire(obj, "OR440", span, f"the initialization of package {package.schema} becomes function "
                             f"{package.schema}.{INIT_FUNCTION}(), which {' and '.join(what)} once per session; each "
                             "routine of the package calls it first")
    _local_state(obj, routine, package)
    return obj


def _routines(body: CodeObject, package: Package, packages: dict[str, Package],
              columns: frozenset[str], collection_types: dict[str, str]) -> list[CodeObject]:
    """One CodeObject per routine of a body that has an implementation (forward declarations are not)."""
    unit: ir.Package = body.unit
    out = []
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
        if key in package.private:
            fire(obj, "OR423", span, f"{member.kind} {key} is private to package {unit.name} in Oracle; "
                                     f"{package.schema}.{key} can be called by any role with USAGE on schema "
                                     f"{package.schema}")
        if routine.body is not None:
            routine.body = replace(routine.body, declarations=list(routine.body.declarations))
            _local_state(obj, routine, package)
        out.append(obj)
    return out


def _ready(package: Package, where: ir.Where) -> ir.Variable:
    """`sct_pkg_ready CONSTANT BOOLEAN := pkg.sct_init;`: the first declaration of a routine that needs the
    package initialised (declarations are evaluated in order, so before any default that reads its state)."""
    return ir.Variable(where, f"sct_{package.schema}_ready", ir.Text("BOOLEAN", where), constant=True,
                       default=ir.Text(f"{_word(package.schema)}.{INIT_FUNCTION}", where))


def _local_state(obj: CodeObject, routine: ir.Routine, package: Package) -> None:
    """A routine of `package`: the call of its initialization function (OR440), and a local copy of each package
    cursor it opens and closes itself (OR441; one used across calls is MANUAL, OR426)."""
    if routine.body is None:
        return
    declarations = []
    if package.init is not None and routine.name != f"{package.schema}.{INIT_FUNCTION}":
        declarations.append(_ready(package, routine.where))
    hidden = _declared_names(routine)
    for name, uses in _cursor_uses(routine.body, package).items():
        cursor = package.others.get(name)
        if not isinstance(cursor, ir.Cursor) or cursor.query is None or name in hidden:
            continue
        reason = _across_calls(uses, routine.body)
        where = Span(obj.span.file, uses[0][1].line, uses[0][1].column)
        if reason is not None:
            fire(obj, "OR426", where, f"package cursor {cursor.name} {reason}: Oracle keeps a package cursor open "
                                      "across calls, a PostgreSQL cursor lives for one call; pass the rows or a "
                                      "refcursor between the calls instead", Effort.MANUAL)
            continue
        declarations.append(cursor)
        loops_only = all(kind == "for" for kind, _ in uses)
        fire(obj, "OR441", where, f"package cursor {cursor.name} is declared in {routine.name}" + (
            "" if loops_only else ": if an error leaves this routine between OPEN and CLOSE, Oracle keeps the cursor "
                                  "open (the next OPEN raises CURSOR_ALREADY_OPEN); PostgreSQL closes it"),
             Effort.AUTO if loops_only else Effort.REVIEW)
    routine.body.declarations[:0] = declarations


def _declared_names(routine: ir.Routine) -> set[str]:
    from sct.converter.emit.plpgsql import _local_names

    return _local_names(routine.body, routine.parameters)


def _cursor_uses(block: ir.Block, package: Package) -> dict[str, list[tuple[str, ir.Where]]]:
    """Cursor name -> [(open | fetch | close | for | attribute, where)] in source order, for the names that
    may be the package's cursors (`c` or `pkg.c`)."""
    uses: dict[str, list[tuple[str, ir.Where]]] = {}

    def own(name: str | None) -> str | None:
        parts = [fold_oracle(p.strip('"'), p.startswith('"')) for p in re.findall(r'"[^"]*"|[^.\s]+', name or "")]
        if len(parts) == 2 and parts[0] == package.schema:
            parts = parts[1:]
        return parts[0] if len(parts) == 1 else None

    kinds = {ir.Open: "open", ir.Fetch: "fetch", ir.Close: "close", ir.CursorForLoop: "for"}
    for node in ir.walk(block):
        kind = kinds.get(type(node))
        if kind is not None and own(node.cursor) is not None:
            uses.setdefault(own(node.cursor), []).append((kind, node.where))
        elif isinstance(node, ir.Text):
            for m in _CURSOR_ATTRIBUTE.finditer(node.text):
                if m.group("cursor") and own(m.group("cursor")) is not None:
                    uses.setdefault(own(m.group("cursor")), []).append(("attribute", node.where))
    for found in uses.values():
        found.sort(key=lambda use: use[1].start)
    return uses


_CURSOR_ATTRIBUTE = re.compile(r"""'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/"""
                               r"""|(?<![\w$#."])(?P<cursor>(?:[A-Za-z][\w$#]*\s*\.\s*)?[A-Za-z][\w$#]*)"""
                               r"""\s*%\s*(?:FOUND|NOTFOUND|ROWCOUNT|ISOPEN)\b""", re.I | re.S)


def _across_calls(uses: list[tuple[str, ir.Where]], block: ir.Block) -> str | None:
    """Why a routine's use of a package cursor depends on another call (None when it opens and closes it
    itself, with no RETURN in between)."""
    kinds = [kind for kind, _ in uses if kind != "for"]
    if not kinds:
        return None
    if "open" not in kinds:
        return f"is used ({kinds[0]}) but not opened by this routine: another call opened it"
    while kinds[:2] == ["attribute", "close"]:     # IF c%ISOPEN THEN CLOSE c; END IF; before OPEN: closed
        kinds = kinds[2:]
    first = next(kind for kind in kinds if kind != "attribute")     # c%ISOPEN before OPEN reads FALSE
    if first != "open":
        return f"is used ({first}) before this routine opens it: another call opened it"
    closes = sorted(w.start for kind, w in uses if kind == "close")
    returns = [node.where.start for node in ir.walk(block) if isinstance(node, ir.Return)]
    for opened in (w.start for kind, w in uses if kind == "open"):
        closed = next((c for c in closes if c > opened), None)
        if closed is None:
            return "is opened here and not closed: the next call finds it open"
        if any(opened < r < closed for r in returns):
            return "is opened here and a RETURN may leave it open for the next call"
    return None


_PACKAGE_MEMBER = re.compile(r"""'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/|(?<![\w$#."])(?P<first>"[^"]+"|[A-Za-z][\w$#]*)"""
                             r"""\s*\.\s*(?P<second>"[^"]+"|[A-Za-z][\w$#]*)""", re.S)


def _outside_references(obj: CodeObject, packages: dict[str, Package]) -> None:
    """A unit that names a variable of another package that has an initialization function calls it first
    (OR440, REVIEW: Oracle runs it at the first reference); one that uses another package's cursor is MANUAL."""
    unit = obj.unit
    own = obj.context.current if obj.context is not None else None
    if isinstance(unit, ir.RoutineUnit):
        block = unit.routine.body
        declarations = block.declarations if block is not None else None
    elif isinstance(unit, ir.Trigger):
        declarations = unit.body.declarations if unit.body is not None else unit.declarations
    elif isinstance(unit, ir.AnonymousBlock):
        declarations = unit.block.declarations
    else:
        return
    if declarations is None:
        return
    named: dict[str, set[str]] = {}
    for node in ir.walk(unit):
        texts = [node.text] if isinstance(node, ir.Text) else [node.cursor] if isinstance(
            node, (ir.Open, ir.Fetch, ir.Close, ir.CursorForLoop)) and node.cursor else []
        for text in texts:
            for m in _PACKAGE_MEMBER.finditer(text):
                if m.group("first") is None:
                    continue
                first, second = (fold_oracle(p.strip('"'), p.startswith('"')) for p in m.group("first", "second"))
                package = packages.get(first)
                if package is None or package is own:
                    continue
                if isinstance(package.others.get(second), ir.Cursor):
                    fire(obj, "OR426", obj.span, f"package cursor {first}.{second} is used outside its package: "
                                                 "Oracle keeps its state across calls; declare the cursor here",
                         Effort.MANUAL)
                elif second in package.variables and package.init is not None and \
                        state_kind(package.variables[second], package, packages) != "constant":
                    named.setdefault(package.schema, set()).add(package.variables[second].name)
    for schema, names in sorted(named.items()):
        package = packages[schema]
        declarations.insert(0, _ready(package, unit.where))
        obj.depends_on.append(("routine", package.init.name))
        kind = obj.code_kind.replace("_", " ")
        fire(obj, "OR440", obj.span, f"uses {', '.join(sorted(names))} of package {schema}: its initialization "
                                     f"{schema}.{INIT_FUNCTION}() runs at the start of this {kind}; Oracle runs "
                                     "it at the first reference, later or not at all", Effort.REVIEW)


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
                if any(q.upper() == "OVERRIDING" for q in member.method_qualifiers):
                    self_note += (f" (OVERRIDING: called on a value of a supertype of {unit.name}, Oracle would run "
                                  "this method; PostgreSQL runs the one called by name, OR234)")
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
