"""A valid, internally consistent report (and last year's) to break one rule at a time."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.cells import FormatVersion
from assistant.findings import SECTION_NUMERALS, SECTION_TITLES, SectionKey
from assistant.report import Report, Section

AGENCY = "临川县教育局"

PREFACE = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息"
    "公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制，包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
    "其他需要报告的事项六个部分。本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
    "本报告电子版可在临川县人民政府门户网站（www.linchuan.gov.cn）查阅或下载。"
    "如对本报告有疑问，请与临川县教育局办公室联系（电话：0794-1234567）。"
)
OVERVIEW = (
    "{year}年，临川县教育局认真贯彻落实《条例》，坚持以公开为常态、不公开为例外，扎实推进政府信息公开"
    "工作。（一）主动公开。全年通过门户网站主动公开政府信息326条，现行有效行政规范性文件{in_force}件。"
    "（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{carried_in}件，办结{handled}件，"
    "{carried_out}件结转下年度继续办理，均在法定期限内答复。（三）政府信息管理。严格落实公开属性源头"
    "认定和保密审查制度。（四）平台建设。做好门户网站政府信息公开专栏日常维护，及时更新政府信息公开"
    "指南。（五）监督保障。全年因政府信息公开被申请行政复议{review}件，提起行政诉讼{suits}件。"
)
PROBLEMS = (
    "一是政策解读形式较为单一，图表图解、视频解读等形式运用不足；二是依申请公开答复文书的规范性有待"
    "提高。改进措施：一是围绕重要政策制作图解和短视频解读，{next}年6月底前完成；二是修订依申请公开"
    "答复文书模板并开展案卷评查。针对上年度报告提出的政府信息公开目录更新不及时问题，已建立目录季度"
    "更新机制，整改完成。"
)
PROBLEMS_LAST_YEAR = (
    "一是政府信息公开目录更新不够及时；二是政务新媒体互动回应不够及时。改进措施：建立目录季度更新和"
    "专人核对机制，明确留言办理时限并纳入月度通报。针对上一年度指出的基层标准化规范化问题，已完成"
    "专项督导。"
)
OTHER = (
    "{year}年，临川县教育局未收取政府信息公开信息处理费。本年度认真办理人大代表建议和政协委员提案，"
    "无其他需要报告的事项。"
)

# 表三 of the valid report: (row, column) -> value; totals are computed.
T3_2023 = {
    ("new", "natural"): 20, ("new", "commercial"): 3, ("new", "legal"): 1,
    ("carried_in", "natural"): 2,
    ("public", "natural"): 12, ("public", "commercial"): 2,
    ("partial", "natural"): 3,
    ("withheld_4", "natural"): 1,
    ("unable_1", "natural"): 4, ("unable_1", "commercial"): 1,
    ("not_processed_2", "natural"): 1,
    ("other_3", "legal"): 1,
    ("handled_total", "natural"): 21, ("handled_total", "commercial"): 3,
    ("handled_total", "legal"): 1,
    ("carried_out", "natural"): 1,
}
T3_2022 = {
    ("new", "natural"): 15, ("new", "commercial"): 1,
    ("public", "natural"): 10, ("public", "commercial"): 1,
    ("unable_1", "natural"): 3,
    ("handled_total", "natural"): 13, ("handled_total", "commercial"): 1,
    ("carried_out", "natural"): 2,
}


def _fill_t3(report: Report, values: dict[tuple[str, str], int]) -> None:
    for (row, col), value in values.items():
        report.cells[f"t3.{row}.{col}"] = value
    rows = {row for row, _ in values}
    for row in rows:
        report.cells[f"t3.{row}.total"] = sum(v for (r, _), v in values.items() if r == row)


def _sections(texts: dict[SectionKey, str]) -> list[Section]:
    sections = [Section(key=SectionKey.PREFACE, text=texts[SectionKey.PREFACE])]
    for key, numeral in SECTION_NUMERALS.items():
        sections.append(Section(key=key, numeral=numeral, heading=f"{numeral}、{SECTION_TITLES[key]}",
                                text=texts.get(key, "")))
    return sections


def make_report(year: int = 2023, version: FormatVersion = FormatVersion.V2021) -> Report:
    """临川县教育局's report for ``year``: every rule holds, every number in the text is right."""
    report = Report.blank(version, agency=AGENCY, year=year)
    report.meta.title = f"{AGENCY}{year}年政府信息公开工作年度报告"
    if version is FormatVersion.V2021:
        report.cells.update({
            "t2.normative.issued": 5, "t2.normative.repealed": 2, "t2.normative.in_force": 40,
            "t2.licensing.decisions": 120, "t2.penalty.decisions": 15,
            "t2.coercion.decisions": 2, "t2.fees.amount_wan": Decimal("3.5"),
        })
        t3 = T3_2023
    else:
        report.cells.update({"t2.normative.made": 5, "t2.normative.published": 5,
                             "t2.normative.public_total": 40, "t2.licensing.decisions": 120})
        t3 = {(("other" if row == "other_3" else row), col): v for (row, col), v in T3_2023.items()}
    _fill_t3(report, t3)
    report.cells.update({
        "t4.review.upheld": 1, "t4.review.corrected": 1, "t4.review.total": 2,
        "t4.suit_direct.upheld": 1, "t4.suit_direct.total": 1,
    })
    report.sections = _sections({
        SectionKey.PREFACE: PREFACE.format(year=year),
        SectionKey.OVERVIEW: OVERVIEW.format(year=year, in_force=40, new=24, carried_in=2,
                                             handled=25, carried_out=1, review=2, suits=1),
        SectionKey.PROBLEMS: PROBLEMS.format(next=year + 1),
        SectionKey.OTHER: OTHER.format(year=year),
    })
    return Report.model_validate(report.model_dump())


def make_previous() -> Report:
    """The same agency's 2022 report: its 结转下年度 (2) is 2023's 上年结转; 37 + 5 − 2 = 40."""
    report = Report.blank(FormatVersion.V2021, agency=AGENCY, year=2022)
    report.meta.title = f"{AGENCY}2022年政府信息公开工作年度报告"
    report.cells.update({
        "t2.normative.issued": 4, "t2.normative.repealed": 1, "t2.normative.in_force": 37,
        "t2.licensing.decisions": 98, "t2.penalty.decisions": 11,
    })
    _fill_t3(report, T3_2022)
    report.sections = _sections({
        SectionKey.PREFACE: PREFACE.format(year=2022),
        SectionKey.OVERVIEW: OVERVIEW.format(year=2022, in_force=37, new=16, carried_in=0,
                                             handled=14, carried_out=2, review=0, suits=0),
        SectionKey.PROBLEMS: PROBLEMS_LAST_YEAR,
        SectionKey.OTHER: OTHER.format(year=2022),
    })
    return Report.model_validate(report.model_dump())


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def previous() -> Report:
    return make_previous()
