"""The HTML and PDF assessment reports say what report.json says, escape what they show, and stand alone."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from sct.converter.pipeline import convert_text
from sct.reports.effort import EffortModel, load_model
from sct.reports.html import render_html
from sct.reports.model import build_report
from sct.reports.pdf import render_pdf
from sct.reports.view import verdict

SAMPLE = """\
CREATE SEQUENCE orders_seq START WITH 1 NOCACHE;
CREATE TABLE customers (id NUMBER(9) PRIMARY KEY, name VARCHAR2(100) NOT NULL, created DATE DEFAULT SYSDATE,
  spot MDSYS.SDO_GEOMETRY);
CREATE TABLE orders (id NUMBER(9) DEFAULT orders_seq.NEXTVAL PRIMARY KEY, customer_id NUMBER(9),
  total NUMBER(12,2) CHECK (total >= 0));
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
CREATE INDEX orders_customer_ix ON orders (customer_id);
CREATE VIEW big_orders AS SELECT id, NVL(total, 0) AS total FROM orders WHERE total > 100 AND ROWNUM <= 10;
CREATE VIEW customer_names AS SELECT name FROM customers;
CREATE VIEW read_only_orders AS SELECT * FROM orders WITH READ ONLY;
CREATE OR REPLACE PACKAGE BODY order_admin AS
  g_last_name customers.name%TYPE;
  PROCEDURE close_order (p_id IN NUMBER) IS
  BEGIN
    UPDATE orders SET total = 0 WHERE id = p_id;
  END;
