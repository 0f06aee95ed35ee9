"""Finding the six numbered sections, as printed, in the normalised text.

Headings are recognised by their numeral and keywords, not by exact titles: real reports
print "五、存在的主要问题及整改措施", "四、政府信息公开行政法复议、行政诉讼情况" (sic) and
"四、因政府信息公开申请行政复议、提起行政诉讼的情况". A heading is either a short line of its
own ("一、总体情况") or, in text scraped onto one line, a numeral and a title running on into
the body ("一、总体情况2020年，我区…"). 表三's row labels ("一、本年新收…", "四、结转下年度…")
are never headings. Duplicated, misnumbered or out-of-order headings are kept as printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from assistant.findings import SECTION_TITLES, SectionKey

NUMERALS = "一二三四五六七八九十"
_LINE_HEADING = re.compile(  # the marks before the numeral possessive: none is a numeral
    rf"^[ \t#*>【\[]*+(?P<num>[{NUMERALS}]{{1,3}})[ \t]*[、.，,][ \t]*(?P<title>[^\n]{{1,48}})$",
    re.MULTILINE,
)
_INLINE_HEADING = re.compile(
    rf"(?<![{NUMERALS}（(第])(?P<num>[{NUMERALS}]{{1,3}})\s*、\s*"
)
# The same two, found fast: a pattern opening with "^" or a lookbehind is tried at every
# position (see _line_headings, _inline_headings).
_LINE_HEADING_AFTER_BREAK = re.compile("\n" + _LINE_HEADING.pattern.removeprefix("^"), re.MULTILINE)
_NOT_BEFORE_NUMERAL = frozenset(NUMERALS + "（(第")
_NUMERAL_AND_MARK = re.compile(rf"(?P<num>[{NUMERALS}]{{1,3}})\s*、\s*")
# A "、" right after a numeral or a space: the only ones a heading can end at. It opens with
# the literal "、", which the regex engine finds fast; the lookbehind is then tried there only.
_MARK_AFTER_NUMERAL_OR_SPACE = re.compile(rf"、(?<=[{NUMERALS}\s]、)")
_TITLE_END = re.compile(r"情况|措施|事项|概况|概述|方向|计划|举措|问题(?![及和与、并])")
_TABLE_ROWS = re.compile(r"\s*(?:本年新收|上年结转|本年度办理结果|结转下年度|本年度?办理)")
_SENTENCE = re.compile(r"[。；;！？!?|]|，.*，")


# Not frozen, though never changed (nor hashed): a frozen dataclass's __init__ sets each field
# through object.__setattr__, in Python, at a few times the cost of a plain one.
@dataclass
class Heading:
    start: int  # where the heading starts in the text
    end: int  # where its body starts
    numeral: str
    title: str
    key: SectionKey | None
    cut: int = -1  # where the previous section's text ends (before "## " markers)

    @property
    def text(self) -> str:
        return f"{self.numeral}、{self.title}"


_NUMERAL_DIGITS = {ch: i for i, ch in enumerate(NUMERALS[:9], start=1)}


def numeral_value(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20 (0 when it is not a numeral)."""
    digits = _NUMERAL_DIGITS
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(ones, 0)
    return digits.get(numeral, 0)


@cache
def _keywords() -> tuple[tuple[SectionKey, re.Pattern[str]], ...]:
    return (
        (SectionKey.REVIEW_LITIGATION, re.compile(r"复\s*议|诉\s*讼")),
        (SectionKey.PROBLEMS, re.compile(r"问\s*题|改\s*进|整\s*改")),
        (SectionKey.OTHER, re.compile(r"其\s*他.{0,6}(?:报\s*告|事\s*项)|其他事项")),
        (SectionKey.APPLICATIONS, re.compile(r"申\s*请|收到和处理")),
        (SectionKey.PROACTIVE, re.compile(r"主\s*动\s*公\s*开")),
        (SectionKey.OVERVIEW, re.compile(r"总\s*体|概\s*况|概\s*述|基本情况")),
    )


@lru_cache(maxsize=4096)
def classify(title: str) -> SectionKey | None:
    """Which section a heading's title names; ``None`` when it names none (or is a row label).

    Cached: reports print the same titles (and the same row labels and numbered points)."""
    if _TABLE_ROWS.match(title):
        return None
    for key, pattern in _keywords():
        if pattern.search(title):
            return key
    return _closest(title)


