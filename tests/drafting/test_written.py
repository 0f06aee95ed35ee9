"""Sections 一, 五 and 六 as a person wrote them, read back into sentences and checked with the
drafting guards (``assistant.drafting.written``), on real published reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.account.notes import NotesReading, apply_notes, read_lines
from assistant.drafting.schema import Role
from assistant.drafting.verify import with_draft
from assistant.drafting.written import check_written, merge_findings, pieces, written_sentences
from assistant.facts import FactsSheet, build_facts
from assistant.findings import Finding, SectionKey, Severity
from assistant.parsing import parse_file
from assistant.report import Report
from assistant.workspace import Workspace
from assistant.workspace.review import written_findings, written_review

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = FIXTURES / "samples"
WRITTEN = FIXTURES / "written"
WU = (WRITTEN / "pingtan-zone-2022-wu.txt").read_text(encoding="utf-8")
NOTES = WRITTEN / "pingtan-zone-2022-notes.txt"
FIVE = SectionKey.PROBLEMS

# Inventions planted in the faithful 五: (what is replaced, what replaces it, the code expected).
PLANTS: dict[str, tuple[str, str, str]] = {
    "deadline": ("及时公开意见采纳情况。", "及时公开意见采纳情况，2023年9月底前出台重大行政决策意见征集办法。",
                 "draft.claim_unsupported"),
    "frequency": ("三是组织依申请公开办理人员", "三是每季度组织依申请公开办理人员", "draft.claim_unsupported"),
    "sanction": ("对答复进行合法性审查。", "对答复进行合法性审查，并将答复质量纳入绩效考核。",
                 "draft.claim_unsupported"),
    "status": ("短视频等解读形式尚未使用，该问题部分整改。", "该问题已全部整改完成。", "draft.status_contradiction"),
    "numeral": ("全年发布图解解读5篇", "全年发布图解解读十二篇", ""),
    "copied": ("三是组织依申请公开办理人员学习行政复议纠错案例，由法律职能处室对答复进行合法性审查。",
               "三是坚持线上与线下相结合，拓宽公开载体和渠道，充分发挥政府网站和政务新媒体作用，扩大政务公开的范围和内容。",
               "draft.repeats_last_year"),
}


@pytest.fixture(scope="module")
def published() -> tuple[Report, Report]:
    return parse_file(SAMPLES / "pingtan-zone-2022.txt"), parse_file(SAMPLES / "pingtan-zone-2021.txt")


def _written(published: tuple[Report, Report], wu: str = WU) -> tuple[Report, Report, NotesReading]:
    report, previous = published
    report = with_draft(report, FIVE, wu)
    return report, previous, apply_notes(read_lines(NOTES), report, previous)


def _sheet(report: Report, previous: Report | None, reading: NotesReading | None = None) -> FactsSheet:
    if reading is None:
        return build_facts(report, previous)
    return build_facts(report, previous, reading.notes, account=reading.account)


def _show(findings: list[Finding], report: Report) -> list[str]:
    return [f"{f.severity.value} {f.code} {f.message} | "
            + (report.text(f.section)[f.span[0]:f.span[1]] if f.section and f.span else "") for f in findings]


# --- reading a written text ------------------------------------------------------------------------


def test_pieces_keep_marks_out_of_spans_and_skip_headings() -> None:
    text = "（一）存在的主要问题:政策解读形式单一。\n（二）改进措施：一是丰富解读形式；二是按月更新。 （三）其他"
    found = pieces(text, FIVE)
    assert [(p.heading, text[p.start:p.end], p.mark) for p in found] == [
        ("problems", "（一）存在的主要问题:", ""),
        (None, "政策解读形式单一。", ""),
        ("measures", "（二）改进措施：", ""),
        (None, "丰富解读形式；", "一是"),
        (None, "按月更新。", "二是"),
        (None, "其他", "（三）"),
    ]


def test_quotes_do_not_end_a_sentence() -> None:
    text = "针对“解读不够。形式单一”问题，已整改。下一句。"
    assert [text[p.start:p.end] for p in pieces(text, FIVE)] == ["针对“解读不够。形式单一”问题，已整改。", "下一句。"]


def test_published_five_read_by_position(published: tuple[Report, Report]) -> None:
    report, previous = published
    sentences = written_sentences(FIVE, report.text(FIVE), _sheet(report, previous))
    assert [(s.block, s.role, s.prefix) for s in sentences] == [
        ("problems", Role.LEAD, ""),
        ("problems", Role.PROBLEM, "一是"), ("problems", Role.PROBLEM, "二是"), ("problems", Role.PROBLEM, "三是"),
        ("measures", Role.LEAD, ""),
        ("measures", Role.MEASURE, "一是"), ("measures", Role.MEASURE, "二是"), ("measures", Role.MEASURE, "三是"),
    ]
    text = report.text(FIVE)
    for sentence in sentences:
        assert sentence.span is not None and text[sentence.span[0]:sentence.span[1]] == sentence.text
    # Measures answer the problems in order when nothing else links them.
    assert [s.problem for s in sentences if s.role is Role.MEASURE] == ["problem1", "problem2", "problem3"]


def test_faithful_five_linked_to_last_year_and_the_account(published: tuple[Report, Report]) -> None:
    report, previous, reading = _written(published)
    sheet = _sheet(report, previous, reading)
    sentences = written_sentences(FIVE, report.text(FIVE), sheet)
    roles = [s.role for s in sentences]
    assert roles == [Role.FATE, Role.FATE, Role.LEAD, Role.PROBLEM, Role.PROBLEM, Role.PROBLEM, Role.LEAD,
                     Role.MEASURE, Role.MEASURE, Role.MEASURE, Role.MEASURE]
    first, second = (p.id for p in reading.account.previous_problems)
    fates = [s for s in sentences if s.role is Role.FATE]
    assert [s.problem for s in fates] == [first, second]
    assert all(f"fate.{s.problem.partition('.')[2]}" in s.facts for s in fates if s.problem)
    issues = [f"issue.{p.id}" for p in reading.account.problems]
    assert [s.problem for s in sentences if s.role is Role.PROBLEM] == issues
    measures = [s for s in sentences if s.role is Role.MEASURE]
    assert [s.problem for s in measures] == [issues[0], issues[1], issues[1], issues[2]]
    assert all(s.facts and s.facts[0].startswith("plan.") for s in measures)


def test_plain_layout_fate_part_before_the_problems(published: tuple[Report, Report]) -> None:
    report, previous = published
    wu = ("2022年，我区对照上年度报告提出的问题逐项整改：一是开设“政策图解”专栏，政策解读形式不够丰富的问题已部分整改。"
          "二是加强政务新媒体管理，政务公开渠道有限的问题已整改。但仍存在以下不足：一是意见征集形式较为单一。"
          "二是重点项目建设未进行全流程信息公开。下一步，我区将采取以下措施：一是丰富意见征集形式。二是推进重点项目信息全流程公开。")
    report = with_draft(report, FIVE, wu)
    sentences = written_sentences(FIVE, wu, _sheet(report, previous))
    assert [(s.block, s.role) for s in sentences] == [
        ("fate", Role.LEAD), ("fate", Role.FATE), ("fate", Role.FATE),
        ("problems", Role.LEAD), ("problems", Role.PROBLEM), ("problems", Role.PROBLEM),
        ("measures", Role.LEAD), ("measures", Role.MEASURE), ("measures", Role.MEASURE),
    ]
    problems = [f.id for f in _sheet(report, previous).facts if f.id.startswith("prev.")]
    assert [s.problem for s in sentences if s.role is Role.FATE] == problems


def test_unnumbered_problems_and_evidence(published: tuple[Report, Report]) -> None:
    report, previous = published
    wu = ("存在的主要问题：政策解读形式单一。全年仅发布图解解读5篇。重点领域信息公开深度不足。"
          "改进措施：丰富政策解读形式。推进重点领域信息公开。")
    sentences = written_sentences(FIVE, wu, _sheet(report, previous))
    assert [(s.block, s.role) for s in sentences] == [
        ("problems", Role.PROBLEM), ("problems", Role.EVIDENCE), ("problems", Role.PROBLEM),
        ("measures", Role.MEASURE), ("measures", Role.MEASURE),
    ]


def test_overview_blocks_by_heading(published: tuple[Report, Report]) -> None:
    report, previous = published
    sentences = written_sentences(SectionKey.OVERVIEW, report.text(SectionKey.OVERVIEW), _sheet(report, previous))
    assert {s.role for s in sentences} == {Role.CLAIM}
    blocks = list(dict.fromkeys(s.block for s in sentences))
    assert blocks == ["general", "proactive", "requests", "management", "platform", "oversight"]
    # “一是健全信息发布平台管理机制” names a platform but is an item, not a heading.
    assert any(s.text.startswith("健全信息发布平台管理机制") and s.block == "management" for s in sentences)


# --- checking it -------------------------------------------------------------------------------------


def test_faithful_five_has_no_finding(published: tuple[Report, Report]) -> None:
    report, previous, reading = _written(published)
    found = check_written(report, previous, notes=reading.notes, account=reading.account,
                          sections=(FIVE, SectionKey.OTHER))
    assert found == [], _show(found, report)


@pytest.mark.parametrize("name", list(PLANTS))
def test_planted_invention_is_marked_on_its_sentence(published: tuple[Report, Report], name: str) -> None:
    old, new, code = PLANTS[name]
    assert old in WU
    wu = WU.replace(old, new)
    report, previous, reading = _written(published, wu)
    found = check_written(report, previous, notes=reading.notes, account=reading.account, sections=(FIVE,))
    planted = wu.index(new)
    sentence = next(s for s in written_sentences(FIVE, wu, _sheet(report, previous, reading))
                    if s.span and s.span[0] <= planted + len(new) - 2 and planted < s.span[1])
    assert sentence.span is not None
    on_it = [f for f in found if f.span and sentence.span[0] <= f.span[0] and f.span[1] <= sentence.span[1]]
    wanted = [f for f in on_it if not code or f.code == code]
    assert wanted, _show(found, report)
    if name == "copied":
        assert all(f.severity is Severity.WARNING for f in wanted)
    else:
        assert any(f.is_error for f in wanted), _show(wanted, report)
    # Nothing is marked on the sentences that were not touched.
    elsewhere = [f for f in found if f.span and not (f.span[0] < sentence.span[1] and sentence.span[0] < f.span[1])]
    assert elsewhere == [], _show(elsewhere, report)


def test_published_five_copied_parts_flagged(published: tuple[Report, Report]) -> None:
    report, previous = published
    found = check_written(report, previous, sections=(FIVE,))
    text = report.text(FIVE)
    repeats = [text[f.span[0]:f.span[1]] for f in found if f.code == "draft.repeats_last_year" and f.span]
    # 2021's problem 1 (政策解读形式不够丰富) is 2022's problem 三, with nothing said of it.
    assert any(r.startswith("政策解读形式单一") for r in repeats), _show(found, report)
    assert all(f.severity is Severity.WARNING for f in found if f.code == "draft.repeats_last_year")
    # It says nothing of what became of 2021's two problems.
    assert sum(f.code == "draft.previous_problem_unaddressed" for f in found) == 2
    assert all(f.severity is Severity.WARNING for f in found if f.code == "draft.previous_problem_unaddressed")
    # An office that grades the rule itself (NIANBAO_RULE_SEVERITY) is not overruled here.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NIANBAO_RULE_SEVERITY", "draft.previous_problem_unaddressed=error")
        graded = check_written(report, previous, sections=(FIVE,))
    assert [f.severity for f in graded if f.code == "draft.previous_problem_unaddressed"] == [Severity.ERROR] * 2
    # Recorded as still open, the same problem may be reported again.
    notes = ["上年问题1：部分整改｜开设“政策图解”专栏"]
    reading = apply_notes(notes, report, previous)
    found = check_written(report, previous, notes=reading.notes, account=reading.account, sections=(FIVE,))
    assert not any(f.code == "draft.repeats_last_year" for f in found), _show(found, report)


def test_copied_measure_clause_by_clause(published: tuple[Report, Report]) -> None:
    """Last year's measure 二 taken clause by clause, a word changed here and there."""
    report, previous = published
    measure = ("二是加强重点政务信息管理，及时优化调整公开内容和方式，强化重点领域信息公开，"
               "主动及时公开规划计划、财政预决算、重大项目等方面信息。")
    wu = WU.replace("二是完善政府信息公开指南中的申请指引，对申请内容不明确的及时告知补正。", measure)
    report, previous, reading = _written(published, wu)
    found = check_written(report, previous, notes=reading.notes, account=reading.account, sections=(FIVE,))
    start = wu.index(measure) + 2
    assert any(f.code == "draft.repeats_last_year" and f.span == (start, start + len(measure) - 2)
               for f in found), _show(found, report)


