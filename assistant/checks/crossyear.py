"""Cross-year rules: this year's report against last year's (DOMAIN §3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from assistant.cells import FormatVersion
from assistant.checks.cellvalues import CellReader, fmt
from assistant.checks.rules import finding
from assistant.checks.textspans import spans
from assistant.findings import Finding, SectionKey
from assistant.form import (
    CARRY_OVER_CODE,
    IN_FORCE_CODE,
    ContinuityRule,
    continuity_rules,
    split_address,
    table,
)
from assistant.report import Report

REPEAT_THRESHOLD = 0.7  # character-bigram Jaccard of two sentences: "nearly verbatim"
SIMILAR_SHARE = 0.5  # share of 五's characters in repeated sentences: "大体雷同"
MIN_SENTENCE_CHARS = 8

_SENTENCE = re.compile(r"[。；;！？!?\n]")
_ENUMERATOR = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]|[一二三四五六七八九十]{1,2}是|"
    r"第[一二三四五六七八九十]{1,2}[，,、]?|其[一二三四五六七八九十]|首先|其次|再次|最后|同时|另外|此外)"
)
_YEARS = re.compile(r"(?:19|20)\d{2}年度?")
_NOT_TEXT = re.compile(r"[^\w]|_")
_REFERS_BACK = re.compile(r"上一?年度?|去年|前一年|往年|以往|上期|上次|此前|上轮")
_FOLLOW_UP = re.compile(r"问题|整改|改进|不足|短板|落实|完善|提升|解决|改善")


def check_cross_year(report: Report, previous: Report) -> Iterator[Finding]:
    gap = list(year_gap(report, previous))
    if gap:
        yield from gap
        return
    yield from carry_over(report, previous)
    yield from in_force(report, previous)
    yield from problems_repeated(report, previous)
    yield from problems_follow_up(report, previous)


def year_gap(report: Report, previous: Report) -> Iterator[Finding]:
    """Last year's report must be for the year before (else the other rules are skipped)."""
    year, last = report.meta.year, previous.meta.year
    if year is None or last is None or last == year - 1:
        return
    yield finding(
        "xyear.year_gap",
        f"作为上年报告提供的是{last}年度报告，本报告为{year}年度，应提供{year - 1}年度报告；"
        "未做跨年度核对",
        expected=f"{year - 1}年", actual=f"{last}年",
    )


@cache
def _carry_rules(version: FormatVersion, previous: FormatVersion) -> tuple[tuple[str, str, str], ...]:
    """(column label, this year's 上年结转 cell, last year's 结转下年度 cell), column by column."""
    t3 = table(version, "t3")
    return tuple((t3.column(split_address(r.cell)[2]).label, r.cell, r.previous)
                 for r in continuity_rules(version, previous) if r.code == CARRY_OVER_CODE)


@cache
def _in_force_rules(version: FormatVersion, previous: FormatVersion
                    ) -> tuple[tuple[str, ContinuityRule], ...]:
    """(表二 row label, rule) for each row whose 现行有效 both years print."""
    t2 = table(version, "t2")
    return tuple((t2.row(split_address(r.cell)[1]).label, r)
                 for r in continuity_rules(version, previous) if r.code == IN_FORCE_CODE)


def carry_over(report: Report, previous: Report) -> Iterator[Finding]:
    """This year's 二、上年结转 = last year's 四、结转下年度继续办理, column by column."""
    now, then = CellReader(report), CellReader(previous)
    last = f"{previous.meta.year}年" if previous.meta.year else "上年"
    for col_label, cell, last_cell in _carry_rules(report.version, previous.version):
        carried_in = now.number(cell)
        carried_out = then.number(last_cell)
        if carried_in is None or carried_out is None or carried_in == carried_out:
            continue
        yield finding(
            CARRY_OVER_CODE,
            f"表三“{col_label}”列：本年“二、上年结转政府信息公开申请数量”为{fmt(carried_in)}，"
            f"{last}报告“四、结转下年度继续办理”为{fmt(carried_out)}，两者应相等",
            section=SectionKey.APPLICATIONS, cell=cell,
            expected=fmt(carried_out), actual=fmt(carried_in),
        )


