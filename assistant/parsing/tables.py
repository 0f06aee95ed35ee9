"""Finding 表二、表三、表四 rows in a cell stream and reading what is printed after each label.

A cell stream (see :mod:`assistant.parsing.document`) is searched for each row's label in
printed order. What lies between one label and the next is that row's *value material*:
whole cells (grids, " |" lines) and/or running text ("640020470"). It is read into chunks —
numbers, blanks, unreadable text — without deciding yet how they map to cells; that is
:mod:`assistant.parsing.resolve`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.cells import ValueKind
from assistant.parsing.labels import (
    RowPattern,
    article_noise,
    header_noise,
    loose,
    numbered_prefix,
    t4_addresses,
    t4_header_cell,
    t4_header_words,
    t4_rules,
)
from assistant.parsing.normalise import MERGED, SEP, is_blank_mark, number_text
from assistant.parsing.splitter import SumRule

_TOKEN = re.compile(
    r"(?P<num>-?(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?:\s*(?:万元|元|件|个|项|次))?)"
    r"|(?P<blank>[（(]\s*空\s*[）)]|—+|–|-+(?!\d)|/|／|\\|无(?![\u4e00-\u9fff]))"
    r"|(?P<ws>[\s、，,；;：:|·]+)"
    r"|(?P<text>[^\s\d\-—–/／\\（(、，,；;：:|·]+|.)",
    re.DOTALL,
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass(frozen=True)
class Chunk:
    """One printed token of a row's values."""

    printed: str
    digits: str | None  # the number without unit or thousands commas; None: blank or text
    piece: int  # which printed cell it came from (runs of one cell share it)
    alone: bool  # the only token of a cell printed on its own: exactly one table cell


@dataclass(frozen=True)
class RowRead:
    """A row found in the stream and the material printed after its label."""

    table: str
    key: str
    label: str
    addresses: tuple[str, ...]
    kinds: tuple[ValueKind, ...]
    rules: tuple[SumRule, ...]
    chunks: tuple[Chunk, ...]
    start: int  # stream offset of the label
    end: int  # stream offset just after the last value read

    @property
    def printed(self) -> str:
        return " ".join(c.printed for c in self.chunks)


@dataclass(frozen=True)
class TableRead:
    table: str
    rows: list[RowRead]
    missing: list[RowPattern]  # rows whose label was not found
    start: int
    end: int


# --- locating rows ------------------------------------------------------------------------


def _label_start(stream: str, begin: int, found: int, pattern: RowPattern) -> int:
    """Move a label's start back over its own item number ("2." in "00000002.其他法律…")."""
    if pattern.item_number is None:
        return found
    window_start = max(begin, found - 24)
    window = stream[window_start:found]
    m = numbered_prefix(pattern.item_number).search(window)
    return window_start + m.start() if m else found


def read_rows(
    stream: str, patterns: Sequence[RowPattern], begin: int, end: int, *, table_start: int
) -> TableRead:
    """Find each row label in order in ``stream[begin:end]`` and read the values after it."""
    located: list[tuple[RowPattern, int, int]] = []
    missing: list[RowPattern] = []
    pos = begin
    for pattern in patterns:
        m = pattern.pattern.search(stream, pos, end)
        if m is None:
            missing.append(pattern)
            continue
        start = max(_label_start(stream, pos, m.start(), pattern), pos)
        located.append((pattern, start, m.end()))
        pos = m.end()
    if missing and located:
        missing = _out_of_order(stream, missing, located, begin, end)
        located.sort(key=lambda item: item[1])
    rows: list[RowRead] = []
    last = table_start
    for i, (pattern, start, label_end) in enumerate(located):
        next_start = located[i + 1][1] if i + 1 < len(located) else end
        chunks, used = read_values(
            stream[label_end:next_start], len(pattern.addresses),
            ends_at_label=i + 1 < len(located),
        )
        row_end = label_end + used
        last = max(last, row_end)
        rows.append(RowRead(pattern.table, pattern.key, pattern.label, pattern.addresses,
                            pattern.kinds, pattern.rules, tuple(chunks), start, row_end))
    first = min([table_start, *(r.start for r in rows)]) if rows else table_start
    return TableRead(patterns[0].table if patterns else "", rows, missing, first, last)


def _out_of_order(stream: str, missing: list[RowPattern],
                  located: list[tuple[RowPattern, int, int]], begin: int,
                  end: int) -> list[RowPattern]:
    """Rows printed out of the form's order (e.g. 表二's sub-tables swapped): find them
    anywhere in the table, outside the labels already found. Adds to ``located``; returns
    the rows still missing."""
    still: list[RowPattern] = []
    for pattern in missing:
        if pattern.key == "other_3":  # "其他" alone is too common to look for out of order
            still.append(pattern)
            continue
        for m in pattern.pattern.finditer(stream, begin, end):
            if not any(s <= m.start() < e or s < m.end() <= e for _, s, e in located):
                located.append((pattern, _label_start(stream, begin, m.start(), pattern),
                                m.end()))
                break
        else:
            still.append(pattern)
    return still