END order_admin;
/
INSERT INTO orders (id, total) VALUES (1, 10);
"""


def report_for(text: str, model: EffortModel | None = None) -> dict:
    return build_report(convert_text(text, file="sample.sql"), effort_model=model)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found (Debian poppler-utils; scripts/system-packages installs it)",
                    pytrace=False)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def squash(text: str) -> str:
    """Text without any whitespace: PDF lines wrap anywhere."""
    return re.sub(r"\s+", "", text)


def all_findings(report: dict) -> list[dict]:
    out = [f for o in report["objects"] for f in o["findings"]]
    out += [f for o in report["data_statements_needing_work"] for f in o["findings"]]
    return out + report["script_findings"]


@pytest.fixture(scope="module")
def sample() -> tuple[dict, str, bytes]:
    report = report_for(SAMPLE)
    return report, render_html(report), render_pdf(report)


def test_sample_has_every_status_but_failed(sample):
    report, _, _ = sample
    by = report["summary"]["by_status"]
    assert by["converted"] and by["converted_with_review"] and by["manual"]


def test_summary_counts_equal_the_objects_of_report_json(sample):
    report, page, _ = sample
    objects = report["objects"]
    for status in ("converted", "converted_with_review", "manual", "failed_verification"):
        shown = re.search(rf'<div class="card {status}"><b>(\d+)</b>', page)
        assert shown and int(shown.group(1)) == sum(1 for o in objects if o["status"] == status), status
    for kind in {o["kind"] for o in objects}:
        row = re.search(rf"<tr><td>{kind.replace('_', ' ')}</td>(.*?)</tr>", page)
        assert row, kind
        cells = re.findall(r'<td class="n">(\d*)</td>', row.group(1))
        assert int(cells[-1]) == sum(1 for o in objects if o["kind"] == kind), kind
    assert f"<b>{report['effort']['total_hours']}</b>hours estimated" in page
    assert str(escape(verdict(report))) in page


def test_every_finding_appears_in_html_and_pdf(sample, tmp_path):
    report, page, pdf = sample
    text = squash(pdf_text(pdf, tmp_path))
    findings = all_findings(report)
    assert len(findings) > 10
    missing_html = [f for f in findings if str(escape(f["message"])) not in page]
    missing_pdf = [f for f in findings if squash(f["message"]) not in text]
    assert not missing_html, missing_html[:3]
    assert not missing_pdf, missing_pdf[:3]


def test_objects_show_source_lines_with_findings_marked(sample):
    report, page, _ = sample
    view = next(o for o in report["objects"] if o["name"] == "big_orders")
    block = page[page.index(f'id="{view["id"]}"'):]
    block = block[:block.index("</details>")]
    assert '<span class="ln">8</span>' in block                 # the view starts on line 8 of sample.sql
    assert "LIMIT 10" in block                                  # its converted SQL beside the source
    manual = next(o for o in report["objects"] if o["name"] == "customers")
    block = page[page.index(f'id="{manual["id"]}"'):]
    block = block[:block.index("</details>")]
    assert re.search(r'class="l hit manual"><span class="ln">3</span>\s*spot MDSYS.SDO_GEOMETRY', block)
    assert "not in schema.sql" in block


def test_blocked_objects_name_what_they_wait_for(sample):
    report, page, _ = sample
    blocked = [o for o in report["objects"] if any(f["rule_id"] == "OR016" for f in o["findings"])]
    assert {o["name"] for o in blocked} >= {"orders_customer_fk", "customer_names"}
    section = page[page.index('<section id="blocked">'):page.index('<section id="objects">')]
    for obj in blocked:
        assert f'href="#{obj["id"]}"' in section
    assert "depends on table customers" in section


def test_html_stands_alone():
    page = render_html(report_for(SAMPLE))
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r'\s(src|href)="(https?:)?//', page)
    assert page.count("<script>") == 1 and page.count("<style>") == 1


HOSTILE = """\
CREATE TABLE "<script>alert(1)</script>" (a NUMBER(4), "x"" onmouseover=""alert(2)" VARCHAR2(10));
COMMENT ON TABLE "<script>alert(1)</script>" IS '{{ 7*7 }} and {% raw %} <b>bold</b> & "quoted"';
CREATE VIEW v AS SELECT '<img src=x onerror=alert(3)>' AS s, a FROM "<script>alert(1)</script>" WITH READ ONLY;
CREATE VIEW w AS SELECT weird_fn('</pre><script>alert(4)</script>') AS s FROM dual;
"""


def test_names_comments_and_literals_are_shown_as_text(tmp_path):
    report = report_for(HOSTILE)
    page = render_html(report)
    body = page[:page.rindex("<script>")]                      # our own script is the last one
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>bold</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    assert "{{ 7*7 }}" in page and ">49<" not in page and "{% raw %}" in page
    assert 'onmouseover=""alert(2)' not in page.replace("&#34;", '"').replace("&quot;", '"') or (
        'x&#34;&#34; onmouseover' in page or "x&quot;&quot; onmouseover" in page)
    text = pdf_text(render_pdf(report), tmp_path)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(3)>" in text


def test_effort_model_is_stated_and_adjustable(tmp_path):
    base = report_for(SAMPLE)
    config = tmp_path / "effort.toml"
    config.write_text("[levels]\nmanual = 3\n[rules.OR426]\nhours = 8\nper_100_lines = 0.5\nlearning = 0\n")
    adjusted = report_for(SAMPLE, load_model(config))
    package = next(o for o in adjusted["objects"] if any(f["rule_id"] == "OR426" for f in o["findings"]))
    lines = package["source_sql"].count("\n") + 1
    assert package["effort_hours"] == pytest.approx(8 + 0.5 * lines / 100, abs=0.01)
    assert adjusted["effort"]["total_hours"] > base["effort"]["total_hours"]
    assert str(config) in adjusted["effort"]["model"]
    page = render_html(adjusted)
    assert str(escape(adjusted["effort"]["model"])) in page


def test_effort_totals_add_up(sample):
    report, _, _ = sample
    effort = report["effort"]
    assert effort["total_hours"] == pytest.approx(effort["work_hours"] + effort["learning_hours"], abs=0.11)
    assert effort["work_hours"] == pytest.approx(sum(r["hours"] for r in effort["by_rule"].values()), abs=0.11)
    objects = sum(o["effort_hours"] for o in report["objects"])
    assert objects <= effort["work_hours"] + 0.1
    assert sum(effort["objects_by_bucket"].values()) == report["summary"]["objects"]


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["human_resources", "customer_orders", "sales_history", "chinook",
                                  "product_media", "order_entry"])
def test_assess_each_oracle_corpus_in_every_format(name, shared_corpus, tmp_path):
    import jsonschema

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from test_oracle_corpora import CORPORA

    corpus = CORPORA[name]
    args = [str(shared_corpus / "oracle" / name / f) for f in corpus.files]
    for key, value in corpus.defines.items():
        args += ["--define", f"{key}={value}"]
    out = tmp_path / "out"
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "sct"), "assess", *args, "--encoding", corpus.encoding,
                          "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert re.match(r"sct: objects=\d+ auto=[0-9.]+ .* gate=none$", run.stdout.strip().splitlines()[-1])
    for file in ("report.html", "report.pdf", "report.json", "report.sarif", "report.csv"):
        assert (out / file).stat().st_size > 1000, file
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    report = json.loads((out / "report.json").read_text())
    schema = json.loads((ROOT / "reports" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert f'<div class="card manual"><b>{report["summary"]["by_status"]["manual"]}</b>' in (
        out / "report.html").read_text()
