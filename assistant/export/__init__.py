"""Export a report: Word in official-document layout, HTML for the website, PDF, Markdown,
JSON (the model with canonical cell addresses) and the tables as .xlsx.

``render(report, fmt)`` gives the bytes; ``export_report(report, out, fmt)`` writes them
atomically (a temp file in the destination folder, then ``os.replace``): a failed export never
leaves a partial file. The destination folder must exist (it is not created silently).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from assistant import atomic
from assistant.errors import NianbaoError
from assistant.export.document import printed_report
from assistant.export.fonts import FontSettings
from assistant.report import Report


class ExportFormat(StrEnum):
    DOCX = "docx"
    HTML = "html"
    PDF = "pdf"
    MD = "md"
    JSON = "json"
    XLSX = "xlsx"


SUFFIXES: dict[ExportFormat, tuple[str, ...]] = {
    ExportFormat.DOCX: (".docx",),
    ExportFormat.HTML: (".html", ".htm"),
    ExportFormat.PDF: (".pdf",),
    ExportFormat.MD: (".md", ".markdown"),
    ExportFormat.JSON: (".json",),
    ExportFormat.XLSX: (".xlsx",),
}


def render(report: Report, fmt: ExportFormat, *, fonts: FontSettings | None = None) -> bytes:
    """The exported file's bytes. ``NianbaoError`` when the report cannot be exported."""
    if fmt is ExportFormat.JSON:
        return report.to_json().encode("utf-8") + b"\n"
    # The tables alone (xlsx) do not need the six sections; documents do.
    printed = printed_report(report, require_sections=fmt is not ExportFormat.XLSX)
    fonts = fonts or FontSettings.from_env()
    if fmt is ExportFormat.DOCX:
        from assistant.export.docx import render_docx

        return render_docx(printed, fonts)
    if fmt is ExportFormat.HTML:
        from assistant.export.html import render_html

        return render_html(printed, fonts)
    if fmt is ExportFormat.MD:
        from assistant.export.markdown import render_markdown

        return render_markdown(printed)
    if fmt is ExportFormat.XLSX:
        from assistant.export.xlsx import render_xlsx

        return render_xlsx(printed, fonts)
    from assistant.export.docx import render_docx
    from assistant.export.pdf import docx_to_pdf

    return docx_to_pdf(render_docx(printed, fonts), fonts=fonts, name=f"“{printed.title}”")


def format_for(out: Path, fmt: ExportFormat | str | None = None) -> ExportFormat:
    """The format to write: ``fmt`` if given (checked against the file's extension), else the
    one the extension names."""
    suffix = out.suffix.lower()
    by_suffix = next((f for f, sufs in SUFFIXES.items() if suffix in sufs), None)
    if fmt is None:
        if by_suffix is None:
            choices = "、".join(f.value for f in ExportFormat)
            raise NianbaoError(f"无法从文件名“{out.name}”判断导出格式，请用 --to 指定（{choices}）")
        return by_suffix
    try:
        chosen = ExportFormat(str(fmt).lower().lstrip("."))
    except ValueError:
        choices = "、".join(f.value for f in ExportFormat)
        raise NianbaoError(f"不支持的导出格式“{fmt}”，可选：{choices}") from None
    if suffix and by_suffix is not None and by_suffix is not chosen:
        raise NianbaoError(
            f"输出文件“{out.name}”的扩展名 {out.suffix} 与导出格式 {chosen.value} 不符；"
            f"请改用扩展名 {SUFFIXES[chosen][0]}"
        )
    return chosen


def check_destination(out: Path) -> None:
    """``NianbaoError`` naming the problem when ``out`` cannot be written."""
    folder = out.parent
    if not out.name or out.name in (".", ".."):
        raise NianbaoError(f"输出路径“{out}”不是文件名")
    if not folder.exists():
        raise NianbaoError(f"输出文件夹不存在：{folder}（请先创建该文件夹）")
    if not folder.is_dir():
        raise NianbaoError(f"输出路径“{out}”的上级“{folder}”不是文件夹")
    if out.is_dir():
        raise NianbaoError(f"输出路径“{out}”是一个已有的文件夹，请给出文件名")


def export_report(report: Report, out: Path | str, fmt: ExportFormat | str | None = None, *,
                  fonts: FontSettings | None = None) -> Path:
    """Render ``report`` and write it to ``out`` atomically; returns the path written."""
    out = Path(out)
    chosen = format_for(out, fmt)
    check_destination(out)  # before rendering: fail fast, and never after a slow PDF
    data = render(report, chosen, fonts=fonts)
    try:
        return atomic.write_bytes(out, data)
    except NianbaoError:
        raise
    except OSError as exc:
        raise NianbaoError(f"无法写入输出文件“{out}”：{exc.strerror or exc}") from exc


__all__ = [
    "ExportFormat",
    "FontSettings",
    "check_destination",
    "export_report",
    "format_for",
    "render",
]