def test_overview_numbers_checked_general_sentences_left_alone(published: tuple[Report, Report]) -> None:
    report, previous = published
    overview = ("2022年，我区高度重视政府信息公开工作，认真贯彻落实《条例》。\n"
                "（一）主动公开\n我区持续深化重点领域信息公开，全年主动公开政府信息14571条。\n"
                "（二）依申请公开\n2022年，全区新收政府信息公开申请74件，办结75件。\n"
                "（四）政府信息公开平台建设\n我区改版政府门户网站，上线智能问答功能。")
    report = with_draft(report, SectionKey.OVERVIEW, overview)
    found = check_written(report, previous, sections=(SectionKey.OVERVIEW,))
    assert [(f.code, f.severity, overview[f.span[0]:f.span[1]]) for f in found if f.span] == [
        ("draft.number_unverified", Severity.ERROR, "14571")], _show(found, report)
    # The notes record the work: the parts they cover are checked for support too, and backed.
    notes = ["平台建设：改版政府门户网站，上线智能问答功能",
             "主动公开：持续深化重点领域信息公开，全年主动公开政府信息14571条"]
    assert check_written(report, previous, notes=notes, sections=(SectionKey.OVERVIEW,)) == []
    # A part the notes cover, with a statement they do not back: a warning, not an error.
    notes = ["平台建设：完成政务新媒体集约整合", notes[1]]
    found = check_written(report, previous, notes=notes, sections=(SectionKey.OVERVIEW,))
    assert [f.severity for f in found] == [Severity.WARNING], _show(found, report)
    assert found[0].span is not None and overview[found[0].span[0]:found[0].span[1]].startswith("我区改版政府门户网站")


