"""PL/SQL procedures, functions, triggers and anonymous blocks (converter/ir/plsql.py) as PostgreSQL PL/pgSQL.

`emit_code(obj)` writes CREATE OR REPLACE PROCEDURE / FUNCTION, a trigger function plus CREATE TRIGGER, or a
DO block (an anonymous block: a routine body without parameters, for data.sql), for a CodeObject whose `unit`
the PL/SQL front end built. One method per statement kind (`_STATEMENTS`);
every SQL statement and expression goes through converter.procedural.spans, i.e. the Oracle SQL rewriter of
views, so the same rules fire. What is not converted exactly is a finding on the object (rules OR401-OR421):
a MANUAL finding leaves the object out of the target script.

Every body starts with `#variable_conflict use_column`: in Oracle SQL inside PL/SQL, a column name wins over a
variable of the same name; PostgreSQL's default is to refuse such a statement.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import NamedTuple

import sqlglot
from sqlglot import exp

from sct.converter.compound_triggers import TRANSITION
from sct.converter.dialects import oracle_supplied
from sct.converter.dialects.oracle_sql import _SUPPLIED_PACKAGE
from sct.converter.dialects.oracle_types import describe_oracle_type
from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span
from sct.converter.ir import plsql as ir
from sct.converter.names import PG_MAX_IDENT, fold_oracle, quote_ident, sql_string
from sct.converter.overloads import call_site
from sct.converter.packages import (
    INIT_FUNCTION,
    INIT_GUARD,
    LITERAL,
    constant_expression,
    package_schema,
    state_kind,
)
from sct.converter.procedural.conditions import (
    ERROR_CODES,
    PREDEFINED,
    application_error_sqlstate,
    user_exception_sqlstate,
)
from sct.converter.procedural.spans import (
    _SKIP,
    _WORDS,
    BULK_ROWCOUNT,
    ROWCOUNT,
    NotConverted,
    Spans,
    split_arguments,
    split_into,
    split_returning_into,
)

__all__ = ["NotEmitted", "emit_code"]

INDENT = "  "

# PL/SQL-only types; the SQL types go through converter.dialects.oracle_types like table columns.
PLSQL_TYPES: dict[str, tuple[str, str | None]] = {      # name -> (PostgreSQL type, note when not exact)
    "BOOLEAN": ("boolean", None),
    "SYS_REFCURSOR": ("refcursor", None),
    "STRING": ("varchar", None),
    "NATURAL": ("integer", "NATURAL is an integer >= 0; the range is not enforced"),
    "NATURALN": ("integer", "NATURALN is an integer >= 0, not null; the range is not enforced"),
    "POSITIVE": ("integer", "POSITIVE is an integer >= 1; the range is not enforced"),
    "POSITIVEN": ("integer", "POSITIVEN is an integer >= 1, not null; the range is not enforced"),
    "SIGNTYPE": ("integer", "SIGNTYPE is -1, 0 or 1; the range is not enforced"),
    "SIMPLE_INTEGER": ("integer", "SIMPLE_INTEGER wraps around on overflow; integer raises an error"),
}

# Oracle-supplied packages: what to use on PostgreSQL (the message of OR417).
PACKAGE_ADVICE: dict[str, str] = {
    "UTL_FILE": "read and write server files with pg_read_file / COPY ... TO|FROM, or move file I/O to the "
                "application",
    "DBMS_SQL": "use EXECUTE (with format() and USING) for dynamic SQL",
    "DBMS_JOB": "schedule jobs with the pg_cron extension",
    "DBMS_SCHEDULER": "schedule jobs with the pg_cron extension",
    "UTL_HTTP": "call HTTP from an extension (pgsql-http) or from the application",
    "UTL_SMTP": "send mail from the application",
    "UTL_MAIL": "send mail from the application",
    "DBMS_LOB": "use the text and bytea functions (substr, length, position, ||)",
    "DBMS_CRYPTO": "use the pgcrypto extension",
    "DBMS_PIPE": "use LISTEN / NOTIFY",
    "DBMS_ALERT": "use LISTEN / NOTIFY",
    "DBMS_STATS": "use ANALYZE",
    "DBMS_APPLICATION_INFO": "set application_name (SET application_name / set_config)",
    "DBMS_AQ": "use a queue table or an extension such as pgmq",
}


class NotEmitted(Exception):
    """The unit has no PL/pgSQL form; the finding saying why is on the object."""


class _Unresolved(Exception):
    """A type that cannot be written where PostgreSQL needs a type name; the message says why."""


class _Element(NamedTuple):
    """The type of a record field or a collection element."""

    sql: str | None             # the PostgreSQL type; None when only the catalog knows it (table.column%TYPE)
    lookup: str | None          # then: a query of the catalog giving the type, run when the type is created
    declared: str               # the type in a PL/pgSQL declaration (%TYPE allowed)
    composite: str | None       # the composite type, when the element is a row (a record, table%ROWTYPE)


@dataclass
class _Record:
    sql: str                    # the composite type
    item: ir.RecordType


@dataclass
class _Collection:
    """What a collection type became: an array (`sql`) of `element`, or a finding (`error`)."""

    kind: str                   # table | varray | index (INDEX BY)
    sql: str | None = None      # the type of a variable: element[] or a domain over it
    element: str | None = None  # the element type in a PL/pgSQL declaration
    composite: str | None = None    # the element's composite type, for rows
    limit: str | None = None    # a VARRAY's limit
    ddl: str | None = None      # the CREATE DOMAIN the array type needs
    error: str | None = None    # why it is not converted (a MANUAL finding where it is used)
    rule: str = "OR414"
    note: str | None = None     # the caveat of an INDEX BY array (OR431), reported where it is used
    where: ir.Where | None = None


def emit_code(obj: CodeObject) -> str:
    """The PostgreSQL DDL of a procedure, function, trigger or package, the DO of an anonymous block; NotEmitted
    for other units."""
    unit = obj.unit
    if isinstance(unit, ir.RoutineUnit):
        writer = _Writer(obj, unit.routine.kind)
        text = writer.emit_routine(unit.routine)
    elif isinstance(unit, ir.Trigger):
        writer = _Writer(obj, "trigger", unit)
        text = writer.emit_trigger(unit)
    elif isinstance(unit, ir.Package):
        writer = _Writer(obj, "package")
        text = writer.emit_package(unit)
    elif isinstance(unit, ir.TypeBody):
        schema = quote_ident(package_schema(unit.name))
        fire(obj, "OR428", obj.span, f"type body {unit.name} becomes schema {schema}; its methods are routines "
                                     "of that schema")
        return f"CREATE SCHEMA IF NOT EXISTS {schema};"
    elif isinstance(unit, ir.AnonymousBlock):
        writer = _Writer(obj, "block")
        text = writer.emit_block(unit)
    else:
        raise NotEmitted
    spans = writer.spans
    obj.depends_on += [("relation", n) for n in spans.tables] + [("sequence", n) for n in spans.sequences]
    obj.depends_on += [("routine", n) for n in spans.routines]
    if isinstance(unit, ir.Package):            # a package's record types live in its schema
        return "\n".join([text] + writer.ddl)
    if isinstance(unit, ir.AnonymousBlock):     # a DO block runs at once: what it calls must exist before
        return "\n".join(writer.ddl + writer.after + [text])
    return "\n".join(writer.ddl + [text] + writer.after)     # the unit's own CREATE first (collapsed_overloads)


def _name(text: str) -> str:
    """A dotted Oracle name as PostgreSQL: hr.Emp -> hr.emp, "Mixed" kept and quoted."""
    parts = re.findall(r'"[^"]*"|[^.\s]+', text)
    return ".".join(quote_ident(fold_oracle(p.strip('"'), p.startswith('"'))) for p in parts)


def _dollar_quote(body: str) -> tuple[str, str]:
    tag = "$$"
    n = 0
    while tag in body:
        n += 1
        tag = f"$sct{n}$"
    return tag, tag


class _Writer:
    """Writes one unit; `spans` converts its SQL and expressions and collects what they reference."""

    def __init__(self, obj: CodeObject, kind: str, trigger: ir.Trigger | None = None) -> None:
        self.obj = obj
        self.kind = kind                                # procedure | function | trigger | package | block
        self.in_handled_block = 0                       # depth of enclosing blocks with an EXCEPTION section
        self.trigger = trigger
        self.spans = Spans(obj, obj.span.file, trigger)
        self.exceptions: dict[str, tuple[str, str]] = {}    # NAME -> (WHEN text, RAISE text)
        self.collections: dict[str, str] = {}               # local collection type name -> array type
        self.extra: dict[str, str] = {}                     # declarations the conversion needs
        self.declared: set[str] = set()
        self.records: dict[str, _Record] = {}               # record type name (lower case) -> its composite type
        self.collection_info: dict[str, _Collection] = {}   # collection type name (lower case) -> its array
        self.var_collections: dict[str, _Collection] = {}   # variable or parameter -> its collection type
        self.var_types: dict[str, ir.Text] = {}             # variable or parameter -> its declared type
        self.composites: set[str] = set()                   # the composite types records and rows became
        self.cursor_queries: dict[str, str] = {}            # cursor -> its converted query
        self.cursor_rows: dict[str, str | None] = {}        # cursor -> the composite type of its row
        self.shares: dict[int, list[str]] = {}              # id(nested routine) -> what it uses of its unit
        self.ddl: list[str] = []                            # CREATE TYPE / DOMAIN the unit needs, run before it
        self.after: list[str] = []                          # nested routines lifted out (OR435), created after it
        self.lifted: dict[str, str] = {}                    # nested routine (lower case) -> the lifted routine
        self.ref_cursors: set[str] = set()                  # REF CURSOR type names of the unit (lower case, OR436)
        self.subtypes: dict[str, tuple[ir.Subtype, str | None]] = {}    # SUBTYPE -> (it, its domain) (OR439)
        self.pipelined: tuple[str, bool] | None = None      # a PIPELINED function's row type, composite? (OR437)
        self.visible: set[str] = set()                      # parameters, variables and cursors declared so far
        self.type_names: set[str] = set()                   # the names given to the unit's own types
        self.scope = _scope(obj)                            # (schema, base) that names the unit's own types
        context = obj.context
        self.packages = context.packages if context is not None else {}
        self.package = context.current if context is not None else None
        self.columns = context.columns if context is not None else frozenset()
        self.schema_collections = context.collection_types if context is not None else {}
        self.locals: set[str] = set()
        self.spans.names = self.package_names
        self.spans.variables = _declared_types(obj.unit)
        self.placeholders = self.spans.placeholders
        self.seed_package()
        source = obj.source_text
        self.uses_rowcount = re.search(r"\bSQL\s*%\s*(ROWCOUNT|FOUND|NOTFOUND|BULK_ROWCOUNT)", source,
                                       re.I) is not None
        if self.uses_rowcount:
            self.extra[ROWCOUNT] = "integer"

    def place(self, where: ir.Where) -> Span:
        return Span(self.obj.span.file, where.line, where.column)

    def manual(self, where: ir.Where, message: str, rule: str = "OR415") -> None:
        fire(self.obj, rule, self.place(where), message, Effort.MANUAL)

    # -- packages (converter/packages.py: rules OR422-OR426)

    def seed_package(self) -> None:
        """A package routine sees its package's exceptions and collection types; every unit sees pkg.exc."""
        for package in self.packages.values():
            for key in package.exceptions:     # qualified: pk1.e and pk2.e are different exceptions
                state = user_exception_sqlstate(f"{package.schema.upper()}.{key}")
                handling = (f"SQLSTATE '{state}'", f"RAISE EXCEPTION USING ERRCODE = '{state}', "
                                                   "MESSAGE = 'User-Defined Exception';")
                self.exceptions[f"{package.schema.upper()}.{key}"] = handling
                if package is self.package:
                    self.exceptions[key] = handling
        if self.package is not None and self.kind != "package":
            for pragma in self.package.pragmas:
                self.pragma(pragma)
            for item in self.package.collections:
                self.collection(item)
                self.collections[f"{self.package.schema}.{item.name.lower()}"] = self.collections[item.name.lower()]

    def emit_package(self, unit: ir.Package) -> str:
        """CREATE SCHEMA for a spec or a body; findings for the declarations (the routines are objects of their
        own, split off by converter.packages)."""
        package = self.package
        schema = package.schema if package is not None else fold_oracle(unit.name, False)
        if not unit.body:
            fire(self.obj, "OR422", self.obj.span, f"package {unit.name} becomes schema {quote_ident(schema)}")
        if package is not None and (package.variables or package.init is not None) and any(
                isinstance(m, ir.Pragma) and m.name.upper() == "SERIALLY_REUSABLE" for m in unit.members):
            fire(self.obj, "OR425", self.obj.span, f"package {unit.name} is SERIALLY_REUSABLE: Oracle resets its "
                                                   "variables (and runs its initialization again) at each server "
                                                   "call; the session settings keep them for the whole session",
                 Effort.REVIEW)
        if unit.body and unit.initialization is not None and package is not None and package.init is not None:
            fire(self.obj, "OR440", self.place(unit.initialization.where), f"the initialization section of package "
                                                                           f"{unit.name} becomes {_name(str(package.init.name))}()")
        # a construct that is not converted is reported on the body, which no routine depends on
        owner = package.body if package is not None and package.body is not None and package.body.unit is not None \
            else self.obj
        for item in unit.members:
            where = Span(self.obj.span.file, item.where.line, item.where.column)
            if isinstance(item, ir.Variable):
                self.package_declaration(package, item, where, owner)
            elif isinstance(item, ir.ExceptionDecl):
                state = user_exception_sqlstate(f"{schema.upper()}.{item.name.upper()}")
                fire(self.obj, "OR407", where, f"exception {item.name} is SQLSTATE '{state}'")
            elif isinstance(item, (ir.Routine, ir.Pragma)):
                continue
            elif isinstance(item, ir.CollectionType) and item.index_by is None:
                fire(self.obj, "OR414", where, f"TABLE OF / VARRAY type {item.name}: an array in each routine of "
                                               "the package that uses it")
            elif isinstance(item, ir.RecordType):
                self.package_record(item, where, owner)
            elif isinstance(item, ir.CollectionType):       # INDEX BY
                info = self.array_type(item)
                if info.error is not None:
                    fire(owner, info.rule, where, info.error, Effort.MANUAL)
                else:
                    fire(self.obj, "OR431", where, f"{info.note}; an array in each routine of the package that uses it")
            elif isinstance(item, ir.RefCursorType):
                self.ref_cursor(item)
            elif isinstance(item, ir.Subtype):
                domain = f"{quote_ident(schema)}.{quote_ident(fold_oracle(item.name, False))}"
                self.subtype(item, domain if _constrained(item) else None, owner)
            elif isinstance(item, ir.Cursor):
                if item.query is not None:
                    fire(self.obj, "OR441", where, f"package cursor {item.name} is declared in each routine of the "
                                                   "package that uses it", Effort.AUTO)
            else:
                what = type(item).__name__.replace("Type", " type").replace("Decl", "").lower()
                fire(owner, "OR426", where, f"package-level {what} {getattr(item, 'name', '')} is not converted: "
                                            "declare it in each routine that uses it (a record: CREATE TYPE ... AS)")
        return f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)};"

    def package_declaration(self, package, item: ir.Variable, where: Span, owner: CodeObject) -> None:
        kind = _variable_kind(item, package, self.packages)
        key = fold_oracle(item.name, False)
        if kind == "constant":
            fire(self.obj, "OR424", where, f"constant {item.name} = {item.default.text.strip()} is inlined where "
                                           "it is used")
        elif kind == "variable":
            fire(self.obj, "OR425", where, f"package variable {item.name} is kept in the session setting "
                                           f"'{package.schema}.{key}'")
        elif kind == "initialised":
            fire(self.obj, "OR425", where, f"package {'constant' if item.constant else 'variable'} {item.name} is "
                                           f"kept in the session setting '{package.schema}.{key}', set to "
                                           f"{item.default.text.strip()} by {package.schema}.{INIT_FUNCTION}() (OR440)")
        else:
            fire(owner, "OR426", where, f"package {'constant' if item.constant else 'variable'} {item.name} "
                                        f"({item.type.text.strip()}{' := ' + item.default.text.strip() if item.default else ''}): "
                                        "only variables and constants of built-in scalar types are converted")

    def package_member(self, text: str) -> tuple[object, str] | None:
        """(package, folded member name) for `pkg.member`, or `member` inside its own package (not shadowed)."""
        parts = re.findall(r'"[^"]*"|[^.\s]+', text.strip())
        if not parts or any(not re.fullmatch(r'"[^"]*"|[A-Za-z][\w$#]*', p) for p in parts):
            return None
        names = [fold_oracle(p.strip('"'), p.startswith('"')) for p in parts]
        if len(names) == 2 and names[0] in self.packages and names[0] not in self.locals:
            return self.packages[names[0]], names[1]
        if len(names) == 1 and self.package is not None and names[0] not in self.locals:
            return self.package, names[0]
        return None

    def package_variable(self, text: str):
        found = self.package_member(text)
        if found is not None and found[1] in found[0].variables:
            return found[0], found[0].variables[found[1]]
        return None

    def package_routine(self, text: str) -> tuple[str, str] | None:
        found = self.package_member(text)
        if found is not None and found[1] in found[0].routines:
            return found[0].schema, found[1]
        return None

    def setting(self, package, var: ir.Variable, where: ir.Where) -> tuple[str, str] | None:
        """('pkg.var', PostgreSQL type) of a variable kept in a session setting; None (and a finding) if not."""
        if _variable_kind(var, package, self.packages) not in ("variable", "initialised"):
            self.manual(where, f"package variable {var.name} ({var.type.text.strip()}) is not converted: only "
                               "variables of built-in scalar types are", "OR426")
            return None
        name = f"{package.schema}.{fold_oracle(var.name, False)}"
        if var.name != INIT_GUARD:              # the guard of pkg.sct_init() is OR440's
            fire(self.obj, "OR425", self.place(where), f"package variable {var.name} is the session setting "
                                                       f"'{name}' (set_config / current_setting)")
        return name, self.type(var.type)

    def package_value(self, package, var: ir.Variable, where: ir.Where) -> str:
        """The default of a package constant or variable as PostgreSQL: a literal as written ('' is NULL), or a
        constant expression, its constants qualified and inlined in turn, in parentheses; NULL when none."""
        if var.default is None:
            return "NULL"
        text = var.default.text.strip()
        if LITERAL.fullmatch(text):
            return "NULL" if text.upper() in ("NULL", "''") else text
        expression = constant_expression(text, package, self.packages)
        writing, self.spans.writing = self.spans.writing, False
        try:
            return f"({self.spans.expression(ir.Text(expression, where))})"
        finally:
            self.spans.writing = writing

    def package_names(self, text: str, where: ir.Where, writing: bool, in_sql: bool) -> str:
        """Package members named in a span: functions as schema.f(...), constants inlined, variables read from
        their session setting (through placeholders that `Spans` swaps in after rendering)."""
        if not self.packages:
            return text

        def replace(m: re.Match) -> str:
            if not m.group("first") or m.group("dot"):
                return m.group(0)
            name = m.group("first") + (f".{m.group('second')}" if m.group("second") else "")
            after = text[m.end():].lstrip()
            if after.startswith(("=>", "%")):
                return m.group(0)
            found = self.package_member(name)
            if found is None:
                return m.group(0)
            package, member = found
            call = after.startswith("(")
            shadowed = in_sql and member in self.columns and m.group("second") is None
            if member in package.routines:
                if "function" not in package.routines[member]:
                    return m.group(0) if not call else f"{quote_ident(package.schema)}.{quote_ident(member)}"
                if shadowed and not call:
                    self.manual(where, f"{name} in SQL: a column of that name wins in Oracle, else it calls "
                                       f"function {package.schema}.{member}; write which one", "OR426")
                    return m.group(0)
                self.obj.depends_on.append(("routine", QName(package.schema, member)))
                return f"{quote_ident(package.schema)}.{quote_ident(member)}" + ("" if call else "()")
            if member in package.variables:
                var = package.variables[member]
                if shadowed:
                    self.manual(where, f"{name} in SQL: a column of that name wins in Oracle over the package "
                                       f"variable; write which one", "OR426")
                    return m.group(0)
                if writing:
                    self.manual(where, f"package variable {name} as the target of INTO or an OUT argument: "
                                       "assign it with := from a local variable", "OR426")
                    return m.group(0)
                kind = _variable_kind(var, package, self.packages)
                if kind == "constant":
                    fire(self.obj, "OR424", self.place(where), f"constant {name} inlined")
                    replacement = f"CAST({self.package_value(package, var, where)} AS {self.type(var.type)})"
                else:
                    setting = self.setting(package, var, where)
                    if setting is None:
                        return m.group(0)
                    key, pg_type = setting
                    default = self.package_value(package, var, where) if kind == "variable" else "NULL"
                    current = f"nullif(current_setting('{key}', true), '')"
                    if default != "NULL":       # the value until the session first sets it
                        if LITERAL.fullmatch(var.default.text) is None:
                            default = f"CAST({default} AS {pg_type})"
                        current = f"coalesce({current}, CAST({default} AS text))"
                    replacement = f"CAST(nullif({current}, chr(1)) AS {pg_type})"
                placeholder = f"sct_package_value_{len(self.placeholders)}"
                self.placeholders[placeholder] = replacement
                return placeholder
            if member in package.others or member in package.exceptions:
                return m.group(0)
            return m.group(0)
        return _MEMBER_WORDS.sub(replace, text)

    # -- types

    def type(self, text: ir.Text) -> str:
        raw = " ".join(text.text.split())
        where = self.place(text.where)
        if "%" in raw:
            base, _, attribute = raw.partition("%")
            if attribute.strip().upper() == "ROWTYPE" and fold_oracle(base.strip(), False) in self.cursor_queries:
                return self.cursor_rowtype(base.strip(), text.where)
            return f"{_name(base)}%{attribute.strip().upper()}"
        named = self.named_type(raw, text.where)
        if named is not None:
            return named
        user = self.user_type(raw.lower(), text.where)
        if user is not None:
            return user
        m = re.fullmatch(r"([A-Za-z][\w$#]*(?:\s+[A-Za-z][\w$#]*)*)\s*(?:\((.*)\))?", raw)
        if m is None:
            fire(self.obj, "OR415", where, f"type {raw} is not converted")
            return raw
        name, args = m.group(1).upper(), tuple(a.strip() for a in (m.group(2) or "").split(",") if a.strip())
        if name in PLSQL_TYPES:
            target, note = PLSQL_TYPES[name]
            if note:
                fire(self.obj, "OR414", where, f"{raw} becomes {target}: {note}", Effort.REVIEW)
            return target + (f"({args[0]})" if name == "STRING" and args else "")
        mapping = describe_oracle_type(name, args)
        if mapping.target is None:
            if name in ("REF CURSOR",) or " " in name:
                fire(self.obj, "OR415", where, f"type {raw} is not converted")
            return _name(m.group(1))                        # a user-defined SQL type of the scripts
        if mapping.effort is not Effort.AUTO:
            fire(self.obj, mapping.rule_id, where, f"{raw} becomes {mapping.target}: {mapping.note}",
                 mapping.effort)
        return mapping.target

    # -- REF CURSOR types and subtypes (rules OR436, OR439)

    def named_type(self, raw: str, where: ir.Where) -> str | None:
        """A REF CURSOR type (refcursor) or a SUBTYPE (its base type, or the domain of a constrained one) of the
        unit or of a package (pkg.t, or t in its own package); None for any other name."""
        m = re.fullmatch(r"([A-Za-z][\w$#]*(?:\s*\.\s*[A-Za-z][\w$#]*)?)\s*(?:\((.*)\))?", raw)
        if m is None:
            return None
        key, args = re.sub(r"\s+", "", m.group(1)).lower(), m.group(2)
        if key in self.ref_cursors and args is None:
            return "refcursor"
        if key in self.subtypes:
            item, domain = self.subtypes[key]
            return self.subtype_use(item, domain, args, where)
        found = self.package_declaration_named(key)
        if found is None:
            return None
        package, name, item = found
        if isinstance(item, ir.RefCursorType) and args is None:
            return "refcursor"
        if not isinstance(item, ir.Subtype):
            return None
        domain = None
        if _constrained(item):
            if self.kind != "package" and name in package.private and package.body is not None \
                    and package.body.target_sql is None:
                self.manual(where, f"subtype {item.name} is declared in the body of package {package.schema}, which "
                                   "is not converted (see the findings of the package body)", "OR439")
                raise NotConverted
            if package.spec is not None and name not in package.private:
                self.obj.depends_on.append(("routine", package.spec.name))
            domain = f"{quote_ident(package.schema)}.{quote_ident(name)}"
        saved, self.package = self.package, package     # its base type names the package's types unqualified
        try:
            if domain is not None:              # the package's CREATE DOMAIN exists only if this converts
                try:
                    self.element_type(item.base)
                except _Unresolved as e:
                    self.manual(where, f"subtype {package.schema}.{item.name}: {e}", "OR439")
                    raise NotConverted from None
            return self.subtype_use(item, domain, args, where)
        finally:
            self.package = saved

    def subtype_use(self, item: ir.Subtype, domain: str | None, args: str | None, where: ir.Where) -> str:
        """The type of a variable declared as a subtype, `args` its own constraint (v s(20))."""
        if args is None:
            return domain or self.type(item.base)
        if domain is not None or "(" in item.base.text or "%" in item.base.text:
            self.manual(where, f"{item.name}({args}): a constraint on subtype {item.name}, which has one already",
                        "OR439")
            raise NotConverted
        return self.type(ir.Text(f"{item.base.text.strip()}({args})", item.base.where))

    def subtype(self, item: ir.Subtype, name: str | None = None, owner: CodeObject | None = None) -> str | None:
        """SUBTYPE s IS base [RANGE lo..hi] [NOT NULL]: its base type where it is used; with RANGE or NOT NULL a
        domain `name` (<unit>__s by default) that checks them, created before the unit. Returns the domain."""
        base = " ".join(item.base.text.split())
        if not _constrained(item):
            fire(self.obj, "OR439", self.place(item.where), f"subtype {item.name} is its base type {base} where it is "
                                                            "used", Effort.AUTO)
            return None
        name = name or self.type_name(item.name)
        try:
            element = self.element_type(item.base)
        except _Unresolved as e:
            if owner is not None:               # a package's: the routines that use it are left out
                fire(owner, "OR439", self.place(item.where), f"subtype {item.name}: {e}", Effort.MANUAL)
                return None
            self.manual(item.where, f"subtype {item.name}: {e}", "OR439")
            raise NotConverted from None
        checks, said = "", []
        if item.not_null:
            checks += " NOT NULL"
            said.append("NOT NULL (not_null_violation, SQLSTATE 23502)")
        if item.low is not None:
            low, high = self.spans.expression(item.low), self.spans.expression(item.high)
            checks += f" CHECK (VALUE BETWEEN {low} AND {high})"
            said.append(f"RANGE {item.low.text.strip()}..{item.high.text.strip()} (check_violation, SQLSTATE 23514)")
        self.ddl.append(_ddl([f"CREATE DOMAIN {name} AS ", element, checks + ";"]))
        fire(self.obj, "OR439", self.place(item.where),
             f"subtype {item.name} becomes domain {name}, which enforces {' and '.join(said)} on every assignment as "
             "Oracle does; Oracle raises VALUE_ERROR instead, so a WHEN VALUE_ERROR handler does not catch these",
             Effort.REVIEW)
        return name

    def cursor_variable(self, name: str, passed: bool) -> None:
        """A refcursor variable or parameter (`passed`: the caller may have opened it): its %FOUND, %NOTFOUND and
        %ROWCOUNT are kept in variables as for an explicit cursor (OR410), set by OPEN ... FOR and FETCH;
        %ISOPEN asks pg_cursors."""
        self.spans.cursors.add(name)
        self.spans.cursor_variables.add(name)
        used = {m.group(1).upper() for m in re.finditer(rf"(?<![\w$#.]){re.escape(name)}\s*%\s*(FOUND|NOTFOUND|ROWCOUNT)\b",
                                                        self.obj.source_text, re.I)}
        if used:
            self.extra.update({f"sct_{name}_found": "boolean", f"sct_{name}_rowcount": "integer := 0"})
        if passed and "ROWCOUNT" in used:
            fire(self.obj, "OR436", self.obj.span, f"{name}%ROWCOUNT of a cursor the caller may have opened counts "
                                                   "the rows fetched in this routine only", Effort.REVIEW)

    def ref_cursor(self, item: ir.RefCursorType) -> None:
        fire(self.obj, "OR436", self.place(item.where), f"REF CURSOR type {item.name} is refcursor" + (
            f"; PostgreSQL does not check that the queries opened for it return {item.return_type.text.strip()} "
            "(Oracle checked them when it compiled this code)" if item.return_type is not None else ""))

    # -- units

    def parameters(self, routine: ir.Routine) -> str:
        out = []
        for p in routine.parameters:
            mode = {"IN": "", "OUT": "OUT ", "IN OUT": "INOUT "}[p.mode]
            pg_type = self.type(p.type)
            self.register(fold_oracle(p.name, False), p.type, pg_type)
            if pg_type == "refcursor":
                self.cursor_variable(fold_oracle(p.name, False), p.mode != "OUT")
            text = f"{mode}{quote_ident(fold_oracle(p.name, False))} {pg_type}"
            if p.default is not None:
                text += f" DEFAULT {self.spans.expression(p.default)}"
            out.append(text)
        return ", ".join(out)

    def emit_routine(self, routine: ir.Routine, lifted: str | None = None) -> str:
        """CREATE PROCEDURE / FUNCTION; `lifted`: the name of a nested routine lifted out of its unit (OR435)."""
        self.locals = _local_names(routine.body, routine.parameters)
        for name in sorted(self.locals & _COLUMN_NAME_KEYWORDS):
            self.manual(routine.where, f"parameter or variable {name} is a PostgreSQL keyword that cannot name a "
                                       "value in an expression: rename it")
        if self.package is not None and lifted is None:
            fire(self.obj, "OR422", self.obj.span, f"{routine.kind} {routine.name.partition('.')[2]} of package "
                                                   f"{self.package.schema} becomes {_name(routine.name)}")
        if routine.body is None:
            self.manual(routine.where, f"{routine.kind} {routine.name} is implemented outside PL/SQL "
                                       f"({routine.call_spec or 'no body'})")
            raise NotEmitted
        words = [a.upper() for a in routine.attributes]
        for attribute in routine.attributes:
            if attribute.upper().startswith(("AGGREGATE", "USING")):
                self.manual(routine.where, f"{attribute} functions are not converted")
            elif "PIPELINED" in words and attribute.upper().startswith(("PARALLEL_ENABLE", "ORDER", "CLUSTER")):
                self.manual(routine.where, f"PIPELINED function with {attribute}: PostgreSQL does not run a "
                                           "set-returning function in parallel over partitions of its cursor "
                                           "argument; write it without (parallel query may still scan its input)",
                            "OR437")
        try:
            params = self.parameters(routine)
            self.visible |= {fold_oracle(p.name, False) for p in routine.parameters}
            returns = ""
            if "PIPELINED" in words and routine.kind == "function":
                returns = self.pipelined_returns(routine)
            body = self.body(routine.body)
            if routine.kind == "function":
                if any(p.mode != "IN" for p in routine.parameters):
                    self.manual(routine.where, "a function with OUT parameters: PostgreSQL functions return "
                                               "their OUT parameters instead of a value")
                returns = returns or f"\nRETURNS {self.type(routine.return_type)}"
        except NotConverted:
            raise NotEmitted from None
        security = "\nSECURITY DEFINER" if "AUTHID DEFINER" in [a.upper() for a in routine.attributes] else ""
        kind = "FUNCTION" if routine.kind == "function" else "PROCEDURE"
        if lifted is None:
            fire(self.obj, "OR402" if routine.kind == "function" else "OR401", self.obj.span)
        tag, _ = _dollar_quote(body)
        name = lifted or _name(routine.name)
        return (f"CREATE OR REPLACE {kind} {name}({params}){returns}\nLANGUAGE plpgsql{security}\n"
                f"AS {tag}\n{body}\n{tag};")

    def pipelined_returns(self, routine: ir.Routine) -> str:
        """RETURNS of a PIPELINED function (OR437): SETOF the element type of a collection of rows (an object type,
        a record, table%ROWTYPE), whose columns are its attributes; TABLE(column_value t) for a collection of
        scalars, as Oracle's TABLE(f(...)) names that column COLUMN_VALUE. PIPE ROW then becomes RETURN NEXT."""
        raw = " ".join(routine.return_type.text.split())
        self.type(routine.return_type)
        info = self.collection_of(raw.lower())
        if info is not None and info.error is None and info.kind != "index":
            element, composite = info.composite or info.element, info.composite is not None
        elif raw.lower() in getattr(self.obj.context, "collection_elements", {}):
            element, composite = self.obj.context.collection_elements[raw.lower()]
        else:
            self.manual(routine.where, f"PIPELINED function returning {raw}: not a TABLE OF / VARRAY type these "
                                       "scripts declare (at schema level or in a package spec)", "OR437")
            raise NotConverted
        self.pipelined = (element, composite)
        returns = f"SETOF {element}" if composite else f"TABLE(column_value {element})"
        fire(self.obj, "OR437", self.place(routine.where),
             f"PIPELINED function {routine.name} returning {raw} becomes RETURNS {returns}, PIPE ROW becomes RETURN "
             "NEXT: PostgreSQL gives the caller the rows when the function has returned them all, not as they are "
             "piped (a caller that reads only the first rows still runs it to the end, and a function that pipes "
             "rows until the caller stops never returns; NO_DATA_NEEDED is never raised)", Effort.REVIEW)
        return f"\nRETURNS {returns}"

    def emit_block(self, unit: ir.AnonymousBlock) -> str:
        """DO $$ ... $$; for an anonymous block (OR427): the body of a routine without parameters."""
        self.locals = _local_names(unit.block)
        for name in sorted(self.locals & _COLUMN_NAME_KEYWORDS):
            self.manual(unit.where, f"variable {name} is a PostgreSQL keyword that cannot name a value in an "
                                    "expression: rename it")
        self.block_inputs()
        try:
            body = self.body(unit.block, unit.labels)
        except NotConverted:
            raise NotEmitted from None
        fire(self.obj, "OR427", self.obj.span, "anonymous block becomes a DO block in data.sql" +
             (", run between data.sql's transactions because it ends transactions itself"
              if self.obj.ends_transaction else ""))
        tag, _ = _dollar_quote(body)
        return f"DO {tag}\n{body}\n{tag};"

    def block_inputs(self) -> None:
        """Bind variables (:name) and substitution variables (&name) a DO block cannot receive; DDL run by
        EXECUTE IMMEDIATE, whose Oracle text is not converted (OR427, MANUAL)."""
        source = self.obj.source_text
        for m in _BLOCK_INPUTS.finditer(source):
            if m.group("bind") is None and m.group("define") is None and m.group("verb") is None:
                continue
            line = self.obj.span.line + source.count("\n", 0, m.start())
            column = m.start() - (source.rfind("\n", 0, m.start()) + 1) + 1
            where = ir.Where(line, column, m.start(), m.end())
            if m.group("bind") is not None:
                self.manual(where, f"bind variable :{m.group('bind')}: a DO block takes no parameters; write the "
                                   "value in the block or make it a procedure with a parameter", "OR427")
            elif m.group("define") is not None:
                self.manual(where, f"substitution variable &{m.group('define')} has no value (--define it): a DO "
                                   "block takes no parameters", "OR427")
            else:
                self.manual(where, f"EXECUTE IMMEDIATE '{m.group('verb').upper()} ...': DDL in an anonymous block is "
                                   "Oracle text that is not converted, and data.sql runs after schema.sql; write the "
                                   "PostgreSQL DDL in the schema instead", "OR427")

    def emit_trigger(self, trigger: ir.Trigger, transition: dict[str, str] | None = None) -> str:
        """A trigger function and its CREATE TRIGGER; a compound trigger as one of each per timing point. With
        `transition` (a compound trigger's AFTER STATEMENT reading collected rows, OR443), one CREATE TRIGGER
        per event, each with its transition table."""
        events = self.trigger_events(trigger)
        if trigger.timing == "FOR" or trigger.sections:
            return self.emit_compound_trigger(trigger)
        if trigger.body is None:
            self.manual(trigger.where, "a trigger whose body is CALL routine: write the call in a trigger function")
            raise NotEmitted
        row = trigger.each_row or trigger.timing == "INSTEAD OF"
        try:
            when = f"\nWHEN ({self.spans.expression(trigger.when)})" if trigger.when is not None else ""
            body = self.body(trigger.body)
        except NotConverted:
            raise NotEmitted from None
        for option in trigger.options:
            if option.upper().startswith(("FOLLOWS", "PRECEDES")):
                fire(self.obj, "OR403", self.place(trigger.where), f"{option}: PostgreSQL fires the triggers of "
                                                                    "an event in name order", Effort.REVIEW)
        fire(self.obj, "OR403", self.obj.span)
        table = _name(trigger.target)
        schema = _name(trigger.name).rpartition(".")[0]
        base = fold_oracle(trigger.name.rpartition(".")[2].strip('"'), trigger.name.endswith('"'))
        function = (schema + "." if schema else "") + quote_ident(f"{base[:PG_MAX_IDENT - 3]}_fn")
        tag, _ = _dollar_quote(body)
        out = [f"CREATE OR REPLACE FUNCTION {function}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS {tag}\n{body}\n{tag};"]
        names = [base]
        if transition:              # PostgreSQL allows transition tables on single-event triggers only
            names = [f"{base}_{e.split()[0].lower()}" for e in events]
            referencing = " ".join(f"{which} TABLE AS {name}" for which, name in sorted(transition.items()))
            for name, event in zip(names, events, strict=True):
                out.append(f"CREATE OR REPLACE TRIGGER {quote_ident(name)}\n{trigger.timing} {event} ON {table}\n"
                           f"REFERENCING {referencing}\nFOR EACH STATEMENT\nEXECUTE FUNCTION {function}();")
        else:
            out.append(f"CREATE OR REPLACE TRIGGER {quote_ident(base)}\n{trigger.timing} {' OR '.join(events)} ON "
                       f"{table}\nFOR EACH {'ROW' if row else 'STATEMENT'}{when}\nEXECUTE FUNCTION {function}();")
        if not self.obj.enabled or any(o.upper() == "DISABLE" for o in trigger.options):
            out += [f"ALTER TABLE {table} DISABLE TRIGGER {quote_ident(name)};" for name in names]
        self.obj.depends_on.append(("relation", QName(*_qname(trigger.target))))
        return "\n".join(out)

    def trigger_events(self, trigger: ir.Trigger) -> list[str]:
        """INSERT, UPDATE [OF columns], DELETE as PostgreSQL writes them; NotEmitted (OR419, MANUAL, with the
        PostgreSQL way) for DDL and database events and for triggers on a view's nested table."""
        if trigger.target_kind == "nested table":
            self.manual(trigger.where, f"INSTEAD OF trigger on nested table column {trigger.nested_column} of view "
                                       f"{trigger.target}: PostgreSQL views have no nested table columns, so there "
                                       "are no element inserts, updates or deletes to intercept; write the change "
                                       "to the base table where the application changes the collection", "OR419")
            raise NotEmitted
        events = []
        for event in trigger.events:
            name = " ".join(event.name.upper().split())
            if name not in ("INSERT", "UPDATE", "DELETE") or trigger.target_kind != "table":
                self.manual(trigger.where, _EVENT_ADVICE.get(name.split()[0], _DDL_ADVICE).format(
                    event=name, target=trigger.target), "OR419")
                raise NotEmitted
            columns = ", ".join(quote_ident(fold_oracle(c.strip('"'), c.startswith('"'))) for c in event.columns)
            events.append(f"UPDATE OF {columns}" if event.columns else name)
        return events

    def emit_compound_trigger(self, trigger: ir.Trigger) -> str:
        """One trigger function and CREATE TRIGGER per timing point (converter.compound_triggers, OR442), each
        written by a writer of its own; MANUAL (OR419) when the timing points share state."""
        from sct.converter.compound_triggers import split_compound

        if trigger.when is not None:
            self.manual(trigger.when.where, f"compound trigger {trigger.name} with a WHEN condition: write it as an "
                                            "IF in the row-level timing points", "OR419")
            raise NotEmitted
        split = split_compound(trigger)
        for where, message in split.problems:
            self.manual(where, f"compound trigger {trigger.name}: {message}", "OR419")
        if not split.problems and not split.parts:
            self.manual(trigger.where, f"compound trigger {trigger.name} has no statements", "OR419")
        if split.problems or not split.parts:
            raise NotEmitted
        out = []
        for part in split.parts:
            writer = _Writer(self.obj, "trigger", part.trigger)
            out.append(writer.emit_trigger(part.trigger, part.transition))
            spans = writer.spans
            self.obj.depends_on += [("relation", n) for n in spans.tables if n.name not in TRANSITION.values()]
            self.obj.depends_on += [("sequence", n) for n in spans.sequences]
            self.obj.depends_on += [("routine", n) for n in spans.routines]
        for where, message in split.notes:
            fire(self.obj, "OR442", self.place(where), f"compound trigger {trigger.name}: {message}", Effort.REVIEW)
        timings = {" ".join(s.timing.upper().split()) for s in trigger.sections}
        if {"BEFORE EACH ROW", "AFTER EACH ROW"} <= timings:
            fire(self.obj, "OR442", self.place(trigger.where), f"compound trigger {trigger.name}: PostgreSQL runs "
                                                               "the AFTER EACH ROW part of every row after the BEFORE "
                                                               "EACH ROW part of the last row (it queues AFTER ROW "
                                                               "triggers to the end of the statement); Oracle "
                                                               "alternates them row by row", Effort.REVIEW)
        if split.collected:
            fire(self.obj, "OR443", self.place(trigger.where), f"compound trigger {trigger.name}: "
                                                               f"{', '.join(split.collected)} collected in AFTER EACH "
                                                               "ROW and read in AFTER STATEMENT become a transition "
                                                               "table; its rows come in the order PostgreSQL changed "
                                                               "them")
        fire(self.obj, "OR442", self.obj.span, f"compound trigger {trigger.name} becomes {len(split.parts)} "
                                               f"trigger{'s' if len(split.parts) != 1 else ''}, one per timing point "
                                               f"({', '.join(p.suffix.replace('_', ' ') for p in split.parts)})",
             Effort.AUTO)
        return "\n".join(out)

    def trigger_return(self) -> list[str]:
        """What an Oracle trigger's end (or RETURN;) is in PostgreSQL: the row to write, or NULL."""
        trigger = self.trigger
        row = trigger.each_row or trigger.timing == "INSTEAD OF"
        if not row or trigger.timing == "AFTER":
            return ["RETURN NULL;"]
        names = {e.name.upper() for e in trigger.events}
        if names == {"DELETE"}:
            return ["RETURN OLD;"]
        if "DELETE" in names:
            return ["IF TG_OP = 'DELETE' THEN", INDENT + "RETURN OLD;", "END IF;", "RETURN NEW;"]
        return ["RETURN NEW;"]

    # -- blocks

    def body(self, block: ir.Block, labels: list[str] = ()) -> str:
        """The routine's top-level block, with the declarations the conversion added."""
        declarations = self.declarations(block.declarations)
        self.in_handled_block += bool(block.handlers)
        statements = self.statements(block.statements, 1)
        handlers = self.handlers(block.handlers, 1)
        self.in_handled_block -= bool(block.handlers)
        if self.kind == "trigger":
            if handlers:        # a handler that completes must still return the row
                statements = ([INDENT + "BEGIN"] + [INDENT + s for s in statements] + [INDENT + "EXCEPTION"]
                              + [INDENT + h for h in handlers] + [INDENT + "END;"])
                handlers = []
            statements += [INDENT + s for s in self.trigger_return()]
        declarations += [f"{INDENT}{quote_ident(n)} {t};" for n, t in self.extra.items() if n not in self.declared]
        lines = ["#variable_conflict use_column"] + [f"<<{fold_oracle(label, False)}>>" for label in labels]
        if declarations:
            lines += ["DECLARE"] + declarations
        lines += ["BEGIN"] + (statements or [INDENT + "NULL;"])
        if handlers:
            lines += ["EXCEPTION"] + handlers
        lines.append("END;")
        return "\n".join(lines)

    def block(self, block: ir.Block, depth: int, labels: list[str]) -> list[str]:
        pad = INDENT * depth
        out = [f"{pad}<<{fold_oracle(label, False)}>>" for label in labels]
        declarations = self.declarations(block.declarations, depth + 1)
        if declarations:
            out += [pad + "DECLARE"] + declarations
        self.in_handled_block += bool(block.handlers)
        out += [pad + "BEGIN"] + (self.statements(block.statements, depth + 1) or [pad + INDENT + "NULL;"])
        handlers = self.handlers(block.handlers, depth + 1)
        self.in_handled_block -= bool(block.handlers)
        if handlers:
            out += [pad + "EXCEPTION"] + handlers
        end = f" {fold_oracle(block.end_label, False)}" if block.end_label else ""
        return out + [f"{pad}END{end};"]

    # -- declarations

    def declarations(self, items: list[ir.Declaration], depth: int = 1) -> list[str]:
        pad = INDENT * depth
        out: list[str] = []
        for item in items:
            if isinstance(item, ir.Pragma):
                self.pragma(item)
        self.nested_routines(items)
        for item in items:
            if isinstance(item, ir.Variable):
                name = fold_oracle(item.name, False)
                self.declared.add(name)
                pg_type = self.type(item.type)
                self.register(name, item.type, pg_type)
                if pg_type == "refcursor":
                    self.cursor_variable(name, False)
                text = f"{pad}{quote_ident(name)}{' CONSTANT' if item.constant else ''} {pg_type}"
                if item.not_null:
                    text += " NOT NULL"
                if item.default is not None:
                    text += f" := {self.spans.expression(item.default)}"
                else:
                    text += self.initial_value(item.type, pg_type)
                out.append(text + ";")
                self.visible.add(name)
            elif isinstance(item, ir.Cursor):
                out += self.cursor(item, pad)
            elif isinstance(item, ir.ExceptionDecl):
                key = item.name.upper()
                if key not in self.exceptions:
                    state = user_exception_sqlstate(key)
                    self.exceptions[key] = (f"SQLSTATE '{state}'", f"RAISE EXCEPTION USING ERRCODE = '{state}', "
                                                                   "MESSAGE = 'User-Defined Exception';")
                    fire(self.obj, "OR407", self.place(item.where), f"exception {item.name} is SQLSTATE '{state}'")
            elif isinstance(item, ir.CollectionType):
                self.collection(item)
                self.use_collection(item.name.lower(), item.where)
            elif isinstance(item, ir.Pragma):
                continue
            elif isinstance(item, ir.RecordType):
                self.record(item)
            elif isinstance(item, ir.Routine):
                self.nested_routine(item)
            elif isinstance(item, ir.RefCursorType):
                self.ref_cursors.add(item.name.lower())
                self.ref_cursor(item)
            elif isinstance(item, ir.Subtype):
                self.subtypes[item.name.lower()] = (item, self.subtype(item))
            else:
                self.manual(item.where, f"declaration {type(item).__name__} is not converted")
        return out

    def cursor(self, item: ir.Cursor, pad: str) -> list[str]:
        name = fold_oracle(item.name, False)
        self.spans.cursors.add(name)
        self.declared.add(name)
        self.visible.add(name)
        if item.query is None:
            self.manual(item.where, f"cursor {item.name} has no query")
            return []
        params = ""
        if item.parameters:
            params = " (" + ", ".join(f"{quote_ident(fold_oracle(p.name, False))} {self.type(p.type)}"
                                      for p in item.parameters) + ")"
            if any(p.default is not None for p in item.parameters):
                self.manual(item.where, "cursor parameters with defaults: PostgreSQL cursor parameters have none")
        if re.search(rf"\b{re.escape(item.name)}\s*%\s*(FOUND|NOTFOUND|ROWCOUNT|ISOPEN)", self.obj.source_text, re.I):
            self.extra.update({f"sct_{name}_found": "boolean", f"sct_{name}_rowcount": "integer",
                               f"sct_{name}_isopen": "boolean := FALSE"})
        query = self.spans.query(item.query)
        self.cursor_queries[name] = query
        return [f"{pad}{quote_ident(name)} CURSOR{params} FOR {query};"]

    def schema_collection(self, name: str, type_: ir.Text) -> None:
        """A parameter or variable of a schema-level VARRAY / TABLE OF type (a domain over an array) is an array:
        v(i) and v.COUNT as for local collections, and v.FIRST / v.LAST as array bounds."""
        raw = " ".join(type_.text.split()).lower()
        if "%" in raw or raw in self.collections:
            return
        variant = self.schema_collections.get(raw)
        if variant is not None:
            self.spans.arrays.add(name)
            self.spans.bounded[name] = variant
            if getattr(self.obj.context, "collection_elements", {}).get(raw, ("", False))[1]:
                self.spans.array_rows.add(name)

    # -- records and collections (rules OR414, OR430, OR431)

    def type_name(self, name: str) -> str:
        """The qualified name of a type or domain the unit declares: `<unit>__<name>` in the unit's schema (two
        units' local types never share a name; a second declaration in one unit gets a suffix); a package's own
        types keep their name in the package's schema."""
        schema, base = self.scope
        folded = fold_oracle(name.strip('"'), name.startswith('"'))
        full = f"{base}__{folded}" if base else folded
        candidate, n = full, 1
        while candidate in self.type_names:
            n += 1
            candidate = f"{full}_{n}"
        self.type_names.add(candidate)
        return (quote_ident(schema) + "." if schema else "") + quote_ident(_fit(candidate))

    def record(self, item: ir.RecordType) -> None:
        """TYPE r IS RECORD (...) in a block -> CREATE TYPE <unit>__r AS (...), created before the unit (OR430)."""
        name = self.type_name(item.name)
        try:
            self.ddl.append(self.composite(name, item))
        except _Unresolved as e:
            self.manual(item.where, f"record type {item.name}: {e}", "OR430")
            raise NotConverted from None
        self.records[item.name.lower()] = _Record(name, item)
        self.composites.add(name)
        fire(self.obj, "OR430", self.place(item.where), f"record type {item.name} becomes composite type {name}")
        self.record_notes(item)

    def package_record(self, item: ir.RecordType, where: Span, owner: CodeObject) -> None:
        """A record type of a package spec or body -> CREATE TYPE pkg.r AS (...) with the package's schema."""
        name = self.type_name(item.name)
        try:
            self.ddl.append(self.composite(name, item))
        except _Unresolved as e:
            fire(owner, "OR430", where, f"record type {item.name}: {e}", Effort.MANUAL)
            return
        self.records[item.name.lower()] = _Record(name, item)
        self.composites.add(name)
        fire(self.obj, "OR430", where, f"record type {item.name} becomes composite type {name}")
        self.record_notes(item)

    def record_notes(self, item: ir.RecordType) -> None:
        not_null = [f.name for f in item.fields if f.not_null]
        if not_null:
            fire(self.obj, "OR430", self.place(item.where),
                 f"record type {item.name}: a composite type does not enforce NOT NULL on {', '.join(not_null)} "
                 "(assigning NULL does not raise VALUE_ERROR); variables of the type start with the field defaults",
                 Effort.REVIEW)

    def composite(self, name: str, item: ir.RecordType) -> str:
        """CREATE TYPE name AS (field type, ...); a DO block that reads the column types from the catalog when a
        field is declared as table.column%TYPE (PostgreSQL's CREATE TYPE takes no %TYPE)."""
        segments: list[str | _Element] = [f"CREATE TYPE {name} AS ("]
        for n, f in enumerate(item.fields):
            segments += [("" if n == 0 else ", ") + quote_ident(fold_oracle(f.name.strip('"'), f.name.startswith('"')))
                         + " ", self.element_type(f.type)]
        return _ddl(segments + [");"])

    def element_type(self, text: ir.Text) -> _Element:
        """The type of a record field or collection element, where PL/pgSQL needs a type name (no %TYPE)."""
        raw = " ".join(text.text.split())
        if "%" not in raw:
            sql = self.type(text)
            return _Element(sql, None, sql, sql if sql in self.composites else None)
        base, _, attribute = raw.partition("%")
        base, attribute = base.strip(), attribute.strip().upper()
        parts = [fold_oracle(p.strip('"'), p.startswith('"')) for p in re.findall(r'"[^"]*"|[^.\s]+', base)]
        if attribute == "ROWTYPE" and len(parts) == 1 and parts[0] in self.cursor_queries:
            row = self.cursor_row(parts[0])
            if row is None:
                raise _Unresolved(f"{raw}: the row type of a cursor is known here only for a query of table "
                                  "columns (SELECT * FROM t, or SELECT t.a, t.b FROM t ...); declare a record type "
                                  "with the cursor's columns and use it")
            return _Element(row, None, row, row)
        cursor = self.package_member(base) if attribute == "ROWTYPE" else None
        if cursor is not None and isinstance(cursor[0].others.get(cursor[1]), ir.Cursor):
            raise _Unresolved(f"{raw}: the row type of a package cursor is not known here; declare a record type "
                              "with the cursor's columns and use it")
        if attribute == "ROWTYPE" and 1 <= len(parts) <= 2:
            table = ".".join(quote_ident(p) for p in parts)
            self.obj.depends_on.append(("relation", QName(*([None] + parts)[-2:])))
            return _Element(table, None, f"{table}%ROWTYPE", table)
        if attribute != "TYPE":
            raise _Unresolved(f"{raw} is not converted")
        if len(parts) == 1 and parts[0] in self.var_types:
            return self.element_type(self.var_types[parts[0]])
        if len(parts) in (2, 3) and parts[0] not in self.var_types and parts[0] not in self.packages:
            return self.column_type(parts[:-1], parts[-1])
        raise _Unresolved(f"{raw}: only table.column%TYPE, table%ROWTYPE and the %TYPE of a variable declared "
                          "before it can type a record field or a collection element; write the type")

    def column_type(self, table: list[str], column: str) -> _Element:
        """A column's type, looked up in the catalog when the type is created (table.column%TYPE)."""
        regclass = ".".join(quote_ident(p) for p in table)
        self.obj.depends_on.append(("relation", QName(*([None] + table)[-2:])))
        lookup = (f"(SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                  f"{sql_string(regclass)}::regclass AND attname = {sql_string(column)} AND NOT attisdropped)")
        return _Element(None, lookup, f"{regclass}.{quote_ident(column)}%TYPE", None)

    def cursor_rowtype(self, cursor: str, where: ir.Where) -> str:
        """cursor%ROWTYPE of a variable: the composite type of the cursor's columns, else `record`."""
        row = self.cursor_row(fold_oracle(cursor, False))
        if row is not None:
            return row
        fire(self.obj, "OR430", self.place(where), f"{cursor}%ROWTYPE becomes record: the cursor's column types are "
                                                   "not known here, and a record variable has no fields until FETCH "
                                                   "or SELECT INTO assigns it (in Oracle they are NULL before)",
             Effort.REVIEW)
        return "record"

    def cursor_row(self, cursor: str) -> str | None:
        """The composite type of a cursor's row: the table's row type for SELECT * FROM t, a type of its own for
        a list of table columns; None for anything else (expressions, several tables with *)."""
        if cursor in self.cursor_rows:
            return self.cursor_rows[cursor]
        row = None
        try:
            tree = sqlglot.parse_one(self.cursor_queries[cursor], read="postgres")
        except sqlglot.errors.ParseError:
            tree = None
        source = (tree.args.get("from") or tree.args.get("from_")) if isinstance(tree, exp.Select) else None
        tables = [source.this] + [j.this for j in tree.args.get("joins") or []] if source is not None else []
        if tables and all(isinstance(t, exp.Table) and t.name for t in tables):
            named = {t.alias_or_name.lower(): t for t in tables}
            items = tree.expressions
            if len(items) == 1 and isinstance(items[0], exp.Star) and len(tables) == 1:
                row = ".".join(quote_ident(p) for p in (tables[0].db, tables[0].name) if p)
                self.obj.depends_on.append(("relation", QName(tables[0].db or None, tables[0].name)))
            else:
                segments: list[str | _Element] = []
                for item in items:
                    column = item.this if isinstance(item, exp.Alias) else item
                    table = named.get(column.table.lower()) if isinstance(column, exp.Column) and column.table \
                        else tables[0] if len(tables) == 1 else None
                    if not isinstance(column, exp.Column) or not isinstance(column.this, exp.Identifier) \
                            or table is None or column.name.lower() not in self.columns:
                        segments = []
                        break
                    segments += [(", " if segments else "") + quote_ident(item.alias_or_name) + " ",
                                 self.column_type([p for p in (table.db, table.name) if p], column.name)]
                if segments:
                    row = self.type_name(f"{cursor}_row")
                    self.ddl.append(_ddl([f"CREATE TYPE {row} AS ("] + segments + [");"]))
        if row is not None:
            self.composites.add(row)
        self.cursor_rows[cursor] = row
        return row

    def user_type(self, key: str, where: ir.Where) -> str | None:
        """A record or collection type of the unit or of a package (pkg.t, or t in its own package), as its
        PostgreSQL type; None for any other name."""
        if self.collection_of(key) is not None:
            return self.use_collection(key, where)
        if key in self.records:
            return self.records[key].sql
        found = self.package_type(key)
        if found is None:
            return None
        package, item = found
        name = fold_oracle(item.name, False)
        home = self.obj.context.current if self.obj.context is not None else None
        if package is not home and "." not in key:      # a type of another package, named inside that package
            return self.user_type(f"{package.schema}.{name}", where)
        if package is not self.package:         # its types name the package's other types without a prefix
            if package.spec is not None:
                self.obj.depends_on.append(("routine", package.spec.name))
            saved, self.package = self.package, package
            try:
                return self.user_type(key, where)
            finally:
                self.package = saved
        if self.kind != "package" and name in package.private and package.body is not None \
                and package.body.target_sql is None:
            self.manual(where, f"type {item.name} is declared in the body of package {package.schema}, which is not "
                               "converted (see the findings of the package body)", "OR430")
            raise NotConverted
        if isinstance(item, ir.CollectionType):
            self.collection(item, key)
            return self.use_collection(key, where)
        sql = f"{quote_ident(package.schema)}.{quote_ident(name)}"
        if self.kind != "package":
            try:
                self.composite(sql, item)           # the package's CREATE TYPE exists only if this converts
            except _Unresolved as e:
                self.manual(where, f"record type {package.schema}.{item.name}: {e}", "OR430")
                raise NotConverted from None
        self.records[key] = _Record(sql, item)
        self.composites.add(sql)
        return sql

    def package_declaration_named(self, key: str) -> tuple[object, str, object] | None:
        """(package, folded name, its declaration or None) for `pkg.name`, or `name` inside a package; None
        otherwise."""
        parts = key.split(".")
        if len(parts) == 2 and parts[0] in self.packages:
            package, name = self.packages[parts[0]], parts[1]
        elif len(parts) == 1 and self.package is not None:
            package, name = self.package, parts[0]
        else:
            return None
        return package, name, package.others.get(name)

    def package_type(self, key: str) -> tuple[object, ir.RecordType | ir.CollectionType] | None:
        """(package, declaration) of a record type or an INDEX BY table type that a package declares."""
        found = self.package_declaration_named(key)
        if found is None:
            return None
        package, name, item = found
        if isinstance(item, ir.RecordType) or (isinstance(item, ir.CollectionType) and item.index_by is not None):
            return package, item
        item = next((c for c in package.collections if fold_oracle(c.name, False) == name), None)
        return (package, item) if item is not None else None

    def collection_of(self, key: str) -> _Collection | None:
        """What the collection type `key` became (`pkg.t` too, as seed_package names a package's own types)."""
        info = self.collection_info.get(key)
        if info is None and key in self.collections:
            info = self.collection_info.get(key.rpartition(".")[2])
        return info

    def collection(self, item: ir.CollectionType, key: str | None = None) -> None:
        """A collection type, remembered as the array it becomes (OR414; INDEX BY an integer: OR431). Its
        findings fire where it is used (`use_collection`)."""
        key = key or item.name.lower()
        info = self.array_type(item)
        self.collection_info[key] = info
        self.collections[key] = info.sql
        if info.error is None:
            self.spans.collections[key] = info.element
            if info.kind != "index":
                fire(self.obj, "OR414", self.place(item.where))

    def use_collection(self, key: str, where: ir.Where) -> str:
        info = self.collection_of(key)
        if info.error is not None:
            self.manual(where if info.where is None else info.where, info.error, info.rule)
            raise NotConverted
        if info.note is not None:
            fire(self.obj, "OR431", self.place(info.where), info.note)
        if info.ddl is not None and info.ddl not in self.ddl:
            self.ddl.append(info.ddl)
        return info.sql

    def array_type(self, item: ir.CollectionType) -> _Collection:
        kind = "index" if item.index_by is not None else item.kind
        note = None
        if kind == "index":
            index = " ".join(item.index_by.text.split())
            if re.sub(r"\s*\(.*", "", index).upper() not in _INTEGER_KEYS:
                return _Collection(kind, where=item.where, rule="OR431", error=(
                    f"associative array {item.name} INDEX BY {index} is not converted: PostgreSQL has no collection "
                    "with string keys in sorted order (jsonb and hstore keep keys in an order of their own, so FIRST, "
                    "NEXT and LAST would differ); use a temporary table keyed on the index (ORDER BY the key to "
                    "walk it), or jsonb where the code never depends on the key order"))
            note = (f"associative array {item.name} (INDEX BY {index}) becomes an array that starts empty ('{{}}'): "
                    "exact while its keys are consecutive. An array holds every index between its lowest and "
                    "highest key, so keys with gaps leave NULL elements that COUNT counts, EXISTS finds and "
                    "FIRST/NEXT/PRIOR/LAST visit; the first key set (0 or below too) is the array's lower bound; "
                    "DELETE(i) is not converted")
        try:
            element = self.element_type(item.element)
        except _Unresolved as e:
            return _Collection(kind, where=item.where, error=f"collection type {item.name}: {e}")
        except NotConverted:
            return _Collection(kind, where=item.where, error=f"collection type {item.name}: its element type "
                                                             f"{item.element.text.strip()} is not converted")
        if (element.sql or "").endswith("]"):
            return _Collection(kind, where=item.where, error=f"collection type {item.name} of a collection "
                                                             f"({item.element.text.strip()}): PostgreSQL arrays do "
                                                             "not nest; use an array of a composite type")
        ddl = None
        if element.sql is None:                 # table.column%TYPE: a domain over an array of the column's type
            sql = self.type_name(item.name)
            ddl = _ddl([f"CREATE DOMAIN {sql} AS ", element, "[];"])
        else:
            sql = element.sql + "[]"
        limit = item.limit.text.strip() if item.limit is not None and re.fullmatch(r"\s*\d+\s*", item.limit.text) \
            else None
        return _Collection(kind, sql, element.declared, element.composite, limit, ddl, note=note, where=item.where)

    def register(self, name: str, type_: ir.Text, pg_type: str) -> None:
        """Remember a parameter's or variable's type; a collection is an array (v(i), v.COUNT, ...)."""
        self.var_types[name] = type_
        if pg_type in self.composites or pg_type == "record" or pg_type.upper().endswith("%ROWTYPE"):
            self.spans.records.add(name)
        info = self.collection_of(" ".join(type_.text.split()).lower())
        if info is None or info.error is not None:
            self.schema_collection(name, type_)
            return
        self.spans.arrays.add(name)
        self.spans.variants[name] = info.kind
        if info.composite is not None:
            self.spans.array_rows.add(name)
        if info.limit is not None:
            self.spans.limits[name] = info.limit
        self.var_collections[name] = info

    def initial_value(self, type_: ir.Text, pg_type: str) -> str:
        """` := ...` for a variable declared without one: an associative array starts empty, a record with its
        fields' defaults."""
        key = " ".join(type_.text.split()).lower()
        info = self.collection_of(key)
        if info is not None and info.kind == "index":
            return " := '{}'"
        record = self.records.get(key)
        value = self.record_value(record) if record is not None else None
        return f" := {value}" if value is not None else ""

    def record_value(self, record: _Record) -> str | None:
        """ROW(defaults)::type for a record type with field defaults (nested records too); None without any."""
        values, any_default = [], False
        for f in record.item.fields:
            nested = self.records.get(" ".join(f.type.text.split()).lower())
            value = self.record_value(nested) if nested is not None and f.default is None else None
            if f.default is not None:
                value = self.spans.expression(f.default)
            any_default |= value is not None
            values.append(value or "NULL")
        return f"ROW({', '.join(values)})::{record.sql}" if any_default else None

    def target_collection(self, text: str) -> _Collection | None:
        name = text.strip()
        if not re.fullmatch(r"[A-Za-z][\w$#]*", name):
            return None
        return self.var_collections.get(fold_oracle(name, False))

    # -- nested routines (rule OR435)

    def routine_name(self, name: str) -> str:
        """The name a nested routine is lifted to: `<unit>__<name>` in the unit's schema."""
        schema, base = self.scope
        folded = fold_oracle(name.strip('"'), name.startswith('"'))
        return (quote_ident(schema) + "." if schema else "") + quote_ident(_fit(f"{base}__{folded}"))

    def nested_routines(self, items: list[ir.Declaration]) -> None:
        """Name the routine each nested routine of a declaration list is lifted into, before any body is converted
        (they may call each other); one that uses a variable, parameter or cursor of its unit is not lifted."""
        visible = set(self.visible)
        for item in items:
            if isinstance(item, (ir.Variable, ir.Cursor)):
                visible.add(fold_oracle(item.name, False))
            elif isinstance(item, ir.Routine) and item.body is not None:
                shared = sorted(_names_used(item) & visible)
                self.shares[id(item)] = shared
                if not shared:
                    self.lifted[fold_oracle(item.name, False)] = self.routine_name(item.name)
        self.spans.renames.update(self.lifted)

    def nested_routine(self, item: ir.Routine) -> None:
        """A nested procedure or function -> a routine of its own in the unit's schema, created after it."""
        if item.body is None:
            return                              # a forward declaration
        key = fold_oracle(item.name, False)
        shared = self.shares.get(id(item), [])
        if shared or key not in self.lifted:
            self.manual(item.where, f"nested {item.kind} {item.name} uses {', '.join(shared)} of the enclosing unit: "
                                    "PostgreSQL has no nested routines; pass what it uses as parameters and make it "
                                    "a routine of its own", "OR435")
            return
        name = self.lifted[key]
        sub = _Writer(self.obj, item.kind)
        sub.scope = (self.scope[0], name.rpartition(".")[2].strip('"'))
        sub.type_names = self.type_names
        sub.records.update(self.records)
        sub.composites |= self.composites
        sub.collection_info.update(self.collection_info)
        sub.collections.update(self.collections)
        sub.spans.collections.update(self.spans.collections)
        sub.exceptions.update(self.exceptions)
        sub.lifted.update(self.lifted)
        sub.spans.renames.update(self.lifted)
        try:
            text = sub.emit_routine(item, lifted=name)
        except NotEmitted:
            raise NotConverted from None
        self.ddl += [d for d in sub.ddl if d not in self.ddl]
        self.after += [text] + sub.after
        self.spans.tables += sub.spans.tables
        self.spans.sequences += sub.spans.sequences
        self.spans.routines += sub.spans.routines
        fire(self.obj, "OR435", self.place(item.where), f"nested {item.kind} {item.name} becomes {item.kind} {name}, "
                                                        "created after the unit; its calls are renamed")

    def pragma(self, item: ir.Pragma) -> None:
        name = item.name.upper()
        if name == "AUTONOMOUS_TRANSACTION":
            fire(self.obj, "OR416", self.place(item.where))
        elif name == "EXCEPTION_INIT":
            args = [a.strip() for a in (item.arguments.text if item.arguments else "").split(",")]
            code = int(args[1].replace(" ", "")) if len(args) == 2 and re.fullmatch(r"-?\s*\d+", args[1]) else None
            key = args[0].upper()
            state = application_error_sqlstate(code) if code is not None else None
            if state is not None:
                self.exceptions[key] = (f"SQLSTATE '{state}'", f"RAISE EXCEPTION USING ERRCODE = '{state}', "
                                                               "MESSAGE = 'User-Defined Exception';")
            elif code in ERROR_CODES:
                self.exceptions[key] = (ERROR_CODES[code], f"RAISE {ERROR_CODES[code]};")
            else:
                self.manual(item.where, f"PRAGMA EXCEPTION_INIT({item.arguments}): no PostgreSQL condition is "
                                        "known for this Oracle error")
                return
            fire(self.obj, "OR407", self.place(item.where), f"exception {args[0]} (Oracle error {code}) is "
                                                            f"{self.exceptions[key][0]}")
        elif name not in ("SERIALLY_REUSABLE", "RESTRICT_REFERENCES", "INLINE", "UDF", "DEPRECATE"):
            self.manual(item.where, f"PRAGMA {item.name} is not converted")

    # -- statements

    def statements(self, items: list[ir.Stmt], depth: int) -> list[str]:
        out: list[str] = []
        for stmt in items:
            pad = INDENT * depth
            # PL/pgSQL labels only loops and blocks; Oracle's label on another statement is a GOTO target (OR415)
            if stmt.labels and isinstance(stmt, (ir.Loop, ir.WhileLoop, ir.ForLoop, ir.CursorForLoop)):
                out += [f"{pad}<<{fold_oracle(label, False)}>>" for label in stmt.labels]
            method = _STATEMENTS.get(type(stmt))
            if method is None:
                self.manual(stmt.where, f"{type(stmt).__name__} statement is not converted")
                continue
            out += [pad + line for line in method(self, stmt, depth)]
        return out

    def nested(self, items: list[ir.Stmt], depth: int) -> list[str]:
        """Statements one level in, relative to the line that opens them."""
        return [line[INDENT.__len__() * depth:] for line in self.statements(items, depth + 1)]

    def assign(self, stmt: ir.Assign, depth: int) -> list[str]:
        variable = self.package_variable(stmt.target.text)
        if variable is not None:
            package, var = variable
            setting = self.setting(package, var, stmt.target.where)
            if setting is not None:
                name, pg_type = setting
                value = self.spans.expression(stmt.value)
                return [f"PERFORM set_config('{name}', coalesce(CAST(CAST(({value}) AS {pg_type}) AS text), chr(1)), "
                        "false);"]
        return [f"{self.spans.target(stmt.target.text, stmt.target.where)} := {self.spans.expression(stmt.value)};"]

    def if_(self, stmt: ir.If, depth: int) -> list[str]:
        out = []
        for n, branch in enumerate(stmt.branches):
            out.append(f"{'IF' if n == 0 else 'ELSIF'} {self.spans.expression(branch.condition)} THEN")
            out += self.nested(branch.statements, depth)
        if stmt.else_statements is not None:
            out += ["ELSE"] + self.nested(stmt.else_statements, depth)
        return out + ["END IF;"]

    def case(self, stmt: ir.Case, depth: int) -> list[str]:
        out = ["CASE" + (f" {self.spans.expression(stmt.selector)}" if stmt.selector is not None else "")]
        for branch in stmt.branches:
            out.append(f"{INDENT}WHEN {self.spans.expression(branch.condition)} THEN")
            out += [INDENT + line for line in self.nested(branch.statements, depth + 1)]
        if stmt.else_statements is not None:
            out += [INDENT + "ELSE"] + [INDENT + line for line in self.nested(stmt.else_statements, depth + 1)]
        return out + ["END CASE;"]

    def loop(self, stmt: ir.Loop, depth: int) -> list[str]:
        return ["LOOP"] + self.nested(stmt.statements, depth) + ["END LOOP;"]

    def while_(self, stmt: ir.WhileLoop, depth: int) -> list[str]:
        return ([f"WHILE {self.spans.expression(stmt.condition)} LOOP"] + self.nested(stmt.statements, depth)
                + ["END LOOP;"])

    def for_(self, stmt: ir.ForLoop, depth: int) -> list[str]:
        low, high = self.spans.expression(stmt.low), self.spans.expression(stmt.high)
        bounds = f"{low}..{high}"
        if stmt.reverse:                        # PostgreSQL writes the bounds of a REVERSE loop high first
            fire(self.obj, "OR421", self.place(stmt.where))
            bounds = f"REVERSE {high}..{low}"
        var = quote_ident(fold_oracle(stmt.variable, False))
        return [f"FOR {var} IN {bounds} LOOP"] + self.nested(stmt.statements, depth) + ["END LOOP;"]

    def cursor_for(self, stmt: ir.CursorForLoop, depth: int) -> list[str]:
        var = fold_oracle(stmt.variable, False)
        if stmt.query is not None:
            self.extra.setdefault(var, "record")       # PostgreSQL needs the loop record declared
            source = self.spans.query(stmt.query)
        else:
            cursor = fold_oracle(stmt.cursor, False)
            if cursor in self.spans.cursor_state:
                self.manual(stmt.where, f"{stmt.cursor}% attributes inside a cursor FOR loop are not converted")
            if cursor not in self.spans.cursors:
                self.manual(stmt.where, f"FOR loop over {stmt.cursor}, which is not a cursor declared here")
            args = f"({self.call_arguments(cursor, stmt.arguments)})" if stmt.arguments is not None else ""
            source = quote_ident(cursor) + args
        return ([f"FOR {quote_ident(var)} IN {source} LOOP"] + self.nested(stmt.statements, depth)
                + ["END LOOP;"])

    def exit_(self, stmt: ir.Exit | ir.Continue, depth: int) -> list[str]:
        word = "EXIT" if isinstance(stmt, ir.Exit) else "CONTINUE"
        label = f" {fold_oracle(stmt.label, False)}" if stmt.label else ""
        when = f" WHEN {self.spans.expression(stmt.condition)}" if stmt.condition is not None else ""
        return [f"{word}{label}{when};"]

    def null(self, stmt: ir.Null, depth: int) -> list[str]:
        return ["NULL;"]

    def return_(self, stmt: ir.Return, depth: int) -> list[str]:
        if self.kind == "trigger":
            return self.trigger_return()
        if stmt.value is None:
            return ["RETURN;"]
        return [f"RETURN {self.spans.expression(stmt.value)};"]

    def raise_(self, stmt: ir.Raise, depth: int) -> list[str]:
        if stmt.exception is None:
            return ["RAISE;"]
        key = stmt.exception.upper()
        if key in self.exceptions:
            return [self.exceptions[key][1]]
        if key in PREDEFINED and PREDEFINED[key][1]:
            when, condition, note = PREDEFINED[key]
            fire(self.obj, "OR406", self.place(stmt.where), f"{stmt.exception} -> {condition}" +
                 (f": {note}" if note else ""), Effort.REVIEW if note else None)
            return [f"RAISE {condition};"]
        self.manual(stmt.where, f"RAISE {stmt.exception}: an exception not declared in this unit (a package's?)")
        return [f"RAISE {stmt.exception};"]

    def handlers(self, handlers: list[ir.Handler], depth: int) -> list[str]:
        out = []
        pad = INDENT * depth
        for handler in handlers:
            conditions = []
            for name in handler.exceptions:
                key = name.upper()
                if key in self.exceptions:
                    conditions.append(self.exceptions[key][0])
                elif key in PREDEFINED:
                    when, _, note = PREDEFINED[key]
                    conditions.append(when)
                    fire(self.obj, "OR406", self.place(handler.where), f"WHEN {name} -> WHEN {when}" +
                         (f": {note}" if note and key != "OTHERS" else ""),
                         Effort.REVIEW if note and key != "OTHERS" else None)
                else:
                    self.manual(handler.where, f"WHEN {name}: an exception not declared in this unit")
                    conditions.append(name)
            out.append(f"{pad}WHEN {' OR '.join(conditions)} THEN")
            out += self.statements(handler.statements, depth + 1) or [pad + INDENT + "NULL;"]
        return out

    def open_(self, stmt: ir.Open, depth: int) -> list[str]:
        cursor = fold_oracle(stmt.cursor, False)
        args = f"({self.call_arguments(cursor, stmt.arguments)})" if stmt.arguments is not None else ""
        out = [f"OPEN {quote_ident(cursor)}{args};"]
        if cursor in self.spans.cursor_state or f"sct_{cursor}_isopen" in self.extra:
            out += [f"sct_{cursor}_isopen := TRUE;", f"sct_{cursor}_rowcount := 0;", f"sct_{cursor}_found := NULL;"]
        return out

    def open_for(self, stmt: ir.OpenFor, depth: int) -> list[str]:
        cursor = self.spans.target(stmt.cursor.text, stmt.cursor.where)
        name = fold_oracle(stmt.cursor.text.strip(), False)
        state = [f"sct_{name}_rowcount := 0;", f"sct_{name}_found := NULL;"] if f"sct_{name}_found" in self.extra \
            else []
        if stmt.query is not None:
            return [f"OPEN {cursor} FOR {self.spans.query(stmt.query)};"] + state
        fire(self.obj, "OR413", self.place(stmt.where))
        using = self.using(stmt.using)
        return [f"OPEN {cursor} FOR EXECUTE {self.spans.expression(stmt.dynamic)}{using};"] + state

    def fetch(self, stmt: ir.Fetch, depth: int) -> list[str]:
        if stmt.into.bulk:
            return self.bulk_fetch(stmt)
        cursor = fold_oracle(stmt.cursor, False)
        names, after = self.into([t.text for t in stmt.into.targets], stmt.into.where)
        out = [f"FETCH {quote_ident(cursor)} INTO {', '.join(names)};"]
        if f"sct_{cursor}_found" in self.extra:
            out += [f"sct_{cursor}_found := FOUND;",
                    f"IF FOUND THEN sct_{cursor}_rowcount := sct_{cursor}_rowcount + 1; END IF;"]
        if after:                               # no row: Oracle leaves the targets as they were
            out += ["IF FOUND THEN"] + [INDENT + line for line in after] + ["END IF;"]
        return out

    def close(self, stmt: ir.Close, depth: int) -> list[str]:
        cursor = fold_oracle(stmt.cursor, False)
        out = [f"CLOSE {quote_ident(cursor)};"]
        if f"sct_{cursor}_isopen" in self.extra:
            out.append(f"sct_{cursor}_isopen := FALSE;")
        return out

    def diagnostics(self) -> list[str]:
        return [f"GET DIAGNOSTICS {ROWCOUNT} = ROW_COUNT;"] if self.uses_rowcount else []

    def sql(self, stmt: ir.SqlStatement, depth: int) -> list[str]:
        text = self.spans.plsql_syntax(stmt.sql, in_sql=True)
        where = self.place(stmt.sql.where)
        into, after = "", []
        if stmt.verb.upper() == "INSERT":
            text = self.record_values(text, where)
        elif stmt.verb.upper() == "UPDATE" and re.search(r"\bSET\s+ROW\s*=", text, re.I):
            self.manual(stmt.where, f"UPDATE ... SET ROW = record (line {stmt.where.line}): PostgreSQL needs the "
                                    "columns: SET (c1, c2, ...) = (SELECT (record).*)", "OR430")
            raise NotConverted
        if stmt.verb.upper() in ("SELECT", "WITH"):
            split = split_into(text)
            if split is None:
                self.manual(stmt.where, "a SELECT without INTO in PL/SQL")
                raise NotConverted
            text, targets, bulk = split
            if bulk:
                return self.bulk_select(text, targets, stmt)
            fire(self.obj, "OR404", where)
            self.no_package_targets(targets, stmt.where)
            names, after = self.into(targets, stmt.sql.where)
            into = " INTO STRICT " + ", ".join(names)
        else:
            split = split_returning_into(text)
            if split is not None:
                text, targets, bulk = split
                if bulk:
                    return self.bulk_returning(text, targets, stmt)
                self.no_package_targets(targets, stmt.where)
                names, after = self.into(targets, stmt.sql.where)
                into = " INTO " + ", ".join(names)
        return [self.spans.statement(text, where) + into + ";"] + self.diagnostics() + after

    def record_values(self, text: str, where: Span) -> str:
        """INSERT ... VALUES r (a record, or an element of a collection of records) -> VALUES (r.*)."""
        m = re.search(r"\bVALUES\s+([A-Za-z][\w$#]*)\s*(\[[^\]]*\])?\s*(?=RETURNING\b|RETURN\b|\Z)", text,
                      re.IGNORECASE | re.DOTALL)
        if m is None:
            return text
        name = fold_oracle(m.group(1), False)
        info = self.var_collections.get(name)
        if m.group(2) is None and name in self.spans.records:
            value = f"{m.group(1)}.*"
        elif m.group(2) is not None and info is not None and info.composite is not None:
            value = f"({m.group(1)}{m.group(2)}).*"
        else:
            return text
        fire(self.obj, "OR430", where, f"INSERT ... VALUES {m.group(0)[6:].strip()} -> VALUES ({value}): the record's "
                                       "fields in order")
        return f"{text[:m.start()]}VALUES ({value}) {text[m.end():]}"

    def into(self, targets: list[str], where: ir.Where) -> tuple[list[str], list[str]]:
        """INTO targets as PL/pgSQL takes them, and the assignments to run after the statement: PL/pgSQL cannot
        read into an element of an array (v(i), v(i).f), so that is read into a variable of its type first."""
        names, after = [], []
        for target in targets:
            rendered = self.spans.target(target, where)
            m = re.match(r"\s*([A-Za-z][\w$#]*)\s*[(\[]", target)
            if m is None or "[" not in rendered:
                names.append(rendered)
                continue
            info = self.var_collections.get(fold_oracle(m.group(1), False))
            field = re.search(r"\]\s*\.\s*([A-Za-z][\w$#]*|\"[^\"]+\")\s*\Z", rendered)
            declared = info.element if info is not None and rendered.endswith("]") else None
            if info is not None and info.composite is not None and field is not None:
                declared = self.field_type(info, field.group(1).strip('"'))
            if declared is None:
                self.manual(where, f"INTO {target.strip()}: PL/pgSQL reads into variables, not into array elements; "
                                   "select into a variable and assign the element", "OR414")
                raise NotConverted
            temp = f"sct_into_{sum(n.startswith('sct_into_') for n in self.extra) + 1}"
            self.extra[temp] = declared
            names.append(temp)
            after.append(f"{rendered} := {temp};")
        return names, after

    def field_type(self, info: _Collection, field: str) -> str | None:
        """The declared type of a field of a collection's row element (a record type or table%ROWTYPE)."""
        for record in self.records.values():
            if record.sql == info.composite:
                found = [f for f in record.item.fields if fold_oracle(f.name, False) == field.lower()]
                return self.type(found[0].type) if found else None
        if info.element.endswith("%ROWTYPE"):
            return f"{info.element.removesuffix('%ROWTYPE')}.{quote_ident(field)}%TYPE"
        return None

    def no_package_targets(self, targets: list[str], where: ir.Where) -> None:
        for target in targets:
            if target.strip() in self.placeholders:
                self.manual(where, "a package variable as the target of INTO: select into a local variable and "
                                   "assign it with :=", "OR426")
                raise NotConverted

    # -- BULK COLLECT and FORALL (rules OR433, OR434)

    def bulk_select(self, text: str, targets: list[str], stmt: ir.SqlStatement) -> list[str]:
        """SELECT ... BULK COLLECT INTO a, b -> one statement filling the arrays in the query's row order, empty
        (not NULL) when no row comes back; SQL%ROWCOUNT is the number of rows."""
        where = self.place(stmt.sql.where)
        self.no_package_targets(targets, stmt.where)
        query = self.spans.statement(text, where)
        names = [self.spans.target(t, stmt.sql.where) for t in targets]
        fire(self.obj, "OR433", where, "SELECT ... BULK COLLECT INTO -> " +
             ("ARRAY(query)" if len(names) == 1 else "array_agg of each column in the query's row order"))
        if len(names) == 1:
            out = [f"{names[0]} := {self.bulk_array(targets[0], query, stmt.where)};"]
        else:
            out = [f"SELECT {_aggregates(len(names), 'sct_n')} INTO {', '.join(names)} FROM (SELECT sct_q.*, "
                   f"ROW_NUMBER() OVER () AS sct_n FROM ({query}) AS sct_q({_columns(len(names))})) AS sct_s;"]
        return out + self.bulk_count(names[0])

    def bulk_array(self, target: str, query: str, where: ir.Where) -> str:
        info = self.target_collection(target)
        if info is not None and info.composite is not None:
            return f"ARRAY(SELECT ROW(sct_q.*)::{info.composite} FROM ({query}) AS sct_q)"
        if _projections(query) == 1:
            return f"ARRAY({query})"
        self.manual(where, f"BULK COLLECT INTO {target.strip()}: the query's columns must fill a collection of "
                           "records declared in this unit, or the query must have one column", "OR433")
        raise NotConverted

    def bulk_count(self, first: str) -> list[str]:
        return [f"{ROWCOUNT} := COALESCE(ARRAY_LENGTH({first}, 1), 0);"] if self.uses_rowcount else []

    def bulk_returning(self, text: str, targets: list[str], stmt: ir.SqlStatement) -> list[str]:
        """DML ... RETURNING a, b BULK COLLECT INTO x, y -> WITH sct_rows AS (DML ... RETURNING a, b) SELECT
        array_agg(...) INTO x, y FROM sct_rows."""
        where = self.place(stmt.sql.where)
        self.no_package_targets(targets, stmt.where)
        dml = self.spans.statement(text, where)
        names = [self.spans.target(t, stmt.sql.where) for t in targets]
        fire(self.obj, "OR433", where, "RETURNING ... BULK COLLECT INTO -> array_agg over the returned rows")
        info = self.target_collection(targets[0]) if len(targets) == 1 else None
        if info is not None and info.composite is not None:
            sql = (f"WITH sct_rows AS ({dml}) SELECT COALESCE(ARRAY_AGG(ROW(sct_rows.*)::{info.composite}), '{{}}') "
                   f"INTO {names[0]} FROM sct_rows;")
        else:
            sql = (f"WITH sct_rows({_columns(len(names))}) AS ({dml}) SELECT {_aggregates(len(names))} "
                   f"INTO {', '.join(names)} FROM sct_rows;")
        return [sql] + self.bulk_count(names[0])

    def bulk_execute(self, stmt: ir.ExecuteImmediate) -> list[str]:
        """EXECUTE IMMEDIATE q BULK COLLECT INTO a, b -> EXECUTE of q wrapped (at run time) in the same arrays."""
        statement = self.spans.expression(stmt.statement)
        names = [self.spans.target(t.text, t.where) for t in stmt.into.targets]
        info = self.target_collection(stmt.into.targets[0].text) if len(names) == 1 else None
        if info is not None and info.composite is not None:
            head, tail = f"SELECT ARRAY(SELECT ROW(sct_q.*)::{info.composite} FROM (", ") AS sct_q)"
        elif len(names) == 1:
            head, tail = "SELECT ARRAY(", ")"
        else:
            head = (f"SELECT {_aggregates(len(names), 'sct_n')} FROM (SELECT sct_q.*, ROW_NUMBER() OVER () AS sct_n "
                    "FROM (")
            tail = f") AS sct_q({_columns(len(names))})) AS sct_s"
        fire(self.obj, "OR433", self.place(stmt.where), "EXECUTE IMMEDIATE ... BULK COLLECT INTO -> EXECUTE of the "
                                                        "statement inside ARRAY(...) / array_agg")
        return ([f"EXECUTE {sql_string(head)} || ({statement}) || {sql_string(tail)} INTO {', '.join(names)}"
                 f"{self.using(stmt.using)};"] + self.bulk_count(names[0]))

    def bulk_fetch(self, stmt: ir.Fetch) -> list[str]:
        """FETCH c BULK COLLECT INTO v [LIMIT n] -> v := '{}' and a loop of FETCH (at most n); c%ROWCOUNT counts
        every row fetched, c%FOUND is TRUE when the batch was full (so %NOTFOUND is TRUE after a partial one)."""
        cursor = fold_oracle(stmt.cursor, False)
        targets, rows = [], []
        for target in stmt.into.targets:
            info = self.target_collection(target.text)
            if info is None or info.element is None:
                self.manual(stmt.where, f"FETCH {stmt.cursor} BULK COLLECT INTO {target.text.strip()}: not a "
                                        "collection declared in this unit", "OR433")
                return []
            row = _fit("sct_" + re.sub(r"\W+", "_", fold_oracle(target.text.strip(), False)) + "_row")
            self.extra.setdefault(row, info.element)
            targets.append(self.spans.target(target.text, target.where))
            rows.append(quote_ident(row))
        limit = self.spans.expression(stmt.limit) if stmt.limit is not None else None
        fire(self.obj, "OR433", self.place(stmt.where), "FETCH ... BULK COLLECT INTO -> a loop of FETCH appending "
                                                        "to the arrays" + (f", at most {limit} rows" if limit else ""))
        out = [f"{t} := '{{}}';" for t in targets]
        out += [f"FOR sct_i IN 1..{limit} LOOP" if limit else "LOOP",
                f"{INDENT}FETCH {quote_ident(cursor)} INTO {', '.join(rows)};", f"{INDENT}EXIT WHEN NOT FOUND;"]
        out += [f"{INDENT}{t} := ARRAY_APPEND({t}, {r});" for t, r in zip(targets, rows, strict=True)]
        out.append("END LOOP;")
        if f"sct_{cursor}_found" in self.extra:
            fetched = f"COALESCE(ARRAY_LENGTH({targets[0]}, 1), 0)"
            out += [f"sct_{cursor}_rowcount := sct_{cursor}_rowcount + {fetched};",
                    f"sct_{cursor}_found := {fetched} = {limit};" if limit else f"sct_{cursor}_found := FALSE;"]
        return out

    def forall(self, stmt: ir.Forall, depth: int) -> list[str]:
        """FORALL i IN ... dml -> a FOR loop running the DML once per index; SQL%ROWCOUNT is the sum of the rows
        of every iteration, SQL%BULK_ROWCOUNT(i) those of iteration i."""
        where = f"(line {stmt.where.line})"
        if stmt.save_exceptions:
            self.manual(stmt.where, f"FORALL ... SAVE EXCEPTIONS {where}: PostgreSQL has no bulk error collection; "
                                    "run the statement in a loop with a BEGIN ... EXCEPTION WHEN OTHERS block per "
                                    "element and keep the errors yourself", "OR434")
            return []
        var = quote_ident(fold_oracle(stmt.variable, False))
        collection = None
        if stmt.bounds != "range":
            name = fold_oracle(stmt.collection, False)
            if name not in self.spans.arrays:
                self.manual(stmt.where, f"FORALL ... {stmt.bounds.upper()} OF {stmt.collection} {where}: not a "
                                        "collection declared in this unit", "OR434")
                return []
            collection = quote_ident(name)
        bulk = re.search(r"\bSQL\s*%\s*BULK_ROWCOUNT", self.obj.source_text, re.I) is not None
        body = [INDENT + line for line in _STATEMENTS[type(stmt.statement)](self, stmt.statement, depth + 1)]
        before, after = [], []
        if self.uses_rowcount:
            self.extra["sct_forall_rowcount"] = "integer"
            before.append("sct_forall_rowcount := 0;")
            body.append(f"{INDENT}sct_forall_rowcount := sct_forall_rowcount + {ROWCOUNT};")
            after.append(f"{ROWCOUNT} := sct_forall_rowcount;")
            if bulk:
                self.extra[BULK_ROWCOUNT] = "integer[]"
                before.append(f"{BULK_ROWCOUNT} := '{{}}';")
                body.append(f"{INDENT}{BULK_ROWCOUNT}[{var}] := {ROWCOUNT};")
        fire(self.obj, "OR434", self.place(stmt.where))
        if stmt.bounds == "values":
            return (before + ["DECLARE", f"{INDENT}{var} integer;", "BEGIN",
                              f"{INDENT}FOREACH {var} IN ARRAY COALESCE({collection}, '{{}}') LOOP"]
                    + [INDENT + line for line in body] + [f"{INDENT}END LOOP;", "END;"] + after)
        if stmt.bounds == "range":
            bounds = f"{self.spans.expression(stmt.low)}..{self.spans.expression(stmt.high)}"
        else:
            low, high = f"COALESCE(ARRAY_LOWER({collection}, 1), 1)", f"COALESCE(ARRAY_UPPER({collection}, 1), 0)"
            if stmt.low is not None:
                low = f"GREATEST({low}, {self.spans.expression(stmt.low)})"
                high = f"LEAST({high}, {self.spans.expression(stmt.high)})"
            bounds = f"{low}..{high}"
        return before + [f"FOR {var} IN {bounds} LOOP"] + body + ["END LOOP;"] + after

    def goto(self, stmt: ir.Goto, depth: int) -> list[str]:
        self.manual(stmt.where, f"GOTO {stmt.label} (line {stmt.where.line}): PL/pgSQL has no GOTO; restructure "
                                "the code with IF, a loop with EXIT / CONTINUE, or a labelled block")
        return []

    def collection_method(self, stmt: ir.Call, head: str, method: str) -> list[str]:
        """v.EXTEND[(n[, i])], v.TRIM[(n)] and v.DELETE as array assignments (OR414); DELETE(i) is MANUAL."""
        key = fold_oracle(head, False)
        var = quote_ident(key)
        args = [self.spans.expression(ir.Text(a, stmt.arguments.where))
                for a in split_arguments(stmt.arguments.text)] if stmt.arguments is not None else []
        variant = self.spans.variants.get(key) or self.spans.bounded.get(key)
        if method == "EXTEND" and variant != "index" and len(args) <= 2:
            append = f"{var} := ARRAY_APPEND({var}, {f'{var}[{args[1]}]' if len(args) == 2 else 'NULL'});"
            return [append] if not args else [f"FOR sct_i IN 1..{args[0]} LOOP", INDENT + append, "END LOOP;"]
        if method == "TRIM" and variant != "index" and len(args) <= 1:
            return [f"{var} := TRIM_ARRAY({var}, {args[0] if args else 1});"]
        if method == "DELETE" and not args:
            return [f"{var} := '{{}}';"]
        if method == "DELETE":
            self.manual(stmt.where, f"{head}.DELETE({stmt.arguments.text.strip()}) (line {stmt.where.line}): an "
                                    "array cannot hold the gap that deleting an element leaves (COUNT, EXISTS, "
                                    "FIRST/NEXT would differ); rebuild the array without the element, or keep the "
                                    "elements in a temporary table", "OR414")
            return []
        self.manual(stmt.where, f"collection method {head}.{method} is not converted", "OR414")
        return []

    def execute(self, stmt: ir.ExecuteImmediate, depth: int) -> list[str]:
        fire(self.obj, "OR413", self.place(stmt.where))
        text = f"EXECUTE {self.spans.expression(stmt.statement)}"
        if stmt.into is not None and stmt.into.bulk and stmt.returning is None:
            return self.bulk_execute(stmt)
        if stmt.into is not None:
            text += " INTO STRICT " + ", ".join(self.spans.target(t.text, t.where) for t in stmt.into.targets)
        if stmt.returning is not None:
            self.manual(stmt.where, "EXECUTE IMMEDIATE ... RETURNING INTO: write RETURNING in the statement and "
                                    "use INTO")
        return [text + self.using(stmt.using) + ";"] + self.diagnostics()

    def using(self, arguments: list[ir.BindArgument]) -> str:
        if not arguments:
            return ""
        for argument in arguments:
            if argument.mode != "IN":
                self.manual(argument.where, f"USING {argument.mode} argument: PostgreSQL binds inputs only")
        return " USING " + ", ".join(self.spans.expression(a.value) for a in arguments)

    def commit(self, stmt: ir.Commit | ir.Rollback, depth: int) -> list[str]:
        word = "COMMIT" if isinstance(stmt, ir.Commit) else "ROLLBACK"
        if isinstance(stmt, ir.Rollback) and stmt.savepoint:
            self.manual(stmt.where, "ROLLBACK TO SAVEPOINT: use a nested block with an EXCEPTION handler")
        if self.kind == "block":
            self.obj.ends_transaction = True
            if self.in_handled_block:
                self.manual(stmt.where, f"{word} inside a block with an EXCEPTION section: PostgreSQL cannot end "
                                        "the transaction there (a subtransaction is active)", "OR427")
            else:
                fire(self.obj, "OR412", self.place(stmt.where), f"{word} in an anonymous block: the DO block runs "
                                                                f"outside data.sql's transactions; what follows its last {word} is committed when the DO ends")
        elif self.kind != "procedure":
            fire(self.obj, "OR412", self.place(stmt.where), f"{word} in a {self.kind}: PostgreSQL allows it only "
                                                            "in procedures (it fails here)", Effort.MANUAL)
        else:
            fire(self.obj, "OR412", self.place(stmt.where))
        return [word + ";"]

    def savepoint(self, stmt: ir.Savepoint, depth: int) -> list[str]:
        self.manual(stmt.where, "SAVEPOINT: use a nested block with an EXCEPTION handler (a subtransaction)")
        return []

    def nested_block(self, stmt: ir.NestedBlock, depth: int) -> list[str]:
        return [line[len(INDENT) * depth:] for line in self.block(stmt.block, depth, stmt.labels)]

    def lock(self, stmt: ir.LockTable, depth: int) -> list[str]:
        text = " ".join(stmt.sql.text.split())
        m = re.fullmatch(r"(.+?)\s+IN\s+((?:ROW\s+|SHARE\s+)?(?:SHARE|EXCLUSIVE)(?:\s+ROW\s+EXCLUSIVE|\s+UPDATE)?)"
                         r"\s+MODE(\s+NOWAIT)?", text, re.I)
        if m is None:
            self.manual(stmt.where, f"LOCK TABLE {text} is not converted")
            return []
        tables = ", ".join(_name(t.strip()) for t in m.group(1).split(","))
        return [f"LOCK TABLE {tables} IN {m.group(2).upper()} MODE{' NOWAIT' if m.group(3) else ''};"]

    def call(self, stmt: ir.Call, depth: int) -> list[str]:
        head, _, method = stmt.name.rpartition(".")
        if re.fullmatch(r"[A-Za-z][\w$#]*", head) and fold_oracle(head, False) in self.spans.arrays:
            return self.collection_method(stmt, head, method.upper())
        lifted = self.lifted.get(fold_oracle(stmt.name, False)) if "." not in stmt.name else None
        if lifted is not None:
            args = self.call_arguments(lifted, stmt.arguments) if stmt.arguments is not None else ""
            return [f"CALL {lifted}({args});"]
        name = stmt.name.upper()
        package = name.partition(".")[0] if "." in name else ""
        if stmt.chain is not None:
            self.manual(stmt.where, f"method call {stmt.name}(...){stmt.chain} is not converted")
            return []
        if name == "RAISE_APPLICATION_ERROR":
            return self.application_error(stmt)
        if name in ("DBMS_OUTPUT.PUT_LINE", "DBMS_OUTPUT.ENABLE", "DBMS_OUTPUT.DISABLE"):
            fire(self.obj, "OR408", self.place(stmt.where))
            if name != "DBMS_OUTPUT.PUT_LINE":
                return ["NULL;"]
            value = self.spans.expression(stmt.arguments) if stmt.arguments is not None else "''"
            return [f"RAISE NOTICE '%', {value};"]
        if name in ("DBMS_LOCK.SLEEP", "DBMS_SESSION.SLEEP") and stmt.arguments is not None:
            fire(self.obj, "OR417", self.place(stmt.where), f"{stmt.name}(s) -> pg_sleep(s)", Effort.AUTO)
            return [f"PERFORM pg_sleep({self.spans.expression(stmt.arguments)});"]
        if package and _SUPPLIED_PACKAGE.match(package):
            procedure = name.partition(".")[2]
            converted = self.supplied_call(stmt, package, procedure)
            if converted is not None:
                return [converted]
            advice = (oracle_supplied.advice(package, procedure) if package in oracle_supplied.PACKAGE_ADVICE
                      else PACKAGE_ADVICE.get(package, "rewrite it with PostgreSQL features"))
            fire(self.obj, "OR417", self.place(stmt.where), f"{stmt.name}: {advice}")
            return []
        member = self.package_routine(stmt.name)
        # a DO block runs at once: what it calls must exist first ("routine" orders and blocks); any other caller
        # is left out with a callee that is left out ("call" only blocks: PL/pgSQL bodies bind calls at run time)
        called = QName(*member) if member is not None else QName(*_qname(stmt.name))
        self.obj.depends_on.append(("routine" if self.kind == "block" else "call", called))
        arguments = split_arguments(stmt.arguments.text) if stmt.arguments is not None else []
        self.obj.calls.append(call_site(called, arguments, self.spans.variables))
        if member is not None:
            schema, routine = member
            args = self.call_arguments(f"{schema}.{routine}", stmt.arguments) if stmt.arguments is not None else ""
            return [f"CALL {quote_ident(schema)}.{quote_ident(routine)}({args});"]
        if package:
            self.manual(stmt.where, f"call to {stmt.name}: a member of a package these scripts do not define, or "
                                    "a routine in another schema")
            return []
        routine = fold_oracle(stmt.name, False)
        args = self.call_arguments(routine, stmt.arguments) if stmt.arguments is not None else ""
        return [f"CALL {quote_ident(routine)}({args});"]

    def supplied_call(self, stmt: ir.Call, package: str, procedure: str) -> str | None:
        """A supplied-package procedure with an exact PL/pgSQL statement (converter.dialects.oracle_supplied:
        DBMS_LOB.APPEND(d, s) -> d := d || s;), its first argument written as the target; None if it has none."""
        args = split_arguments(stmt.arguments.text) if stmt.arguments is not None else []
        if not args or oracle_supplied.supplied_call_statement(package, procedure, ["x"] * len(args)) is None:
            return None
        where = stmt.arguments.where
        converted = [self.spans.target(args[0], where)]
        converted += [self.spans.expression(ir.Text(a, where)) for a in args[1:]]
        text = oracle_supplied.supplied_call_statement(package, procedure, converted)
        if text is not None:
            fire(self.obj, "OR349", self.place(stmt.where), f"{stmt.name}(...) -> {text}", Effort.AUTO)
        return text

    def call_arguments(self, routine: str, arguments: ir.Text | None) -> str:
        """The converted arguments of a call, e.g. `:old.id, SYSDATE` -> `old.id, CLOCK_TIMESTAMP()...`."""
        if arguments is None or not arguments.text.strip():
            return ""
        text = f"{routine}({arguments.text})"
        rendered = self.spans.expression(ir.Text(text, arguments.where))
        return rendered[rendered.index("(") + 1:rendered.rindex(")")]

    def application_error(self, stmt: ir.Call) -> list[str]:
        args = split_arguments(stmt.arguments.text) if stmt.arguments is not None else []
        code = None
        if args and re.fullmatch(r"-\s*\d+", args[0]):
            code = int(args[0].replace(" ", ""))
        state = application_error_sqlstate(code) if code is not None else None
        if state is None or len(args) not in (2, 3):
            self.manual(stmt.where, "RAISE_APPLICATION_ERROR with a computed or out-of-range error number")
            return []
        message = self.spans.expression(ir.Text(args[1], stmt.arguments.where))
        fire(self.obj, "OR405", self.place(stmt.where), f"ORA{code} -> SQLSTATE '{state}'")
        return [f"RAISE EXCEPTION USING ERRCODE = '{state}', MESSAGE = {message};"]

    def pipe_row(self, stmt: ir.PipeRow, depth: int) -> list[str]:
        """PIPE ROW(x) in a PIPELINED function (OR437): RETURN NEXT; a scalar goes through column_value."""
        if self.pipelined is None:
            self.manual(stmt.where, "PIPE ROW outside a PIPELINED function", "OR437")
            return []
        element, composite = self.pipelined
        constructor = re.fullmatch(r"\s*([A-Za-z][\w$#]*(?:\s*\.\s*[A-Za-z][\w$#]*)?)\s*\((.*)\)\s*", stmt.value.text,
                                   re.DOTALL)
        if composite and constructor is not None and _name(constructor.group(1)) == element:     # PIPE ROW(t(a, b))
            fields = self.spans.expression(ir.Text(f"({constructor.group(2)})", stmt.value.where))
            return [f"RETURN NEXT ROW{fields if fields.startswith('(') else f'({fields})'}::{element};"]
        value = self.spans.expression(stmt.value)
        if not composite:
            return [f"column_value := {value};", "RETURN NEXT;"]
        if fold_oracle(stmt.value.text.strip(), False) in self.var_types:     # a row variable
            return [f"RETURN NEXT {value};"]
        return [f"RETURN NEXT CAST({value} AS {element});"]