_T4_FIRST = re.compile(loose("行政复议"))
_T4_NEXT = re.compile(loose("结果维持") + "|" + loose("行政诉讼"))
_VALUES_NEXT = re.compile(r"[\s\x00|：:]*(?:\d|[（(]空|[/—-])")


def _t4_anchor(stream: str, begin: int, end: int) -> int | None:
    """Where 表四's header starts: 行政复议 followed, with no number between, by its columns."""
    first = None
    for m in _T4_FIRST.finditer(stream, begin, end):
        window = stream[m.end():min(end, m.end() + 60)]
        nxt = _T4_NEXT.search(window)
        if nxt and not _DIGIT.search(window, 0, nxt.start()):
            return m.start()
        if first is None and _VALUES_NEXT.match(window):
            first = m.start()  # rows labelled 行政复议 / 行政诉讼 with their values
    return first


_PUNCT_GAP = re.compile(r"[\s\x00（）()·、，,：:]*")


def read_t4(stream: str, begin: int, end: int) -> TableRead:
    """表四: a block of header words, then the 15 values in printed order."""
    anchor = _t4_anchor(stream, begin, end)
    if anchor is None:
        return TableRead("t4", [], [], begin, begin)
    words = t4_header_words()
    cluster_start = anchor
    last_end = anchor
    for m in words.finditer(stream, anchor, end):
        gap = stream[last_end:m.start()]
        if _DIGIT.search(gap):
            break
        if last_end != anchor and not _PUNCT_GAP.fullmatch(gap):
            cluster_start = m.start()  # prose between header words: the table starts here
        last_end = m.end()
    addresses = t4_addresses()
    chunks, used = read_values(
        stream[last_end:end], len(addresses), ends_at_label=False, skip=t4_header_cell()
    )
    if not chunks:
        return TableRead("t4", [], [], cluster_start, last_end)
    row = RowRead("t4", "all", "行政复议、行政诉讼", addresses,
                  (ValueKind.COUNT,) * len(addresses), t4_rules(), tuple(chunks),
                  cluster_start, last_end + used)
    return TableRead("t4", [row], [], cluster_start, last_end + used)


# --- reading values -------------------------------------------------------------------------


def read_values(
    segment: str, n: int, *, ends_at_label: bool, skip: re.Pattern[str] | None = None
) -> tuple[list[Chunk], int]:
    """The chunks printed in ``segment`` for a row of ``n`` cells, and how far they reach.

    The first piece is the rest of the label's own cell, the last (when the segment ends at
    the next label) the start of that label's cell: both are running text. Pieces between
    are whole cells. Header words before the values are skipped; text after them ends the row.
    """
    pieces = segment.split(SEP)
    offsets = []
    pos = 0
    for piece in pieces:
        offsets.append(pos)
        pos += len(piece) + 1
    chunks: list[Chunk] = []
    used = 0
    last_index = len(pieces) - 1
    for index, piece in enumerate(pieces):
        running = index == 0 or (ends_at_label and index == last_index)
        if running:
            stop, reach = _read_running(piece, index, chunks, skip)
        else:
            stop, reach = _read_cell(piece, index, chunks, n, skip)
        if reach is not None:
            used = offsets[index] + reach
        if stop:
            break
    return chunks, used


def _read_running(
    text: str, piece: int, chunks: list[Chunk], skip: re.Pattern[str] | None
) -> tuple[bool, int | None]:
    text = article_noise().sub(lambda m: " " * len(m.group()), text)
    reach: int | None = None
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        token = m.group()
        if kind == "ws":
            continue
        if kind == "text":
            if not chunks or (skip is not None and skip.fullmatch(token)):
                continue
            if not _WORD.search(token):
                continue  # stray punctuation between numbers
            return True, reach
        if kind == "num":
            parsed = number_text(token)
            digits = parsed[0] if parsed else None
            chunks.append(Chunk(token, digits, piece, False))
        else:
            chunks.append(Chunk(token, None, piece, False))
        reach = m.end()
    return False, reach


def _read_cell(
    text: str, piece: int, chunks: list[Chunk], n: int, skip: re.Pattern[str] | None
) -> tuple[bool, int | None]:
    cell = text.strip()
    end = len(text.rstrip())
    if cell == MERGED:
        chunks.append(Chunk("（合并单元格）", None, piece, True))
        return False, end
    if is_blank_mark(cell):
        chunks.append(Chunk(cell, None, piece, True))
        return False, end
    parsed = number_text(cell)
    if parsed is not None:
        chunks.append(Chunk(cell, parsed[0], piece, True))
        return False, end
    if skip is not None and skip.fullmatch(cell):
        return False, None
    if header_noise().fullmatch(cell) or (len(chunks) >= n and _CJK.search(cell)):
        return bool(chunks), None
    if _DIGIT.search(cell):
        before = len(chunks)
        stop, reach = _read_running(text, piece, chunks, skip)
        if len(chunks) > before:
            return stop, reach
    if not chunks and _CJK.search(cell) and len(cell) > 6:
        return False, None  # a label or caption before the values
    chunks.append(Chunk(cell, None, piece, True))  # text where a number is due
    return False, end
