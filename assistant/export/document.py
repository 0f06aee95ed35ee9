"""The report as it will be printed: title, preface, sections with their paragraphs and tables.

Every exporter renders this one structure, so they agree on what is printed and in which order.
Building it is where an incomplete report is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from assistant.errors import NianbaoError
from assistant.export.layout import TableLayout, format_value, table_for_section
from assistant.form import SECTION_NUMERALS, FormatVersion, SectionKey, report_title, section_heading
from assistant.report import Report

TITLE_LINE_CHARS = 20  # 二号 characters on the 156 mm 版心 line

# "（一）主动公开情况", "㈠依申请公开情况", "(二) 政府信息管理": printed as a sub-heading (楷体).
_SUBHEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[㈠-㈩])")
_SENTENCE_END = re.compile(r"[。；;：:]\s*$")


@dataclass(frozen=True)
class PrintedSection:
    key: SectionKey | None
    heading: str  # "" for an unheaded preface
    paragraphs: tuple[str, ...]
    table: TableLayout | None


@dataclass(frozen=True)
class PrintedReport:
    title: str
    version: FormatVersion
    sections: tuple[PrintedSection, ...]
    values: Mapping[str, str]  # canonical address -> printed text
    cells: Mapping[str, int | Decimal | None]  # canonical address -> value

    def value(self, address: str) -> str:
        return self.values.get(address, "")


def printed_title(report: Report) -> str:
    """The title the report gives itself, else the form's: "{agency}{year}年政府信息公开工作年度报告"."""
    meta = report.meta
    if meta.title and meta.title.strip():
        return meta.title.strip()
    return report_title((meta.agency or "").strip(), meta.year)


def title_lines(title: str) -> tuple[str, ...]:
    """The title broken where the words allow (GB/T 9704 7.3.3: 回行时词意完整): a title too
    long for one line of 二号 type goes on two, the agency before its "YYYY年…年度报告"."""
    if len(title) <= TITLE_LINE_CHARS:
        return (title,)
    year = re.search(r"\d{4}年", title)
    if year is not None and 0 < year.start() <= TITLE_LINE_CHARS and (
            len(title) - year.start() <= TITLE_LINE_CHARS):
        return (title[: year.start()], title[year.start():])
    return (title,)


def paragraphs(text: str) -> tuple[str, ...]:
    """The non-empty lines of a section's text, stripped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def is_subheading(paragraph: str) -> bool:
    """A short numbered line such as "（一）主动公开情况", printed as a sub-heading."""
    return (
        bool(_SUBHEADING.match(paragraph))
        and len(paragraph) <= 30
        and not _SENTENCE_END.search(paragraph)
        and "。" not in paragraph
    )


def missing_sections(report: Report) -> list[SectionKey]:
    present = {s.key for s in report.sections}
    return [key for key in SECTION_NUMERALS if key not in present]


def printed_report(report: Report, *, require_sections: bool = True) -> PrintedReport:
    """What the exporters print; ``NianbaoError`` when one of the six sections is missing
    (unless ``require_sections`` is false: the tables alone are printed)."""
    missing = missing_sections(report)
    if missing and require_sections:
        names = "、".join(section_heading(k) for k in missing)
        source = f"（{report.meta.source}）" if report.meta.source else ""
        raise NianbaoError(
            f"报告{source}缺少第{'、'.join(SECTION_NUMERALS[k] for k in missing)}部分（{names}），"
            "无法按年度报告格式导出；请先补齐六个部分"
        )
    sections: list[PrintedSection] = []
    tabled: set[SectionKey] = set()
    for section in report.sections:
        heading = section.heading.strip()
        if not heading and section.key is not None and section.key is not SectionKey.PREFACE:
            heading = section_heading(section.key)
        table = None
        if section.key is not None and section.key not in tabled:
            table = table_for_section(report.version, section.key)
            if table is not None:
                tabled.add(section.key)
        sections.append(PrintedSection(section.key, heading, paragraphs(section.text), table))
    values = {address: format_value(value) for address, value in report.cells.items()}
    return PrintedReport(
        printed_title(report), report.version, tuple(sections), values, dict(report.cells)
    )