# OR419: what PostgreSQL offers instead of a DDL or database-event trigger ({event} {target}).
_DDL_ADVICE = ("{event} trigger on {target}: PostgreSQL fires no table trigger on DDL; use an event trigger "
               "(CREATE EVENT TRIGGER ... ON ddl_command_start, ddl_command_end or sql_drop, with "
               "pg_event_trigger_ddl_commands() / pg_event_trigger_dropped_objects())")
_EVENT_ADVICE = {
    "LOGON": "{event} trigger on {target}: PostgreSQL 15 has no login trigger (PostgreSQL 17 adds event triggers "
             "ON login); set per-role defaults with ALTER ROLE ... SET, or run the code when the application "
             "connects",
    "LOGOFF": "{event} trigger on {target}: PostgreSQL has no logoff trigger; run the code from the application "
              "before it disconnects",
    "STARTUP": "{event} trigger on {target}: PostgreSQL has no startup trigger; run the code from the service that "
               "starts the server (or pg_cron's @reboot)",
    "SHUTDOWN": "{event} trigger on {target}: PostgreSQL has no shutdown trigger; run the code from the service "
                "that stops the server",
    "SERVERERROR": "{event} trigger on {target}: PostgreSQL has no error trigger; log errors with "
                   "log_min_error_statement and read the server log",
    "SUSPEND": "{event} trigger on {target}: PostgreSQL does not suspend statements for lack of space, and has no "
               "trigger for it",
    "DB_ROLE_CHANGE": "{event} trigger on {target}: PostgreSQL has no trigger on a standby's promotion; run the code "
                      "from the failover tool",
}

