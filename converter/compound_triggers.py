"""Compound triggers split into one simple trigger per timing point (IR to IR; rules OR442, OR443, OR419).

An Oracle compound trigger (`FOR INSERT OR UPDATE ON t COMPOUND TRIGGER <declarations> BEFORE STATEMENT IS ...
END BEFORE STATEMENT; ... END;`) has up to four sections that share its declarations, whose state lives for one
triggering statement. `split_compound` makes each section a simple `ir.Trigger` that converter.emit.plpgsql
writes like any other (a trigger function and CREATE TRIGGER): PostgreSQL fires BEFORE STATEMENT, BEFORE ROW,
AFTER ROW and AFTER STATEMENT triggers of one event in that order, whatever their names.

Each section gets the declarations it names. Constants, and a variable that only one statement-level section
uses (it fires once per statement) or only one row-level section uses and assigns before it reads it, become
local declarations. The one shared state converted is the common pattern that avoids mutating-table errors:
AFTER EACH ROW appends :NEW.col (or :OLD.col) to a collection, and AFTER STATEMENT loops over it (FOR i IN 1 ..
c.COUNT or FORALL); that becomes an AFTER STATEMENT trigger over a transition table (REFERENCING NEW TABLE),
one per event since PostgreSQL allows transition tables on single-event triggers only. Other shared variables
are MANUAL, named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sct.converter.ir import plsql as ir
from sct.converter.names import fold_oracle
from sct.converter.packages import INIT_FUNCTION, LITERAL

__all__ = ["TimingTrigger", "split_compound"]

# Oracle's timing points, in firing order: (timing, row level, name suffix)
TIMING_POINTS = {
    "BEFORE STATEMENT": ("BEFORE", False, "before_statement"),
    "BEFORE EACH ROW": ("BEFORE", True, "before_row"),
    "AFTER EACH ROW": ("AFTER", True, "after_row"),
    "AFTER STATEMENT": ("AFTER", False, "after_statement"),
    "INSTEAD OF EACH ROW": ("INSTEAD OF", True, "instead_of_row"),
}
ROW = "sct_row"                         # the loop record over a transition table
TRANSITION = {"NEW": "sct_new_rows", "OLD": "sct_old_rows"}


@dataclass
class TimingTrigger:
    """One timing point of a compound trigger as a simple trigger; `transition` is the REFERENCING ... TABLE
    it reads ({"NEW": "sct_new_rows"}), with one CREATE TRIGGER per event in `events`."""

    suffix: str
    trigger: ir.Trigger
    transition: dict[str, str] = field(default_factory=dict)


@dataclass
class Split:
    parts: list[TimingTrigger] = field(default_factory=list)
    problems: list[tuple[ir.Where, str]] = field(default_factory=list)     # MANUAL: why it is not converted
    notes: list[tuple[ir.Where, str]] = field(default_factory=list)        # REVIEW: what to check
    collected: list[str] = field(default_factory=list)                     # collections read from transition tables
    explained: set[str] = field(default_factory=set)                       # shared variables a problem names
    reasons: dict[str, str] = field(default_factory=dict)                  # why a collection is not converted


def split_compound(trigger: ir.Trigger) -> Split:
    """The simple triggers of a compound trigger, in firing order, or the problems that prevent it."""
    out = Split()
    sections = []
    for section in trigger.sections:
        timing = " ".join(section.timing.upper().split())
        if timing not in TIMING_POINTS:
            out.problems.append((section.where, f"timing point {section.timing} is not known"))
            continue
        sections.append((timing, section))
    sections.sort(key=lambda s: list(TIMING_POINTS).index(s[0]))
    if len({timing for timing, _ in sections}) < len(sections):
        out.problems.append((trigger.where, "a timing point appears twice"))
        return out
    declared = {fold_oracle(d.name, False): d for d in trigger.declarations
                if isinstance(getattr(d, "name", None), str)}
    blocks = {timing: section.block for timing, section in sections}
    uses = {timing: _names(block) & set(declared) for timing, block in blocks.items()}
    shared = []
    for key, item in declared.items():
        users = [timing for timing in blocks if key in uses[timing]]
        if not isinstance(item, (ir.Variable, ir.Cursor)) or not users:
            continue
        if isinstance(item, ir.Variable) and item.constant:
            if item.default is not None and LITERAL.fullmatch(item.default.text) is None and (
                    len(users) > 1 or TIMING_POINTS[users[0]][1]):
                out.notes.append((item.where, f"constant {item.name} := {item.default.text.strip()} is computed in "
                                              "each trigger function that uses it (for each row in a row-level "
                                              "one); Oracle computes it once per statement"))
            continue
        if len(users) == 1 and (not TIMING_POINTS[users[0]][1] or _assigned_first(key, blocks[users[0]])):
            continue
        shared.append(key)
    collections = _collected_rows(trigger, shared, declared, blocks, out)
    left = [declared[key].name + (f" ({out.reasons[key]})" if key in out.reasons else "")
            for key in shared if key not in collections and key not in out.explained]
    if left:
        out.problems.append((trigger.where, f"the timing points share the variable{'s' if len(left) > 1 else ''} "
                                            f"{', '.join(left)}: PostgreSQL triggers share no state; keep it in a "
                                            "temporary table, or read the rows from a transition table"))
    if out.problems:
        return out
    base = fold_oracle(trigger.name.rpartition(".")[2].strip('"'), trigger.name.endswith('"'))
    schema = trigger.name.rpartition(".")[0]
    for timing, block in blocks.items():
        if not any(not isinstance(s, ir.Null) for s in block.statements) and not block.handlers:
            continue
        when, row, suffix = TIMING_POINTS[timing]
        names = _names(block)
        needed = {key for key in declared
                  if (key in names and key not in out.collected) or _initializes(declared[key])}
        while True:                         # what the declarations it needs name in turn (types, exceptions)
            more = {key for key in declared if key not in needed and any(
                key in _names(declared[k]) for k in needed)}
            if not more:
                break
            needed |= more
        declarations = [d for d in trigger.declarations if _needed(d, needed)]
        part = replace(trigger, name=f'{schema + "." if schema else ""}"{base[:37]}_{suffix}"', timing=when,
                       each_row=row, when=None, call=None, declarations=[], sections=[],
                       body=ir.Block(block.where, declarations=declarations, statements=block.statements,
                                     handlers=block.handlers))
        transition = {}
        if timing == "AFTER STATEMENT" and out.collected:
            transition = {collections[key][0]: TRANSITION[collections[key][0]] for key in out.collected}
        out.parts.append(TimingTrigger(suffix, part, transition))
    return out


def _initializes(item: ir.Declaration) -> bool:
    """`sct_pkg_ready CONSTANT BOOLEAN := pkg.sct_init`, which converter.packages puts first (OR440): every
    timing point runs it."""
    return isinstance(item, ir.Variable) and item.constant and item.default is not None and \
        item.default.text.endswith(f".{INIT_FUNCTION}")


def _needed(item: ir.Declaration, needed: set[str]) -> bool:
    name = getattr(item, "name", None)
    if isinstance(item, ir.Pragma):
        return item.name.upper() != "EXCEPTION_INIT" or bool(_names(item) & needed)
    return isinstance(name, str) and fold_oracle(name, False) in needed


# -- the collected-rows pattern ----------------------------------------------------------------------------

_IMAGE = re.compile(r"\s*:\s*(?P<image>[A-Za-z][\w$#]*)\s*\.\s*(?P<column>\"[^\"]+\"|[A-Za-z][\w$#]*)\s*")


def _collected_rows(trigger: ir.Trigger, shared: list[str], declared: dict[str, ir.Declaration],
                    blocks: dict[str, ir.Block], out: Split) -> dict[str, tuple[str, str, ir.Variable]]:
    """Shared collections that AFTER EACH ROW fills with a column of :NEW or :OLD and AFTER STATEMENT only loops
    over: key -> (NEW | OLD, column, variable). Rewrites the sections in place (blocks) when it finds them."""
    after_row, after_statement = blocks.get("AFTER EACH ROW"), blocks.get("AFTER STATEMENT")
    if after_row is None or after_statement is None:
        return {}
    images = {"NEW": "NEW", "OLD": "OLD"}
    images.update({alias.upper(): which for which, alias in trigger.referencing.items() if which in images})
    events = {e.name.upper() for e in trigger.events}
    found: dict[str, tuple[str, str, ir.Variable]] = {}
    for key in shared:
        var = declared[key]
        collection = declared.get(fold_oracle(var.type.text.strip(), False)) if isinstance(var, ir.Variable) else None
        if not isinstance(collection, ir.CollectionType) or (
                collection.index_by is not None and collection.index_by.text.strip().upper() not in (
                    "PLS_INTEGER", "BINARY_INTEGER", "SIMPLE_INTEGER")):
            continue
        appended = _appends(key, after_row, images)
        if appended is None or any(key in _names(b) for t, b in blocks.items()
                                   if t not in ("AFTER EACH ROW", "AFTER STATEMENT", "BEFORE STATEMENT")):
            continue
        image, column, statements = appended
        if (image == "NEW" and "DELETE" in events) or (image == "OLD" and "INSERT" in events):
            out.reasons[key] = (f"it collects :{image}.{column}, which is NULL on "
                                f"{'DELETE' if image == 'NEW' else 'INSERT'}: not read from a transition table")
            continue
        if any(e.columns for e in trigger.events):
            out.problems.append((trigger.where, f"{var.name} collects the rows for AFTER STATEMENT, but PostgreSQL "
                                                "allows no transition table on a trigger with UPDATE OF columns"))
            out.explained.add(key)
            return {}
        if not _only_resets(key, blocks.get("BEFORE STATEMENT")):
            continue
        found[key] = (image, column, var, statements, collection)
    if not found:
        return {}
    if len({image for image, *_ in found.values()}) > 1:
        out.problems.append((trigger.where, "the collections hold :NEW and :OLD values: one transition table each, "
                                             "with no way to pair their rows"))
        out.explained |= set(found)
        return {}
    rewritten = _loops(after_statement.statements, found, out)
    if rewritten is None:
        return {}
    after_statement.statements[:] = rewritten
    for key, (_, _, _, statements, _) in found.items():
        after_row.statements[:] = [s for s in after_row.statements if not any(s is t for t in statements)]
        before = blocks.get("BEFORE STATEMENT")
        if before is not None:
            before.statements[:] = [s for s in before.statements if key not in _names(s)]
    out.collected = sorted(found)
    return {key: value[:3] for key, value in found.items()}


def _appends(key: str, block: ir.Block, images: dict[str, str]):
    """(NEW | OLD, column, [statements]) when every use of collection `key` in an AFTER EACH ROW section is an
    unconditional `c.EXTEND; c(c.LAST) := :NEW.col;` or `c(c.COUNT + 1) := :NEW.col;`; else None."""
    if any(key in _names(h) for h in block.handlers):
        return None
    used, found, statements = [s for s in block.statements if key in _names(s)], set(), []
    k, k_ = 0, re.escape(key)
    while k < len(used):
        stmt = used[k]
        following = used[k + 1] if k + 1 < len(used) else None
        if isinstance(stmt, ir.Call) and _is(stmt.name, rf"{k_}\.EXTEND") and stmt.arguments is None and \
                isinstance(following, ir.Assign) and \
                _is(following.target.text, rf"{k_}\s*\(\s*{k_}\s*\.\s*(?:LAST|COUNT)\s*\)"):
            value, statements = following.value.text, statements + [stmt, following]
            k += 2
        elif isinstance(stmt, ir.Assign) and _is(stmt.target.text, rf"{k_}\s*\(\s*{k_}\s*\.\s*COUNT\s*\+\s*1\s*\)"):
            value, statements = stmt.value.text, statements + [stmt]
            k += 1
        else:
            return None
        m = _IMAGE.fullmatch(value)
        if m is None or m.group("image").upper() not in images:
            return None
        found.add((images[m.group("image").upper()], m.group("column")))
    if len(found) != 1:
        return None
    image, column = found.pop()
    return image, column, statements


def _only_resets(key: str, block: ir.Block | None) -> bool:
    """A BEFORE STATEMENT section only empties the collection (`c.DELETE;`, `c := t();`): a no-op, since the
    state of a compound trigger starts afresh with each statement."""
    if block is None:
        return True
    if any(key in _names(h) for h in block.handlers):
        return False
    for stmt in block.statements:
        if key not in _names(stmt):
            continue
        if isinstance(stmt, ir.Call) and _is(stmt.name, rf"{re.escape(key)}\.DELETE") and stmt.arguments is None:
            continue
        if isinstance(stmt, ir.Assign) and _is(stmt.target.text, re.escape(key)) and re.fullmatch(
                r"\s*[A-Za-z][\w$#]*\s*\(\s*\)\s*", stmt.value.text):
            continue
        return False
    return True


def _loops(statements: list[ir.Stmt], found: dict, out: Split) -> list[ir.Stmt] | None:
    """The AFTER STATEMENT statements with each loop over the collections (FOR i IN 1 .. c.COUNT, FORALL i IN
    1 .. c.COUNT | INDICES OF c) read from the transition table instead, and c.COUNT a count of its rows; None
    when a collection is used any other way."""
    result = []
    for stmt in statements:
        names = _names(stmt) & set(found)
        if not names:
            result.append(stmt)
            continue
        loop = _loop_over(stmt, found)
        if loop is not None:
            result.append(loop)
            continue
        if isinstance(stmt, (ir.If, ir.Case, ir.NestedBlock, ir.Loop, ir.WhileLoop, ir.ForLoop, ir.CursorForLoop)):
            inner = _rewrite_nested(stmt, found, out)
            if inner is None:
                return None
            result.append(inner)
            continue
        counted = _counted(stmt, found)
        if counted is None:
            return None
        result.append(counted)
    return result


def _rewrite_nested(stmt: ir.Stmt, found: dict, out: Split) -> ir.Stmt | None:
    """`stmt` with the statement lists inside it rewritten by _loops and its own texts by _counted."""
    changes = {}
    for name in stmt.__dataclass_fields__:
        value = getattr(stmt, name)
        if isinstance(value, list) and value and all(isinstance(s, ir.Stmt) for s in value):
            inner = _loops(value, found, out)
            if inner is None:
                return None
            changes[name] = inner
        elif isinstance(value, list) and value and all(isinstance(b, ir.Branch) for b in value):
            branches = []
            for branch in value:
                inner = _loops(branch.statements, found, out)
                condition = _count_text(branch.condition, found)
                if inner is None or condition is None:
                    return None
                branches.append(replace(branch, condition=condition, statements=inner))
            changes[name] = branches
        elif isinstance(value, ir.Text):
            text = _count_text(value, found)
            if text is None:
                return None
            changes[name] = text
        elif isinstance(value, ir.Block):
            inner = _loops(value.statements, found, out)
            if inner is None or any(set(found) & _names(h) for h in value.handlers):
                return None
            changes[name] = replace(value, statements=inner)
    return replace(stmt, **changes)


def _loop_over(stmt: ir.Stmt, found: dict) -> ir.Stmt | None:
    """FOR i IN 1 .. c.COUNT LOOP ... c(i) ... END LOOP (or FORALL i IN 1 .. c.COUNT | INDICES OF c dml) as
    FOR sct_row IN (SELECT col AS c, ... FROM sct_new_rows) LOOP ... sct_row.c ... END LOOP; None otherwise."""
    if isinstance(stmt, ir.ForLoop) and not stmt.reverse and stmt.low.text.strip() == "1":
        bound, body = stmt.high.text, stmt.statements
    elif isinstance(stmt, ir.Forall) and not stmt.save_exceptions and (
            (stmt.bounds == "range" and stmt.low is not None and stmt.low.text.strip() == "1")
            or stmt.bounds == "indices"):
        bound = stmt.high.text if stmt.bounds == "range" else f"{stmt.collection}.COUNT"
        body = [stmt.statement]
    else:
        return None
    m = re.fullmatch(r"\s*([A-Za-z][\w$#]*)\s*\.\s*COUNT\s*", bound or "", re.I)
    if m is None or fold_oracle(m.group(1), False) not in found:
        return None
    index = fold_oracle(stmt.variable, False)
    used = set()
    pattern = re.compile(rf"{_SKIP}|(?<![\w$#.])(?P<c>[A-Za-z][\w$#]*)\s*\(\s*{re.escape(stmt.variable)}\s*\)",
                         re.I | re.S)

    def swap(text: ir.Text) -> ir.Text | None:
        def one(match: re.Match) -> str:
            if match.group("c") and fold_oracle(match.group("c"), False) in found:
                used.add(fold_oracle(match.group("c"), False))
                return f"{ROW}.{fold_oracle(match.group('c'), False)}"
            return match.group(0)
        new = pattern.sub(one, text.text)
        if index in _words(new) or set(found) & _words(new):
            return None                     # the index or a collection used another way
        return ir.Text(new, text.where)

    rewritten = _map_texts(body, swap)
    if rewritten is None:
        return None
    image = next(iter(found.values()))[0]
    columns = []
    for key in sorted(used | {fold_oracle(m.group(1), False)}):
        _, column, _, _, collection = found[key]
        element = collection.element.text.strip()
        value = column if "%" in element else f"CAST({column} AS {element})"
        columns.append(f"{value} AS {key}")
    query = ir.Text(f"SELECT {', '.join(columns)} FROM {TRANSITION[image]}", stmt.where)
    return ir.CursorForLoop(stmt.where, ROW, query=query, statements=rewritten, labels=stmt.labels)


def _counted(stmt: ir.Stmt, found: dict) -> ir.Stmt | None:
    """A statement whose only use of the collections is c.COUNT, with that read from the transition table."""
    return _map_texts([stmt], lambda text: _count_text(text, found), top=True)


def _count_text(text: ir.Text, found: dict) -> ir.Text | None:
    image = next(iter(found.values()))[0]
    pattern = re.compile(rf"{_SKIP}|(?<![\w$#.])(?P<c>[A-Za-z][\w$#]*)\s*\.\s*COUNT\b", re.I | re.S)

    def one(match: re.Match) -> str:
        if match.group("c") and fold_oracle(match.group("c"), False) in found:
            return f"(SELECT COUNT(*) FROM {TRANSITION[image]})"
        return match.group(0)
    new = pattern.sub(one, text.text)
    return None if set(found) & _words(new) else ir.Text(new, text.where)


def _map_texts(statements: list[ir.Stmt], change, top: bool = False):
    """Copies of `statements` with every Text replaced by change(text) (None anywhere: None)."""
    failed = False

    def walk(node):
        nonlocal failed
        if isinstance(node, ir.Text):
            new = change(node)
            failed = failed or new is None
            return new if new is not None else node
        if isinstance(node, list):
            return [walk(n) for n in node]
        if hasattr(node, "__dataclass_fields__") and not isinstance(node, ir.Where):
            return replace(node, **{f: walk(getattr(node, f)) for f in node.__dataclass_fields__
                                    if not isinstance(getattr(node, f), (str, bool, int, type(None)))})
        return node
    result = walk(statements)
    if failed:
        return None
    return result[0] if top else result


# -- names -------------------------------------------------------------------------------------------------

_SKIP = r"""'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/|"[^"]*\""""
_WORD = re.compile(rf"{_SKIP}|(?<![.\w$#])(?P<w>[A-Za-z][\w$#]*)", re.S)     # not a field: r.x, :NEW.x


