"""Benchmark: rendering the assessment report of a large schema (5,000 objects by default).

    .venv/bin/python bench/report.py [--objects 5000] [--formats html,pdf,sarif,csv]

Builds a synthetic Oracle schema (tables with a sequence-fed key, an index, a foreign key, a view with Oracle
SQL in it, and every tenth a PL/SQL procedure the converter reports as manual work), converts it, and times
each renderer against a reference measured in the same run: `json.dumps` of the same report (what writing
report.json costs). Prints seconds and the ratio to the reference; the issue's targets are HTML < 10 s and
PDF < 60 s on the project machine. No test asserts these times.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def synthetic_schema(objects: int) -> str:
    parts = []
    groups = max(objects // 5, 1)
    for n in range(groups):
        parent = f"t{n - 1}" if n else None
        parts.append(f"CREATE SEQUENCE s{n} START WITH 1 NOCACHE;")
        parts.append(f"CREATE TABLE t{n} (\n  id NUMBER(9) DEFAULT s{n}.NEXTVAL PRIMARY KEY,\n"
                     f"  name VARCHAR2(100) NOT NULL,\n  created DATE DEFAULT SYSDATE,\n  amount NUMBER(12,2),\n"
                     f"  parent_id NUMBER(9)\n);")
        parts.append(f"CREATE INDEX t{n}_name_ix ON t{n} (UPPER(name));")
        if parent:
            parts.append(f"ALTER TABLE t{n} ADD CONSTRAINT t{n}_fk FOREIGN KEY (parent_id) REFERENCES {parent} (id);")
        parts.append(f"CREATE OR REPLACE VIEW v{n} AS SELECT id, NVL(name, 'none') AS name,\n"
                     f"  DECODE(amount, NULL, 0, amount) AS amount, TO_CHAR(created, 'YYYY-MM-DD') AS day\n"
                     f"FROM t{n} WHERE ROWNUM <= 100;")
        if n % 10 == 0:
            parts.append(f"CREATE OR REPLACE PROCEDURE p{n} (x IN NUMBER) IS\nBEGIN\n"
                         f"  UPDATE t{n} SET amount = x;\n  COMMIT;\nEND;\n/")
    return "\n".join(parts) + "\n"


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=5000)
    parser.add_argument("--formats", default="html,pdf,sarif,csv")
    args = parser.parse_args()

    from sct.converter.pipeline import convert_text
    from sct.reports.model import build_report, dump

    text = synthetic_schema(args.objects)
    seconds, conversion = timed(lambda: convert_text(text, file="synthetic.sql"))
    report = build_report(conversion)
    print(f"report benchmark: {report['summary']['objects']} objects, "
          f"{sum(len(o['findings']) for o in report['objects'])} findings (conversion {seconds:.1f} s)")
    reference, _ = timed(lambda: dump(report))
    print(f"reference: json.dumps of report.json {reference:.3f} s")
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        if fmt == "html":
            from sct.reports.html import render_html as render
        elif fmt == "pdf":
            from sct.reports.pdf import render_pdf as render
        elif fmt == "sarif":
            from sct.reports.sarif import render_sarif as render
        elif fmt == "csv":
            from sct.reports.csv_export import render_csv as render
        else:
            sys.exit(f"bench: unknown format {fmt}")
        took, out = timed(lambda render=render: render(report))
        size = len(out) if isinstance(out, bytes) else len(out.encode())
        print(f"{fmt:<6} {took:7.2f} s  {size / 2**20:7.1f} MiB  ratio to reference {took / reference:7.1f}")
    json.dumps({})


if __name__ == "__main__":
    main()
