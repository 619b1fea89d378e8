"""Rules that look at whole objects after assembly: column types, constraint indexes, sequences, synonyms,
names. Each step is a plain function over the conversion and records its findings with the rule it applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from sct.converter.findings import fire
from sct.converter.ir import (
    DataType,
    Effort,
    ForeignKey,
    Index,
    MaterializedView,
    QName,
    Sequence,
    Statement,
    Synonym,
    Table,
    UserType,
    View,
)
from sct.converter.names import PG_MAX_IDENT

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion

BIGINT_MAX = 2**63 - 1
BIGINT_MIN = -(2**63)
_CHARACTER_TYPES = ("VARCHAR2", "NVARCHAR2", "VARCHAR", "CHAR", "NCHAR", "CHARACTER", "CLOB", "NCLOB", "LONG")


def map_column_types(conversion: Conversion) -> None:
    """Give every column its PostgreSQL type (rules OR101-OR112); a type with no conversion is a finding."""
    from sct.converter.dialects.oracle_types import map_oracle_type

    types = _user_types(conversion)
    for user_type in _of(conversion, UserType):
        _map_user_type(user_type, types)
    for table in _of(conversion, Table):
        for column in table.columns:
            if _resolve_user_type(column.type, types):
                fire(table, "OR233", column.span, f"column {column.name}: type {column.type.source} becomes "
                                                  f"{column.type.target}")
                continue
            if not column.type.name:
                fire(table, "OR205", column.span, f"virtual column {column.name} has no declared type; "
                                                  "PostgreSQL generated columns need one", effort=Effort.MANUAL)
                continue
            target, rule_id = map_oracle_type(column.type.name, column.type.args)
            column.type.target = target
            if rule_id is None:
                continue
            message = None
            if target is None:
                message = f"column {column.name}: type {column.type.source} has no PostgreSQL conversion"
            elif column.type.source.upper() != target.upper():
                message = f"column {column.name}: {column.type.source} becomes {target}"
            if message is not None:
                fire(table, rule_id, column.span, message)
        for column in table.columns:
            if column.identity is not None:
                _identity(table, column)
            if column.generated is not None:
                fire(table, "OR205", column.span)
        if table.temporary:
            fire(table, "OR206", table.span)


def _user_types(conversion: Conversion) -> dict[str, UserType]:
    """SQL types the scripts create, by name as written in a column definition (upper case, maybe qualified)."""
    out: dict[str, UserType] = {}
    for user_type in _of(conversion, UserType):
        out[user_type.name.name.upper()] = user_type
        if user_type.name.schema:
            out[f"{user_type.name.schema}.{user_type.name.name}".upper()] = user_type
    return out


def _resolve_user_type(dtype: DataType, types: dict[str, UserType]) -> bool:
    """Point a type naming a user-defined type at it (target: the type's PostgreSQL name)."""
    from sct.converter.emit.postgres import qualified

    found = types.get(dtype.name.upper()) if not dtype.args else None
    if found is None and "." in dtype.name:
        found = types.get(dtype.name.split(".")[-1].upper())    # own-schema qualifier
    if found is None:
        return False
    dtype.user_type = found.name
    dtype.target = qualified(found.name)
    return True


def _map_user_type(user_type: UserType, types: dict[str, UserType]) -> None:
    """Attribute and element types of a SQL type (OR233): a composite type, or a domain over an array."""
    from sct.converter.dialects.oracle_types import map_oracle_type

    members = [(a.name, a.type, a.span) for a in user_type.attributes]
    if user_type.element is not None:
        members.append(("element", user_type.element, user_type.span))
    for label, dtype, span in members:
        if _resolve_user_type(dtype, types):
            continue
        dtype.target, rule_id = map_oracle_type(dtype.name, dtype.args)
        if dtype.target is None:
            fire(user_type, rule_id or "OR112", span, f"{label}: type {dtype.source} has no PostgreSQL conversion")
    shape = {"object": "a composite type", "varray": f"a domain over an array of at most {user_type.limit}",
             "table": "a domain over an array"}[user_type.variant]
    fire(user_type, "OR233", user_type.span, f"type {user_type.name} becomes {shape}")
    if user_type.methods:
        fire(user_type, "OR233", user_type.span,
             f"member subprograms ({', '.join(user_type.methods)}) are PL/SQL: they are converted with the type "
             "body (OR428), and calls obj.method() to them are not rewritten", effort=Effort.REVIEW)


def convert_constructors(conversion: Conversion) -> None:
    """Calls of a SQL type's constructor become ROW(...)/ARRAY[...] cast to the converted type (OR233).

    cust_address_typ('2 Main St', 'Ely') -> CAST(ROW('2 Main St', 'Ely') AS cust_address_typ);
    phone_list_typ('1', '2') -> CAST(ARRAY['1', '2'] AS phone_list_typ).
    """
    types = {k: t for k, t in _user_types(conversion).items() if t.target_sql is not None or t.emitted}
    if not types:
        return
    for obj in conversion.objects:
        for tree in _trees(obj):
            replace_constructors(tree, types, obj, obj.span)


def replace_constructors(tree: exp.Expression, types: dict[str, UserType], obj, span) -> exp.Expression:
    """In `tree`, every call of a constructor of `types` (by upper-case name) -> ROW/ARRAY cast to the type;
    returns the tree (a new root when the root itself was a constructor call)."""
    from sct.converter.emit.postgres import qualified

    for call in list(tree.find_all(exp.Anonymous)):
        if isinstance(call.parent, exp.Dot) or not isinstance(call.this, str):
            continue
        user_type = types.get(call.name.upper())
        if user_type is None:
            continue
        args = list(call.expressions)
        if user_type.variant == "object":
            if len(args) != len(user_type.attributes):
                continue            # a user-written constructor (PL/SQL) with other arguments
            value: exp.Expression = exp.Anonymous(this="ROW", expressions=args)
        else:
            value = exp.Array(expressions=args)
        to = exp.DataType.build(qualified(user_type.name), udt=True)
        fire(obj, "OR233", span, f"constructor {call.name}(...) becomes "
                                 f"{'ROW' if user_type.variant == 'object' else 'ARRAY'}[...] cast to {user_type.name}")
        cast = exp.Cast(this=value, to=to)
        if call is tree:
            tree = cast
        else:
            call.replace(cast)
    return tree


def _identity(table: Table, column) -> None:
    kind = "GENERATED ALWAYS" if column.identity.always else "GENERATED BY DEFAULT"
    if column.type.target not in ("smallint", "integer", "bigint"):
        fire(table, "OR204", column.span, f"identity column {column.name} ({column.type.source}) becomes bigint: "
                                          "PostgreSQL identity columns are integers")
        column.type.target = "bigint"
    else:
        fire(table, "OR204", column.span, f"identity column {column.name}: {kind}")
    if column.identity.on_null:
        fire(table, "OR204", column.span, f"identity column {column.name}: BY DEFAULT ON NULL also fills explicit "
                                          "NULLs in Oracle; PostgreSQL rejects an explicit NULL", effort=Effort.REVIEW)
    start = column.identity.options.get("start")
    if start == "LIMIT VALUE":
        fire(table, "OR204", column.span, "START WITH LIMIT VALUE: set the identity's next value after loading "
                                          "data (ALTER TABLE ... ALTER COLUMN ... RESTART)", effort=Effort.REVIEW)


def _type_family(pg_type: str | None) -> str | None:
    """The btree operator family a PostgreSQL type belongs to: a foreign key needs the same one on both ends."""
    if not pg_type:
        return None
    base = pg_type.split("(")[0].strip().lower()
    for family, names in (("integer", ("smallint", "integer", "bigint")), ("numeric", ("numeric",)),
                          ("float", ("real", "double precision")),
                          ("text", ("varchar", "text", "char", "character", "character varying")),
                          ("datetime", ("timestamp", "date")), ("bytea", ("bytea",))):
        if base in names:
            return family
    return base


def align_foreign_key_types(conversion: Conversion) -> None:
    """A referencing column takes the type of the key it references when PostgreSQL would reject the pair (OR231).

    Oracle compares NUMBER with NUMBER whatever the precision; PostgreSQL needs the same operator family on both
    ends, so numeric(38) cannot reference a bigint identity key. Every value an enforced foreign key admits is a
    value of the referenced column, so taking its type loses nothing.
    """
    tables = {t.name.key: t for t in _of(conversion, Table)}
    for fk in _of(conversion, ForeignKey):
        child, parent = tables.get(fk.table.key), tables.get(fk.constraint.ref_table.key)
        if child is None or parent is None:
            continue
        ref_columns = fk.constraint.ref_columns or next(
            (c.columns for c in parent.constraints if c.kind == "primary"), [])
        for name, ref_name in zip(fk.constraint.columns, ref_columns, strict=False):
            column, ref = child.column(name), parent.column(ref_name)
            if column is None or ref is None or not column.type.target or not ref.type.target:
                continue
            if _type_family(column.type.target) == _type_family(ref.type.target):
                continue
            fire(child, "OR231", column.span,
                 f"column {name} ({column.type.target}) becomes {ref.type.target} like {parent.name}.{ref_name}, "
                 f"which foreign key {fk.name.name} references")
            column.type.target = ref.type.target


def _trees(obj) -> list:
    """The SQL expressions an object holds (defaults, checks, queries, index keys, statements)."""
    if isinstance(obj, Table):
        return [t for c in obj.columns for t in (c.default, c.generated) if t is not None] + [
            c.check for c in obj.constraints if c.check is not None]
    if isinstance(obj, View):
        return [obj.query] if obj.query is not None else []
    if isinstance(obj, Index):
        return [c.expression for c in obj.columns]
    if isinstance(obj, Statement):
        return [obj.tree] if obj.tree is not None else []
    return []


def resolve_own_schema(conversion: Conversion) -> None:
    """Names qualified with the schema the scripts install into refer to what the scripts create (OR232).

    Oracle scripts run as their owner and often qualify their own objects (`FROM sh.sales`) while creating
    them unqualified. A qualifier that names no schema the scripts create objects in, on a name the scripts do
    create unqualified, is taken for that owner and dropped, so the reference finds the converted object.
    """
    objects = conversion.objects
    kinds = (Table, View, Sequence, Synonym, Index)
    created_in = {o.name.schema for o in objects if isinstance(o, kinds) and o.name.schema}
    local_names = {o.name.name for o in objects if isinstance(o, (Table, View, Sequence, Synonym))
                   and o.name.schema is None}

    def own(schema: str | None, name: str) -> bool:
        return bool(schema) and schema not in created_in and name in local_names

    for obj in objects:
        dropped: set[str] = set()

        def local(name: QName | None, dropped: set[str] = dropped) -> QName | None:
            if name is not None and own(name.schema, name.name):
                dropped.add(name.schema)
                return QName(None, name.name)
            return name

        if isinstance(obj, (Index, ForeignKey)) or (isinstance(obj, Statement) and obj.table is not None):
            obj.table = local(obj.table)
        if isinstance(obj, ForeignKey):
            obj.constraint.ref_table = local(obj.constraint.ref_table)
        if isinstance(obj, Synonym):
            obj.target = local(obj.target)
        for tree in _trees(obj):
            for table in tree.find_all(exp.Table):
                if own(table.db, table.name):
                    dropped.add(table.db)
                    table.set("db", None)
            for column in tree.find_all(exp.Column):
                if column.args.get("db") is not None and own(column.db, column.table):
                    dropped.add(column.db)
                    column.set("db", None)
            for call in tree.find_all(exp.Anonymous):
                if call.name.lower() in ("nextval", "currval") and call.expressions:
                    arg = call.expressions[0]
                    parts = arg.this.split(".") if isinstance(arg, exp.Literal) and arg.is_string else []
                    if len(parts) == 2 and own(parts[0].strip('"'), parts[1].strip('"')):
                        dropped.add(parts[0].strip('"'))
                        arg.set("this", parts[1])
        if dropped:
            fire(obj, "OR232", obj.span,
                 f"{', '.join(sorted(dropped))}.<name> read as the objects these scripts create: the scripts "
                 f"create nothing in schema {', '.join(sorted(dropped))}, so it is taken for their owner")


def absorb_constraint_indexes(conversion: Conversion) -> None:
    """A unique index that backs a PRIMARY KEY/UNIQUE constraint is created by the constraint (OR209)."""
    tables = {t.name.key: t for t in _of(conversion, Table)}
    for index in list(_of(conversion, Index)):
        table = tables.get(index.table.key) if index.table else None
        if table is None or not index.unique:
            continue
        plain = [_plain_column(ic) for ic in index.columns]
        if None in plain or any(ic.descending for ic in index.columns):
            continue
        for constraint in table.constraints:
            if constraint.kind in ("primary", "unique") and constraint.columns == plain:
                conversion.objects.remove(index)
                note = (f"unique index {index.name} is created by constraint {constraint.name or constraint.kind}"
                        f" in PostgreSQL")
                if constraint.name and constraint.name != index.name.name:
                    note += f" (the index is named {constraint.name})"
                fire(table, "OR209", index.span, note)
                break


def _plain_column(index_column) -> str | None:
    from sqlglot import exp

    tree = index_column.expression
    return tree.name if isinstance(tree, exp.Column) and not tree.table else None


def check_empty_strings(conversion: Conversion) -> None:
    """Oracle stores '' as NULL, so a NOT NULL character column rejects ''; PostgreSQL accepts it (OR217)."""
    for table in _of(conversion, Table):
        columns = [c.name for c in table.columns
                   if c.not_null and c.type.name.split("(")[0] in _CHARACTER_TYPES]
        if columns:
            fire(table, "OR217", table.span,
                 f"NOT NULL character columns {', '.join(columns)} reject '' in Oracle ('' is NULL there) but "
                 f"accept it in PostgreSQL; add CHECK (col <> '') where the application relies on it")


def check_sequences(conversion: Conversion) -> None:
    """Sequence bounds beyond bigint are clamped (OR212); cache and order options are carried or dropped."""
    for seq in _of(conversion, Sequence):
        if seq.maxvalue is not None and seq.maxvalue > BIGINT_MAX:
            fire(seq, "OR212", seq.span, f"MAXVALUE {seq.maxvalue} exceeds bigint; clamped to {BIGINT_MAX}",
                 effort=Effort.REVIEW)
            seq.maxvalue = BIGINT_MAX
        if seq.minvalue is not None and seq.minvalue < BIGINT_MIN:
            fire(seq, "OR212", seq.span, f"MINVALUE {seq.minvalue} is below bigint; clamped to {BIGINT_MIN}",
                 effort=Effort.REVIEW)
            seq.minvalue = BIGINT_MIN
        if seq.start is not None and seq.start > BIGINT_MAX:
            fire(seq, "OR212", seq.span, f"START WITH {seq.start} exceeds bigint", effort=Effort.MANUAL)


def resolve_synonyms(conversion: Conversion) -> None:
    """A synonym for a table or view becomes a view over it (OR213); for anything else it is a finding."""
    relations = {o.name.key: o for o in conversion.objects if isinstance(o, (Table, View))}
    by_name = {o.name.name: o for o in conversion.objects if isinstance(o, (Table, View))}
    for synonym in _of(conversion, Synonym):
        if synonym.findings and synonym.status == "manual":
            continue
        target = relations.get(synonym.target.key) or by_name.get(synonym.target.name)
        if target is None:
            fire(synonym, "OR226", synonym.span,
                 f"synonym {synonym.name} for {synonym.target}: the target is not created by these scripts, "
                 "so its kind is unknown; create a view over it, or add its schema to search_path")
        elif target.name == synonym.name:
            fire(synonym, "OR226", synonym.span,
                 f"synonym {synonym.name} has the same name as its target; in PostgreSQL set search_path to "
                 f"reach {synonym.target}", effort=Effort.REVIEW)
        else:
            fire(synonym, "OR213", synonym.span)


def check_relation_names(conversion: Conversion) -> None:
    """PostgreSQL puts tables, views, sequences and indexes in one namespace per schema, and cuts names at 63
    bytes; Oracle keeps indexes apart and allows 128. Clashes and long names are findings (OR214)."""
    seen: dict[tuple[str | None, str], object] = {}
    for obj in conversion.objects:
        names: list[QName] = []
        if isinstance(obj, (Table, View, Sequence, Index, Synonym)) and obj.emitted:
            names.append(obj.name)
        if isinstance(obj, Table) and obj.emitted:
            names += [QName(obj.name.schema, c.name) for c in obj.constraints
                      if c.kind in ("primary", "unique") and c.name]
        for name in names:
            if len(name.name.encode()) > PG_MAX_IDENT:
                fire(obj, "OR214", obj.span, f"name {name.name} is longer than {PG_MAX_IDENT} bytes; PostgreSQL "
                                             f"truncates it to {name.name.encode()[:PG_MAX_IDENT].decode(errors='ignore')}",
                     effort=Effort.REVIEW)
            key = (name.schema, name.name[:PG_MAX_IDENT])
            other = seen.get(key)
            if other is not None and other is not obj:
                fire(obj, "OR214", obj.span, f"name {name} is already used by {other.label} "  # type: ignore[attr-defined]
                                             "(PostgreSQL keeps tables, views, sequences and indexes in one "
                                             "namespace); rename one of them", effort=Effort.MANUAL)
            else:
                seen[key] = obj
    for obj in conversion.objects:
        if isinstance(obj, ForeignKey) and len(obj.name.name.encode()) > PG_MAX_IDENT:
            fire(obj, "OR214", obj.span, f"constraint name {obj.name.name} is longer than {PG_MAX_IDENT} bytes",
                 effort=Effort.REVIEW)


def _of(conversion: Conversion, cls: type) -> list:
    return [o for o in conversion.objects if isinstance(o, cls)]



def check_constraints(conversion: Conversion) -> None:
    """Constraint timing and state (OR207, OR208) and Oracle's NULL rule for composite unique keys (OR229)."""
    for obj in conversion.objects:
        if isinstance(obj, Table):
            owned = [(obj, c) for c in obj.constraints]
        elif isinstance(obj, ForeignKey):
            owned = [(obj, obj.constraint)]
        else:
            continue
        for owner, constraint in owned:
            label = constraint.name or constraint.kind
            if constraint.deferrable:
                fire(owner, "OR207", constraint.span, f"constraint {label} is DEFERRABLE"
                     + (" INITIALLY DEFERRED" if constraint.initially_deferred else ""))
            if not constraint.enabled:
                fire(owner, "OR208", constraint.span, f"constraint {label} is DISABLED in Oracle and is not created")
            elif not constraint.validated:
                fire(owner, "OR208", constraint.span,
                     f"constraint {label} is NOVALIDATE: "
                     + ("created NOT VALID" if constraint.kind == "foreign" else
                        "created and validated in PostgreSQL; existing rows that break it will be rejected"))
    for table in _of(conversion, Table):
        nullable = {c.name for c in table.columns if not c.not_null}
        for constraint in table.constraints:
            if constraint.kind == "primary":
                nullable -= set(constraint.columns)
        for constraint in table.constraints:
            loose = [c for c in constraint.columns if c in nullable]
            if constraint.kind == "unique" and len(constraint.columns) > 1 and loose:
                _unique_null_finding(table, constraint.span, constraint.name or "unique", loose)
    tables = {t.name.key: t for t in _of(conversion, Table)}
    for index in _of(conversion, Index):
        table = tables.get(index.table.key) if index.table else None
        if table is None or not index.unique or len(index.columns) < 2:
            continue
        plain = [_plain_column(ic) for ic in index.columns]
        loose = [c.name for c in table.columns if c.name in plain and not c.not_null]
        if loose:
            _unique_null_finding(index, index.span, str(index.name), loose)


def _unique_null_finding(owner, span, label: str, columns: list[str]) -> None:
    fire(owner, "OR229", span,
         f"{label}: rows that repeat the same non-NULL values with NULL in {', '.join(columns)} are rejected "
         "by Oracle but accepted by PostgreSQL")


def check_views(conversion: Conversion) -> None:
    """Materialized view refresh modes (OR225)."""
    for view in _of(conversion, MaterializedView):
        refresh = view.refresh or "REFRESH FORCE ON DEMAND (default)"
        if any(word in refresh for word in ("FAST", "COMMIT", "START", "NEXT", "FORCE")) or view.build_deferred:
            fire(view, "OR225", view.span,
                 f"{refresh}: PostgreSQL refreshes materialized views in full with REFRESH MATERIALIZED VIEW, "
                 "only when asked; schedule it")


def check_definer_rights(conversion: Conversion) -> None:
    """OR429: a routine or package that the scripts grant EXECUTE on, without AUTHID CURRENT_USER.

    Oracle runs it with its owner's rights (AUTHID DEFINER is the default); the converted routine is
    SECURITY INVOKER unless the source says AUTHID DEFINER, so a grantee needs rights on what it uses. Only
    a role other than the owner sees the difference, hence the grant as the sign.
    """
    from sct.converter.ir import CodeObject, Grant

    grants: dict[str, list[str]] = {}
    for grant in _of(conversion, Grant):
        if grant.on is not None and any(p.upper() in ("EXECUTE", "ALL", "ALL PRIVILEGES") for p in grant.privileges):
            grants.setdefault(grant.on.name, []).extend(grant.grantees)
    if not grants:
        return
    for obj in _of(conversion, CodeObject):
        unit = obj.unit
        if obj.code_kind in ("procedure", "function") and obj.name.schema is None and unit is not None:
            attributes = getattr(getattr(unit, "routine", None), "attributes", [])
        elif obj.code_kind == "package" and unit is not None:
            attributes = getattr(unit, "attributes", [])
        else:
            continue
        grantees = grants.get(obj.name.name)
        words = {" ".join(a.upper().split()) for a in attributes}
        if not grantees or words & {"AUTHID CURRENT_USER", "AUTHID DEFINER"}:
            continue
        listed = ", ".join(dict.fromkeys(grantees))
        fire(obj, "OR429", obj.span, f"{obj.code_kind} {obj.name} is granted to {listed}: Oracle runs it with its "
                                     "owner's rights (AUTHID DEFINER, the default); on PostgreSQL it runs with the "
                                     "caller's (SECURITY INVOKER), so the grantees need rights on what it uses, "
                                     "or make it SECURITY DEFINER with SET search_path", effort=Effort.REVIEW)


def unique_index_names(conversion: Conversion, rule_id: str) -> None:
    """MySQL and SQL Server name indexes per table, PostgreSQL per schema, together with tables, views and the
    indexes of key constraints: an index whose name is taken is renamed `table_index` (`_2`, ... if that is taken
    too), with a finding of `rule_id` (MY209, MS207)."""
    from sct.converter.ir import Index

    taken = {(o.name.schema, o.name.name) for o in conversion.objects if isinstance(o, (Table, View))}
    for obj in _of(conversion, Table):
        taken |= {(obj.name.schema, c.name) for c in obj.constraints if c.name}
    for obj in _of(conversion, Index):
        key = (obj.name.schema, obj.name.name)
        if key not in taken:
            taken.add(key)
            continue
        new = f"{obj.table.name}_{obj.name.name}"[:PG_MAX_IDENT]
        n = 2
        while (obj.name.schema, new) in taken:
            new = f"{obj.table.name}_{obj.name.name}"[:PG_MAX_IDENT - 3] + f"_{n}"
            n += 1
        fire(obj, rule_id, obj.span, f"index {obj.name.name} of {obj.table} becomes {new}: PostgreSQL index names "
                                     "are unique per schema (with tables, views and key constraints)")
        obj.name = QName(obj.name.schema, new)
        taken.add((obj.name.schema, new))
