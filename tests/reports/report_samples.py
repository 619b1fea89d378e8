"""Scripts and reports shared by the tests of the SARIF, CSV and baseline exports.

SAMPLE has a finding of every kind a report holds: object findings at every effort but blocker (a schema
qualified table, a table and a view whose quoted names look like spreadsheet formulas), data statements
needing work, and script findings (SQL*Plus commands). V1 and V2 are two versions of one script: V2 fixes the
unconvertible view of V1 and adds a view that does not convert and a second USER call.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sct.converter.pipeline import convert_text
from sct.reports.baseline import each_finding
from sct.reports.model import build_report

REPO = Path(__file__).resolve().parents[2]
SCT = Path(sys.executable).parent / "sct"
SUMMARY = r"^sct: objects=\d+ auto=[0-9.]+ review=\d+ manual=\d+ blocker=\d+ failed=\d+ effort_h=[0-9.]+ gate=(pass|fail|none)$"

SAMPLE_FILE = "scripts/hr schema.sql"
SAMPLE = """\
SET ECHO OFF
PROMPT creating the hr schema
CREATE TABLE hr.emp (
  id NUMBER(9) PRIMARY KEY,
  name VARCHAR2(50) NOT NULL
);
CREATE TABLE "=HYPERLINK(""http://x"")" (id NUMBER(9), "-2+3" DATE);
CREATE VIEW "@v" AS SELECT ROWID AS rid, id FROM hr.emp;
INSERT INTO hr.emp (id, name) VALUES (1, USER);
INSERT INTO hr.emp (id, name) SELECT ROWNUM, name FROM hr.emp WHERE ROWNUM > 2;
"""

V1 = """\
CREATE TABLE emp (
  id NUMBER(9) PRIMARY KEY,
  name VARCHAR2(50) NOT NULL,
  boss NUMBER(9)
);

CREATE VIEW emp_rowids AS SELECT ROWID AS rid, id FROM emp;

CREATE VIEW emp_user AS SELECT id, USER AS who FROM emp;
"""

# V1 with emp_rowids fixed, and nothing else changed
V2_FIXED = V1.replace("SELECT ROWID AS rid, id FROM emp", "SELECT id, name FROM emp")

# V2_FIXED, plus a second USER in emp_user and a view whose ROWNUM condition does not convert
V2 = V2_FIXED.replace("USER AS who FROM", "USER AS who, USER AS who2 FROM") + """
CREATE VIEW emp_top AS SELECT id FROM emp WHERE ROWNUM > 2;
"""


def report_of(sql: str, file: str = SAMPLE_FILE) -> dict:
    return build_report(convert_text(sql, file))


def findings_of(report: dict) -> list[dict]:
    """Every finding of a report, in report order (objects, data statements, script findings)."""
    return [finding for _, finding in each_finding(report)]


def with_blank_lines(sql: str) -> str:
    """The same script with blank lines and a comment inserted above and between its statements."""
    return "\n\n-- moved down\n\n" + sql.replace(";\n", ";\n\n\n")


def run_sct(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed `sct` command, as a CI job runs it."""
    return subprocess.run([str(SCT), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
