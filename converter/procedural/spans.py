"""The SQL and expression spans of PL/SQL code, converted by the same Oracle SQL rewriter as views.

A PL/SQL span (`Text` in converter/ir/plsql.py) may hold what only PL/SQL has: `:NEW.col` in a trigger,
`SQL%ROWCOUNT`, `cur%NOTFOUND`, `INSERTING`, `SQLCODE`, `SELECT ... INTO v`, `RETURNING ... INTO v`.
`Spans` rewrites those in the text (never inside string literals or comments), hands the rest to
converter.dialects.oracle_sql (NVL, DECODE, SYSDATE, (+), ... with their rule findings on the object), renders
it, and remembers what the span referred to (tables, sequences, routines) for the dependency graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sqlglot import exp

from sct.converter.dialects import oracle_sql
from sct.converter.dialects.oracle_sql import SqlParseError
from sct.converter.findings import fire
from sct.converter.ir import CodeObject, Effort, QName, Span
from sct.converter.ir import plsql as ir
from sct.converter.names import fold_oracle, quote_ident
from sct.converter.overloads import call_site

__all__ = ["NotConverted", "Spans", "split_arguments", "split_into", "split_returning_into"]

ROWCOUNT = "sct_rowcount"          # the variable GET DIAGNOSTICS fills after each SQL statement
BULK_ROWCOUNT = "sct_bulk_rowcount"     # the row count of each FORALL iteration, for SQL%BULK_ROWCOUNT(i)

# Strings, quoted names and comments first, so that the PL/SQL patterns never match inside them.
_SKIP = r"""[nN]?[qQ]'\[.*?\]'|[nN]?[qQ]'\{.*?\}'|[nN]?[qQ]'\(.*?\)'|[nN]?[qQ]'<.*?>'|[nN]?[qQ]'(?P<d>.).*?(?P=d)'|'(?:[^']|'')*'|"[^"]*"|--[^\n]*|/\*.*?\*/"""
_ATTRIBUTE = (r"(?P<cur>[A-Za-z][\w$#]*)\s*%\s*"
              r"(?P<attr>ROWCOUNT|FOUND|NOTFOUND|ISOPEN|BULK_ROWCOUNT|BULK_EXCEPTIONS)\b")
_BIND = r":(?P<bind>[A-Za-z][\w$#]*)\s*\."
_TRIGGER_WORD = r"\b(?P<op>INSERTING|UPDATING|DELETING)\b(?:\s*\(\s*'(?P<col>[^']*)'\s*\))?"
_SQLCODE = r"\b(?P<sqlcode>SQLCODE|SQLERRM)\b"
_PATTERN = re.compile(f"{_SKIP}|{_ATTRIBUTE}|{_BIND}|{_TRIGGER_WORD}|{_SQLCODE}", re.IGNORECASE | re.DOTALL)
# r.f(i) / r.f.COUNT: a collection that is a field of a record
_FIELD_OF_ARRAY = re.compile(r"\s*\.\s*([A-Za-z][\w$#]*)"
                             r"(?=\s*\(|\s*\.\s*(?:COUNT|FIRST|LAST|EXISTS|NEXT|PRIOR|LIMIT)\b)", re.IGNORECASE)
_FIELDS = re.compile(r"(?:\s*\.\s*(?:[A-Za-z][\w$#]*|\"[^\"]+\")){2}")     # .field.field
_WORDS = re.compile(f"{_SKIP}|(?P<word>[A-Za-z][\\w$#]*)|(?P<open>\\()|(?P<close>\\))", re.DOTALL)


class NotConverted(Exception):
    """A span that could not be converted; the finding is already on the object."""


def _place(span: Span, where: ir.Where) -> Span:
    return Span(span.file, where.line, where.column)


