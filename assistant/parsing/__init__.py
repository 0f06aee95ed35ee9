"""Reading published 政府信息公开工作年度报告 into :class:`~assistant.report.Report`.

- :func:`parse_file` — any supported file, by content and extension: text (.txt/.md, UTF-8,
  UTF-8 with BOM or GB18030), HTML (.html/.htm, saved pages and Word-export HTML), Word
  (.docx), PDF with a text layer (.pdf, recognised by its ``%PDF`` header whatever the name),
  .doc/.wps/.rtf/.odt (converted to .docx by LibreOffice) and our own report JSON.
- :func:`parse_text`, :func:`parse_html`, :func:`parse_docx`, :func:`parse_pdf` — one format each.
- ``REPORT_SUFFIXES`` — the file suffixes these read, for folder scans and file pickers.
- :func:`clear_content_caches` — forget what was cached about whole blocks of reports' content
  (benchmarks call it so that re-parsing the same text does not count cache hits).

Input that is not a report at all raises :class:`~assistant.errors.UnreadableInput` naming
the file (a scanned PDF without text says which pages have none); a report that is only partly
readable gives what was read, with ``parse.*`` findings in ``Report.parse_findings`` for what
was not.
"""

from assistant.parsing.files import (
    REPORT_SUFFIXES,
    parse_docx,
    parse_file,
    parse_html,
    parse_pdf,
    parse_text,
)
from assistant.parsing.tables import clear_content_caches

__all__ = [
    "REPORT_SUFFIXES",
    "clear_content_caches",
    "parse_docx",
    "parse_file",
    "parse_html",
    "parse_pdf",
    "parse_text",
]
