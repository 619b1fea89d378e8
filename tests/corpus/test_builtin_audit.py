"""Every function call in the real Oracle corpora is accounted for, as the converter itself reads it.

The corpora in ../shared/corpus/oracle are converted the way bench/convert.py does, with a spy on
`oracle_sql.convert_tree`: every SQL statement, view, default, check and every PL/SQL span reaches the Oracle
SQL rewriter through it, so the spy sees the sqlglot trees the rewriter sees, before it rewrites them. Each
call name found there must be one of:

- rewritten: a handler in oracle_sql.FUNCTIONS / PACKAGE_FUNCTIONS, or a node a transform rewrites (CAST,
  DECODE, LISTAGG, TO_NUMBER, CHR, XMLELEMENT, SYSDATE, ...);
- same in PostgreSQL: in the written list oracle_sql.SAME_MEANING;
- defined by the scripts: a procedure, function, package member, nested subprogram or type they create;
- written by the PL/SQL front end (converter/procedural/spans.py: collection methods become array functions);
- a variable or parameter of the PL/SQL unit, read as v(i) (an element of a collection);
- reported: the object it is in has an OR398/OR399/OR417 finding, or any finding that leaves it out
  (MANUAL), that names it. A finding that names the call wins over the other outcomes: a handler that
  refuses a call (BFILENAME, XMLTYPE with a character set) reports it.

A name in none of these would be passed through silently, as if it were a user function: the test fails and
names it. The table of names and outcomes is printed (pytest -s, or -rP).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from sqlglot import exp

from sct.converter.dialects import oracle_sql
from sct.converter.ir import CodeObject, Effort, SchemaObject, UserType
from sct.converter.ir import plsql as ir
from sct.converter.pipeline import convert_paths

pytestmark = [pytest.mark.slow]

# name, files in reading order (None: every .sql file, sorted), encoding, --define values: as bench/convert.py
CORPORA = [
    ("human_resources", ["hr_create.sql", "hr_populate.sql", "hr_code.sql"], "utf-8", {}),
    ("customer_orders", ["co_create.sql", "co_populate.sql"], "utf-8", {}),
    ("sales_history", ["sh_create.sql", "sh_populate.sql"], "utf-8", {}),
    ("chinook", ["Chinook_Oracle.sql"], "utf-8", {}),
    ("product_media", ["pm_main.sql"], "utf-8", {}),
    ("order_entry", ["oe_main.sql"], "latin-1", {"8": "v3"}),
    ("info_exchange", ["ix_main.sql"], "utf-8", {"6": "v3"}),
]

# Calls sqlglot parses into their own node (SctOracle keeps their parsers), by the Oracle name.
PARSED_CALLS: dict[type, str] = {
    exp.Cast: "CAST", exp.Trim: "TRIM", exp.Extract: "EXTRACT", exp.DecodeCase: "DECODE",
    exp.GroupConcat: "LISTAGG", exp.ToNumber: "TO_NUMBER", exp.Chr: "CHR", exp.XMLElement: "XMLELEMENT",
    exp.XMLTable: "XMLTABLE", exp.JSONTable: "JSON_TABLE", exp.JSONExists: "JSON_EXISTS",
    exp.JSONObject: "JSON_OBJECT", exp.JSONObjectAgg: "JSON_OBJECTAGG", exp.JSONArray: "JSON_ARRAY",
    exp.JSONArrayAgg: "JSON_ARRAYAGG", exp.CurrentTimestamp: "SYSDATE", exp.CurrentDate: "CURRENT_DATE",
    exp.Systimestamp: "SYSTIMESTAMP", exp.Localtimestamp: "LOCALTIMESTAMP", exp.Rand: "DBMS_RANDOM.VALUE",
}
# The transforms that rewrite a parsed call (see oracle_sql.TRANSFORMS), and the parsed calls that are the
# same SQL-standard syntax in PostgreSQL.
REWRITTEN_PARSED = {"CAST", "DECODE", "LISTAGG", "TO_NUMBER", "CHR", "XMLELEMENT", "SYSDATE", "CURRENT_DATE",
                    "SYSTIMESTAMP", "LOCALTIMESTAMP", "DBMS_RANDOM.VALUE"}
SAME_PARSED = {"TRIM", "EXTRACT"}
# sqlglot Func subclasses that are syntax, not calls.
SYNTAX = (exp.And, exp.Or, exp.Case, exp.If, exp.Xor)
# What converter/procedural/spans.py writes for collection methods before the rewriter sees the span.
FRONT_END = {"ARRAY_LOWER", "ARRAY_UPPER", "ARRAY_LENGTH"}
REPORTING_RULES = {"OR398", "OR399", "OR417"}


def call_names(tree: exp.Expression) -> list[str]:
    """Every call in `tree`: NAME, QUALIFIER.NAME for a dotted call, or the Oracle name of a parsed call."""
    names = []
    for node in tree.walk():
        if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
            names.append(f"{node.this.sql()}.{node.expression.name}".upper())
        elif isinstance(node, exp.Anonymous) and isinstance(node.this, str):
            if not (isinstance(node.parent, exp.Dot) and node.parent.expression is node):
                names.append(node.name.upper())
        elif type(node) in PARSED_CALLS:
            names.append(PARSED_CALLS[type(node)])
        elif isinstance(node, exp.Func) and not isinstance(node, SYNTAX):
            names.append(f"<{type(node).__name__}>")        # a parsed call this audit does not know
    return names


def _declared(node: object, kinds: tuple[type, ...], out: set[str], prefix: str = "") -> None:
    """Names of the declarations of `kinds` anywhere in a PL/SQL IR tree (nested subprograms included)."""
    if isinstance(node, kinds):
        out.add(node.name.upper())
        if prefix:
            out.add(f"{prefix}.{node.name}".upper())
    if isinstance(node, list):
        for item in node:
            _declared(item, kinds, out, prefix)
    elif is_dataclass(node) and not isinstance(node, type):
        for f in fields(node):
            value = getattr(node, f.name)
            if isinstance(value, list) or (is_dataclass(value) and not isinstance(value, type)):
                _declared(value, kinds, out, prefix)


def variables(obj: SchemaObject) -> set[str]:
    """The variables and parameters a PL/SQL object declares (upper case)."""
    out: set[str] = set()
    if isinstance(obj, CodeObject) and obj.unit is not None:
        _declared(obj.unit, (ir.Variable, ir.Parameter), out)
    return out


def defined_names(objects: list[SchemaObject]) -> set[str]:
    """Routines, package members and types the scripts create, as NAME and SCHEMA.NAME (upper case)."""
    names: set[str] = set()
    for obj in objects:
        if isinstance(obj, (CodeObject, UserType)):
            names.add(obj.name.name.upper())
            if obj.name.schema:
                names.add(f"{obj.name.schema}.{obj.name.name}".upper())
        if isinstance(obj, CodeObject) and obj.unit is not None:
            package = getattr(obj.unit, "name", "") if isinstance(obj.unit, ir.Package) else ""
            _declared(obj.unit, (ir.Routine,), names, str(package or ""))
    return names


def rewritten(name: str) -> bool:
    if name in REWRITTEN_PARSED:
        return True
    if "." in name:                             # SYS.XMLTYPE.CREATEXML is XMLTYPE.CREATEXML to the rewriter
        return (".".join(name.split(".")[-2:]) in oracle_sql.PACKAGE_FUNCTIONS
                or name.rsplit(".", 1)[-1] in oracle_sql.XMLTYPE_TEXT_METHODS)
    return oracle_sql.FUNCTIONS.get(name, oracle_sql.KEEP) is not None


def names_it(message: str, name: str) -> bool:
    """The finding's message names the call: NAME as a word in upper case (as the rewriter writes it), or
    the dotted name in any case."""
    if "." in name and name.lower() in message.lower():
        return True
    member = name.rsplit(".", 1)[-1]
    return re.search(rf"(?<![\w.$#]){re.escape(member)}(?![\w$#])", message) is not None or \
        re.search(rf"(?<![\w$#])\.{re.escape(member)}(?![\w$#])", message, re.IGNORECASE) is not None


def classify(name: str, obj: SchemaObject, defined: set[str]) -> str:
    if name in defined:
        return "defined by the scripts"
    said = [f for f in obj.findings if (f.rule_id in REPORTING_RULES or f.effort is Effort.MANUAL)
            and names_it(f.message, name)]
    if said:
        return "reported (" + "/".join(sorted({f.rule_id for f in said})) + ")"
    if rewritten(name):
        return "rewritten"
    if name in oracle_sql.SAME_MEANING or name in SAME_PARSED:
        return "same in PostgreSQL"
    if name in FRONT_END:
        return "written by the PL/SQL front end"
    if name in variables(obj):
        return "a variable of the unit (v(i))"
    return "UNACCOUNTED"


def audit(root: Path) -> tuple[dict[str, Counter], list[str]]:
    """name -> Counter(outcome) over all corpora, and the unaccounted calls with where they are."""
    seen: list[tuple[SchemaObject, list[str]]] = []
    original = oracle_sql.convert_tree

    def spy(tree, obj, span, *args, **kwargs):
        seen.append((obj, call_names(tree)))
        return original(tree, obj, span, *args, **kwargs)

    table: dict[str, Counter] = defaultdict(Counter)
    unaccounted: list[str] = []
    oracle_sql.convert_tree = spy
    try:
        for corpus, files, encoding, defines in CORPORA:
            folder = root / "oracle" / corpus
            paths = [folder / f for f in files] if files else sorted(folder.glob("*.sql"))
            conversion = convert_paths(paths, encoding=encoding, defines=defines)
            defined = defined_names(conversion.objects)
            for obj, names in seen:
                for name in names:
                    outcome = classify(name, obj, defined)
                    table[name][outcome] += 1
                    if outcome == "UNACCOUNTED":
                        unaccounted.append(f"{corpus}: {name} in {obj.label} ({obj.span})")
            seen.clear()
    finally:
        oracle_sql.convert_tree = original
    return table, unaccounted


def test_every_builtin_call_in_the_corpora_is_accounted_for(shared_corpus):
    table, unaccounted = audit(shared_corpus)
    width = max(len(n) for n in table)
    print(f"\n{'call':<{width}}  outcome (calls)")
    for name in sorted(table):
        print(f"{name:<{width}}  " + ", ".join(f"{o} ({n})" for o, n in sorted(table[name].items())))
    totals: Counter = Counter()
    for outcomes in table.values():
        for outcome, n in outcomes.items():
            totals[outcome.split(" (")[0]] += n
    print("totals: " + ", ".join(f"{o}: {n}" for o, n in sorted(totals.items())) + f"; {len(table)} names")
    assert table, "the spy saw no calls: the rewriter is no longer reached through oracle_sql.convert_tree"
    assert not unaccounted, ("calls passed through without a conversion, a written same-meaning entry or a "
                             "finding:\n" + "\n".join(sorted(set(unaccounted))[:50]))


def test_the_audit_flags_an_unknown_oracle_name_and_accepts_a_reported_one():
    """The classification itself: a name nobody handles is UNACCOUNTED; a reported one names its rule."""
    from sct.converter.findings import fire
    from sct.converter.ir import QName, Span, View

    obj = View(QName(None, "v"), Span("t.sql", 1))
    assert classify("EQUALS_PATH", obj, set()) == "UNACCOUNTED"
    fire(obj, "OR398", message="Oracle function EQUALS_PATH has no conversion")
    assert classify("EQUALS_PATH", obj, set()) == "reported (OR398)"
    assert classify("NVL", obj, set()) == "rewritten"
    assert classify("UPPER", obj, set()) == "same in PostgreSQL"
    assert classify("MY_FUNC", obj, {"MY_FUNC"}) == "defined by the scripts"
    assert call_names(oracle_sql.parse_sql("SELECT NVL(a, 1), pkg.f(b), CAST(c AS DATE) FROM t",
                                           Span("t.sql", 1))) == ["NVL", "PKG.F", "CAST"]
