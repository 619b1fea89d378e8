"""report.html: one self-contained file (CSS and a small script inline, no network) for a DBA to read."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sct.reports import view


@cache
def environment() -> Environment:
    """Templates with autoescape on: every name, comment, message and SQL text is shown as text."""
    return Environment(loader=PackageLoader("sct.reports", "templates"), autoescape=select_autoescape(
        enabled_extensions=("html", "j2"), default=True), undefined=StrictUndefined, trim_blocks=False)


def render_html(report: dict) -> str:
    return environment().get_template("report.html.j2").render(**view.build(report))
