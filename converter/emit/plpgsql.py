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

import re

from sct.converter.dialects.oracle_sql import _SUPPLIED_PACKAGE
from sct.converter.dialects.oracle_types import describe_oracle_type
from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span
from sct.converter.ir import plsql as ir
from sct.converter.names import PG_MAX_IDENT, fold_oracle, quote_ident
from sct.converter.packages import package_schema
from sct.converter.procedural.conditions import (
    ERROR_CODES,
    PREDEFINED,
    application_error_sqlstate,
    user_exception_sqlstate,
)
from sct.converter.procedural.spans import (
    _SKIP,
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
    return text


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
        context = obj.context
        self.packages = context.packages if context is not None else {}
        self.package = context.current if context is not None else None
        self.columns = context.columns if context is not None else frozenset()
        self.schema_collections = context.collection_types if context is not None else {}
        self.locals: set[str] = set()
        self.spans.names = self.package_names
        self.placeholders = self.spans.placeholders
        self.seed_package()
        source = obj.source_text
        self.uses_rowcount = re.search(r"\bSQL\s*%\s*(ROWCOUNT|FOUND|NOTFOUND)", source, re.I) is not None
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
            for key in package.exceptions:
                state = user_exception_sqlstate(key)
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
        # a construct that is not converted is reported on the body, which no routine depends on
        owner = package.body if package is not None and package.body is not None and package.body.unit is not None \
            else self.obj
        for item in unit.members:
            where = Span(self.obj.span.file, item.where.line, item.where.column)
            if isinstance(item, ir.Variable):
                self.package_declaration(package, item, where, owner)
            elif isinstance(item, ir.ExceptionDecl):
                fire(self.obj, "OR407", where, f"exception {item.name} is SQLSTATE "
                                               f"'{user_exception_sqlstate(item.name)}'")
            elif isinstance(item, (ir.Routine, ir.Pragma)):
                continue
            elif isinstance(item, ir.CollectionType) and item.index_by is None:
                fire(self.obj, "OR414", where, f"TABLE OF / VARRAY type {item.name}: an array in each routine of "
                                               "the package that uses it")
            else:
                what = type(item).__name__.replace("Type", " type").replace("Decl", "").lower()
                fire(owner, "OR426", where, f"package-level {what} {getattr(item, 'name', '')} is not converted: "
                                            "declare it in each routine that uses it (a record: CREATE TYPE ... AS)")
        return f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)};"

    def package_declaration(self, package, item: ir.Variable, where: Span, owner: CodeObject) -> None:
        kind = _variable_kind(item, self.type)
        if kind == "constant":
            fire(self.obj, "OR424", where, f"constant {item.name} = {item.default.text.strip()} is inlined where "
                                           "it is used")
        elif kind == "variable":
            fire(self.obj, "OR425", where, f"package variable {item.name} is kept in the session setting "
                                           f"'{package.schema}.{fold_oracle(item.name, False)}'")
        else:
            fire(owner, "OR426", where, f"package {'constant' if item.constant else 'variable'} {item.name} "
                                        f"({item.type.text.strip()}{' := ' + item.default.text.strip() if item.default else ''}): "
                                        "only scalars with a literal default are converted")

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
        if _variable_kind(var, self.type) != "variable":
            self.manual(where, f"package variable {var.name} ({var.type.text.strip()}) is not converted: only "
                               "scalars with a literal default are", "OR426")
            return None
        name = f"{package.schema}.{fold_oracle(var.name, False)}"
        fire(self.obj, "OR425", self.place(where), f"package variable {var.name} is the session setting '{name}' "
                                                   "(set_config / current_setting)")
        return name, self.type(var.type)

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
                    return m.group(0) if not call else f"{package.schema}.{member}"
                if shadowed and not call:
                    self.manual(where, f"{name} in SQL: a column of that name wins in Oracle, else it calls "
                                       f"function {package.schema}.{member}; write which one", "OR426")
                    return m.group(0)
                self.obj.depends_on.append(("routine", QName(package.schema, member)))
                return f"{package.schema}.{member}" + ("" if call else "()")
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
                kind = _variable_kind(var, self.type)
                if kind == "constant":
                    fire(self.obj, "OR424", self.place(where), f"constant {name} inlined")
                    value = var.default.text.strip()
                    value = "NULL" if value == "''" else value
                    replacement = f"CAST({value} AS {self.type(var.type)})"
                else:
                    setting = self.setting(package, var, where)
                    if setting is None:
                        return m.group(0)
                    key, pg_type = setting
                    default = var.default.text.strip() if var.default is not None else "NULL"
                    default = "NULL" if default.upper() in ("NULL", "''") else default
                    current = f"nullif(current_setting('{key}', true), '')"
                    if default != "NULL":
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
            return f"{_name(base)}%{attribute.strip().upper()}"
        if raw.lower() in self.collections:
            return self.collections[raw.lower()]
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

    # -- units

    def parameters(self, routine: ir.Routine) -> str:
        out = []
        for p in routine.parameters:
            mode = {"IN": "", "OUT": "OUT ", "IN OUT": "INOUT "}[p.mode]
            self.schema_collection(fold_oracle(p.name, False), p.type)
            text = f"{mode}{quote_ident(fold_oracle(p.name, False))} {self.type(p.type)}"
            if p.default is not None:
                text += f" DEFAULT {self.spans.expression(p.default)}"
            out.append(text)
        return ", ".join(out)

    def emit_routine(self, routine: ir.Routine) -> str:
        self.locals = _local_names(routine.body, routine.parameters)
        for name in sorted(self.locals & _COLUMN_NAME_KEYWORDS):
            self.manual(routine.where, f"parameter or variable {name} is a PostgreSQL keyword that cannot name a "
                                       "value in an expression: rename it")
        if self.package is not None:
            fire(self.obj, "OR422", self.obj.span, f"{routine.kind} {routine.name.partition('.')[2]} of package "
                                                   f"{self.package.schema} becomes {_name(routine.name)}")
        if routine.body is None:
            self.manual(routine.where, f"{routine.kind} {routine.name} is implemented outside PL/SQL "
                                       f"({routine.call_spec or 'no body'})")
            raise NotEmitted
        for attribute in routine.attributes:
            if attribute.upper().startswith(("PIPELINED", "AGGREGATE", "USING")):
                self.manual(routine.where, f"{attribute} functions are not converted")
        try:
            params = self.parameters(routine)
            body = self.body(routine.body)
            returns = ""
            if routine.kind == "function":
                if any(p.mode != "IN" for p in routine.parameters):
                    self.manual(routine.where, "a function with OUT parameters: PostgreSQL functions return "
                                               "their OUT parameters instead of a value")
                returns = f"\nRETURNS {self.type(routine.return_type)}"
        except NotConverted:
            raise NotEmitted from None
        security = "\nSECURITY DEFINER" if "AUTHID DEFINER" in [a.upper() for a in routine.attributes] else ""
        kind = "FUNCTION" if routine.kind == "function" else "PROCEDURE"
        fire(self.obj, "OR402" if routine.kind == "function" else "OR401", self.obj.span)
        tag, _ = _dollar_quote(body)
        return (f"CREATE OR REPLACE {kind} {_name(routine.name)}({params}){returns}\nLANGUAGE plpgsql{security}\n"
                f"AS {tag}\n{body}\n{tag};")

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

    def emit_trigger(self, trigger: ir.Trigger) -> str:
        if trigger.timing == "FOR" or trigger.sections:
            self.manual(trigger.where, f"compound trigger {trigger.name}: split it into one PostgreSQL trigger per "
                                       "timing point (state shared between them needs a temporary table)", "OR419")
            raise NotEmitted
        events = []
        for event in trigger.events:
            name = event.name.upper()
            if name not in ("INSERT", "UPDATE", "DELETE") or trigger.target_kind != "table":
                self.manual(trigger.where, f"{name} trigger on {trigger.target}: use a PostgreSQL event trigger "
                                           "(CREATE EVENT TRIGGER) for DDL events; logon and database events "
                                           "have no PostgreSQL trigger", "OR419")
                raise NotEmitted
            columns = ", ".join(quote_ident(fold_oracle(c.strip('"'), c.startswith('"'))) for c in event.columns)
            events.append(f"UPDATE OF {columns}" if event.columns else name)
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
        out = [f"CREATE OR REPLACE FUNCTION {function}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS {tag}\n{body}\n{tag};",
               f"CREATE OR REPLACE TRIGGER {quote_ident(base)}\n{trigger.timing} {' OR '.join(events)} ON {table}\n"
               f"FOR EACH {'ROW' if row else 'STATEMENT'}{when}\nEXECUTE FUNCTION {function}();"]
        if not self.obj.enabled or any(o.upper() == "DISABLE" for o in trigger.options):
            out.append(f"ALTER TABLE {table} DISABLE TRIGGER {quote_ident(base)};")
        self.obj.depends_on.append(("relation", QName(*_qname(trigger.target))))
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
        for item in items:
            if isinstance(item, ir.Variable):
                name = fold_oracle(item.name, False)
                self.declared.add(name)
                if " ".join(item.type.text.split()).lower() in self.collections:
                    self.spans.arrays.add(name)
                self.schema_collection(name, item.type)
                text = f"{pad}{quote_ident(name)}{' CONSTANT' if item.constant else ''} {self.type(item.type)}"
                if item.not_null:
                    text += " NOT NULL"
                if item.default is not None:
                    text += f" := {self.spans.expression(item.default)}"
                out.append(text + ";")
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
            elif isinstance(item, ir.Pragma):
                continue
            elif isinstance(item, ir.RecordType):
                self.manual(item.where, f"TYPE {item.name} IS RECORD: create a composite type (CREATE TYPE ... AS "
                                        "(...)) and declare the variable with it")
            elif isinstance(item, ir.Routine):
                self.manual(item.where, f"nested {item.kind} {item.name}: PostgreSQL has no nested routines; make "
                                        "it a routine of its own")
            else:
                self.manual(item.where, f"declaration {type(item).__name__} is not converted")
        return out

    def cursor(self, item: ir.Cursor, pad: str) -> list[str]:
        name = fold_oracle(item.name, False)
        self.spans.cursors.add(name)
        self.declared.add(name)
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
        return [f"{pad}{quote_ident(name)} CURSOR{params} FOR {self.spans.query(item.query)};"]

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

    def collection(self, item: ir.CollectionType) -> None:
        if item.index_by is not None:
            self.manual(item.where, f"associative array {item.name} (INDEX BY): use an array (integer keys from "
                                    "1), a hstore/jsonb (string keys) or a temporary table")
            return
        element = self.type(item.element)
        self.collections[item.name.lower()] = element + "[]"
        self.spans.collections[item.name.lower()] = element
        fire(self.obj, "OR414", self.place(item.where))

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
            if stmt.labels and not isinstance(stmt, ir.NestedBlock):
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
        if stmt.query is not None:
            return [f"OPEN {cursor} FOR {self.spans.query(stmt.query)};"]
        fire(self.obj, "OR413", self.place(stmt.where))
        using = self.using(stmt.using)
        return [f"OPEN {cursor} FOR EXECUTE {self.spans.expression(stmt.dynamic)}{using};"]

    def fetch(self, stmt: ir.Fetch, depth: int) -> list[str]:
        if stmt.into.bulk or stmt.limit is not None:
            self.manual(stmt.where, "FETCH ... BULK COLLECT INTO: fetch into an array with array_agg, or loop")
        cursor = fold_oracle(stmt.cursor, False)
        targets = ", ".join(self.spans.target(t.text, t.where) for t in stmt.into.targets)
        out = [f"FETCH {quote_ident(cursor)} INTO {targets};"]
        if f"sct_{cursor}_found" in self.extra:
            out += [f"sct_{cursor}_found := FOUND;",
                    f"IF FOUND THEN sct_{cursor}_rowcount := sct_{cursor}_rowcount + 1; END IF;"]
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
        into = ""
        if stmt.verb.upper() in ("SELECT", "WITH"):
            split = split_into(text)
            if split is None:
                self.manual(stmt.where, "a SELECT without INTO in PL/SQL")
                raise NotConverted
            text, targets, bulk = split
            if bulk:
                self.manual(stmt.where, "SELECT ... BULK COLLECT INTO: use SELECT array_agg(...) INTO")
            fire(self.obj, "OR404", where)
            self.no_package_targets(targets, stmt.where)
            into = " INTO STRICT " + ", ".join(self.spans.target(t, stmt.sql.where) for t in targets)
        else:
            split = split_returning_into(text)
            if split is not None:
                text, targets, bulk = split
                if bulk:
                    self.manual(stmt.where, "RETURNING ... BULK COLLECT INTO is not converted")
                self.no_package_targets(targets, stmt.where)
                into = " INTO " + ", ".join(self.spans.target(t, stmt.sql.where) for t in targets)
        return [self.spans.statement(text, where) + into + ";"] + self.diagnostics()

    def no_package_targets(self, targets: list[str], where: ir.Where) -> None:
        for target in targets:
            if target.strip() in self.placeholders:
                self.manual(where, "a package variable as the target of INTO: select into a local variable and "
                                   "assign it with :=", "OR426")
                raise NotConverted

    def execute(self, stmt: ir.ExecuteImmediate, depth: int) -> list[str]:
        fire(self.obj, "OR413", self.place(stmt.where))
        text = f"EXECUTE {self.spans.expression(stmt.statement)}"
        if stmt.into is not None:
            if stmt.into.bulk:
                self.manual(stmt.where, "EXECUTE IMMEDIATE ... BULK COLLECT INTO is not converted")
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
            advice = PACKAGE_ADVICE.get(package, "rewrite it with PostgreSQL features")
            fire(self.obj, "OR417", self.place(stmt.where), f"{stmt.name}: {advice}")
            return []
        member = self.package_routine(stmt.name)
        # a DO block runs at once: what it calls must exist first ("routine" orders and blocks); any other caller
        # is left out with a callee that is left out ("call" only blocks: PL/pgSQL bodies bind calls at run time)
        self.obj.depends_on.append(("routine" if self.kind == "block" else "call",
                                    QName(*member) if member is not None else QName(*_qname(stmt.name))))
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
        self.manual(stmt.where, "PIPE ROW: make the function RETURNS SETOF / TABLE and use RETURN NEXT")
        return []


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
_SCALAR_TYPES = frozenset({
    "NUMBER", "INTEGER", "INT", "PLS_INTEGER", "BINARY_INTEGER", "SMALLINT", "DECIMAL", "NUMERIC", "FLOAT", "REAL",
    "BINARY_FLOAT", "BINARY_DOUBLE", "VARCHAR2", "VARCHAR", "NVARCHAR2", "CHAR", "NCHAR", "DATE", "TIMESTAMP",
    "BOOLEAN", "STRING", "NATURAL", "POSITIVE", "SIGNTYPE"})


