"""report.pdf: the same report for print, rendered by WeasyPrint (page numbers, a table of contents).

The PDF shows every object in one table, and the source and target of the objects that need work. A very
large report keeps the PDF readable and fast by detailing the first `max_objects` of those (the rest are in
the HTML, CSV and JSON, and the PDF says so); code is wrapped, never clipped.
"""

from __future__ import annotations

import logging

from sct.reports import view
from sct.reports.html import environment

MAX_OBJECTS = 200           # objects detailed with their source (the rest: HTML, CSV, JSON)
MAX_LINES = 120             # longer sources show only their lines with findings


def render_pdf(report: dict, max_objects: int = MAX_OBJECTS) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = environment().get_template("report.pdf.html.j2").render(
        **view.build(report), max_objects=max_objects, max_lines=MAX_LINES)
    return HTML(string=html).write_pdf()
