"""What a DDL statement from the source log means for the capture (MySQL/MariaDB log DDL as statements).

`classify(sql, default_schema, captured)` -> Verdict(kind, tables, reason), kind being:
    ignore        the statement touches no captured table (or is a transaction-control statement)
    log           it touches a captured table without changing its rows or columns (indexes, constraints,
                  comments, statistics): reported, not applied; indexes on the target are the user's
    truncate      TRUNCATE TABLE of captured tables: applied as a truncate change
    add_column    ALTER TABLE of one captured table that only adds columns: applied when safe (engine)
    stop          anything else on a captured table (DROP/MODIFY/CHANGE/RENAME COLUMN, DROP/RENAME TABLE,
                  ALTER ... with other actions, statement-logged DML, unparsable): the task stops
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|XA\b|SAVEPOINT|RELEASE\s+SAVEPOINT|FLUSH|ANALYZE|OPTIMIZE|"
                      r"GRANT|REVOKE|SET\b|CREATE\s+USER|DROP\s+USER|ALTER\s+USER)", re.IGNORECASE)
_HARMLESS_ACTIONS = (exp.AddConstraint, exp.AlterIndex) if hasattr(exp, "AlterIndex") else (exp.AddConstraint,)


@dataclass
class Verdict:
    kind: str
    tables: list[tuple[str | None, str]] = field(default_factory=list)
    reason: str = ""
    columns: list[str] = field(default_factory=list)     # add_column: the names added


def _tables(tree: exp.Expression, default_schema: str | None) -> list[tuple[str | None, str]]:
    out = []
    for table in tree.find_all(exp.Table):
        if table.name:
            out.append((table.db or default_schema, table.name))
    return out


def classify(sql: str, default_schema: str | None, captured: set[tuple[str | None, str]]) -> Verdict:
    text = re.sub(r"/\*.*?\*/", " ", sql, flags=re.DOTALL).strip()
    if not text or _CONTROL.match(text):
        return Verdict("ignore")
    quiet = logging.getLogger("sqlglot")
    was, quiet.disabled = quiet.disabled, True     # its "falling back to a Command" warning is ours to handle
    try:
        tree = sqlglot.parse_one(text, read="mysql")
    except sqlglot.errors.ParseError:
        tree = None
    finally:
        quiet.disabled = was
    if tree is None or isinstance(tree, exp.Command):
        named = _named_tables(text, default_schema)
        hit = [t for t in named if t in captured]
        if hit or not named:
            return Verdict("stop" if hit else "ignore", hit, "a statement sct cannot read")
        return Verdict("ignore")
    hit = [t for t in _tables(tree, default_schema) if t in captured]
    if not hit:
        return Verdict("ignore")
    if isinstance(tree, exp.TruncateTable):
        return Verdict("truncate", hit)
    if isinstance(tree, exp.Insert | exp.Update | exp.Delete):
        return Verdict("stop", hit, "a data change logged as a statement: the session wrote with "
                                    "binlog_format=STATEMENT or MIXED; capture needs ROW")
    if isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() == "INDEX":
        return Verdict("log", hit, "an index change")
    if isinstance(tree, exp.Drop) and str(tree.args.get("kind", "")).upper() == "INDEX":
        return Verdict("log", hit, "an index change")
    if isinstance(tree, exp.Alter):
        actions = tree.args.get("actions") or []
        if actions and all(isinstance(a, exp.ColumnDef) for a in actions) and len(hit) == 1:
            return Verdict("add_column", hit, columns=[a.name for a in actions])
        if actions and all(isinstance(a, _HARMLESS_ACTIONS) for a in actions):
            return Verdict("log", hit, "a constraint or index change")
        return Verdict("stop", hit, "an ALTER TABLE other than ADD COLUMN")
    return Verdict("stop", hit, f"a {type(tree).__name__.upper()} statement")


def _named_tables(text: str, default_schema: str | None) -> list[tuple[str | None, str]]:
    """Table names in a statement sqlglot does not parse (RENAME TABLE a TO b, c TO d; ALTER TABLE with options)."""
    names = re.findall(r"(?:`((?:[^`]|``)+)`|(\w+))(?:\s*\.\s*(?:`((?:[^`]|``)+)`|(\w+)))?", text)
    out = []
    for a1, a2, b1, b2 in names:
        first = (a1 or a2).replace("``", "`")
        second = (b1 or b2).replace("``", "`")
        out.append((first, second) if second else (default_schema, first))
    return out
