"""The checks' fast paths give what the plain way they replace gives (speed, second round).

References kept here as the checks first wrote them: each sum rule compared on its own, its
parts read cell by cell; a pattern searched for at every position (``finditer``); every
sentence of a text looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from assistant.checks import bindings, proofreading, reportyear, structure, tables
from assistant.checks.cellvalues import CellReader, fmt
from assistant.checks.textspans import (
    SENTENCE_END,
    matches_ending_in,
    matches_starting_with,
    spans,
)
from assistant.findings import Finding
from assistant.form import sum_rules
from assistant.report import Report
from tests.checks.test_fast_checks import _T3, _VERSION, EXAMPLES, table_reports, texts

# --- sums -----------------------------------------------------------------------------------


@st.composite
def number_reports(draw: st.DrawFn) -> Report:
    """A report whose cells are all numbers: a few of 表三 drawn small, so that some sums
    hold and some do not."""
    report = Report.blank(_VERSION)
    for spec in _T3:
        report.cells[spec.address] = draw(st.integers(0, 2))
    return report


_REPORTS = table_reports() | number_reports()


def reference_sum_findings(report: Report) -> Iterator[tuple[str, str, str, str]]:
    """(code, total, expected, printed) of every sum rule, each compared on its own, its parts
    read cell by cell."""
    reader = CellReader(report)
    for table in ("t3", "t4"):
        for rule in sum_rules(report.version, table):
            printed = report.cells.get(rule.total)
            if printed is None:
                continue
            readings = [reader.read(part) for part in rule.parts]
            if not all(r.usable for r in readings):
                continue
            if all(report.cells.get(part) is None for part in rule.parts):
                continue  # every part blank: nothing to compare
            expected = sum((r.amount for r in readings), start=0)
            if expected != printed:
                yield rule.code, rule.total, fmt(expected), fmt(printed)


def _sum_findings(report: Report) -> list[tuple[str, str, str, str]]:
    found: list[Finding] = []
    for rule in (tables.t3_handled_sum, tables.t3_row_sum, tables.t4_group_sum):
        found += rule(report, CellReader(report))
    return [(f.code, f.cell or "", f.expected or "", f.actual or "") for f in found]


@EXAMPLES
@given(_REPORTS)
def test_sum_rules_are_those_compared_one_by_one(report: Report) -> None:
    assert sorted(_sum_findings(report)) == sorted(reference_sum_findings(report))


@EXAMPLES
@given(_REPORTS)
def test_effective_totals_are_read_cell_by_cell(report: Report) -> None:
    reader = CellReader(report)
    for row in ("new", "carried_in", "handled_total", "public"):
        total, parts = tables._t3_row_parts(row)
        printed = report.cells.get(total)
        reading = reader.read(total)
        readings = [reader.read(p) for p in parts]
        if printed is not None:
            want = printed
        elif reading.state is not tables.State.BLANK or not all(r.usable for r in readings):
            want = None
        else:
            want = sum((r.amount for r in readings), start=0)
        assert tables.t3_total(reader, row) == want


# --- patterns tried only where their words are -----------------------------------------------


def _found(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


# A phrase that each pattern matches, one for every way it can open (written out from the
# patterns, not taken from their words), and pieces of them.
_BINDING_PIECES = (
    "公开及部分公开2件", "公开和部分公开2件", "公开与部分公开2件", "公开、部分公开2件", "公开以及部分公开2件",
    "予以公开2件", "部分公开2件", "不予公开2件", "无法提供2件", "不予处理2件", "其他处理2件",
    "上年结转2件", "上一年度结转2件", "去年结转2件", "往年的结转2件", "结转下年度2件", "结转2件",
    "收到申请2件", "受理2件申请", "接收2件", "新收2件", "接到2件", "共收到2件", "共计受理2件",
    "累计接收2件", "全年收到2件", "未收到申请", "没有受理申请", "办结2件", "答复2件", "办理完毕2件",
    "办理完结2件", "处理完毕2件", "复议后起诉2起", "直接起诉2起", "复议2件", "诉讼2起", "起诉2宗",
    "应诉2件", "现行有效2件", "规章现行有效2件", "规范性文件现行有效2件",
    "公开", "结转", "年", "上", "的", "申请", "件", "2", "十", "，", "x",
)


@EXAMPLES
@given(texts(*_BINDING_PIECES, max_size=8))
def test_binding_patterns_are_found_where_their_words_start(text: str) -> None:
    for _, pattern, words, anchor in bindings._PATTERNS:
        if anchor is None:
            assert _found(matches_starting_with(pattern, text, words)) == \
                _found(pattern.finditer(text))


@EXAMPLES
@given(texts("为", "系", "属", "属于", "是", "上", "一", "年", "度", "结转", "上年度结转", "属于上一年度结转",
             "结转至下一年度", "顺延到下年", "转入下年度", "延续至下一年", "转下年", "转", "至", "下", "下年", "x"))
def test_carried_anchors_are_found_from_their_words(text: str) -> None:
    for finder, anchor in ((bindings._was_carried_in, bindings._WAS_CARRIED_IN),
                           (bindings._carried_on, bindings._CARRIED_ON)):
        assert _found(finder(text)) == _found(anchor.finditer(text))


@EXAMPLES
@given(texts("【", "】", "待补充", "待核实", "请填写", " ", "X", "Ｘ", "×", "XXX", "ＸＸＸ件", "×××件",
             "【待补充：数字】", "件", "x", "\n"))
def test_placeholders_are_found_where_their_marks_are(text: str) -> None:
    found = matches_starting_with(structure.PLACEHOLDER, text, structure._PLACEHOLDER_MARKS)
    assert _found(found) == _found(structure.PLACEHOLDER.finditer(text))


@EXAMPLES
@given(texts("2023", "2024", "19", "20", "1", "12", "年", "月", "日", "起", "至", "—", " ", "x",
             "2023年1月1日至2023年12月31日", "2023年2月1日至1月1日", max_size=10))
def test_date_ranges_are_found_from_their_year(text: str) -> None:
    found = matches_starting_with(proofreading._RANGE, text, *proofreading._RANGE_YEAR)
    assert _found(found) == _found(proofreading._RANGE.finditer(text))


@EXAMPLES
@given(texts("2022", "2023", "19", "20", "2", "年", "度", "，", ",", "x", "。"))
def test_subject_years_are_found_before_their_marks(text: str) -> None:
    found = matches_ending_in(reportyear._YEAR_SUBJECT, text, reportyear._YEAR_MARKS, 4)
    assert _found(found) == _found(reportyear._YEAR_SUBJECT.finditer(text))


@EXAMPLES
@given(texts("统计", "期限", "时间", "数据", "数据统计", "所列数据", "所列", "。", "！", "\n", "，", "x"))
def test_period_sentences_are_those_holding_its_words(text: str) -> None:
    def holding(found: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(s, e) for s, e in found if reportyear._PERIOD_WORDS.search(text[s:e])]

    fast = reportyear._sentences_with(text, reportyear._PERIOD_WORD_STARTS)
    assert holding(fast) == holding(spans(text, SENTENCE_END))
