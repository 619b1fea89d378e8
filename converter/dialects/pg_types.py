"""The PostgreSQL types of the columns a converted query returns, as a function's RETURNS TABLE must name them.

A T-SQL procedure that returns a result set becomes a function RETURNS TABLE (...) whose RETURN QUERY must
give exactly the declared types (PostgreSQL compares type OIDs: varchar is not text, smallint is not integer).
`output_types(select, relations)` works them out from the converted (PostgreSQL) sqlglot tree: columns from
the tables and views it reads (`relations`: relation name -> {column: type}), literals, casts, arithmetic and
aggregates by PostgreSQL's own rules (sum(integer) is bigint, avg(integer) numeric, smallint * smallint
smallint, an untyped literal takes the type of the other CASE branches). An expression it cannot type is
None: the caller reports it instead of guessing, and plpgsql_check (`--verify`) checks what it declared.

Types are named without modifiers (varchar, bpchar, numeric, timestamp), as a function signature keeps them.
"""

from __future__ import annotations

import re

from sqlglot import exp

__all__ = ["base_type", "output_types"]

_INTEGERS = ("smallint", "integer", "bigint")
_NUMERIC_ORDER = ("smallint", "integer", "bigint", "numeric", "real", "double precision")
_TEXT_FUNCTIONS = {"TO_CHAR", "LEFT", "RIGHT", "SUBSTRING", "SUBSTR", "UPPER", "LOWER", "LTRIM", "RTRIM", "BTRIM",
                   "TRIM", "REPLACE", "CONCAT", "CONCAT_WS", "REPEAT", "REVERSE", "CHR", "OVERLAY", "LPAD", "RPAD",
                   "INITCAP", "TRANSLATE", "MD5", "FORMAT", "STRING_AGG", "QUOTE_IDENT", "QUOTE_LITERAL"}
_INTEGER_FUNCTIONS = {"LENGTH", "CHAR_LENGTH", "OCTET_LENGTH", "STRPOS", "POSITION", "ASCII", "GROUPING", "NTILE",
                      "SIGN_INT"}
_SAME_AS_FIRST = {"ABS", "CEIL", "CEILING", "FLOOR", "GREATEST", "LEAST", "FIRST_VALUE", "LAST_VALUE", "LAG",
                  "LEAD", "MIN", "MAX", "NULLIF"}


def base_type(declared: str | None) -> str | None:
    """A type as written in DDL (varchar(40), numeric(19, 4), timestamp(3)) without its modifiers, by its
    canonical PostgreSQL name."""
    if not declared:
        return None
    text = re.sub(r"\(.*?\)", "", declared.strip().lower())
    text = " ".join(text.split())
    if text.endswith("[]"):
        return None
    return {
        "int": "integer", "int4": "integer", "integer": "integer", "int2": "smallint", "smallint": "smallint",
        "int8": "bigint", "bigint": "bigint", "character varying": "varchar", "varchar": "varchar",
        "character": "bpchar", "char": "bpchar", "bpchar": "bpchar", "nchar": "bpchar", "text": "text",
        "decimal": "numeric", "numeric": "numeric", "float": "double precision", "float8": "double precision",
        "double precision": "double precision", "double": "double precision", "real": "real", "float4": "real",
        "timestamp": "timestamp", "timestamp without time zone": "timestamp", "timestamptz": "timestamptz",
        "timestamp with time zone": "timestamptz", "date": "date", "time": "time",
        "time without time zone": "time", "boolean": "boolean", "bool": "boolean", "uuid": "uuid",
        "bytea": "bytea", "interval": "interval", "json": "json", "jsonb": "jsonb", "xml": "xml",
        "money": "money", "bit": "bit", "bit varying": "varbit", "varbit": "varbit",
    }.get(text)


class _Scope:
    """The relations a SELECT reads: name or alias -> {column: type}, in FROM order."""

    def __init__(self, relations: dict[str, dict[str, str | None]]) -> None:
        self.catalog = relations
        self.sources: dict[str, dict[str, str | None]] = {}
        self.outer: set[str] = set()            # qualifiers of variables: never a bare column's source

    def add(self, name: str, columns: dict[str, str | None]) -> None:
        self.sources[name] = columns

    def column(self, column: exp.Column) -> str | None:
        if column.table:
            source = self.sources.get(column.table)
            return None if source is None else source.get(column.name)
        found = [s[column.name] for n, s in self.sources.items() if column.name in s and n not in self.outer]
        return found[0] if len(found) == 1 else None


def _relation_columns(node: exp.Expression, relations: dict[str, dict[str, str | None]]
                      ) -> tuple[str | None, dict[str, str | None] | None]:
    """(the name the query calls it by, its columns) for a FROM item."""
    if isinstance(node, exp.Table):
        alias = node.alias or node.name
        key = f"{node.db}.{node.name}" if node.db else node.name
        return alias, relations.get(key)
    if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Query):
        types = output_types(node.this, relations)
        return node.alias or None, None if types is None else dict(types)
    return None, None


