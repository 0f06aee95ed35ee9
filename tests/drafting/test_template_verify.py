"""The template drafter is plain but correct; the draft checks catch what they should."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting import Origin, Role, draft_section
from assistant.drafting.render import clean_sentence, render
from assistant.drafting.schema import DraftSentence
from assistant.drafting.verify import check_draft, support
from assistant.facts import FactKind, FactsSheet
from assistant.findings import SectionKey
from assistant.parsing import parse_file
from assistant.report import Report


def _errors(codes: list[str]) -> list[str]:
    return [c for c in codes if c != "draft.todo"]


@pytest.mark.parametrize("section", ["一", "五", "六"])
def test_template_draft_of_a_synthetic_report_passes_every_check(
    current: Report, previous: Report, notes: list[str], section: str,
) -> None:
    draft = draft_section(current, section, previous=previous, notes=notes)
    assert draft.provenance.model == "template" and "模板生成文本" in draft.label
    assert _errors([f.code for f in draft.findings]) == []
    assert all(s.origin is Origin.TEMPLATE for s in draft.sentences)
    for sentence in draft.sentences:
        assert draft.text[sentence.span[0]:sentence.span[1]] == sentence.text  # type: ignore[index]


@pytest.mark.parametrize(("name", "last"), [
    ("pingtan-zone-2022.txt", "pingtan-zone-2021.txt"),
    ("pingtan-zone-2021.txt", "pingtan-zone-2020.txt"),
    ("shuyang-fgj-2023.html", None),
    ("jinghe-gongyeyuanqu-2021.txt", None),
])
def test_template_drafts_of_real_reports_have_no_unverified_number_or_bad_citation(
    samples_dir: Path, name: str, last: str | None,
) -> None:
    report = parse_file(samples_dir / name)
    previous = parse_file(samples_dir / last) if last else None
    for section in ("一", "五", "六"):
        draft = draft_section(report, section, previous=previous)
        codes = [f.code for f in draft.findings]
        assert "draft.number_unverified" not in codes, draft.annotated
        assert not [c for c in codes if c.startswith("cite.")], draft.annotated


def test_without_notes_the_template_leaves_gaps_for_the_writer(current: Report, previous: Report) -> None:
    five = draft_section(current, "五", previous=previous)
    todo = [s for s in five.sentences if s.role is Role.TODO]
    assert todo and all("【待补充" in s.text for s in todo)
    assert {f.code for f in five.findings} == {"draft.todo"}
    assert "针对2022年度报告提出的问题" in five.text
    six = draft_section(current, "六", previous=previous)
    assert "信息处理费" in six.text and "【待补充" in six.text
    one = draft_section(current, "一", previous=previous)
    parts = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")
    for part in parts:
        assert part in one.text


def _check(sentences: list[DraftSentence], sheet: FactsSheet, report: Report, previous: Report | None,
           section: SectionKey = SectionKey.PROBLEMS) -> list[DraftSentence]:
    rendered = render(section, sentences)
    return check_draft(rendered.sentences, rendered.text, sheet, section, report, previous).sentences


def _s(text: str, *facts: str, role: Role = Role.CLAIM, block: str = "problems", passages: tuple[str, ...] = ()
       ) -> DraftSentence:
    return DraftSentence(text=text, block=block, role=role, facts=list(facts), passages=list(passages),
                         origin=Origin.MODEL)


def test_numbers_are_auto_cited_or_marked(sheet: FactsSheet, current: Report, previous: Report) -> None:
    new = sheet.get("t3.new.total")
    assert new is not None
    [ok, bad, unknown] = _check([
        _s(f"本年度新收政府信息公开申请{new.value}件。", role=Role.EVIDENCE),
        _s("本年度新收政府信息公开申请4321件。", "t3.new.total", role=Role.EVIDENCE),
        _s("新收申请情况见表三。", "t9.nothing", role=Role.EVIDENCE),
    ], sheet, current, previous)
    assert ok.marks == [] and ok.auto_cited == ["t3.new.total"]
    assert [m.code for m in bad.marks] == ["draft.number_unverified"]
    assert "draft.unknown_source" in [m.code for m in unknown.marks] and unknown.facts == []


def test_years_outside_the_report_are_marked(sheet: FactsSheet, current: Report, previous: Report) -> None:
    [wrong, right] = _check([
        _s("2019年起已建立解读材料季度更新机制。", role=Role.MEASURE, block="measures"),
        _s("2024年6月底前建立解读材料季度更新机制。", role=Role.MEASURE, block="measures"),
    ], sheet, current, previous)
    assert "draft.number_unverified" in [m.code for m in wrong.marks]
    assert "年份“2019”在事实表中找不到依据" in [m.message for m in wrong.marks]
    assert right.marks == [] and right.auto_cited  # the year is a fact (the note states it too)


def test_citations_are_checked_and_must_be_sourced(sheet: FactsSheet, current: Report, previous: Report) -> None:
    sheet = sheet.with_passages(draft_section(current, "五", previous=previous).facts.passages)
    note = sheet.notes()[1].id
    [missing, unsourced, sourced] = _check([
        _s("根据《条例》第六十条规定，建立解读材料季度更新机制。", note, role=Role.MEASURE, block="measures"),
        _s("根据《条例》第三十一条规定，建立解读材料季度更新机制。", note, role=Role.MEASURE, block="measures"),
        _s("按照《条例》第五十条规定，建立解读材料季度更新机制。", note, role=Role.MEASURE, block="measures",
           passages=("tiaoli-2019.a50",)),
    ], sheet, current, previous)
    assert [m.code for m in missing.marks] == ["cite.article_missing"]
    assert [m.code for m in unsourced.marks] == ["draft.citation_unsourced"]
    assert sourced.marks == []


def test_copied_sentence_is_marked_but_quoting_last_years_problem_is_not(
    sheet: FactsSheet, current: Report, previous: Report,
) -> None:
    problem = sheet.of_kind(FactKind.PROBLEM)[0]
    [quoted, copied] = _check([  # rendered in block order: the fate block first
        _s(f"{problem.value}。", problem.id, role=Role.PROBLEM),
        _s(f"针对“{problem.value}”的问题，全年制作图解解读12期。", problem.id, sheet.notes()[2].id, role=Role.FATE,
           block="fate"),
    ], sheet, current, previous)
    assert [m.code for m in copied.marks] == ["draft.repeats_last_year"]
    assert quoted.marks == []


def test_leaked_prompt_text_is_malformed(sheet: FactsSheet, current: Report, previous: Report) -> None:
    [leaked] = _check([_s("建立机制。核对发现的问题：[t3.new.total] 本年新收", "t3.new.total", role=Role.MEASURE,
                          block="measures")], sheet, current, previous)
    assert "draft.malformed" in [m.code for m in leaked.marks]


def test_support_names_the_unbacked_words() -> None:
    share, missing = support("组织干部赴外省考察学习", ["本年度未收取信息处理费"])
    assert share < 0.5 and "考察" in missing
    assert support("全年制作图解解读12期", ["整改：全年制作图解解读12期"])[0] == 1.0


def test_completeness_of_each_section(sheet: FactsSheet, current: Report, previous: Report) -> None:
    rendered = render(SectionKey.OTHER, [_s("无其他需要报告的事项。", "meta.year", block="other")])
    found = check_draft(rendered.sentences, rendered.text, sheet, SectionKey.OTHER, current, previous)
    assert [f.code for f in found.section_findings].count("draft.missing_part") == 2  # no fee part, no 信息处理费
    rendered = render(SectionKey.PROBLEMS, [_s("问题。", "meta.year", role=Role.PROBLEM)])
    found = check_draft(rendered.sentences, rendered.text, sheet, SectionKey.PROBLEMS, current, previous)
    codes = [f.code for f in found.section_findings]
    assert codes.count("draft.previous_problem_unaddressed") == 2 and "draft.missing_part" in codes


@pytest.mark.parametrize(("raw", "clean"), [
    ("一是加强培训", "加强培训。"),
    ("（二）**加强培训**；", "加强培训；"),
    ("1. 加强 培训", "加强培训。"),
    ("整改情况如下:", "整改情况如下："),
    ("【待补充：情况】", "【待补充：情况】"),
])
def test_clean_sentence(raw: str, clean: str) -> None:
    assert clean_sentence(raw) == clean


def test_regulation_text_restated_as_the_agencys_work_is_not_backed(
    sheet: FactsSheet, current: Report, previous: Report,
) -> None:
    sheet = sheet.with_passages(draft_section(current, "六", previous=previous).facts.passages)
    copied = "各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况。"
    [restated, cited] = _check([
        _s(copied, "meta.agency", block="other", passages=("tiaoli-2019.a50",)),
        _s("根据《条例》第五十条，" + copied, "meta.agency", block="other", passages=("tiaoli-2019.a50",)),
    ], sheet, current, previous, SectionKey.OTHER)
    assert "draft.unsupported_claim" in [m.code for m in restated.marks]
    assert "draft.unsupported_claim" not in [m.code for m in cited.marks]


def test_a_note_that_backs_a_statement_is_cited_for_it(sheet: FactsSheet, current: Report, previous: Report) -> None:
    note = sheet.notes()[0]  # 问题：政策解读材料更新不及时，全年仅发布解读3篇
    [restated] = _check([_s("政策解读材料更新不及时，仅发布解读3篇。", "t3.new.total", role=Role.PROBLEM)],
                        sheet, current, previous)
    assert restated.marks == [] and note.id in restated.auto_cited


def test_checking_twice_gives_the_same_result(sheet: FactsSheet, current: Report, previous: Report) -> None:
    first = _check([_s("政策解读材料更新不及时，仅发布解读3篇。", "t3.new.total", role=Role.PROBLEM)],
                   sheet, current, previous)
    again = _check(first, sheet, current, previous)
    assert again == first and first[0].auto_cited
