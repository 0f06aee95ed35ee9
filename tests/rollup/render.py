"""Write a report in the forms units send: text (two layouts), HTML and .docx."""

from __future__ import annotations

from pathlib import Path

from assistant.export import ExportFormat, render
from assistant.report import Report
from testdata.synth import render_text


def write_report(report: Report, stem: Path, form: str) -> Path:
    if form in ("cells", "rows"):
        path = stem.with_suffix(".txt")
        path.write_text(render_text(report, form), encoding="utf-8")
    elif form == "html":
        path = stem.with_suffix(".html")
        path.write_bytes(render(report, ExportFormat.HTML))
    elif form == "docx":
        path = stem.with_suffix(".docx")
        path.write_bytes(render(report, ExportFormat.DOCX))
    else:
        raise ValueError(form)
    return path
