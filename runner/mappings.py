"""Table mappings: the AWS DMS table-mapping JSON users already write, read and applied to a source's tables.

    {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                "object-locator": {"schema-name": "hr", "table-name": "emp%"}, "rule-action": "include"}]}

`load_mappings` checks every rule up front (rule types and actions, object locators, filters, expressions,
data types, parallel-load settings) and raises `InputError` naming the file and the rule-id; nothing is
ignored silently. `Mappings.apply` turns the source's tables into `TableMapping`s: which tables are loaded,
their target schema, table and column names, the source-side WHERE of the filters, the added columns'
source-side expressions, changed data types and parallel-load key ranges. docs/migrate.md lists what is
supported and what is not.

Semantics, following DMS:
- At least one selection rule is required. A table is loaded when an include or explicit rule selects it and
  no exclude rule does: excludes win whatever the rule order. `%` matches any run of characters, `_` one
  character, `[ab]` / `[a-d]` a set or range, `[_]` a literal underscore; explicit rules take exact names.
  Names are case-sensitive, as in DMS. A table without a schema (SQLite) is in schema "main".
- Filters (include and explicit rules): filters are ANDed, the conditions of one filter ORed. Values become
  SQL literals of the source dialect: numbers stay bare for numeric columns (a value that is not a number
  there is an error), everything else is a string literal escaped for that dialect (see `sql_string`).
- Transformations match source names (the object-locator names the source objects) and are applied in
  ascending numeric rule-id order, each seeing the name the previous ones made: `convert-lowercase` on `%`
  (rule 2) then `add-prefix` `t_` (rule 3) gives `t_emp` for `EMP`.
- add-column expressions: DMS's SQLite-like syntax, a subset (see `parse_expression`), becomes a source-side
  SQL expression in the source dialect, so the source computes the value.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sct.errors import InputError
from sct.runner.model import KeyRange, TableInfo, TableMapping

RULE_TYPES = ("selection", "transformation", "table-settings")
SELECTION_ACTIONS = ("include", "exclude", "explicit")
NAME_ACTIONS = ("rename", "convert-lowercase", "convert-uppercase", "add-prefix", "remove-prefix",
                "replace-prefix", "add-suffix", "remove-suffix", "replace-suffix")
COLUMN_ACTIONS = ("remove-column", "include-column", "add-column", "change-data-type")
TRANSFORMATION_ACTIONS = NAME_ACTIONS + COLUMN_ACTIONS
TARGETS = ("schema", "table", "column")
# DMS rule actions and targets that exist but sct does not carry out: named in the error, never ignored
UNSUPPORTED_ACTIONS = {
    "define-primary-key": "the target's keys come from the converted schema",
    "add-before-image-columns": "before-image columns are for change data capture; sct does full loads",
    "data-masking-digits-mask": "data masking is not supported; mask the data before or after the load",
    "data-masking-digits-randomize": "data masking is not supported; mask the data before or after the load",
    "data-masking-hash-mask": "data masking is not supported; mask the data before or after the load",
}
UNSUPPORTED_TARGETS = {
    "table-tablespace": "tablespaces are not mapped; place tables with the converted schema",
    "index-tablespace": "tablespaces are not mapped; place indexes with the converted schema",
}
FILTER_OPERATORS = ("eq", "noteq", "gte", "lte", "ste", "between", "notbetween", "null", "notnull")
NEGATIVE_OPERATORS = ("noteq", "notbetween", "notnull")
PARALLEL_TYPES = ("ranges", "partitions-auto", "subpartitions-auto", "none")

# the keys each part of a rule may have (DMS keys sct accepts; anything else is an error with a did-you-mean)
COMMON_KEYS = {"rule-type", "rule-id", "rule-name", "rule-action", "object-locator", "description"}
SELECTION_KEYS = COMMON_KEYS | {"filters", "load-order"}
TRANSFORMATION_KEYS = COMMON_KEYS | {"rule-target", "value", "old-value", "expression", "data-type",
                                    "primary-key-def", "before-image-def"}
TABLE_SETTINGS_KEYS = COMMON_KEYS | {"parallel-load", "lob-settings"}
LOCATOR_KEYS = {"schema-name", "table-name", "column-name", "table-type", "data-type",
                "table-tablespace-name", "index-tablespace-name"}
FILTER_KEYS = {"filter-type", "column-name", "filter-conditions"}
CONDITION_KEYS = {"filter-operator", "value", "start-value", "end-value"}
PARALLEL_KEYS = {"type", "columns", "boundaries", "partitions", "subpartitions"}
LOB_KEYS = {"mode", "bulk-max-size"}
DATA_TYPE_KEYS = {"type", "length", "precision", "scale"}

DIALECTS = {"postgresql": "postgresql", "postgres": "postgresql", "pg": "postgresql",
            "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite", "sqlite3": "sqlite"}

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NUMERIC_TYPES = {"int", "integer", "tinyint", "smallint", "mediumint", "bigint", "int2", "int4", "int8",
                  "decimal", "numeric", "dec", "fixed", "float", "float4", "float8", "double", "real",
                  "double precision", "serial", "smallserial", "bigserial", "bool", "boolean"}
_INTEGER_TYPES = {"int", "integer", "tinyint", "smallint", "mediumint", "bigint", "int2", "int4", "int8",
                  "serial", "smallserial", "bigserial"}
_EXACT_TYPES = {"decimal", "numeric", "dec", "fixed"}


# ---------------------------------------------------------------------------------------------- loading

def load_mappings(source: str | Path | Mapping, *, name: str | None = None) -> Mappings:
    """Read and check DMS table mappings.

    `source` is the path of a JSON file (a str starting with `{` is taken as JSON text), or the mappings
    already parsed (a task file's inline `mappings:`). `name` is how messages name the mappings (default:
    the path, or "table mappings"). Raises InputError naming the file and the rule-id on any mistake.
    """
    if isinstance(source, Mapping):
        label = name or "table mappings"
        document: Any = source
    elif isinstance(source, str) and source.lstrip().startswith("{"):
        label = name or "table mappings"
        document = _parse_json(source, label)
    else:
        path = Path(source)
        label = name or str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{label}: file not found") from None
        except IsADirectoryError:
            raise InputError(f"{label}: is a folder, not a table-mapping JSON file") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{label}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        except OSError as e:
            raise InputError(f"{label}: cannot read the file ({e.strerror or e})") from None
        document = _parse_json(text, label)
    return Mappings(_check_document(document, label), label)


def _parse_json(text: str, label: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise InputError(f"{label}: key {key!r} appears twice in one object")
            seen[key] = value
        return seen

    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as e:
        raise InputError(f"{label}: not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None


@dataclass
class Rule:
    """One checked rule. `where` names it in messages: "rule 3" (or "rules[2]" before its id is known)."""

    rule_id: int
    where: str
    rule_type: str
    action: str
    locator: dict[str, str]
    raw: dict
    target: str | None = None                          # transformation rule-target
    filters: list[list[tuple[str, str, tuple]]] = field(default_factory=list)   # [[(column, op, values)]]
    expression: Expr | None = None                     # add-column
    data_type: dict | None = None                      # add-column, change-data-type
    parallel: dict | None = None                       # table-settings parallel-load

    def names_exactly(self, table: TableInfo) -> bool:
        """The rule names this table as it is (explicit, or schema-name and table-name equal to its names,
        read without wildcards): such a rule decides over rules that match it by pattern."""
        return self.locator.get("schema-name") == _schema_of(table) and self.locator.get("table-name") == table.name


def _check_document(document: Any, label: str) -> list[Rule]:
    if not isinstance(document, Mapping):
        raise InputError(f'{label}: table mappings are a JSON object {{"rules": [...]}}, '
                         f"not {_json_kind(document)}")
    _no_unknown_keys(document, {"rules"}, f"{label}")
    rules_json = document.get("rules")
    if rules_json is None:
        raise InputError(f'{label}: "rules" is missing (table mappings are {{"rules": [...]}})')
    if not isinstance(rules_json, list):
        raise InputError(f'{label}: "rules" must be a list of rules, not {_json_kind(rules_json)}')
    rules: list[Rule] = []
    seen: dict[int, str] = {}
    for index, raw in enumerate(rules_json):
        rule = _check_rule(raw, index, label)
        if rule.rule_id in seen:
            raise InputError(f"{label}: {rule.where}: duplicate rule-id (also used by the rule at "
                             f"{seen[rule.rule_id]})")
        seen[rule.rule_id] = f"rules[{index}]"
        rules.append(rule)
    if not any(r.rule_type == "selection" for r in rules):
        raise InputError(f"{label}: no selection rule: DMS table mappings need at least one (for everything: "
                         '{"rule-type": "selection", "rule-id": "1", "rule-name": "all", '
                         '"object-locator": {"schema-name": "%", "table-name": "%"}, "rule-action": "include"})')
    return rules


def _check_rule(raw: Any, index: int, label: str) -> Rule:
    at = f"rules[{index}]"
    if not isinstance(raw, Mapping):
        raise InputError(f"{label}: {at}: a rule is a JSON object, not {_json_kind(raw)}")
    rule_id_value = raw.get("rule-id")
    if rule_id_value is None:
        raise InputError(f"{label}: {at}: rule-id is missing")
    if isinstance(rule_id_value, bool) or not (
            isinstance(rule_id_value, int) or (isinstance(rule_id_value, str)
                                               and re.fullmatch(r"\s*\d+\s*", rule_id_value))):
        raise InputError(f"{label}: {at}: rule-id must be a number such as \"1\", not {rule_id_value!r}")
    rule_id = int(rule_id_value)
    where = f"rule {rule_id}"
    err = f"{label}: {where}"

    rule_type = raw.get("rule-type")
    if rule_type not in RULE_TYPES:
        if rule_type is None:
            raise InputError(f"{err}: rule-type is missing ({', '.join(RULE_TYPES)})")
        raise InputError(f"{err}: unknown rule-type {rule_type!r}{_did_you_mean(rule_type, RULE_TYPES)} "
                         f"(sct supports {', '.join(RULE_TYPES)})")
    allowed = {"selection": SELECTION_KEYS, "transformation": TRANSFORMATION_KEYS,
               "table-settings": TABLE_SETTINGS_KEYS}[rule_type]
    _no_unknown_keys(raw, allowed, err)

    locator_raw = raw.get("object-locator")
    if locator_raw is None:
        raise InputError(f"{err}: object-locator is missing")
    if not isinstance(locator_raw, Mapping):
        raise InputError(f"{err}: object-locator must be an object, not {_json_kind(locator_raw)}")
    _no_unknown_keys(locator_raw, LOCATOR_KEYS, f"{err}: object-locator")
    locator: dict[str, str] = {}
    for key, value in locator_raw.items():
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            raise InputError(f"{err}: object-locator {key} must be a non-empty string")
        locator[key] = value

    if rule_type == "selection":
        action = raw.get("rule-action")
        _check_action(action, SELECTION_ACTIONS, err)
        rule = Rule(rule_id, where, rule_type, action, locator, dict(raw))
        _check_selection(rule, err)
    elif rule_type == "transformation":
        action = raw.get("rule-action")
        if action in UNSUPPORTED_ACTIONS:
            raise InputError(f"{err}: rule-action {action!r} is not supported: {UNSUPPORTED_ACTIONS[action]}")
        _check_action(action, TRANSFORMATION_ACTIONS, err)
        rule = Rule(rule_id, where, rule_type, action, locator, dict(raw))
        _check_transformation(rule, err)
    else:
        action = raw.get("rule-action", "define")
        if action is None:
            action = "define"
        if action != "define":
            raise InputError(f"{err}: a table-settings rule's rule-action is \"define\", not {action!r}")
        rule = Rule(rule_id, where, rule_type, action, locator, dict(raw))
        _check_table_settings(rule, err)
    return rule


def _check_action(action: Any, allowed: tuple[str, ...], err: str) -> None:
    if action is None:
        raise InputError(f"{err}: rule-action is missing ({', '.join(allowed)})")
    if action not in allowed:
        raise InputError(f"{err}: unknown rule-action {action!r}{_did_you_mean(str(action), allowed)} "
                         f"(this rule-type takes {', '.join(allowed)})")


def _need_names(rule: Rule, keys: tuple[str, ...], err: str) -> None:
    for key in keys:
        if key not in rule.locator:
            raise InputError(f"{err}: object-locator needs {key}")


def _check_selection(rule: Rule, err: str) -> None:
    _need_names(rule, ("schema-name", "table-name"), err)
    for key in ("column-name", "data-type", "table-tablespace-name", "index-tablespace-name"):
        if key in rule.locator:
            raise InputError(f"{err}: a selection rule's object-locator takes schema-name and table-name, "
                             f"not {key}")
    table_type = rule.locator.get("table-type", "table")
    if table_type == "view":
        raise InputError(f"{err}: table-type \"view\" is not supported: sct loads tables (the views come "
                         "with the converted schema)")
    if table_type not in ("table", "all"):
        raise InputError(f"{err}: table-type must be table, view or all, not {table_type!r}")
    if rule.action == "explicit":
        for key in ("schema-name", "table-name"):
            if "%" in rule.locator[key]:
                raise InputError(f"{err}: an explicit rule names one table exactly; {key} "
                                 f"{rule.locator[key]!r} has a wildcard (use \"include\" for patterns)")
    load_order = rule.raw.get("load-order")
    if load_order is not None and not (isinstance(load_order, int) and not isinstance(load_order, bool)
                                       or isinstance(load_order, str) and load_order.strip().isdigit()):
        raise InputError(f"{err}: load-order must be a number, not {load_order!r}")
    filters = rule.raw.get("filters")
    if filters is None:
        return
    if not isinstance(filters, list):
        raise InputError(f"{err}: filters must be a list, not {_json_kind(filters)}")
    if filters and rule.action == "exclude":
        raise InputError(f"{err}: filters apply to include and explicit rules only (DMS does not apply them "
                         "on exclude rules); move them to the include rule")
    for n, f in enumerate(filters):
        rule.filters.append(_check_filter(f, f"{err}: filters[{n}]"))


def _check_filter(raw: Any, err: str) -> list[tuple[str, str, tuple]]:
    if not isinstance(raw, Mapping):
        raise InputError(f"{err}: a filter is an object, not {_json_kind(raw)}")
    _no_unknown_keys(raw, FILTER_KEYS, err)
    filter_type = raw.get("filter-type", "source")
    if filter_type != "source":
        raise InputError(f"{err}: filter-type must be \"source\", not {filter_type!r}")
    column = raw.get("column-name")
    if not isinstance(column, str) or not column:
        raise InputError(f"{err}: column-name is missing")
    conditions = raw.get("filter-conditions")
    if not isinstance(conditions, list) or not conditions:
        raise InputError(f"{err}: filter-conditions must be a non-empty list")
    out = []
    for n, cond in enumerate(conditions):
        at = f"{err}: filter-conditions[{n}]"
        if not isinstance(cond, Mapping):
            raise InputError(f"{at}: a filter condition is an object, not {_json_kind(cond)}")
        _no_unknown_keys(cond, CONDITION_KEYS, at)
        op = cond.get("filter-operator")
        if op not in FILTER_OPERATORS:
            if op is None:
                raise InputError(f"{at}: filter-operator is missing ({', '.join(FILTER_OPERATORS)})")
            raise InputError(f"{at}: unknown filter-operator {op!r}{_did_you_mean(str(op), FILTER_OPERATORS)} "
                             f"({', '.join(FILTER_OPERATORS)})")
        if op in ("between", "notbetween"):
            names = ("start-value", "end-value")
            stray = ("value",)
        elif op in ("null", "notnull"):
            names, stray = (), ("value", "start-value", "end-value")
        else:
            names, stray = ("value",), ("start-value", "end-value")
        for key in stray:
            if cond.get(key) not in (None, ""):
                raise InputError(f"{at}: filter-operator {op} takes no {key}")
        values = []
        for key in names:
            value = cond.get(key)
            if value is None:
                raise InputError(f"{at}: filter-operator {op} needs {key}")
            if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
                raise InputError(f"{at}: {key} must be a string or a number, not {_json_kind(value)}")
            values.append(value if isinstance(value, str) else _number_text(value))
        out.append((column, op, tuple(values)))
    negative = [op for _, op, _ in out if op in NEGATIVE_OPERATORS]
    if negative and len(out) > 1:
        raise InputError(f"{err}: a filter with a negative operator ({negative[0]}) takes only that one "
                         "condition (DMS); use a second filter for another condition (filters are ANDed)")
    return out


def _check_transformation(rule: Rule, err: str) -> None:
    target = rule.raw.get("rule-target")
    if target in UNSUPPORTED_TARGETS:
        raise InputError(f"{err}: rule-target {target!r} is not supported: {UNSUPPORTED_TARGETS[target]}")
    if target not in TARGETS:
        if target is None:
            raise InputError(f"{err}: rule-target is missing ({', '.join(TARGETS)})")
        raise InputError(f"{err}: unknown rule-target {target!r}{_did_you_mean(str(target), TARGETS)} "
                         f"({', '.join(TARGETS)})")
    rule.target = target
    if rule.action in COLUMN_ACTIONS and target != "column":
        raise InputError(f"{err}: rule-action {rule.action} needs rule-target \"column\", not {target!r}")
    if rule.raw.get("primary-key-def") is not None or rule.raw.get("before-image-def") is not None:
        key = "primary-key-def" if rule.raw.get("primary-key-def") is not None else "before-image-def"
        raise InputError(f"{err}: {key} belongs to a rule-action sct does not support")
    for key in ("table-tablespace-name", "index-tablespace-name"):
        if key in rule.locator:
            raise InputError(f"{err}: object-locator {key} is not supported (tablespaces are not mapped)")
    if "data-type" in rule.locator:
        raise InputError(f"{err}: object-locator data-type (choosing columns by DMS data type) is not "
                         "supported; name the columns with column-name")
    if "table-type" in rule.locator:
        raise InputError(f"{err}: object-locator table-type belongs to selection rules")
    _need_names(rule, ("schema-name",), err)
    if target in ("table", "column"):
        _need_names(rule, ("table-name",), err)
    if target == "column" and rule.action != "add-column":
        _need_names(rule, ("column-name",), err)
    if target != "column" and "column-name" in rule.locator:
        raise InputError(f"{err}: object-locator column-name needs rule-target \"column\"")
    if rule.action == "add-column" and "column-name" in rule.locator:
        raise InputError(f"{err}: add-column names the new column in \"value\"; object-locator takes "
                         "schema-name and table-name")

    value, old = rule.raw.get("value"), rule.raw.get("old-value")
    needs_value = rule.action in ("rename", "add-prefix", "remove-prefix", "replace-prefix", "add-suffix",
                                  "remove-suffix", "replace-suffix", "add-column")
    if needs_value and (not isinstance(value, str) or not value):
        raise InputError(f"{err}: rule-action {rule.action} needs \"value\" (a non-empty string)")
    if rule.action in ("replace-prefix", "replace-suffix") and (not isinstance(old, str) or not old):
        raise InputError(f"{err}: rule-action {rule.action} needs \"old-value\" (the text to replace)")
    if rule.action not in ("replace-prefix", "replace-suffix") and old not in (None, "", "null"):
        raise InputError(f"{err}: \"old-value\" belongs to replace-prefix and replace-suffix")
    if not needs_value and value not in (None, "", "null"):
        raise InputError(f"{err}: rule-action {rule.action} takes no \"value\"")

    expression, data_type = rule.raw.get("expression"), rule.raw.get("data-type")
    if rule.action == "add-column":
        if expression is not None:
            if not isinstance(expression, str) or not expression.strip():
                raise InputError(f"{err}: expression must be a non-empty string")
            rule.expression = parse_expression(expression, err)
        if data_type is None:
            raise InputError(f"{err}: add-column needs \"data-type\" (the new column's type, e.g. "
                             '{"type": "string", "length": 50})')
    elif expression is not None:
        raise InputError(f"{err}: \"expression\" is supported with add-column only")
    if rule.action == "change-data-type" and data_type is None:
        raise InputError(f"{err}: change-data-type needs \"data-type\"")
    if data_type is not None:
        if rule.action not in ("add-column", "change-data-type"):
            raise InputError(f"{err}: \"data-type\" belongs to add-column and change-data-type")
        rule.data_type = _check_data_type(data_type, err)


def _check_table_settings(rule: Rule, err: str) -> None:
    _need_names(rule, ("schema-name", "table-name"), err)
    for key in ("column-name", "data-type", "table-type", "table-tablespace-name", "index-tablespace-name"):
        if key in rule.locator:
            raise InputError(f"{err}: a table-settings rule's object-locator takes schema-name and "
                             f"table-name, not {key}")
    lob = rule.raw.get("lob-settings")
    if lob is not None:
        # accepted so DMS mappings load unchanged; sct always copies LOBs whole, never truncated
        if not isinstance(lob, Mapping):
            raise InputError(f"{err}: lob-settings must be an object")
        _no_unknown_keys(lob, LOB_KEYS, f"{err}: lob-settings")
    parallel = rule.raw.get("parallel-load")
    if parallel is None:
        if lob is None:
            raise InputError(f"{err}: a table-settings rule needs parallel-load (or lob-settings)")
        return
    if not isinstance(parallel, Mapping):
        raise InputError(f"{err}: parallel-load must be an object")
    at = f"{err}: parallel-load"
    _no_unknown_keys(parallel, PARALLEL_KEYS, at)
    kind = parallel.get("type")
    if kind == "partitions-list":
        raise InputError(f"{at}: type partitions-list is not supported (sct reads no partitions); use "
                         "\"ranges\" with boundaries, or \"partitions-auto\" to let sct split by key ranges")
    if kind not in PARALLEL_TYPES:
        if kind is None:
            raise InputError(f"{at}: type is missing ({', '.join(PARALLEL_TYPES)})")
        raise InputError(f"{at}: unknown type {kind!r}{_did_you_mean(str(kind), PARALLEL_TYPES)} "
                         f"({', '.join(PARALLEL_TYPES)})")
    for key in ("partitions", "subpartitions"):
        if parallel.get(key) is not None:
            raise InputError(f"{at}: {key} belongs to type partitions-list, which sct does not support")
    columns, boundaries = parallel.get("columns"), parallel.get("boundaries")
    if kind != "ranges":
        if columns is not None or boundaries is not None:
            raise InputError(f"{at}: columns and boundaries belong to type \"ranges\"")
        rule.parallel = {"type": kind}
        return
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
        raise InputError(f"{at}: type ranges needs columns (a list of column names)")
    if len(columns) > 1:
        raise InputError(f"{at}: ranges on {len(columns)} columns are not supported; sct splits on one "
                         "column (a single-column key)")
    if not isinstance(boundaries, list) or not boundaries:
        raise InputError(f"{at}: type ranges needs boundaries (a list of [value] arrays, one per cut)")
    values = []
    for n, b in enumerate(boundaries):
        if not isinstance(b, list) or len(b) != len(columns):
            raise InputError(f"{at}: boundaries[{n}] must be an array of {len(columns)} value(s), one per "
                             f"column, like [\"1000\"]")
        v = b[0]
        if isinstance(v, bool) or not isinstance(v, str | int | float | Decimal) or v == "":
            raise InputError(f"{at}: boundaries[{n}] must hold a string or a number")
        values.append(v if isinstance(v, str) else _number_text(v))
    rule.parallel = {"type": "ranges", "column": columns[0], "boundaries": values}


def _check_data_type(raw: Any, err: str) -> dict:
    if not isinstance(raw, Mapping):
        raise InputError(f"{err}: data-type must be an object like {{\"type\": \"string\", \"length\": 50}}")
    _no_unknown_keys(raw, DATA_TYPE_KEYS, f"{err}: data-type")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind.lower() not in DMS_TYPES:
        known = sorted(DMS_TYPES)
        hint = _did_you_mean(str(kind), known) if isinstance(kind, str) else ""
        raise InputError(f"{err}: data-type type {kind!r} is not a DMS data type sct maps{hint} "
                         f"({', '.join(known)})")
    out: dict[str, Any] = {"type": kind.lower()}
    for key in ("length", "precision", "scale"):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError(f"{err}: data-type {key} must be a whole number >= 0, not {value!r}")
        out[key] = value
    if "scale" in out and "precision" not in out:
        raise InputError(f"{err}: data-type scale needs precision")
    if "precision" in out and "scale" in out and out["scale"] > out["precision"]:
        raise InputError(f"{err}: data-type scale ({out['scale']}) is larger than precision "
                         f"({out['precision']})")
    return out


# ---------------------------------------------------------------------------------------------- applying

class Mappings:
    """Checked table mappings; `apply` maps a source's tables. After `apply`, `warnings` lists rules that
    matched nothing (a likely typo, e.g. in the name's case), one line each."""

    def __init__(self, rules: list[Rule], name: str):
        self.rules = rules
        self.name = name
        self.warnings: list[str] = []

    def __repr__(self) -> str:
        return f"Mappings({self.name!r}, {len(self.rules)} rules)"

    def apply(self, tables: list[TableInfo], quote: Callable[[str], str], dialect: str, *,
              target_dialect: str = "postgresql") -> list[TableMapping]:
        """The tables the selection rules select, in `tables` order, each with its target names, filter,
        added columns, changed data types and parallel-load ranges.

        `quote` quotes an identifier for the source; `dialect` is the source's (postgresql, mysql/mariadb,
        sqlite), used for the WHERE and expressions; `target_dialect` is the target's, used to spell
        change-data-type and add-column data types. Raises InputError (naming the rule-id) when a rule
        cannot apply to a table it selects: a filter or expression on a column the table lacks, a name
        clash, a value that is not a number for a numeric column, a parallel-load column that can be NULL.
        """
        source_dialect = _dialect(dialect)
        target = _dialect(target_dialect)
        self.warnings = []
        used: set[int] = set()
        selections = [r for r in self.rules if r.rule_type == "selection"]
        transformations = sorted((r for r in self.rules if r.rule_type == "transformation"),
                                 key=lambda r: r.rule_id)
        settings = sorted((r for r in self.rules if r.rule_type == "table-settings"), key=lambda r: r.rule_id)

        out: list[TableMapping] = []
        for table in tables:
            includes, excluded = [], False
            for rule in selections:
                if _selects(rule, table):
                    used.add(rule.rule_id)
                    if rule.action == "exclude":
                        excluded = True
                    else:
                        includes.append(rule)
            if excluded or not includes:
                continue
            out.append(self._map_table(table, includes, transformations, settings, used, quote,
                                       source_dialect, target))

        for rule in selections:
            if rule.rule_id in used:
                continue
            hint = _case_hint(rule, tables)
            if rule.action == "explicit":
                raise InputError(f"{self.name}: {rule.where}: no table "
                                 f"{rule.locator['schema-name']}.{rule.locator['table-name']} in the source"
                                 f"{hint}")
            self.warnings.append(f"{self.name}: {rule.where}: {rule.action} "
                                 f"{rule.locator['schema-name']}.{rule.locator['table-name']} matches no "
                                 f"table{hint}")
        if not out:
            raise InputError(f"{self.name}: the selection rules select no table of the source"
                             + (f" ({len(tables)} tables there)" if tables else " (it has no tables)"))
        for rule in transformations + settings:
            if rule.rule_id not in used:
                self.warnings.append(f"{self.name}: {rule.where}: {rule.action} matches nothing among the "
                                     "selected tables")
        self._check_clashes(out)
        return out

    def _map_table(self, table: TableInfo, includes: list[Rule], transformations: list[Rule],
                   settings: list[Rule], used: set[int], quote: Callable[[str], str], dialect: str,
                   target_dialect: str) -> TableMapping:
        err = f"{self.name}"
        # the rows to load: a rule naming the table exactly (explicit, or include without wildcards) wins over
        # rules with wildcards; among equals, filters on one of several rules are ambiguous
        exact = [r for r in includes if r.action == "explicit" or r.names_exactly(table)]
        deciding = exact or includes
        filtered = [r for r in deciding if r.filters]
        if filtered and len(deciding) > 1:
            ids = ", ".join(str(r.rule_id) for r in deciding)
            raise InputError(f"{err}: rules {ids} all select {table.key} and rule {filtered[0].rule_id} has "
                             "filters: which rows to load is ambiguous; make one rule name the table exactly")
        where = None
        if filtered:
            where = _where(filtered[0], table, quote, dialect, f"{err}: {filtered[0].where}")

        schema, name = table.schema, table.name
        columns = [[c.name, c.name, None] for c in table.columns]     # source, target, expression
        removed: set[int] = set()
        included: set[int] | None = None
        added: list[tuple[Rule, str]] = []
        types: dict[int | str, tuple[Rule, dict]] = {}                  # column index or added name
        for rule in transformations:
            if not _matches(rule, table):
                continue
            if rule.target == "schema":
                used.add(rule.rule_id)
                schema = _rename(schema, rule) if schema is not None or rule.action == "rename" else schema
            elif rule.target == "table":
                used.add(rule.rule_id)
                name = _rename(name, rule)
            elif rule.action == "add-column":
                used.add(rule.rule_id)
                added.append((rule, rule.raw["value"]))
            else:
                pattern = rule.locator["column-name"]
                for i, col in enumerate(table.columns):
                    if not _like(pattern, col.name):
                        continue
                    used.add(rule.rule_id)
                    if rule.action == "remove-column":
                        removed.add(i)
                    elif rule.action == "include-column":
                        included = (included or set()) | {i}
                    elif rule.action == "change-data-type":
                        types[i] = (rule, rule.data_type)
                    else:
                        columns[i][1] = _rename(columns[i][1], rule)

        mapped: list[tuple[str | None, str, str | None]] = []
        column_types: dict[str, str] = {}
        owner: dict[str, str] = {}                       # target column -> what made it (for clash messages)
        for i, (src, tgt, _) in enumerate(columns):
            if i in removed or (included is not None and i not in included):
                continue
            self._claim(owner, tgt, f"column {src}", table)
            mapped.append((src, tgt, None))
            if i in types:
                rule, data_type = types[i]
                column_types[tgt] = _sql_type(data_type, target_dialect, f"{err}: {rule.where}")
        for rule, new_name in added:
            self._claim(owner, new_name, f"the column added by {rule.where}", table)
            expr = "NULL" if rule.expression is None else \
                _emit(rule.expression, table, quote, dialect, f"{err}: {rule.where}")
            mapped.append((None, new_name, expr))
            column_types[new_name] = _sql_type(rule.data_type, target_dialect, f"{err}: {rule.where}")
        if not mapped:
            raise InputError(f"{err}: every column of {table.key} is removed by the transformation rules")

        mapping = TableMapping(source=table, target_schema=schema, target_name=name, columns=mapped,
                               where=where, column_types=column_types)
        self._parallel(mapping, table, settings, used)
        return mapping

    def _claim(self, owner: dict[str, str], target: str, what: str, table: TableInfo) -> None:
        if target in owner:
            raise InputError(f"{self.name}: {table.key}: {owner[target]} and {what} would both be target "
                             f"column {target!r}")
        owner[target] = what

    def _parallel(self, mapping: TableMapping, table: TableInfo, settings: list[Rule], used: set[int]) -> None:
        matching = [r for r in settings if _matches(r, table) and r.parallel is not None]
        for r in settings:
            if _matches(r, table):
                used.add(r.rule_id)
        if not matching:
            return
        exact = [r for r in matching if r.names_exactly(table)]
        chosen = exact or matching
        if len(chosen) > 1:
            ids = ", ".join(str(r.rule_id) for r in chosen)
            raise InputError(f"{self.name}: rules {ids} all set parallel-load for {table.key}; keep one (a rule "
                             "naming the table exactly wins over one with wildcards)")
        rule = chosen[0]
        err = f"{self.name}: {rule.where}"
        kind = rule.parallel["type"]
        if kind == "none":
            mapping.ranges = []                # no ranges: one unit (plan_units splits only when ranges is None)
            _set_parallel(mapping, "none")
            return
        if kind in ("partitions-auto", "subpartitions-auto"):
            _set_parallel(mapping, "auto")
            return
        column = rule.parallel["column"]
        info = table.column(column)
        if info is None:
            raise InputError(f"{err}: parallel-load column {column!r} is not a column of {table.key}"
                             f"{_did_you_mean(column, [c.name for c in table.columns])}")
        if info.nullable and column not in table.primary_key:
            raise InputError(f"{err}: parallel-load column {column!r} of {table.key} can be NULL, and rows "
                             "with NULL there would fall in no range; choose a NOT NULL column (the key)")
        kind_of = _base_type(info.source_type)
        values = [_boundary(v, kind_of, f"{err}: parallel-load boundaries") for v in rule.parallel["boundaries"]]
        if kind_of in _INTEGER_TYPES | _EXACT_TYPES | {"float", "double", "real", "float4", "float8",
                                                      "double precision"}:
            for a, b in zip(values, values[1:], strict=False):
                if not a < b:
                    raise InputError(f"{err}: parallel-load boundaries must increase ({a} then {b})")
        elif len(set(values)) != len(values):
            raise InputError(f"{err}: parallel-load boundaries repeat a value")
        edges: list[Any] = [None, *values, None]
        mapping.ranges = [KeyRange(column, low, high) for low, high in zip(edges, edges[1:], strict=False)]
        _set_parallel(mapping, "ranges")

    def _check_clashes(self, out: list[TableMapping]) -> None:
        seen: dict[tuple[str | None, str], TableMapping] = {}
        for m in out:
            key = (m.target_schema, m.target_name)
            if key in seen:
                other = seen[key]
                target = f"{m.target_schema}.{m.target_name}" if m.target_schema else m.target_name
                raise InputError(f"{self.name}: {other.source.key} and {m.source.key} would both load into "
                                 f"{target} (DMS does not load two tables into one either); change the "
                                 "transformation rules")
            seen[key] = m


def _set_parallel(mapping: TableMapping, kind: str) -> None:
    """TableMapping.parallel_load: "ranges" (mapping.ranges set), "auto" (partitions-auto: split by key ranges
    the way chunk_rows does) or "none" (load the table as one unit); None when no rule says."""
    mapping.parallel_load = kind


def _boundary(value: str, kind: str, err: str) -> Any:
    text = value.strip()
    if kind in _INTEGER_TYPES:
        if not _INTEGER.fullmatch(text):
            raise InputError(f"{err}: {value!r} is not a whole number (the column is {kind})")
        return int(text)
    if kind in _EXACT_TYPES:
        if not _NUMBER.fullmatch(text):
            raise InputError(f"{err}: {value!r} is not a number (the column is {kind})")
        return Decimal(text)
    if kind in ("float", "double", "real", "float4", "float8", "double precision"):
        if not _NUMBER.fullmatch(text):
            raise InputError(f"{err}: {value!r} is not a number (the column is {kind})")
        return float(text)
    return value


# ---------------------------------------------------------------------------------------------- names

def _like_regex(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        end = pattern.find("]", i + 2) if ch == "[" else -1
        if ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        elif end != -1:                                  # [ab], [a-d], [_]: a set of characters
            body, parts, j = pattern[i + 1:end], [], 0
            while j < len(body):
                if j + 2 < len(body) and body[j + 1] == "-":
                    parts.append(f"{re.escape(body[j])}-{re.escape(body[j + 2])}")
                    j += 3
                else:
                    parts.append(re.escape(body[j]))
                    j += 1
            out.append(f"[{''.join(parts)}]")
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


_LIKE_CACHE: dict[str, re.Pattern] = {}


def _like(pattern: str, name: str | None) -> bool:
    """DMS name matching: % any run, _ one character, [ab] [a-d] sets, [_] a literal underscore."""
    regex = _LIKE_CACHE.get(pattern)
    if regex is None:
        regex = _LIKE_CACHE[pattern] = _like_regex(pattern)
    return regex.fullmatch(name or "") is not None


def _schema_of(table: TableInfo) -> str:
    """The schema name rules match: a table without one (SQLite) is in "main", SQLite's name for it."""
    return table.schema if table.schema is not None else "main"


def _selects(rule: Rule, table: TableInfo) -> bool:
    if rule.action == "explicit":
        return rule.names_exactly(table)
    return _like(rule.locator["schema-name"], _schema_of(table)) and _like(rule.locator["table-name"], table.name)


def _matches(rule: Rule, table: TableInfo) -> bool:
    return _like(rule.locator["schema-name"], _schema_of(table)) and _like(rule.locator.get("table-name", "%"),
                                                                           table.name)


def _rename(name: str, rule: Rule) -> str:
    value, old, action = rule.raw.get("value"), rule.raw.get("old-value"), rule.action
    if action == "rename":
        return value
    if action == "convert-lowercase":
        return name.lower()
    if action == "convert-uppercase":
        return name.upper()
    if action == "add-prefix":
        return value + name
    if action == "add-suffix":
        return name + value
    if action == "remove-prefix":
        return name[len(value):] if name.startswith(value) and len(name) > len(value) else name
    if action == "remove-suffix":
        return name[:-len(value)] if name.endswith(value) and len(name) > len(value) else name
    if action == "replace-prefix":
        return value + name[len(old):] if name.startswith(old) else name
    if action == "replace-suffix":
        return name[:-len(old)] + value if name.endswith(old) else name
    raise AssertionError(action)


def _case_hint(rule: Rule, tables: list[TableInfo]) -> str:
    """" (names are case-sensitive: did you mean hr.emp?)" when the rule would match a table ignoring case."""
    schema, name = rule.locator["schema-name"].lower(), rule.locator["table-name"].lower()
    for t in tables:
        if rule.action == "explicit":
            hit = schema == _schema_of(t).lower() and name == t.name.lower()
        else:
            hit = _like(schema, _schema_of(t).lower()) and _like(name, t.name.lower())
        if hit:
            return f" (names are case-sensitive: did you mean {t.key}?)"
    return ""


# ---------------------------------------------------------------------------------------------- filters

_CONDITIONS = {"eq": "{} = {}", "noteq": "{} <> {}", "gte": "{} >= {}", "lte": "{} <= {}", "ste": "{} <= {}",
               "between": "{} BETWEEN {} AND {}", "notbetween": "{} NOT BETWEEN {} AND {}",
               "null": "{} IS NULL", "notnull": "{} IS NOT NULL"}


def _where(rule: Rule, table: TableInfo, quote: Callable[[str], str], dialect: str, err: str) -> str:
    parts = []
    for conditions in rule.filters:
        ors = []
        for column, op, values in conditions:
            info = table.column(column)
            if info is None:
                raise InputError(f"{err}: filter column {column!r} is not a column of {table.key}"
                                 f"{_did_you_mean(column, [c.name for c in table.columns])}")
            col = quote(column)
            lits = [_filter_literal(v, info.source_type, dialect, f"{err}: filter on {column}") for v in values]
            ors.append(_CONDITIONS[op].format(col, *lits))
        parts.append(ors[0] if len(ors) == 1 else " OR ".join(f"({o})" for o in ors))
    if len(parts) == 1:
        return parts[0] if len(rule.filters[0]) == 1 else f"({parts[0]})"
    return " AND ".join(f"({p})" for p in parts)


def _base_type(source_type: str) -> str:
    t = re.sub(r"\(.*?\)", "", source_type.lower())
    t = re.sub(r"\b(unsigned|signed|zerofill)\b", "", t)
    return " ".join(t.split())


def _filter_literal(value: str, source_type: str, dialect: str, err: str) -> str:
    try:
        return _literal_for(value, source_type, dialect, err)
    except InputError as e:
        if str(e).startswith(err):
            raise
        raise InputError(f"{err}: {e}") from None


def _literal_for(value: str, source_type: str, dialect: str, err: str) -> str:
    base = _base_type(source_type)
    if base in _NUMERIC_TYPES:
        text = value.strip()
        if base in ("bool", "boolean") or source_type.lower().startswith("tinyint(1)"):
            if text.lower() in ("true", "false"):
                return "TRUE" if text.lower() == "true" else "FALSE"
        if not _NUMBER.fullmatch(text):
            raise InputError(f"{err}: {value!r} is not a number, and the column is {source_type}")
        if base in ("bool", "boolean") and dialect == "postgresql":
            return sql_string(text, dialect)          # '1' / '0' are boolean input; a bare 1 is an integer
        return text
    return sql_string(value, dialect)


def sql_string(value: str, dialect: str) -> str:
    """`value` as a string literal of `dialect`, safe whatever the server's settings:

    - postgresql: '...' with quotes doubled; with a backslash, E'...' with backslashes doubled too, so
      standard_conforming_strings on or off reads it the same.
    - mysql / mariadb: '...' with quotes doubled; with a backslash or a control character, _utf8mb4 X'<hex>'
      (the UTF-8 bytes), so NO_BACKSLASH_ESCAPES on or off reads it the same.
    - sqlite: '...' with quotes doubled (no backslash escapes in SQLite).
    A NUL character cannot be written in a literal of these databases: InputError.
    """
    dialect = _dialect(dialect)
    if "\x00" in value:
        raise InputError(f"the value {value!r} holds a NUL character, which no SQL string literal can hold")
    if dialect == "mysql" and (("\\" in value) or any(ord(c) < 32 for c in value)):
        return "_utf8mb4 X'" + value.encode("utf-8").hex().upper() + "'"
    body = value.replace("'", "''")
    if dialect == "postgresql" and "\\" in value:
        return "E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


# ---------------------------------------------------------------------------------------------- expressions

@dataclass(frozen=True)
class Expr:
    """A node of an add-column expression: kind is col, str, num, null, concat, arith, neg, cmp, isnull,
    and, or, not, func, case."""

    kind: str
    value: Any = None
    args: tuple[Expr, ...] = ()


FUNCTIONS = {          # name -> (min args, max args)
    "upper": (1, 1), "lower": (1, 1), "trim": (1, 1), "ltrim": (1, 1), "rtrim": (1, 1), "length": (1, 1),
    "substr": (2, 3), "replace": (3, 3), "coalesce": (2, 99), "ifnull": (2, 2), "nullif": (2, 2),
    "abs": (1, 1),
}
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<col>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<str>'(?:[^']|'')*')
  | (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\|\||<=|>=|<>|!=|==|[=<>+\-*/%(),])
