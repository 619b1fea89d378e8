"""DMS table mappings: checking (errors name the file and the rule-id), selection with wildcards and excludes,
filters as a source-side WHERE, transformations in rule-id order, add-column expressions, data types and
parallel-load ranges. The literal and expression tests at the end run the generated SQL on SQLite, and on the
PostgreSQL and MariaDB test servers, with values that try to break out of the literal."""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import Decimal
from urllib.parse import urlsplit

import psycopg
import pymysql
import pytest

from sct.errors import InputError
from sct.runner.mappings import load_mappings, parse_expression, sql_string
from sct.runner.model import ColumnInfo, KeyRange, TableInfo


def dq(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bq(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def table(name: str, schema: str | None = "hr", cols: str = "id int!, name varchar(40)", pk: str = "id") -> TableInfo:
    """table("emp", cols="id int!, name text"): '!' marks NOT NULL."""
    columns = []
    for spec in re.split(r",\s+", cols):
        col, typ = spec.split(None, 1)
        columns.append(ColumnInfo(col, typ.rstrip("!").strip(), nullable=not typ.endswith("!")))
    return TableInfo(name, schema, columns, pk.split() if pk else [])


def sel(rule_id: int | str, schema: str, name: str, action: str = "include", **extra) -> dict:
    return {"rule-type": "selection", "rule-id": str(rule_id), "rule-name": str(rule_id),
            "object-locator": {"schema-name": schema, "table-name": name}, "rule-action": action, **extra}


def tr(rule_id: int | str, target: str, action: str, locator: dict, **extra) -> dict:
    return {"rule-type": "transformation", "rule-id": str(rule_id), "rule-name": str(rule_id),
            "rule-target": target, "rule-action": action, "object-locator": locator,
            **{k.replace("_", "-"): v for k, v in extra.items()}}


def flt(column: str, *conditions: dict) -> dict:
    return {"filter-type": "source", "column-name": column, "filter-conditions": list(conditions)}


def mapped(rules: list[dict], tables: list[TableInfo], dialect: str = "postgresql", **kw):
    return load_mappings({"rules": rules}, name="m.json").apply(tables, bq if dialect in ("mysql", "mariadb") else dq,
                                                                 dialect, **kw)


def error(rules: list[dict] | dict, tables: list[TableInfo] | None = None) -> str:
    document = rules if isinstance(rules, dict) else {"rules": rules}
    with pytest.raises(InputError) as e:
        m = load_mappings(document, name="m.json")
        m.apply(tables or [], dq, "postgresql")
    return str(e.value)


EMP = table("emp")
ALL = sel(1, "%", "%")


# ---------------------------------------------------------------------------------------------- checking

@pytest.mark.parametrize("rule, message", [
    ({**ALL, "rule-type": "selektion"},
     "m.json: rule 1: unknown rule-type 'selektion' (did you mean 'selection'?)"),
    ({**ALL, "rule-action": "inclde"}, "m.json: rule 1: unknown rule-action 'inclde' (did you mean 'include'?)"),
    ({k: v for k, v in ALL.items() if k != "object-locator"}, "m.json: rule 1: object-locator is missing"),
    ({**ALL, "object-locator": {"schema-name": "hr"}}, "m.json: rule 1: object-locator needs table-name"),
    ({**ALL, "rule-actoin": "include"}, "m.json: rule 1: unknown key 'rule-actoin' (did you mean 'rule-action'?)"),
    ({**ALL, "object-locator": {"schema-name": "%", "tabel-name": "%"}},
     "m.json: rule 1: object-locator: unknown key 'tabel-name' (did you mean 'table-name'?)"),
    (sel(7, "hr", "emp%", "explicit"), "m.json: rule 7: an explicit rule names one table exactly"),
    (sel(3, "hr", "emp", filters=[flt("id", {"filter-operator": "greater", "value": "1"})]),
     "m.json: rule 3: filters[0]: filter-conditions[0]: unknown filter-operator 'greater'"),
    (sel(3, "hr", "emp", filters=[flt("id", {"filter-operator": "between", "value": "1"})]),
     "m.json: rule 3: filters[0]: filter-conditions[0]: filter-operator between takes no value"),
    (sel(3, "hr", "emp", filters=[flt("id", {"filter-operator": "between", "start-value": "1"})]),
     "m.json: rule 3: filters[0]: filter-conditions[0]: filter-operator between needs end-value"),
    (sel(3, "hr", "emp", filters=[flt("id", {"filter-operator": "eq"})]),
     "filter-operator eq needs value"),
    (sel(3, "hr", "emp", filters=[flt("id", {"filter-operator": "noteq", "value": "1"},
                                      {"filter-operator": "eq", "value": "2"})]),
     "m.json: rule 3: filters[0]: a filter with a negative operator (noteq) takes only that one condition"),
    (sel(3, "hr", "emp", filters=[flt("id")]), "m.json: rule 3: filters[0]: filter-conditions must be a non-empty"),
    (sel(4, "hr", "emp", "exclude", filters=[flt("id", {"filter-operator": "null"})]),
     "m.json: rule 4: filters apply to include and explicit rules only"),
    ({**ALL, "rule-id": "one"}, 'm.json: rules[0]: rule-id must be a number such as "1", not \'one\''),
    ({k: v for k, v in ALL.items() if k != "rule-id"}, "m.json: rules[0]: rule-id is missing"),
    ({**ALL, "object-locator": {"schema-name": "%", "table-name": "%", "table-type": "view"}},
     'm.json: rule 1: table-type "view" is not supported'),
])
def test_bad_selection_rules_name_the_rule(rule, message):
    assert message in error([rule])


@pytest.mark.parametrize("rule, message", [
    (tr(5, "table", "renam", {"schema-name": "hr", "table-name": "emp"}, value="x"),
     "m.json: rule 5: unknown rule-action 'renam' (did you mean 'rename'?)"),
    (tr(5, "tabel", "rename", {"schema-name": "hr", "table-name": "emp"}, value="x"),
     "m.json: rule 5: unknown rule-target 'tabel' (did you mean 'table'?)"),
    (tr(5, "table", "rename", {"schema-name": "hr", "table-name": "emp"}),
     'm.json: rule 5: rule-action rename needs "value"'),
    (tr(5, "column", "replace-prefix", {"schema-name": "hr", "table-name": "emp", "column-name": "%"}, value="n_"),
     'm.json: rule 5: rule-action replace-prefix needs "old-value"'),
    (tr(5, "table", "remove-column", {"schema-name": "hr", "table-name": "emp"}),
     'm.json: rule 5: rule-action remove-column needs rule-target "column"'),
    (tr(5, "column", "rename", {"schema-name": "hr", "table-name": "emp"}, value="x"),
     "m.json: rule 5: object-locator needs column-name"),
    (tr(5, "column", "data-masking-hash-mask", {"schema-name": "hr", "table-name": "emp", "column-name": "ssn"}),
     "m.json: rule 5: rule-action 'data-masking-hash-mask' is not supported: data masking"),
    (tr(5, "table-tablespace", "rename", {"schema-name": "hr", "table-name": "emp",
                                          "table-tablespace-name": "t"}, value="u"),
     "m.json: rule 5: rule-target 'table-tablespace' is not supported"),
    (tr(5, "column", "add-column", {"schema-name": "hr", "table-name": "emp"}, value="x", expression="1"),
     'm.json: rule 5: add-column needs "data-type"'),
    (tr(5, "column", "change-data-type", {"schema-name": "hr", "table-name": "emp", "column-name": "id"},
        data_type={"type": "int9"}),
     "m.json: rule 5: data-type type 'int9' is not a DMS data type sct maps (did you mean 'int8'?)"),
    (tr(5, "column", "change-data-type", {"schema-name": "hr", "table-name": "emp", "column-name": "id"},
        data_type={"type": "numeric", "precision": 4, "scale": 6}),
     "m.json: rule 5: data-type scale (6) is larger than precision (4)"),
    (tr(5, "column", "change-data-type", {"schema-name": "hr", "table-name": "emp", "column-name": "id",
                                          "data-type": "int4"}, data_type={"type": "int8"}),
     "m.json: rule 5: object-locator data-type (choosing columns by DMS data type) is not supported"),
    (tr(5, "table", "rename", {"schema-name": "hr", "table-name": "emp"}, value="x", expression="$a"),
     'm.json: rule 5: "expression" is supported with add-column only'),
])
def test_bad_transformation_rules_name_the_rule(rule, message):
    assert message in error([ALL, rule])


@pytest.mark.parametrize("expression, message", [
    ("$a / 2", "'/' is not supported"),
    ("$a % 2", "'%' is not supported"),
    ("datetime('now')", "function datetime() is not supported"),
    ("operation_indicator('D', 'U', 'I')", "function operation_indicator() is not supported"),
    ("$AR_H_STREAM_POSITION", "DMS header column $AR_H_STREAM_POSITION is not supported"),
    ('$a || "x"', "unexpected '\"' at character 7 (strings take single quotes)"),
    ("$a ||", "the expression ends too early"),
    ("upper($a, $b)", "upper() takes 1 arguments, not 2"),
    ("first_name || 'x'", "'first_name' is not a column reference (write $first_name)"),
    ("CASE WHEN $a THEN 1", "expected 'END', found the end"),
    ("($a", "expected ')'"),
    ("$a $b", "unexpected '$b'"),
    ("$a -- note", "comments (-- and /* */) are not supported"),
    ("$a /* note */", "comments (-- and /* */) are not supported"),
    ("'a\x00'", "holds a NUL character"),
])
def test_unsupported_expressions_name_the_rule(expression, message):
    rule = tr(9, "column", "add-column", {"schema-name": "hr", "table-name": "emp"}, value="x",
              expression=expression, data_type={"type": "string", "length": 10})
    got = error([ALL, rule])
    assert got.startswith("m.json: rule 9: expression: ") and message in got, got


@pytest.mark.parametrize("settings, message", [
    ({"type": "partitions-list", "partitions": ["p1"]}, "type partitions-list is not supported"),
    ({"type": "ranges", "columns": ["a", "b"], "boundaries": [["1", "2"]]}, "ranges on 2 columns are not supported"),
    ({"type": "ranges", "columns": ["id"]}, "type ranges needs boundaries"),
    ({"type": "ranges", "columns": ["id"], "boundaries": ["1000"]}, "boundaries[0] must be an array of 1 value"),
    ({"type": "rangez"}, "unknown type 'rangez' (did you mean 'ranges'?)"),
    ({"type": "none", "columns": ["id"]}, 'columns and boundaries belong to type "ranges"'),
])
def test_bad_parallel_load_names_the_rule(settings, message):
    rule = {"rule-type": "table-settings", "rule-id": "12", "rule-name": "12",
            "object-locator": {"schema-name": "hr", "table-name": "emp"}, "parallel-load": settings}
    got = error([ALL, rule])
    assert got.startswith("m.json: rule 12: parallel-load: ") and message in got, got


def test_document_level_errors():
    assert error([sel(1, "%", "%"), sel("01", "hr", "x", "exclude")]) == \
        "m.json: rule 1: duplicate rule-id (also used by the rule at rules[0])"
    assert "m.json: no selection rule: DMS table mappings need at least one" in \
        error([tr(2, "table", "convert-lowercase", {"schema-name": "%", "table-name": "%"})])
    assert error({"rulez": []}) == "m.json: unknown key 'rulez' (did you mean 'rules'?)"
    assert error({"rules": {}}) == 'm.json: "rules" must be a list of rules, not an object'
    assert error({}) == 'm.json: "rules" is missing (table mappings are {"rules": [...]})'
    assert error([ALL, "x"]) == "m.json: rules[1]: a rule is a JSON object, not a string"


def test_files(tmp_path):
    path = tmp_path / "mappings.json"
    path.write_text(json.dumps({"rules": [ALL]}))
    assert [m.target_name for m in load_mappings(path).apply([EMP], dq, "postgresql")] == ["emp"]
    assert [m.target_name for m in load_mappings(str(path)).apply([EMP], dq, "sqlite")] == ["emp"]
    assert load_mappings(json.dumps({"rules": [ALL]})).name == "table mappings"
    path.write_text('{"rules": [\n  {"rule-type": "selection",}\n]}')
    with pytest.raises(InputError, match=rf"^{path}: not valid JSON: Expecting property name enclosed in double "
                                         r"quotes \(line 2, column 29\)$"):
        load_mappings(path)
    path.write_text('{"rules": [], "rules": []}')
    with pytest.raises(InputError, match=rf"^{path}: key 'rules' appears twice in one object$"):
        load_mappings(path)
    with pytest.raises(InputError, match=rf"^{tmp_path / 'nope.json'}: file not found$"):
        load_mappings(tmp_path / "nope.json")
    path.write_bytes(b'{"rules": ["\xff"]}')
    with pytest.raises(InputError, match=rf"^{path}: not UTF-8 text"):
        load_mappings(path)


def test_dms_console_output_loads_unchanged():
    """What the DMS console and `aws dms describe-replication-tasks` produce: null values, empty filters,
    rule-ids out of order, load-order, table-settings without rule-action, lob-settings."""
    document = {"rules": [
        {"rule-type": "transformation", "rule-id": "524002394", "rule-name": "524002394", "rule-target": "column",
         "object-locator": {"schema-name": "hr", "table-name": "emp", "column-name": "name"},
         "rule-action": "convert-uppercase", "value": None, "old-value": None},
        {"rule-type": "selection", "rule-id": "516455653", "rule-name": "516455653",
         "object-locator": {"schema-name": "hr", "table-name": "emp"}, "rule-action": "include", "filters": [],
         "load-order": "1"},
        {"rule-type": "table-settings", "rule-id": "3", "rule-name": "3",
         "object-locator": {"schema-name": "hr", "table-name": "emp"},
         "lob-settings": {"mode": "limited", "bulk-max-size": "16"},
         "parallel-load": {"type": "partitions-auto"}},
    ]}
    [m] = load_mappings(document).apply([EMP], dq, "postgresql")
    assert m.columns == [("id", "id", None), ("name", "NAME", None)]
    assert m.parallel_load == "auto" and m.ranges is None and m.where is None


# ---------------------------------------------------------------------------------------------- selection

TABLES = [table("emp"), table("employees"), table("emp_hist"), table("empXhist"), table("dept"),
          table("EMP_Audit"), table("orders", "sales"), table("emp", "sales")]


def keys(rules: list[dict], tables: list[TableInfo] = TABLES) -> list[str]:
    return [m.source.key for m in mapped(rules, tables)]


def test_wildcards():
    assert keys([sel(1, "hr", "emp%")]) == ["hr.emp", "hr.employees", "hr.emp_hist", "hr.empXhist"]
    assert keys([sel(1, "hr", "emp_hist")]) == ["hr.emp_hist", "hr.empXhist"]          # _ is one character
    assert keys([sel(1, "hr", "emp[_]hist")]) == ["hr.emp_hist"]                       # [_] a literal _
    assert keys([sel(1, "hr", "[de]%")]) == ["hr.emp", "hr.employees", "hr.emp_hist", "hr.empXhist", "hr.dept"]
    assert keys([sel(1, "%", "[a-e]m_")]) == ["hr.emp", "sales.emp"]
    assert keys([sel(1, "s%", "%")]) == ["sales.orders", "sales.emp"]
    assert keys([sel(1, "%", "EMP%")]) == ["hr.EMP_Audit"]                             # case-sensitive
    assert keys([sel(1, "%", "e.p")], [table("e.p"), table("exp")]) == ["hr.e.p"]     # no regex leaks
    assert keys([sel(1, "%", "a[b")], [table("a[b"), table("ab")]) == ["hr.a[b"]      # unclosed [ is literal


def test_excludes_win_whatever_the_order():
    expected = ["hr.emp", "hr.employees", "hr.dept", "hr.EMP_Audit", "sales.orders", "sales.emp"]
    assert keys([sel(1, "%", "%"), sel(2, "hr", "emp[_X]hist", "exclude")]) == expected
    assert keys([sel(2, "hr", "emp[_X]hist", "exclude"), sel(1, "%", "%")]) == expected
    # an exclude also beats an explicit rule and an include naming the table exactly
    assert keys([sel(1, "hr", "dept", "explicit"), sel(2, "hr", "emp", "include"), sel(3, "hr", "%", "exclude"),
                 sel(4, "sales", "emp")]) == ["sales.emp"]


def test_explicit_takes_exact_names():
    assert keys([sel(1, "hr", "emp_hist", "explicit")]) == ["hr.emp_hist"]             # _ not a wildcard here
    assert keys([sel(1, "hr", "emp", "explicit"), sel(2, "sales", "orders", "explicit")]) == ["hr.emp",
                                                                                              "sales.orders"]
    assert error([sel(1, "hr", "Emp", "explicit")], TABLES) == \
        "m.json: rule 1: no table hr.Emp in the source (names are case-sensitive: did you mean hr.emp?)"


def test_schema_less_tables_are_in_main():
    lite = [table("emp", None), table("dept", None)]
    assert keys([sel(1, "%", "emp")], lite) == ["emp"]
    assert keys([sel(1, "main", "%"), sel(2, "%", "dept", "exclude")], lite) == ["emp"]
    assert keys([sel(1, "main", "dept", "explicit")], lite) == ["dept"]
    assert keys([sel(1, "hr", "%")], lite + [table("x")]) == ["hr.x"]
    [m] = mapped([sel(1, "main", "emp"), tr(2, "schema", "rename", {"schema-name": "main"}, value="app")], lite)
    assert (m.target_schema, m.target_name) == ("app", "emp")
    [m] = mapped([sel(1, "main", "emp"), tr(2, "schema", "convert-uppercase", {"schema-name": "%"})], lite)
    assert m.target_schema is None                     # no schema stays no schema; only rename gives one


def test_nothing_selected_and_unmatched_rules():
    assert error([sel(1, "HR", "%")], TABLES) == "m.json: the selection rules select no table of the source " \
                                                 "(8 tables there)"
    assert error([sel(1, "%", "%")], []) == "m.json: the selection rules select no table of the source " \
                                            "(it has no tables)"
    m = load_mappings({"rules": [sel(1, "hr", "emp"), sel(2, "HR", "dept"), sel(3, "hr", "nothing%", "exclude"),
                                 tr(4, "table", "rename", {"schema-name": "x", "table-name": "%"}, value="y")]},
                      name="m.json")
    m.apply(TABLES, dq, "postgresql")
    assert m.warnings == [
        "m.json: rule 2: include HR.dept matches no table (names are case-sensitive: did you mean hr.dept?)",
        "m.json: rule 3: exclude hr.nothing% matches no table",
        "m.json: rule 4: rename matches nothing among the selected tables",
    ]


# ---------------------------------------------------------------------------------------------- filters

PEOPLE = table("people", cols="id int!, name varchar(40), salary decimal(10,2), hired date, active tinyint(1), "
                              "score double, flag boolean")


def where(*filters: dict, dialect: str = "postgresql", tables: list[TableInfo] | None = None) -> str:
    [m] = mapped([sel(1, "hr", "people", filters=list(filters))], tables or [PEOPLE], dialect)
    return m.where


def test_filter_operators():
    assert where(flt("id", {"filter-operator": "eq", "value": "7"})) == '"id" = 7'
    assert where(flt("id", {"filter-operator": "noteq", "value": 7})) == '"id" <> 7'
    assert where(flt("salary", {"filter-operator": "gte", "value": "100.50"})) == '"salary" >= 100.50'
    assert where(flt("salary", {"filter-operator": "lte", "value": Decimal("1E+3")})) == '"salary" <= 1E+3'
    assert where(flt("salary", {"filter-operator": "ste", "value": "-5"})) == '"salary" <= -5'
    assert where(flt("hired", {"filter-operator": "between", "start-value": "2002-01-01",
                               "end-value": "2002-12-31"})) == "\"hired\" BETWEEN '2002-01-01' AND '2002-12-31'"
    assert where(flt("id", {"filter-operator": "notbetween", "start-value": "50", "end-value": "75"})) == \
        '"id" NOT BETWEEN 50 AND 75'
    assert where(flt("name", {"filter-operator": "null"})) == '"name" IS NULL'
    assert where(flt("name", {"filter-operator": "notnull", "value": ""})) == '"name" IS NOT NULL'
    assert where(flt("active", {"filter-operator": "eq", "value": "true"}), dialect="mysql") == "`active` = TRUE"
    assert where(flt("flag", {"filter-operator": "eq", "value": "1"})) == "\"flag\" = '1'"
    assert where(flt("score", {"filter-operator": "gte", "value": "1.5e2"}), dialect="sqlite") == '"score" >= 1.5e2'


def test_filters_are_anded_and_conditions_ored():
    got = where(flt("id", {"filter-operator": "lte", "value": "10"},
                    {"filter-operator": "between", "start-value": "50", "end-value": "75"},
                    {"filter-operator": "gte", "value": "100"}),
                flt("name", {"filter-operator": "eq", "value": "tech"}),
                flt("name", {"filter-operator": "notnull"}))
    assert got == "((\"id\" <= 10) OR (\"id\" BETWEEN 50 AND 75) OR (\"id\" >= 100)) AND (\"name\" = 'tech') " \
                  "AND (\"name\" IS NOT NULL)"


def test_filter_values_are_escaped_per_dialect():
    value = "O'Brien \\ 'x'"
    assert where(flt("name", {"filter-operator": "eq", "value": value})) == \
        "\"name\" = E'O''Brien \\\\ ''x'''"
    assert where(flt("name", {"filter-operator": "eq", "value": value}), dialect="sqlite") == \
        "\"name\" = 'O''Brien \\ ''x'''"
    assert where(flt("name", {"filter-operator": "eq", "value": value}), dialect="mariadb") == \
        "`name` = _utf8mb4 X'" + value.encode().hex().upper() + "'"
    assert where(flt("name", {"filter-operator": "eq", "value": "it's"}), dialect="mysql") == "`name` = 'it''s'"
    assert sql_string("plain", "postgresql") == "'plain'"


def test_filter_errors_name_the_rule():
    with pytest.raises(InputError, match=r"^m\.json: rule 1: filter on id: '7; DROP TABLE x' is not a number, and "
                                         r"the column is int$"):
        where(flt("id", {"filter-operator": "eq", "value": "7; DROP TABLE x"}))
    with pytest.raises(InputError, match=r"^m\.json: rule 1: filter column 'nmae' is not a column of hr\.people "
                                         r"\(did you mean 'name'\?\)$"):
        where(flt("nmae", {"filter-operator": "null"}))
    with pytest.raises(InputError, match=r"^m\.json: rule 1: filter on name: the value 'a\\x00b' holds a NUL "
                                         r"character, which no SQL string literal can hold$"):
        where(flt("name", {"filter-operator": "eq", "value": "a\x00b"}))
    with pytest.raises(InputError, match=r"^m\.json: rule 1: filters\[0\]: filter-conditions\[0\]: value must be a "
                                         r"string or a number, not true/false$"):
        where(flt("name", {"filter-operator": "eq", "value": True}))


def test_the_rule_naming_the_table_decides_its_filter():
    gte5 = [flt("id", {"filter-operator": "gte", "value": "5"})]
    for action in ("include", "explicit"):       # include hr.% for everything, the exact rule filters one table
        people, dept = mapped([sel(1, "hr", "%"), sel(2, "hr", "people", action, filters=gte5)],
                              [PEOPLE, table("dept")])
        assert (people.where, dept.where) == ('"id" >= 5', None)
    [m] = mapped([sel(1, "hr", "%", filters=gte5), sel(2, "hr", "people")], [PEOPLE])   # exact, unfiltered, wins
    assert m.where is None
    [m] = mapped([sel(1, "hr", "%"), sel(2, "hr", "peo%")], [PEOPLE])             # two includes, no filters: fine
    assert m.where is None
    assert error([sel(1, "hr", "%"), sel(2, "hr", "p%", filters=gte5)], [PEOPLE]) == \
        "m.json: rules 1, 2 all select hr.people and rule 2 has filters: which rows to load is ambiguous; make " \
        "one rule name the table exactly"
    items = table("order_items", cols="id int!")         # '_' is a wildcard, but this rule names the table
    [m] = mapped([sel(1, "hr", "%"), sel(2, "hr", "order_items", filters=gte5)], [items])
    assert m.where == '"id" >= 5'
    assert error([sel(1, "hr", "people"), sel(2, "hr", "people", "explicit", filters=gte5)], [PEOPLE]).startswith(
        "m.json: rules 1, 2 all select hr.people and rule 2 has filters")


# ---------------------------------------------------------------------------------------------- transformations

def test_name_actions_on_schema_table_and_column():
    loc = {"schema-name": "hr", "table-name": "emp"}
    col = {**loc, "column-name": "name"}
    cases = [
        (tr(2, "table", "rename", loc, value="staff"), ("hr", "staff", "name")),
        (tr(2, "schema", "rename", {"schema-name": "hr"}, value="people"), ("people", "emp", "name")),
        (tr(2, "column", "rename", col, value="full_name"), ("hr", "emp", "full_name")),
        (tr(2, "table", "convert-uppercase", loc), ("hr", "EMP", "name")),
        (tr(2, "schema", "convert-uppercase", {"schema-name": "%"}), ("HR", "emp", "name")),
        (tr(2, "column", "convert-uppercase", col), ("hr", "emp", "NAME")),
        (tr(2, "table", "add-prefix", loc, value="t_"), ("hr", "t_emp", "name")),
        (tr(2, "table", "add-suffix", loc, value="_v1"), ("hr", "emp_v1", "name")),
        (tr(2, "column", "remove-prefix", col, value="na"), ("hr", "emp", "me")),
        (tr(2, "column", "remove-prefix", col, value="xx"), ("hr", "emp", "name")),
        (tr(2, "column", "remove-suffix", col, value="me"), ("hr", "emp", "na")),
        (tr(2, "column", "remove-suffix", col, value="name"), ("hr", "emp", "name")),     # never to nothing
        (tr(2, "table", "replace-prefix", loc, value="staff", old_value="em"), ("hr", "staffp", "name")),
        (tr(2, "table", "replace-prefix", loc, value="staff", old_value="xx"), ("hr", "emp", "name")),
        (tr(2, "schema", "replace-suffix", {"schema-name": "hr"}, value="_prod", old_value="r"), ("h_prod", "emp",
                                                                                                  "name")),
    ]
    for rule, expected in cases:
        [m] = mapped([ALL, rule], [EMP])
        assert (m.target_schema, m.target_name, m.columns[1][1]) == expected, rule
        assert m.columns[1][0] == "name"


def test_lowercase_and_wildcard_targets():
    src = table("EMPLOYEES", "HR", "EMP_ID number!, FIRST_NAME varchar2(20), Last_Name varchar2(25)", "EMP_ID")
    [m] = mapped([ALL, tr(2, "schema", "convert-lowercase", {"schema-name": "%"}),
                  tr(3, "table", "convert-lowercase", {"schema-name": "%", "table-name": "%"}),
                  tr(4, "column", "convert-lowercase", {"schema-name": "%", "table-name": "%", "column-name": "%"})],
                 [src])
    assert (m.target_schema, m.target_name) == ("hr", "employees")
    assert m.columns == [("EMP_ID", "emp_id", None), ("FIRST_NAME", "first_name", None),
                         ("Last_Name", "last_name", None)]


def test_rules_apply_in_rule_id_order_and_match_source_names():
    """Rule 3 (add-prefix) runs after rule 2 (lowercase) whatever the list order, and both locate the table by
    its source name EMP; DMS's example of several transformations on one object."""
    src = [table("EMP", "HR")]
    rules = [tr(3, "table", "add-prefix", {"schema-name": "HR", "table-name": "EMP"}, value="T_"),
             ALL, tr(2, "table", "convert-lowercase", {"schema-name": "HR", "table-name": "EMP"})]
    [m] = mapped(rules, src)
    assert m.target_name == "T_emp"
    rules[0]["rule-id"], rules[2]["rule-id"] = "2", "3"                  # now the prefix first, then lowercase
    [m] = mapped(rules, src)
    assert m.target_name == "t_emp"
    # numeric order, not text order: rule 10 runs after rule 9
    [m] = mapped([ALL, tr(10, "table", "rename", {"schema-name": "%", "table-name": "EMP"}, value="b"),
                  tr(9, "table", "rename", {"schema-name": "%", "table-name": "EMP"}, value="a")], src)
    assert m.target_name == "b"


def test_remove_and_include_columns():
    src = table("emp", cols="id int!, name text, ssn text, salary decimal(8,2), note text")
    [m] = mapped([ALL, tr(2, "column", "remove-column", {"schema-name": "hr", "table-name": "emp",
                                                         "column-name": "s%"})], [src])
    assert [c[1] for c in m.columns] == ["id", "name", "note"]
    include = [tr(n, "column", "include-column", {"schema-name": "hr", "table-name": "emp", "column-name": c})
               for n, c in ((3, "id"), (4, "name"), (5, "ssn"))]
    [m] = mapped([ALL, *include, tr(6, "column", "remove-column", {"schema-name": "hr", "table-name": "emp",
                                                                   "column-name": "ssn"})], [src])
    assert [c[1] for c in m.columns] == ["id", "name"]                   # only included ones, and remove wins
    assert "every column of hr.emp is removed" in error(
        [ALL, tr(2, "column", "remove-column", {"schema-name": "%", "table-name": "%", "column-name": "%"})], [src])


def test_change_data_type_per_target():
    src = table("t", cols="id int!, a int, b decimal(5,2), c varchar(9), d datetime, e blob, f text")
    loc = {"schema-name": "hr", "table-name": "t"}
    rules = [ALL,
             tr(2, "column", "change-data-type", {**loc, "column-name": "a"}, data_type={"type": "int8"}),
             tr(3, "column", "change-data-type", {**loc, "column-name": "b"},
                data_type={"type": "numeric", "precision": "12", "scale": 4}),
             tr(4, "column", "change-data-type", {**loc, "column-name": "c"}, data_type={"type": "string",
                                                                                         "length": 50}),
             tr(5, "column", "change-data-type", {**loc, "column-name": "d"}, data_type={"type": "datetime",
                                                                                         "precision": 9}),
             tr(6, "column", "change-data-type", {**loc, "column-name": "e"}, data_type={"type": "bytes"}),
             tr(7, "column", "change-data-type", {**loc, "column-name": "f"}, data_type={"type": "boolean"}),
             tr(8, "column", "rename", {**loc, "column-name": "a"}, value="big_a")]
    assert mapped(rules, [src])[0].column_types == {
        "big_a": "bigint", "b": "numeric(12,4)", "c": "varchar(50)", "d": "timestamp(6)", "e": "bytea",
        "f": "boolean"}
    assert mapped(rules, [src], target_dialect="mariadb")[0].column_types == {
        "big_a": "bigint", "b": "decimal(12,4)", "c": "varchar(50)", "d": "datetime(6)", "e": "longblob",
        "f": "tinyint(1)"}
    assert mapped(rules, [src], target_dialect="sqlite")[0].column_types["b"] == "numeric(12,4)"


def test_add_column():
    src = table("item", cols="id int!, first_name text, last_name text")
    loc = {"schema-name": "hr", "table-name": "item"}
    rules = [ALL,
             tr(2, "column", "add-column", loc, value="FULL_NAME", expression="$first_name||'_'||$last_name",
                data_type={"type": "string", "length": 50}),
             tr(3, "column", "add-column", loc, value="last_updated", data_type={"type": "datetime", "precision": 6})]
    [m] = mapped(rules, [src])
    assert m.columns[3:] == [(None, "FULL_NAME", "(CAST(\"first_name\" AS text) || '_' || CAST(\"last_name\" AS text))"),
                             (None, "last_updated", "NULL")]
    assert m.column_types == {"FULL_NAME": "varchar(50)", "last_updated": "timestamp(6)"}
    [m] = mapped(rules, [src], "mysql")
    assert m.columns[3][2] == "CONCAT(`first_name`, '_', `last_name`)"
    assert error(rules, [table("item")]) == "m.json: rule 2: expression: $first_name is not a column of hr.item"


def test_name_clashes():
    assert error([ALL, tr(2, "table", "convert-lowercase", {"schema-name": "hr", "table-name": "%"})],
                 [table("EMP"), table("emp")]) == \
        "m.json: hr.EMP and hr.emp would both load into hr.emp (DMS does not load two tables into one either); " \
        "change the transformation rules"
    assert error([ALL, tr(2, "column", "convert-lowercase", {"schema-name": "%", "table-name": "%",
                                                             "column-name": "%"})],
                 [table("t", cols="ID int!, id int")]) == \
        "m.json: hr.t: column ID and column id would both be target column 'id'"
    assert error([ALL, tr(2, "column", "add-column", {"schema-name": "%", "table-name": "%"}, value="name",
                          data_type={"type": "int4"})], [EMP]) == \
        "m.json: hr.emp: column name and the column added by rule 2 would both be target column 'name'"


# ---------------------------------------------------------------------------------------------- table-settings

def settings(rule_id: int, name: str, parallel: dict) -> dict:
    return {"rule-type": "table-settings", "rule-id": str(rule_id), "rule-name": str(rule_id),
            "object-locator": {"schema-name": "hr", "table-name": name}, "parallel-load": parallel}


def test_parallel_load_ranges():
    ranges = {"type": "ranges", "columns": ["id"], "boundaries": [["1000"], [2000], ["3000"]]}
    [m] = mapped([ALL, settings(2, "emp", ranges)], [EMP])
    assert m.parallel_load == "ranges"
    assert m.ranges == [KeyRange("id", None, 1000), KeyRange("id", 1000, 2000), KeyRange("id", 2000, 3000),
                        KeyRange("id", 3000, None)]
    assert [r.label() for r in m.ranges][:2] == ["id in [-inf, 1000)", "id in [1000, 2000)"]
    dec = table("t", cols="k decimal(10,2)!, d date!", pk="k")
    [m] = mapped([ALL, settings(2, "t", {"type": "ranges", "columns": ["k"], "boundaries": [["10.5"]]})], [dec])
    assert m.ranges == [KeyRange("k", None, Decimal("10.5")), KeyRange("k", Decimal("10.5"), None)]
    [m] = mapped([ALL, settings(2, "t", {"type": "ranges", "columns": ["d"],
                                         "boundaries": [["2020-01-01"], ["2021-01-01"]]})], [dec])
    assert m.ranges[1] == KeyRange("d", "2020-01-01", "2021-01-01")


def test_parallel_load_errors_name_the_rule():
    ranges = {"type": "ranges", "columns": ["name"], "boundaries": [["m"]]}
    assert error([ALL, settings(5, "emp", ranges)], [EMP]) == \
        "m.json: rule 5: parallel-load column 'name' of hr.emp can be NULL, and rows with NULL there would fall " \
        "in no range; choose a NOT NULL column (the key)"
    ranges = {"type": "ranges", "columns": ["id"], "boundaries": [["2000"], ["1000"]]}
    assert error([ALL, settings(5, "emp", ranges)], [EMP]) == \
        "m.json: rule 5: parallel-load boundaries must increase (2000 then 1000)"
    ranges = {"type": "ranges", "columns": ["id"], "boundaries": [["1e3"]]}
    assert error([ALL, settings(5, "emp", ranges)], [EMP]) == \
        "m.json: rule 5: parallel-load boundaries: '1e3' is not a whole number (the column is int)"
    ranges = {"type": "ranges", "columns": ["ID"], "boundaries": [["1"]]}
    assert error([ALL, settings(5, "emp", ranges)], [EMP]) == \
        "m.json: rule 5: parallel-load column 'ID' is not a column of hr.emp (did you mean 'id'?)"


def test_parallel_load_none_auto_and_precedence():
    tables = [table("emp"), table("big")]
    rules = [ALL, settings(2, "%", {"type": "none"}),
             settings(3, "big", {"type": "ranges", "columns": ["id"], "boundaries": [["5"]]})]
    emp, big = mapped(rules, tables)
    assert (emp.parallel_load, emp.ranges) == ("none", [])               # no ranges: one unit, never split
    assert big.parallel_load == "ranges" and len(big.ranges) == 2          # the exact name beats the wildcard
    [m] = mapped([ALL, settings(2, "emp", {"type": "subpartitions-auto"})], [EMP])
    assert (m.parallel_load, m.ranges) == ("auto", None)
    [m] = mapped([ALL], [EMP])
    assert (m.parallel_load, m.ranges) == (None, None)
    assert error([ALL, settings(2, "e%", {"type": "none"}), settings(3, "%p", {"type": "partitions-auto"})],
                 [EMP]) == "m.json: rules 2, 3 all set parallel-load for hr.emp; keep one (a rule naming the " \
                           "table exactly wins over one with wildcards)"


# ---------------------------------------------------------------------------------------------- on real databases

HOSTILE = ["O'Brien", "back\\slash", "\\'; DROP TABLE t; --", "tab\tnew\nline", "ünïcødé ✓ 𝄞", "100%_[x]",
           "'", "\\", "''\\\\''", "trailing\\"]
ROW = {"id": 1, "first": "Ann", "last": "O'Hara", "n": 12, "mid": None}
EXPRESSIONS = {   # DMS expression -> the value SQLite, PostgreSQL and MariaDB must all give for ROW
    "$first||' '||$last": "Ann O'Hara",
    "upper($last) || '''s'": "O'HARA's",
    "lower($first) || $n": "ann12",
    "coalesce($mid, ifnull($mid, '-'))": "-",
    "CASE WHEN $n > 10 AND NOT $mid IS NOT NULL THEN 'big' ELSE 'small' END": "big",
    "CASE $first WHEN 'Bob' THEN 1 WHEN 'Ann' THEN 2 END": 2,
    "length('ünï' || $first)": 6,
    "substr($last, 2, 3)": "'Ha",
    "replace($last, '''', '')": "OHara",
    "$n * 2 + -1 - abs(-$n)": 11,
    "trim('  x  ') || ltrim(' y') || rtrim('z ')": "xyz",
    "nullif($n, 12) IS NULL": 1,
    "'\\n' || $first": "\\nAnn",
}
TEXT = "id int!, first varchar(20), last varchar(20), n int, mid varchar(5), name varchar(60)"


def expressions_mapping(dialect: str, schema: str | None) -> list[tuple[str, str]]:
    src = table("t", schema, TEXT)
    rules = [sel(1, "%", "%")] + [
        tr(10 + i, "column", "add-column", {"schema-name": "%", "table-name": "t"}, value=f"x{i}",
           expression=e, data_type={"type": "string", "length": 40}) for i, e in enumerate(EXPRESSIONS)]
    [m] = mapped(rules, [src], dialect)
    return [(c[1], c[2]) for c in m.columns if c[0] is None]


def filters_for(value: str, dialect: str, schema: str | None) -> str:
    [m] = mapped([sel(1, "%", "t", filters=[flt("name", {"filter-operator": "eq", "value": value})])],
                 [table("t", schema, TEXT)], dialect)
    return m.where


def normal(value):
    return int(value) if isinstance(value, bool | Decimal) else value


def test_sqlite_round_trip():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id int, first text, last text, n int, mid text, name text)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                   [(i, ROW["first"], ROW["last"], ROW["n"], None, v) for i, v in enumerate(HOSTILE)])
    for i, value in enumerate(HOSTILE):
        assert db.execute(f"SELECT id FROM t WHERE {filters_for(value, 'sqlite', None)}").fetchall() == [(i,)]
    exprs = expressions_mapping("sqlite", None)
    row = db.execute(f"SELECT {', '.join(e for _, e in exprs)} FROM t WHERE id = 0").fetchone()
    assert [normal(v) for v in row] == list(EXPRESSIONS.values())
    # SQLite's own precedence is kept: || binds tighter than * there, and the emitted SQL says so
    [(value,)] = db.execute("SELECT " + _one("'1' || '2' * 3", "sqlite")).fetchall()
    assert value == 36                                       # ('1' || '2') * 3