# In an anonymous block's source: dynamic DDL, then (outside strings and comments) :bind and &substitution.
_BLOCK_INPUTS = re.compile(
    r"\bEXECUTE\s+IMMEDIATE\s+(?=[nN]?(?:[qQ]'.|')\s*(?P<verb>CREATE|ALTER|DROP|RENAME|GRANT|REVOKE|COMMENT)\b)"
    rf"|{_SKIP}|(?<![\w:]):(?P<bind>[A-Za-z][\w$#]*)|&&?(?P<define>[A-Za-z_][\w$#]*)",
    re.IGNORECASE | re.DOTALL)
_MEMBER_WORDS = re.compile(
    r"""[nN]?[qQ]'\[.*?\]'|[nN]?[qQ]'\{.*?\}'|[nN]?[qQ]'\(.*?\)'|[nN]?[qQ]'<.*?>'|'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/"""
    r'|(?P<dot>\.\s*)?(?P<first>"[^"]*"|[A-Za-z][\w$#]*)(?:\s*\.\s*(?P<second>"[^"]*"|[A-Za-z][\w$#]*))?',
    re.DOTALL)
# PostgreSQL 15 keywords of category C (pg_get_keywords()): allowed as a declared name, not as a value in SQL.
_COLUMN_NAME_KEYWORDS = frozenset("""
between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int
integer interval least national nchar none normalize nullif numeric out overlay position precision real row setof
smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest
xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
""".split())
def _constrained(item: ir.Subtype) -> bool:
    return item.not_null or item.low is not None