""", re.VERBOSE)
_KEYWORDS = {"null", "and", "or", "not", "is", "case", "when", "then", "else", "end"}


def parse_expression(text: str, err: str = "expression") -> Expr:
    """Parse a DMS add-column expression (SQLite syntax), the supported subset:

    `$column` references, 'string' literals ('' for a quote), numbers, NULL, `||` concatenation, + - *,
    unary -, parentheses, comparisons (= == != <> < <= > >=, IS [NOT] NULL) with AND / OR / NOT inside
    CASE WHEN ... THEN ... [ELSE ...] END (also CASE x WHEN ...), and the functions upper, lower, trim,
    ltrim, rtrim, length, substr, replace, coalesce, ifnull, nullif, abs. Anything else (/, %, other
    functions, DMS header columns $AR_H_..., operation_indicator) raises InputError: sct would otherwise
    compute something else than DMS does.
    """
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = " (strings take single quotes)" if ch == '"' else ""
            raise InputError(f"{err}: expression: unexpected {ch!r} at character {pos + 1}{hint}")
        if text.startswith(("--", "/*"), pos):
            raise InputError(f"{err}: expression: comments (-- and /* */) are not supported")
        pos = m.end()
        kind = m.lastgroup
        if kind == "space":
            continue
        value = m.group()
        if kind == "word":
            value = value.lower()
            if value in _KEYWORDS:
                kind = "kw"
        tokens.append((kind, value))
    parser = _Parser(tokens, err, text)
    tree = parser.expr()
    if parser.pos != len(tokens):
        raise InputError(f"{err}: expression: unexpected {tokens[parser.pos][1]!r} in {text!r}")
    return tree


class _Parser:
    """Precedence climbing, lowest first: OR, AND, NOT, comparison / IS NULL, + -, *, ||, unary -."""

    def __init__(self, tokens: list[tuple[str, str]], err: str, text: str):
        self.tokens, self.pos, self.err, self.text = tokens, 0, err, text

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None, kind: str | None = None) -> bool:
        tok = self.peek()
        if tok and (value is None or tok[1] == value) and (kind is None or tok[0] == kind):
            self.pos += 1
            return True
        return False

    def need(self, value: str) -> None:
        if not self.take(value):
            tok = self.peek()
            found = repr(tok[1]) if tok else "the end"
            raise InputError(f"{self.err}: expression: expected {value.upper()!r}, found {found} in "
                             f"{self.text!r}")

    def fail(self, what: str) -> InputError:
        return InputError(f"{self.err}: expression: {what} in {self.text!r}")

    def expr(self) -> Expr:
        return self.or_()

    def or_(self) -> Expr:
        left = self.and_()
        while self.take("or", "kw"):
            left = Expr("or", None, (left, self.and_()))
        return left

    def and_(self) -> Expr:
        left = self.not_()
        while self.take("and", "kw"):
            left = Expr("and", None, (left, self.not_()))
        return left

    def not_(self) -> Expr:
        if self.take("not", "kw"):
            return Expr("not", None, (self.not_(),))
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.additive()
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in ("=", "==", "!=", "<>", "<", "<=", ">", ">="):
            self.pos += 1
            op = {"==": "=", "!=": "<>"}.get(tok[1], tok[1])
            return Expr("cmp", op, (left, self.additive()))
        if self.take("is", "kw"):
            negated = self.take("not", "kw")
            self.need("null")
            return Expr("isnull", negated, (left,))
        return left

    def additive(self) -> Expr:
        left = self.multiplicative()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in "+-" and len(tok[1]) == 1:
            self.pos += 1
            left = Expr("arith", tok[1], (left, self.multiplicative()))
        return left

    def multiplicative(self) -> Expr:
        left = self.concat()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in ("*", "/", "%"):
            if tok[1] != "*":
                raise self.fail(f"{tok[1]!r} is not supported (integer and decimal division differ between "
                                "databases)")
            self.pos += 1
            left = Expr("arith", "*", (left, self.concat()))
        return left

    def concat(self) -> Expr:
        left = self.unary()
        while self.take("||", "op"):
            left = Expr("concat", None, (left, self.unary()))
        return left

    def unary(self) -> Expr:
        if self.take("-", "op"):
            return Expr("neg", None, (self.unary(),))
        if self.take("+", "op"):
            return self.unary()
        return self.primary()

    def primary(self) -> Expr:
        tok = self.peek()
        if tok is None:
            raise self.fail("the expression ends too early")
        kind, value = tok
        self.pos += 1
        if kind == "col":
            name = value[1:]
            if name.upper().startswith(("AR_H_", "AR_M_")):
                raise self.fail(f"DMS header column {value} is not supported (full load has no change "
                                "headers)")
            return Expr("col", name)
        if kind == "str":
            if "\x00" in value:
                raise self.fail("a string holds a NUL character, which no SQL string literal can hold")
            return Expr("str", value[1:-1].replace("''", "'"))
        if kind == "num":
            return Expr("num", value)
        if kind == "kw" and value == "null":
            return Expr("null")
        if kind == "kw" and value == "case":
            return self.case()
        if kind == "op" and value == "(":
            inner = self.expr()
            self.need(")")
            return inner
        if kind == "word":
            if not self.take("(", "op"):
                raise self.fail(f"{value!r} is not a column reference (write ${value}) nor a function call")
            if value not in FUNCTIONS:
                raise self.fail(f"function {value}() is not supported (supported: {', '.join(FUNCTIONS)})")
            args: list[Expr] = []
            if not self.take(")", "op"):
                args.append(self.expr())
                while self.take(",", "op"):
                    args.append(self.expr())
                self.need(")")
            low, high = FUNCTIONS[value]
            if not low <= len(args) <= high:
                count = str(low) if low == high else f"{low} to {high}" if high < 99 else f"{low} or more"
                raise self.fail(f"{value}() takes {count} arguments, not {len(args)}")
            return Expr("func", value, tuple(args))
        raise self.fail(f"unexpected {value!r}")

    def case(self) -> Expr:
        operand = None if self.peek() == ("kw", "when") else self.expr()
        branches: list[Expr] = []
        while self.take("when", "kw"):
            cond = self.expr()
            self.need("then")
            branches.extend((cond, self.expr()))
        if not branches:
            raise self.fail("CASE needs at least one WHEN")
        default = self.expr() if self.take("else", "kw") else Expr("null")
        self.need("end")
        return Expr("case", operand, (*branches, default))


def _emit(node: Expr, table: TableInfo, quote: Callable[[str], str], dialect: str, err: str) -> str:
    """The expression as SQL of the source dialect; every operation parenthesised so precedence cannot
    differ between databases ('||' binds tighter than '*' in SQLite, looser in PostgreSQL)."""

    def go(n: Expr) -> str:
        k = n.kind
        if k == "col":
            if table.column(n.value) is None:
                raise InputError(f"{err}: expression: ${n.value} is not a column of {table.key}"
                                 f"{_did_you_mean(n.value, [c.name for c in table.columns])}")
            return quote(n.value)
        if k == "str":
            try:
                return sql_string(n.value, dialect)
            except InputError as e:
                raise InputError(f"{err}: expression: {e}") from None
        if k == "num":
            return n.value
        if k == "null":
            return "NULL"
        if k == "concat":
            parts = _flatten_concat(n)
            if dialect == "mysql":
                return "CONCAT(" + ", ".join(go(p) for p in parts) + ")"
            if dialect == "postgresql":
                return "(" + " || ".join(go(p) if p.kind == "str" else f"CAST({go(p)} AS text)"
                                         for p in parts) + ")"
            return "(" + " || ".join(go(p) for p in parts) + ")"
        if k == "arith":
            return f"({go(n.args[0])} {n.value} {go(n.args[1])})"
        if k == "neg":
            return f"(-{go(n.args[0])})"
        if k == "cmp":
            return f"({go(n.args[0])} {n.value} {go(n.args[1])})"
        if k == "isnull":
            return f"({go(n.args[0])} IS {'NOT ' if n.value else ''}NULL)"
        if k in ("and", "or"):
            return f"({go(n.args[0])} {k.upper()} {go(n.args[1])})"
        if k == "not":
            return f"(NOT {go(n.args[0])})"
        if k == "case":
            head = "CASE" if n.value is None else f"CASE {go(n.value)}"
            *branches, default = n.args
            whens = " ".join(f"WHEN {go(c)} THEN {go(v)}" for c, v in zip(branches[::2], branches[1::2],
                                                                           strict=True))
            return f"({head} {whens} ELSE {go(default)} END)"
        if k == "func":
            return _function(n.value, [go(a) for a in n.args], dialect)
        raise AssertionError(k)

    return go(node)


def _flatten_concat(n: Expr) -> list[Expr]:
    if n.kind != "concat":
        return [n]
    return _flatten_concat(n.args[0]) + _flatten_concat(n.args[1])


def _function(name: str, args: list[str], dialect: str) -> str:
    def text(arg: str) -> str:         # PostgreSQL's string functions take text, SQLite's anything
        return f"CAST({arg} AS text)" if dialect == "postgresql" else arg

    if name == "ifnull" or name == "coalesce":
        return f"COALESCE({', '.join(args)})"
    if name == "length":
        return f"CHAR_LENGTH({args[0]})" if dialect == "mysql" else f"LENGTH({text(args[0])})"
    if name == "substr":
        fn = "SUBSTRING" if dialect == "mysql" else "SUBSTR"
        return f"{fn}({', '.join([text(args[0]), *args[1:]])})"
    if name in ("upper", "lower", "trim", "ltrim", "rtrim", "replace"):
        return f"{name.upper()}({', '.join([text(args[0]), *args[1:]])})"
    return f"{name.upper()}({', '.join(args)})"


# ---------------------------------------------------------------------------------------------- data types

# DMS data types (the "type" of a data-type block) and how each target spells them
DMS_TYPES = ("bytes", "date", "time", "datetime", "int1", "int2", "int4", "int8", "numeric", "real4", "real8",
             "string", "uint1", "uint2", "uint4", "uint8", "wstring", "blob", "nclob", "clob", "boolean")
_TYPE_NAMES = {
    #           postgresql           mysql                 sqlite
    "int1": ("smallint", "tinyint", "integer"),
    "int2": ("smallint", "smallint", "integer"),
    "int4": ("integer", "int", "integer"),
    "int8": ("bigint", "bigint", "integer"),
    "uint1": ("smallint", "tinyint unsigned", "integer"),
    "uint2": ("integer", "smallint unsigned", "integer"),
    "uint4": ("bigint", "int unsigned", "integer"),
    "uint8": ("numeric(20)", "bigint unsigned", "integer"),
    "real4": ("real", "float", "real"),
    "real8": ("double precision", "double", "real"),
    "boolean": ("boolean", "tinyint(1)", "boolean"),
    "date": ("date", "date", "date"),
    "blob": ("bytea", "longblob", "blob"),
    "clob": ("text", "longtext", "text"),
    "nclob": ("text", "longtext", "text"),
}


def _sql_type(data_type: dict, dialect: str, err: str) -> str:
    """A DMS data-type block as a column type of the target dialect (table in docs/migrate.md)."""
    i = {"postgresql": 0, "mysql": 1, "sqlite": 2}[dialect]
    kind = data_type["type"]
    length, precision, scale = data_type.get("length"), data_type.get("precision"), data_type.get("scale")
    if kind in _TYPE_NAMES:
        return _TYPE_NAMES[kind][i]
    if kind == "numeric":
        if precision is None:
            return ("numeric", "decimal(65,30)", "numeric")[i]
        if precision < 1 or precision > (1000, 65, 1000)[i]:
            raise InputError(f"{err}: data-type numeric precision {precision} is out of range for {dialect}")
        return f"{('numeric', 'decimal', 'numeric')[i]}({precision},{scale or 0})"
    if kind in ("string", "wstring"):
        if length is None or length == 0:
            return ("text", "longtext", "text")[i]
        return f"varchar({length})" if i < 2 else "text"
    if kind == "bytes":
        if dialect == "mysql":
            return f"varbinary({length})" if length else "longblob"
        return ("bytea", "", "blob")[i]
    if kind == "time":
        p = "" if precision is None else f"({min(precision, 6)})"
        return ("time" + p, "time" + p, "time")[i]
    if kind == "datetime":
        p = "" if precision is None else f"({min(precision, 6)})"
        return ("timestamp" + p, "datetime" + p, "datetime")[i]
    raise AssertionError(kind)


# ---------------------------------------------------------------------------------------------- helpers

def _dialect(name: str) -> str:
    try:
        return DIALECTS[name.lower()]
    except KeyError:
        raise ValueError(f"table mappings know the dialects {', '.join(sorted(set(DIALECTS)))}, "
                         f"not {name!r}") from None


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return "a number"


def _did_you_mean(word: str, choices: Any) -> str:
    choices = list(choices)
    match = [c for c in choices if c.lower() == word.lower()] or \
        difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _no_unknown_keys(obj: Mapping, allowed: set[str], err: str) -> None:
    for key in obj:
        if key not in allowed:
            raise InputError(f"{err}: unknown key {key!r}{_did_you_mean(str(key), sorted(allowed))}")
