"""`sct convert` as a user sees it: exit codes (0 done, 1 findings at or above --fail-on, 2 usage or input
error), one-line messages naming file:line, no traceback, no password in any output, report.json valid and
byte-identical from run to run.

Most tests call `sct.cli.main()` in-process (fast, and the same code path as the installed `sct` script,
including its handling of SctError); a few run the installed `.venv/bin/sct` in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "corpus" / "oracle" / "shop"
SCT = Path(sys.executable).parent / "sct"
SECRET = "s3cret"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def sct(tmp_path, monkeypatch, cli_in_process):
    """`sct(*args)`: run `sct convert ...` through cli.main() in tmp_path; returns exit code and output."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Run:
        result = Run(*cli_in_process(*args))
        assert "Traceback" not in result.output, result.output
        assert result.code in (0, 1, 2), f"exit {result.code}: {result.output}"
        return result

    return run


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def validate(document: dict) -> None:
    schema = json.loads((REPO / "reports" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)


def all_findings(document: dict) -> list[dict]:
    return ([f for o in document["objects"] for f in o["findings"]] + document["script_findings"]
            + [f for o in document["data_statements_needing_work"] for f in o["findings"]])


# --- 1. an unparsable statement does not stop the conversion ---------------------------------------------

def test_unparsable_statement_is_reported_and_the_rest_converts(sct, tmp_path):
    write(tmp_path / "app.sql", "CREATE TABLE first_t (id NUMBER(5));\n"
                                "\n"
                                "CREATE TABLE broken blah blah (;\n"
                                "CREATE TABLE after_t (id NUMBER(5), name VARCHAR2(30));\n")
    run = sct("convert", "app.sql", "--from", "oracle", "--to", "postgres", "-o", "out")
    assert run.code == 0, run.output
    schema = (tmp_path / "out" / "schema.sql").read_text(encoding="utf-8")
    assert "CREATE TABLE first_t" in schema
    assert "CREATE TABLE after_t" in schema
    doc = report(tmp_path / "out")
    validate(doc)
    unparsed = [o for o in doc["objects"] if any(f["rule_id"] == "OR010" for f in o["findings"])]
    assert len(unparsed) == 1, doc["objects"]
    obj = unparsed[0]
    assert (obj["file"], obj["line"], obj["status"], obj["in_target"]) == ("app.sql", 3, "manual", False)
    finding = next(f for f in obj["findings"] if f["rule_id"] == "OR010")
    assert (finding["file"], finding["line"]) == ("app.sql", 3)


# --- 2. encodings ------------------------------------------------------------------------------------------

LATIN1 = "CREATE TABLE cafe (id NUMBER(5));\nCOMMENT ON TABLE cafe IS 'Café';\n".encode("latin-1")


def test_non_utf8_file_is_an_input_error_naming_file_and_line(sct, tmp_path):
    write(tmp_path / "latin.sql", LATIN1)
    run = sct("convert", "latin.sql", "-o", "out")
    assert run.code == 2
    message = run.stderr.strip()
    assert message.startswith("sct: error: latin.sql:2: "), message
    assert "0xe9" in message and "column 30 (byte offset 63)" in message
    assert "--encoding" in message and "latin-1" in message
    assert len(message.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_latin1_file_converts_with_encoding(sct, tmp_path):
    write(tmp_path / "latin.sql", LATIN1)
    run = sct("convert", "latin.sql", "--encoding", "latin-1", "-o", "out")
    assert run.code == 0, run.output
    schema = (tmp_path / "out" / "schema.sql").read_bytes()
    assert "'Café'".encode() in schema
    schema.decode("utf-8")


def test_utf16_file_suggests_utf16(sct, tmp_path):
    write(tmp_path / "wide.sql", "CREATE TABLE t (id NUMBER(5));\n".encode("utf-16"))
    run = sct("convert", "wide.sql", "-o", "out")
    assert run.code == 2
    assert "wide.sql:1:" in run.stderr and "--encoding utf-16" in run.stderr


@pytest.mark.parametrize("name, says", [("nope", "unknown encoding 'nope'"),
                                        ("base64", "'base64' is not a text encoding")])
def test_bad_encoding_name(sct, tmp_path, name, says):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "a.sql", "--encoding", name, "-o", "out")
    assert run.code == 2
    assert run.stderr.startswith("sct: error: ") and says in run.stderr


# --- 3. sources that are not there -------------------------------------------------------------------------

def test_empty_folder(sct, tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.txt", "not a script")
    run = sct("convert", "empty", "-o", "out")
    assert run.code == 2
    assert "empty: folder holds no script files" in run.stderr
    assert "*.sql" in run.stderr and "*.pks" in run.stderr


def test_missing_path(sct, tmp_path):
    run = sct("convert", "missing.sql", "-o", "out")
    assert run.code == 2
    assert "missing.sql: no such file or folder" in run.stderr


def test_missing_install_order(sct, tmp_path):
    (tmp_path / "src").mkdir()
    write(tmp_path / "src" / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "src", "--install-order", "install.sql", "-o", "out")
    assert run.code == 2
    assert "install.sql: install script not found" in run.stderr


def test_no_sources_is_a_usage_error(sct):
    assert sct("convert", "-o", "out").code == 2


# --- 4. dialects -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("option, value, supported", [("--from", "mssqlx", "oracle"), ("--to", "mysqlx", "postgres")])
def test_unknown_dialect_lists_supported(sct, tmp_path, option, value, supported):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "a.sql", option, value, "-o", "out")
    assert run.code == 2
    assert value in run.stderr and f"supported: {supported}" in run.stderr


def test_dialect_names_ignore_case(sct, tmp_path):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    assert sct("convert", "a.sql", "--from", "Oracle", "--to", "Postgres", "-o", "out").code == 0


# --- output folder -----------------------------------------------------------------------------------------

def test_output_folder_that_is_a_file(sct, tmp_path):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    write(tmp_path / "out", "")
    run = sct("convert", "a.sql", "-o", "out")
    assert run.code == 2
    assert "out: the output folder (-o) is a file" in run.stderr


def test_output_folder_that_cannot_be_created(sct, tmp_path):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    write(tmp_path / "file", "")
    run = sct("convert", "a.sql", "-o", "file/out")
    assert run.code == 2
    assert "cannot write the output" in run.stderr


def test_no_stale_data_sql_from_an_earlier_run(sct, tmp_path):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\nINSERT INTO t VALUES (1);\n")
    assert sct("convert", "a.sql", "-o", "out").code == 0
    assert (tmp_path / "out" / "data.sql").exists()
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    assert sct("convert", "a.sql", "-o", "out").code == 0
    assert not (tmp_path / "out" / "data.sql").exists()


def test_a_script_whose_only_data_work_is_a_plsql_block_gets_a_data_sql_that_runs_it(sct, tmp_path, scratch_pg,
                                                                                     psql_apply):
    write(tmp_path / "a.sql", "CREATE TABLE t (n NUMBER(5));\nBEGIN\n  FOR i IN 1..3 LOOP\n"
                              "    INSERT INTO t VALUES (i * 10);\n  END LOOP;\nEND;\n/\n")
    assert sct("convert", "a.sql", "-o", "out").code == 0
    data = (tmp_path / "out" / "data.sql").read_text()
    assert "DO $$" in data
    psql_apply(scratch_pg, tmp_path / "out" / "schema.sql")
    psql_apply(scratch_pg, tmp_path / "out" / "data.sql")
    import psycopg

    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT array_agg(n ORDER BY n) FROM t").fetchone()[0] == [10, 20, 30]


# --- 5. --verify with a server that cannot be used; the password is never shown ----------------------------

def assert_secret_nowhere(run: Run, tmp_path: Path) -> None:
    assert SECRET not in run.output
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("dsn", [
    f"postgresql://root:{SECRET}@127.0.0.1:1/test",
    f"host=127.0.0.1 port=1 user=root password={SECRET} dbname=test",
    f"postgresql://root:{SECRET}@127.0.0.1:notaport/test",
    f"mysql://root:{SECRET}@127.0.0.1:1/test",
])
def test_unreachable_server(sct, tmp_path, dsn):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "a.sql", "-o", "out", "--verify", dsn)
    assert run.code == 2
    assert run.stderr.startswith("sct: error: ")
    assert "cannot connect" in run.stderr or "invalid PostgreSQL connection string" in run.stderr
    assert_secret_nowhere(run, tmp_path)