@dataclass
class Spans:
    """Converts the spans of one unit; `obj` receives the findings, `file` is the source file."""

    obj: CodeObject
    file: str
    trigger: ir.Trigger | None = None
    cursors: set[str] = field(default_factory=set)              # declared cursor names (lower case)
    rowcount_used: bool = False
    cursor_state: set[str] = field(default_factory=set)         # cursors whose %attributes are read
    cursor_variables: set[str] = field(default_factory=set)     # refcursor variables and parameters (OR436)
    collections: dict[str, str] = field(default_factory=dict)   # collection TYPE name -> element type
    arrays: set[str] = field(default_factory=set)               # variables of a collection type
    array_rows: set[str] = field(default_factory=set)           # those whose elements are rows (composite types)
    bounded: dict[str, str] = field(default_factory=dict)       # those of a schema-level type -> varray | table
    variants: dict[str, str] = field(default_factory=dict)      # those of a local or package type -> kind
    limits: dict[str, str] = field(default_factory=dict)        # those of a VARRAY type -> its limit
    renames: dict[str, str] = field(default_factory=dict)       # nested routine -> the routine lifted out (OR435)
    records: set[str] = field(default_factory=set)              # variables of a composite type (records, rows)
    tables: list[QName] = field(default_factory=list)
    sequences: list[QName] = field(default_factory=list)
    routines: list[QName] = field(default_factory=list)
    names: object = None            # (text, where, writing, in_sql) -> text: package names (emit.plpgsql)
    placeholders: dict[str, str] = field(default_factory=dict)  # word in the SQL -> text swapped in after render
    writing: bool = False
    variables: dict[str, str] = field(default_factory=dict)    # parameter/variable -> declared type (overloads)

    def span(self, text: ir.Text | ir.Where) -> Span:
        where = text.where if isinstance(text, ir.Text) else text
        return Span(self.file, where.line, where.column)

    # -- PL/SQL-only syntax in the text

    def _bind_names(self) -> dict[str, str]:
        names = {"NEW": "new", "OLD": "old"}
        if self.trigger is not None:
            for which, alias in self.trigger.referencing.items():
                if which in ("NEW", "OLD"):
                    names[alias.upper()] = which.lower()
        return names

    def plsql_syntax(self, text: ir.Text, in_sql: bool = False) -> str:
        """The span with PL/SQL-only forms replaced by SQL that sqlglot reads (see the module docstring)."""
        if self.names is not None:
            text = ir.Text(self.names(text.text, text.where, self.writing, in_sql), text.where)
        binds = self._bind_names()
        where = self.span(text)

        def replace(m: re.Match) -> str:
            if m.group("cur"):
                return self._attribute(m.group("cur"), m.group("attr").upper(), where)
            if m.group("bind"):
                name = m.group("bind").upper()
                if self.trigger is None or name not in binds:
                    fire(self.obj, "OR415", where, f"bind variable :{m.group('bind')} in a stored routine",
                         Effort.MANUAL)
                    return m.group(0)
                return binds[name] + "."
            if m.group("op"):
                return self._trigger_operation(m.group("op").upper(), m.group("col"), where, m.group(0))
            if m.group("sqlcode"):
                word = m.group("sqlcode").upper()
                fire(self.obj, "OR411", where, "SQLCODE (an Oracle error number) becomes SQLSTATE (a 5-character "
                                               "code): compare with SQLSTATE values" if word == "SQLCODE" else
                     "SQLERRM is the message without Oracle's 'ORA-nnnnn: ' prefix")
                return "SQLSTATE" if word == "SQLCODE" else "SQLERRM"
            return m.group(0)
        out = _PATTERN.sub(replace, text.text)
        if self.arrays or self.collections or self.renames or self.records:
            return self._array_syntax(out, where, in_sql)
        return out

    def _array_syntax(self, text: str, where: Span, in_sql: bool = False) -> str:
        """Collections as arrays (rule OR414): v(i) -> v[i]; the methods COUNT, FIRST, LAST, EXISTS(i), NEXT(i),
        PRIOR(i) and LIMIT as array expressions (every index from the array's lower to its upper bound exists);
        a constructor t(a, b) -> ARRAY[a, b], t() -> '{}'. Outside SQL, a call of a nested routine that was
        lifted out (OR435) gets the lifted routine's name."""
        out, last = [], 0
        matches = list(_WORDS.finditer(text))
        closing: dict[int, int] = {}
        stack: list[int] = []
        for m in matches:
            if m.group("open"):
                stack.append(m.start())
            elif m.group("close") and stack:
                closing[stack.pop()] = m.start()
        for m in matches:
            word = m.group("word")
            if not word or m.start() < last:
                continue
            key = word.lower()
            head = text[max(0, m.start() - 200):m.start()]
            before = re.search(r"([A-Za-z][\w$#]*)\s*\.\s*\Z", head) if head.rstrip().endswith(".") else None
            if before is None and head.rstrip().endswith("."):
                continue                                    # a field or a qualified name: not a variable
            qualified = f"{before.group(1).lower()}.{key}" if before is not None else None
            rest = text[m.end():]
            call = re.match(r"\s*\(", rest)
            open_at = m.end() + call.end() - 1 if call is not None else -1
            close_at = closing.get(open_at)
            constructor = qualified if qualified in self.collections else key if before is None else None
            if constructor in self.collections and constructor not in self.arrays:
                if close_at is None:
                    continue
                start = m.start() - len(head) + before.start(1) if qualified == constructor else m.start()
                inner = text[open_at + 1:close_at]
                value = f"ARRAY[{self._array_syntax(inner, where, in_sql)}]" if inner.strip() else "'{}'"
                out.append(text[last:start] + value)
                last = close_at + 1
                continue
            if before is not None:
                continue
            if key in self.renames and not in_sql:
                out.append(text[last:m.start()] + self.renames[key] + ("" if call is not None else "()"))
                last = m.end()
                continue
            base, base_end = word, m.end()
            if key in self.records:
                field_match = _FIELD_OF_ARRAY.match(rest)
                if field_match is not None:         # r.f(i), r.f.COUNT: a collection field of a record
                    base, base_end = f"{word}.{field_match.group(1)}", m.end() + field_match.end(1)
                    rest = text[base_end:]
                elif not self.writing and _FIELDS.match(rest):
                    out.append(text[last:m.start()] + f"({word})")     # r.a.b reads as (r).a.b in PostgreSQL
                    last = m.end()
                    continue
            if key not in self.arrays and base == word:
                continue
            call = re.match(r"\s*\(", rest)
            open_at = base_end + call.end() - 1 if call is not None else -1
            close_at = closing.get(open_at)
            method = re.match(r"\s*\.\s*([A-Za-z_]+)\b", rest)
            if call is not None:
                if close_at is None:
                    continue
                element = base + "[" + self._array_syntax(text[open_at + 1:close_at], where, in_sql) + "]"
                nested = not self.writing and _FIELDS.match(text[close_at + 1:])
                out.append(text[last:m.start()] + (f"({element})" if nested else element))
                last = close_at + 1
            elif method is not None:
                end = base_end + method.end()
                argument = None
                name = method.group(1).upper()
                if name in ("EXISTS", "NEXT", "PRIOR"):
                    paren = re.match(r"\s*\(", text[end:])
                    arg_close = closing.get(end + paren.end() - 1) if paren is not None else None
                    if arg_close is None:
                        fire(self.obj, "OR414", where, f"{base}.{name} without an index", Effort.MANUAL)
                        continue
                    argument = f"({self._array_syntax(text[end + paren.end():arg_close], where, in_sql)})"
                    end = arg_close + 1
                value = self._method(base, name, argument, where)
                if value is None:
                    continue
                out.append(text[last:m.start()] + value)
                last = end
        return "".join(out) + text[last:]

    def _method(self, word: str, name: str, argument: str | None, where: Span) -> str | None:
        """The array expression of a collection method; None (and a MANUAL finding) when there is none."""
        key = word.lower()
        lower, upper = f"ARRAY_LOWER({word}, 1)", f"ARRAY_UPPER({word}, 1)"
        if name == "COUNT":
            return f"COALESCE(ARRAY_LENGTH({word}, 1), 0)"
        if name in ("FIRST", "LAST"):
            if self.bounded.get(key) == "table":    # a caller's DELETE(i) leaves gaps in a nested table
                fire(self.obj, "OR414", where, f"{word}.{name} -> {'array_lower' if name == 'FIRST' else 'array_upper'}"
                                               f"({word}, 1): the same unless elements were deleted from the nested "
                                               "table", Effort.REVIEW)
            return lower if name == "FIRST" else upper
        if name == "EXISTS":
            return f"COALESCE({argument} BETWEEN {lower} AND {upper}, FALSE)"
        if name == "NEXT":
            return f"CASE WHEN {argument} < {lower} THEN {lower} WHEN {argument} < {upper} THEN {argument} + 1 END"
        if name == "PRIOR":
            return f"CASE WHEN {argument} > {upper} THEN {upper} WHEN {argument} > {lower} THEN {argument} - 1 END"
        variant = self.variants.get(key) or self.bounded.get(key)
        if name == "LIMIT" and (key in self.limits or variant in ("table", "index")):
            return self.limits.get(key, "NULL")      # only a VARRAY has a limit
        what = ("is a statement, not a value" if name in ("DELETE", "EXTEND", "TRIM") else
                "of a VARRAY whose limit is not known here" if name == "LIMIT" else "is not converted")
        fire(self.obj, "OR414", where, f"collection method {word}.{name} {what}", Effort.MANUAL)
        return None

    def _attribute(self, cursor: str, attribute: str, where: Span) -> str:
        if cursor.upper() == "SQL" and attribute == "BULK_EXCEPTIONS":
            fire(self.obj, "OR434", where, "SQL%BULK_EXCEPTIONS (the errors FORALL ... SAVE EXCEPTIONS saved) has no "
                                           "PostgreSQL equivalent: catch the error of each row in the loop (BEGIN ... "
                                           "EXCEPTION WHEN OTHERS ... END) and collect it yourself", Effort.MANUAL)
            return f"{cursor}%{attribute}"
        if cursor.upper() == "SQL" and attribute == "BULK_ROWCOUNT":
            self.arrays.add(BULK_ROWCOUNT)
            fire(self.obj, "OR434", where, f"SQL%BULK_ROWCOUNT(i) -> {BULK_ROWCOUNT}[i], the row count of each "
                                           "iteration of the FORALL loop", Effort.AUTO)
            return BULK_ROWCOUNT
        if cursor.upper() == "SQL":
            self.rowcount_used = True
            fire(self.obj, "OR409", where)
            return {"ROWCOUNT": ROWCOUNT, "FOUND": f"({ROWCOUNT} > 0)", "NOTFOUND": f"({ROWCOUNT} = 0)",
                    "ISOPEN": "FALSE"}[attribute]
        name = fold_oracle(cursor, False)
        if name not in self.cursors or attribute.startswith("BULK"):
            fire(self.obj, "OR415", where, f"{cursor}%{attribute}: attribute of a cursor variable", Effort.MANUAL)
            return f"{cursor}%{attribute}"
        if name in self.cursor_variables and attribute == "ISOPEN":    # opened here or by the caller
            placeholder = f"sct_cursor_open_{len(self.placeholders)}"
            self.placeholders[placeholder] = (f"EXISTS (SELECT FROM pg_catalog.pg_cursors WHERE name = "
                                              f"{quote_ident(name)}::text)")
            fire(self.obj, "OR410", where)
            return placeholder
        self.cursor_state.add(name)
        fire(self.obj, "OR410", where)
        state = f"sct_{name}"
        return {"ROWCOUNT": f"{state}_rowcount", "FOUND": f"{state}_found", "NOTFOUND": f"(NOT {state}_found)",
                "ISOPEN": f"{state}_isopen"}[attribute]

    def _trigger_operation(self, word: str, column: str | None, where: Span, original: str) -> str:
        if self.trigger is None:
            return original
        op = {"INSERTING": "INSERT", "UPDATING": "UPDATE", "DELETING": "DELETE"}[word]
        if column is None:
            fire(self.obj, "OR418", where)
            return f"(TG_OP = '{op}')"
        col = quote_ident(fold_oracle(column, False))
        fire(self.obj, "OR418", where, f"{word}('{column}') is true in Oracle when the UPDATE sets {column}, even "
                                       f"to its old value; converted as: the value changed (IS DISTINCT FROM)",
             Effort.REVIEW)
        return f"(TG_OP = '{op}' AND new.{col} IS DISTINCT FROM old.{col})"

    # -- expressions and statements

    def expression(self, text: ir.Text) -> str:
        """A PL/SQL expression or condition, as PostgreSQL."""
        where = self.span(text)
        try:
            tree = oracle_sql.parse_expression(self.plsql_syntax(text), where)
        except SqlParseError as e:
            fire(self.obj, "OR010", e.span, f"cannot parse this expression: {e.message}", Effort.MANUAL)
            raise NotConverted from None
        fired = len(self.obj.findings)
        tree = oracle_sql.convert_tree(self._table_items(_one_based(tree), where), self.obj, where, "default")
        if _evaluation_time(tree):      # the findings just fired must name what the output says
            self.obj.findings[fired:] = [
                replace(f, message=f.message.replace("STATEMENT_TIMESTAMP", "CLOCK_TIMESTAMP"))
                if f.rule_id == "OR304" else f for f in self.obj.findings[fired:]]
        return self._render(tree, where)

    def statement(self, text: str, where: Span) -> str:
        """A SQL statement (SELECT, INSERT, UPDATE, DELETE, MERGE), already freed of its INTO clause."""
        try:
            tree = oracle_sql.parse_sql(text, where)
        except SqlParseError as e:
            fire(self.obj, "OR010", e.span, f"cannot parse this SQL statement: {e.message}", Effort.MANUAL)
            raise NotConverted from None
        tree = oracle_sql.convert_tree(self._table_items(_one_based(tree), where), self.obj, where, "query")
        if any(c.name.upper() == "STATEMENT_TIMESTAMP" for c in tree.find_all(exp.Anonymous)):
            fire(self.obj, "OR420", where)
        return self._render(tree, where)

    def query(self, text: ir.Text) -> str:
        return self.statement(self.plsql_syntax(text, in_sql=True), self.span(text))

    def _table_items(self, tree: exp.Expression, where: Span) -> exp.Expression:
        """TABLE(v) of a collection variable in FROM -> unnest(v) AS t(column_value) (the element column Oracle
        names COLUMN_VALUE; the attributes of a collection of rows); TABLE(f(...)) of a PIPELINED function ->
        f(...) (rule OR438). Other TABLE(...) items are the SQL rewriter's (converter.dialects.oracle_sql)."""
        pipelined = getattr(self.obj.context, "pipelined", frozenset())
        for table in list(tree.find_all(exp.Table)):
            call = table.this
            if not (isinstance(call, exp.Anonymous) and call.name.upper() == "TABLE" and len(call.expressions) == 1):
                continue
            argument = call.expressions[0]
            if isinstance(argument, exp.Cast):          # TABLE(CAST(v AS t))
                argument = argument.this
            if isinstance(argument, exp.Column) and not argument.table and argument.name.lower() in self.arrays:
                name = argument.name.lower()
                alias = table.args.get("alias")
                label = alias.this if alias is not None and alias.this is not None else exp.to_identifier("sct_t")
                columns = [] if name in self.array_rows else [exp.to_identifier("column_value")]
                if name in self.array_rows and (alias is None or alias.this is None):
                    unnest = exp.Unnest(expressions=[argument.copy()])
                else:
                    unnest = exp.Unnest(expressions=[argument.copy()],
                                        alias=exp.TableAlias(this=label.copy(), columns=columns))
                table.replace(unnest)
                fire(self.obj, "OR438", where, f"TABLE({argument.name}) becomes unnest({argument.name})"
                     + ("" if columns == [] else " AS ... (column_value)"))
                continue
            function = argument.expression if isinstance(argument, exp.Dot) else argument
            if isinstance(function, exp.Anonymous) and isinstance(function.this, str):
                name = function.name.lower()
                if isinstance(argument, exp.Dot) and isinstance(argument.this, (exp.Identifier, exp.Column)):
                    name = f"{argument.this.name.lower()}.{name}"
                if name in pipelined:
                    table.set("this", argument)
                    fire(self.obj, "OR438", where, f"TABLE({name}(...)) becomes {name}(...): the PIPELINED "
                                                   "function is a set-returning function (OR437)")
        return tree

    def _render(self, tree: exp.Expression, where: Span) -> str:
        context = self.obj.context
        types = getattr(context, "user_types", None)
        if types:                           # constructors of the scripts' SQL types (OR233)
            from sct.converter.schema_rules import replace_constructors

            tree = replace_constructors(tree, {k: t for k, t in types.items() if t.emitted}, self.obj, where)
        self._remember(tree)
        text = oracle_sql.render(tree, self.obj, where)
        if text is None:
            raise NotConverted
        for placeholder, value in self.placeholders.items():
            text = re.sub(rf"\b{placeholder}\b", lambda _m, v=value: v, text)
        return text

    def _remember(self, tree: exp.Expression) -> None:
        from sct.converter.graph import sequences_used

        ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            if table.name and table.name not in ctes and not isinstance(table.this, (exp.Func, exp.Dot)):
                self.tables.append(QName(table.db or None, table.name))
        self.sequences += sequences_used(tree)
        for call in tree.find_all(exp.Anonymous):
            if not isinstance(call.this, str):
                continue
            if not isinstance(call.parent, exp.Dot):
                name = QName(None, call.name.lower())
                self.routines.append(name)
            elif isinstance(call.parent.this, exp.Identifier) and call.parent.expression is call:
                name = QName(call.parent.this.name.lower(), call.name.lower())
            else:
                continue
            self.obj.calls.append(call_site(name, [_argument_text(a) for a in call.expressions], self.variables))

    def target(self, text: str, where: ir.Where) -> str:
        """A variable, record field or :NEW.col as the target of an assignment or INTO."""
        self.writing = True
        try:
            return self.expression(ir.Text(text, where))
        finally:
            self.writing = False