def test_other_section_fee_sentence(published: tuple[Report, Report]) -> None:
    report, previous = published
    assert check_written(report, previous, sections=(SectionKey.OTHER,)) == []
    report = with_draft(report, SectionKey.OTHER, "2022年，共收取信息处理费7笔。")
    found = check_written(report, previous, notes=["信息处理费：2022年未收取信息处理费"], sections=(SectionKey.OTHER,))
    assert any(f.code == "draft.number_unverified" and f.is_error for f in found), _show(found, report)


def test_merge_drops_what_the_report_checks_already_say() -> None:
    repeat = Finding(code="draft.repeats_last_year", severity=Severity.WARNING, message="与上年雷同",
                     section=FIVE, span=(10, 30))
    same = Finding(code="xyear.problems_repeated", severity=Severity.WARNING, message="与上年雷同",
                   section=FIVE, span=(5, 40))
    number = Finding(code="draft.number_unverified", severity=Severity.ERROR, message="数字", section=FIVE,
                     span=(50, 52))
    assert merge_findings([same], [repeat, number]) == [number, same]


def test_no_year_no_findings(published: tuple[Report, Report]) -> None:
    report, previous = published
    blank = report.model_copy(deep=True)
    blank.meta.year = None
    assert check_written(blank, previous) == []
    with pytest.raises(ValueError):
        check_written(report, previous, sections=(SectionKey.PROACTIVE,))