def _variable_kind(var: ir.Variable, package=None, packages=None) -> str | None:
    """"constant" (inlined), "variable" (a session setting), "initialised" (a session setting the package's
    initialization function sets) or None (not converted) for a package variable: converter.packages.state_kind."""
    return state_kind(var, package, packages or {})


def _local_names(body: ir.Block | None, parameters: list[ir.Parameter] = ()) -> set[str]:
    """Every name a routine or block declares (parameters, variables, cursors, loop variables): they hide package
    names."""
    names = {fold_oracle(p.name, False) for p in parameters}
    for node in ir.walk(body):
        if isinstance(node, (ir.Variable, ir.Cursor, ir.Routine, ir.ExceptionDecl)):
            names.add(fold_oracle(node.name, False))
        if isinstance(node, (ir.ForLoop, ir.CursorForLoop)):
            names.add(fold_oracle(node.variable, False))
    return names


def _declared_types(unit: object) -> dict[str, str]:
    """Parameter and variable name -> declared type text, of every declaration in a unit; a name declared twice
    with different types is left out (which one a call sees depends on the scope)."""
    found: dict[str, str | None] = {}
    for node in ir.walk(unit):
        if isinstance(node, (ir.Variable, ir.Parameter)):
            key, text = fold_oracle(node.name, False), " ".join(node.type.text.split())
            found[key] = text if found.get(key, text) == text else None
    return {k: v for k, v in found.items() if v is not None}