def _nested_join(item: exp.Expression) -> bool:
    return isinstance(item, exp.Subquery) and isinstance(item.this, exp.Table) and bool(item.this.args.get("joins"))


def _scope(select: exp.Select, relations: dict[str, dict[str, str | None]],
           outer: dict[str, dict[str, str | None]] | None = None) -> _Scope | None:
    scope = _Scope(relations)
    for name, columns in (outer or {}).items():        # names in scope everywhere (a routine's variables)
        scope.add(name, columns)
        scope.outer.add(name)
    items = []
    if select.args.get("from_") is not None:
        items.append(select.args["from_"].this)
    items += [j.this for j in select.args.get("joins") or []]
    while any(_nested_join(i) for i in items):       # FROM a JOIN (b JOIN c ON ...) ON ...
        flat = []
        for item in items:
            if _nested_join(item):
                inner = item.this
                flat.append(inner.copy())
                flat[-1].set("joins", None)
                flat += [j.this for j in inner.args.get("joins") or []]
            else:
                flat.append(item)
        items = flat
    for item in items:
        name, columns = _relation_columns(item, relations)
        if name is None or columns is None:
            return None
        scope.add(name, columns)
    return scope


def output_types(query: exp.Expression, relations: dict[str, dict[str, str | None]],
                 outer: dict[str, dict[str, str | None]] | None = None) -> list[tuple[str, str | None]] | None:
    """[(column name, type or None)] of what `query` returns; None when its shape is not known (SELECT * of an
    unknown relation, a set operation whose branches differ). `outer`: qualifiers known everywhere in the query
    (a routine's variables as `var.x`), {qualifier: {name: type}}."""
    with_ = query.args.get("with_") or query.args.get("with")
    if isinstance(with_, exp.With):                     # common table expressions: relations of the query
        relations = dict(relations)
        for cte in with_.expressions:
            body = cte.this
            if with_.args.get("recursive") and isinstance(body, exp.SetOperation):
                body = body.this                        # a recursive CTE's types are its anchor's
            types = output_types(body, relations, outer)
            if types is None:
                return None
            names = [c.name for c in cte.args["alias"].columns] if cte.args.get("alias") is not None and \
                cte.args["alias"].columns else [n for n, _ in types]
            if len(names) != len(types):
                return None
            relations[cte.alias_or_name] = dict(zip(names, (t for _, t in types), strict=True))
    if isinstance(query, exp.Subquery):
        return output_types(query.this, relations, outer)
    if isinstance(query, exp.SetOperation):
        left = output_types(query.this, relations, outer)
        right = output_types(query.expression, relations, outer)
        if left is None or right is None or len(left) != len(right):
            return None
        return [(name, _unify([a, b])) for (name, a), (_, b) in zip(left, right, strict=True)]
    if not isinstance(query, exp.Select):
        return None
    scope = _scope(query, relations, outer)
    if scope is None:
        return None
    out: list[tuple[str, str | None]] = []
    for item in query.expressions:
        if isinstance(item, exp.Star):
            for name, columns in scope.sources.items():
                if name not in (outer or {}):
                    out += list(columns.items())
            continue
        if isinstance(item, exp.Column) and isinstance(item.this, exp.Star):
            columns = scope.sources.get(item.table)
            if columns is None:
                return None
            out += list(columns.items())
            continue
        value = item.this if isinstance(item, exp.Alias) else item
        out.append((item.alias_or_name, infer(value, scope)))
    return out


def infer(node: exp.Expression, scope: _Scope) -> str | None:
    """The PostgreSQL type of a converted expression, or None (untyped literals are 'unknown')."""
    kind = _infer(node, scope)
    return "text" if kind == "unknown" else kind


def _literal(node: exp.Literal) -> str:
    if node.is_string:
        return "unknown"
    text = node.this
    if re.fullmatch(r"\d+", text):
        value = int(text)
        return "integer" if value < 2**31 else "bigint" if value < 2**63 else "numeric"
    return "numeric"


def _unify(kinds: list[str | None]) -> str | None:
    """The type PostgreSQL resolves for CASE branches, COALESCE arguments or UNION columns."""
    known = [k for k in kinds if k not in ("unknown", "null")]
    if any(k is None for k in known):
        return None
    if not known:
        return "unknown" if "unknown" in kinds else None
    if len(set(known)) == 1:
        return known[0]
    if set(known) <= set(_NUMERIC_ORDER):
        return max(known, key=_NUMERIC_ORDER.index)
    if set(known) <= {"varchar", "text", "bpchar"}:
        return "text"
    return None


def _arithmetic(left: str | None, right: str | None) -> str | None:
    if left == "unknown":
        left = right
    if right == "unknown":
        right = left
    if left is None or right is None or left not in _NUMERIC_ORDER or right not in _NUMERIC_ORDER:
        return None
    if left in _INTEGERS and right in _INTEGERS:
        return max(left, right, key=_INTEGERS.index)
    if "double precision" in (left, right):
        return "double precision"
    if "real" in (left, right):
        return "double precision" if "numeric" in (left, right) else "real"
    return "numeric"