# --- the workspace's review list ------------------------------------------------------------------


def test_review_list_shows_written_findings_and_dismisses_them(published: tuple[Report, Report],
                                                               tmp_path: Path) -> None:
    from ui.review_tab import dismiss_item, review_list
    from ui.views import review_html

    report, previous = published
    wu = WU.replace(*PLANTS["numeral"][:2]).replace(*PLANTS["copied"][:2])
    report = with_draft(report, FIVE, wu)
    folder = Workspace(tmp_path / "data").create(report, "测试", previous=previous)
    from assistant.workspace import OpenReport

    current = OpenReport(folder)
    current.previous = previous
    before = review_list(current)
    assert not any(i.finding.code.startswith("draft.") for i in before)  # no notes, no account: nothing to check
    current.set_notes(NOTES.read_text(encoding="utf-8"))
    items = review_list(current)
    written = [i for i in items if i.finding.code.startswith("draft.")]
    assert any(i.finding.is_error for i in written)
    warning = next(i for i in written if not i.finding.is_error)
    html = review_html(items, current.report)
    assert "依据" in html and warning.finding.message in html
    assert warning.finding.section is FIVE and warning.finding.span is not None
    dismiss_item(current, warning.key, "已与上年措施区分，保留")
    again = next(i for i in review_list(current) if i.key == warning.key)
    assert again.dismissal is not None and again.dismissal.reason == "已与上年措施区分，保留"
    # Notes that cannot be read: one warning saying so, the rest of the list unchanged.
    current.set_notes("上年问题9：已整改")
    unreadable = [i.finding for i in review_list(current) if i.finding.code == "draft.notes_unreadable"]
    assert len(unreadable) == 1 and "第1行" in unreadable[0].message
    assert written_findings(report, previous, "# 只有说明\n") == []
    assert [i.finding for i in written_review([], report, previous, "", [])] == []


