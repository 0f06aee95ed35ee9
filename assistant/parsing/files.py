"""Entry points: choose the reader by content and extension, and keep bad input contained.

Whatever the input, a caller sees either a :class:`Report` or :class:`UnreadableInput` with a
Chinese message naming the file: a damaged file never surfaces as an ``IndexError`` or an lxml
error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import UnreadableInput
from assistant.parsing.assemble import build_report
from assistant.parsing.document import document_from_text
from assistant.report import Report

_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|table|meta|p|div)[\s>/]", re.I)
_Reader = Callable[[], Report]
_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mht"}
# Files LibreOffice converts (chosen by content; the suffix only breaks ties).
OFFICE_SUFFIXES = frozenset({".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt", ".ott"})
# Every file suffix parse_file reads: for folder scans and file pickers.
REPORT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml",
                             ".mht", ".docx", ".json", ".pdf", *OFFICE_SUFFIXES})


def parse_text(text: str, *, source: str | None = None) -> Report:
    """A report given as plain text (any of the scraped table forms)."""
    return _guarded(lambda: build_report(document_from_text(text), source=source), source)


def parse_html(data: bytes | str, *, source: str | None = None) -> Report:
    """A report saved as an HTML page (bytes: the page's charset is honoured)."""
    from assistant.parsing.html import html_document

    name = source or "HTML 输入"
    return _guarded(lambda: build_report(html_document(data, name=name), source=source), source)


def parse_docx(path_or_bytes: Path | str | bytes, *, source: str | None = None) -> Report:
    """A report saved as a Word .docx file."""
    from assistant.parsing.docx import docx_document

    if source is None and isinstance(path_or_bytes, Path | str):
        source = str(path_or_bytes)
    name = source or "Word 文档"
    return _guarded(
        lambda: build_report(docx_document(path_or_bytes, name=name), source=source), source
    )


def parse_pdf(path_or_bytes: Path | str | bytes, *, source: str | None = None) -> Report:
    """A report saved as a PDF with a text layer (a scan without one is ``UnreadableInput``)."""
    from assistant.parsing.pdf import pdf_document

    if source is None and isinstance(path_or_bytes, Path | str):
        source = str(path_or_bytes)
    name = source or "PDF 文件"

    def read() -> Report:
        data = path_or_bytes if isinstance(path_or_bytes, bytes) else _read(Path(path_or_bytes), name)
        got = pdf_document(data, name=name)
        report = build_report(got.document, source=source)
        if got.findings:
            report = report.model_copy(update={"parse_findings": [*got.findings, *report.parse_findings]})
        return report

    return _guarded(read, source)


def parse_office(data: bytes, *, kind: str, source: str | None = None) -> Report:
    """A .doc, .wps, .rtf or .odt report (``kind``), converted to .docx by LibreOffice."""
    from assistant.parsing.office import convert_to_docx

    name = source or "文档"
    return _guarded(lambda: parse_docx(convert_to_docx(data, name=name, kind=kind), source=source),
                    source)


def _read(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"无法读取文件 {name}：{exc.strerror or exc}") from exc


def _is_pdf(data: bytes) -> bool:
    """The PDF header, which readers accept anywhere in the first 1024 bytes."""
    return data.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]


def parse_file(path: Path) -> Report:
    """Read any supported report file; ``UnreadableInput`` names the file when it cannot."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"无法读取文件 {name}：{exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if not data.strip():
        raise UnreadableInput(f"文件 {name} 是空的")
    if _is_pdf(data):
        return parse_pdf(data, source=name)
    from assistant.parsing.office import office_kind

    kind = office_kind(data, suffix)
    if kind is None and suffix in OFFICE_SUFFIXES and data.startswith(b"PK\x03\x04"):
        kind = ".odt" if _zip_lacks_word(data) else None
    if kind is not None:
        return parse_office(data, kind=kind, source=name)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return parse_docx(data, source=name)
    if suffix == ".json" or _looks_json(data):
        report = _report_json(data, name, required=suffix == ".json")
        if report is not None:
            return report
    if suffix in _HTML_SUFFIXES or (suffix not in {".md", ".markdown"}
                                    and _HTML_SNIFF.search(data[:4096])):
        return parse_html(data, source=name)
    from assistant.parsing.normalise import decode_bytes

    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput(f"文件 {name} 是二进制文件，不是年度报告文本")
    text = decode_bytes(data, name=name)
    return parse_text(text, source=name)


def _zip_lacks_word(data: bytes) -> bool:
    """A zip package named .odt/.wps/… without Word's ``word/document.xml``."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" not in package.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False


def _looks_json(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _report_json(data: bytes, name: str, *, required: bool) -> Report | None:
    try:
        return Report.from_json(data.decode("utf-8-sig"))
    except (ValidationError, ValueError, UnicodeDecodeError) as exc:
        if required:
            raise UnreadableInput(f"文件 {name} 不是有效的年度报告 JSON：{_first_line(exc)}") from exc
        return None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n", 1)[0][:200]


def _guarded(read: _Reader, source: str | None) -> Report:
    """Run a reader; anything but ``UnreadableInput`` escaping it is a damaged input."""
    name = source or "输入"
    try:
        return read()
    except UnreadableInput:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, LookupError,
            RecursionError, MemoryError, OverflowError, ArithmeticError, OSError,
            UnicodeError, AssertionError) as exc:
        raise UnreadableInput(
            f"{name} 已损坏或格式无法识别，未能读取（{type(exc).__name__}：{_first_line(exc)}）"
        ) from exc

