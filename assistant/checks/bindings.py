"""Numbers stated in the narrative, bound to the table cells they describe (DOMAIN §3).

"共收到政府信息公开申请75件" is bound to 表三 一 总计 (or 一 + 二, when that is what it counts);
"办结69件" to 三（七）总计; "1件结转下年度" to 四; "行政复议2件" to 表四; "予以公开及部分公开258件，
占33.9%" to 三（一）+（二） with its percentage. The patterns are deliberately narrow: a number
that is not plainly one of these ("公开各类信息30余条", "网络问政182件") is left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import cast

from assistant.cells import FormatVersion, t3_outcome_rows
from assistant.checks.cellvalues import CellReader, Number, first_none
from assistant.checks.tables import t3_total, t4_total
from assistant.checks.textspans import (
    CLAUSE_END,
    SUBCLAUSE_END,
    Pieces,
    matches_at,
    matches_ending_at,
    matches_starting_at,
    parse_count,
    positions_from,
    section_texts,
    word_positions,
)
from assistant.findings import SectionKey
from assistant.form import cell_address, t3_rows, table
from assistant.form.tables import T3_GROUPS
from assistant.report import Report

NARRATIVE_SECTIONS: tuple[SectionKey, ...] = (
    SectionKey.OVERVIEW, SectionKey.APPLICATIONS, SectionKey.REVIEW_LITIGATION, SectionKey.OTHER,
)

_NUM = r"(?P<n>[\d零〇一二两三四五六七八九十百千]+)"  # one class: lets re skip ahead fast
_G = r"[^，,。；;！!？?\d\n]"  # a gap inside one sub-clause, without digits
_CASES = r"(?:件|起|宗)"

OUTCOME_KINDS = ("public_partial", "public", "partial", "withheld", "unable", "not_processed",
                 "other")

# Patterns whose number comes first ("1件结转下年度") are run backwards from the words after
# the number (found first, quickly), over a short window: a pattern that starts with a digit
# class would be tried at every position of the text.
_WINDOW = 30
_WAS_CARRIED_IN = re.compile(r"(?:为|系|属于?|是)上一?年度?结转")
_CARRIED_ON = re.compile(r"(?:结转|顺延|转入|延续|转)(?:至|到|入)?下一?年度?")


class _Found:
    """Where words occur in one text, each looked for once for all who ask (the anchored
    patterns' words: 结转 is asked for by both anchors and by the test for the patterns)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._positions: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        """:func:`word_positions` of ``word`` in the text."""
        found = self._positions.get(word)
        if found is None:
            found = self._positions[word] = word_positions(self.text, word)
        return found


Anchors = Callable[[str, _Found], Iterator[re.Match[str]]]


def _was_carried_in(text: str, found: _Found | None = None) -> Iterator[re.Match[str]]:
    """``_WAS_CARRIED_IN.finditer(text)``, tried only before the 结转 each match ends in (it
    opens with alternatives: searched for, it would be tried at every character); ``found``:
    where words are in the text, when the caller keeps them."""
    found = _Found(text) if found is None else found
    return matches_ending_at(_WAS_CARRIED_IN, text,
                             [(at, at + 2) for at in found.positions("结转")], 6)


def _carried_on(text: str, found: _Found | None = None) -> Iterator[re.Match[str]]:
    """``_CARRIED_ON.finditer(text)``, tried only where a match can start (as
    :func:`matches_starting_with` finds them; ``found`` as for :func:`_was_carried_in`)."""
    found = _Found(text) if found is None else found
    return matches_starting_at(_CARRIED_ON, text, [found.positions(word) for word in ("结转", "顺延", "转", "延续")])


# (kind, pattern, anchor, words); earlier patterns win a number that later ones would also match.
# A pattern without an anchor is only tried where one of its words is: each of its matches starts
# with one (searched for, a pattern that opens with alternatives is tried at every character);
# an anchored one only in a text that holds one of its words.
_RECEIVED = ("收到", "受理", "接收", "新收", "接到")
_PATTERN_LIST: tuple[tuple[str, str, Anchors | None, tuple[str, ...]], ...] = (
    ("public_partial", rf"公开(?:及|和|与|、|以及)部分公开(?P<g>{_G}{{0,6}}?){_NUM}件", None,
     ("公开及", "公开和", "公开与", "公开、", "公开以及")),
    ("public", rf"予以公开(?P<g>{_G}{{0,4}}?){_NUM}件", None, ("予以公开",)),
    ("partial", rf"部分公开(?P<g>{_G}{{0,4}}?){_NUM}件", None, ("部分公开",)),
    ("withheld", rf"不予公开(?P<g>{_G}{{0,4}}?){_NUM}件", None, ("不予公开",)),
    ("unable", rf"无法提供(?P<g>{_G}{{0,4}}?){_NUM}件", None, ("无法提供",)),
    ("not_processed", rf"不予处理(?P<g>{_G}{{0,4}}?){_NUM}件", None, ("不予处理",)),
    ("other", rf"其他处理(?P<g>{_G}{{0,4}}?){_NUM}件", None, ("其他处理",)),
    ("carried_in", rf"(?:上一?年度?|去年|往年)的?结转(?P<g>{_G}{{0,12}}?){_NUM}件", None,
     ("上年", "上一年", "去年", "往年")),
    ("carried_in", rf"{_NUM}件(?P<g>{_G}{{0,6}}?)$", _was_carried_in, ("结转",)),
    ("carried_out", rf"结转(?:至|到|入)?下一?年度?(?P<g>{_G}{{0,10}}?){_NUM}件", None, ("结转",)),
    ("carried_out", rf"{_NUM}件(?P<g>{_G}{{0,16}}?)$", _carried_on, ("结转", "下年", "下一年")),
    ("carried_out", rf"结转(?P<g>{_G}{{0,6}}?){_NUM}件", None, ("结转",)),
    ("received", rf"(?:收到|受理|接收|新收|接到)(?P<g>{_G}{{0,20}}?申请{_G}{{0,6}}?){_NUM}件", None,
     _RECEIVED),
    ("received", rf"(?:收到|受理|接收|新收|接到)(?P<g>{_G}{{0,6}}?){_NUM}件{_G}{{0,12}}?申请", None,
     _RECEIVED),
    ("received", rf"(?:共|共计|累计|全年)(?:收到|受理|接收)(?P<g>{_G}{{0,6}}?){_NUM}件", None,
     ("共", "累计", "全年")),
    ("received_none", rf"(?:未|没有)(?:收到|受理|接到)(?P<g>{_G}{{0,16}}?)申请", None, ("未", "没有")),
    ("handled", rf"(?:办结|答复|办理完毕|办理完结|处理完毕)(?P<g>{_G}{{0,16}}?){_NUM}件", None,
     ("办结", "答复", "办理完", "处理完毕")),
    ("suit_after_review", rf"复议后(?:提起|起诉|的)?(?:行政)?(?:诉讼|起诉)?(?P<g>{_G}{{0,6}}?)"
                          rf"{_NUM}{_CASES}", None, ("复议后",)),
    ("suit_direct", rf"直接(?:提起)?(?:行政)?(?:诉讼|起诉)(?P<g>{_G}{{0,6}}?){_NUM}{_CASES}", None,
     ("直接",)),
    ("review", rf"复议(?:案件|申请)?(?P<g>{_G}{{0,6}}?){_NUM}{_CASES}", None, ("复议",)),
    ("litigation", rf"(?:诉讼|起诉|应诉)(?:案件)?(?P<g>{_G}{{0,6}}?){_NUM}{_CASES}", None,
     ("诉讼", "起诉", "应诉")),
    ("in_force", rf"现行有效(?P<g>{_G}{{0,12}}?){_NUM}件", None, ("现行有效",)),
    ("in_force", rf"(?P<g>规章|规范性文件){_G}{{0,4}}?现行有效{_G}{{0,4}}?{_NUM}件", None,
     ("规章", "规范性文件")),
)
_PATTERNS = tuple(
    (kind, re.compile(pattern), words, anchor)
    for kind, pattern, anchor, words in _PATTERN_LIST
)
# The words of the patterns searched in the subclauses, and of the anchored ones (in the text):
# each text is looked at once for all of them, and a pattern none of whose words it holds is
# not tried at all.
_CLAUSE_WORDS = tuple(sorted({word for _, _, anchor, words in _PATTERN_LIST if anchor is None
                              for word in words}))
_ANCHORED_WORDS = tuple(sorted({word for _, _, anchor, words in _PATTERN_LIST if anchor is not None
                                for word in words}))

# Words that put a number outside what the pattern means (a gap or the clause before it).
_STOP = re.compile(r"复议|诉讼|起诉|建议|提案|信访|诉求|留言|咨询|投诉|举报|热线|来信|来电|"
                   r"许可|审批|处罚|事项|网民|问政")
_TOTAL_KINDS = frozenset({"received", "received_none", "handled", "carried_in", "carried_out"})
_SUBSET = re.compile(r"自然人|法人|企业|组织|机构|公民|其中")
_LAST_YEAR = re.compile(r"上一?年度?|去年|前一年|往年")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_COMPARE = re.compile(r"较|同比|环比|比上|比去|比前|增加|减少|增长|下降|上升|回落|提高|降低")
_APPROX_BEFORE = frozenset("约近逾超余第每逐单")
_NUMERALS = frozenset("0123456789零〇一二两三四五六七八九十百千")
CASE_CONTEXT = re.compile(r"信息公开|政府信息|依申请")
_PERCENT = re.compile(
    r"\s*[，,（(]?\s*(?:占(?:比|[^，,。；;\d%％]{0,10}?)?|比例为|比重为?)\s*"
    r"(?P<p>\d+(?:\.\d+)?)\s*[%％]"
)
_AFTER_REVIEW = re.compile(r"诉讼|起诉|后")  # in a review's gap: a suit after the review
_LAST_YEARS_END = re.compile(r"[上去往]一?年度?的?$")  # before a carried_out: last year's
_OUTCOME_WORDS = re.compile(r"败诉|胜诉|维持|纠正|审结|结案|判决")  # in a litigation's gap
_STOP_EXEMPT = {"review": "复议", "litigation": "诉讼起诉", "suit_direct": "诉讼起诉",
                "suit_after_review": "诉讼起诉复议"}


@dataclass(frozen=True)
class Percentage:
    value: Decimal
    span: tuple[int, int]
    decimals: int


Alternative = tuple[str, tuple[str, ...], Number]


# Not frozen, though never changed (nor hashed): a frozen dataclass's __init__ sets each field
# through object.__setattr__, in Python, at a few times the cost of a plain one. Its __init__
# is written out (the same as the one @dataclass would make): compiled, the generated one
# would still run as Python, called through a dict of keywords.
@dataclass(init=False)
class NumberBinding:
    """A number in the narrative and the table value it describes."""

    kind: str  # received, handled, carried_in, carried_out, review, litigation, in_force, …
    section: SectionKey
    span: tuple[int, int]  # the number, in the section's text
    phrase: str  # the matched words, for messages
    value: int
    cells: tuple[str, ...]  # the cells whose sum the number states
    table_value: Number | None  # that sum as the table prints it (None: cannot be read)
    note: str  # which cells, in Chinese (e.g. "第一项“本年新收”")
    alternatives: tuple[Alternative, ...] = ()  # other readings
    percentage: Percentage | None = None

    def __init__(self, kind: str, section: SectionKey, span: tuple[int, int], phrase: str,
                 value: int, cells: tuple[str, ...], table_value: Number | None, note: str,
                 alternatives: tuple[Alternative, ...] = (),
                 percentage: Percentage | None = None) -> None:
        self.kind = kind
        self.section = section
        self.span = span
        self.phrase = phrase
        self.value = value
        self.cells = cells
        self.table_value = table_value
        self.note = note
        self.alternatives = alternatives
        self.percentage = percentage

    @property
    def known(self) -> bool:
        return self.table_value is not None

    @property
    def matches(self) -> bool:
        """Whether the number equals the table (under the main reading or an alternative)."""
        return self.value == self.table_value or any(
            self.value == v for _, _, v in self.alternatives)

    @property
    def matched_note(self) -> str:
        """Which reading the number matched (e.g. "第一项加第二项"), or the main one."""
        for note, _, v in self.alternatives:
            if self.value == v and self.value != self.table_value:
                return note
        return self.note


Target = tuple[str, tuple[str, ...], Number | None]


def _outcome_rows(version: FormatVersion, prefix: str) -> tuple[str, ...]:
    """The outcome rows of group ``prefix`` ("withheld": （三）不予公开's items; the 2019
    format's （六）其他处理 is one row)."""
    group = T3_GROUPS[prefix]
    return tuple(r.key for r in t3_rows(version) if r.key in t3_outcome_rows(version)
                 and group in (r.group, r.label))


def _t3_sum(reader: CellReader, rows: tuple[str, ...], totals: tuple[str, ...]) -> Number | None:
    """The sum of 表三 ``rows`` in the 总计 column (their cells ``totals``); ``None`` when one
    is unknown."""
    cells = reader.cells
    values = [cells.get(total) for total in totals]
    # first_none: ``None in values`` would compare each number by ==
    if first_none(values) >= 0:  # a total not printed as a number: computed from its row
        values = [t3_total(reader, r) for r in rows]
    return None if first_none(values) >= 0 else sum(values)  # type: ignore[arg-type]


_GROUPED = ("withheld", "unable", "not_processed", "other")
# Kinds read from one sum of 表三 总计 cells or 表四 group totals: (note, rows or groups).
_T3_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "handled": ("第三项（七）总计", ("handled_total",)),
    "carried_in": ("第二项“上年结转”", ("carried_in",)),
    "carried_out": ("第四项“结转下年度继续办理”", ("carried_out",)),
    "public_partial": ("（一）予以公开与（二）部分公开之和", ("public", "partial")),
    "public": ("（一）予以公开", ("public",)),
    "partial": ("（二）部分公开", ("partial",)),
    "withheld": ("（三）不予公开各项之和", ("withheld",)),
    "unable": ("（四）无法提供各项之和", ("unable",)),
    "not_processed": ("（五）不予处理各项之和", ("not_processed",)),
    "other": ("（六）其他处理各项之和", ("other",)),
}
_T4_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "review": ("“行政复议”总计", ("review",)),
    "litigation": ("“未经复议直接起诉”与“复议后起诉”总计之和", ("suit_direct", "suit_after_review")),
    "suit_direct": ("“未经复议直接起诉”总计", ("suit_direct",)),
    "suit_after_review": ("“复议后起诉”总计", ("suit_after_review",)),
}