def _qname(text: str) -> tuple[str | None, str]:
    parts = [fold_oracle(p.strip('"'), p.startswith('"')) for p in re.findall(r'"[^"]*"|[^.\s]+', text)]
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[-1])


# The key types of an associative array that an array's integer subscripts can stand for.
_INTEGER_KEYS = frozenset({"PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER", "NATURAL", "NATURALN", "POSITIVE",
                           "POSITIVEN", "SIGNTYPE", "INTEGER", "INT", "SMALLINT"})


def _fit(name: str) -> str:
    """A generated name within PostgreSQL's 63 bytes: a long one keeps its start and a hash of the whole."""
    if len(name.encode()) <= PG_MAX_IDENT:
        return name
    return name[:PG_MAX_IDENT - 9] + "_" + hashlib.md5(name.encode()).hexdigest()[:8]


def _ddl(segments: list[str | _Element]) -> str:
    """A CREATE TYPE / DOMAIN statement from text and types; a DO block that builds it with format() when a type is
    known only from the catalog."""
    if all(isinstance(s, str) or s.lookup is None for s in segments):
        return "".join(s if isinstance(s, str) else s.sql for s in segments)
    template, lookups = "", []
    for s in segments:
        if isinstance(s, str) or s.lookup is None:
            template += (s if isinstance(s, str) else s.sql).replace("%", "%%")
        else:
            template += "%s"
            lookups.append(s.lookup)
    template = template.removesuffix(";")
    return f"DO $$\nBEGIN\n{INDENT}EXECUTE format({sql_string(template)}, {', '.join(lookups)});\nEND\n$$;"