def _words(text: str) -> set[str]:
    return {fold_oracle(m.group("w"), False) for m in _WORD.finditer(text) if m.group("w")}


def _names(node: object) -> set[str]:
    """Every word a piece of IR names (texts, and names kept as strings: calls, cursors, exceptions, types)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ir.Text):
            found |= _words(item.text)
        elif isinstance(item, str):
            found |= _words(item)
        elif isinstance(item, list):
            stack += item
        elif hasattr(item, "__dataclass_fields__") and not isinstance(item, ir.Where):
            stack += [getattr(item, f) for f in item.__dataclass_fields__ if f not in ("where", "labels")]
    return found


def _is(text: str, pattern: str) -> bool:
    return re.fullmatch(rf"\s*{pattern}\s*", text, re.I) is not None


def _assigned_first(key: str, block: ir.Block) -> bool:
    """A row-level section's variable that each firing sets (`v := expr` not reading v, or SELECT ... INTO v) at
    its top level before any other use, and no handler reads: local to each firing, as a PL/pgSQL variable is."""
    if any(key in _names(h) for h in block.handlers):
        return False
    from sct.converter.procedural.spans import split_into

    for stmt in block.statements:
        if key not in _names(stmt):
            continue
        if isinstance(stmt, ir.Assign):
            return fold_oracle(stmt.target.text.strip(), False) == key and key not in _words(stmt.value.text)
        if isinstance(stmt, ir.SqlStatement) and stmt.verb.upper() == "SELECT":
            split = split_into(stmt.sql.text)
            return split is not None and key in [fold_oracle(t.strip(), False) for t in split[1]] and \
                key not in _words(split[0])
        return False
    return True
