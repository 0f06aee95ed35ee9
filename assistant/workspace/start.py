"""Ways to start a year's report: blank, or from last year's report.

(Starting from a ledger is ``assistant.ledger.fill``; the UI stores its result the same way.)
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.form import FormatVersion, SectionKey, continuity_rules, report_title
from assistant.report import Report, Section

_PERIOD = re.compile(r"(\d{4})年1月1日至(\d{4})年12月31日")


def start_blank(agency: str, year: int) -> Report:
    """The 2021 format with every cell 0, six empty sections and a standard preface."""
    report = Report.blank(FormatVersion.V2021, agency=agency, year=year)
    report.meta.title = report_title(agency, year)
    return report


def start_from_previous(previous: Report, year: int | None = None) -> Report:
    """This year's report begun from last year's.

    Carried over: the agency; 表三 二、上年结转 = last year's 四、结转下年度 (column by column);
    表二 现行有效件数 = last year's (this year's issued and repealed start at 0); the narrative of
    every section except 五 (this year's problems must be written anew), with the statistics
    period moved to the new year. Every other count starts at 0.
    """
    last_year = previous.meta.year
    if year is None:
        if last_year is None:
            raise ValueError("上年报告没有年度，请指定本年度")
        year = last_year + 1
    agency = previous.meta.agency or "本机关"
    report = start_blank(agency, year)
    # Each relation continued with this year's part at 0: the cell takes last year's value.
    for rule in continuity_rules(report.version, previous.version):
        value = previous.cells.get(rule.previous)
        if isinstance(value, int | Decimal) and value >= 0:
            report.cells[rule.cell] = int(value)
    texts = {s.key: s.text for s in previous.sections if s.key is not None}
    for section in report.sections:
        if section.key is None or section.key is SectionKey.PROBLEMS:
            continue
        section.text = _PERIOD.sub(f"{year}年1月1日至{year}年12月31日", texts.get(section.key, ""))
    preface = texts.get(SectionKey.PREFACE, "")
    if preface:
        report.sections.insert(0, Section(
            key=SectionKey.PREFACE,
            text=_PERIOD.sub(f"{year}年1月1日至{year}年12月31日", preface),
        ))
    return report