def in_force(report: Report, previous: Report) -> Iterator[Finding]:
    """现行有效 ≈ last year's 现行有效 + 本年制发 − 本年废止 (documents also expire: warning)."""
    if FormatVersion.V2019 in (report.version, previous.version):
        return  # the 2019 format counted 对外公开总数量, not 现行有效
    now, then = CellReader(report), CellReader(previous)
    for label, rule in _in_force_rules(report.version, previous.version):
        (issued_cell,), (repealed_cell,) = rule.plus, rule.minus
        before = then.number(rule.previous)
        issued = now.number(issued_cell)
        repealed = now.number(repealed_cell)
        current = now.number(rule.cell)
        if before is None or issued is None or repealed is None or current is None:
            continue
        expected = before + issued - repealed
        if expected == current:
            continue
        yield finding(
            IN_FORCE_CODE,
            f"表二“{label}”现行有效件数为{fmt(current)}；上年现行有效{fmt(before)}件，"
            f"加本年制发{fmt(issued)}件、减本年废止{fmt(repealed)}件，通常应为{fmt(expected)}件"
            "（如有文件到期失效，请核实）",
            section=SectionKey.PROACTIVE, cell=rule.cell, cells=(issued_cell, repealed_cell),
            expected=fmt(expected), actual=fmt(current),
        )


# --- section 五 ------------------------------------------------------------------------------


def _normalise(sentence: str) -> str:
    text = sentence.strip()
    while True:
        m = _ENUMERATOR.match(text)
        if m is None or not m.group(0):
            break
        text = text[m.end():].lstrip()
    return _NOT_TEXT.sub("", _YEARS.sub("", text))


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def problem_sentences(text: str) -> list[tuple[tuple[int, int], str, frozenset[str]]]:
    """Sentences of 五 worth comparing: (span, normalised text, character bigrams)."""
    out = []
    for start, end in spans(text, _SENTENCE):
        norm = _normalise(text[start:end])
        if len(norm) >= MIN_SENTENCE_CHARS:
            stripped = text[start:end].rstrip("。；;！？!?\n")
            out.append(((start, start + len(stripped)), norm, _bigrams(norm)))
    return out


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def problems_repeated(report: Report, previous: Report) -> Iterator[Finding]:
    """Sentences of 五 repeated nearly verbatim from last year's 五, and 五 as a whole."""
    text = report.text(SectionKey.PROBLEMS)
    before = problem_sentences(previous.text(SectionKey.PROBLEMS))
    mine = problem_sentences(text)
    if not before or not mine:
        return
    repeated: list[tuple[tuple[int, int], str]] = []
    for span, norm, grams in mine:
        best = max(((_jaccard(grams, g), n) for _, n, g in before), key=lambda x: x[0])
        if best[0] >= REPEAT_THRESHOLD:
            repeated.append((span, norm))
            sentence = text[span[0]:span[1]]
            yield finding(
                "xyear.problems_repeated",
                f"“{sentence}”与上年报告“存在的主要问题及改进情况”中的句子几乎相同"
                f"（相似度{best[0]:.0%}）",
                section=SectionKey.PROBLEMS, span=span, expected="与上年不同的具体内容",
                actual=f"相似度{best[0]:.0%}",
            )
    total = sum(len(n) for _, n, _ in mine)
    share = sum(len(n) for _, n in repeated) / total if total else 0.0
    if share >= SIMILAR_SHARE:
        listed = "；".join(f"“{text[s:e]}”" for (s, e), _ in repeated[:3])
        more = f"等{len(repeated)}句" if len(repeated) > 3 else ""
        yield finding(
            "xyear.problems_similar",
            f"“存在的主要问题及改进情况”有{share:.0%}的内容与上年报告雷同：{listed}{more}；"
            "按年报格式要求，不得出现年年雷同现象",
            section=SectionKey.PROBLEMS, span=(repeated[0][0][0], repeated[-1][0][1]),
            expected=f"雷同内容低于{SIMILAR_SHARE:.0%}", actual=f"{share:.0%}",
        )


def problems_follow_up(report: Report, previous: Report) -> Iterator[Finding]:
    """五 says what became of last year's problems."""
    text = report.text(SectionKey.PROBLEMS)
    if not problem_sentences(text):
        return  # empty or too short: struct.problems_too_short
    year = report.meta.year
    back = re.compile(_REFERS_BACK.pattern + (f"|{year - 1}年" if year else ""))
    for start, end in spans(text, _SENTENCE):
        sentence = text[start:end]
        if back.search(sentence) and _FOLLOW_UP.search(sentence):
            return
    last = f"{year - 1}年" if year else "上年"
    yield finding(
        "xyear.problems_no_followup",
        f"“存在的主要问题及改进情况”没有说明{last}报告所列问题的改进情况",
        section=SectionKey.PROBLEMS, expected=f"写明{last}问题的整改情况", actual="未提及",
    )
