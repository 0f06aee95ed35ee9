"""Reading published 政府信息公开工作年度报告 into :class:`~assistant.report.Report`.

- :func:`parse_file` — any supported file, by content and extension: text (.txt/.md, UTF-8,
  UTF-8 with BOM or GB18030), HTML (.html/.htm, saved pages and Word-export HTML), Word
  (.docx) and our own report JSON.
- :func:`parse_text`, :func:`parse_html`, :func:`parse_docx` — one format each.

Input that is not a report at all raises :class:`~assistant.errors.UnreadableInput` naming
the file; a report that is only partly readable gives what was read, with ``parse.*``
findings in ``Report.parse_findings`` for what was not.
"""

from assistant.parsing.files import parse_docx, parse_file, parse_html, parse_text

__all__ = ["parse_docx", "parse_file", "parse_html", "parse_text"]