def test_a_problem_about_rectification_is_not_a_fate_sentence(published: tuple[Report, Report]) -> None:
    report, previous = published
    wu = ("一是部分问题整改不到位，督查发现的问题仍有反复。二是政策解读形式单一。"
          "下一步，我区将：一是建立整改台账。二是丰富解读形式。")
    sentences = written_sentences(FIVE, wu, _sheet(report, previous))
    assert [(s.block, s.role) for s in sentences] == [
        ("problems", Role.PROBLEM), ("problems", Role.PROBLEM),
        ("measures", Role.LEAD), ("measures", Role.MEASURE), ("measures", Role.MEASURE),
    ]


def test_a_template_draft_checked_as_written_finds_what_the_draft_found(published: tuple[Report, Report]) -> None:
    """The review list re-checks accepted drafts as written text: it must agree with the drafter."""
    from assistant.drafting.pipeline import draft_section

    report, previous = published
    reading = apply_notes(read_lines(NOTES), report, previous)
    report = report.model_copy(update={"account": reading.account})
    for section in (FIVE, SectionKey.OTHER):
        draft = draft_section(report, section, previous=previous, notes=reading.notes, model=None)
        drafted = with_draft(report, section, draft.text)
        found = check_written(drafted, previous, notes=reading.notes, account=reading.account, sections=(section,))
        assert sorted(f.code for f in found) == sorted(f.code for f in draft.findings if f.code.startswith("draft.")), (
            _show(found, drafted), draft.text)


def test_brackets_and_wrapped_lines(published: tuple[Report, Report]) -> None:
    text = ("2022年未收取信息处理费。\n【待确认：其他事项；如无，写“无”】\n"
            "    我区建立了政务公开工作台账并明确专人负责维护和\n更新，按月\n-3-\n核对。")
    found = pieces(text, SectionKey.OTHER)
    assert [text[p.start:p.end] for p in found] == [
        "2022年未收取信息处理费。", "【待确认：其他事项；如无，写“无”】",
        "我区建立了政务公开工作台账并明确专人负责维护和\n更新，按月", "核对。"]
    report, previous = published
    roles = [s.role for s in written_sentences(SectionKey.OTHER, text, _sheet(report, previous))]
    assert roles == [Role.CLAIM, Role.TODO, Role.CLAIM, Role.CLAIM]
