"""Oracle SQL inside schema objects: parse it, rewrite it to mean the same on PostgreSQL, render it.

sqlglot reads the SQL (with every function call kept as written, see `SctOracle`), then `convert_tree` runs
`TRANSFORMS`, a visible list of small tree rewrites, each recording a finding for what it changed or could
not change. `render` prints the tree with `sct.converter.emit.sqlgen.to_sql`, which raises instead of
dropping what PostgreSQL cannot express.

Every Oracle built-in is either rewritten to its exact PostgreSQL meaning, kept because it already means the
same, or reported (OR398); names that are not Oracle built-ins are user functions and are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.oracle import Oracle
from sqlglot.errors import UnsupportedError
from sqlglot.tokens import TokenType

from sct.converter import compat
from sct.converter.dialects import oracle_supplied, sqlparse
from sct.converter.dialects.oracle_types import describe_oracle_type
from sct.converter.dialects.sqlparse import SqlParseError, parse_one, parse_statement, place
from sct.converter.emit.sqlgen import to_sql
from sct.converter.findings import fire
from sct.converter.ir import Effort, SchemaObject, Span
from sct.converter.names import fold_oracle, quote_ident

__all__ = ["SqlParseError", "SctOracle", "TRANSFORMS", "convert_tree", "parse_expression", "parse_sql", "render"]


# --------------------------------------------------------------------------------------------------------
# Reading


class SctOracle(Oracle):
    """sqlglot's Oracle dialect that keeps function calls as written (exp.Anonymous).

    sqlglot normally turns TO_DATE, TRUNC, ADD_MONTHS ... into its own nodes, translating format models and
    choosing a meaning on the way. We keep the call as written and give it its meaning in `FUNCTIONS`.
    Only calls with their own syntax keep a parser (CAST(x AS t), TRIM(LEADING ...), EXTRACT(x FROM d),
    LISTAGG ... WITHIN GROUP, TO_NUMBER ... DEFAULT ... ON CONVERSION ERROR, JSON and XML forms).
    Type names that sqlglot folds together (BINARY_FLOAT and FLOAT, LONG and BIGINT) stay apart.
    """

    class Tokenizer(Oracle.Tokenizer):
        KEYWORDS = {k: v for k, v in Oracle.Tokenizer.KEYWORDS.items()
                    if k not in ("BINARY_FLOAT", "BINARY_DOUBLE", "LONG", "REAL")}

    class Parser(Oracle.Parser):
        FUNCTIONS: dict = {}
        FUNCTION_PARSERS = {k: v for k, v in Oracle.Parser.FUNCTION_PARSERS.items()
                            if k in {"CAST", "TRIM", "EXTRACT", "DECODE", "LISTAGG", "TO_NUMBER", "CHR",
                                     "JSON_OBJECT", "JSON_OBJECTAGG", "JSON_ARRAY", "JSON_ARRAYAGG",
                                     "JSON_VALUE", "JSON_EXISTS", "JSON_TABLE", "XMLTABLE", "XMLELEMENT"}}
        TYPE_LITERAL_PARSERS: dict = {}     # DATE '2020-01-01' stays a cast of a literal
        FUNCTION_PARSERS["TRANSLATE"] = lambda self: self._parse_translate()
        FUNCTION_PARSERS["XMLPI"] = lambda self: self._parse_xmlpi()
        FUNCTION_PARSERS["XMLELEMENT"] = lambda self: self._parse_xmlelement()

        def _parse_xmlelement(self) -> exp.Expression:
            """sqlglot's XMLELEMENT, and XMLELEMENT(name, ...): an element called NAME, not the NAME keyword."""
            if (self._curr is not None and self._curr.text.upper() == "NAME" and self._next is not None
                    and self._next.token_type in (TokenType.COMMA, TokenType.R_PAREN)):
                this = self._parse_id_var()
                return self.expression(exp.XMLElement(
                    this=this, expressions=self._match(TokenType.COMMA) and self._parse_csv(self._parse_bitwise)))
            return self._parse_xml_element()

        def _parse_xmlpi(self) -> exp.Expression:
            """XMLPI({[NAME] target | EVALNAME expr}[, value]): the target kept as an identifier."""
            evalname = self._match_text_seq("EVALNAME")
            if not evalname:
                self._match_text_seq("NAME")
            target = self._parse_bitwise() if evalname else self._parse_id_var()
            args = [target] + (self._parse_csv(self._parse_assignment) if self._match(TokenType.COMMA) else [])
            node = exp.Anonymous(this="XMLPI", expressions=args)
            node.meta["sct_evalname"] = bool(evalname)
            return node

        def _parse_translate(self) -> exp.Expression:
            """TRANSLATE(a, b, c) as written; TRANSLATE(x USING CHAR_CS|NCHAR_CS) as TO_CLOB(x)/TO_NCHAR(x).

            The USING form converts between the database and national character sets, which PostgreSQL
            (one character set per database) does not have: it is the text itself.
            """
            args = self._parse_csv(self._parse_assignment)
            if self._match(TokenType.USING):
                charset = (self._parse_var(any_token=True) or exp.var("CHAR_CS")).name.upper()
                return exp.Anonymous(this="TO_NCHAR" if charset == "NCHAR_CS" else "TO_CLOB", expressions=args)
            return exp.Anonymous(this="TRANSLATE", expressions=args)


_DIALECT = SctOracle()


def _parse(text: str, span: Span) -> exp.Expression:
    return parse_one(text, span, _DIALECT)


def parse_sql(text: str, span: Span) -> exp.Expression:
    """A full Oracle statement (SELECT/INSERT/UPDATE/DELETE/MERGE, WITH ...); raises SqlParseError."""
    return parse_statement(text, span, _DIALECT)


def parse_expression(text: str, span: Span) -> exp.Expression:
    """A scalar Oracle expression or condition (column DEFAULT, CHECK, index expression)."""
    return sqlparse.parse_expression(text, span, _DIALECT)


# --------------------------------------------------------------------------------------------------------
# Conversion context


@dataclass
class Context:
    """What a transform needs besides the tree: where findings go and what is known about the types."""

    obj: SchemaObject
    span: Span
    context: str = "query"                      # query | default | check | index
    column_types: Mapping[str, str] = field(default_factory=dict)   # COLUMN or TABLE.COLUMN -> Oracle type
    target_type: str | None = None              # Oracle type the value is stored in (column DEFAULT)

    def fire(self, rule_id: str, node: exp.Expression | None = None, message: str | None = None,
             effort: Effort | None = None) -> None:
        fire(self.obj, rule_id, self.where(node), message, effort)

    def where(self, node: exp.Expression | None) -> Span:
        """The file position of `node`: sqlglot records line/column on identifiers and literals."""
        for candidate in _positioned(node):
            meta = candidate.meta
            if "line" in meta:
                start = meta.get("col", 1) - (meta.get("end", 0) - meta.get("start", 0))
                return place(self.span, meta["line"], start)
        return self.span

    def oracle_type(self, node: exp.Expression) -> str | None:
        """The Oracle type of a column reference, when the caller told us (upper-case base name)."""
        if not isinstance(node, exp.Column) or not self.column_types:
            return None
        for key in (f"{node.table}.{node.name}".upper(), node.name.upper()):
            if key in self.column_types:
                return self.column_types[key].upper().split("(")[0].strip()
        return None


def _positioned(node: exp.Expression | None) -> Iterable[exp.Expression]:
    if node is None:
        return
    yield from node.walk()
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


# --------------------------------------------------------------------------------------------------------
# Small tree helpers


def fn(name: str, *args: exp.Expression) -> exp.Anonymous:
    """A PostgreSQL function call (rendered upper case)."""
    return exp.Anonymous(this=name, expressions=list(args))


def string(text: str) -> exp.Literal:
    return exp.Literal.string(text)


def number(value: int | str) -> exp.Literal:
    return exp.Literal.number(value)


def interval(text: str) -> exp.Interval:
    """INTERVAL 'text' (PostgreSQL spelling, e.g. '1 month - 1 day')."""
    return exp.Interval(this=string(text))


def cast(node: exp.Expression, pg_type: str) -> exp.Cast:
    """CAST(node AS pg_type), a PostgreSQL type that `rewrite_casts` leaves alone."""
    new = exp.Cast(this=node, to=exp.DataType.build(pg_type, dialect="postgres"))
    new.meta["sct_pg"] = True
    return new


def paren(node: exp.Expression) -> exp.Expression:
    """Parenthesise binary operations so they keep their grouping inside larger expressions."""
    return exp.Paren(this=node) if isinstance(node, (exp.Binary, exp.Not)) and not isinstance(
        node, (exp.Dot,)) else node


def conjuncts(node: exp.Expression | None) -> list[exp.Expression]:
    """The AND-ed parts of a condition (parentheses around a single AND are looked through)."""
    if node is None:
        return []
    if isinstance(node, exp.Paren) and isinstance(node.this, exp.And):
        return conjuncts(node.this)
    if isinstance(node, exp.And):
        return conjuncts(node.this) + conjuncts(node.expression)
    return [node]


def and_all(parts: list[exp.Expression]) -> exp.Expression | None:
    result: exp.Expression | None = None
    for part in parts:
        part = exp.Paren(this=part) if isinstance(part, exp.Or) else part
        result = part if result is None else exp.And(this=result, expression=part)
    return result


def is_pseudo(node: exp.Expression, *names: str) -> bool:
    """An unquoted, unqualified column reference to one of Oracle's pseudo-columns (ROWNUM, LEVEL, ...)."""
    return (isinstance(node, exp.Column) and not node.table and isinstance(node.this, exp.Identifier)
            and not node.this.quoted
            and isinstance(node.this, exp.Identifier) and node.name.upper() in names)


def literal_int(node: exp.Expression | None) -> int | None:
    """The value of an integer literal (with an optional minus sign), else None."""
    if isinstance(node, exp.Neg):
        inner = literal_int(node.this)
        return None if inner is None else -inner
    if isinstance(node, exp.Literal) and not node.is_string and re.fullmatch(r"\d+", node.this):
        return int(node.this)
    return None


def literal_str(node: exp.Expression | None) -> str | None:
    if isinstance(node, exp.Literal) and node.is_string:
        return node.this
    return None


def is_null(node: exp.Expression | None) -> bool:
    return isinstance(node, exp.Null)


def not_null_literal(node: exp.Expression) -> bool:
    """A literal that can never be NULL (a non-empty string or a number)."""
    if isinstance(node, exp.Literal):
        return not node.is_string or node.this != ""
    return isinstance(node, exp.Neg) and not_null_literal(node.this)


def rewrite_postorder(tree: exp.Expression, classes: tuple[type, ...],
                      rewrite: Callable[[exp.Expression], exp.Expression | None]) -> exp.Expression:
    """Apply `rewrite` to every node of `classes`, children before parents; new nodes are not revisited."""
    for node in reversed(list(tree.find_all(*classes))):
        new = rewrite(node)
        if new is not None and new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def mark(node: exp.Expression, kind: str) -> exp.Expression:
    """Remember the Oracle type class of a value we produced ('date', 'number', 'text', 'raw')."""
    node.meta["sct_type"] = kind
    return node


DATE_TYPES = {"DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH LOCAL TIME ZONE"}
NUMBER_TYPES = {"NUMBER", "INTEGER", "INT", "SMALLINT", "FLOAT", "BINARY_FLOAT", "BINARY_DOUBLE", "DECIMAL",
                "NUMERIC", "REAL"}
TEXT_TYPES = {"VARCHAR2", "NVARCHAR2", "VARCHAR", "CHAR", "NCHAR", "CLOB", "NCLOB", "LONG"}


def kind_of(node: exp.Expression, ctx: Context) -> str | None:
    """'date', 'number' or 'text' when the Oracle type class of `node` is known, else None."""
    if "sct_type" in node.meta:
        return node.meta["sct_type"]
    if isinstance(node, exp.Paren):
        return kind_of(node.this, ctx)
    if isinstance(node, exp.Literal):
        return "text" if node.is_string else "number"
    if isinstance(node, exp.Cast):
        name = node.to.this
        if name in (exp.DType.DATE, exp.DType.TIMESTAMP, exp.DType.TIMESTAMPTZ, exp.DType.TIMESTAMPLTZ):
            return "date"
        if node.to.is_type(*exp.DataType.NUMERIC_TYPES):
            return "number"
        if node.to.is_type(*exp.DataType.TEXT_TYPES):
            return "text"
    if isinstance(node, (exp.Add, exp.Sub)):
        left, right = kind_of(node.this, ctx), kind_of(node.expression, ctx)
        if isinstance(node, exp.Sub) and left == right == "date":
            return "number"
        if "date" in (left, right):
            return "date"
        if left == right == "number":
            return "number"
    if isinstance(node, (exp.Mul, exp.Div, exp.Mod)):
        return "number"
    if isinstance(node, exp.DPipe):
        return "text"
    oracle_type = ctx.oracle_type(node)
    if oracle_type in DATE_TYPES:
        return "date"
    if oracle_type in NUMBER_TYPES:
        return "number"
    if oracle_type in TEXT_TYPES:
        return "text"
    return None


# --------------------------------------------------------------------------------------------------------
# The transforms. Each takes the tree and the context and returns the (possibly new) tree.


