"""Specific claims a sentence makes, which need a source of their own.

A model writing 公文 adds specifics that sound right and that nobody gave it: a frequency
(每季度开展一次), a deadline (2025年6月底前), an assessment or sanction (纳入年度绩效考核,
通报批评, 问责), a cause (由于专职人员不足). A sentence whose other words are well backed
still must not carry one of these unless what it rests on says it (in an equivalent form:
``6月底前`` ≡ ``2025年6月底前`` ≡ ``上半年``; ``每季度`` ≡ ``季度检查``). Counts in Chinese numerals
(三件, 两次) are numbers, checked with the digits (:mod:`assistant.drafting.numbers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from assistant.drafting.numbers import chinese_value
from assistant.drafting.support import without_quotes


class ClaimKind(StrEnum):
    FREQUENCY = "频次"
    DEADLINE = "时限"
    SANCTION = "考核问责要求"
    CAUSE = "原因"


@dataclass(frozen=True)
class Claim:
    kind: ClaimKind
    text: str  # as printed
    span: tuple[int, int]  # in the text given to find_claims
    key: str  # what an equivalent statement shares: "quarter", "2025-6", "assessment", …


# --- frequencies ----------------------------------------------------------------------------------

_UNITS = {"季度": "quarter", "季": "quarter", "月": "month", "半年": "halfyear", "年度": "year", "年": "year",
          "周": "week", "星期": "week", "旬": "xun", "天": "day", "日": "day"}
_FREQUENCY = re.compile(
    r"每(?:个)?(季度|季|月|半年|年度|年|周|星期|旬|天|日)"
    r"|按(季度|月|年度|年|周)"
    r"|一(季|月|年|周)一(?:次|期|报|检查|通报|更新)"
    r"|(?<![一二三四第本上下该每按个])(季度)(?![末底初前内])"
    r"|(月度)(?=[\u4e00-\u9fff]{0,4}(?:检查|巡查|通报|更新|考核|报送|分析|调度|抽查|评估|会商|例会))"
    r"|(定期)(?=[^，。；,;]{0,12}?(?:[一二两三四五六七八九十\d]+|至少)次)"
)


def _frequencies(text: str) -> Iterator[Claim]:
    for match in _FREQUENCY.finditer(text):
        unit = next(g for g in match.groups() if g)
        key = "periodic" if unit == "定期" else "month" if unit == "月度" else _UNITS.get(unit, unit)
        yield Claim(ClaimKind.FREQUENCY, match.group(0), match.span(), key)


# --- deadlines ----------------------------------------------------------------------------------

_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年"
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月"
_DEADLINE = re.compile(
    rf"(?:{_YEAR})?{_MONTH}(?:份)?(?:\s*(\d{{1,2}})\s*日)?"
    r"(?:(底|末|初|上旬|中旬|下旬)(前|以前|之前)?|(前|以前|之前))"
    rf"|(?:{_YEAR})?(?:第)?([一二三四1-4])季度(?:末|底)?(?:前|以前|之前)?"
    rf"|(?:{_YEAR})?(上半年|下半年|年中|年底|年末)(?:前|以前|之前)?"
    r"|(\d{4})\s*年(底|末)(?:前|以前|之前)?"
)
_HALF_MONTH = {"上半年": 6, "年中": 6, "下半年": 12, "年底": 12, "年末": 12}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(chinese_value(text) or 0)


def _year(text: str | None) -> str:
    if not text:
        return ""
    if text.isdigit():
        return text
    digits = "〇一二三四五六七八九"
    return "".join(str(digits.index(c)) if c in digits else "0" for c in text)


def _deadlines(text: str) -> Iterator[Claim]:
    for match in _DEADLINE.finditer(text):
        g = match.groups()
        if g[1] is not None:  # a month
            year, month = _year(g[0]), _number(g[1])
        elif g[7] is not None:  # a quarter
            year, month = _year(g[6]), _number(g[7]) * 3
        elif g[9] is not None:
            year, month = _year(g[8]), _HALF_MONTH[g[9]]
        else:
            year, month = _year(g[10]), 12
        if not 1 <= month <= 12:
            continue
        yield Claim(ClaimKind.DEADLINE, match.group(0), match.span(), f"{year}-{month}")


def _same_deadline(a: str, b: str) -> bool:
    year_a, _, month_a = a.partition("-")
    year_b, _, month_b = b.partition("-")
    return month_a == month_b and (not year_a or not year_b or year_a == year_b)


# --- assessment and sanctions ---------------------------------------------------------------------

_SANCTION = re.compile(
    r"(?:纳入|列入|计入|作为)[^，。；,;]{0,16}?(?:绩效考核|目标考核|考核|考评|绩效|评议|评先评优|督查)(?:内容|范围|依据|指标|体系)?"
    r"|(?:与|同)[^，。；,;]{0,12}?(?:考核|绩效|评优)[^，。；,;]{0,4}?挂钩"
    r"|绩效考核|目标考核|考核扣分|扣分|一票否决"
    r"|通报批评|责令整改|诫勉|问责|追责|责任追究|约谈"
)


def _sanction_key(text: str) -> str:
    if re.search(r"问责|追责|责任追究|诫勉", text):
        return "accountability"
    if "约谈" in text:
        return "interview"
    if re.search(r"批评|责令", text):
        return "criticism"
    return "assessment"


_SANCTION_BACKING = {
    "accountability": re.compile(r"问责|追责|责任追究|诫勉"),
    "interview": re.compile(r"约谈"),
    "criticism": re.compile(r"通报批评|批评|责令"),
    "assessment": re.compile(r"考核|考评|绩效|评议|挂钩|扣分"),
}


def _sanctions(text: str) -> Iterator[Claim]:
    for match in _SANCTION.finditer(text):
        yield Claim(ClaimKind.SANCTION, match.group(0), match.span(), _sanction_key(match.group(0)))


# --- causes ---------------------------------------------------------------------------------------

_CAUSE = re.compile(
    r"(?:主要是)?(?:由于|因为|鉴于|究其原因|归因于)[，,]?(?P<a>[^，。；,;]{2,40})"
    r"|受(?P<b>[^，。；,;]{2,30}?)(?:的)?影响"
    r"|(?:主要)?原因(?:是|在于|主要是|为)[：:]?(?P<c>[^。；;]{2,40})"
    r"|(?P<d>[^，。；,;]{3,30}?)(?:导致|致使|以致)"
)


def causes(text: str) -> Iterator[Claim]:
    """Clauses that give a reason (由于……, 受……影响, 原因是……, ……导致)."""
    for match in _CAUSE.finditer(text):
        name = next(n for n in "abcd" if match.group(n))
        start, end = match.span(name)
        yield Claim(ClaimKind.CAUSE, text[start:end], (start, end), "cause")


# --- the claims of a sentence ---------------------------------------------------------------------


def find_claims(text: str) -> list[Claim]:
    """Frequencies, deadlines and sanctions stated in ``text`` (quoted text left out), in order.
    Causes are found by :func:`causes` (they are checked for support, not matched)."""
    plain = _blank_quotes(text)
    found = [*_deadlines(plain), *_frequencies(plain), *_sanctions(plain)]
    # A deadline's "季度" is not also a frequency; overlapping matches keep the first found.
    kept: list[Claim] = []
    for claim in found:
        if not any(c.span[0] < claim.span[1] and claim.span[0] < c.span[1] for c in kept):
            kept.append(claim)
    return sorted(kept, key=lambda c: c.span)


def _blank_quotes(text: str) -> str:
    """Quoted text replaced by spaces of the same length (spans stay those of the original)."""
    return re.sub(r"“[^“”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text)


def backed(claim: Claim, sources: Sequence[str]) -> bool:
    """Whether one of the sources states the claim (in an equivalent form)."""
    for source in sources:
        if claim.kind is ClaimKind.SANCTION:
            if _SANCTION_BACKING[claim.key].search(source):
                return True
            continue
        if claim.kind is ClaimKind.DEADLINE:
            if any(_same_deadline(claim.key, c.key) for c in _deadlines(source)):
                return True
            continue
        if claim.kind is ClaimKind.FREQUENCY:
            keys = {c.key for c in _frequencies(source)}
            if claim.key in keys or (claim.key == "periodic" and keys) or claim.text in source:
                return True
    return False


def message(claim: Claim) -> str:
    return f"“{claim.text}”这一{claim.kind.value}在所依据的材料中找不到"


__all__ = ["Claim", "ClaimKind", "backed", "causes", "find_claims", "message", "without_quotes"]
