"""The task file of `sct migrate TASK.yaml` and the flag form: defaults, DMS spellings, errors that name the
file and the key (with a did-you-mean for unknown keys), passwords from the environment that never show in a
message or a repr, and task.schema.json agreeing with the validator that applies it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml

from sct.errors import InputError
from sct.runner.model import ColumnInfo, TableInfo
from sct.runner.task import (
    SCHEMA_PATH,
    Settings,
    load_task,
    mask_dsn,
    task_from_flags,
    task_schema,
    validate_document,
)

SECRET = "s3cr:t/p@ss%w?rd"        # every character that needs encoding in a URL


def write(tmp_path: Path, text: str, name: str = "task.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fails(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as e:
        load_task(path)
    message = str(e.value)
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


MINIMAL = "source: mysql://app@db1:3306/shop\ntarget: postgresql://loader@pg1/shop\n"


def test_minimal_task_and_defaults(tmp_path):
    path = write(tmp_path, MINIMAL)
    task = load_task(path)
    assert (task.source, task.target) == ("mysql://app@db1:3306/shop", "postgresql://loader@pg1/shop")
    assert task.prep_mode == "do-nothing" and task.schema is None and task.path == path and task.task_id is None
    assert task.settings == Settings(parallel=2, batch_rows=10_000, chunk_rows=1_000_000, max_errors=0,
                                     zero_dates="null", nul_bytes="error", invalid_utf8="error", validate=True,
                                     cluster=None)
    assert task.secrets == ()
    assert task.mappings.name == "default mappings (every table)"
    assert len(task.mappings.rules) == 1 and task.mappings.rules[0].locator == {"schema-name": "%",
                                                                               "table-name": "%"}


def test_full_task(tmp_path):
    (tmp_path / "converted").mkdir()
    write(tmp_path, json.dumps({"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                                           "object-locator": {"schema-name": "shop", "table-name": "%"},
                                           "rule-action": "include"}]}), "mappings.json")
    path = write(tmp_path, """\
# a whole task
source: {dsn: "mariadb://app@db1/shop"}
target: postgresql://loader@pg1/shop
schema: converted
prep_mode: TRUNCATE_BEFORE_LOAD
task_id: shop-2024.1_nightly
mappings: mappings.json
settings:
  parallel: 8
  batch_rows: 5000
  chunk_rows: 0
  max_errors: 1000
  zero_dates: error
  nul_bytes: strip
  invalid_utf8: replace
  validate: no
  cluster: dask://scheduler.internal:8786
""")
    task = load_task(path)
    assert task.schema == tmp_path / "converted"
    assert task.prep_mode == "truncate" and task.task_id == "shop-2024.1_nightly"
    assert task.mappings.name == str(tmp_path / "mappings.json")
    assert task.settings == Settings(parallel=8, batch_rows=5000, chunk_rows=0, max_errors=1000, zero_dates="error",
                                     nul_bytes="strip", invalid_utf8="replace", validate=False,
                                     cluster="dask://scheduler.internal:8786")


@pytest.mark.parametrize("written, mode", [("drop-and-create", "drop-and-create"), ("truncate", "truncate"),
                                           ("do-nothing", "do-nothing"), ("DROP_AND_CREATE", "drop-and-create"),
                                           ("TRUNCATE_BEFORE_LOAD", "truncate"), ("DO_NOTHING", "do-nothing")])
def test_prep_modes(tmp_path, written, mode):
    assert load_task(write(tmp_path, MINIMAL + f"prep_mode: {written}\n")).prep_mode == mode


def test_inline_mappings_and_zero_dates_null(tmp_path):
    task = load_task(write(tmp_path, MINIMAL + """\
mappings:
  rules:
    - {rule-type: selection, rule-id: "1", rule-name: "1", rule-action: include,
       object-locator: {schema-name: shop, table-name: "%"}}