def _scope(obj: CodeObject) -> tuple[str | None, str]:
    """(schema, base) of the names of a unit's own types and lifted routines: the unit's schema and name (an
    overloaded package routine: name_<n>, its place among the overloads); a package: its schema; an anonymous
    block: pg_temp (a DO block creates nothing that outlives the session)."""
    unit = obj.unit
    if isinstance(unit, ir.AnonymousBlock):
        return "pg_temp", f"sct_block_{obj.span.line}"
    if isinstance(unit, ir.Package):
        return package_schema(unit.name), ""
    text = unit.routine.name if isinstance(unit, ir.RoutineUnit) else getattr(unit, "name", "") or obj.name.name
    parts = [fold_oracle(p.strip('"'), p.startswith('"')) for p in re.findall(r'"[^"]*"|[^.\s]+', text)]
    base = parts[-1]
    package = obj.context.current if obj.context is not None else None
    if isinstance(unit, ir.RoutineUnit) and package is not None and package.body is not None:
        starts = [m.where.start for m in package.body.unit.members
                  if isinstance(m, ir.Routine) and m.body is not None and fold_oracle(m.name, False) == base]
        if len(starts) > 1 and unit.routine.where.start in starts:
            base += f"_{starts.index(unit.routine.where.start) + 1}"
    return (parts[-2] if len(parts) > 1 else None), base


