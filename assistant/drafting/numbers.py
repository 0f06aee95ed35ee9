"""Numbers printed in narrative text, and whether a facts sheet backs them.

A draft may state a number only when the facts sheet holds it (a table cell, a value derived
from cells as its label says, a year of the report, or a number the writer's own notes state).
This module finds the numbers in a sentence and matches them against fact values; it leaves
out what is not a quantity: article and 文号 numbers (the citation checker's business), titles
inside 《》, months and days of a date, telephone numbers.

Counts in Chinese numerals are numbers too (三件, 十二篇, 两次, 一百余条: a numeral followed by
a measure word), but not the idioms that contain a numeral (一是/二是, 一方面, 进一步, 统一,
第一, 三公经费, 四个意识, 最多跑一次 …). ``一百余条`` is approximate: it states any value
from 100 to 199.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

# Full-width digits, point, comma and percent become ASCII one character for one character,
# so spans found on the folded text are spans of the original.
_FOLD = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")


class MentionKind(StrEnum):
    QUANTITY = "quantity"
    PERCENT = "percent"
    YEAR = "year"


@dataclass(frozen=True)
class NumberMention:
    text: str  # as printed, e.g. "28.4%"
    value: Decimal
    kind: MentionKind
    span: tuple[int, int]
    places: int  # digits after the point, for comparing rounded percentages
    approx: Decimal | None = None  # "一百余条": the value is at least ``value``, below ``value + approx``

    def __str__(self) -> str:
        return self.text


_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%)?")
# Spans that hold numbers which are not quantities.
_SKIP = (
    re.compile(r"《[^《》]*》"),  # titles
    re.compile(r"〔\s*\d{4}\s*〕\s*\d+\s*号"),  # 文号: 国办公开办函〔2021〕30号
    re.compile(r"[\[［(（]\s*\d{4}\s*[\]］)）]\s*\d+\s*号"),
    re.compile(r"令?第\s*\d+\s*号令?"),  # 国务院令第711号
    re.compile(r"第\s*\d+\s*[条款项章节]"),  # 第50条
    re.compile(r"第\s*[（(]\s*\d+\s*[）)]\s*项"),
    re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*日"),  # 1月1日
    re.compile(r"(?<=年)\s*\d{1,2}\s*月"),  # 2024年6月
    re.compile(r"(?<!\d)\d{1,2}\s*月(?=[底末初中份前])"),  # 6月底前
    re.compile(r"\d{3,4}-\d{7,8}|\d{11}"),  # telephone numbers
    re.compile(r"邮编[：:]?\s*\d{6}"),
)


def fold(text: str) -> str:
    return text.translate(_FOLD)


def _skipped(text: str) -> list[tuple[int, int]]:
    return [m.span() for pattern in _SKIP for m in pattern.finditer(text)]


# --- Chinese numerals ------------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
# Measure words after which a numeral is a count; "一" only with those that never make an idiom.
_MEASURES = "件篇条次期场个项家人名份批部套本册所类处户位起轮张台支"
_ONE_MEASURES = "次篇期场名家"
_CN_COUNT = re.compile(
    r"(?P<num>[零〇一二两三四五六七八九十百千万亿]+)(?P<more>余|多)?(?P<unit>[" + _MEASURES + "])"
)
# Idioms with a numeral and a measure word that are not counts.
_IDIOMS = re.compile(
    r"[两四]个(?:维护|意识|自信|确立|全面|伟大)|三个代表|三项制度|八项规定|一件事|跑一次|一次性|一次办|一条龙|"
    r"一个窗口|一张网|一批次|一站式|五个一"
)
# What before a numeral makes it an ordinal, a vague amount or part of a word.
_NOT_BEFORE = "第数几若每逐万唯统进同某单再任另"


def chinese_value(numeral: str) -> Decimal | None:
    """``十二`` → 12, ``一百二十六`` → 126, ``两千`` → 2000, ``三万五千`` → 35000; None if not a numeral."""
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in _CN_DIGIT:
            if digit is not None and char not in "零〇":  # two digits in a row: not a plain numeral
                return None
            digit = _CN_DIGIT[char] if char not in "零〇" else None
        elif char in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[char]
            digit = None
        elif char in _CN_BIG:
            section += digit or 0
            total += (section or 1) * _CN_BIG[char]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def _step(value: Decimal) -> Decimal:
    """The place of the lowest non-zero digit: 100 for 一百, 10 for 一百二十, 1 for 十二."""
    step = Decimal(1)
    number = int(value)
    while number and number % 10 == 0:
        number //= 10
        step *= 10
    return step


def _chinese_mentions(text: str, skipped: list[tuple[int, int]]) -> list[NumberMention]:
    idioms = [m.span() for m in _IDIOMS.finditer(text)]
    found = []
    for match in _CN_COUNT.finditer(text):
        start, end = match.span()
        numeral, unit = match.group("num"), match.group("unit")
        if any(a <= start and end <= b for a, b in skipped) or any(a < end and start < b for a, b in idioms):
            continue
        if start and text[start - 1] in _NOT_BEFORE:
            continue
        if numeral in ("一",) and unit not in _ONE_MEASURES:
            continue
        value = chinese_value(numeral)
        if value is None or value == 0:
            continue
        approx = _step(value) if match.group("more") else None
        found.append(NumberMention(text=text[start:end], value=value, kind=MentionKind.QUANTITY, span=(start, end),
                                   places=0, approx=approx))
    return found


_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")


def _chinese_years(text: str) -> list[NumberMention]:
    out = []
    for match in _CN_YEAR.finditer(text):
        digits = "".join(str(_CN_DIGIT[c]) for c in match.group(0))
        out.append(NumberMention(text=match.group(0), value=Decimal(digits), kind=MentionKind.YEAR,
                                 span=match.span(), places=0))
    return out


def number_mentions(text: str) -> list[NumberMention]:
    """Every quantity, percentage and year printed in ``text`` (Arabic digits and counts in
    Chinese numerals), in order."""
    found = _digit_mentions(text)
    skipped = _skipped(fold(text))
    taken = [m.span for m in found]
    years = _chinese_years(text)
    counts = [m for m in _chinese_mentions(text, skipped)
              if not any(a < m.span[1] and m.span[0] < b for a, b in [*taken, *(y.span for y in years)])]
    return sorted([*found, *years, *counts], key=lambda m: m.span)


def _digit_mentions(text: str) -> list[NumberMention]:
    folded = fold(text)
    skipped = _skipped(folded)
    found: list[NumberMention] = []
    for match in _NUMBER.finditer(folded):
        start, end = match.span()
        if any(a <= start and end <= b for a, b in skipped):
            continue
        whole, frac, percent = match.group(1), match.group(2) or "", match.group(3)
        try:
            value = Decimal(whole.replace(",", "") + frac)
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
        after = folded[end:end + 1]
        if percent:
            kind = MentionKind.PERCENT
        elif after == "年" and not frac and len(whole) == 4:
            kind = MentionKind.YEAR
        else:
            kind = MentionKind.QUANTITY
        found.append(NumberMention(text=text[start:end], value=value, kind=kind, span=(start, end),
                                   places=max(0, len(frac) - 1)))
    return found


def matches(mention: NumberMention, value: Decimal, *, percent: bool) -> bool:
    """Whether a printed number states ``value``: exactly, or a percentage rounded as printed."""
    if mention.kind is MentionKind.PERCENT:
        if not percent:
            return False
        quantum = Decimal(1).scaleb(-mention.places)
        rounded = value.quantize(quantum)
        # 28.35 may be printed 28.3 or 28.4 depending on the rounding rule used.
        return mention.value == rounded or abs(mention.value - value) < quantum
    if percent:
        return False
    if mention.approx is not None:
        return mention.value <= value < mention.value + mention.approx
    return mention.value == value


def same_number(mention: NumberMention, other: NumberMention) -> bool:
    """Whether two printed numbers state the same thing (``三篇`` and ``3篇``; ``一百余条`` and ``126条``)."""
    if mention.kind is not other.kind:
        return False
    if mention.approx is not None and other.approx is None:
        return mention.value <= other.value < mention.value + mention.approx
    return mention.value == other.value