@cache
def _t3_target_rows(version: FormatVersion, groups: tuple[str, ...]
                    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The 表三 rows a number of ``groups`` sums, and their 总计 cells."""
    rows = tuple(r for g in groups for r in (_outcome_rows(version, g) if g in _GROUPED else (g,)))
    return rows, tuple(cell_address("t3", r, "total") for r in rows)


def _targets(reader: CellReader, kind: str, gap: str) -> list[Target]:
    """Readings of a number of ``kind``: (note, cells, table value); the first is the main one
    (remembered by the reader: a report states a kind of number more than once)."""
    key = ("bindings.targets", kind, gap if kind == "in_force" else "")
    known = reader.memo.get(key)
    if known is None:
        known = reader.memo[key] = tuple(_read_targets(reader, kind, gap))
    return list(cast(tuple[Target, ...], known))


def _t3_target(reader: CellReader, note: str, groups: tuple[str, ...]) -> Target:
    rows, totals = _t3_target_rows(reader.version, groups)
    return note, totals, _t3_sum(reader, rows, totals)


def _t4_target(reader: CellReader, note: str, groups: tuple[str, ...]) -> Target:
    values = [t4_total(reader, g) for g in groups]
    value = None if any(v is None for v in values) else sum(v for v in values if v is not None)
    return note, tuple(cell_address("t4", g, "total") for g in groups), value


def _read_targets(reader: CellReader, kind: str, gap: str) -> list[Target]:
    version = reader.version
    found = _T3_TARGETS.get(kind)
    if found is not None:
        return [_t3_target(reader, found[0], found[1])]
    found = _T4_TARGETS.get(kind)
    if found is not None:
        return [_t4_target(reader, found[0], found[1])]
    if kind in ("received", "received_none"):
        return [_t3_target(reader, "第一项“本年新收”总计", ("new",)),
                _t3_target(reader, "第一项加第二项（本年新收加上年结转）", ("new", "carried_in"))]
    if kind == "in_force" and version is FormatVersion.V2021:
        row = "rules" if "规章" in gap and "规范性" not in gap else (
            "normative" if "规范性文件" in gap else None)
        if row is not None:
            address = cell_address("t2", row, "in_force")
            label = table(version, "t2").row(row).label
            return [(f"表二“{label}”现行有效件数", (address,), reader.number(address))]
    return []


def _rejected(kind: str, text: str, m: re.Match[str], clause_start: int, year: int | None
              ) -> bool:
    """Whether a match is a number about something else, approximate, or a comparison."""
    # Each test is a reason to reject, so their order does not matter; a regex is not run on
    # an empty lead or gap (none matches the empty string): most gaps are empty.
    if kind != "received_none":  # the only pattern without a number
        n_start = m.start("n")
        before = text[max(0, n_start - 1):n_start]
        if before and (before in _APPROX_BEFORE or before in _NUMERALS):
            return True  # approximate ("近30件"), ordinal ("第一件") or part of a longer number
    start = m.start()
    lead = text[clause_start:start]
    gap = m.group("g") or ""
    if (lead and _COMPARE.search(lead)) or (gap and _COMPARE.search(gap)):
        return True
    exempt = _STOP_EXEMPT.get(kind)
    checked = gap + (lead if exempt is None else "")
    if checked:
        for word in _STOP.findall(checked):
            if exempt is None or word not in exempt:
                return True
    if kind == "review" and ((gap and _AFTER_REVIEW.search(gap))
                             or text[max(0, start - 1):start] == "后"):
        return True
    if kind == "carried_out" and _LAST_YEARS_END.search(text[max(0, start - 4):start]):
        return True
    if kind in _TOTAL_KINDS and (gap or lead) and _SUBSET.search(gap + lead):
        return True  # "收到自然人申请20件": one applicant type, not the total
    if lead:
        if kind != "carried_in" and _LAST_YEAR.search(lead):
            return True  # "上年收到申请30件": last year's number
        if year is not None and any(int(y) != year for y in _YEAR.findall(lead)):
            return True  # "2022年收到申请30件" in a 2023 report
    return kind == "litigation" and bool(gap) and _OUTCOME_WORDS.search(gap) is not None


def _needs_context(kind: str, section: SectionKey, text: str, clauses: Pieces, pos: int) -> bool:
    """Whether the clause (up to 。；) around ``pos`` lacks what makes the number about
    政府信息公开: the clause is looked up only for the kinds and sections that need it."""
    if kind in ("review", "litigation", "suit_direct", "suit_after_review"):
        if section is SectionKey.REVIEW_LITIGATION:
            return False
        start, end = clauses.around(pos)
        return not CASE_CONTEXT.search(text, start, end)
    if kind in ("handled", "received"):
        if section is SectionKey.APPLICATIONS:
            return False
        start, end = clauses.around(pos)
        return text.find("申请", start, end) < 0
    return False


def _percentage(text: str, end: int) -> Percentage | None:
    m = _PERCENT.match(text, end, min(len(text), end + 24))
    if m is None:
        return None
    raw = m.group("p")
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return Percentage(Decimal(raw), (m.start("p"), m.end()), decimals)


def bind_numbers(report: Report, reader: CellReader | None = None,
                 texts: dict[SectionKey, str] | None = None) -> list[NumberBinding]:
    """Every narrative number this module recognises, with the table value it describes
    (``texts``: the report's :func:`section_texts`, when the caller has them)."""
    reader = reader or CellReader(report)
    found: list[NumberBinding] = []
    texts = section_texts(report) if texts is None else texts
    for key in NARRATIVE_SECTIONS:
        text = texts.get(key, "")
        if not text:
            continue
        taken: list[tuple[int, int]] = []
        subclauses = Pieces(text, SUBCLAUSE_END)
        pieces = (subclauses, Pieces(text, CLAUSE_END, subclauses))
        clauses = _Clauses(text, pieces[0])
        positions = _positions(clauses.text, _CLAUSE_WORDS)
        in_clauses = frozenset(positions)
        found_in_text = _Found(text)  # the anchors' words, found when an anchor asks
        in_text = _words_in(text, _ANCHORED_WORDS)
        for kind, pattern, words, anchor in _PATTERNS:
            held = in_clauses if anchor is None else in_text
            if not any(word in held for word in words):
                continue
            for m, end, clause_start in _matches(found_in_text, pattern, words, anchor, clauses,
                                                 positions):
                binding = _bind(reader, key, text, kind, m, end, clause_start, taken, pieces)
                if binding is not None:
                    found.append(binding)
                    taken.append(binding.span)
    found.sort(key=lambda b: (NARRATIVE_SECTIONS.index(b.section), b.span))
    return found


# A phrase the patterns match holds one of these (its count's 件, 起 or 宗; 申请), and none
# crosses a subclause mark (，。；！？ and the line break): the patterns need only search the
# subclauses that hold one.
_TRIGGERS = ("件", "起", "宗", "申请")


class _Clauses:
    """The subclauses of a text that hold a trigger, joined by line breaks, with where each
    starts in the joined text and in the text."""

    def __init__(self, text: str, subclauses: Pieces) -> None:
        spans = []
        end = 0
        for trigger in sorted({at for word in _TRIGGERS for at in word_positions(text, word)}):
            if trigger >= end:  # the first in a subclause not seen yet
                start, end = subclauses.around(trigger)
                spans.append((start, end))
        self.starts: list[int] = []  # in self.text
        self.origins: list[int] = []  # in the text
        pieces = []
        pos = 0
        for start, end in spans:
            self.starts.append(pos)
            self.origins.append(start)
            pieces.append(text[start:end])
            pos += end - start + 1
        self.text = "\n".join(pieces)

    def origin(self, pos: int) -> tuple[int, int]:
        """Where a position of the joined text is in the text, and where its subclause starts
        there (known here: not looked up again)."""
        i = bisect_right(self.starts, pos) - 1
        start = self.origins[i]
        return start + pos - self.starts[i], start


def _words_in(text: str, words: tuple[str, ...]) -> frozenset[str]:
    """The ``words`` that ``text`` contains."""
    return frozenset([word for word in words if word in text])


def _positions(text: str, words: tuple[str, ...]) -> dict[str, list[int]]:
    """Where each of ``words`` that ``text`` contains occurs in it: found once for all the
    patterns that open with it."""
    found: dict[str, list[int]] = {}
    for word in words:
        # found first here: as plain Python, a call for each word not there would cost more
        # than its search
        at = text.find(word)
        if at >= 0:
            found[word] = positions_from(text, word, at)
    return found


def _matches(in_text: _Found, pattern: re.Pattern[str], words: tuple[str, ...],
             anchor: Anchors | None, clauses: _Clauses, positions: dict[str, list[int]]
             ) -> Iterator[tuple[re.Match[str], int, int]]:
    """Matches of a pattern, with where the phrase ends (after the anchor, if any) and where
    the subclause the match starts in starts (-1: not known).

    Without an anchor, the pattern is tried in the subclauses that can hold a match, where
    one of its ``words`` starts (``positions``: where each they hold is in them; the
    same matches, in the same order), and each is matched again in the text, for the match the
    callers read. ``in_text``: the text, with where the anchors' words are in it."""
    text = in_text.text
    if anchor is None:
        starts = sorted({at for word in words if word in positions for at in positions[word]})
        for found in matches_at(pattern, clauses.text, starts):
            at, clause_start = clauses.origin(found.start())
            m = pattern.match(text, at)
            if m is not None:
                yield m, m.end(), clause_start
        return
    for a in anchor(text, in_text):
        before = pattern.search(text, max(0, a.start() - _WINDOW), a.start())
        if before is not None:
            yield before, a.end(), -1


def _bind(reader: CellReader, key: SectionKey, text: str, kind: str, m: re.Match[str], end: int,
          clause_start: int, taken: list[tuple[int, int]], pieces: tuple[Pieces, Pieces]
          ) -> NumberBinding | None:
    """The binding of a match, or ``None`` (``clause_start``: where the subclause the match
    starts in starts, -1 when not known)."""
    if kind == "received_none":
        span = m.span()
        value: int | None = 0
    else:
        span = m.span("n")
        value = parse_count(m.group("n"))
    if value is None or any(s < span[1] and span[0] < e for s, e in taken):
        return None
    m_start = m.start()
    if clause_start < 0:
        clause_start = pieces[0].around(m_start)[0]
    if _rejected(kind, text, m, clause_start, reader.report.meta.year):
        return None
    if _needs_context(kind, key, text, pieces[1], m_start):
        return None
    targets = _targets(reader, kind, m.group("g") or "")
    if not targets:
        return None
    note, cells, table_value = targets[0]
    alternatives = tuple((n, c, v) for n, c, v in targets[1:] if v is not None)
    percentage = _percentage(text, m.end()) if kind in OUTCOME_KINDS else None
    start = m_start - 2 if kind == "public_partial" and text[m_start - 2:m_start] == "予以" \
        else m_start
    return NumberBinding(
        kind="received" if kind == "received_none" else kind, section=key, span=span,
        phrase=text[start:end], value=value, cells=cells, table_value=table_value, note=note,
        alternatives=alternatives, percentage=percentage,
    )

