"""Ways to start a year's report: blank, or from last year's report.

(Starting from a ledger is ``assistant.ledger.fill``; the UI stores its result the same way.)
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.cells import T3_COLUMNS, FormatVersion
from assistant.findings import SectionKey
from assistant.report import Report, Section

_PERIOD = re.compile(r"(\d{4})年1月1日至(\d{4})年12月31日")


def start_blank(agency: str, year: int) -> Report:
    """The 2021 format with every cell 0, six empty sections and a standard preface."""
    report = Report.blank(FormatVersion.V2021, agency=agency, year=year)
    report.meta.title = f"{agency}{year}年政府信息公开工作年度报告"
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
    for col, _ in T3_COLUMNS:
        carried = previous.cells.get(f"t3.carried_out.{col}")
        if isinstance(carried, int) and carried >= 0:
            report.cells[f"t3.carried_in.{col}"] = carried
    if previous.version is FormatVersion.V2021:
        for row in ("rules", "normative"):
            in_force = previous.cells.get(f"t2.{row}.in_force")
            if isinstance(in_force, int | Decimal) and in_force >= 0:
                report.cells[f"t2.{row}.in_force"] = int(in_force)
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
