"""The facts sheet: stable ids, values from the tables, deltas, carry-over, last year's problems, notes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.facts import FactKind, FactsSheet, Topic, build_facts, note_topic, split_problems
from assistant.findings import SectionKey
from assistant.parsing import parse_file
from assistant.report import Report


def test_cells_derived_values_and_deltas(current: Report, previous: Report, sheet: FactsSheet) -> None:
    new = sheet.get("t3.new.total")
    assert new is not None and new.kind is FactKind.CELL and new.value == current.cells["t3.new.total"]
    received = sheet.get("d.received")
    assert received is not None
    assert received.value == int(current.cells["t3.new.total"] or 0) + int(current.cells["t3.carried_in.total"] or 0)
    last = sheet.get("last.t3.new.total")
    delta = sheet.get("delta.t3.new.total")
    assert last is not None and delta is not None
    assert last.value == previous.cells["t3.new.total"]
    change = int(current.cells["t3.new.total"] or 0) - int(previous.cells["t3.new.total"] or 0)
    assert delta.value == abs(change) and ("增加" if change > 0 else "减少" if change < 0 else "持平") in delta.label
    carry = sheet.get("d.carry_over")
    assert carry is not None and "一致" in str(carry.value)
    fees = sheet.get("t2.fees.amount_wan")
    assert fees is not None and isinstance(fees.value, Decimal) and fees.unit == "万元"
    share = sheet.get("d.share.public")
    assert share is not None and share.unit == "%"
    years = {f.id: f.value for f in sheet.of_kind(FactKind.META)}
    assert years["meta.year"] == 2023 and years["meta.next_year"] == 2024 and years["meta.previous_year"] == 2022


def test_ids_are_stable_and_unique(current: Report, previous: Report, notes: list[str]) -> None:
    first = build_facts(current, previous, notes)
    reordered = build_facts(current, previous, list(reversed(notes)))
    assert len({f.id for f in first.facts}) == len(first.facts)
    assert {f.id for f in first.facts} == {f.id for f in reordered.facts}
    note = first.notes(Topic.FEE)[0]
    assert note.id.startswith("note.") and note.value == "本年度未收取信息处理费"


def test_last_years_problems_become_facts(sheet: FactsSheet, previous: Report) -> None:
    problems = sheet.of_kind(FactKind.PROBLEM)
    assert [p.value for p in problems] == ["依申请公开答复文书的规范性有待提高",
                                           "政策解读形式较为单一，图表图解、视频解读等形式运用不足"]
    assert all(p.id.startswith("prev.") and Topic.FATE in p.topics for p in problems)
    assert len(sheet.of_kind(FactKind.MEASURE)) == 2
    assert sheet.previous_problems_text == previous.text(SectionKey.PROBLEMS)


def test_no_previous_report_means_no_deltas_and_no_problems(current: Report) -> None:
    sheet = build_facts(current)
    assert not sheet.of_kind(FactKind.DELTA, FactKind.LAST_YEAR, FactKind.PROBLEM)


def test_a_report_without_a_year_cannot_be_drafted() -> None:
    with pytest.raises(NianbaoError, match="缺少年度"):
        build_facts(Report.blank())


def test_previous_report_of_the_wrong_year_is_refused(current: Report) -> None:
    older = Report.blank(agency="x", year=2020)
    with pytest.raises(NianbaoError, match="不是 2022 年"):
        build_facts(current, older)


@pytest.mark.parametrize(("line", "topic", "text"), [
    ("问题：政策解读不及时", Topic.PROBLEM, "政策解读不及时"),
    ("【措施】建立季度更新机制", Topic.MEASURE, "建立季度更新机制"),
    ("平台建设：网站改版", Topic.PLATFORM, "网站改版"),
    ("信息处理费：未收取", Topic.FEE, "未收取"),
    ("本年度未收取信息处理费", Topic.FEE, "本年度未收取信息处理费"),
    ("组织业务培训2次", Topic.OVERSIGHT, "组织业务培训2次"),
    ("门户网站专栏改版上线", Topic.PLATFORM, "门户网站专栏改版上线"),
    ("认真贯彻落实条例", Topic.GENERAL, "认真贯彻落实条例"),
])
def test_note_topics(line: str, topic: Topic, text: str) -> None:
    assert note_topic(line) == (topic, text)


@pytest.mark.parametrize(("name", "problems", "first"), [
    ("pingtan-zone-2022.txt", 3, "重大行政决策预公开程度需进一步加强"),
    ("pingtan-zone-2021.txt", 2, "政策解读形式不够丰富"),
    ("pingtan-zone-2020.txt", 3, "基层政务公开标准化规范化水平有待进一步提升"),
    ("shuyang-fgj-2023.html", 3, "各科室人员信息公开意识有所松懈"),
    ("jinghe-gongyeyuanqu-2021.txt", 2, "信息公开不及时"),
])
def test_split_problems_of_real_reports(samples_dir: Path, name: str, problems: int, first: str) -> None:
    report = parse_file(samples_dir / name)
    found, measures = split_problems(report.text(SectionKey.PROBLEMS), report.meta.year)
    assert len(found) == problems
    assert found[0].startswith(first)
    assert measures and not any("存在的主要问题" in p for p in found)


def test_facts_sheet_markdown_for_the_writer(sheet: FactsSheet) -> None:
    text = sheet.to_markdown(SectionKey.PROBLEMS)
    assert text.startswith("# 事实表：临川县教育局2023年")
    assert "## 上年报告提出的问题" in text and "## 起草说明（撰稿人提供）" in text
    assert "[t3.new.total]" in text


def test_ledger_rows_are_shown_as_the_source_of_cells() -> None:
    from datetime import date

    from assistant.facts import ledger_sources
    from assistant.ledger.compute import compute
    from assistant.ledger.records import Application

    apps = [Application(row=r, id=f"A{r}", received=date(2023, 3, r), applicant="natural",
                        closed=date(2023, 4, r), outcome="public") for r in (3, 5, 9)]
    computation = compute(2023, apps)
    report = Report.blank(agency="临川县教育局", year=2023)
    for address, value in computation.cells.items():
        if value is not None:
            report.set_cell(address, value)
    sheet = build_facts(report, cell_sources=ledger_sources(computation))
    fact = sheet.get("t3.new.total")
    assert fact is not None and fact.value == 3
    assert "依申请公开登记台账第3、5、9行（共3行）" in fact.source
    assert "依申请公开登记台账第3、5、9行" in sheet.to_markdown()


def test_empty_account_items_are_not_facts_nor_sentences() -> None:
    """A problem or a measure with no text (a blank row the writer never filled) says nothing."""
    from assistant.account import Measure, Problem, YearAccount
    from assistant.drafting.template import template_sentences

    account = YearAccount(problems=[Problem(id="p1", text="  "), Problem(id="p2", text="政策解读形式不够丰富")],
                          measures=[Measure(id="m1", text="", problem="p2", deadline="2024年6月底前"),
                                    Measure(id="m2", text="制作图解解读", problem="p2")])
    report = Report.blank(agency="临川县教育局", year=2023)
    sheet = build_facts(report, account=account)
    assert [f.id for f in sheet.of_kind(FactKind.ISSUE, FactKind.PLAN)] == ["issue.p2", "plan.m2"]
    texts = [s.text for s in template_sentences(SectionKey.PROBLEMS, sheet)]
    assert "政策解读形式不够丰富" in texts and "制作图解解读" in texts
    assert not any(t.strip("，。 ") in ("", "2024年6月底前完成") for t in texts)
