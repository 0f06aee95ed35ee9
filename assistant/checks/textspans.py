"""Small text helpers shared by the narrative rules: numerals, sentences, character counts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt

from assistant.findings import SectionKey
from assistant.report import Report, Section

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"

# Commonest first (enclosing looks for the others only up to the nearest found).
SENTENCE_MARKS = "。！？!?\n"
CLAUSE_MARKS = "。；;！？!?\n"
SUBCLAUSE_MARKS = "，,。；;！？!?\n"
SENTENCE_END = re.compile(f"[{SENTENCE_MARKS}]")
CLAUSE_END = re.compile(f"[{CLAUSE_MARKS}]")
SUBCLAUSE_END = re.compile(f"[{SUBCLAUSE_MARKS}]")
# The Chinese characters "一千字" counts: CJK Unified Ideographs and Extension A.
_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))

CodePoints = npt.NDArray[np.uint32]


def parse_count(token: str) -> int | None:
    """``"75"`` → 75, ``"二十一"`` → 21, ``"两"`` → 2; ``None`` when not a number."""
    if token.isdigit():
        return int(token)
    if not token or any(ch not in _DIGITS and ch not in _UNITS for ch in token):
        return None
    if all(ch in _DIGITS for ch in token):  # "一〇五" style, or a single digit
        if len(token) > 1 and any(ch in "两" for ch in token):
            return None
        return int("".join(str(_DIGITS[ch]) for ch in token))
    total, current = 0, 0
    for ch in token:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def spans(text: str, ends: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the pieces of ``text`` between separators (end includes the mark)."""
    start = 0
    for m in ends.finditer(text):
        if m.end() > start:
            yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def enclosing(text: str, pos: int, marks: str) -> tuple[int, int]:
    """The piece of ``text`` between two of ``marks`` that contains position ``pos``.

    Each mark is looked for only between ``pos`` and the nearest mark found so far (the marks
    are listed commonest first): a rare mark is not searched for through the whole text."""
    start, end = 0, len(text)
    for mark in marks:
        before = text.rfind(mark, start, pos)
        if before >= 0:
            start = before + 1
        after = text.find(mark, pos, end)
        if after >= 0:
            end = after
    return start, end + 1 if end < len(text) else end


class Pieces:
    """Where the pieces of one text between separators begin and end, for many look-ups.

    ``ends`` matches single separator characters. Each look-up searches from the position
    outwards, forwards in the text and backwards in it reversed: nearby separators are found
    fast, and a text never looked up costs nothing. ``sharing``: pieces of the same text (other
    separators) whose reversed text these use too, reversed once for both."""

    def __init__(self, text: str, ends: re.Pattern[str], sharing: Pieces | None = None) -> None:
        self._text = text
        self._pattern = ends
        self._reversed: str | None = None
        self._length = len(text)
        self._sharing = sharing

    def reversed_text(self) -> str:
        """The text reversed (made when first asked for)."""
        if self._reversed is None:
            self._reversed = (self._text[::-1] if self._sharing is None
                              else self._sharing.reversed_text())
        return self._reversed

    def around(self, pos: int) -> tuple[int, int]:
        """The same as ``enclosing(text, pos, marks)``."""
        length = self._length
        # the last mark before pos
        before = self._pattern.search(self.reversed_text(), length - pos)
        after = self._pattern.search(self._text, pos)
        return (0 if before is None else length - before.start(),
                length if after is None else after.end())


def matches_ending_in(pattern: re.Pattern[str], text: str, words: tuple[str, ...], reach: int
                      ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match ends in one of ``words`` and
    starts at most ``reach`` characters before it, with none of them in its first part: the
    pattern is only tried just before each word (opening with alternatives, searched for, it
    would be tried at every character)."""
    found = sorted((i, i + len(word)) for word in words if word in text
                   for i in word_positions(text, word))
    return matches_ending_at(pattern, text, found, reach)


def matches_ending_at(pattern: re.Pattern[str], text: str, words: Iterable[tuple[int, int]],
                      reach: int) -> Iterator[re.Match[str]]:
    """:func:`matches_ending_in` with the words already found: ``words`` are their spans
    (start, end), in order."""
    end = 0  # where the last match ended
    for at, word_end in words:
        if word_end <= end:
            continue
        m = pattern.search(text, max(end, at - reach), word_end)
        if m is not None:
            yield m
            end = m.end()


def matches_starting_with(pattern: re.Pattern[str], text: str, words: Iterable[str],
                          offset: int = 0) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match has one of ``words``
    ``offset`` characters after its start: the pattern is only tried there (searched for, a
    pattern that opens with alternatives or a class is tried at every character)."""
    return matches_starting_at(pattern, text, [word_positions(text, word) for word in words if word in text],
                               offset)


def matches_starting_at(pattern: re.Pattern[str], text: str, positions: Iterable[list[int]],
                        offset: int = 0) -> Iterator[re.Match[str]]:
    """:func:`matches_starting_with` with the words already found: ``positions`` holds where
    each of them is in ``text``."""
    starts = sorted({i - offset for found in positions for i in found if i >= offset})
    return matches_at(pattern, text, starts)


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match starts at one of ``starts``
    (ascending): the pattern is matched there only, each match after the last one's end."""
    end = 0  # where the last match ended
    for at in starts:
        if at < end:
            continue
        m = pattern.match(text, at)
        if m is not None:
            yield m
            end = m.end()


def word_positions(text: str, word: str) -> list[int]:
    """Where ``word`` occurs in ``text``, in order (a list, built in one loop: cheaper than a
    generator's steps, and empty when the word is not there, found by one search)."""
    return positions_from(text, word, text.find(word))


def positions_from(text: str, word: str, at: int) -> list[int]:
    """:func:`word_positions`, from where the word is first found (``at``; -1: nowhere), for a
    caller that has looked for it already."""
    found: list[int] = []
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def section_texts(report: Report) -> dict[SectionKey, str]:
    """Each part's text as ``report.text(key)`` gives it (the first section printed as that part),
    for many look-ups: a part that is not printed is not in the map (its text is "")."""
    return {key: section.text for key, section in first_sections(report).items()}


def first_sections(report: Report) -> dict[SectionKey, Section]:
    """Each part's section as ``report.section(key)`` gives it (the first printed as that part),
    for many look-ups: a part that is not printed is not in the map."""
    found: dict[SectionKey, Section] = {}
    for section in report.sections:
        if section.key is not None and section.key not in found:
            found[section.key] = section
    return found


def code_points(text: str) -> CodePoints:
    """``text`` as an array of its code points, one per character (index i is ``text[i]``): the
    per-character tests of the proofreading rules run over it in C, where a regex would step
    through the text character by character (lone surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def cjk_count(text: str) -> int:
    """Chinese characters in ``text`` (what "一千字" counts)."""
    points = code_points(text)
    return sum(int(np.count_nonzero((points >= low) & (points <= high))) for low, high in _CJK_RANGES)


def cjk_doubles(text: str, points: CodePoints) -> list[int]:
    """Where a Chinese character (U+4E00–U+9FFF) of ``text`` (whose :func:`code_points` are
    ``points``) is typed twice in a row, as the regex ``([\u4e00-\u9fff])\1`` finds them: left
    to right, not overlapping ("区区区" once, at 0)."""
    found: list[int] = []
    free = 0  # the first position a new match may start at (a match takes two characters)
    # every doubled character (few: numpy's calls cost more than testing these one by one)
    for i in np.flatnonzero(points[1:] == points[:-1]).tolist():
        if i >= free and "\u4e00" <= text[i] <= "\u9fff":
            found.append(i)
            free = i + 2
    return found
