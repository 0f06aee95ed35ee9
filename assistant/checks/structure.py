"""Section rules: the six parts present once, numbered and in order, with real content."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from assistant.cells import FormatVersion
from assistant.checks.rules import finding
from assistant.checks.textspans import (
    SENTENCE_END,
    cjk_count,
    first_sections,
    matches_starting_with,
    spans,
)
from assistant.findings import SECTION_NUMERALS, SECTION_TITLES, Finding, SectionKey
from assistant.form import section_heading
from assistant.report import Report, Section

Sections = dict[SectionKey, Section]  # first_sections of a report

ORDER: tuple[SectionKey, ...] = tuple(SECTION_NUMERALS)
MIN_PROBLEMS_CHARS = 30
MAX_OVERVIEW_CHARS = 1000
_CONTENT = re.compile(r"[\w]")
_NOT_CONTENT = re.compile(r"\W+")
_CONTENT_RUN = re.compile(r"\w+")
_FEE = re.compile(r"信息处理费")
_CHARGE = re.compile(r"收费|收取[^。；，,]{0,8}费")
_CHARGE_CONTEXT = re.compile(r"信息公开|依申请|政府信息|申请人")


def check_structure(report: Report) -> Iterator[Finding]:
    sections = first_sections(report)  # shared: each part's section is looked up once
    yield from presence(report)
    yield from numbering(report)
    yield from order(report)
    yield from unrecognized(report)
    yield from empty_sections(report, sections)
    yield from problems_content(report, sections)
    yield from fee_statement(report, sections)
    yield from overview_length(report, sections)
    yield from heading_wording(report)
    yield from placeholders(report)


def _name(key: SectionKey) -> str:
    return section_heading(key)


def presence(report: Report) -> Iterator[Finding]:
    """Each of 一…六 is present (error when missing) and only once (warning)."""
    counts = Counter(s.key for s in report.sections)
    for key in ORDER:
        if counts[key] == 0:
            yield finding(
                "struct.missing", f"报告缺少“{_name(key)}”部分",
                section=key, expected=_name(key), actual="缺失",
            )
        elif counts[key] > 1:
            headings = "、".join(f"“{s.heading}”" for s in report.sections if s.key is key)
            yield finding(
                "struct.duplicated",
                f"“{_name(key)}”部分出现了{counts[key]}次（{headings}），应只有一处",
                section=key, expected="1次", actual=f"{counts[key]}次",
            )


def numbering(report: Report) -> Iterator[Finding]:
    """A recognised part carries its own numeral (五 for 存在的主要问题…)."""
    for s in report.sections:
        if s.key is None or s.key not in SECTION_NUMERALS:
            continue
        want = SECTION_NUMERALS[s.key]
        if s.numeral == want:
            continue
        actual = s.numeral or "无序号"
        what = f"序号为“{s.numeral}”" if s.numeral else "没有序号"
        yield finding(
            "struct.misnumbered",
            f"标题“{s.heading or SECTION_TITLES[s.key]}”{what}，应为“{want}、”",
            section=s.key, expected=want, actual=actual,
        )


def order(report: Report) -> Iterator[Finding]:
    """The parts follow the order 一 to 六."""
    seen: set[SectionKey] = set()
    latest: SectionKey | None = None
    for s in report.sections:
        if s.key is None or s.key not in SECTION_NUMERALS or s.key in seen:
            continue
        seen.add(s.key)
        if latest is not None and ORDER.index(s.key) < ORDER.index(latest):
            yield finding(
                "struct.out_of_order",
                f"“{_name(s.key)}”排在“{_name(latest)}”之后，顺序不对",
                section=s.key, expected=f"在“{_name(latest)}”之前",
                actual=f"在“{_name(latest)}”之后",
            )
        else:
            latest = s.key


def unrecognized(report: Report) -> Iterator[Finding]:
    """A numbered heading that is none of the six parts."""
    for s in report.sections:
        if s.key is None and s.heading.strip():
            yield finding(
                "struct.unrecognized",
                f"标题“{s.heading.strip()}”不是年报格式的六个部分之一",
                expected="一至六部分之一", actual=s.heading.strip(),
            )


def empty_sections(report: Report, sections: Sections | None = None) -> Iterator[Finding]:
    """A narrative part with a heading and nothing under it (五 has its own, stricter rule)."""
    sections = first_sections(report) if sections is None else sections
    for key in (SectionKey.OVERVIEW, SectionKey.OTHER):
        s = sections.get(key)
        if s is None or _CONTENT.search(s.text):
            continue
        extra = "；信息处理费收取情况应在此部分报告" if key is SectionKey.OTHER and (
            report.version is FormatVersion.V2021) else ""
        yield finding(
            "struct.empty", f"“{_name(key)}”只有标题，没有内容{extra}",
            section=key, expected="有内容", actual="空",
        )


def problems_content(report: Report, sections: Sections | None = None) -> Iterator[Finding]:
    """五 is not empty, not "无", not a few characters."""
    s = (first_sections(report) if sections is None else sections).get(SectionKey.PROBLEMS)
    if s is None:
        return
    if content_length(s.text[:4 * MIN_PROBLEMS_CHARS]) >= MIN_PROBLEMS_CHARS:
        return  # long enough (and so not "无"): the common case, from the start of the text
    content = _NOT_CONTENT.sub("", s.text)  # the word characters
    if len(content) >= MIN_PROBLEMS_CHARS and content != "无":
        return
    shown = s.text.strip() or "空"
    yield finding(
        "struct.problems_too_short",
        f"“{_name(SectionKey.PROBLEMS)}”内容为“{shown}”（{len(content)}字），"
        "按年报格式要求，应实事求是、具体写明本年度存在的主要问题和改进情况",
        section=SectionKey.PROBLEMS, expected=f"不少于{MIN_PROBLEMS_CHARS}字的具体内容",
        actual=f"{len(content)}字",
    )


def content_length(text: str) -> int:
    """How many word characters ``text`` holds (``len(_NOT_CONTENT.sub("", text))``), from its
    runs of them: searching for the runs of other characters tries every word character."""
    return sum(map(len, _CONTENT_RUN.findall(text)))


def mentions_fee(text: str) -> bool:
    """Whether a sentence reports 信息处理费 (or 收费 for 政府信息公开)."""
    if _FEE.search(text):
        return True
    for start, end in spans(text, SENTENCE_END):
        sentence = text[start:end]
        if _CHARGE.search(sentence) and _CHARGE_CONTEXT.search(sentence):
            return True
    return False


def fee_statement(report: Report, sections: Sections | None = None) -> Iterator[Finding]:
    """六 reports 信息处理费 (2021 format: "收取信息处理费的情况，在此处专门报告")."""
    if report.version is not FormatVersion.V2021:
        return
    s = (first_sections(report) if sections is None else sections).get(SectionKey.OTHER)
    if s is None or not _CONTENT.search(s.text) or mentions_fee(s.text):
        return
    yield finding(
        "struct.fee_missing",
        f"“{_name(SectionKey.OTHER)}”没有报告信息处理费的收取情况；"
        "按年报格式要求，收取信息处理费的情况在此部分专门报告，未收取也应写明",
        section=SectionKey.OTHER, expected="写明信息处理费收取情况", actual="未提及",
    )


def overview_length(report: Report, sections: Sections | None = None) -> Iterator[Finding]:
    """总体情况 "篇幅原则上不超过一千字" (2021 format)."""
    if report.version is not FormatVersion.V2021:
        return
    s = (first_sections(report) if sections is None else sections).get(SectionKey.OVERVIEW)
    if s is None or len(s.text) <= MAX_OVERVIEW_CHARS:
        return  # no more characters than that, Chinese or not
    n = cjk_count(s.text)
    if n > MAX_OVERVIEW_CHARS:
        yield finding(
            "struct.overview_too_long",
            f"“{_name(SectionKey.OVERVIEW)}”有{n}字，按年报格式要求，篇幅原则上不超过{MAX_OVERVIEW_CHARS}字",
            section=SectionKey.OVERVIEW, expected=f"不超过{MAX_OVERVIEW_CHARS}字", actual=f"{n}字",
        )


# Wordings of a heading the format itself uses (its notice names 五 this way).
_HEADING_VARIANTS: dict[SectionKey, tuple[str, ...]] = {
    SectionKey.PROBLEMS: ("政府信息公开工作存在的主要问题及改进情况",),
}
_HEADING_NOISE = re.compile(r"[\s。．.：:]+")


@lru_cache(maxsize=1024)
def _misworded(key: SectionKey, heading: str) -> bool:
    """Whether ``heading``'s words after its numeral differ from the format's for ``key``
    (reports print the same headings: each is read once)."""
    printed = _HEADING_NOISE.sub("", heading.split("、", 1)[-1]) if "、" in heading else ""
    want = SECTION_TITLES[key]
    return bool(printed.strip("…")) and printed != want and printed not in _HEADING_VARIANTS.get(key, ())


def heading_wording(report: Report) -> Iterator[Finding]:
    """A heading reads as the format prints it (“四、政府信息公开行政法复议、…” is a typo)."""
    for s in report.sections:
        if s.key is None or s.key not in SECTION_NUMERALS or not s.heading:
            continue
        if not _misworded(s.key, s.heading):
            continue
        yield finding(
            "struct.heading_wording",
            f"标题“{s.heading}”与年报格式模板的“{_name(s.key)}”不一致，请按年报格式要求改正",
            section=s.key, expected=_name(s.key), actual=s.heading,
        )


# What this tool (and writers) leave for later: 【待补充：…】, 【待核实】, 【待确认】, 【请填写】.
PLACEHOLDER = re.compile(r"【\s*(?:待补充|待核实|待确认|待填写|请填写|请补充|此处填写)[^】]*】|[XＸ×]{3,}件")
_PLACEHOLDER_MARKS = ("【", "X", "Ｘ", "×")  # every match starts with one of these


def placeholders(report: Report) -> Iterator[Finding]:
    """A placeholder left in the text: the report is not finished (it must not be exported)."""
    for s in report.sections:
        text = s.text
        if not any(mark in text for mark in _PLACEHOLDER_MARKS):
            continue  # the common case, found fastest
        for match in matches_starting_with(PLACEHOLDER, text, _PLACEHOLDER_MARKS):
            shown = match.group(0) if len(match.group(0)) <= 40 else match.group(0)[:38] + "…】"
            yield finding(
                "struct.placeholder",
                f"正文中仍有待填写的占位内容“{shown}”，请补写后再导出",
                section=s.key, span=match.span(), expected="成文", actual=match.group(0),
            )
