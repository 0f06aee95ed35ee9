"""Metadata: title, agency, year, statistics period, publication date, format version."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.cells import FormatVersion
from assistant.parsing.meta import (
    agency_from_text,
    agency_from_title,
    detect_format,
    find_period,
    find_published,
    find_title,
    year_from_title,
)

V19, V21 = FormatVersion.V2019, FormatVersion.V2021


@pytest.mark.parametrize(("text", "start", "end"), [
    ("本年度报告中所列数据的统计期限为2021年1月1日至2021年12月31日。", date(2021, 1, 1),
     date(2021, 12, 31)),
    ("本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。", date(2020, 1, 1),
     date(2020, 12, 31)),
    ("本年度报告中所列数据统计期限从2019年1月1日到12月31日止。", date(2019, 1, 1),
     date(2019, 12, 31)),
    ("本报告中所列数据统计时限为2022年1月1日至2022年12月31日。", date(2022, 1, 1),
     date(2022, 12, 31)),
    ("统计期限为20231月1日至2023年12月31日", date(2023, 1, 1), date(2023, 12, 31)),
    ("数据统计期限为 2023 年 1 月 1 日—2023 年 12 月 31 日", date(2023, 1, 1),
     date(2023, 12, 31)),
    ("2021年，我局公开信息100条。", None, None),
    ("统计期限为2021年2月30日至2021年12月31日", None, date(2021, 12, 31)),
])
def test_period(text: str, start: date | None, end: date | None) -> None:
    assert find_period(text) == (start, end)


def test_period_prefers_the_statistics_sentence() -> None:
    text = "2020年1月1日至3月1日开展专项行动。本报告统计期限为2021年1月1日至2021年12月31日。"
    assert find_period(text) == (date(2021, 1, 1), date(2021, 12, 31))


@pytest.mark.parametrize(("text", "published"), [
    ("某局2019年政府信息公开工作年度报告\n发布日期：2020-01-31\n正文", date(2020, 1, 31)),
    ("标题\n发布时间: 2021年1月20日\n正文", date(2021, 1, 20)),
    ("正文……\n某某县发展和改革局\n2024年1月17日\n", date(2024, 1, 17)),
    ("正文，2023年1月1日起施行。", None),
])
def test_published(text: str, published: date | None) -> None:
    assert find_published(text)[0] == published


@pytest.mark.parametrize(("title", "agency", "year"), [
    ("沭阳县发展和改革局2023年政府信息公开年度报告", "沭阳县发展和改革局", 2023),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019),
    ("平潭综合实验区2020年政府信息公开工作年度报告", "平潭综合实验区", 2020),
    ("某某镇人民政府2022年度政府信息公开工作年度报告", "某某镇人民政府", 2022),
    ("2022年政府信息公开工作年度报告", None, 2022),
])
def test_agency_and_year_from_title(title: str, agency: str | None, year: int) -> None:
    assert agency_from_title(title) == agency
    assert year_from_title(title) == year


@pytest.mark.parametrize(("text", "agency"), [
    ("本年度报告是根据《条例》规定,根据精河工业园区管理委员会的政府信息公开年度工作情况进行编制。",
     "精河工业园区管理委员会"),
    ("根据《条例》要求，现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。",
     "沭阳县发展和改革局"),
    ("本报告根据《条例》等文件要求，汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成。",
     "平潭综合实验区"),
    ("根据《福建省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求，"
     "我区编制完成了本报告。", None),
    ("正文。\n某某县市场监督管理局\n2024年1月20日", "某某县市场监督管理局"),
    ("如有疑问，请与平潭综合实验区政府信息公开工作领导小组办公室联系。", "平潭综合实验区"),
    ("如有疑问，请与本局办公室联系。", None),
])
def test_agency_from_text(text: str, agency: str | None) -> None:
    assert agency_from_text(text) == agency


@pytest.mark.parametrize(("text", "title"), [
    ("某某县交通运输局2022年政府信息公开工作年度报告\n根据……", "某某县交通运输局2022年政府信息公开工作年度报告"),
    ("某某县交通运输局\n2022年政府信息公开工作年度报告\n根据……",
     "某某县交通运输局2022年政府信息公开工作年度报告"),
    ("平潭综合实验区2020年政府信息公开工作年度报告 根据《条例》……",
     "平潭综合实验区2020年政府信息公开工作年度报告"),
    ("本年度报告是根据《中华人民共和国政府信息公开条例》编制。", None),
])
def test_title(text: str, title: str | None) -> None:
    found = find_title(text)
    assert (found.text if found else None) == title
    if found:
        assert text[found.start:found.end].replace("\n", "") == title


def test_title_from_page_hint() -> None:
    found = find_title("正文", hint="沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局")
    assert found is not None and found.text == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert found.start == -1


@pytest.mark.parametrize(("text", "year", "version", "basis"), [
    ("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", 2019, V21, "表格栏目"),
    ("信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量", 2022, V19, "表格栏目"),
    ("第二十条第（九）项\n政府集中采购 | 6 | 251000元", None, V19, "表格栏目"),
    ("（六）其他处理 | （空） | （空）", None, V19, "表格栏目"),
    ("（六）其他处理4 0 0 0 0 0 4（七）总计", None, V19, "表格栏目"),
    ("（六）其他处理\n1.申请人无正当理由逾期不补正", None, V21, "表格栏目"),
    ("（六）其他处理 |\n1.申请人无正当理由逾期不补正 |", None, V21, "表格栏目"),
    ("没有表格", 2020, V19, "年度"),
    ("没有表格", 2021, V21, "年度"),
    ("没有表格", None, V21, "默认"),
])
def test_detect_format(text: str, year: int | None, version: FormatVersion, basis: str) -> None:
    assert detect_format(text, year) == (version, basis)