def _names_used(routine: ir.Routine) -> set[str]:
    """The names a nested routine uses that it does not declare itself (lower case; not those after a dot)."""
    texts: list[str] = []
    stack: list[object] = [routine.parameters, routine.return_type, routine.body]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
        elif isinstance(node, ir.Text):
            texts.append(node.text)
        elif isinstance(node, str):
            texts.append(node)
        elif hasattr(node, "__dataclass_fields__") and not isinstance(node, ir.Where):
            stack += [getattr(node, f) for f in node.__dataclass_fields__]
    used = set()
    for text in texts:
        for m in _WORDS.finditer(text):
            if m.group("word") and not text[max(0, m.start() - 100):m.start()].rstrip().endswith("."):
                used.add(m.group("word").lower())
    return used - _local_names(routine.body, routine.parameters)


def _columns(n: int) -> str:
    return ", ".join(f"sct_c{i}" for i in range(1, n + 1))


def _aggregates(n: int, order: str | None = None) -> str:
    """COALESCE(ARRAY_AGG(sct_c1 [ORDER BY order]), '{}'), ... for n columns: empty arrays when no row comes."""
    by = f" ORDER BY {order}" if order else ""
    return ", ".join(f"COALESCE(ARRAY_AGG(sct_c{i}{by}), '{{}}')" for i in range(1, n + 1))