def _aggregate(name: str, arg: str | None) -> str | None:
    if name == "COUNT":
        return "bigint"
    if arg is None or arg == "unknown":
        return None
    if name == "SUM":
        return {"smallint": "bigint", "integer": "bigint", "bigint": "numeric", "numeric": "numeric",
                "real": "real", "double precision": "double precision", "interval": "interval",
                "money": "money"}.get(arg)
    if name == "AVG":
        return {"smallint": "numeric", "integer": "numeric", "bigint": "numeric", "numeric": "numeric",
                "real": "double precision", "double precision": "double precision",
                "interval": "interval"}.get(arg)
    return arg


def _infer(node: exp.Expression, scope: _Scope) -> str | None:  # noqa: PLR0911, PLR0912 - one case per node kind
    if isinstance(node, (exp.Paren, exp.Neg)):
        return _infer(node.this, scope)
    if isinstance(node, exp.Alias):
        return _infer(node.this, scope)
    if isinstance(node, exp.Literal):
        return _literal(node)
    if isinstance(node, exp.Null):
        return "null"
    if isinstance(node, exp.Boolean) or isinstance(node, (exp.Predicate, exp.Connector, exp.Not, exp.Exists)):
        return "boolean"
    if isinstance(node, exp.Cast):
        return base_type(node.to.sql(dialect="postgres"))
    if isinstance(node, exp.Column):
        if isinstance(node.this, exp.Star):
            return None
        return scope.column(node)
    if isinstance(node, exp.DPipe):
        return "text"
    if isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)):
        return _arithmetic(_infer(node.this, scope), _infer(node.expression, scope))
    if isinstance(node, exp.Case):
        branches = [_infer(i.args["true"], scope) for i in node.args.get("ifs") or []]
        if node.args.get("default") is not None:
            branches.append(_infer(node.args["default"], scope))
        return _unify(branches)
    if isinstance(node, exp.Coalesce):
        return _unify([_infer(node.this, scope)] + [_infer(e, scope) for e in node.expressions])
    if isinstance(node, exp.Count):
        return "bigint"
    for kind, name in ((exp.Sum, "SUM"), (exp.Avg, "AVG"), (exp.Min, "MIN"), (exp.Max, "MAX")):
        if isinstance(node, kind):
            return _aggregate(name, _infer(node.this, scope))
    if isinstance(node, (exp.RowNumber, exp.Rank, exp.DenseRank)):
        return "bigint"
    if isinstance(node, exp.Window):
        return _infer(node.this, scope)
    if isinstance(node, exp.Extract):
        return "numeric"
    if isinstance(node, exp.Subquery):
        types = output_types(node.this, scope.catalog)
        return types[0][1] if types and len(types) == 1 else None
    if isinstance(node, (exp.CurrentTimestamp,)):
        return "timestamptz"
    if isinstance(node, exp.Anonymous) or isinstance(node, exp.Func):
        return _function(node, scope)
    return None


def _function(node: exp.Expression, scope: _Scope) -> str | None:
    name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).upper()
    args = list(node.expressions) if isinstance(node, exp.Anonymous) else \
        [a for a in [node.args.get("this"), *node.args.get("expressions", [])] if isinstance(a, exp.Expression)]
    if name in _TEXT_FUNCTIONS:
        return "text"
    if name in _INTEGER_FUNCTIONS:
        return "integer"
    if name in ("SUM", "AVG", "COUNT", "MIN", "MAX") and args:
        return _aggregate(name, _infer(args[0], scope))
    if name in _SAME_AS_FIRST and args:
        return _unify([_infer(a, scope) for a in args]) if name in ("GREATEST", "LEAST") else _infer(args[0], scope)
    if name in ("ROUND", "TRUNC") and args:
        first = _infer(args[0], scope)
        if first in _INTEGERS:
            return "numeric"            # round(integer) resolves to round(numeric) / round(double precision)
        return first if first in ("numeric", "double precision") else None
    if name in ("ROW_NUMBER", "RANK", "DENSE_RANK"):
        return "bigint"
    if name in ("NOW", "STATEMENT_TIMESTAMP", "CLOCK_TIMESTAMP", "TRANSACTION_TIMESTAMP"):
        return "timestamptz"
    if name in ("DATE_TRUNC",):
        return "timestamp" if len(args) > 1 and _infer(args[1], scope) == "timestamp" else None
    if name in ("DATE_PART", "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE", "VAR_SAMP", "VAR_POP", "STDEV",
                "STDEVP", "VAR", "VARP"):
        first = _infer(args[0], scope) if args else None
        return "numeric" if name not in ("DATE_PART", "STDEV", "STDEVP", "VAR", "VARP") and first in (
            "smallint", "integer", "bigint", "numeric") else "double precision"
    if name in ("GEN_RANDOM_UUID",):
        return "uuid"
    return None
