"""Numbers printed in narrative text, and whether a facts sheet backs them.

A draft may state a number only when the facts sheet holds it (a table cell, a value derived
from cells as its label says, a year of the report, or a number the writer's own notes state).
This module finds the numbers in a sentence and matches them against fact values; it leaves
out what is not a quantity: article and 文号 numbers (the citation checker's business), titles
inside 《》, months and days of a date, telephone numbers.
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


def number_mentions(text: str) -> list[NumberMention]:
    """Every quantity, percentage and year printed in ``text`` (Arabic digits), in order."""
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
    return mention.value == value
