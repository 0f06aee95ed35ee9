"""Proofreading of the kind real reports need (DOMAIN §6): all warnings.

Duplicated characters ("园区区"), unbalanced 《》“”（）【】〔〕, malformed or impossible dates
("20231月1日", "2023年13月", "2月30日", a range that ends before it starts), and a preface
that announces "六个部分" but lists another number of parts.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterator
from datetime import date

import numpy as np
import numpy.typing as npt

from assistant.checks.lexicon import REDUPLICATIONS, SUSPECT_DOUBLES, lexicon
from assistant.checks.rules import finding
from assistant.checks.textspans import (
    SENTENCE_MARKS,
    CodePoints,
    cjk_doubles,
    code_points,
    enclosing,
    matches_ending_in,
    matches_starting_with,
    parse_count,
    section_texts,
)
from assistant.findings import Finding, SectionKey
from assistant.report import Report

_HAN = r"\u4e00-\u9fff"
_AABB = re.compile(rf"([{_HAN}])\1([{_HAN}])\2")

# (opening characters, closing characters, name); full- and half-width brackets pair freely.
_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("（(", "）)", "括号"),
    ("《", "》", "书名号"),
    ("“", "”", "引号"),
    ("【", "】", "方括号"),
    ("〔", "〕", "六角括号"),
)
_PAIR_OF = {ch: pair for pair in _PAIRS for ch in pair[0] + pair[1]}
_MARKS = re.compile("[" + re.escape("".join(_PAIR_OF)) + "\n]")
_ENUMERATOR = re.compile(r"(?:^|[。；;：:，,、\s])[0-9０-９a-zA-Z一二三四五六七八九十]{1,3}$")

# Before a "月": its year and month ("2023年1", "20231" with 年 missing, "1"); after it, its day.
_BEFORE_MONTH = re.compile(r"(?:(?P<y>(?:19|20)\d{2})(?P<nian>年?))?(?P<m>\d{1,2})$")
_DAY = re.compile(r"(?P<d>\d{1,2})日")
_RANGE = re.compile(
    r"(?P<y0>(?:19|20)\d{2})年(?P<m0>\d{1,2})月(?P<d0>\d{1,2})日(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:(?P<y1>(?:19|20)\d{2})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日"
)
_RANGE_YEAR = (("年",), 4)  # a range has its first 年 four characters after its start

# "[…]{1,2}" written as "[…][…]?": a pattern opening with a class is found fast. It ends in
# 部分, at most three characters after its start.
_PARTS = re.compile(r"(?P<n>[一二三四五六七八九十\d][一二三四五六七八九十\d]?)个?部分")
_LIST_START = re.compile(r"包括|包含|分为|分成|由|共有|主要有|含")
# Words naming each of the six parts, as prefaces list them.
_PART_WORDS: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    r"总体情况|总体概况|基本情况|概述",
    r"主动公开",
    r"收到和处理|收到、处理|收到及处理|依申请公开|处理政府信息公开申请",
    r"行政复议|行政诉讼",
    r"主要问题|改进情况|存在问题|问题及改进",
    r"其他需要报告|其他事项|其他需报告",
))
_LIST_SEPARATORS = re.compile(r"[、，,；;]")
_LIST_END = re.compile(r"[等共]$")
_CJK_CHAR = re.compile(rf"[{_HAN}]")


_KEYS = tuple(SectionKey)  # the parts in order (iterating the enumeration itself is slower)


def check_proofreading(report: Report, texts: dict[SectionKey, str] | None = None) -> Iterator[Finding]:
    """Every proofreading rule (``texts``: the report's :func:`section_texts`, when the caller
    has them)."""
    texts = section_texts(report) if texts is None else texts
    parts = [(key, text) for key in _KEYS if (text := texts.get(key, ""))]
    for (key, text), (doubles, marks) in zip(parts, _per_part([text for _, text in parts]), strict=True):
        yield from duplicated_characters(key, text, doubles)
        yield from unbalanced_marks(key, text, marks)
        yield from dates(key, text)
    yield from parts_count(report, texts)


# Joins the parts' texts to read their code points at once: a noncharacter, in no text (or each
# part is read on its own), neither Chinese nor doubled nor a mark.
_JOIN = "\ufdd1"


def _per_part(texts: list[str]) -> list[tuple[list[int], str]]:
    """Per text: where its doubled Chinese characters are (:func:`cjk_doubles`) and its marks
    (:func:`_marks`), read from the code points of all the texts joined: each numpy call costs
    more than the per-character work of a part, so they are made once for the whole report."""
    if not texts:
        return []
    if any(_JOIN in text for text in texts):
        return [(cjk_doubles(text, points), _marks(points)) for text in texts
                for points in (code_points(text),)]
    joined = _JOIN.join(texts)
    points = code_points(joined)
    doubles = cjk_doubles(joined, points)
    marks = _marks(points, _IS_MARK_OR_JOIN).split(_JOIN)
    out: list[tuple[list[int], str]] = []
    start = 0
    for text, text_marks in zip(texts, marks, strict=True):
        end = start + len(text)
        out.append(([i - start for i in doubles[bisect_left(doubles, start):bisect_left(doubles, end)]],
                    text_marks))
        start = end + 1  # past the joint
    return out


# --- duplicated characters --------------------------------------------------------------------


def _legitimate_double(text: str, i: int) -> bool:
    """Whether ``text[i] == text[i+1]`` is a word ("常常"), a boundary ("工作|作风") or an idiom."""
    pair = text[i:i + 2]
    after_digit = i > 0 and text[i - 1].isdigit()  # "2023年年底": 年 is a unit, not doubled
    if not after_digit and pair in REDUPLICATIONS:
        return True
    if _AABB.match(text, i) or (i >= 2 and _AABB.match(text, i - 2)):
        return True
    lex = lexicon()  # only now: most reports have no other double
    if not lex.words:
        return True  # without a dictionary every double would look suspect
    if not after_digit and pair in lex.common_doubles and pair not in SUSPECT_DOUBLES:
        return True
    if text[i + 1:i + 3] in lex.words:  # the second copy starts the next word
        return True
    for size in (3, 4):
        for start in range(max(0, i + 2 - size), i + 1):
            if text[start:start + size] in lex.doubled:
                return True
    return False


def duplicated_characters(key: SectionKey, text: str, doubles: list[int] | None = None) -> Iterator[Finding]:
    """A character typed twice ("园区区", "的的"), not a reduplicated word or a word boundary
    (``doubles``: the text's :func:`cjk_doubles`, when the caller has them)."""
    for i in cjk_doubles(text, code_points(text)) if doubles is None else doubles:
        char = text[i]
        if _legitimate_double(text, i):
            continue
        before = text[i - 1] if i > 0 and _CJK_CHAR.match(text[i - 1]) else ""
        context = text[max(0, i - 6):i + 6].strip().replace("\n", " ")
        yield finding(
            "proof.duplicate_char",
            f"“{context}”中“{before}{char}{char}”的“{char}”字重复，疑为多打了一个“{char}”，"
            f"应为“{before}{char}”",
            section=key, span=(i, i + 2), expected=f"{before}{char}", actual=f"{before}{char}{char}",
        )


# --- brackets and quotes ------------------------------------------------------------------


# For the quick test of balanced marks: each kind of pair's opening and closing marks as two
# letters ("（" and "(" as "a", "）" and ")" as "A"), and per kind, a table that keeps only its own.
_LETTERS = "abcde"
_AS_LETTERS = str.maketrans({ch: _LETTERS[i] if ch in opens else _LETTERS[i].upper()
                             for i, (opens, closes, _) in enumerate(_PAIRS) for ch in opens + closes})
# The same, as (mark, letter) for str.replace: a dozen replacements of one character cost less
# than a translation through the table, character by character.
_LETTER_OF = tuple((chr(point), str(letter)) for point, letter in _AS_LETTERS.items())
_PAIR_LETTERS = tuple(letter + letter.upper() for letter in _LETTERS)
_ONLY_KIND = tuple(
    (letter + letter.upper(), str.maketrans("", "", "".join(o + o.upper() for o in _LETTERS if o != letter)))
    for letter in _LETTERS
)


def _without_pairs(marks: str) -> str:
    """``marks`` (as letters) without the pairs that nest ("abBA" and "aAbB" leave nothing)."""
    while True:
        reduced = marks
        for pair in _PAIR_LETTERS:
            reduced = reduced.replace(pair, "")
        if reduced == marks:
            return marks
        marks = reduced


# Whether each code point is one of _MARKS's characters, indexed by the code point.
_IS_MARK = np.zeros(0x110000, dtype=np.bool_)
_IS_MARK[[ord(ch) for ch in (*_PAIR_OF, "\n")]] = True
_IS_MARK_OR_JOIN = _IS_MARK.copy()  # the same, and the joint of _per_part's texts
_IS_MARK_OR_JOIN[ord(_JOIN)] = True


def _marks(points: CodePoints, table: npt.NDArray[np.bool_] = _IS_MARK) -> str:
    """``"".join(_MARKS.findall(text))`` from the text's code points: its marks, in order
    (``table``: which code points to keep)."""
    return str(points[table.take(points)].tobytes().decode("utf-32-le", "surrogatepass"))


def _balanced(text: str, marks: str | None = None) -> bool:
    """Whether every mark of ``text`` closes in its own paragraph, in order (each kind of
    pair on its own): then there is nothing to report (``marks``: its :func:`_marks`, when
    the caller has them)."""
    marks = _marks(code_points(text)) if marks is None else marks
    for mark, letter in _LETTER_OF:  # marks.translate(_AS_LETTERS)
        marks = marks.replace(mark, letter)
    if not _without_pairs(marks).strip("\n"):
        return True  # the common case: the marks nest, and so each kind balances
    for pair, others in _ONLY_KIND:
        sequence = marks.translate(others)
        if pair[0] not in sequence and pair[1] not in sequence:
            continue
        while pair in sequence:
            sequence = sequence.replace(pair, "")
        if pair[0] in sequence or pair[1] in sequence:
            return False
    return True


def unbalanced_marks(key: SectionKey, text: str, marks: str | None = None) -> Iterator[Finding]:
    """An opening mark without its closing mark in the same paragraph, or the reverse
    (``marks``: the text's :func:`_marks`, when the caller has them)."""
    if _balanced(text, marks):
        return  # the common case
    stacks: dict[str, list[int]] = {name: [] for _, _, name in _PAIRS}
    paragraph = 0  # where the current paragraph starts
    for m in _MARKS.finditer(text):
        j, ch = m.start(), m.group(0)
        if ch == "\n":
            yield from _unclosed(key, text, paragraph, j, stacks)
            paragraph = j + 1
            continue
        opens, closes, name = _PAIR_OF[ch]
        if ch in opens:
            stacks[name].append(j)
        elif stacks[name]:
            stacks[name].pop()
        elif not (name == "括号" and _ENUMERATOR.search(text, max(0, paragraph - 1), j)):
            yield _mark_finding(key, text, paragraph, j, name, opens[0], closes[0],
                                opening=False)
    yield from _unclosed(key, text, paragraph, len(text), stacks)


def _unclosed(key: SectionKey, text: str, start: int, end: int,
              stacks: dict[str, list[int]]) -> Iterator[Finding]:
    """Opening marks left open at the end of a paragraph (the stacks are emptied)."""
    for opens, closes, name in _PAIRS:
        for j in stacks[name]:
            yield _mark_finding(key, text, start, j, name, opens[0], closes[0], opening=True)
        stacks[name].clear()


def _mark_finding(key: SectionKey, text: str, paragraph: int, j: int, name: str, op: str,
                  cl: str, *, opening: bool) -> Finding:
    end = text.find("\n", j)
    context = text[max(paragraph, j - 8):min(j + 9, end if end >= 0 else len(text))]
    missing = cl if opening else op
    return finding(
        "proof.unbalanced",
        f"“{context}”中的{name}“{text[j]}”没有对应的“{missing}”",
        section=key, span=(j, j + 1), expected=f"成对的“{op}{cl}”", actual=f"缺少“{missing}”",
    )


# --- dates --------------------------------------------------------------------------------


# Days in each month of a common year (calendar.monthrange is Python, and slower than this).
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days(year: int | None, month: int) -> int:
    """Days in ``month`` (1 to 12) of ``year`` (a leap year when not known)."""
    if month == 2 and (year is None or calendar.isleap(year)):
        return 29
    return _MONTH_DAYS[month - 1]


def dates(key: SectionKey, text: str) -> Iterator[Finding]:
    """Malformed ("20231月"), impossible ("13月", "2月30日") and reversed dates."""
    i = text.find("月")
    while i >= 0:
        if i > 0 and (text[i - 1].isdecimal()
                      or (text[i - 1] == "\n" and i > 1 and text[i - 2].isdecimal())):
            yield from _month_at(key, text, i)  # only a 月 after a digit can be a date's
        i = text.find("月", i + 1)
    first_day = text.find("日")  # a range holds two (found, not counted: the text may hold many)
    two_days = first_day >= 0 and text.find("日", first_day + 1) >= 0
    ranges = matches_starting_with(_RANGE, text, *_RANGE_YEAR) if two_days else ()
    for m in ranges:  # a range holds two 日
        try:
            begin = date(int(m.group("y0")), int(m.group("m0")), int(m.group("d0")))
            end_year = int(m.group("y1")) if m.group("y1") else begin.year
            end = date(end_year, int(m.group("m1")), int(m.group("d1")))
        except ValueError:
            continue  # reported above as an impossible date
        if end < begin:
            yield finding(
                "proof.date", f"日期区间“{m.group(0)}”的结束日期早于开始日期",
                section=key, span=m.span(), expected="结束日期不早于开始日期", actual=m.group(0),
            )


def _month_at(key: SectionKey, text: str, i: int) -> Iterator[Finding]:
    """The date around the "月" at ``i``, if it is malformed or impossible."""
    window = max(0, i - 8)
    m = _BEFORE_MONTH.search(text, window, i)
    if m is None or (m.start() > 0 and text[m.start() - 1].isdigit() and m.start() > window):
        return
    start = m.start()
    if start == window and window > 0 and text[window - 1].isdigit():
        return  # a longer number than the window shows: not a date
    month, year = int(m.group("m")), m.group("y")
    if year is not None and not m.group("nian"):
        if 1 <= month <= 12:
            yield finding(
                "proof.date",
                f"日期“{text[start:i + 1]}”的年份后缺少“年”字，应为“{year}年{month}月”",
                section=key, span=(start, i + 1), expected=f"{year}年{month}月",
                actual=text[start:i + 1],
            )
        return
    d = _DAY.match(text, i + 1)
    end = d.end() if d else i + 1
    day = int(d.group("d")) if d else None
    days = _days(int(year) if year else None, month) if 1 <= month <= 12 else 0
    problem = None
    if not 1 <= month <= 12:
        problem = f"月份应为1至12，写成了{month}月"
    elif day is not None and not 1 <= day <= days:
        problem = f"{month}月只有{days}天，写成了{day}日"
    if problem:
        printed = text[start:end]
        yield finding(
            "proof.date", f"日期“{printed}”不存在：{problem}",
            section=key, span=(start, end), expected="存在的日期", actual=printed,
        )


# --- the preface's "N个部分" ------------------------------------------------------------------


def listed_parts(listing: str) -> int:
    """How many of the six parts a list names ("总体情况、主动公开…和其他需要报告的事项")."""
    named = {i for i, pattern in enumerate(_PART_WORDS) if pattern.search(listing)}
    unknown = sum(
        1 for piece in _LIST_SEPARATORS.split(listing)
        if piece.strip() and not any(p.search(piece) for p in _PART_WORDS)
        and len(_CJK_CHAR.findall(piece)) >= 2
    )
    return len(named) + unknown


def parts_count(report: Report, texts: dict[SectionKey, str] | None = None
                ) -> Iterator[Finding]:
    """"本报告包括…等六个部分": the number matches the parts listed (``texts``: the report's
    :func:`section_texts`, when the caller has them)."""
    texts = section_texts(report) if texts is None else texts
    for key in (SectionKey.PREFACE, SectionKey.OVERVIEW):
        text = texts.get(key, "")
        for found in matches_ending_in(_PARTS, text, ("部分",), 3):
            s_start, s_end = enclosing(text, found.start(), SENTENCE_MARKS)
            sentence = text[s_start:s_end]
            m = _PARTS.search(sentence)
            start = _LIST_START.search(sentence)
            if m is None or start is None or start.end() > m.start():
                continue
            stated = parse_count(m.group("n"))
            listing = sentence[start.end():m.start()]
            first = min((w.start() for p in _PART_WORDS if (w := p.search(listing))), default=None)
            if stated is None or first is None:
                continue
            cut = max(listing.rfind(c, 0, first) for c in "，,：:")
            listing = _LIST_END.sub("", listing[cut + 1:])
            if sum(1 for p in _PART_WORDS if p.search(listing)) < 2:
                continue
            counted = listed_parts(listing)
            if counted != stated:
                yield finding(
                    "proof.parts_count",
                    f"引言说报告包括“{m.group(0)}”，但列举了{counted}个部分",
                    section=key, span=(s_start + m.start("n"), s_start + m.end("n")),
                    expected=str(counted), actual=str(stated),
                )
            return
