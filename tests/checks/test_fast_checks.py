"""The checks' fast paths give what the plain way they replace gives (issue 13, speed).

Each fast path is checked against its reference, kept here as the checks first wrote it: the
validated ``Finding(...)``, a row's words made for each report, the Chinese-character pattern of
doubled characters, each kind of mark balanced on its own, each pattern's words looked for one
by one, every trigger of a subclause looked at, a pattern searched for at every position
(``finditer``). Inputs are drawn from what each one is about.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterator
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import CellSpec, FormatVersion, cell_specs
from assistant.checks import bindings, narrative, proofreading, reportyear, structure, tables
from assistant.checks.cellvalues import BLANK_MARKS, CellReader, Reading, State
from assistant.checks.rules import RULES, finding, office_severities
from assistant.checks.textspans import (
    CLAUSE_MARKS,
    SENTENCE_MARKS,
    SUBCLAUSE_END,
    SUBCLAUSE_MARKS,
    Pieces,
    cjk_count,
    cjk_doubles,
    code_points,
    enclosing,
    first_sections,
    matches_ending_in,
    section_texts,
)
from assistant.findings import Finding, SectionKey, Severity
from assistant.form import TABLE_NAMES
from assistant.report import Report, Section
from assistant.settings import RULE_SEVERITY

EXAMPLES = settings(max_examples=300, deadline=None, derandomize=True, database=None)


def texts(*pieces: str, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# --- findings made without pydantic's validation ------------------------------------------------

_OPTIONAL_TEXT = st.none() | st.text(max_size=6)
_VALUES = st.fixed_dictionaries({
    "code": st.sampled_from(sorted(RULES)),
    "severity": st.sampled_from(list(Severity)),
    "message": st.text(max_size=12),
    "section": st.none() | st.sampled_from(list(SectionKey)),
    "cell": _OPTIONAL_TEXT,
    "cells": st.tuples() | st.lists(st.text(max_size=4), max_size=3).map(tuple),
    "span": st.none() | st.tuples(st.integers(0, 99), st.integers(0, 99)),
    "expected": _OPTIONAL_TEXT,
    "actual": _OPTIONAL_TEXT,
})


def assert_same_finding(made: Finding, validated: Finding) -> None:
    assert made == validated
    assert made.__dict__ == validated.__dict__
    assert made.model_fields_set == validated.model_fields_set
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__
    assert made.model_dump_json() == validated.model_dump_json()
    assert hash(made) == hash(validated) and repr(made) == repr(validated)
    assert [type(v) for v in made.__dict__.values()] == [type(v) for v in validated.__dict__.values()]


@EXAMPLES
@given(_VALUES)
def test_exact_finding_is_the_validated_one(values: dict[str, object]) -> None:
    with patch.dict(os.environ, {RULE_SEVERITY: ""}):  # no office setting to apply
        assert_same_finding(Finding.exact(**values), Finding(**values))  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [
    {"cells": ["t3.new.total"]},  # a list: validated into a tuple
    {"span": [1, 2]},
    {"section": "overview"},  # a plain string: validated into the member
    {"severity": "error"},
])
def test_exact_finding_validates_other_values(changes: dict[str, object]) -> None:
    values: dict[str, object] = {
        "code": "t3.blank", "severity": Severity.WARNING, "message": "m", "section": None,
        "cell": None, "cells": (), "span": None, "expected": None, "actual": None, **changes}
    with patch.dict(os.environ, {RULE_SEVERITY: ""}):
        assert_same_finding(Finding.exact(**values), Finding(**values))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Finding.exact(**{**values, "span": ("a", 1)})  # type: ignore[arg-type]


def test_office_severity_is_read_once_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULE_SEVERITY, raising=False)
    assert finding("proof.duplicate_char", "m").severity is Severity.WARNING
    monkeypatch.setenv(RULE_SEVERITY, "proof.duplicate_char=error")
    assert finding("proof.duplicate_char", "m").severity is Severity.ERROR
    with office_severities():
        monkeypatch.setenv(RULE_SEVERITY, "")  # within a run, the setting read on entry holds
        made = finding("proof.duplicate_char", "m")
        assert made.severity is Severity.ERROR
        assert_same_finding(made, Finding(code="proof.duplicate_char", severity=Severity.ERROR,
                                          message="m", section=None, cell=None, cells=(),
                                          span=None, expected=None, actual=None))
    assert finding("proof.duplicate_char", "m").severity is Severity.WARNING  # read again after


# --- a row's blanks, and sums ------------------------------------------------------------------------

_RAWS = st.sampled_from([*sorted(BLANK_MARKS), " / ", "（ 空 ）", "\t", "x", "1.5", "12", "abc"])
_VERSION = FormatVersion.V2019
_T3 = [s for s in cell_specs(_VERSION) if s.table == "t3"][:40]  # a few rows of 表三


@st.composite
def table_reports(draw: st.DrawFn) -> Report:
    """A report whose 表三 cells are numbers (some negative), blanks, text or missing, some
    unreadable to the parser."""
    report = Report.blank(_VERSION)
    for spec in _T3:
        kind = draw(st.sampled_from(["number", "number", "negative", "blank", "blank", "missing"]))
        if kind == "missing":
            del report.cells[spec.address]
            continue
        if kind in ("number", "negative"):
            value = draw(st.integers(0, 9))
            report.cells[spec.address] = -value - 1 if kind == "negative" else value
            continue
        report.cells[spec.address] = None
        raw = draw(st.none() | _RAWS)
        if raw is not None:
            report.raw_cells[spec.address] = raw
    unread = draw(st.lists(st.sampled_from([s.address for s in _T3]), max_size=3))
    if unread:
        report.parse_findings.append(Finding(code="parse.split_failed", severity=Severity.ERROR,
                                             message="m", cell=unread[0], cells=tuple(unread[1:])))
    return report


def reference_cell_values(report: Report) -> Iterator[Finding]:
    """cell_values as first written: every cell read on its own, the words made each time."""
    reader = CellReader(report)
    absent = {t for t in tables.TABLE_SECTIONS if tables.table_absent(report, t)}
    for table, specs, _ in tables._spec_rows(report.version):
        if table in absent:
            continue
        blanks: list[tuple[CellSpec, Reading]] = []
        for spec in specs:
            value = report.cells.get(spec.address)
            if value is not None and value >= 0:
                continue
            reading = reader.read(spec.address)
            if reading.state is State.BLANK:
                blanks.append((spec, reading))
            elif reading.state in tables._REPORTED:
                yield from tables._bad_value(spec, reading)
        if blanks:
            first = blanks[0][0]
            columns = "".join(f"“{spec.col_label}”" for spec, _ in blanks)
            printed = sorted({(r.raw or "").strip() for _, r in blanks})
            shown = "、".join(f"“{p}”" if p else "空白" for p in printed)
            yield finding(
                f"{first.table}.blank",
                f"{TABLE_NAMES[first.table]}“{first.row_label}”行{columns}列未填数字（原文为{shown}），"
                "没有的通常填0",
                section=tables.TABLE_SECTIONS[first.table], cell=first.address,
                cells=tuple(spec.address for spec, _ in blanks[1:]),
                expected="0", actual="、".join(p or "空白" for p in printed),
            )


@EXAMPLES
@given(table_reports())
def test_cell_values_are_the_cell_by_cell_ones(report: Report) -> None:
    assert list(tables.cell_values(report)) == list(reference_cell_values(report))


@EXAMPLES
@given(table_reports())
def test_t3_sums_are_those_of_each_total(report: Report) -> None:
    reader = CellReader(report)
    for groups in (("handled_total",), ("new", "carried_in"), ("withheld",), ("other",)):
        rows, totals = bindings._t3_target_rows(report.version, groups)
        values = [tables.t3_total(reader, r) for r in rows]
        want = None if any(v is None for v in values) else sum(v for v in values if v is not None)
        assert bindings._t3_sum(reader, rows, totals) == want


# --- text -------------------------------------------------------------------------------------

_DOUBLE_CJK = re.compile(r"([\u4e00-\u9fff])\1")


@EXAMPLES
@given(texts("园", "区", "区", "的", "的", "年", "1", "1", " ", "\n", "\n", "，", "常常", "工作作风", "A",
             "2023年年底", "\u4dff", "\ua000", "息息相关"))
def test_duplicated_characters_are_the_chinese_doubles(text: str) -> None:
    found = [f.span for f in proofreading.duplicated_characters(SectionKey.OVERVIEW, text)]
    assert found == [(m.start(), m.start() + 2) for m in _DOUBLE_CJK.finditer(text)
                     if not proofreading._legitimate_double(text, m.start())]


def balanced_by_kind(text: str) -> bool:
    """Each kind of pair on its own, as _balanced first did."""
    marks = "".join(proofreading._MARKS.findall(text)).translate(proofreading._AS_LETTERS)
    for pair, others in proofreading._ONLY_KIND:
        sequence = marks.translate(others)
        while pair in sequence:
            sequence = sequence.replace(pair, "")
        if pair[0] in sequence or pair[1] in sequence:
            return False
    return True


@EXAMPLES
@given(texts("（", "）", "(", ")", "《", "》", "“", "”", "【", "】", "〔", "〕", "\n", "字", max_size=16))
def test_balanced_marks_are_balanced_kind_by_kind(text: str) -> None:
    assert proofreading._balanced(text) == balanced_by_kind(text)


_EDGES = ("\u4e00", "\u9fff", "\u3400", "\u4dbf", "\u33ff", "\u4dc0", "\u4dff", "\ua000", "\U00020000",
          "\ud800", "\x00", "（", "\n", "字", "A")


@EXAMPLES
@given(texts(*_EDGES))
def test_chinese_characters_are_counted_as_the_regex_counts_them(text: str) -> None:
    assert cjk_count(text) == sum(map(len, re.findall(r"[\u4e00-\u9fff\u3400-\u4dbf]+", text)))


@EXAMPLES
@given(texts(*_EDGES, "（", "）", "(", ")", "《", "》", "“", "”", "【", "】", "〔", "〕"))
def test_the_marks_are_those_the_regex_finds(text: str) -> None:
    assert proofreading._marks(code_points(text)) == "".join(proofreading._MARKS.findall(text))
    assert len(code_points(text)) == len(text)


@EXAMPLES
@given(st.lists(texts("园", "区", "区", "（", "）", "“", "”", "\n", "1", "\ufdd1", max_size=8), max_size=5))
def test_the_parts_read_at_once_are_read_as_each_alone(parts: list[str]) -> None:
    alone = [(cjk_doubles(text, code_points(text)), proofreading._marks(code_points(text))) for text in parts]
    assert proofreading._per_part(parts) == alone


def test_month_days_are_the_calendars() -> None:
    for year in (*range(1899, 2102), None):
        for month in range(1, 13):
            assert proofreading._days(year, month) == calendar.monthrange(
                2024 if year is None else year, month)[1]


_SECTION_KEYS = st.none() | st.sampled_from(list(SectionKey))


@EXAMPLES
@given(st.lists(st.tuples(_SECTION_KEYS, st.text(max_size=3)), max_size=9))
def test_section_texts_are_the_reports_texts(printed: list[tuple[SectionKey | None, str]]) -> None:
    report = Report(sections=[Section(key=key, text=text) for key, text in printed])
    texts_of = section_texts(report)
    sections_of = first_sections(report)
    for key in SectionKey:
        assert texts_of.get(key, "") == report.text(key)
        assert sections_of.get(key) is report.section(key)


@EXAMPLES
@given(texts("字", "a", "_", "1", "，", " ", "\n", "、", "①", "\u3000", "无", max_size=20))
def test_content_length_counts_what_the_regex_keeps(text: str) -> None:
    assert structure.content_length(text) == len(structure._NOT_CONTENT.sub("", text))


@EXAMPLES
@given(texts(*bindings._CLAUSE_WORDS, *bindings._ANCHORED_WORDS, "件", "申请", "，", "。", "\n", "年",
             "公开", "下", max_size=12))
def test_pattern_words_are_found_as_one_by_one(text: str) -> None:
    in_clauses = bindings._words_in(text, bindings._CLAUSE_WORDS)
    in_text = bindings._words_in(text, bindings._ANCHORED_WORDS)
    for _, _, words, anchor in bindings._PATTERNS:
        held = in_clauses if anchor is None else in_text
        assert {word for word in words if word in held} == {word for word in words if word in text}


# --- patterns tried only before the words they end in ---------------------------------------------


def _found(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


@EXAMPLES
@given(texts("均", "全部", "都", "皆", "一律", "获", "获得", "被", "予以", "得到", "依法", "已", "已经", "维持",
             "审结", "结案", "审", "结", "案", "维", "持", "，", "x"))
def test_upheld_and_closed_are_found_before_their_words(text: str) -> None:
    for pattern, words in ((narrative._UPHELD, ("维持",)), (narrative._CLOSED, ("审结", "结案"))):
        assert _found(matches_ending_in(pattern, text, words, 4)) == _found(pattern.finditer(text))


@EXAMPLES
@given(texts("2023", "2022", "2", "0", "年", "度", "，", ",", "年，", "年度,", "x", max_size=16))
def test_year_subjects_are_found_before_their_marks(text: str) -> None:
    found = reportyear._year_subjects(text)
    assert _found(found) == _found(reportyear._YEAR_SUBJECT.finditer(text))
    assert _found(reportyear._year_subjects(text)) == _found(
        matches_ending_in(reportyear._YEAR_SUBJECT, text, reportyear._YEAR_MARKS, 4))


@EXAMPLES
@given(texts("一", "六", "十", "二十", "3", "个", "部分", "部", "分", "包括", "，", "x"))
def test_parts_are_found_before_their_word(text: str) -> None:
    found = matches_ending_in(proofreading._PARTS, text, ("部分",), 3)
    assert _found(found) == _found(proofreading._PARTS.finditer(text))


def enclosing_all(text: str, pos: int, marks: str) -> tuple[int, int]:
    """enclosing as it first was: every mark looked for through the whole text."""
    start = max(text.rfind(mark, 0, pos) for mark in marks) + 1
    ends = [i for i in (text.find(mark, pos) for mark in marks) if i >= 0]
    return start, min(ends) + 1 if ends else len(text)


@EXAMPLES
@given(texts("，", ",", "。", "；", "\n", "!", "？", "x", "件", "\ud800", max_size=20),
       st.sampled_from((SENTENCE_MARKS, CLAUSE_MARKS, SUBCLAUSE_MARKS)))
def test_pieces_are_the_enclosing_ones(text: str, marks: str) -> None:
    pieces = Pieces(text, re.compile(f"[{marks}]"))
    for pos in range(len(text) + 1):
        assert pieces.around(pos) == enclosing(text, pos, marks) == enclosing_all(text, pos, marks)


def subclauses_with_triggers(text: str) -> list[tuple[int, int]]:
    """The subclauses _Clauses joins, as first found: every trigger looked at."""
    pieces = Pieces(text, SUBCLAUSE_END)
    found: list[tuple[int, int]] = []
    end = -1
    for trigger in re.finditer("件|起|宗|申请", text):
        if trigger.start() >= end:
            start, end = pieces.around(trigger.start())
            found.append((start, end))
    return found


@EXAMPLES
@given(texts("件", "起", "宗", "申请", "申", "请", "，", "。", "；", "\n", "?", "公开", "x"))
def test_clauses_are_the_subclauses_with_a_trigger(text: str) -> None:
    clauses = bindings._Clauses(text, Pieces(text, SUBCLAUSE_END))
    found = subclauses_with_triggers(text)
    assert clauses.text == "\n".join(text[start:end] for start, end in found)
    assert clauses.origins == [start for start, _ in found]
