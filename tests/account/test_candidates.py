"""Candidate problems computed from the tables and last year's report."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.account.candidates import Candidate, adopt, candidate_problems, dismiss, open_candidates
from assistant.account.model import Fate, Measure, ProblemOrigin, YearAccount, previous_id
from assistant.cells import FormatVersion
from assistant.facts import build_facts
from assistant.findings import SectionKey
from assistant.parsing import parse_file
from assistant.report import Report

LAST_FIVE = ("（一）存在的主要问题：一是政策解读形式单一，缺少图解。二是公开目录更新不及时。"
             "（二）改进措施：一是丰富解读形式。")


def _pair(**cells: int) -> tuple[Report, Report]:
    """A 2023 report and its 2022 predecessor, all zero except ``cells`` (``last_`` prefix: last year)."""
    current = Report.blank(agency="临川县教育局", year=2023)
    previous = Report.blank(agency="临川县教育局", year=2022)
    for name, value in cells.items():
        target, address = (previous, name[5:]) if name.startswith("last_") else (current, name)
        target.cells[address.replace("__", ".")] = value
    return current, previous


def _keys(report: Report, previous: Report | None) -> list[str]:
    return [c.key for c in candidate_problems(report, previous)]


def _assert_facts_exist(report: Report, previous: Report | None) -> None:
    known = {f.id for f in build_facts(report, previous).facts}
    for candidate in candidate_problems(report, previous):
        assert candidate.facts, candidate.key
        assert set(candidate.facts) <= known, candidate.key


def test_all_zero_tables_yield_no_candidate() -> None:
    current, previous = _pair()
    assert candidate_problems(current, previous) == []
    assert candidate_problems(current, None) == []


def test_high_unable_share() -> None:
    current, previous = _pair(t3__handled_total__total=10, t3__unable_1__total=2, t3__unable_3__total=2)
    (candidate,) = candidate_problems(current, previous)
    assert candidate.key == "cand.unable_share"
    assert "无法提供" in candidate.text and "4件" in candidate.evidence and "40%" in candidate.evidence
    assert candidate.facts == ["t3.handled_total.total", "d.unable", "d.share.unable"]
    low, _ = _pair(t3__handled_total__total=10, t3__unable_1__total=2)
    assert _keys(low, previous) == []


def test_corrected_cases_name_their_groups() -> None:
    current, previous = _pair(t4__review__corrected=1, t4__suit_direct__corrected=2)
    (candidate,) = candidate_problems(current, previous)
    assert candidate.key == "cand.corrected"
    assert "结果纠正3件" in candidate.evidence and "行政复议1件" in candidate.evidence
    assert candidate.facts == ["d.corrected", "t4.review.corrected", "t4.suit_direct.corrected"]
    _assert_facts_exist(current, previous)


def test_in_force_that_does_not_follow_from_last_year() -> None:
    consistent, previous = _pair(last_t2__normative__in_force=20, t2__normative__issued=3,
                                 t2__normative__repealed=1, t2__normative__in_force=22)
    assert _keys(consistent, previous) == []
    off, previous = _pair(last_t2__normative__in_force=20, t2__normative__issued=3,
                          t2__normative__repealed=1, t2__normative__in_force=25)
    (candidate,) = candidate_problems(off, previous)
    assert candidate.key == "cand.normative_in_force"
    assert "上年现行有效行政规范性文件20件" in candidate.evidence and "本年现行有效25件" in candidate.evidence
    assert "last.t2.normative.in_force" in candidate.facts
    _assert_facts_exist(off, previous)
    assert _keys(off, None) == []  # needs last year


def test_in_force_not_compared_across_formats() -> None:
    current, _ = _pair(t2__normative__in_force=25)
    old = Report.blank(FormatVersion.V2019, year=2022)
    assert "cand.normative_in_force" not in _keys(current, old)


@pytest.mark.parametrize(("before", "now", "key"), [
    (10, 25, "cand.new_surge"),
    (30, 10, "cand.new_drop"),
    (0, 12, "cand.new_surge"),
    (100, 140, None),  # +40 %
    (8, 12, None),  # +50 % but only 4 applications
    (0, 0, None),
])
def test_sharp_change_in_new_applications(before: int, now: int, key: str | None) -> None:
    current, previous = _pair(t3__new__total=now, last_t3__new__total=before)
    keys = [k for k in _keys(current, previous) if k.startswith("cand.new_")]
    assert keys == ([key] if key else [])
    if key:
        _assert_facts_exist(current, previous)
        (candidate,) = [c for c in candidate_problems(current, previous) if c.key == key]
        assert f"{now}件" in candidate.evidence and f"{before}件" in candidate.evidence
        assert ("deltapct.t3.new.total" in candidate.facts) == bool(before)
    assert "cand.new_surge" not in _keys(current, None)


def test_carried_out_fees_and_not_processed() -> None:
    current, previous = _pair(t3__carried_out__total=3, t3__other_2__total=1, t3__handled_total__total=10,
                              t3__not_processed_1__total=2, t3__not_processed_2__total=1)
    assert _keys(current, previous) == ["cand.carried_out", "cand.fee_unpaid", "cand.not_processed_share"]
    by_key = {c.key: c for c in candidate_problems(current, previous)}
    assert "3件" in by_key["cand.carried_out"].evidence
    assert "缴纳费用" in by_key["cand.fee_unpaid"].evidence
    assert "30%" in by_key["cand.not_processed_share"].evidence
    _assert_facts_exist(current, previous)
    one, _ = _pair(t3__handled_total__total=2, t3__not_processed_1__total=1)  # 50 %, but one application
    assert _keys(one, previous) == []


def test_last_years_problem_marked_open() -> None:
    current, previous = _pair()
    previous.sections[4].text = LAST_FIVE
    first = "政策解读形式单一，缺少图解"
    account = YearAccount().with_previous([first, "公开目录更新不及时"], [])
    account.previous_problems[0].status = Fate.OPEN
    account.previous_problems[1].status = Fate.FIXED
    current = current.model_copy(update={"account": account})
    (candidate,) = candidate_problems(current, previous)
    suffix = previous_id(first).partition(".")[2]
    assert candidate.key == f"cand.unresolved.{suffix}"
    assert candidate.text == "上年提出的“政策解读形式单一”问题仍未解决"
    assert candidate.facts == [previous_id(first), f"fate.{suffix}"]
    _assert_facts_exist(current, previous)


@pytest.mark.parametrize(("year", "expected"), [
    (2021, ["cand.unable_share", "cand.new_surge", "cand.carried_out"]),
    (2022, ["cand.unable_share", "cand.corrected"]),
])
def test_real_reports(samples_dir: Path, year: int, expected: list[str]) -> None:
    report = parse_file(samples_dir / f"pingtan-zone-{year}.txt")
    previous = parse_file(samples_dir / f"pingtan-zone-{year - 1}.txt")
    assert _keys(report, previous) == expected
    _assert_facts_exist(report, previous)
    assert report.text(SectionKey.PROBLEMS)  # the sample still has its 五


def _candidate() -> Candidate:
    return Candidate(key="cand.carried_out", text="年末仍有申请结转", evidence="结转3件。",
                     facts=["t3.carried_out.total"])


def test_adopt_is_idempotent_and_dismiss_undoes_it() -> None:
    candidate = _candidate()
    once = adopt(YearAccount(), candidate)
    (problem,) = once.problems
    assert problem.origin is ProblemOrigin.TABLES and problem.candidate == candidate.key
    assert problem.evidence == ["结转3件。"] and problem.facts == ["t3.carried_out.total"]
    assert problem.id.startswith("p")
    assert adopt(once, candidate) == once
    reworded = adopt(once, candidate, "年末仍有个别申请结转下年度办理")
    assert [p.text for p in reworded.problems] == ["年末仍有个别申请结转下年度办理"]
    assert reworded.problems[0].id == problem.id
    with_measure = once.model_copy(update={"measures": [Measure(id="m1", text="跟踪办理进度", problem=problem.id)]})
    gone = dismiss(with_measure, candidate.key)
    assert gone.problems == [] and gone.dismissed == [candidate.key] and gone.measures[0].problem is None
    assert dismiss(gone, candidate.key) == gone
    again = adopt(gone, candidate)
    assert again.dismissed == [] and len(again.problems) == 1


def test_open_candidates_leave_out_adopted_and_dismissed() -> None:
    current, previous = _pair(t3__carried_out__total=3, t4__review__corrected=1)
    assert [c.key for c in open_candidates(current, previous)] == ["cand.corrected", "cand.carried_out"]
    first, second = candidate_problems(current, previous)
    account = dismiss(adopt(current.account, second), first.key)
    decided = current.model_copy(update={"account": account})
    assert open_candidates(decided, previous) == []