def _argument_text(node: exp.Expression) -> str:
    """An argument of a converted call as converter.overloads reads it: a name, a literal, `p => x`, else '?'."""
    if isinstance(node, exp.Kwarg):
        return f"{node.this.name} => {_argument_text(node.expression)}"
    if isinstance(node, exp.Column) and not node.table:
        return node.name
    if isinstance(node, exp.Literal):
        return f"'{node.this}'" if node.is_string else str(node.this)
    return "?"


def _one_based(tree: exp.Expression) -> exp.Expression:
    """v[i] is written from a PL/SQL v(i): both count from 1, so sqlglot must not shift the index."""
    for bracket in tree.find_all(exp.Bracket):
        bracket.set("offset", 1)
    return tree


def _evaluation_time(tree: exp.Expression) -> bool:
    """SYSDATE in a PL/SQL expression is the time it is evaluated: clock_timestamp(), not the statement's.
    Returns whether there was one."""
    changed = False
    for call in tree.find_all(exp.Anonymous):
        if call.name.upper() == "STATEMENT_TIMESTAMP":
            call.set("this", "CLOCK_TIMESTAMP")
            changed = True
    return changed


def _top_level_words(text: str) -> list[tuple[str, int, int]]:
    """(WORD, start, end) of the words at parenthesis depth 0, outside strings and comments."""
    depth, out = 0, []
    for m in _WORDS.finditer(text):
        if m.group("open"):
            depth += 1
        elif m.group("close"):
            depth -= 1
        elif m.group("word") and depth == 0:
            out.append((m.group("word").upper(), m.start(), m.end()))
    return out