def test_unreachable_server_message_names_host_and_port(sct, tmp_path):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "a.sql", "-o", "out", "--verify", f"postgresql://root:{SECRET}@127.0.0.1:1/test")
    assert "cannot connect to PostgreSQL at 127.0.0.1:1 database test" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("userinfo", [f"root:s3@{SECRET}", f"root:s3/{SECRET}"])
def test_password_with_unencoded_at_or_slash_is_not_echoed(sct, tmp_path, userinfo):
    # libpq ends the user info at the first '@' or '/': the rest of the password would become the host name
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "a.sql", "-o", "out", "--verify", f"postgresql://{userinfo}@127.0.0.1:1/test")
    assert run.code == 2
    assert "percent-encoded" in run.stderr
    assert_secret_nowhere(run, tmp_path)


def test_wrong_database_name(sct, tmp_path, pg_dsn):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    run = sct("convert", "a.sql", "-o", "out",
              "--verify", f"postgresql://root:{SECRET}@127.0.0.1:5432/sct_no_such_database")
    assert run.code == 2
    assert "cannot connect to PostgreSQL at 127.0.0.1:5432 database sct_no_such_database" in run.stderr
    assert "does not exist" in run.stderr
    assert_secret_nowhere(run, tmp_path)


# --- 6. --fail-on ------------------------------------------------------------------------------------------

