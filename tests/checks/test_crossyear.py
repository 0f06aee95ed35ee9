"""Cross-year rules: this year's report against last year's."""

from __future__ import annotations

import pytest

from assistant.cells import FormatVersion
from assistant.checks import run_checks
from assistant.checks.crossyear import problem_sentences
from assistant.findings import SectionKey
from assistant.report import Report
from tests.checks.conftest import PROBLEMS, make_report
from tests.checks.helpers import Mutation, Row, cells, edit, expect, rows

V = SectionKey.PROBLEMS


def test_consecutive_valid_reports_have_no_finding(report: Report, previous: Report) -> None:
    assert run_checks(previous) == []
    assert run_checks(report, previous) == []


def _same_problems(previous: Report) -> None:
    section = previous.section(V)
    assert section is not None
    section.text = PROBLEMS.format(next=2023)


PAIRS: list[object] = [
    pytest.param(cells(t3__carried_out__natural=3, t3__carried_out__total=3),
                 [("xyear.carry_over", "t3.carried_in.natural", "3", "2", None),
                  ("xyear.carry_over", "t3.carried_in.total", "3", "2", None)], id="carry-over"),
    pytest.param(cells(t2__normative__in_force=30),
                 [("xyear.in_force", "t2.normative.in_force", "33", "40", None)], id="in-force"),
    pytest.param(edit(V, "二是政务新媒体互动回应不够及时",
                      "二是依申请公开答复文书的规范性还有待提高"),
                 [("xyear.problems_repeated", None, "与上年不同的具体内容", "相似度83%",
                   "二是依申请公开答复文书的规范性有待提高")], id="one-sentence-nearly-verbatim"),
]


@pytest.mark.parametrize(("mutation", "expected"), PAIRS)
def test_cross_year_rules(report: Report, previous: Report, mutation: Mutation,
                          expected: list[Row]) -> None:
    mutation(previous)
    assert rows(report, run_checks(report, previous)) == expect(*expected)


def test_carry_over_names_column_and_both_values(report: Report, previous: Report) -> None:
    cells(t3__carried_out__natural=3, t3__carried_out__total=3)(previous)
    finding = next(f for f in run_checks(report, previous) if f.cell == "t3.carried_in.natural")
    assert finding.severity.value == "error"
    assert "自然人" in finding.message and "为2" in finding.message and "为3" in finding.message
    assert "2022年报告" in finding.message


def test_wrong_year_is_reported_and_other_rules_skipped(report: Report, previous: Report) -> None:
    previous.meta.year = 2021
    cells(t3__carried_out__natural=3, t3__carried_out__total=3)(previous)
    assert rows(report, run_checks(report, previous)) == [
        ("xyear.year_gap", None, "2022年", "2021年", None)]


def test_problems_copied_from_last_year(report: Report, previous: Report) -> None:
    _same_problems(previous)
    findings = run_checks(report, previous)
    text = report.text(V)
    repeated = [f for f in findings if f.code == "xyear.problems_repeated"]
    assert [text[f.span[0]:f.span[1]] for f in repeated if f.span] == [
        text[s:e] for (s, e), _, _ in problem_sentences(text)]
    assert len(repeated) == 5
    similar = [f for f in findings if f.code == "xyear.problems_similar"]
    assert len(similar) == 1 and similar[0].actual == "100%"
    assert "政策解读形式较为单一" in similar[0].message
    assert {f.code for f in findings} == {"xyear.problems_repeated", "xyear.problems_similar"}


def test_problems_without_follow_up_of_last_year(report: Report, previous: Report) -> None:
    edit(V, "针对上年度报告提出的政府信息公开目录更新不及时问题，已建立目录季度更新机制，整改完成。",
         "")(report)
    assert rows(report, run_checks(report, previous)) == [
        ("xyear.problems_no_followup", None, "写明2022年问题的整改情况", "未提及", None)]


def test_follow_up_may_name_last_year_by_number(report: Report, previous: Report) -> None:
    edit(V, "针对上年度报告提出的", "针对2022年报告提出的")(report)
    assert run_checks(report, previous) == []


def test_in_force_not_compared_with_the_2019_format(previous: Report) -> None:
    report = make_report(version=FormatVersion.V2019)
    assert run_checks(report, previous) == []