def split_arguments(text: str) -> list[str]:
    """The arguments of a call, split at the commas outside parentheses, strings and comments."""
    depth, parts, start = 0, [], 0
    for m in re.finditer(f"{_SKIP}|(?P<open>\\()|(?P<close>\\))|(?P<comma>,)", text, re.DOTALL):
        if m.group("open"):
            depth += 1
        elif m.group("close"):
            depth -= 1
        elif m.group("comma") and depth == 0:
            parts.append(text[start:m.start()].strip())
            start = m.end()
    return parts + [text[start:].strip()] if text.strip() else []


def split_into(sql: str) -> tuple[str, list[str], bool] | None:
    """SELECT a INTO x, y FROM t -> ('SELECT a FROM t', ['x', 'y'], bulk?); None without a top-level INTO."""
    words = _top_level_words(sql)
    for n, (word, start, end) in enumerate(words):
        if word == "FROM":
            return None
        if word == "INTO":
            bulk = n >= 2 and words[n - 1][0] == "COLLECT" and words[n - 2][0] == "BULK"
            cut = words[n - 2][1] if bulk else start
            stop = next((s for w, s, _ in words[n + 1:] if w == "FROM"), len(sql))
            targets = [t.strip() for t in sql[end:stop].split(",")]
            return sql[:cut] + " " + sql[stop:], targets, bulk
    return None


def split_returning_into(sql: str) -> tuple[str, list[str], bool] | None:
    """... RETURNING a INTO x -> ('... RETURNING a', ['x'], bulk?); None without RETURNING ... INTO."""
    words = _top_level_words(sql)
    seen = False
    for n, (word, start, end) in enumerate(words):
        if word in ("RETURNING", "RETURN"):
            seen = True
        elif seen and word == "INTO":
            bulk = n >= 2 and words[n - 1][0] == "COLLECT" and words[n - 2][0] == "BULK"
            cut = words[n - 2][1] if bulk else start
            return sql[:cut], [t.strip() for t in sql[end:].split(",")], bulk
    return None