CLEAN = "CREATE TABLE plain_t (id NUMBER(10), name VARCHAR2(20));\n"
REVIEW = "CREATE GLOBAL TEMPORARY TABLE scratch_t (id NUMBER(10)) ON COMMIT DELETE ROWS;\n"
MANUAL = "CREATE TABLE broken blah blah (;\n"


@pytest.mark.parametrize("text, level, code", [
    (REVIEW, "review", 1),
    (CLEAN, "review", 0),
    (REVIEW, "manual", 0),
    (REVIEW + MANUAL, "manual", 1),
    (REVIEW + MANUAL, "REVIEW", 1),
    (REVIEW + MANUAL, "blocker", 0),
])
def test_fail_on(sct, tmp_path, text, level, code):
    write(tmp_path / "a.sql", text)
    run = sct("convert", "a.sql", "-o", "out", "--fail-on", level)
    assert run.code == code, run.output
    efforts = {f["effort"] for f in all_findings(report(tmp_path / "out"))}
    assert ("review" in efforts) == (text != CLEAN)


def test_fail_on_bogus_level(sct, tmp_path):
    write(tmp_path / "a.sql", CLEAN)
    run = sct("convert", "a.sql", "-o", "out", "--fail-on", "bogus")
    assert run.code == 2
    assert "review, manual, blocker" in run.stderr
    assert not (tmp_path / "out").exists()


# --- 7, 8. the bundled example: deterministic output, report valid against the JSON schema ------------------

OUTPUTS = ("schema.sql", "data.sql", "report.json")


def run_installed(args: list[str], cwd: Path, seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([str(SCT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.mark.parametrize("sources", [
    [str(SHOP), "--install-order", "install.sql"],
    [str(SHOP / "shop_tables.sql"), str(SHOP / "shop_views.sql"), str(SHOP / "shop_data.sql")],
], ids=["install-order", "files"])
def test_bundled_example_is_deterministic_and_valid(tmp_path, sources):
    # separate processes with different hash seeds: set and dict order must not leak into the output
    for seed, out in (("1", "a"), ("2", "b")):
        done = run_installed(["convert", *sources, "--from", "oracle", "--to", "postgres", "-o", out],
                             tmp_path, seed)
        assert done.returncode == 0, done.stderr
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    doc = report(tmp_path / "a")
    validate(doc)
    assert doc["summary"]["objects"] > 10 and doc["summary"]["data_statements"]["total"] > 0
    assert doc["summary"]["by_status"]["manual"] == 0
    assert doc["verification"] is None


def test_verify_against_postgres_report_is_valid(sct, tmp_path, pg_dsn):
    run = sct("convert", str(SHOP), "--install-order", "install.sql", "-o", "out", "--verify", pg_dsn)
    assert run.code == 0, run.output
    doc = report(tmp_path / "out")
    validate(doc)
    verification = doc["verification"]
    assert verification["applied"] + verification["failed"] > 10
    assert verification["server_version"].split(".")[0].isdigit()
    failed = [o for o in doc["objects"] if o["status"] == "failed_verification"]
    assert len(failed) == verification["failed"]
    assert all(o["verification_error"] and not o["in_target"] for o in failed)


def test_verify_failures_trip_the_gate(sct, tmp_path, pg_dsn):
    # PostgreSQL rejects the view (no such function); --fail-on blocker still fails on a rejected object
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n"
                              "CREATE VIEW v AS SELECT sct_no_such_function(id) AS x FROM t;\n")
    run = sct("convert", "a.sql", "-o", "out", "--verify", pg_dsn, "--fail-on", "blocker")
    assert run.code == 1, run.output
    doc = report(tmp_path / "out")
    validate(doc)
    assert doc["summary"]["by_status"]["failed_verification"] == 1


# --- the installed script: same messages, no traceback -----------------------------------------------------

def test_installed_script_input_error(tmp_path):
    write(tmp_path / "latin.sql", LATIN1)
    done = run_installed(["convert", "latin.sql", "-o", "out"], tmp_path, "0")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("sct: error: latin.sql:2:")


def test_installed_script_unreachable_verify(tmp_path):
    write(tmp_path / "a.sql", "CREATE TABLE t (id NUMBER(5));\n")
    done = run_installed(["convert", "a.sql", "-o", "out", "--verify",
                          f"postgresql://root:{SECRET}@127.0.0.1:1/test"], tmp_path, "0")
    assert done.returncode == 2
    assert "cannot connect" in done.stderr
    assert SECRET not in done.stdout + done.stderr