def drop_hints(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Optimizer hints (/*+ ... */) do not change results; PostgreSQL has none, so they are dropped."""
    for hint in list(tree.find_all(exp.Hint)):
        ctx.fire("OR345", hint.parent)
        hint.pop()
    return tree


def normalize_literals(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """q'[...]' and N'...' strings become plain string literals (PostgreSQL N'' would be char(n))."""
    for node in list(tree.find_all(exp.RawString, exp.National)):
        node.replace(string(node.this))
    return tree


_COMPARISONS = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.Like, exp.ILike)


def empty_string_to_null(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """An empty string literal is NULL in Oracle: write NULL, and flag comparisons with it."""
    for node in list(tree.find_all(exp.Literal)):
        if not (node.is_string and node.this == ""):
            continue
        parent = node.parent
        assignment = isinstance(parent, exp.EQ) and isinstance(parent.parent, exp.Update) and (
            parent.arg_key == "expressions")
        if isinstance(parent, _COMPARISONS) and not assignment:
            ctx.fire("OR329", node, f"comparison with '' ({parent.sql(dialect=_DIALECT)}) is never true in "
                                    "Oracle ('' is NULL); kept as a comparison with NULL: did you mean IS NULL?")
        else:
            ctx.fire("OR328", node)
        node.replace(exp.Null())
    return tree


def rewrite_sequences(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """seq.NEXTVAL / seq.CURRVAL become nextval('seq') / currval('seq')."""
    for col in list(tree.find_all(exp.Column)):
        if (not isinstance(col.this, exp.Identifier) or col.this.quoted
                or col.name.upper() not in ("NEXTVAL", "CURRVAL") or not col.table):
            continue
        parts = [p for p in (col.args.get("catalog"), col.args.get("db"), col.args.get("table")) if p]
        qualified = ".".join(quote_ident(fold_oracle(p.name, p.quoted)) for p in parts)
        call = fn(col.name.upper(), string(qualified))
        ctx.fire("OR340", col)
        if col is tree:                         # a DEFAULT that is only seq.NEXTVAL
            return mark(call, "number")
        col.replace(mark(call, "number"))
    return tree


# ---- (+) outer joins


@dataclass
class _Source:
    node: exp.Expression          # Table or Subquery
    name: str                     # alias or table name, upper case for matching
    optional_to: set[str] = field(default_factory=set)     # tables this one is outer-joined to
    conditions: list[exp.Expression] = field(default_factory=list)


def _source_name(node: exp.Expression) -> str:
    return node.alias_or_name.upper()


def _qualifier(col: exp.Column) -> str:
    """The table (alias) a column belongs to, upper case; for t.obj_col.attr it is t, not obj_col."""
    parts = [p for p in (col.args.get("catalog"), col.args.get("db"), col.args.get("table")) if p]
    return parts[0].name.upper() if parts else ""


def _tables_of(node: exp.Expression) -> set[str] | None:
    """Upper-case qualifiers of the columns of `node` (not inside subqueries); None if one is unqualified."""
    names: set[str] = set()
    for col in node.find_all(exp.Column):
        if col.find_ancestor(exp.Subquery, exp.Select) not in (None, node.find_ancestor(exp.Select)):
            continue
        if is_pseudo(col, "ROWNUM", "LEVEL", "SYSDATE", "USER", "UID"):
            continue
        if not col.table:
            return None
        names.add(_qualifier(col))
    return names


def rewrite_outer_joins(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle (+) outer joins become LEFT (or RIGHT) JOIN ... ON; what cannot be moved exactly is MANUAL."""
    for select in reversed(list(tree.find_all(exp.Select))):
        marked = [c for c in select.find_all(exp.Column) if c.args.get("join_mark")
                  and c.find_ancestor(exp.Select) is select]
        if marked:
            problem = _convert_outer_join(select, ctx)
            if problem:
                ctx.fire("OR308", marked[0], f"(+) outer join not converted: {problem}")
            else:
                ctx.fire("OR307", marked[0])
    return tree


def _convert_outer_join(select: exp.Select, ctx: Context) -> str | None:
    """Rewrite one query block's (+) joins in place; returns why not when it cannot be done exactly."""
    from_ = select.args.get("from_")
    joins = select.args.get("joins") or []
    if from_ is None:
        return "no FROM clause"
    if any(j.args.get("on") or j.args.get("using") or j.args.get("kind") or j.args.get("side")
           or j.args.get("method") for j in joins):
        return "mixed with ANSI joins"
    sources = [_Source(from_.this, _source_name(from_.this))] + [_Source(j.this, _source_name(j.this))
                                                                 for j in joins]
    by_name = {s.name: s for s in sources}
    if len(by_name) != len(sources):
        return "the same table name appears twice without distinct aliases"
    where = select.args.get("where")
    remaining: list[exp.Expression] = []
    for part in conjuncts(where.this if where else None):
        marks = [c for c in part.find_all(exp.Column) if c.args.get("join_mark")]
        if not marks:
            remaining.append(part)
            continue
        if part.find(exp.Or) or part.find(exp.Subquery, exp.Select):
            return f"(+) inside OR or a subquery: {part.sql(dialect=_DIALECT)}"
        optional = {_qualifier(c) for c in marks}
        tables = _tables_of(part)
        if tables is None or "" in optional:
            return f"unqualified column in {part.sql(dialect=_DIALECT)}"
        if len(optional) != 1:
            return f"(+) on more than one table in {part.sql(dialect=_DIALECT)}"
        (opt,) = optional
        unmarked = {_qualifier(c) for c in part.find_all(exp.Column) if not c.args.get("join_mark")
                    and c.table}
        if opt in unmarked:
            return f"(+) on only some columns of {opt} in {part.sql(dialect=_DIALECT)}"
        if not tables <= set(by_name):
            return f"condition refers to a table outside this FROM: {part.sql(dialect=_DIALECT)}"
        by_name[opt].optional_to |= tables - {opt}
        by_name[opt].conditions.append(part)
    for s in sources:
        if s.conditions and not s.optional_to:
            return f"{s.name} has only constant (+) conditions"

    # Place each source after every table it is outer-joined to, keeping the FROM order where possible.
    order: list[_Source] = []
    pending = list(sources)
    while pending:
        nxt = next((s for s in pending if s.optional_to <= {p.name for p in order}
                    and (order or not s.optional_to)), None)
        if nxt is None:
            return "the (+) conditions form a cycle"
        order.append(nxt)
        pending.remove(nxt)
    right_join = False
    if order != sources and any(isinstance(e, exp.Star) for e in select.expressions):
        if len(sources) == 2:
            right_join, order = True, sources      # SELECT * keeps the FROM order: a RIGHT JOIN b
        else:
            return "SELECT * with outer-joined tables listed before the tables they join to"

    for col in select.find_all(exp.Column):
        if col.args.get("join_mark") and col.find_ancestor(exp.Select) is select:
            col.set("join_mark", None)
    placed = {order[0].name}
    new_joins = []
    for s in order[1:]:
        if right_join:
            cond = and_all(order[0].conditions)
            new_joins.append(exp.Join(this=s.node, side="RIGHT", on=cond))
        elif s.conditions:
            new_joins.append(exp.Join(this=s.node, side="LEFT", on=and_all(s.conditions)))
        else:
            inner = [p for p in remaining if (t := _tables_of(p)) and s.name in t and t <= placed | {s.name}
                     and not p.find(exp.Subquery)]
            remaining = [p for p in remaining if not any(p is q for q in inner)]
            new_joins.append(exp.Join(this=s.node, on=and_all(inner)) if inner
                             else exp.Join(this=s.node, kind="CROSS"))
        placed.add(s.name)
    select.set("from_", exp.From(this=order[0].node))
    select.set("joins", new_joins)
    select.set("where", exp.Where(this=and_all(remaining)) if remaining else None)
    return None


# ---- ROWNUM

_AGGREGATES = {"COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "VARIANCE", "MEDIAN", "STDDEV_POP", "STDDEV_SAMP",
               "VAR_POP", "VAR_SAMP", "CORR", "COVAR_POP", "COVAR_SAMP", "LISTAGG", "COLLECT", "XMLAGG"}


def _own(select: exp.Select, node: exp.Expression) -> bool:
    """`node` belongs to this query block (not to a subquery inside it)."""
    return node.find_ancestor(exp.Select) is select


def _aggregates(select: exp.Select) -> bool:
    for node in select.find_all(exp.Anonymous, exp.AggFunc):
        if _own(select, node) and not node.find_ancestor(exp.Window) and (
                isinstance(node, exp.AggFunc) or node.name.upper() in _AGGREGATES):
            return True
    return False


def _rownum_limit(cond: exp.Expression) -> int | None:
    """n for `ROWNUM <= n`, `ROWNUM < n+1`, `ROWNUM = 1` (and the mirrored forms), else None."""
    if not isinstance(cond, (exp.LTE, exp.LT, exp.EQ, exp.GTE, exp.GT)):
        return None
    left, right = cond.this, cond.expression
    op = type(cond)
    if is_pseudo(right, "ROWNUM"):
        left, right = right, left
        op = {exp.GTE: exp.LTE, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.LT: exp.GT, exp.EQ: exp.EQ}[op]
    n = literal_int(right)
    if not is_pseudo(left, "ROWNUM") or n is None:
        return None
    if op is exp.LTE:
        return max(n, 0)
    if op is exp.LT:
        return max(n - 1, 0)
    if op is exp.EQ and n == 1:
        return 1
    return None


def rewrite_rownum(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """ROWNUM filters become LIMIT; ROWNUM as a value becomes row_number() OVER (); the rest is MANUAL."""
    for select in reversed(list(tree.find_all(exp.Select))):
        where = select.args.get("where")
        rownums = [c for c in select.find_all(exp.Column) if is_pseudo(c, "ROWNUM") and _own(select, c)]
        if not rownums:
            continue
        in_where = [c for c in rownums if where is not None and c.find_ancestor(exp.Where) is where]
        if in_where:
            _rownum_filter(select, ctx, in_where[0])
        for col in rownums:
            if col.parent is not None and col.find_ancestor(exp.Where) is None:
                ctx.fire("OR311", col)
                col.replace(exp.Window(this=fn("ROW_NUMBER"), over="OVER"))
    for node in list(tree.find_all(exp.Update, exp.Delete)):
        for col in node.find_all(exp.Column):
            if is_pseudo(col, "ROWNUM") and col.find_ancestor(exp.Select) is None:
                ctx.fire("OR310", col, "ROWNUM in UPDATE/DELETE: PostgreSQL has no LIMIT there; rewrite with "
                                       "WHERE ctid IN (SELECT ctid FROM ... LIMIT n)")
    return tree


def _rownum_filter(select: exp.Select, ctx: Context, first: exp.Expression) -> None:
    where = select.args["where"]
    limits, rest = [], []
    for part in conjuncts(where.this):
        has_rownum = any(is_pseudo(c, "ROWNUM") for c in part.find_all(exp.Column))
        n = _rownum_limit(part) if has_rownum else None
        if has_rownum and n is None:
            ctx.fire("OR310", first, f"ROWNUM condition not convertible: {part.sql(dialect=_DIALECT)}")
            return
        (limits if has_rownum else rest).append(n if has_rownum else part)
    if select.args.get("limit") or select.args.get("offset"):
        ctx.fire("OR310", first, "ROWNUM together with FETCH FIRST / OFFSET")
        return
    if (select.args.get("group") or select.args.get("having") or select.args.get("distinct")
            or _aggregates(select) or any(_own(select, w) for w in select.find_all(exp.Window))):
        ctx.fire("OR310", first, "ROWNUM filters rows before GROUP BY / DISTINCT / aggregates / analytic "
                                 "functions; LIMIT would apply after them")
        return
    select.set("where", exp.Where(this=and_all(rest)) if rest else None)
    select.set("limit", exp.Limit(expression=number(min(limits))))
    order = select.args.get("order")
    if order is None:
        _top_n(select, ctx, first)
    else:
        ctx.fire("OR312", first)


def _top_n(select: exp.Select, ctx: Context, first: exp.Expression) -> None:
    """SELECT ... FROM (SELECT ... ORDER BY k) WHERE ROWNUM <= n: move the ORDER BY out, next to LIMIT."""
    from_ = select.args.get("from_")
    inner = from_.this if from_ else None
    if not (isinstance(inner, exp.Subquery) and isinstance(inner.this, exp.Select)
            and inner.this.args.get("order") and not select.args.get("joins")):
        ctx.fire("OR309", first)
        return
    sub = inner.this
    outputs = {e.alias_or_name.upper() for e in sub.expressions}
    star = any(isinstance(e, exp.Star) for e in sub.expressions)
    keys = sub.args["order"].expressions
    if all(isinstance(k.this, exp.Column) and not k.this.table and (star or k.this.name.upper() in outputs)
           for k in keys):
        order = sub.args["order"]
        sub.set("order", None)
        select.set("order", order)
        ctx.fire("OR309", first)
    else:
        ctx.fire("OR309", first, "top-n query: the ORDER BY stays in the subquery, PostgreSQL keeps that "
                                 "order in practice but does not promise it; move the ORDER BY out",
                 Effort.REVIEW)


# ---- CONNECT BY


def rewrite_connect_by(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Hierarchical queries become WITH RECURSIVE (single table, PRIOR equality), else MANUAL."""
    for select in reversed(list(tree.find_all(exp.Select))):
        connect = select.args.get("connect")
        if connect is None:
            continue
        problem = _series(select) or _connect_by(select, ctx)
        if isinstance(problem, str):
            ctx.fire("OR314", connect, f"CONNECT BY not converted: {problem}")
        else:
            ctx.fire("OR313", connect)
    return tree


def _series(select: exp.Select) -> bool:
    """SELECT LEVEL FROM dual CONNECT BY LEVEL <= n  ->  FROM generate_series(1, n) AS g(level)."""
    connect = select.args["connect"]
    from_ = select.args.get("from_")
    cond = connect.args.get("connect")
    if (connect.args.get("start") or select.args.get("joins") or from_ is None
            or from_.this.name.upper() != "DUAL" or not isinstance(cond, (exp.LTE, exp.LT))
            or not (is_pseudo(cond.this, "LEVEL") or is_pseudo(cond.this, "ROWNUM"))
            or cond.expression.find(exp.Column)):
        return False
    top = cond.expression if isinstance(cond, exp.LTE) else exp.Sub(this=paren(cond.expression),
                                                                         expression=number(1))
    series = exp.Table(this=fn("GENERATE_SERIES", number(1), top),
                       alias=exp.TableAlias(this=exp.to_identifier("g"), columns=[exp.to_identifier("level")]))
    select.set("connect", None)
    select.set("from_", exp.From(this=series))
    for col in list(select.find_all(exp.Column)):
        if is_pseudo(col, "LEVEL", "ROWNUM") and _own(select, col):
            col.replace(exp.column("level", "g"))
    return True


def _connect_by(select: exp.Select, ctx: Context) -> str | None:
    connect = select.args["connect"]
    cond, start = connect.args.get("connect"), connect.args.get("start")
    from_ = select.args.get("from_")
    if from_ is None or select.args.get("joins"):
        return "the hierarchy is built over a join; build it over a subquery of the join"
    if any(isinstance(e, exp.Star) or (isinstance(e, exp.Column) and isinstance(e.this, exp.Star))
           for e in select.expressions):
        return "SELECT * would also return the helper columns; list the columns"
    for node in select.find_all(exp.Column, exp.Anonymous):
        if isinstance(node, exp.Column) and node.name.upper() in ("CONNECT_BY_ISCYCLE",):
            return "CONNECT_BY_ISCYCLE"
    if any(_own(select, p) and p.find_ancestor(exp.Connect) is None for p in select.find_all(exp.Prior)):
        return "PRIOR outside the CONNECT BY condition"
    priors = [p for p in cond.find_all(exp.Prior)]
    keys = []
    for part in conjuncts(cond):
        if isinstance(part, exp.EQ):
            for a, b in ((part.this, part.expression), (part.expression, part.this)):
                if isinstance(a, exp.Prior) and isinstance(a.this, exp.Column) and isinstance(b, exp.Column):
                    keys.append(a.this)
    if not priors or not keys:
        return "no PRIOR column = column condition"
    order = select.args.get("order")
    siblings = order is not None and order.args.get("siblings")
    if siblings and any(k.args.get("desc") or not isinstance(k.this, exp.Column) for k in order.expressions):
        return "ORDER SIBLINGS BY with DESC or expressions"

    source = from_.this
    alias = source.alias_or_name
    quoted = isinstance(source, exp.Table) and (source.args.get("alias") is None) and source.this.quoted
    ref = exp.to_identifier(alias, quoted=quoted)
    cte_name = "hier"

    def qualify(node: exp.Expression, name: exp.Identifier) -> exp.Expression:
        for col in node.find_all(exp.Column):
            if not col.table and not is_pseudo(col, "LEVEL", "ROWNUM", "SYSDATE", "USER", "UID"):
                col.set("table", name.copy())
        return node

    key = keys[0]
    anchor_cols: list[exp.Expression] = [exp.Column(this=exp.Star(), table=ref.copy()),
                                         exp.alias_(number(1), "level")]
    step_cols: list[exp.Expression] = [exp.Column(this=exp.Star(), table=ref.copy()),
                                       exp.alias_(exp.Add(this=exp.column("level", cte_name),
                                                          expression=number(1)), "level")]
    sort_item = (exp.Tuple(expressions=[o.this.copy() for o in order.expressions] + [key.copy()])
                 if siblings else key.copy())
    anchor_cols.append(exp.alias_(exp.Array(expressions=[qualify(sort_item.copy(), ref)]), "cb_path"))
    path_step = exp.DPipe(this=exp.column("cb_path", cte_name),
                          expression=exp.Array(expressions=[qualify(sort_item.copy(), ref)]))
    path_step.meta["sct_array"] = True          # array concatenation, not text (see rewrite_concat)
    step_cols.append(exp.alias_(path_step, "cb_path"))
    # SYS_CONNECT_BY_PATH and CONNECT_BY_ROOT become columns carried down the hierarchy.
    extra = 0
    for node in list(select.find_all(exp.Anonymous, exp.ConnectByRoot)):
        if not _own(select, node):
            continue
        if isinstance(node, exp.Anonymous) and node.name.upper() == "SYS_CONNECT_BY_PATH":
            value, sep = node.expressions
            extra += 1
            name = f"cb_path_{extra}"
            anchor_cols.append(exp.alias_(exp.DPipe(this=sep.copy(), expression=qualify(value.copy(), ref)),
                                          name))
            step_cols.append(exp.alias_(exp.DPipe(this=exp.DPipe(this=exp.column(name, cte_name),
                                                                 expression=sep.copy()),
                                                  expression=qualify(value.copy(), ref)), name))
            node.replace(exp.column(name))
        elif isinstance(node, exp.ConnectByRoot):
            extra += 1
            name = f"cb_root_{extra}"
            anchor_cols.append(exp.alias_(qualify(node.this.copy(), ref), name))
            step_cols.append(exp.alias_(exp.column(name, cte_name), name))
            node.replace(exp.column(name))
    for col in list(select.find_all(exp.Column)):
        if col.name.upper() == "CONNECT_BY_ISLEAF" and not col.table and _own(select, col):
            child_source = source.copy()
            child_source.set("alias", exp.TableAlias(this=exp.to_identifier("child")))
            child = exp.select("1").from_(child_source).where(
                _connect_condition(cond.copy(), ref, exp.to_identifier("child"), parent_row=True))
            col.replace(exp.Case(ifs=[exp.If(this=exp.Exists(this=child), true=number(0))], default=number(1)))

    anchor = exp.Select(expressions=anchor_cols).from_(source.copy())
    if start is not None:
        anchor = anchor.where(start.copy())
    step_cond = _connect_condition(cond.copy(), ref, exp.to_identifier(cte_name))
    seen = exp.Paren(this=exp.EQ(this=qualify(sort_item.copy(), ref),
                                 expression=fn("ANY", exp.column("cb_path", cte_name))))
    step = (exp.Select(expressions=step_cols).from_(source.copy())
            .join(exp.to_table(cte_name), on=step_cond)
            .where(exp.Not(this=exp.Is(this=seen, expression=exp.true()))))
    cte = exp.CTE(this=exp.Union(this=anchor, expression=step, distinct=False),
                  alias=exp.TableAlias(this=exp.to_identifier(cte_name)))
    with_ = select.args.get("with_")
    if with_ is None:
        select.set("with_", exp.With(expressions=[cte], recursive=True))
    else:
        with_.append("expressions", cte)
        with_.set("recursive", True)
    select.set("connect", None)
    select.set("from_", exp.From(this=exp.Table(this=exp.to_identifier(cte_name),
                                                alias=exp.TableAlias(this=ref.copy()))))
    for col in list(select.find_all(exp.Column)):
        if is_pseudo(col, "LEVEL") and _own(select, col):
            col.replace(exp.column("level", ref.copy()))
    grouped = select.args.get("group") or select.args.get("distinct") or _aggregates(select)
    if (order is None or siblings) and not grouped:
        select.set("order", exp.Order(expressions=[exp.Ordered(this=exp.column("cb_path", ref.copy()))]))
    elif siblings:
        select.set("order", None)
    return None


def _connect_condition(cond: exp.Expression, ref: exp.Identifier, other: exp.Identifier,
                       parent_row: bool = False) -> exp.Expression:
    """The CONNECT BY condition as a join condition between a parent and a child row.

    Normally the parent is the hierarchy row (`other`, the CTE) and the child a row of the table (`ref`):
    PRIOR x -> hier.x, y -> ref.y, LEVEL -> hier.level + 1. With `parent_row` (CONNECT_BY_ISLEAF's EXISTS)
    the parent is the current row (`ref`) and the child a fresh row named `other`.
    """
    parent, child = (ref, other) if parent_row else (other, ref)
    prior_cols: list[exp.Column] = []
    for prior in list(cond.find_all(exp.Prior)):
        prior_cols.extend(prior.this.find_all(exp.Column))
        if prior is cond:
            cond = prior.this
        else:
            prior.replace(prior.this)
    for col in list(cond.find_all(exp.Column)):
        if any(col is p for p in prior_cols):
            col.set("table", parent.copy())
        elif is_pseudo(col, "LEVEL"):
            col.replace(exp.Paren(this=exp.Add(this=exp.column("level", parent.copy()), expression=number(1))))
        elif not is_pseudo(col, "SYSDATE", "USER", "UID"):
            col.set("table", child.copy())
    return cond


# ---- pseudo-columns and the current date and time


def sysdate() -> exp.Expression:
    """Oracle SYSDATE: now, to the whole second (truncated, not rounded), fixed for the statement."""
    return mark(cast(fn("DATE_TRUNC", string("second"), fn("STATEMENT_TIMESTAMP")), "timestamp(0)"), "date")


def rewrite_current_datetime(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """SYSDATE, CURRENT_DATE, SYSTIMESTAMP, CURRENT_TIMESTAMP, LOCALTIMESTAMP: statement time, exact types."""
    def rewrite(node: exp.Expression) -> exp.Expression | None:
        if isinstance(node, exp.CurrentTimestamp) and node.args.get("sysdate"):
            new = sysdate()
        elif isinstance(node, exp.CurrentDate) or is_pseudo(node, "SYSDATE"):
            new = sysdate()
        elif isinstance(node, (exp.Systimestamp, exp.CurrentTimestamp)):
            new = mark(fn("STATEMENT_TIMESTAMP"), "date")
        elif isinstance(node, exp.Localtimestamp):
            new = mark(cast(fn("STATEMENT_TIMESTAMP"), "timestamp"), "date")
        else:
            return None
        ctx.fire("OR304", node, f"{node.sql(dialect=_DIALECT)} -> {to_sql(new)}")
        return new
    return rewrite_postorder(tree, (exp.CurrentTimestamp, exp.CurrentDate, exp.Systimestamp,
                                    exp.Localtimestamp, exp.Column), rewrite)


def rewrite_pseudocolumns(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """USER -> CURRENT_USER (REVIEW: case); UID, ROWID, ORA_ROWSCN ... have no equivalent (MANUAL)."""
    for col in list(tree.find_all(exp.Column)):
        if is_pseudo(col, "USER"):
            ctx.fire("OR305", col)
            col.replace(mark(exp.CurrentUser(), "text"))
        elif is_pseudo(col, "UID", "ROWID", "ORA_ROWSCN", "OBJECT_ID", "OBJECT_VALUE") or (
                col.table and isinstance(col.this, exp.Identifier) and not col.this.quoted
                and col.name.upper() == "ROWID"):
            ctx.fire("OR306", col, f"pseudo-column {col.name.upper()} has no PostgreSQL equivalent")
    return tree


def rewrite_package_constants(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """DBMS_LOB.SESSION, DBMS_LOB.LOBMAXSIZE, ...: the constant's value (others are reported by check_leftovers)."""
    def rewrite(col: exp.Expression) -> exp.Expression | None:
        if not isinstance(col, exp.Column) or not col.table or col.args.get("db"):
            return None
        value = oracle_supplied.CONSTANTS.get((col.table.upper(), col.name.upper()))
        return None if value is None else mark(number(value), "number")
    return rewrite_postorder(tree, (exp.Column,), rewrite)


# ---- functions

Handler = Callable[[exp.Anonymous, Context], exp.Expression | None]


def _args(node: exp.Expression) -> list[exp.Expression]:
    return list(node.expressions)


def rename(name: str, kind: str | None = None) -> Handler:
    """Same arguments, same meaning, another name."""
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression:
        new = fn(name, *_args(node))
        return mark(new, kind) if kind else new
    handler.__doc__ = f"-> {name}(...)"
    return handler


def _nvl(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """NVL(a, b) -> COALESCE(a, b)."""
    args = _args(node)
    if len(args) != 2:
        return None
    ctx.fire("OR301", node)
    return exp.Coalesce(this=args[0], expressions=[args[1]])


def _nvl2(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """NVL2(a, b, c) -> CASE WHEN a IS NOT NULL THEN b ELSE c END."""
    args = _args(node)
    if len(args) != 3:
        return None
    ctx.fire("OR302", node)
    a, b, c = args
    return exp.Case(ifs=[exp.If(this=exp.Not(this=exp.Is(this=paren(a), expression=exp.Null())), true=b)],
                    default=c)


def decode_to_case(node: exp.DecodeCase, ctx: Context) -> exp.Expression:
    """DECODE(x, s1, r1, ..., default): NULL matches NULL, so non-literal searches use IS NOT DISTINCT FROM."""
    x, *rest = node.expressions
    pairs = [(rest[i], rest[i + 1]) for i in range(0, len(rest) - 1, 2)]
    default = rest[-1] if len(rest) % 2 else None
    ctx.fire("OR303", node)
    if all(isinstance(s, exp.Literal) for s, _ in pairs) and isinstance(x, (exp.Column, exp.Literal)):
        # CASE x WHEN lit THEN ...: evaluates x once, and literals are never NULL here.
        return exp.Case(this=x, ifs=[exp.If(this=s, true=r) for s, r in pairs], default=default)
    ifs = []
    for i, (search, result) in enumerate(pairs):
        subject = x if i == 0 else x.copy()
        if is_null(search):
            test: exp.Expression = exp.Is(this=paren(subject), expression=exp.Null())
        elif isinstance(search, exp.Literal):
            test = exp.EQ(this=paren(subject), expression=search)
        else:
            test = exp.NullSafeEQ(this=paren(subject), expression=paren(search))
        ifs.append(exp.If(this=test, true=result))
    return exp.Case(ifs=ifs, default=default)


def _concat_fn(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """Oracle CONCAT(a, b) is a || b (NULL counts as '')."""
    args = _args(node)
    return exp.DPipe(this=args[0], expression=args[1]) if len(args) == 2 else None


def _substr(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """SUBSTR(s, p[, n]): position 0 counts as 1 and a negative position counts from the end."""
    args = _args(node)
    if len(args) not in (2, 3):
        return None
    s, pos = args[0], args[1]
    p = literal_int(pos)
    if p is not None and p > 0:
        return fn("SUBSTR", *args)
    if p == 0:
        ctx.fire("OR331", node, "SUBSTR position 0 is position 1 in Oracle")
        return fn("SUBSTR", s, number(1), *args[2:])
    if p is not None and p < 0:
        ctx.fire("OR331", node, "SUBSTR with a negative position counts from the end in Oracle")
        length = fn("LENGTH", s.copy())
        start = exp.Case(ifs=[exp.If(this=exp.GTE(this=length, expression=number(-p)),
                                     true=exp.Add(this=exp.Sub(this=length.copy(), expression=number(-p)),
                                                  expression=number(1)))])
        return fn("SUBSTR", s, start, *args[2:])
    ctx.fire("OR331", node, "SUBSTR with a computed position: Oracle reads 0 as 1 and negative positions "
                            "from the end, PostgreSQL does not", Effort.REVIEW)
    return fn("SUBSTR", *args)


def _instr(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """INSTR(s, t) -> STRPOS(s, t); with a start position or occurrence -> sct_oracle.instr (OR348)."""
    args = _args(node)
    if len(args) == 2 or (len(args) in (3, 4) and all(literal_int(a) == 1 for a in args[2:])):
        return fn("STRPOS", args[0], args[1])
    if len(args) not in (3, 4):
        return None
    ctx.fire("OR348", node)
    return mark(compat.call("instr", *args), "number")


def _replace(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """REPLACE(s, x[, r]): a NULL search or replacement counts as '' in Oracle."""
    args = _args(node)
    if len(args) not in (2, 3):
        return None
    s, search = args[0], args[1]
    repl = args[2] if len(args) == 3 else exp.Null()

    def empty_if_null(arg: exp.Expression) -> exp.Expression:
        if is_null(arg):
            return string("")
        if not_null_literal(arg):
            return arg
        return exp.Coalesce(this=arg, expressions=[string("")])
    if len(args) == 2 or not not_null_literal(repl) or not not_null_literal(search):
        ctx.fire("OR332", node)
    return fn("REPLACE", s, empty_if_null(search), empty_if_null(repl))


def _greatest(name: str) -> Handler:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression:
        """GREATEST/LEAST are NULL when any argument is NULL in Oracle; PostgreSQL skips NULLs."""
        args = _args(node)
        nullable = [a for a in args if not not_null_literal(a)]
        call = fn(name, *args)
        if not nullable:
            return call
        ctx.fire("OR333", node)
        any_null = None
        for a in nullable:
            test = exp.Is(this=paren(a.copy()), expression=exp.Null())
            any_null = test if any_null is None else exp.Or(this=any_null, expression=test)
        return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=call)
    return handler


def _listagg_sep(node: exp.GroupConcat, ctx: Context) -> exp.Expression | None:
    """LISTAGG(x[, sep]) WITHIN GROUP (ORDER BY ...) -> string_agg(x, sep ORDER BY ...)."""
    if node.find_ancestor(exp.Window):
        ctx.fire("OR399", node, "LISTAGG ... OVER (...): PostgreSQL has no ordered aggregate as a window "
                                "function")
        return None
    if node.args.get("separator") is None or is_null(node.args.get("separator")):
        node.set("separator", string(""))
    ctx.fire("OR336", node)
    return None


def _median(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """MEDIAN(x) -> percentile_cont(0.5) WITHIN GROUP (ORDER BY x)."""
    args = _args(node)
    if len(args) != 1 or node.find_ancestor(exp.Window):
        return None
    ctx.fire("OR337", node)
    return exp.WithinGroup(this=fn("PERCENTILE_CONT", number("0.5")),
                           expression=exp.Order(expressions=[exp.Ordered(this=args[0])]))


def _lnnvl(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """LNNVL(c) is true when c is false or unknown: (c) IS NOT TRUE."""
    args = _args(node)
    return exp.Not(this=exp.Is(this=exp.Paren(this=args[0]), expression=exp.true())) if len(args) == 1 else None


def _mod(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """MOD(a, b) returns a when b is 0 in Oracle; PostgreSQL raises division by zero (OR353)."""
    args = _args(node)
    if len(args) != 2:
        return None
    a, b = args
    divisor = b.this if isinstance(b, exp.Neg) else b
    if isinstance(divisor, exp.Literal) and not divisor.is_string:
        if float(divisor.this) != 0:
            return None
        ctx.fire("OR353", node, "MOD(a, 0) is a in Oracle")
        return a
    ctx.fire("OR353", node)
    return mark(exp.Case(ifs=[exp.If(this=exp.EQ(this=paren(b.copy()), expression=number(0)), true=a.copy())],
                         default=fn("MOD", a, b)), "number")


def _one_row_is_zero(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """STDDEV(x) / VARIANCE(x) are 0 over one value in Oracle; PostgreSQL's (the sample statistics) are NULL.

    -> CASE WHEN COUNT(x) = 1 THEN 0 ELSE STDDEV(x) END, as an aggregate or with the same OVER (...).
    """
    args = _args(node)
    if len(args) != 1:
        return None
    ctx.fire("OR354", node)
    count, stat = fn("COUNT", args[0].copy()), fn(node.name.upper(), *args)
    window = node.parent if isinstance(node.parent, exp.Window) and node.parent.this is node else None
    if window is not None:
        count_w, stat_w = window.copy(), window.copy()
        count_w.set("this", count)
        stat_w.set("this", stat)
        count, stat = count_w, stat_w
    new = mark(exp.Case(ifs=[exp.If(this=exp.EQ(this=count, expression=number(1)), true=number(0))],
                        default=stat), "number")
    if window is not None:
        window.replace(new)
        return None
    return new


def _ascii(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """ASCII(c): the same number for an ASCII character; for others Oracle gives the encoded bytes (OR352)."""
    args = _args(node)
    text = literal_str(args[0]) if len(args) == 1 else None
    if text is not None and (text == "" or ord(text[0]) < 128):
        return mark(fn("ASCII", *args), "number")
    ctx.fire("OR352", node, f"ASCII({args[0].sql(dialect=_DIALECT) if args else ''}): for a character beyond "
                            "ASCII, Oracle gives its encoded bytes as a number (AL32UTF8: ASCII('é') is 50089), "
                            "PostgreSQL its code point (233)")
    return mark(fn("ASCII", *args), "number")


def _bitand(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    return exp.Paren(this=exp.BitwiseAnd(this=args[0], expression=args[1])) if len(args) == 2 else None


def _sys_guid(node: exp.Anonymous, ctx: Context) -> exp.Expression:
    """SYS_GUID() is a RAW(16); in character context Oracle shows it as 32 upper-case hex digits."""
    raw = fn("DECODE", fn("REPLACE", cast(fn("GEN_RANDOM_UUID"), "text"), string("-"), string("")),
             string("hex"))
    target = (ctx.target_type or "").upper().split("(")[0].strip()
    if target in TEXT_TYPES:
        ctx.fire("OR335", node, "SYS_GUID() stored in a character column: 32 upper-case hex digits")
        return mark(fn("UPPER", fn("REPLACE", cast(fn("GEN_RANDOM_UUID"), "text"), string("-"),
                                   string(""))), "text")
    if target in ("RAW", "BLOB") or isinstance(node.parent, exp.Anonymous) and node.parent.name.upper() in (
            "RAWTOHEX",):
        ctx.fire("OR335", node)
    else:
        ctx.fire("OR335", node, "SYS_GUID() becomes a 16-byte bytea (RAW semantics); where Oracle used it "
                                "as text (32 hex digits) use upper(replace(gen_random_uuid()::text, '-', ''))",
                 Effort.REVIEW)
    return raw


def _rawtohex(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    return mark(fn("UPPER", fn("ENCODE", args[0], string("hex"))), "text") if len(args) == 1 else None


def _hextoraw(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    return fn("DECODE", args[0], string("hex")) if len(args) == 1 else None


def _to_clob(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    return mark(cast(args[0], "text"), "text") if len(args) == 1 else None


def _empty_lob(pg: str) -> Handler:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression:
        """EMPTY_CLOB()/EMPTY_BLOB() are empty, not NULL."""
        return cast(string(""), pg)
    return handler


def _sys_context(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """SYS_CONTEXT('USERENV', ...) for the few parameters PostgreSQL has."""
    args = _args(node)
    ns, param = (literal_str(a) for a in args[:2]) if len(args) >= 2 else (None, None)
    table = {"CURRENT_SCHEMA": exp.Anonymous(this="CURRENT_SCHEMA"), "SESSION_USER": exp.CurrentUser(),
             "CURRENT_USER": exp.CurrentUser(), "DB_NAME": fn("CURRENT_DATABASE")}
    if (ns or "").upper() == "USERENV" and (param or "").upper() in table:
        ctx.fire("OR305", node, f"SYS_CONTEXT('USERENV', '{param}'): PostgreSQL names are lower case")
        return table[param.upper()]
    ctx.fire("OR398", node, "SYS_CONTEXT: use current_setting() with custom settings")
    return None


def _numtodsinterval(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """NUMTODSINTERVAL(n, 'unit') -> n * INTERVAL '1 unit'."""
    args = _args(node)
    unit = (literal_str(args[1]) or "").upper() if len(args) == 2 else ""
    if unit not in ("DAY", "HOUR", "MINUTE", "SECOND"):
        return None
    return exp.Paren(this=exp.Mul(this=paren(args[0]), expression=interval(f"1 {unit.lower()}")))


_YM_TEXT = re.compile(r"\s*[+-]?\d+-\d+\s*$")
_DS_TEXT = re.compile(r"\s*[+-]?\d+ \d+:\d+:\d+(\.\d+)?\s*$")
_ISO_INTERVAL = re.compile(r"\s*-?P", re.IGNORECASE)


def _to_interval(year_month: bool) -> Handler:
    """TO_YMINTERVAL('y-m') / TO_DSINTERVAL('d hh:mi:ss' or ISO 'P..') -> CAST(... AS interval).

    PostgreSQL reads both forms; the one difference is a negative day-second text, which Oracle negates as a
    whole ('-5 10:00:00' is minus 5 days 10 hours) and PostgreSQL per field (minus 5 days plus 10 hours).
    """
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
        args = _args(node)
        if len(args) != 1:
            return None
        text = literal_str(args[0])
        name = node.name.upper()
        if text is None:
            ctx.fire("OR347", node, f"{name} of a computed value: its text must be in the forms both read alike"
                     + ("" if year_month else "; a negative 'd hh:mi:ss' negates only the days in PostgreSQL"),
                     Effort.REVIEW)
            return mark(cast(args[0], "interval"), "interval")
        pattern = _YM_TEXT if year_month else _DS_TEXT
        if not (pattern.match(text) or _ISO_INTERVAL.match(text)):
            return None
        ctx.fire("OR347", node)
        if not year_month and text.strip().startswith("-") and not _ISO_INTERVAL.match(text):
            return mark(exp.Neg(this=cast(string(text.strip()[1:]), "interval")), "interval")
        return mark(cast(string(text.strip()), "interval"), "interval")
    handler.__doc__ = "-> CAST(text AS interval)"
    return handler


def _numtoyminterval(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    args = _args(node)
    unit = (literal_str(args[1]) or "").upper() if len(args) == 2 else ""
    if unit not in ("YEAR", "MONTH") or literal_int(args[0]) is None:
        return None
    return interval(f"{literal_int(args[0])} {unit.lower()}")


# ---- dates

# TRUNC/ROUND(date, fmt) format -> PostgreSQL date_trunc unit (Oracle accepts these in any case).
TRUNC_UNITS = {
    **dict.fromkeys(("CC", "SCC"), "century"),
    **dict.fromkeys(("SYYYY", "YYYY", "YEAR", "SYEAR", "YYY", "YY", "Y"), "year"),
    "Q": "quarter",
    **dict.fromkeys(("MONTH", "MON", "MM", "RM"), "month"),
    "IW": "week",                                    # ISO week: Monday in both
    **dict.fromkeys(("DDD", "DD", "J"), "day"),
    **dict.fromkeys(("HH", "HH12", "HH24"), "hour"),
    "MI": "minute",
}
# ROUND(date, fmt): how far past the unit's start Oracle rounds up (a fixed amount only where exact).
ROUND_HALF = {"day": "12 hours", "hour": "30 minutes", "minute": "30 seconds"}
_NUMBER_HINT = re.compile(r"^[\s\dFMfm9,.$0DGSLVXBCPREMI]*$")


def _date_or_number(node: exp.Anonymous, ctx: Context) -> str | None:
    """Decide whether TRUNC/ROUND applies to a date or a number: 'date', 'number' or None (unknown)."""
    args = _args(node)
    if len(args) == 2:
        if literal_str(args[1]) is not None:
            return "date"
        if literal_int(args[1]) is not None or kind_of(args[1], ctx) == "number":
            return "number"
    return kind_of(args[0], ctx) if kind_of(args[0], ctx) in ("date", "number") else None


def _trunc(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """TRUNC(date[, fmt]) -> date_trunc(unit, date); TRUNC(n[, d]) stays trunc."""
    args = _args(node)
    kind = _date_or_number(node, ctx)
    if kind == "number":
        return mark(fn("TRUNC", *args), "number")
    if kind is None:
        ctx.fire("OR322", node, "TRUNC of a value of unknown type: kept as numeric trunc(); if it is a "
                                "DATE, write date_trunc('day', ...)")
        return fn("TRUNC", *args)
    unit = TRUNC_UNITS.get((literal_str(args[1]) or "").upper()) if len(args) == 2 else "day"
    if unit is None:
        ctx.fire("OR322", node, f"TRUNC(date, {args[1].sql(dialect=_DIALECT)}): no date_trunc unit; "
                                "week starts by NLS territory or ISO year", Effort.MANUAL)
        return None
    ctx.fire("OR321", node)
    return mark(fn("DATE_TRUNC", string(unit), args[0]), "date")


def _round(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """ROUND(date[, fmt]) rounds to the nearest unit start; ROUND(n[, d]) stays round."""
    args = _args(node)
    kind = _date_or_number(node, ctx)
    if kind == "number":
        return mark(fn("ROUND", *args), "number")
    if kind is None:
        ctx.fire("OR322", node, "ROUND of a value of unknown type: kept as numeric round()")
        return fn("ROUND", *args)
    unit = TRUNC_UNITS.get((literal_str(args[1]) or "").upper()) if len(args) == 2 else "day"
    d = args[0]
    if unit in ROUND_HALF:
        ctx.fire("OR321", node)
        shifted = exp.Add(this=paren(d), expression=interval(ROUND_HALF[unit]))
        return mark(fn("DATE_TRUNC", string(unit), shifted), "date")
    if unit in ("month", "year"):
        # Oracle rounds up from the 16th day of the month / from July 1st.
        part, limit = ("DAY", 16) if unit == "month" else ("MONTH", 7)
        start = fn("DATE_TRUNC", string(unit), d.copy())
        test = exp.GTE(this=exp.Extract(this=exp.var(part), expression=d), expression=number(limit))
        ctx.fire("OR321", node)
        return mark(exp.Case(ifs=[exp.If(this=test, true=exp.Add(this=start.copy(),
                                                                 expression=interval(f"1 {unit}")))],
                             default=start), "date")
    ctx.fire("OR322", node, f"ROUND(date, {args[1].sql(dialect=_DIALECT)}) not converted", Effort.MANUAL)
    return None


def _is_last_day(d: exp.Expression) -> exp.Expression:
    """d falls on the last day of its month."""
    return exp.EQ(this=exp.Extract(this=exp.var("DAY"), expression=exp.Add(this=paren(d), expression=interval(
        "1 day"))), expression=number(1))


def _time_of_day(d: exp.Expression) -> exp.Expression:
    return exp.Paren(this=exp.Sub(this=paren(d), expression=fn("DATE_TRUNC", string("day"), d.copy())))


def _months(n: exp.Expression) -> exp.Expression:
    """A whole number of months as MAKE_INTERVAL's argument (Oracle truncates fractional months)."""
    return n if literal_int(n) is not None else cast(fn("TRUNC", n), "integer")


def _add_months(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """ADD_MONTHS(d, n): the last day of a month maps to the last day of the target month, time kept."""
    args = _args(node)
    if len(args) != 2:
        return None
    d, n = args
    months = _months(n)
    plus_one = (number(literal_int(n) + 1) if literal_int(n) is not None
                else exp.Add(this=months.copy(), expression=number(1)))
    target_month = exp.Add(this=fn("DATE_TRUNC", string("month"), d.copy()),
                           expression=fn("MAKE_INTERVAL", exp.Kwarg(this=exp.var("months"), expression=plus_one)))
    last = exp.Add(this=exp.Sub(this=target_month, expression=interval("1 day")), expression=_time_of_day(d))
    same = exp.Add(this=paren(d.copy()),
                   expression=fn("MAKE_INTERVAL", exp.Kwarg(this=exp.var("months"), expression=months)))
    ctx.fire("OR323", node)
    return mark(exp.Case(ifs=[exp.If(this=_is_last_day(d.copy()), true=last)], default=same), "date")


def _last_day(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """LAST_DAY(d): the last day of d's month, at d's time of day."""
    args = _args(node)
    if len(args) != 1:
        return None
    d = args[0]
    ctx.fire("OR325", node)
    end = exp.Add(this=fn("DATE_TRUNC", string("month"), d.copy()), expression=interval("1 month - 1 day"))
    return mark(exp.Add(this=end, expression=_time_of_day(d)), "date")


def _months_between(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """MONTHS_BETWEEN(a, b): whole months when the days match or both are month ends, else /31 days."""
    args = _args(node)
    if len(args) != 2:
        return None
    a, b = args

    def part(unit: str, d: exp.Expression) -> exp.Expression:
        return exp.Extract(this=exp.var(unit), expression=d.copy())

    whole = exp.Add(this=exp.Mul(this=exp.Paren(this=exp.Sub(this=part("YEAR", a), expression=part("YEAR", b))),
                                 expression=number(12)),
                    expression=exp.Sub(this=part("MONTH", a), expression=part("MONTH", b)))
    same_day = exp.Or(this=exp.EQ(this=part("DAY", a), expression=part("DAY", b)),
                      expression=exp.Paren(this=exp.And(this=_is_last_day(a.copy()),
                                                        expression=_is_last_day(b.copy()))))

    def into_month(d: exp.Expression) -> exp.Expression:
        return exp.Extract(this=exp.var("EPOCH"), expression=exp.Sub(
            this=paren(d.copy()), expression=fn("DATE_TRUNC", string("month"), d.copy())))
    fraction = exp.Div(this=exp.Paren(this=exp.Sub(this=into_month(a), expression=into_month(b))),
                       expression=number(2678400), typed=True)
    ctx.fire("OR324", node)
    return mark(exp.Paren(this=exp.Add(this=whole, expression=exp.Case(
        ifs=[exp.If(this=same_day, true=number(0))], default=fraction))), "number")


_DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]


def _next_day(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """NEXT_DAY(d, 'MONDAY'): the first such weekday after d (English names; others depend on NLS)."""
    args = _args(node)
    name = (literal_str(args[1]) or "").upper().strip() if len(args) == 2 else ""
    target = next((i for i, day in enumerate(_DAYS) if name in (day, day[:3])), None) if name else None
    if target is None:
        if len(args) != 2 or literal_str(args[1]) is not None and not re.match(
                r"(SUN|MON|TUE|WED|THU|FRI|SAT)", name):
            ctx.fire("OR326", node, "NEXT_DAY with a day that is not an English day name", Effort.MANUAL)
            return None
        ctx.fire("OR326", node, "NEXT_DAY with a computed day name: sct_oracle.next_day reads English names "
                                "(or their first three letters) when it runs, as Oracle with NLS_DATE_LANGUAGE "
                                "AMERICAN does")
        return mark(compat.call("next_day", *args), "date")
    d = args[0]
    dow = cast(exp.Extract(this=exp.var("DOW"), expression=d.copy()), "integer")
    days = exp.Add(this=exp.Mod(this=exp.Paren(this=exp.Sub(this=number(target + 6), expression=dow)),
                                expression=number(7)), expression=number(1))
    ctx.fire("OR326", node)
    return mark(exp.Add(this=paren(d), expression=fn("MAKE_INTERVAL", exp.Kwarg(this=exp.var("days"),
                                                                              expression=days))), "date")


# ---- format models (TO_CHAR, TO_DATE, TO_TIMESTAMP)

# Oracle datetime format elements, longest first, and what PostgreSQL writes for them.
# None: no PostgreSQL equivalent. Elements PostgreSQL spells the same are listed with the same value.
DATE_MODELS: dict[str, str | None] = {
    **{m: m for m in ("YYYY", "IYYY", "YYY", "IYY", "YY", "IY", "Y,YYY", "Y", "I", "MONTH", "Month", "month",
                      "MON", "Mon", "mon", "MM", "DDD", "DD", "DAY", "Day", "day", "DY", "Dy", "dy", "D",
                      "HH24", "HH12", "HH", "MI", "SSSSS", "SS", "AM", "am", "PM", "pm", "A.M.", "a.m.",
                      "P.M.", "p.m.", "Q", "WW", "IW", "W", "J", "CC", "RM", "rm", "FM", "FX", "TH", "th",
                      "TZH", "TZM", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "AD", "BC", "A.D.", "B.C.")},
    "RRRR": "YYYY", "RR": "YY",              # in TO_CHAR; TO_DATE treats RR specially (see _date_format)
    "FF": "FF6", "FF7": "FF6", "FF8": "FF6", "FF9": "FF6",
    "SYYYY": None, "SYEAR": None, "YEAR": None, "Year": None, "year": None, "SCC": None, "SP": None,
    "TZR": None, "TZD": None, "DL": None, "DS": None, "TS": None, "E": None, "EE": None, "X": None,
}
_MODEL_TOKEN = re.compile(
    r'"[^"]*"|' + "|".join(re.escape(k) for k in sorted(DATE_MODELS, key=len, reverse=True)) + r"|.",
    re.IGNORECASE | re.DOTALL)
# Elements whose letter case matters (Month vs MONTH); the others are upper-cased for PostgreSQL.
_CASED = {"MONTH", "MON", "DAY", "DY", "AM", "PM", "A.M.", "P.M.", "RM", "TH", "YEAR"}


_UPPER_MODELS = {k.upper() for k in DATE_MODELS}


def translate_date_format(model: str, parsing: bool) -> tuple[str, list[str]]:
    """An Oracle datetime format model in PostgreSQL spelling, and the problems found (empty if exact).

    `parsing` is True for TO_DATE/TO_TIMESTAMP, where two-digit years read differently and a missing
    month or day defaults differently (Oracle: the current month, PostgreSQL: January).
    """
    out, problems = [], []
    seen = set()
    fill = False                # Oracle FM is a switch for the rest of the model; PostgreSQL FM prefixes one element
    for m in _MODEL_TOKEN.finditer(model):
        tok = m.group(0)
        upper = tok.upper()
        if upper == "FM":
            fill = not fill
            continue
        if tok.startswith('"') or upper not in _UPPER_MODELS:
            if tok.isalpha():
                problems.append(f"unknown element {tok!r}")
            out.append(tok)
            continue
        key = tok if tok in DATE_MODELS else upper
        target = DATE_MODELS[key]
        seen.add(upper)
        if target is None:
            problems.append(f"{tok} has no PostgreSQL equivalent")
            out.append(tok)
            continue
        if parsing and upper in ("RR", "RRRR"):
            problems.append(f"two-digit years ({tok}) are read differently (Oracle RR: 00-49 -> 20xx, "
                            "PostgreSQL: 00-69 -> 20xx)")
        elif parsing and upper in ("YY", "YYY", "Y"):
            problems.append(f"short years ({tok}) are read differently (Oracle: the current century, "
                            "PostgreSQL: the year nearest 2020)")
        if upper in ("FF7", "FF8", "FF9") or (upper == "FF" and parsing):
            problems.append(f"{tok}: PostgreSQL keeps 6 fractional digits")
        out.append(("FM" if fill and upper not in ("TH", "FX") else "") + target)
    if parsing and seen and not seen & {"MM", "MON", "MONTH", "DDD", "J", "RM"}:
        problems.append("no month in the format: Oracle takes the current month, PostgreSQL January")
    return "".join(out), problems


_MONTHS = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
           "NOVEMBER", "DECEMBER")
# Elements a literal can be read by at conversion time: name -> (regex, field)
_FOLDABLE = {"YYYY": (r"(\d{4})", "year"), "RRRR": (r"(\d{4})", "year"), "MM": (r"(\d{1,2})", "month"),
             "MON": (r"([A-Za-z]{3})", "mon"), "MONTH": (r"([A-Za-z]+)", "mon"), "DD": (r"(\d{1,2})", "day"),
             "HH24": (r"(\d{1,2})", "hour"), "HH": (r"(\d{1,2})", "hour12"), "HH12": (r"(\d{1,2})", "hour12"),
             "MI": (r"(\d{1,2})", "minute"), "SS": (r"(\d{1,2})", "second"),
             "AM": (r"([AaPp]\.?[Mm]\.?)", "ampm"), "PM": (r"([AaPp]\.?[Mm]\.?)", "ampm"),
             "A.M.": (r"([AaPp]\.?[Mm]\.?)", "ampm"), "P.M.": (r"([AaPp]\.?[Mm]\.?)", "ampm"),
             **{f"FF{n}": (rf"(\d{{1,{n}}})", "fraction") for n in range(1, 10)}, "FF": (r"(\d{1,9})", "fraction")}


def fold_datetime_literal(value: str, model: str, fraction: bool) -> str | None:
    """Read a literal the way Oracle's TO_DATE/TO_TIMESTAMP would: ISO text, or None when not sure.

    Only four-digit years, numeric or English month names, days, hours, minutes, seconds, fractions and
    AM/PM are read; separators match any run of punctuation or blanks, as Oracle's lenient parsing does.
    Anything else (RR, YY, Julian days, a missing month or day ...) is left to run time.
    """
    pattern, fields = [], []
    for m in _MODEL_TOKEN.finditer(model):
        tok = m.group(0)
        upper = tok.upper()
        if upper in ("FM", "FX"):
            continue
        if tok.startswith('"'):
            pattern.append(re.escape(tok[1:-1]))
        elif upper in _FOLDABLE and (fraction or fields.count("fraction") == 0 and not upper.startswith("FF")):
            regex, name = _FOLDABLE[upper]
            pattern.append(regex)
            fields.append(name)
        elif not tok.isalnum():
            if not pattern or pattern[-1] != r"[\W_]*":
                pattern.append(r"[\W_]*")
        else:
            return None
    found = re.fullmatch(r"\s*" + "".join(pattern) + r"\s*", value, re.IGNORECASE)
    if found is None or not {"year", "day"} <= set(fields) or "month" not in fields and "mon" not in fields:
        return None
    got = dict(zip(fields, found.groups(), strict=True))
    try:
        if "mon" in got:
            names = [n for n in _MONTHS if n.startswith(got["mon"].upper()) and len(got["mon"]) >= 3]
            if len(names) != 1:
                return None
            month = _MONTHS.index(names[0]) + 1
        else:
            month = int(got["month"])
        hour = int(got.get("hour", 0))
        if "hour12" in got:
            hour = int(got["hour12"])
            if not 1 <= hour <= 12 or "ampm" not in got:
                return None
            hour = hour % 12 + (12 if got["ampm"].upper().startswith("P") else 0)
        when = dt.datetime(int(got["year"]), month, int(got["day"]), hour, int(got.get("minute", 0)),
                           int(got.get("second", 0)))
    except (ValueError, KeyError):
        return None
    text = when.strftime("%Y-%m-%d %H:%M:%S")
    if got.get("fraction"):
        text += "." + got["fraction"]
    return text


def _to_date(node: exp.Anonymous, ctx: Context, pg_type: str = "timestamp(0)") -> exp.Expression | None:
    """TO_DATE(s, fmt) -> to_timestamp(s, fmt)::timestamp(0); without a format it depends on NLS."""
    args = _args(node)
    name = node.name.upper()
    if len(args) == 1:
        ctx.fire("OR317", node, f"{name} without a format uses NLS_DATE_FORMAT; PostgreSQL reads the text "
                                "by DateStyle: add the format")
        return mark(cast(args[0], pg_type), "date")
    model = literal_str(args[1])
    if model is None:
        ctx.fire("OR316", node, f"{name} with a computed format model cannot be translated", Effort.MANUAL)
        return None
    value = literal_str(args[0])
    folded = fold_datetime_literal(value, model, pg_type == "timestamp") if value and len(args) == 2 else None
    if folded is not None:
        ctx.fire("OR316", node, f"{name}({value!r}, {model!r}) read at conversion time as {folded}")
        return mark(cast(string(folded), pg_type), "date")
    translated, problems = translate_date_format(model, parsing=True)
    if len(args) > 2:
        problems.append("the NLS parameter is ignored")
    if problems:
        ctx.fire("OR316", node, f"{name} format {model!r}: " + "; ".join(problems), Effort.REVIEW)
    else:
        ctx.fire("OR316", node)
    return mark(cast(fn("TO_TIMESTAMP", args[0], string(translated)), pg_type), "date")


def _to_timestamp(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    return _to_date(node, ctx, "timestamp")


def _looks_numeric_format(model: str) -> bool:
    return bool(_NUMBER_HINT.match(model)) and any(c in model for c in "90")


def _to_char(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """TO_CHAR(date, fmt) with the model translated; TO_CHAR(n[, fmt]) kept; TO_CHAR(text) is the text."""
    args = _args(node)
    kind = kind_of(args[0], ctx)
    model = literal_str(args[1]) if len(args) >= 2 else None
    if len(args) >= 2 and model is None:
        ctx.fire("OR318", node, "TO_CHAR with a computed format model", Effort.MANUAL)
        return None
    if kind == "text" and len(args) == 1:
        return args[0]
    if len(args) == 1:
        ctx.fire("OR319", node, "TO_CHAR without a format: Oracle uses NLS settings (dates) or drops the "
                                "leading zero (0.5 -> '.5'); PostgreSQL text output differs", Effort.REVIEW)
        return mark(cast(args[0], "text"), "text")
    if kind == "number" or (kind is None and _looks_numeric_format(model)):
        differs = re.search(r"[^9,.0DGSFMLPRVMI$\s]", model, re.IGNORECASE)
        if differs or len(args) > 2:
            ctx.fire("OR319", node, f"TO_CHAR(number, {model!r}): check the number format model")
        return mark(fn("TO_CHAR", *args), "text")
    translated, problems = translate_date_format(model, parsing=False)
    if len(args) > 2:
        problems.append("the NLS parameter is ignored")
    if problems:
        ctx.fire("OR318", node, f"TO_CHAR format {model!r}: " + "; ".join(problems), Effort.REVIEW)
    elif translated != model:
        ctx.fire("OR318", node)
    return mark(fn("TO_CHAR", args[0], string(translated)), "text")


def to_number(node: exp.ToNumber, ctx: Context) -> exp.Expression | None:
    """TO_NUMBER(s) -> CAST(s AS numeric); with a format -> to_number(s, fmt) (REVIEW)."""
    if node.args.get("default") is not None:
        if node.args.get("format") is not None:
            ctx.fire("OR320", node, "TO_NUMBER ... DEFAULT ... ON CONVERSION ERROR with a format model has no "
                                    "PostgreSQL form", Effort.MANUAL)
            return None
        ctx.fire("OR320", node, "TO_NUMBER ... DEFAULT ... ON CONVERSION ERROR -> sct_oracle.to_number_default")
        return mark(compat.call("to_number_default", node.this, node.args["default"]), "number")
    if node.args.get("format") is None:
        ctx.fire("OR320", node)
        return mark(cast(node.this, "numeric"), "number")
    ctx.fire("OR320", node, "TO_NUMBER with a format model: check the model", Effort.REVIEW)
    return mark(fn("TO_NUMBER", node.this, node.args["format"]), "number")


# ---- regular expressions

# Oracle match parameter -> PostgreSQL flag. Oracle's default ('.' does not match a newline, ^ and $ match
# at the ends of the string) is PostgreSQL's 'p'; Oracle 'n' lets '.' match newlines ('s'), 'm' makes ^ and
# $ match at line ends ('n' together with Oracle's default, 'w' together with Oracle 'n').
def translate_regexp_flags(flags: str) -> str:
    out = []
    for ch in flags:
        if ch in "ic" and ch not in out:
            out = [c for c in out if c not in "ic"] + [ch]
        elif ch == "x":
            out.append("x")
    dot_all, multi = "n" in flags, "m" in flags
    newline = {(False, False): "p", (True, False): "s", (False, True): "n", (True, True): "w"}[dot_all, multi]
    return "".join(out) + newline


def _regexp(position_of_flags: int) -> Handler:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
        """REGEXP_*: PostgreSQL 15 has the same functions; the match parameter is translated."""
        args = _args(node)
        name = node.name.upper()
        if name == "REGEXP_REPLACE":
            # Oracle replaces every occurrence by default; PostgreSQL only the first unless N = 0.
            while len(args) < 4:
                args.append(exp.Null() if len(args) == 2 else number(1))
            if len(args) == 4:
                args.append(number(0))
            if is_null(args[2]):
                args[2] = string("")
        if len(args) > position_of_flags:
            flags = literal_str(args[position_of_flags]) if not is_null(args[position_of_flags]) else ""
            if flags is None:
                ctx.fire("OR338", node, f"{name} with a computed match parameter: translated when it runs by "
                                        "sct_oracle.regexp_flags")
                args[position_of_flags] = compat.call("regexp_flags", args[position_of_flags])
                return fn(name, *args)
        else:
            flags = ""
        pg_flags = translate_regexp_flags(flags)
        pattern = literal_str(args[1])
        plain = pattern is not None and not re.search(r"\.|\[\^|\\W|\\S|\\D", pattern)
        if pg_flags != "p" or not plain:
            while len(args) < position_of_flags:
                args.append(number(0) if (name, len(args)) == ("REGEXP_INSTR", 4) else number(1))
            if len(args) == position_of_flags:
                args.append(string(pg_flags))
            else:
                args[position_of_flags] = string(pg_flags)
        ctx.fire("OR338", node, None if pattern is not None else
                 f"{name} with a computed pattern: Oracle and PostgreSQL regular expressions differ in "
                 "details", None if pattern is not None else Effort.REVIEW)
        return fn(name, *args)
    return handler


_REGEXP_FLAG_POSITION = {"REGEXP_LIKE": 2, "REGEXP_SUBSTR": 4, "REGEXP_INSTR": 5, "REGEXP_REPLACE": 5,
                         "REGEXP_COUNT": 3}


# ---- characters


def _chr(node: exp.Chr, ctx: Context) -> exp.Expression | None:
    """CHR(n) is the same character for n < 128; above, Oracle reads n as the bytes of a character in the
    database character set (AL32UTF8: CHR(50089) is 'é') and PostgreSQL as a code point (chr(233) is 'é')."""
    charset = node.args.get("charset")
    if charset:                                 # CHR(n USING NCHAR_CS): a UTF-16 code unit, a code point below D800
        node.set("charset", False)
        value = literal_int(node.expressions[0]) if node.expressions else None
        if value is None or value >= 0xD800:
            ctx.fire("OR352", node, "CHR(n USING NCHAR_CS) with n computed or from D800 (hex): Oracle reads n "
                                    "as a UTF-16 code unit, PostgreSQL chr() as a code point")
        return mark(node, "text")
    value = literal_int(node.expressions[0]) if len(node.expressions) == 1 else None
    if value is None or value >= 128:
        shown = node.expressions[0].sql(dialect=_DIALECT) if node.expressions else ""
        ctx.fire("OR352", node, f"CHR({shown}): " + ("a value from 128 on" if value is not None else
                                                     "a computed value, if it reaches 128,")
                 + " is the encoded bytes of a character in Oracle (AL32UTF8: CHR(50089) is 'é') and a code "
                   "point in PostgreSQL (chr(233) is 'é')")
    return mark(node, "text")


# ---- DBMS_LOB in expressions (the procedures are statements: converter.dialects.oracle_supplied)


def _lob_getlength(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """DBMS_LOB.GETLENGTH(lob) -> length(lob): characters of a CLOB (text), bytes of a BLOB (bytea)."""
    args = _args(node)
    if len(args) != 1:
        return None
    ctx.fire("OR349", node, "DBMS_LOB.GETLENGTH(lob) -> length(lob): characters of text, bytes of bytea")
    return mark(fn("LENGTH", args[0]), "number")


def _lob_substr(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """DBMS_LOB.SUBSTR(lob, amount, offset) -> sct_oracle.dbms_lob_substr (amount before offset, NULL rules)."""
    args = _args(node)
    if not 1 <= len(args) <= 3:
        return None
    ctx.fire("OR349", node, "DBMS_LOB.SUBSTR(lob, amount, offset) -> sct_oracle.dbms_lob_substr (the amount "
                            "comes before the offset, as in Oracle, not after as in substr)")
    return compat.call("dbms_lob_substr", *args)


def _lob_instr(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """DBMS_LOB.INSTR(lob, pattern[, offset[, nth]]) -> sct_oracle.dbms_lob_instr."""
    args = _args(node)
    if not 2 <= len(args) <= 4:
        return None
    ctx.fire("OR349", node, "DBMS_LOB.INSTR -> sct_oracle.dbms_lob_instr")
    return mark(compat.call("dbms_lob_instr", *args), "number")


def _lob_compare(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """DBMS_LOB.COMPARE(a, b[, amount[, offset_1[, offset_2]]]) -> sct_oracle.dbms_lob_compare.

    0 means equal in both. Which of -1 and 1 a CLOB difference gives follows code point order on PostgreSQL;
    only a character from U+10000 on against one from U+E000 to U+FFFF can order otherwise in Oracle (UTF-16).
    """
    args = _args(node)
    if not 2 <= len(args) <= 5:
        return None
    call = compat.call("dbms_lob_compare", *args)
    parent = node.parent.parent if isinstance(node.parent, exp.Dot) else node.parent
    zero = isinstance(parent, (exp.EQ, exp.NEQ)) and any(literal_int(side) == 0 for side in
                                                          (parent.this, parent.expression))
    if zero:
        ctx.fire("OR349", node, "DBMS_LOB.COMPARE(...) = 0 -> sct_oracle.dbms_lob_compare(...) = 0")
    else:
        ctx.fire("OR349", node, "DBMS_LOB.COMPARE -> sct_oracle.dbms_lob_compare: 0 and NULL are the same; "
                                "-1 or 1 for CLOBs follows code point order, Oracle's UTF-16 order differs for "
                                "characters from U+10000 against U+E000-U+FFFF", Effort.REVIEW)
    return mark(call, "number")


def _supplied_advice(package: str, member: str) -> Handler:
    """A supplied function with no PostgreSQL form: reported with what to use instead."""
    def handler(node: exp.Anonymous, ctx: Context) -> None:
        rule = "OR398" if package in ("", "DBMS_LOB") else "OR417"
        name = f"{package}.{member}" if package else member
        ctx.fire(rule, node, f"{name}: {oracle_supplied.advice(package, member)}")
        return None
    return handler


# ---- SQL/XML (the SQL-standard functions PostgreSQL shares with Oracle, and Oracle's older XMLType forms)

XML_FUNCTIONS = frozenset({"XMLELEMENT", "XMLFOREST", "XMLATTRIBUTES", "XMLAGG", "XMLCONCAT", "XMLCOMMENT",
                           "XMLPI", "XMLTYPE", "XMLPARSE", "XMLROOT", "XMLCDATA", "XMLSEQUENCE", "XMLQUERY"})


def _xml_name(node: exp.Expression | None) -> exp.Identifier | None:
    """An element or attribute name as PostgreSQL must write it to name the same XML: Oracle upper-cases an
    unquoted name (XMLELEMENT(emp) is <EMP>), and the name must not be folded like a column name later."""
    if isinstance(node, exp.Column) and not node.table:
        node = node.this
    if not isinstance(node, exp.Identifier):
        return None
    new = exp.Identifier(this=node.name if node.quoted else node.name.upper(), quoted=True)
    new.meta["sct_keep_case"] = True
    return new


def _xml_kind(node: exp.Expression, ctx: Context) -> str | None:
    """'xml' for a value that is already XML, else the Oracle type class of the value (kind_of)."""
    while isinstance(node, (exp.Paren, exp.Subquery)):
        if isinstance(node, exp.Subquery):
            query = node.this
            if not isinstance(query, exp.Select) or len(query.expressions) != 1:
                return None
            node = query.expressions[0].unalias()
        else:
            node = node.this
    if isinstance(node, exp.XMLElement) or (isinstance(node, exp.Anonymous) and isinstance(node.this, str)
                                            and node.name.upper() in XML_FUNCTIONS):
        return "xml"
    if isinstance(node, exp.Cast) and node.to.is_type("xml"):
        return "xml"
    if isinstance(node, exp.Null):
        return "text"
    return kind_of(node, ctx)


def _xml_values(node: exp.Expression, label: str, values: list[exp.Expression], ctx: Context) -> None:
    """OR350, REVIEW when a value may be a number or a date (Oracle and PostgreSQL write those differently)."""
    loose = [v for v in values if _xml_kind(v, ctx) not in ("text", "xml")]
    if not loose:
        ctx.fire("OR350", node)
        return
    shown = ", ".join(v.sql(dialect=_DIALECT) for v in loose[:3]) + (", ..." if len(loose) > 3 else "")
    ctx.fire("OR350", node, f"{label} value {shown}: if it is a NUMBER or a DATE, Oracle writes it its own way "
                            "(0.5 as .5, a DATE in XML Schema form) and PostgreSQL its way (0.5, a timestamp "
                            "as 2009-01-13T00:00:00); text and XML values are written alike", Effort.REVIEW)


def _named_items(node: exp.Anonymous, ctx: Context) -> list[exp.Expression] | None:
    """XMLFOREST / XMLATTRIBUTES items `value [AS name]` with Oracle's names made explicit: a column's name
    upper-cased as Oracle does (PostgreSQL would use the folded, lower-case one). None: not convertible."""
    items = []
    for item in node.expressions:
        if isinstance(item, exp.Alias):
            name = _xml_name(item.args.get("alias"))
            value = item.this
        else:
            name = _xml_name(item.this) if isinstance(item, exp.Column) else None
            value = item
        if name is None:
            ctx.fire("OR399", item, f"{node.name.upper()} item {item.sql(dialect=_DIALECT)} has no name")
            return None
        items.append(exp.Alias(this=value, alias=name))
    return items


def _xmlforest(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """XMLFOREST(a, b AS "B") -> XMLFOREST(a AS "A", b AS "B"): element names as Oracle makes them."""
    items = _named_items(node, ctx)
    if items is None:
        return None
    _xml_values(node, "XMLFOREST", [i.this for i in items], ctx)
    return mark(fn("XMLFOREST", *items), "xml")


def _xmlattributes(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """XMLATTRIBUTES(...) inside XMLELEMENT: attribute names as Oracle makes them (see _named_items)."""
    items = _named_items(node, ctx)
    return None if items is None else fn("XMLATTRIBUTES", *items)


def xmlelement(node: exp.XMLElement, ctx: Context) -> exp.Expression | None:
    """XMLELEMENT("Name", XMLATTRIBUTES(...), content ...) -> XMLELEMENT(NAME "Name", ...): the same function."""
    if node.args.get("evalname"):
        ctx.fire("OR399", node, "XMLELEMENT(EVALNAME ...): PostgreSQL element names are fixed in the SQL text")
        return None
    name = _xml_name(node.this)
    if name is None:
        ctx.fire("OR399", node, "XMLELEMENT name not understood")
        return None
    node.set("this", name)
    contents = list(node.expressions)
    attributes = [c for c in contents if isinstance(c, exp.Anonymous) and c.name.upper() == "XMLATTRIBUTES"]
    values = [c for c in contents if not any(c is a for a in attributes)]
    values += [i.this if isinstance(i, exp.Alias) else i for a in attributes for i in a.expressions]
    _xml_values(node, "XMLELEMENT", values, ctx)
    return mark(node, "xml")


def _xmlpi(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """XMLPI([NAME] target[, value]) -> XMLPI(NAME target[, value])."""
    args = _args(node)
    if node.meta.get("sct_evalname"):
        ctx.fire("OR399", node, "XMLPI(EVALNAME ...): PostgreSQL processing instruction targets are fixed")
        return None
    name = _xml_name(args[0]) if args else None
    if name is None or len(args) > 2:
        return None
    _xml_values(node, "XMLPI", args[1:], ctx)
    return mark(fn("XMLPI", exp.Var(this=f"NAME {quote_ident(name.name)}"), *args[1:]), "xml")


def _xmltype(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """XMLTYPE(text) and XMLTYPE.CREATEXML(text) -> CAST(text AS XML)."""
    args = _args(node)
    if len(args) != 1:
        ctx.fire("OR351", node, "XMLTYPE with a character set, schema or validation argument is not converted",
                 Effort.MANUAL)
        return None
    if isinstance(args[0], exp.Anonymous) and args[0].name.upper() == "BFILENAME":
        return None                             # reported by BFILENAME
    ctx.fire("OR351", node, "XMLTYPE(text) -> CAST(text AS XML)")
    return mark(cast(args[0], "xml"), "xml")


def _extractvalue(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """EXTRACTVALUE(xml, xpath) -> sct_oracle.extractvalue(xml, xpath): the leaf's text, entities resolved."""
    args = _args(node)
    if len(args) != 2:
        ctx.fire("OR351", node, "EXTRACTVALUE with a namespace argument is not converted: PostgreSQL's XMLTABLE "
                                "takes namespaces only as constants in XMLNAMESPACES", Effort.MANUAL)
        return None
    ctx.fire("OR351", node, "EXTRACTVALUE(xml, xpath) -> sct_oracle.extractvalue(xml, xpath)")
    return mark(compat.call("extractvalue", *args), "text")


_NAMESPACE = re.compile(r'\s*xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*"([^"]*)"')


def _namespaces(text: str) -> list[tuple[str, str]] | None:
    """'xmlns:a="uri" xmlns:b="uri2"' -> [('a', 'uri'), ('b', 'uri2')]; None for a default namespace or
    anything else (PostgreSQL's XPath has no default namespace)."""
    out, pos = [], 0
    while pos < len(text.rstrip()):
        m = _NAMESPACE.match(text, pos)
        if m is None or m.group(1) is None:
            return None
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    return out or None


def _existsnode(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
    """EXISTSNODE(xml, xpath[, namespaces]) -> CAST(XPATH_EXISTS(xpath, xml[, ARRAY[...]]) AS INTEGER)."""
    args = _args(node)
    if len(args) not in (2, 3):
        return None
    call_args = [args[1], args[0]]
    if len(args) == 3:
        pairs = _namespaces(literal_str(args[2]) or "")
        if pairs is None:
            ctx.fire("OR351", node, "EXISTSNODE with namespaces that are not a literal list of prefixed "
                                    "xmlns:p=\"uri\" declarations is not converted (PostgreSQL's XPath has no "
                                    "default namespace)", Effort.MANUAL)
            return None
        call_args.append(exp.Array(expressions=[exp.Array(expressions=[string(p), string(u)])
                                                for p, u in pairs]))
    ctx.fire("OR351", node, "EXISTSNODE(xml, xpath) -> CAST(XPATH_EXISTS(xpath, xml) AS INTEGER): 1 or 0")
    return mark(cast(fn("XPATH_EXISTS", *call_args), "integer"), "number")


# XMLType methods called on a value (x.getClobVal()): those giving its text are converted, the others OR398.
XMLTYPE_TEXT_METHODS = frozenset({"GETCLOBVAL", "GETSTRINGVAL"})
XMLTYPE_METHODS = XMLTYPE_TEXT_METHODS | frozenset({"GETBLOBVAL", "GETNUMBERVAL", "ISFRAGMENT",
                             "GETROOTELEMENT", "GETNAMESPACE", "GETSCHEMAURL", "SCHEMAVALIDATE", "ISSCHEMAVALID",
                             "ISSCHEMAVALIDATED", "ISSCHEMABASED", "CREATESCHEMABASEDXML",
                             "CREATENONSCHEMABASEDXML", "TOOBJECT", "WRITETOSTREAM"})


def _xmltype_method(node: exp.Dot, ctx: Context) -> exp.Expression | None:
    """x.getClobVal() / x.getStringVal() -> CAST(x AS TEXT) (REVIEW: layout); other XMLType methods: OR398."""
    method = node.expression.name.upper()
    if method in XMLTYPE_TEXT_METHODS and not node.expression.expressions:
        value = exp.column(node.this.name, quoted=bool(node.this.args.get("quoted"))) \
            if isinstance(node.this, exp.Identifier) else node.this
        ctx.fire("OR351", node, f"{node.sql(dialect=_DIALECT)} -> CAST(... AS TEXT): the same XML; Oracle may "
                                "lay it out (indent) differently, depending on how the XMLType is stored",
                 Effort.REVIEW)
        return mark(cast(value, "text"), "text")
    ctx.fire("OR398", node, f"XMLType method {method.lower()}() has no conversion: use xpath(), XMLTABLE or "
                            "a cast to text on xml values")
    return None


# ---- the function table

KEEP = None     # same name, same arguments, same meaning

# Oracle built-ins that PostgreSQL has with the same name, arguments and meaning: kept as written. This is a
# written list, checked against the real corpora by tests/corpus/test_builtin_audit.py; a built-in not listed
# here and not given a handler in FUNCTIONS is reported (OR398).
SAME_MEANING: frozenset[str] = frozenset("""
COALESCE NULLIF
ABS ACOS ASIN ATAN ATAN2 COS COSH SIN SINH TAN TANH EXP LN LOG SQRT SIGN POWER CEIL FLOOR WIDTH_BUCKET
UPPER LOWER INITCAP LTRIM RTRIM LPAD RPAD TRANSLATE LENGTH
UNISTR TRIM EXTRACT
COUNT SUM AVG MIN MAX STDDEV_POP STDDEV_SAMP VAR_POP VAR_SAMP CORR COVAR_POP COVAR_SAMP
REGR_SLOPE REGR_INTERCEPT REGR_COUNT REGR_R2 REGR_AVGX REGR_AVGY REGR_SXX REGR_SYY REGR_SXY
ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE LAG LEAD FIRST_VALUE LAST_VALUE NTH_VALUE
PERCENTILE_CONT PERCENTILE_DISC GROUPING
XMLAGG XMLCONCAT XMLCOMMENT
""".split())
# Notes on the list: UNISTR is PostgreSQL 14+'s unistr(), reading the same \XXXX escapes; XMLAGG (with its
# ORDER BY), XMLCONCAT and XMLCOMMENT are the SQL/XML functions both implement (OR350 covers their
# neighbours that need a change); TRIM(... FROM ...) and EXTRACT(... FROM ...) are parsed by sqlglot and kept.
# Not here because they differ: MOD (by 0, OR353), STDDEV and VARIANCE (of one value, OR354), ASCII and CHR
# (beyond ASCII, OR352).

# Oracle built-in -> handler (None: in SAME_MEANING). A built-in missing from this table is reported by
# OR398; a name that is not an Oracle built-in is taken for a user function.
FUNCTIONS: dict[str, Handler | None] = {
    **dict.fromkeys(SAME_MEANING, KEEP),
    # NULL handling
    "NVL": _nvl, "NVL2": _nvl2, "LNNVL": _lnnvl,
    # numbers
    "BITAND": _bitand, "MOD": _mod, "STDDEV": _one_row_is_zero, "VARIANCE": _one_row_is_zero,
    # text
    "LENGTHB": rename("OCTET_LENGTH", "number"), "LENGTHC": rename("CHAR_LENGTH", "number"),
    "CONCAT": _concat_fn, "SUBSTR": _substr, "INSTR": _instr, "REPLACE": _replace, "ASCII": _ascii,
    "GREATEST": _greatest("GREATEST"), "LEAST": _greatest("LEAST"),
    "REGEXP_LIKE": _regexp(2), "REGEXP_SUBSTR": _regexp(4), "REGEXP_INSTR": _regexp(5),
    "REGEXP_REPLACE": _regexp(5), "REGEXP_COUNT": _regexp(3),
    # conversion
    "TO_CHAR": _to_char, "TO_DATE": _to_date, "TO_TIMESTAMP": _to_timestamp, "TO_CLOB": _to_clob,
    "TO_NCHAR": _to_clob, "TO_NCLOB": _to_clob, "RAWTOHEX": _rawtohex, "HEXTORAW": _hextoraw,
    "NUMTODSINTERVAL": _numtodsinterval, "NUMTOYMINTERVAL": _numtoyminterval,
    "TO_YMINTERVAL": _to_interval(True), "TO_DSINTERVAL": _to_interval(False),
    "EMPTY_CLOB": _empty_lob("text"), "EMPTY_BLOB": _empty_lob("bytea"),
    "BFILENAME": _supplied_advice("", "BFILENAME"),
    # dates
    "TRUNC": _trunc, "ROUND": _round, "ADD_MONTHS": _add_months, "LAST_DAY": _last_day,
    "MONTHS_BETWEEN": _months_between, "NEXT_DAY": _next_day,
    # environment
    "SYS_GUID": _sys_guid, "SYS_CONTEXT": _sys_context,
    # aggregates and analytic functions
    "MEDIAN": _median,
    # GROUPING(a, b, ...) in PostgreSQL is Oracle's GROUPING_ID(a, b, ...): the same bit vector
    "GROUPING_ID": rename("GROUPING", "number"),
    # SQL/XML
    "XMLFOREST": _xmlforest, "XMLATTRIBUTES": _xmlattributes, "XMLPI": _xmlpi, "XMLTYPE": _xmltype,
    "EXTRACTVALUE": _extractvalue, "EXISTSNODE": _existsnode,
}


def _utl_raw_cast(pg_function: str, kind: str) -> Handler:
    def handler(node: exp.Anonymous, ctx: Context) -> exp.Expression | None:
        args = _args(node)
        if len(args) != 1:
            return None
        ctx.fire("OR346", node)
        return mark(fn(pg_function, args[0], string("UTF8")), kind)
    handler.__doc__ = f"-> {pg_function}(x, 'UTF8')"
    return handler


# Calls into Oracle-supplied packages (and XMLType's static method) that have an exact PostgreSQL expression,
# or a message saying what to use. Other calls into supplied packages are OR398.
PACKAGE_FUNCTIONS: dict[str, Handler] = {
    "UTL_RAW.CAST_TO_RAW": _utl_raw_cast("CONVERT_TO", "raw"),
    "UTL_RAW.CAST_TO_VARCHAR2": _utl_raw_cast("CONVERT_FROM", "text"),
    "DBMS_LOB.GETLENGTH": _lob_getlength, "DBMS_LOB.SUBSTR": _lob_substr, "DBMS_LOB.INSTR": _lob_instr,
    "DBMS_LOB.COMPARE": _lob_compare,
    **{f"DBMS_LOB.{m}": _supplied_advice("DBMS_LOB", m) for m in oracle_supplied.BFILE_MEMBERS},
    "XMLTYPE.CREATEXML": _xmltype,
}
# Supplied packages whose calls are reported with OR417 and the package's advice (oracle_supplied).
ADVISED_PACKAGES = frozenset({"DBMS_XDB", "DBMS_XDB_VERSION", "DBMS_XMLDOM", "DBMS_XMLSCHEMA", "DBMS_XMLGEN",
                              "DBMS_XMLPARSER", "DBMS_XSLPROCESSOR", "DBMS_XMLSTORE"})

# Oracle SQL built-in functions (Oracle Database SQL Language Reference, "Functions"), for OR398.
ORACLE_BUILTINS = frozenset(FUNCTIONS) | frozenset("""
APPROX_COUNT_DISTINCT APPROX_MEDIAN APPROX_PERCENTILE ASCIISTR BFILENAME BIN_TO_NUM CARDINALITY CAST CHARTOROWID
CHR CLUSTER_ID COLLATION COLLECT COMPOSE CON_DBID_TO_ID CON_GUID_TO_ID CON_NAME_TO_ID CON_UID_TO_ID CONVERT
CUBE_TABLE CURRENT_DATE CURRENT_TIMESTAMP CV DATAOBJ_TO_PARTITION DBTIMEZONE DECODE DECOMPOSE DEPTH DEREF
DUMP EXISTSNODE EXTRACT EXTRACTVALUE FEATURE_ID FEATURE_VALUE FIRST FROM_TZ GROUP_ID GROUPING_ID HEXTORAW
ITERATION_NUMBER JSON_QUERY JSON_OBJECT JSON_ARRAY JSON_VALUE JSON_TABLE JSON_EXISTS LAST LOCALTIMESTAMP
MAKE_REF NANVL NCHR NEW_TIME NLS_CHARSET_DECL_LEN NLS_CHARSET_ID NLS_CHARSET_NAME NLS_COLLATION_ID
NLS_COLLATION_NAME NLS_INITCAP NLS_LOWER NLS_UPPER NLSSORT NUMTODSINTERVAL ORA_DST_AFFECTED ORA_DST_CONVERT
ORA_DST_ERROR ORA_HASH ORA_INVOKING_USER ORA_INVOKING_USERID POWERMULTISET PRESENTNNV PRESENTV PREVIOUS
RATIO_TO_REPORT RAWTONHEX REF REFTOHEX REMAINDER ROWIDTOCHAR ROWIDTONCHAR SCN_TO_TIMESTAMP SESSIONTIMEZONE SET
SOUNDEX STANDARD_HASH STATS_BINOMIAL_TEST STATS_CROSSTAB STATS_F_TEST STATS_KS_TEST STATS_MODE STATS_MW_TEST
STATS_ONE_WAY_ANOVA STATS_T_TEST_INDEP STATS_T_TEST_INDEPU STATS_T_TEST_ONE STATS_T_TEST_PAIRED
STATS_WSR_TEST SYS_CONNECT_BY_PATH SYS_DBURIGEN SYS_EXTRACT_UTC SYS_OP_MAP_NONNULL SYS_TYPEID SYS_XMLAGG
SYS_XMLGEN SYSDATE SYSTIMESTAMP TIMESTAMP_TO_SCN TO_APPROX_COUNT_DISTINCT TO_APPROX_PERCENTILE TO_BINARY_DOUBLE
TO_BINARY_FLOAT TO_BLOB TO_DSINTERVAL TO_LOB TO_MULTI_BYTE TO_NUMBER TO_SINGLE_BYTE TO_TIMESTAMP_TZ
TO_YMINTERVAL TREAT TRIM TZ_OFFSET UID UNISTR USER USERENV VALIDATE_CONVERSION VALUE VSIZE XMLAGG XMLCAST
XMLCDATA XMLCOLATTVAL XMLCOMMENT XMLCONCAT XMLDIFF XMLELEMENT XMLEXISTS XMLFOREST XMLISVALID XMLPARSE XMLPATCH
XMLPI XMLQUERY XMLROOT XMLSEQUENCE XMLSERIALIZE XMLTABLE XMLTRANSFORM XMLTYPE ANYDATA EMPTY_CLOB EMPTY_BLOB
LISTAGG MEDIAN SYS_CONTEXT SYS_GUID KEEP TABLE
INSTRB INSTRC INSTR2 INSTR4 SUBSTRB SUBSTRC SUBSTR2 SUBSTR4 LENGTH2 LENGTH4 MULTISET
UPDATEXML INSERTXMLBEFORE INSERTXMLAFTER INSERTCHILDXML INSERTCHILDXMLBEFORE INSERTCHILDXMLAFTER
APPENDCHILDXML DELETEXML EQUALS_PATH UNDER_PATH
WM_CONCAT ANY_VALUE CORR_S CORR_K CONTAINS CATSEARCH SCORE
PREDICTION PREDICTION_BOUNDS PREDICTION_COST PREDICTION_DETAILS PREDICTION_PROBABILITY PREDICTION_SET
CLUSTER_DETAILS CLUSTER_DISTANCE CLUSTER_PROBABILITY CLUSTER_SET FEATURE_DETAILS FEATURE_SET FEATURE_COMPARE
""".split())

# What to use instead, in the OR398 message of a built-in with no conversion (default: "has no conversion").
BUILTIN_ADVICE: dict[str, str] = {
    **dict.fromkeys(("EQUALS_PATH", "UNDER_PATH"), "an XML DB repository operator: PostgreSQL has no repository "
                                                  "(RESOURCE_VIEW); keep the documents in a table"),
    **dict.fromkeys(("UPDATEXML", "INSERTXMLBEFORE", "INSERTXMLAFTER", "INSERTCHILDXML", "INSERTCHILDXMLBEFORE",
                     "INSERTCHILDXMLAFTER", "APPENDCHILDXML", "DELETEXML"),
                    "PostgreSQL cannot change an xml value in place: build the new document (XMLELEMENT, ...)"),
    "MULTISET": "CAST(MULTISET(subquery) AS collection type) is ARRAY(SELECT ...) of the element type",
    "TABLE": "TABLE(collection) is unnest(collection): converted for a collection variable of PL/SQL (OR438); "
             "of a column or another expression, write unnest(...)",
    **dict.fromkeys(("REF", "MAKE_REF", "DEREF", "REFTOHEX"), "PostgreSQL has no object references: store and "
                                                             "join on the key of the referenced row"),
    "NLS_CHARSET_ID": "PostgreSQL has one character set per database; convert_from(bytes, 'encoding') reads "
                      "text in another one",
    "WM_CONCAT": "string_agg(CAST(x AS text), ',') (WM_CONCAT, undocumented, joins in no defined order)",
    "SOUNDEX": "soundex() of the fuzzystrmatch extension (check its results against Oracle's)",
}

# Oracle-supplied packages and the schemas of Oracle's own types: calls into them are built-ins too.
_SUPPLIED_PACKAGE = re.compile(r"^(DBMS_|UTL_|OWA_|HTP$|HTF$|APEX_|CTX_|ORD_|SDO_|SYS$|MDSYS$|XDB$|CTXSYS$|"
                               r"ORDSYS$)", re.IGNORECASE)


def rewrite_functions(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Give every Oracle built-in call its PostgreSQL meaning (FUNCTIONS), innermost calls first."""
    def rewrite(node: exp.Expression) -> exp.Expression | None:
        if isinstance(node, exp.DecodeCase):
            return decode_to_case(node, ctx)
        if isinstance(node, exp.ToNumber):
            return to_number(node, ctx)
        if isinstance(node, exp.GroupConcat):
            return _listagg_sep(node, ctx)
        if isinstance(node, exp.XMLElement):
            return xmlelement(node, ctx)
        if isinstance(node, exp.Chr):
            return _chr(node, ctx)
        if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
            if node.this.name == compat.SCHEMA:
                return None                     # a call this rewriter made
            package = node.this.name if isinstance(node.this, (exp.Identifier, exp.Column)) else ""
            member = node.expression.name.upper()
            handler = PACKAGE_FUNCTIONS.get(f"{package}.{member}".upper())
            if handler is not None:
                return handler(node.expression, ctx)
            if package.upper() in ADVISED_PACKAGES:
                ctx.fire("OR417", node, f"{package.upper()}.{member}: "
                                        f"{oracle_supplied.advice(package, member)}")
            elif _SUPPLIED_PACKAGE.match(package or ""):
                advice = (f": {oracle_supplied.advice(package, member)}"
                          if package.upper() in oracle_supplied.PACKAGE_ADVICE else " has no PostgreSQL equivalent")
                ctx.fire("OR398", node, f"Oracle-supplied package call {package.upper()}.{member}{advice}")
            elif member in XMLTYPE_METHODS and isinstance(node.this, (exp.Identifier, exp.Column)):
                return _xmltype_method(node, ctx)
            return None
        if not isinstance(node, exp.Anonymous) or not isinstance(node.this, str):
            return None
        if isinstance(node.parent, exp.Dot) and node.parent.expression is node:
            return None                         # pkg.fn(...): a user package function
        name = node.name.upper()
        if name not in FUNCTIONS:
            if name in ORACLE_BUILTINS:
                advice = f": {BUILTIN_ADVICE[name]}" if name in BUILTIN_ADVICE else ""
                ctx.fire("OR398", node, f"Oracle function {name} has no conversion{advice}")
            return None
        handler = FUNCTIONS[name]
        if handler is None:
            return None
        return handler(node, ctx)
    return rewrite_postorder(tree, (exp.Anonymous, exp.DecodeCase, exp.ToNumber, exp.GroupConcat, exp.Dot,
                                    exp.XMLElement, exp.Chr), rewrite)


def rewrite_rand(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """DBMS_RANDOM.VALUE[(lo, hi)] -> random() [scaled]: both are uniform in [0, 1)."""
    def rewrite(node: exp.Expression) -> exp.Expression:
        lo, hi = node.args.get("lower"), node.args.get("upper")
        ctx.fire("OR339", node)
        if lo is None:
            return mark(fn("RANDOM"), "number")
        span = exp.Paren(this=exp.Sub(this=paren(hi), expression=paren(lo.copy())))
        return mark(exp.Paren(this=exp.Add(this=paren(lo), expression=exp.Mul(this=fn("RANDOM"),
                                                                             expression=span))), "number")
    return rewrite_postorder(tree, (exp.Rand,), rewrite)


# ---- types in SQL


def _oracle_type_name(dt: exp.DataType) -> tuple[str, tuple[str, ...]]:
    """The Oracle spelling of a parsed type: ("NUMBER", ("10",)), ("VARCHAR2", ("10 CHAR",)) ..."""
    names = {exp.DType.DECIMAL: "NUMBER", exp.DType.INT: "INTEGER", exp.DType.SMALLINT: "SMALLINT",
             exp.DType.FLOAT: "FLOAT", exp.DType.DOUBLE: "DOUBLE PRECISION", exp.DType.TEXT: "CLOB",
             exp.DType.VARBINARY: "BLOB", exp.DType.TIMESTAMPTZ: "TIMESTAMP WITH TIME ZONE",
             exp.DType.TIMESTAMPLTZ: "TIMESTAMP WITH LOCAL TIME ZONE", exp.DType.VARCHAR: "VARCHAR2",
             exp.DType.NVARCHAR: "NVARCHAR2", exp.DType.CHAR: "CHAR", exp.DType.NCHAR: "NCHAR",
             exp.DType.DATE: "DATE", exp.DType.TIMESTAMP: "TIMESTAMP"}
    if dt.this == exp.DType.USERDEFINED:
        name = dt.args.get("kind") or ""
    elif dt.this == exp.DType.INTERVAL:
        name = dt.sql(dialect=_DIALECT).upper()
    else:
        name = names.get(dt.this, dt.this.value if hasattr(dt.this, "value") else str(dt.this))
    args = tuple(p.sql(dialect=_DIALECT) for p in dt.expressions)
    return name, args


_ISO_DATETIME = re.compile(r"\s*\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$")


def rewrite_casts(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """CAST(x AS oracle_type) uses the same type mapping as tables (converter.dialects.oracle_types)."""
    for node in list(tree.find_all(exp.Cast)):
        if node.meta.get("sct_pg"):
            continue
        name, args = _oracle_type_name(node.to)
        mapping = describe_oracle_type(name, args)
        if mapping.target is None:
            ctx.fire("OR399", node, f"CAST to {name}: {mapping.note}")
            continue
        text = literal_str(node.this)
        if name in ("DATE", "TIMESTAMP") and text is not None and not _ISO_DATETIME.match(text):
            ctx.fire("OR317", node, f"CAST({text!r} AS {name}) reads the text by NLS settings in Oracle and "
                                    "by DateStyle in PostgreSQL")
        node.set("to", exp.DataType.build(mapping.target, dialect="postgres"))
        node.meta["sct_pg"] = True
        if mapping.effort is not Effort.AUTO:
            ctx.fire("OR341", node, f"CAST to {name}{'(' + ', '.join(args) + ')' if args else ''}: "
                                    f"{mapping.note}", mapping.effort)
        mark(node, "date" if name in DATE_TYPES else "number" if name in NUMBER_TYPES else
             "text" if name in TEXT_TYPES else "other")
    return tree


# ---- operators

_DAY_FRACTIONS = {24: "hour", 1440: "minute", 86400: "second"}


def _days(n: exp.Expression) -> exp.Expression:
    """A number of days as an interval: 1 -> INTERVAL '1 day', 1/24 -> INTERVAL '1 hour', n -> n * '1 day'."""
    whole = literal_int(n)
    if whole is not None:
        return interval(f"{whole} day{'s' if abs(whole) != 1 else ''}")
    if isinstance(n, exp.Div) and literal_int(n.this) is not None and literal_int(n.expression) in _DAY_FRACTIONS:
        count, unit = literal_int(n.this), _DAY_FRACTIONS[literal_int(n.expression)]
        return interval(f"{count} {unit}{'s' if count != 1 else ''}")
    return exp.Paren(this=exp.Mul(this=paren(n), expression=interval("1 day")))


def rewrite_date_arithmetic(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """date + n adds n days (fractions too); date - date is a number of days: exact PostgreSQL forms.

    Only where an operand is known to be a DATE (SYSDATE, TO_DATE, TRUNC(date), a column the caller typed);
    unknown operands are left alone (PostgreSQL then refuses timestamp + integer instead of guessing).
    """
    def rewrite(node: exp.Expression) -> exp.Expression | None:
        left, right = kind_of(node.this, ctx), kind_of(node.expression, ctx)
        if isinstance(node, exp.Sub) and left == right == "date":
            ctx.fire("OR342", node)
            diff = exp.Sub(this=paren(node.this), expression=paren(node.expression))
            return mark(exp.Paren(this=exp.Div(this=exp.Extract(this=exp.var("EPOCH"), expression=diff),
                                               expression=number(86400), typed=True)), "number")
        if left == "date" and right in ("number", None) and not isinstance(node.expression, exp.Interval) \
                and right == "number":
            ctx.fire("OR342", node)
            return mark(type(node)(this=node.this, expression=_days(node.expression)), "date")
        if isinstance(node, exp.Add) and right == "date" and left == "number":
            ctx.fire("OR342", node)
            return mark(exp.Add(this=node.expression, expression=_days(node.this)), "date")
        if isinstance(node, exp.Sub) and "date" in (left, right) and None in (left, right):
            ctx.fire("OR342", node, f"{node.sql(dialect=_DIALECT)}: if both are dates, Oracle gives a number of "
                                    "days and PostgreSQL an interval; use extract(epoch from ...) / 86400",
                     Effort.REVIEW)
        return None
    return rewrite_postorder(tree, (exp.Add, exp.Sub), rewrite)


def rewrite_division(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Oracle `/` never truncates; PostgreSQL truncates integer / integer: divide as numeric."""
    for node in list(tree.find_all(exp.Div)):
        if node.args.get("typed"):
            continue
        node.set("typed", True)
        left, right = node.this, node.expression
        decimal = any(isinstance(x, exp.Literal) and not x.is_string and not literal_int(x) is not None
                      for x in (left, right))
        if decimal or (isinstance(left, exp.Cast) and left.to.is_type(*exp.DataType.REAL_TYPES,
                                                                      exp.DType.DECIMAL)):
            continue
        if literal_int(left) is not None:
            node.set("this", exp.Literal.number(f"{literal_int(left)}.0")) if literal_int(left) >= 0 else \
                node.set("this", cast(left, "numeric"))
        else:
            node.set("this", cast(left, "numeric"))
        ctx.fire("OR343", node)
    return tree


def _operands(node: exp.Expression) -> list[exp.Expression]:
    if isinstance(node, exp.DPipe):
        return _operands(node.this) + _operands(node.expression)
    if isinstance(node, exp.Paren) and isinstance(node.this, exp.DPipe):
        return _operands(node.this)
    return [node]


def rewrite_concat(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """a || b treats NULL as '' in Oracle and gives NULL only when the result is empty.

    Queries, defaults and checks use concat(), which skips NULLs, wrapped in NULLIF(..., '') unless an
    operand is a non-empty literal. Index expressions need an immutable form: COALESCE(x::text, '') || ...
    """
    def rewrite(node: exp.Expression) -> exp.Expression | None:
        if node.meta.get("sct_array"):
            return None
        if isinstance(node.parent, exp.DPipe) or (isinstance(node.parent, exp.Paren)
                                                   and isinstance(node.parent.parent, exp.DPipe)):
            return None                           # part of a longer chain, handled at its top
        operands = _operands(node)
        parts = [p for p in operands if not is_null(p)]
        if not parts:
            return exp.Null()
        if all(not_null_literal(p) for p in parts):
            if len(parts) == len(operands):
                return None
            ctx.fire("OR327", node)
            result = parts[0]
            for p in parts[1:]:
                result = exp.DPipe(this=result, expression=p)
            return mark(result, "text")
        ctx.fire("OR327", node)
        if ctx.context == "index":
            coalesced = [p if not_null_literal(p) else exp.Coalesce(
                this=p if kind_of(p, ctx) == "text" else cast(p, "text"), expressions=[string("")])
                for p in parts]
            result: exp.Expression = coalesced[0]
            for p in coalesced[1:]:
                result = exp.DPipe(this=result, expression=p)
        else:
            result = fn("CONCAT", *parts)
        if not any(not_null_literal(p) for p in parts):
            result = exp.Nullif(this=result, expression=string(""))
        return mark(result, "text")
    return rewrite_postorder(tree, (exp.DPipe,), rewrite)


# ---- query shape


def rewrite_table_functions(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """TABLE(f(...)) in FROM -> f(...) (OR438): a PIPELINED function becomes a set-returning function (OR437).
    Here f is not known to be PIPELINED (PL/SQL code, which knows, converts the calls of those without a finding);
    a function returning a collection would need unnest(f(...)): REVIEW."""
    for table in list(tree.find_all(exp.Table)):
        call = table.this
        if not (isinstance(call, exp.Anonymous) and call.name.upper() == "TABLE" and len(call.expressions) == 1):
            continue
        argument = call.expressions[0]
        function = argument.expression if isinstance(argument, exp.Dot) else argument
        if not isinstance(function, exp.Anonymous) or not isinstance(function.this, str) \
                or (not isinstance(argument, exp.Dot) and function.name.upper() in ORACLE_BUILTINS):
            continue
        name = (f"{argument.this.name}." if isinstance(argument, exp.Dot) else "") + function.name
        table.set("this", argument)
        ctx.fire("OR438", table, f"TABLE({name}(...)) becomes {name}(...): the same rows when {name} is a PIPELINED "
                                 f"function (a set-returning function, OR437); if it returns a collection instead, "
                                 f"write unnest({name}(...)) AS t(column_value)", Effort.REVIEW)
    return tree


def remove_dual(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """SELECT ... FROM dual -> SELECT ... (no FROM)."""
    for select in list(tree.find_all(exp.Select)):
        from_ = select.args.get("from_")
        if (from_ is not None and isinstance(from_.this, exp.Table) and from_.this.name.upper() == "DUAL"
                and not from_.this.this.quoted and from_.this.db.upper() in ("", "SYS")
                and not select.args.get("joins")):
            select.set("from_", None)
            ctx.fire("OR315", from_.this)
    return tree


def name_derived_tables(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """PostgreSQL 15 requires an alias on every subquery in FROM; Oracle does not."""
    count = 0
    for sub in list(tree.find_all(exp.Subquery)):
        if isinstance(sub.parent, (exp.From, exp.Join)) and not sub.alias:
            count += 1
            sub.set("alias", exp.TableAlias(this=exp.to_identifier(f"subq{count}")))
    return tree


def note_set_operations(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """MINUS is EXCEPT (both remove duplicates); Oracle evaluates set operators left to right."""
    for node in tree.find_all(exp.Except):
        ctx.fire("OR344", node)
    return tree


def fold_identifiers(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Every identifier in PostgreSQL case: unquoted Oracle names (upper case) become lower case."""
    for ident in tree.find_all(exp.Identifier):
        if not ident.meta.get("sct_keep_case"):         # XML names keep Oracle's case (see _xml_name)
            ident.set("this", fold_oracle(ident.name, bool(ident.quoted)))
    return tree


# Constructs sqlglot reads but PostgreSQL does not have (or has with another meaning).
UNSUPPORTED: dict[type, str] = {
    exp.Connect: "CONNECT BY",
    exp.Prior: "PRIOR",
    exp.ConnectByRoot: "CONNECT_BY_ROOT",
    exp.Version: "flashback query (AS OF SCN / TIMESTAMP)",
    exp.MatchRecognize: "MATCH_RECOGNIZE",
    exp.Pivot: "PIVOT / UNPIVOT",
    exp.TableSample: "SAMPLE",
    exp.MultitableInserts: "INSERT ALL / INSERT FIRST",
    exp.JSONTable: "JSON_TABLE",
    exp.JSONExists: "JSON_EXISTS",
    exp.JSONObject: "JSON_OBJECT",
    exp.JSONObjectAgg: "JSON_OBJECTAGG",
    exp.JSONArray: "JSON_ARRAY",
    exp.JSONArrayAgg: "JSON_ARRAYAGG",
    exp.XMLTable: "XMLTABLE",
    exp.IgnoreNulls: "IGNORE NULLS",
    exp.Placeholder: "bind variable (:name)",
}


def check_leftovers(tree: exp.Expression, ctx: Context) -> exp.Expression:
    """Anything Oracle-only that no transform handled is reported (OR399), never passed through."""
    for node in tree.walk():
        for cls, label in UNSUPPORTED.items():
            if isinstance(node, cls):
                ctx.fire("OR399", node, f"{label} is not converted")
        if isinstance(node, exp.JSON) and isinstance(node.parent, exp.Is):
            ctx.fire("OR399", node, "IS JSON is not converted (PostgreSQL 16 has it; PostgreSQL 15 does not)")
        if isinstance(node, exp.Window) and str(node.args.get("over") or "").upper() == "KEEP":
            ctx.fire("OR399", node, "KEEP (DENSE_RANK FIRST/LAST ...) is not converted")
        if isinstance(node, exp.Column) and node.args.get("join_mark") and not any(
                f.rule_id == "OR308" for f in ctx.obj.findings):
            ctx.fire("OR308", node)
        if (isinstance(node, exp.Column) and node.table and not node.args.get("db")
                and re.match(r"(DBMS|UTL)_", node.table, re.IGNORECASE)):
            ctx.fire("OR398", node, f"constant {node.table.upper()}.{node.name.upper()} of an Oracle-supplied "
                                    "package has no PostgreSQL equivalent")
        if is_pseudo(node, "ROWNUM", "LEVEL", "CONNECT_BY_ISLEAF", "CONNECT_BY_ISCYCLE"):
            ctx.fire("OR399", node, f"pseudo-column {node.name.upper()} is not converted here")
        if isinstance(node, exp.Lock) and (node.args.get("wait") is not None or node.args.get("expressions")):
            ctx.fire("OR399", node, "FOR UPDATE OF column / WAIT n: PostgreSQL locks by table (OF table) "
                                    "and has only NOWAIT / SKIP LOCKED")
    return tree


# --------------------------------------------------------------------------------------------------------
# The pipeline

Transform = Callable[[exp.Expression, Context], exp.Expression]

TRANSFORMS: tuple[Transform, ...] = (
    drop_hints,
    normalize_literals,
    empty_string_to_null,
    rewrite_outer_joins,
    rewrite_connect_by,
    rewrite_rownum,
    rewrite_sequences,
    rewrite_current_datetime,
    rewrite_pseudocolumns,
    rewrite_package_constants,
    rewrite_casts,
    rewrite_rand,
    rewrite_table_functions,
    rewrite_functions,
    rewrite_date_arithmetic,
    rewrite_division,
    rewrite_concat,
    remove_dual,
    name_derived_tables,
    note_set_operations,
    check_leftovers,
    fold_identifiers,
)

# The node classes a transform acts on: it is skipped for a tree that has none of them (a large data script
# is mostly INSERT ... VALUES of literals, which most transforms have nothing to do with). Transforms not
# listed always run.
TRIGGERS: dict[Transform, tuple[type, ...]] = {
    drop_hints: (exp.Hint,),
    normalize_literals: (exp.RawString, exp.National),
    empty_string_to_null: (exp.Literal,),
    rewrite_outer_joins: (exp.Select,),
    rewrite_connect_by: (exp.Select,),
    rewrite_rownum: (exp.Select, exp.Update, exp.Delete),
    rewrite_sequences: (exp.Column,),
    rewrite_current_datetime: (exp.CurrentTimestamp, exp.CurrentDate, exp.Systimestamp, exp.Localtimestamp,
                               exp.Column),
    rewrite_pseudocolumns: (exp.Column,),
    rewrite_package_constants: (exp.Column,),
    rewrite_casts: (exp.Cast,),
    rewrite_rand: (exp.Rand,),
    rewrite_table_functions: (exp.Table,),
    rewrite_functions: (exp.Anonymous, exp.DecodeCase, exp.ToNumber, exp.GroupConcat, exp.Dot, exp.XMLElement,
                        exp.Chr),
    rewrite_date_arithmetic: (exp.Add, exp.Sub),
    rewrite_division: (exp.Div,),
    rewrite_concat: (exp.DPipe,),
    remove_dual: (exp.Select,),
    name_derived_tables: (exp.Subquery,),
    note_set_operations: (exp.Except,),
}


def convert_tree(tree: exp.Expression, obj: SchemaObject, span: Span, context: str = "query", *,
                 column_types: Mapping[str, str] | None = None,
                 target_type: str | None = None) -> exp.Expression:
    """Rewrite an Oracle tree to PostgreSQL meaning, recording findings on `obj`; returns the new tree.

    `span` is where the SQL text starts in the source file. `context` is "query" (view, DML), "default",
    "check" or "index". Optional: `column_types` maps COLUMN (or TABLE.COLUMN) to its Oracle type, which
    lets TRUNC/ROUND and date arithmetic know dates from numbers; `target_type` is the Oracle type of the
    column a DEFAULT is stored in.
    """
    ctx = Context(obj, span, context, {k.upper(): v for k, v in (column_types or {}).items()}, target_type)
    # Transforms replace nodes in place; a holder lets them replace the root too (DEFAULT USER, DEFAULT '').
    holder = exp.Paren(this=tree) if context != "query" else None
    tree = holder if holder is not None else tree
    present = {type(node) for node in tree.walk()}
    for transform in TRANSFORMS:
        triggers = TRIGGERS.get(transform)
        if triggers is not None and not any(issubclass(t, triggers) for t in present):
            continue
        tree = transform(tree, ctx)
        present |= {type(node) for node in tree.walk()}    # what it made may trigger later transforms
    return tree.this if holder is not None and tree is holder else tree


def render(tree: exp.Expression, obj: SchemaObject, span: Span) -> str | None:
    """PostgreSQL text of a converted tree; None (and an OR399 finding) if sqlglot cannot render it."""
    try:
        return to_sql(tree)
    except UnsupportedError as e:
        fire(obj, "OR399", span, f"not converted: {str(e).splitlines()[0]}")
        return None