def _variable_kind(var: ir.Variable, convert_type=None) -> str | None:
    """"constant" (inlined), "variable" (a session setting) or None (not converted) for a package variable:
    only scalars of a built-in type with a literal default (or none) are converted."""
    from sct.converter.packages import LITERAL

    base = re.match(r"\s*([A-Za-z_][\w$#]*)", var.type.text)
    scalar = base is not None and base.group(1).upper() in _SCALAR_TYPES and "%" not in var.type.text
    if not scalar or (var.default is not None and LITERAL.fullmatch(var.default.text) is None):
        return None
    if var.constant:
        return "constant" if var.default is not None else None
    return "variable"


def _local_names(body: ir.Block | None, parameters: list[ir.Parameter] = ()) -> set[str]:
    """Every name a routine or block declares (parameters, variables, cursors, loop variables): they hide package
    names."""
    names = {fold_oracle(p.name, False) for p in parameters}
    stack: list[object] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack += node
            continue
        if not hasattr(node, "__dataclass_fields__"):
            continue
        if isinstance(node, (ir.Variable, ir.Cursor, ir.Routine, ir.ExceptionDecl)):
            names.add(fold_oracle(node.name, False))
        if isinstance(node, (ir.ForLoop, ir.CursorForLoop)):
            names.add(fold_oracle(node.variable, False))
        stack += [getattr(node, f) for f in node.__dataclass_fields__]
    return names