def _closest(title: str) -> SectionKey | None:
    """Typos: a title sharing most characters, in order, with a canonical one."""
    best: tuple[float, SectionKey | None] = (0.0, None)
    compact = re.sub(r"\s+", "", title)[:30]
    chars = Counter(compact)
    for key, canonical in SECTION_TITLES.items():
        if key is SectionKey.PREFACE:
            continue
        # the characters the two share bound their common subsequence: skip a title that
        # could not qualify, or not beat the best so far
        bound = sum((chars & _characters(canonical)).values()) / len(canonical)
        if bound < 0.7 or bound <= best[0]:
            continue
        score = _lcs(compact, canonical) / len(canonical)
        if score > best[0]:
            best = (score, key)
    return best[1] if best[0] >= 0.7 else None


@cache
def _characters(text: str) -> Counter[str]:
    return Counter(text)


def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if ch == other else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def _line_headings(text: str) -> Iterator[tuple[re.Match[str], int]]:
    """``_LINE_HEADING.finditer(text)``, each match with where its line starts."""
    first = _LINE_HEADING.match(text)
    if first is not None:
        yield first, 0
    for m in _LINE_HEADING_AFTER_BREAK.finditer(text):
        yield m, m.start() + 1


def _inline_headings(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_INLINE_HEADING.finditer(text)``, found from each "、" after a
    numeral or a space (before any other "、" no numeral ends).

    Before a "、" and the spaces before it, a match holds the last one to three numerals of
    a run of them (the pattern without its lookbehind matches from the first of those). A
    match that the lookbehind refuses is skipped whole: no match of the full pattern can
    start inside it (inside its numerals the lookbehind fails; after them no numeral
    follows)."""
    pos = 0
    for candidate in _MARK_AFTER_NUMERAL_OR_SPACE.finditer(text):
        mark = candidate.start()
        if mark < pos:
            continue
        numerals_end = mark
        while numerals_end > pos and text[numerals_end - 1].isspace():
            numerals_end -= 1
        start = numerals_end
        while start > pos and text[start - 1] in NUMERALS:
            start -= 1
        if start < numerals_end:
            start = max(start, numerals_end - 3)
            m = _NUMERAL_AND_MARK.match(text, start)
            if m is not None:
                pos = m.end()
                if not (start and text[start - 1] in _NOT_BEFORE_NUMERAL):
                    yield m


def find_headings(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Heading]:
    """Section headings in printed order (spans in ``skip``, e.g. tables, are ignored)."""
    # Candidates by where their numeral starts: (end, numeral, title, key, cut), the fields of
    # a Heading after its start; only those kept are made Headings (a frozen dataclass is
    # slow to make, and most candidates are numbered points or row labels).
    candidates: dict[int, tuple[int, str, str, SectionKey | None, int]] = {}
    for m, line_start in _line_headings(text):
        title = m.group("title").strip()
        start = m.start("num")
        if _SENTENCE.search(title) or (skip and _inside(start, skip)):
            continue
        candidates[start] = (m.end(), m.group("num"), title, classify(title), line_start)
    for m in _inline_headings(text):
        start = m.start("num")
        if start in candidates or (skip and _inside(start, skip)):
            continue
        window = text[m.end():m.end() + 40].split("\n", 1)[0]
        title_end = _TITLE_END.search(window)
        if title_end is None:
            continue
        title = window[:title_end.end()]
        if _SENTENCE.search(title):
            continue
        key = classify(title)
        if key is None:
            continue
        candidates[start] = (m.end() + title_end.end(), m.group("num"), title, key, start)
    headings: list[Heading] = []
    last_end = -1  # where the last heading kept ends
    last_value = 0  # its numeral's value
    for start in sorted(candidates):
        end, numeral, title, key, cut = candidates[start]
        if start < last_end:
            continue
        value = numeral_value(numeral)
        if key is None and (value != last_value + 1 or len(title) > 30):
            continue
        headings.append(Heading(start, end, numeral, title, key, cut))
        last_end, last_value = end, value
    # "二、加强组织领导" inside 总体情况 is a numbered point, not a section, when a real
    # section with that numeral follows.
    keyed = {numeral_value(h.numeral) for h in headings if h.key is not None}
    return [h for h in headings if h.key is not None or numeral_value(h.numeral) not in keyed]