def _one(expression: str, dialect: str) -> str:
    rule = tr(2, "column", "add-column", {"schema-name": "%", "table-name": "%"}, value="x", expression=expression,
              data_type={"type": "int4"})
    [m] = mapped([ALL, rule], [table("t", None, "id int!")], dialect)
    return m.columns[-1][2]


@pytest.mark.parametrize("standard_strings", ["on", "off"])
def test_postgresql_round_trip(pg_dsn, standard_strings):
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(f"SET standard_conforming_strings = {standard_strings}")
        conn.execute("SET escape_string_warning = off")
        conn.execute("CREATE TEMPORARY TABLE t (id int, first varchar(20), last varchar(20), n int, "
                     "mid varchar(5), name text)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO t VALUES (%s, %s, %s, %s, %s, %s)",
                            [(i, ROW["first"], ROW["last"], ROW["n"], None, v) for i, v in enumerate(HOSTILE)])
        for i, value in enumerate(HOSTILE):
            where_sql = filters_for(value, "postgresql", None)
            assert conn.execute(f"SELECT id FROM t WHERE {where_sql}").fetchall() == [(i,)], where_sql
        exprs = expressions_mapping("postgresql", None)
        row = conn.execute(f"SELECT {', '.join(e for _, e in exprs)} FROM t WHERE id = 0").fetchone()
        assert [normal(v) for v in row] == [normal(v) for v in EXPRESSIONS.values()]