def _qname(text: str) -> tuple[str | None, str]:
    parts = [fold_oracle(p.strip('"'), p.startswith('"')) for p in re.findall(r'"[^"]*"|[^.\s]+', text)]
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[-1])


_STATEMENTS = {
    ir.Assign: _Writer.assign, ir.If: _Writer.if_, ir.Case: _Writer.case, ir.Loop: _Writer.loop,
    ir.WhileLoop: _Writer.while_, ir.ForLoop: _Writer.for_, ir.CursorForLoop: _Writer.cursor_for,
    ir.Exit: _Writer.exit_, ir.Continue: _Writer.exit_, ir.Null: _Writer.null, ir.Return: _Writer.return_,
    ir.Raise: _Writer.raise_, ir.Open: _Writer.open_, ir.OpenFor: _Writer.open_for, ir.Fetch: _Writer.fetch,
    ir.Close: _Writer.close, ir.SqlStatement: _Writer.sql, ir.ExecuteImmediate: _Writer.execute,
    ir.Commit: _Writer.commit, ir.Rollback: _Writer.commit, ir.Savepoint: _Writer.savepoint,
    ir.NestedBlock: _Writer.nested_block, ir.LockTable: _Writer.lock, ir.Call: _Writer.call,
    ir.PipeRow: _Writer.pipe_row,
}