def _projections(query: str) -> int | None:
    """How many columns a converted query returns; None when it cannot tell (SELECT *)."""
    try:
        tree = sqlglot.parse_one(query, read="postgres")
    except sqlglot.errors.ParseError:
        return None
    while isinstance(tree, exp.SetOperation if hasattr(exp, "SetOperation") else exp.Union):
        tree = tree.this
    if not isinstance(tree, exp.Select) or any(isinstance(e, exp.Star) or (isinstance(e, exp.Column) and
                                                                           isinstance(e.this, exp.Star))
                                               for e in tree.expressions):
        return None
    return len(tree.expressions)


_STATEMENTS = {
    ir.Assign: _Writer.assign, ir.If: _Writer.if_, ir.Case: _Writer.case, ir.Loop: _Writer.loop,
    ir.WhileLoop: _Writer.while_, ir.ForLoop: _Writer.for_, ir.CursorForLoop: _Writer.cursor_for,
    ir.Exit: _Writer.exit_, ir.Continue: _Writer.exit_, ir.Null: _Writer.null, ir.Return: _Writer.return_,
    ir.Raise: _Writer.raise_, ir.Open: _Writer.open_, ir.OpenFor: _Writer.open_for, ir.Fetch: _Writer.fetch,
    ir.Close: _Writer.close, ir.SqlStatement: _Writer.sql, ir.ExecuteImmediate: _Writer.execute,
    ir.Commit: _Writer.commit, ir.Rollback: _Writer.commit, ir.Savepoint: _Writer.savepoint,
    ir.NestedBlock: _Writer.nested_block, ir.LockTable: _Writer.lock, ir.Call: _Writer.call,
    ir.PipeRow: _Writer.pipe_row, ir.Forall: _Writer.forall, ir.Goto: _Writer.goto,
}