settings: {zero_dates: null, max_errors: 25}
"""))
    assert task.mappings.name == f"{tmp_path / 'task.yaml'}: mappings"
    assert task.settings.zero_dates == "null" and task.settings.max_errors == 25


@pytest.mark.parametrize("text, message", [
    (MINIMAL + "settings: {parallel: 0}\n", "settings.parallel: must be >= 1"),
    (MINIMAL + "settings: {parallel: two}\n", "settings.parallel: must be a whole number, not a string"),
    (MINIMAL + "settings: {parallel: 2.5}\n", "settings.parallel: must be a whole number, not a decimal number"),
    (MINIMAL + "settings: {parallel: true}\n", "settings.parallel: must be a whole number, not true/false"),
    (MINIMAL + "settings: {paralel: 4}\n", "settings.paralel: unknown key (did you mean 'parallel'?)"),
    (MINIMAL + "settings: {batch_rows: 0}\n", "settings.batch_rows: must be >= 1"),
    (MINIMAL + "settings: {chunk_rows: -1}\n", "settings.chunk_rows: must be >= 0"),
    (MINIMAL + "settings: {max_errors: -1}\n", "settings.max_errors: must be >= 0"),
    (MINIMAL + "settings: {max_errors: unlimited}\n", "settings.max_errors: must be a whole number, not a string"),
    (MINIMAL + "task_id: 'my run'\n", "task_id: must match "),
    (MINIMAL + "settings: {zero_dates: zero}\n", "settings.zero_dates: must be one of null, error, null, not 'zero'"),
    (MINIMAL + "settings: {nul_bytes: strp}\n",
     "settings.nul_bytes: must be one of strip, error, not 'strp' (did you mean 'strip'?)"),
    (MINIMAL + "settings: {validate: maybe}\n", "settings.validate: must be true or false, not a string"),
    (MINIMAL + "settings: {cluster: 'tcp://h:8786'}\n", "settings.cluster: must be dask://host:port"),
    (MINIMAL + "settings: [parallel]\n", "settings: must be a mapping, not a list"),
    (MINIMAL + "prep_mode: TRUNCATE\n",
     "prep_mode: must be one of drop-and-create, truncate, do-nothing, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD, "
     "DO_NOTHING, not 'TRUNCATE' (did you mean 'truncate'?)"),
    (MINIMAL + "mapings: m.json\n", "mapings: unknown key (did you mean 'mappings'?)"),
    (MINIMAL + "mappings: [1]\n", "mappings: must be a string or a mapping or null, not a list"),
    (MINIMAL + "schema: ''\n", "schema: must not be empty"),
    ("target: postgresql://pg1/db\n", "source: required (the database to read from)"),
    ("source: sqlite:///a.db\ntarget: 5\n", "target: must be a string or a mapping, not a number"),
    ("source: {url: 'mysql://h/db'}\ntarget: sqlite:///b.db\n",
     "source.url: unknown key (known keys: dsn, password_env); "),
    ("source: {dsn: 'mysql://h/db', password_env: 'MY-PW'}\ntarget: sqlite:///b.db\n",
     "source.password_env: must be an environment variable name (letters, digits and _)"),
    ("- source\n", "must be a mapping, not a list"),
    ("", "the task file is empty (it needs at least source: and target:)"),
    ("source: a\nsource: b\n", "line 2: key 'source' is given twice"),
    ("source: [a\n", "line 2, column 1: expected ',' or ']', but got '<stream end>'"),
])
def test_errors_name_the_key(tmp_path, text, message):
    assert message in fails(tmp_path, text)


def test_all_problems_in_one_message(tmp_path):
    assert fails(tmp_path, "target: x\nsettings: {parallel: 0, batch: 1}\n") == \
        f"settings.parallel: must be >= 1; {tmp_path / 'task.yaml'}: settings.batch: unknown key (did you mean " \
        f"'batch_rows'?); {tmp_path / 'task.yaml'}: source: required (the database to read from)"


@pytest.mark.parametrize("text, message", [
    (MINIMAL.replace("mysql://", "oracle://"), "source: unsupported database 'oracle' in oracle://app@db1:3306/shop "
                                               "(sct connects to mysql, mariadb, postgresql, postgres, sqlite)"),
    (MINIMAL.replace("mysql://app@db1:3306/shop", "db1/shop"), "source: not a DSN; write scheme://user@host:port/"),
    (MINIMAL.replace("3306", "33o6"), "source: not a valid DSN (mysql://app@db1:33o6/shop)"),
    (MINIMAL + "schema: nowhere\n", "schema: folder not found: "),
    (MINIMAL + "mappings: nowhere.json\n", "mappings: file not found: "),
    (MINIMAL + "mappings: {rules: []}\n", "mappings: no selection rule"),
])
def test_resolving_errors(tmp_path, text, message):
    assert message in fails(tmp_path, text)


def test_schema_must_be_a_folder(tmp_path):
    write(tmp_path, "x", "file.sql")
    assert fails(tmp_path, MINIMAL + "schema: file.sql\n") == \
        f"schema: {tmp_path / 'file.sql'} is a file; give the folder `sct convert -o` wrote"


def test_passwords_from_the_environment_never_show(tmp_path, monkeypatch):
    monkeypatch.setenv("SRC_PW", SECRET)
    monkeypatch.setenv("PG_PW", SECRET)
    monkeypatch.setenv("DB_HOST", "db1.internal")
    task = load_task(write(tmp_path, """\
