"""The report year: statistics period, the title's year, last year's text left in (DOMAIN §3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from assistant.checks.rules import finding
from assistant.checks.textspans import (
    CLAUSE_MARKS,
    SENTENCE_END,
    Pieces,
    enclosing,
    matches_ending_at,
    section_texts,
    word_positions,
)
from assistant.findings import Finding, SectionKey
from assistant.report import Report

_PERIOD_WORDS = re.compile(r"统计(?:期限|时限|时间|区间|周期|范围|口径)|数据统计|所列数据")
_PERIOD_WORD_STARTS = ("统计", "所列数据")  # every match holds one of these
FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
ANY_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*|(?<![\d年]))(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
)
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_SUBJECT = re.compile(r"(?P<y>(?:19|20)\d{2})年度?[，,]")
_YEAR_MARKS = ("年，", "年,", "年度，", "年度,")  # a match ends in one of these
# The marks as one pattern: all open with 年, which re finds fast (four searches for them cost
# more); no two of them overlap, so its matches are all of theirs.
_YEAR_MARK = re.compile("|".join(map(re.escape, _YEAR_MARKS)))
_SENTENCE_START = frozenset("。！？；;\n \t\u3000")
_FUTURE = re.compile(r"将|计划|拟|预计|力争|争取|下一步|打算|目标|规划|展望")
_LOOKING_BACK = re.compile(r"问题|整改|相比|较|同比|结转|年报|年度报告|上年")
_WORK = re.compile(r"收到|受理|办结|答复|开展|公开|发布|印发|制发|召开|组织|完成|坚持|推进|"
                   r"落实|深入|认真|积极|围绕|聚焦|加强|为指导|贯彻")
_STALE_SECTIONS = (SectionKey.OVERVIEW, SectionKey.APPLICATIONS, SectionKey.REVIEW_LITIGATION,
                   SectionKey.PROBLEMS, SectionKey.OTHER)


def check_report_year(report: Report, texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """Every report-year rule (``texts``: the report's :func:`section_texts`, when the caller
    has them)."""
    texts = section_texts(report) if texts is None else texts
    yield from statistics_period(report, texts)
    yield from title_year(report)
    yield from stale_year(report, texts)


def _fmt_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _period_in_text(texts: dict[SectionKey, str]
                    ) -> tuple[SectionKey, tuple[int, int], date, date] | None:
    """The statistics period as the preface (or the overview) states it."""
    for key in (SectionKey.PREFACE, SectionKey.OVERVIEW):
        text = texts.get(key, "")
        for start, end in _sentences_with(text, _PERIOD_WORD_STARTS):
            sentence = text[start:end]
            if not _PERIOD_WORDS.search(sentence):
                continue
            dates = list(ANY_DATE.finditer(sentence))
            if len(dates) < 2 or dates[0].group("y") is None:
                continue
            first, second = dates[0], dates[1]
            year0 = int(first.group("y"))
            year1 = int(second.group("y")) if second.group("y") else year0
            try:
                begin = date(year0, int(first.group("m")), int(first.group("d")))
                finish = date(year1, int(second.group("m")), int(second.group("d")))
            except ValueError:
                return None  # an impossible date: proofreading reports it
            return key, (start + first.start(), start + second.end()), begin, finish
    return None


def _sentences_with(text: str, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """The sentences of ``text`` (as ``spans(text, SENTENCE_END)`` gives them) that hold one of
    ``words``, in order: found from the words, the text is not cut into all its sentences."""
    sentences = Pieces(text, SENTENCE_END)
    end = 0  # where the last sentence ended
    for at in sorted({i for word in words for i in word_positions(text, word)}):
        if at >= end:
            start, end = sentences.around(at)
            yield start, end


def statistics_period(report: Report, texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """统计期限 must be 1 January to 31 December of the report year."""
    year = report.meta.year
    if year is None:
        return
    want = (date(year, 1, 1), date(year, 12, 31))
    stated = _period_in_text(section_texts(report) if texts is None else texts)
    if stated is not None:
        key, span, begin, finish = stated
        if (begin, finish) != want:
            yield _period_finding(year, begin, finish, section=key, span=span)
        return
    begin_meta, finish_meta = report.meta.period_start, report.meta.period_end
    if begin_meta is None or finish_meta is None or (begin_meta, finish_meta) == want:
        return
    yield _period_finding(year, begin_meta, finish_meta, section=SectionKey.PREFACE, span=None)


def _period_finding(year: int, begin: date, finish: date, *, section: SectionKey,
                    span: tuple[int, int] | None) -> Finding:
    expected = f"{year}年1月1日至{year}年12月31日"
    actual = f"{_fmt_date(begin)}至{_fmt_date(finish)}"
    return finding(
        "text.period",
        f"统计期限写为{actual}，{year}年度报告的统计期限应为{expected}",
        section=section, span=span, expected=expected, actual=actual,
    )


def title_year(report: Report) -> Iterator[Finding]:
    """The year in the title is the report year."""
    title, year = report.meta.title, report.meta.year
    if not title or year is None:
        return
    m = _TITLE_YEAR.search(title)
    if m is None or int(m.group(1)) == year:
        return
    yield finding(
        "text.title_year",
        f"标题“{title}”写的是{m.group(1)}年，报告年度为{year}年",
        expected=f"{year}年", actual=f"{m.group(1)}年",
    )


def _year_subjects(text: str) -> Iterator[re.Match[str]]:
    """``matches_ending_in(_YEAR_SUBJECT, text, _YEAR_MARKS, 4)``: the pattern opens with digits
    (searched for, it would be tried at every "1" and "2"), so it is tried just before each mark,
    found by :data:`_YEAR_MARK`."""
    return matches_ending_at(_YEAR_SUBJECT, text, (m.span() for m in _YEAR_MARK.finditer(text)), 4)


def stale_year(report: Report, texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """"2022年，本机关共收到…" in a 2023 report: last year's text left in."""
    year = report.meta.year
    if year is None:
        return
    texts = section_texts(report) if texts is None else texts
    for key in _STALE_SECTIONS:
        text = texts.get(key, "")
        for m in _year_subjects(text):
            stated = int(m.group("y"))
            if stated not in (year - 1, year + 1) or (
                    m.start() > 0 and text[m.start() - 1] not in _SENTENCE_START):
                continue
            _, end = enclosing(text, m.start(), CLAUSE_MARKS)
            clause = text[m.end():end]
            if _FUTURE.search(clause) or _LOOKING_BACK.search(clause) or not _WORK.search(clause):
                continue
            yield finding(
                "text.stale_year",
                f"“{text[m.start():min(end, m.end() + 20)]}…”以{stated}年作为本年工作的开头，"
                f"报告年度为{year}年，疑似沿用了往年的文字",
                section=key, span=(m.start("y"), m.end("y") + 1),
                expected=f"{year}年", actual=f"{stated}年",
            )
