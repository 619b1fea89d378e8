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

__all__ = ["NotConverted", "Spans", "split_arguments", "split_into", "split_returning_into"]

ROWCOUNT = "sct_rowcount"          # the variable GET DIAGNOSTICS fills after each SQL statement

# Strings, quoted names and comments first, so that the PL/SQL patterns never match inside them.
_SKIP = r"""[nN]?[qQ]'\[.*?\]'|[nN]?[qQ]'\{.*?\}'|[nN]?[qQ]'\(.*?\)'|[nN]?[qQ]'<.*?>'|[nN]?[qQ]'(?P<d>.).*?(?P=d)'|'(?:[^']|'')*'|"[^"]*"|--[^\n]*|/\*.*?\*/"""
_ATTRIBUTE = r"(?P<cur>[A-Za-z][\w$#]*)\s*%\s*(?P<attr>ROWCOUNT|FOUND|NOTFOUND|ISOPEN)\b"
_BIND = r":(?P<bind>[A-Za-z][\w$#]*)\s*\."
_TRIGGER_WORD = r"\b(?P<op>INSERTING|UPDATING|DELETING)\b(?:\s*\(\s*'(?P<col>[^']*)'\s*\))?"
_SQLCODE = r"\b(?P<sqlcode>SQLCODE|SQLERRM)\b"
_PATTERN = re.compile(f"{_SKIP}|{_ATTRIBUTE}|{_BIND}|{_TRIGGER_WORD}|{_SQLCODE}", re.IGNORECASE | re.DOTALL)
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
    collections: dict[str, str] = field(default_factory=dict)   # collection TYPE name -> element type
    arrays: set[str] = field(default_factory=set)               # variables of a collection type
    bounded: dict[str, str] = field(default_factory=dict)       # those of a schema-level type -> varray | table
    tables: list[QName] = field(default_factory=list)
    sequences: list[QName] = field(default_factory=list)
    routines: list[QName] = field(default_factory=list)
    names: object = None            # (text, where, writing, in_sql) -> text: package names (emit.plpgsql)
    placeholders: dict[str, str] = field(default_factory=dict)  # word in the SQL -> text swapped in after render
    writing: bool = False

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
        return self._array_syntax(out, where) if self.arrays or self.collections else out

    def _array_syntax(self, text: str, where: Span) -> str:
        """v(i) -> v[i] and v.COUNT -> coalesce(cardinality(v), 0) for collection variables; other methods are
        findings."""
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
            if word and word.lower() in self.collections and m.start() >= last:
                fire(self.obj, "OR414", where, f"collection constructor {word}(...): write ARRAY[...]",
                     Effort.MANUAL)
                continue
            if not word or word.lower() not in self.arrays or m.start() < last:
                continue
            rest = text[m.end():]
            call = re.match(r"\s*\(", rest)
            method = re.match(r"\s*\.\s*([A-Za-z]+)\b", rest)
            if call is not None:
                open_at = m.end() + call.end() - 1
                close_at = closing.get(open_at)
                if close_at is None:
                    continue
                out.append(text[last:m.end()] + "[" + self._array_syntax(text[open_at + 1:close_at], where) + "]")
                last = close_at + 1
            elif method is not None:
                name = method.group(1).upper()
                variant = self.bounded.get(word.lower())
                if name in ("FIRST", "LAST") and variant is not None:
                    bound = "array_lower" if name == "FIRST" else "array_upper"
                    if variant == "table":      # DELETE leaves gaps in a nested table, never in an array
                        fire(self.obj, "OR414", where, f"{word}.{name} -> {bound}({word}, 1): the same unless "
                                                       f"elements were deleted from the nested table",
                             Effort.REVIEW)
                    out.append(text[last:m.start()] + f"{bound}({word}, 1)")
                    last = m.end() + method.end()
                    continue
                if name != "COUNT":
                    fire(self.obj, "OR414", where, f"collection method {word}.{method.group(1).upper()} is not "
                                                   "converted", Effort.MANUAL)
                    continue
                out.append(text[last:m.start()] + f"coalesce(array_length({word}, 1), 0)")
                last = m.end() + method.end()
        return "".join(out) + text[last:]

    def _attribute(self, cursor: str, attribute: str, where: Span) -> str:
        if cursor.upper() == "SQL":
            self.rowcount_used = True
            fire(self.obj, "OR409", where)
            return {"ROWCOUNT": ROWCOUNT, "FOUND": f"({ROWCOUNT} > 0)", "NOTFOUND": f"({ROWCOUNT} = 0)",
                    "ISOPEN": "FALSE"}[attribute]
        name = fold_oracle(cursor, False)
        if name not in self.cursors:
            fire(self.obj, "OR415", where, f"{cursor}%{attribute}: attribute of a cursor variable", Effort.MANUAL)
            return f"{cursor}%{attribute}"
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
        tree = oracle_sql.convert_tree(_one_based(tree), self.obj, where, "default")
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
        tree = oracle_sql.convert_tree(_one_based(tree), self.obj, where, "query")
        if any(c.name.upper() == "STATEMENT_TIMESTAMP" for c in tree.find_all(exp.Anonymous)):
            fire(self.obj, "OR420", where)
        return self._render(tree, where)

    def query(self, text: ir.Text) -> str:
        return self.statement(self.plsql_syntax(text, in_sql=True), self.span(text))

    def _render(self, tree: exp.Expression, where: Span) -> str:
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
            if table.name and table.name not in ctes and not isinstance(table.this, exp.Func):
                self.tables.append(QName(table.db or None, table.name))
        self.sequences += sequences_used(tree)
        for call in tree.find_all(exp.Anonymous):
            if isinstance(call.this, str) and not isinstance(call.parent, exp.Dot):
                self.routines.append(QName(None, call.name.lower()))

    def target(self, text: str, where: ir.Where) -> str:
        """A variable, record field or :NEW.col as the target of an assignment or INTO."""
        self.writing = True
        try:
            return self.expression(ir.Text(text, where))
        finally:
            self.writing = False


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