source: "mysql://app:${SRC_PW}@${DB_HOST}:3306/shop"
target: {dsn: "postgresql://loader@pg1:5432/shop?sslmode=require", password_env: PG_PW}
"""))
    encoded = "s3cr%3At%2Fp%40ss%25w%3Frd"
    assert task.source == f"mysql://app:{encoded}@db1.internal:3306/shop"
    assert task.target == f"postgresql://loader:{encoded}@pg1:5432/shop?sslmode=require"
    assert task.masked(task.source) == "mysql://app:***@db1.internal:3306/shop"
    assert task.masked(task.target) == "postgresql://loader:***@pg1:5432/shop?sslmode=require"
    assert task.masked(f"cannot connect with {SECRET} or {encoded}") == "cannot connect with *** or ***"
    for text in (repr(task), str(task), f"{task}"):
        assert SECRET not in text and encoded not in text and "s3cr" not in text
        assert "mysql://app:***@db1.internal:3306/shop" in text
    # the DSN as psycopg and pymysql read it gives back the password
    assert unquote(urlsplit(task.target).password) == SECRET


def test_password_errors_never_show_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PW", SECRET)
    for text in ("source: 'oracle://u:${PW}@h/db'\ntarget: sqlite:///x.db\n",
                 "source: 'mysql://u:${PW}@h:99999/db'\ntarget: sqlite:///x.db\n",
                 "source: 'mysql://u:hunter22@h/db?password=${PW}'\ntarget: 'oracle://h/db?pwd=hunter22'\n",
                 "source: 'mysql://u:hunter22@h/db'\ntarget: {dsn: 'postgresql://u:hunter22@h/db', password_env: PW}\n",
                 "source: {dsn: 'sqlite:///a.db', password_env: PW}\ntarget: sqlite:///b.db\n",
                 "source: {dsn: 'mysql://u@h/db', password_env: NOT_SET_ANYWHERE}\ntarget: sqlite:///b.db\n",
                 "source: 'mysql://u:${NOT_SET_ANYWHERE}@h/db'\ntarget: sqlite:///b.db\n",
                 "source: 'mysql://u:${PW@h/db'\ntarget: sqlite:///b.db\n",
                 "source: 'mysql://u:hunter22@h/db'\ntarget: 'mysql://u:hunter22@h/db'\nsettings: {parallel: 0}\n",
                 "source: 'mysql://u:hunter22@h/db'\ntarget: 'mysql://u:hunter22@h/db'\nprep_mode: hunter22\n\t"):
        message = fails(tmp_path, text)
        assert SECRET not in message and "s3cr" not in message and "hunter22" not in message, message


def test_password_error_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("PW", "x")
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    assert fails(tmp_path, "source: {dsn: 'mysql://u@h/db', password_env: NOT_SET_ANYWHERE}\ntarget: sqlite:///b\n") \
        == "source: password_env: environment variable NOT_SET_ANYWHERE is not set"
    assert fails(tmp_path, "source: 'mysql://u:${NOT_SET_ANYWHERE}@h/db'\ntarget: sqlite:///b\n") == \
        "source: environment variable NOT_SET_ANYWHERE is not set"
    assert fails(tmp_path, "source: {dsn: 'mysql://u:p@h/db', password_env: PW}\ntarget: sqlite:///b\n") == \
        "source: password_env is given and the DSN has a password too; keep one"
    assert fails(tmp_path, "source: 'mysql://u:${PW@h/db'\ntarget: sqlite:///b\n") == \
        "source: an unclosed ${ in the DSN (write ${NAME})"
    assert fails(tmp_path, "source: 'mysql://u:${1PW}@h/db'\ntarget: sqlite:///b\n") == \
        "source: ${1PW} is not an environment variable reference (${NAME})"


def test_mask_dsn():
    assert mask_dsn("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert mask_dsn("postgresql://u@h/db?password=pw&sslmode=require") == \
        "postgresql://u@h/db?password=***&sslmode=require"
    assert mask_dsn("mysql://u:p/w?x@h/db") == "mysql://u:***@h/db"
    assert mask_dsn("postgresql://h:5432/db") == "postgresql://h:5432/db"
    assert mask_dsn("sqlite:///tmp/a.db") == "sqlite:///tmp/a.db"
    assert mask_dsn("mysql://u@h/db?options=-c%20x%3Dtopsecret", ["topsecret"]) == "mysql://u@h/db?options=-c%20x%3D***"
    assert mask_dsn("mysql://u:y@hy:3306/y", ["y"]) == "mysql://u:***@hy:3306/y"      # short: its place only


def test_flag_form(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PW", SECRET)
    (tmp_path / "out").mkdir()
    write(tmp_path, json.dumps({"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                                           "object-locator": {"schema-name": "%", "table-name": "t%"},
                                           "rule-action": "include"}]}), "m.json")
    task = task_from_flags("mysql://u:${PW}@h/db", "postgresql://u@pg/db", "out", "DO_NOTHING", "m.json")
    assert task.path is None and task.prep_mode == "do-nothing" and task.schema == Path("out")
    assert task.masked(task.source) == "mysql://u:***@h/db" and SECRET not in repr(task)
    assert task.mappings.name == "m.json" and task.settings == Settings()
    task = task_from_flags("sqlite:///a.db", "postgresql://u@pg/db")
    assert (task.prep_mode, task.schema, task.mappings.name) == ("do-nothing", None,
                                                                 "default mappings (every table)")
    for args, message in [(("", "sqlite:///b"), "--source: a DSN is required"),
                          (("sqlite:///a", "db2://h/x"), "--target: unsupported database 'db2'"),
                          (("sqlite:///a", "sqlite:///b", "missing"), "--schema: folder not found: missing"),
                          (("sqlite:///a", "sqlite:///b", None, "wipe"), "--prep-mode: must be one of drop-and-create"),
                          (("sqlite:///a", "sqlite:///b", None, None, "none.json"), "--mappings: file not found: none.json")]:
        with pytest.raises(InputError, match="^" + message.replace("$", r"\$")):
            task_from_flags(*args)


def test_not_a_file(tmp_path):
    with pytest.raises(InputError, match=f"^{tmp_path / 'none.yaml'}: task file not found$"):
        load_task(tmp_path / "none.yaml")
    with pytest.raises(InputError, match=f"^{tmp_path}: is a folder, not a task file$"):
        load_task(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes(b"source: caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8 text"):
        load_task(tmp_path / "latin1.yaml")


# ---------------------------------------------------------------------------------------------- the schema

AGREEMENT = [   # documents the hand validator and jsonschema must judge alike
    {"source": "mysql://h/db", "target": "sqlite:///x"},
    {"source": {"dsn": "mysql://h/db", "password_env": "PW"}, "target": "sqlite:///x", "schema": "out",
     "prep_mode": "DO_NOTHING", "mappings": {"rules": []}, "task_id": "a.b-c_1",
     "settings": {"parallel": 256, "batch_rows": 1, "chunk_rows": 0, "max_errors": 7, "zero_dates": None,
                  "nul_bytes": "strip", "invalid_utf8": "replace", "validate": False, "cluster": "dask://h:1"}},
    {"source": "mysql://h/db", "target": "sqlite:///x", "mappings": None, "schema": None,
     "settings": {"max_errors": 0, "cluster": None}},
    {"source": "mysql://h/db"},
    {"source": "", "target": "x"},
    {"source": {"dsn": "x", "pw": "y"}, "target": "x"},
    {"source": {"password_env": "PW"}, "target": "x"},
    {"source": "x", "target": "y", "settings": {"parallel": 0}},
    {"source": "x", "target": "y", "settings": {"parallel": 257}},
    {"source": "x", "target": "y", "settings": {"parallel": True}},
    {"source": "x", "target": "y", "settings": {"max_errors": "many"}},
    {"source": "x", "target": "y", "task_id": "-x"},
    {"source": "x", "target": "y", "settings": {"zero_dates": "zero"}},
    {"source": "x", "target": "y", "settings": {"cluster": "dask://h"}},
    {"source": "x", "target": "y", "prep_mode": "truncate_before_load"},
    {"source": "x", "target": "y", "extra": 1},
    {"source": "x", "target": "y", "mode": "full-load-and-cdc",
     "cdc": {"start_position": "mariadb-bin.000001:4", "stop_position": None, "batch_changes": 1,
             "batch_seconds": 0.5, "slot": "sct_a1", "metrics_port": 9187, "validate": False, "settle_seconds": 0,
             "apply_errors": "log"}},
    {"source": "x", "target": "y", "mode": "cdc_only"},
    {"source": "x", "target": "y", "cdc": {"batch_seconds": 0}},
    {"source": "x", "target": "y", "cdc": {"slot": "Bad-Slot"}},
    {"source": "x", "target": "y", "cdc": {"apply_errors": "ignore"}},
    {"source": "x", "target": "y", "cdc": {"batch_size": 5}},
    ["source"],
]


def test_mode_and_cdc_settings(tmp_path):
    task = load_task(write(tmp_path, MINIMAL + "mode: full_load_and_cdc\ncdc: {batch_seconds: 0.25, "
                                               "metrics_port: 9187, apply_errors: log}\n"))
    assert task.mode == "full-load-and-cdc"
    assert (task.cdc.batch_seconds, task.cdc.metrics_port, task.cdc.apply_errors) == (0.25, 9187, "log")
    assert load_task(write(tmp_path, MINIMAL)).mode == "full-load"
    assert "cdc.batch_size: unknown key" in fails(tmp_path, MINIMAL + "cdc: {batch_size: 5}\n")
    assert "cdc.batch_seconds: must be > 0" in fails(tmp_path, MINIMAL + "cdc: {batch_seconds: 0}\n")


def test_every_cdc_setting_has_a_default_and_a_schema_entry():
    from sct.runner.cdc.settings import CdcSettings

    settings = task_schema()["properties"]["cdc"]["properties"]
    assert sorted(settings) == sorted(set(CdcSettings.__dataclass_fields__) - {"until_caught_up"})
    assert all(s.get("description") for s in settings.values())


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(task_schema())
    assert json.loads(SCHEMA_PATH.read_text()) == task_schema()


@pytest.mark.parametrize("document", AGREEMENT)
def test_validator_agrees_with_jsonschema(document):
    expected = sorted(".".join(str(p) for p in e.absolute_path)
                      for e in jsonschema.Draft202012Validator(task_schema()).iter_errors(document))
    got = validate_document(document)
    assert bool(got) == bool(expected), (got, expected)
    # where jsonschema reports a missing key at the object, the validator names the key itself
    assert {p.split(".")[0] for p, _ in got if "." in p or p} >= {p.split(".")[0] for p in expected if p}


def test_every_setting_has_a_default_and_a_schema_entry():
    settings = task_schema()["properties"]["settings"]["properties"]
    assert list(settings) == list(Settings.__dataclass_fields__)
    assert all(s.get("description") for s in settings.values())


def test_example_in_the_docs_loads(tmp_path, monkeypatch):
    """docs/migrate.md's example task file is a valid task."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "migrate.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    document = yaml.safe_load(example)
    assert validate_document(document) == []
    monkeypatch.setenv("PG_PASSWORD", "x")
    monkeypatch.setenv("SRC_PASSWORD", "y")
    (tmp_path / "converted").mkdir()
    mappings = doc.split("```json\n", 1)[1].split("```", 1)[0]
    write(tmp_path, mappings, "mappings.json")
    task = load_task(write(tmp_path, example))
    assert task.settings.parallel == document["settings"]["parallel"]
    assert task.masked(task.source) == "mysql://app:***@db1.internal:3306/shop"
    # and the mappings do what the page says
    tables = [TableInfo("customers", "shop", [ColumnInfo("id", "int", False), ColumnInfo("first_name", "varchar(40)"),
                                              ColumnInfo("last_name", "varchar(40)"), ColumnInfo("card_no", "char(16)")],
                        ["id"]),
              TableInfo("orders", "shop", [ColumnInfo("id", "bigint", False), ColumnInfo("created", "date"),
                                           ColumnInfo("card_no", "char(16)")], ["id"]),
              TableInfo("tmp_import", "shop", [ColumnInfo("x", "int")]),
              TableInfo("tmpfile", "shop", [ColumnInfo("x", "int")])]
    customers, orders, tmpfile = task.mappings.apply(tables, lambda n: f"`{n}`", "mariadb")
    assert [(m.target_schema, m.target_name) for m in (customers, orders, tmpfile)] == \
        [("public", "customers"), ("public", "orders"), ("public", "tmpfile")]
    assert customers.columns == [("id", "id", None), ("first_name", "first_name", None),
                                 ("last_name", "last_name", None),
                                 (None, "full_name", "CONCAT(`first_name`, ' ', `last_name`)")]
    assert customers.column_types == {"full_name": "varchar(120)"} and customers.where is None
    assert orders.where == "`created` >= '2020-01-01'"
    assert [c[1] for c in orders.columns] == ["id", "created"]
    assert [(r.low, r.high) for r in orders.ranges] == [(None, 1000000), (1000000, 2000000), (2000000, None)]
    assert task.mappings.warnings == []
