"""Exporting a report: from the workspace through the export gate, with the journal; or a report
file to another format (``nianbao export``).

The gate (``OpenReport.gate``) holds export back while errors remain (placeholders such as
【待补充】 included) or cells of the national form are blank or unresolved, unless the writer has
recorded a reason; every file written is journalled with the errors it went out with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import NianbaoError
from assistant.export import ExportFormat, check_destination, export_report, format_for, render
from assistant.form import report_title
from assistant.report import Report
from assistant.workspace import ExportRecord, OpenReport
from assistant.workspace.store import UNNAMED_AGENCY, now


def file_stem(report: Report) -> str:
    """The exported files' name without extension: “某机关2024年政府信息公开工作年度报告”."""
    return report_title(report.meta.agency or UNNAMED_AGENCY, report.meta.year)


def export_open(current: OpenReport, formats: Sequence[ExportFormat | str], folder: Path) -> list[Path]:
    """Write the report in each of ``formats`` into ``folder`` (created if missing), each file
    journalled; refused while the gate is closed."""
    if not formats:
        raise NianbaoError("请至少选择一种导出格式")
    chosen = [ExportFormat(f) for f in formats]
    gate = current.gate()
    if gate.blocked:
        raise NianbaoError(gate.message())
    with current.lock:
        report = current.report.model_copy(deep=True)
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(report)
    written = []
    for fmt in chosen:
        out = export_report(report, folder / f"{stem}.{fmt.value}", fmt)
        current.folder.record_export(ExportRecord(
            format=fmt.value, file=str(out), at=now(), errors=len(gate.blocking),
            override_reason=gate.override.reason if gate.override else None))
        written.append(out)
    return written


@dataclass(frozen=True)
class Preview:
    """The report as exported (the website page), and what the gate says about it."""

    page: str
    note: str


def preview(current: OpenReport) -> Preview:
    with current.lock:
        report = current.report.model_copy(deep=True)
    gate = current.gate()
    page = render(report, ExportFormat.HTML).decode("utf-8")
    note = f"预览：{gate.message()}" if gate.blocking else "预览：导出的内容与此相同。"
    return Preview(page, note)


def export_file(source: Path, out: Path, fmt: ExportFormat | str | None = None) -> tuple[Path, ExportFormat]:
    """A report file (any format the parser reads) written as ``out``; the format is ``fmt`` or
    the one ``out``'s extension names. Returns the path written and the format."""
    from assistant.parsing import parse_file  # deferred: the parser is heavy

    chosen = format_for(out, fmt)
    check_destination(out)  # before parsing: a wrong folder is reported at once
    if not source.is_file():
        raise NianbaoError(f"找不到报告文件：{source}")
    report = parse_file(source)
    return export_report(report, out, chosen), chosen