@pytest.mark.parametrize("sql_mode", ["", "NO_BACKSLASH_ESCAPES", "ANSI_QUOTES,PIPES_AS_CONCAT"])
def test_mariadb_round_trip(mariadb_dsn, sql_mode):
    url = urlsplit(mariadb_dsn)
    conn = pymysql.connect(host=url.hostname, port=url.port or 3306, user=url.username or "root",
                           password=url.password or "", database=url.path.lstrip("/") or "test", charset="utf8mb4",
                           autocommit=True)
    try:
        cur = conn.cursor()
        cur.execute("SET SESSION sql_mode = %s", (sql_mode,))
        cur.execute("CREATE TEMPORARY TABLE t (id int, first varchar(20), last varchar(20), n int, mid varchar(5), "
                    "name varchar(60)) CHARACTER SET utf8mb4")
        cur.executemany("INSERT INTO t VALUES (%s, %s, %s, %s, %s, %s)",
                        [(i, ROW["first"], ROW["last"], ROW["n"], None, v) for i, v in enumerate(HOSTILE)])
        for i, value in enumerate(HOSTILE):
            where_sql = filters_for(value, "mysql", None).replace("`", '"' if "ANSI" in sql_mode else "`")
            cur.execute(f"SELECT id FROM t WHERE {where_sql}")
            assert cur.fetchall() == ((i,),), where_sql
        exprs = expressions_mapping("mysql", None)
        select = ", ".join(e for _, e in exprs)
        if "ANSI" in sql_mode:
            select = select.replace("`", '"')
        cur.execute(f"SELECT {select} FROM t WHERE id = 0")
        assert [normal(v) for v in cur.fetchone()] == [normal(v) for v in EXPRESSIONS.values()]
    finally:
        conn.close()


def test_parse_expression_tree():
    tree = parse_expression("$a || 'x' * 2 = 3 OR NOT $b IS NULL")
    assert tree.kind == "or"
    assert tree.args[0].kind == "cmp" and tree.args[0].args[0].kind == "arith"
    assert tree.args[0].args[0].args[0].kind == "concat"            # || binds tighter than * (SQLite)
    assert tree.args[1].kind == "not" and tree.args[1].args[0].kind == "isnull"
