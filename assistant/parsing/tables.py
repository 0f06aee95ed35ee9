"""Finding 表二、表三、表四 rows in a cell stream and reading what is printed after each label.

A cell stream (see :mod:`assistant.parsing.document`) is searched for each row's label in
printed order. What lies between one label and the next is that row's *value material*:
whole cells (grids, " |" lines) and/or running text ("640020470"). It is read into chunks —
numbers, blanks, unreadable text — without deciding yet how they map to cells; that is
:mod:`assistant.parsing.resolve`'s job.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from assistant.cells import ValueKind
from assistant.parsing.labels import (
    OTHER_GROUP,
    RowPattern,
    article_noise,
    compact_label,
    header_noise,
    loose,
    numbered_prefix,
    t4_addresses,
    t4_header_cell,
    t4_header_words,
    t4_kinds,
    t4_rules,
)
from assistant.parsing.normalise import MERGED, SEP, is_blank_mark, number_text
from assistant.parsing.splitter import SumRule, plain_count

# A row's running text as tokens: a number (with its unit), a blank mark, or text; each with
# the separators (spaces, 、，；：|·) before it, which are possessive so that a run of them at
# the end matches nothing. Any other character is a token of its own: the tokens follow one
# another, each matched where the last one ended.
_TOKEN = re.compile(
    r"[\s、，,；;：:|·]*+(?:"
    r"(?P<num>-?(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?:\s*(?:万元|元|件|个|项|次))?)"
    r"|(?P<blank>[（(]\s*空\s*[）)]|—+|–|-+(?!\d)|/|／|\\|无(?![\u4e00-\u9fff]))"
    r"|(?P<text>[^\s\d\-—–/／\\（(、，,；;：:|·]+|.))",
    re.DOTALL,
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


class Chunk(NamedTuple):
    """One printed token of a row's values (a tuple: rows are made of thousands of them)."""

    printed: str
    digits: str | None  # the number without unit or thousands commas; None: blank or text
    piece: int  # which printed cell it came from (runs of one cell share it)
    alone: bool  # the only token of a cell printed on its own: exactly one table cell
    # The count the token reads as when it is one cell, classified once here: ASCII digits
    # printed as read (no unit, no comma), without a leading zero, at most 15 of them.
    # ``None`` otherwise, or when not known: it only lets a plain row be read the short way
    # (see resolve), never changes what a row reads as.
    value: int | None = None


class RowRead(NamedTuple):
    """A row found in the stream and the material printed after its label (a tuple: made
    for every row of every table)."""

    table: str
    key: str
    label: str
    addresses: tuple[str, ...]
    kinds: tuple[ValueKind, ...]
    rules: tuple[SumRule, ...]
    chunks: tuple[Chunk, ...]
    start: int  # stream offset of the label
    end: int  # stream offset just after the last value read
    placed: bool = False  # no label found: placed by its position in the form (see read_rows)

    @property
    def printed(self) -> str:
        return " ".join(c.printed for c in self.chunks)


# Not frozen, though never changed (nor hashed): a frozen dataclass's __init__ sets each field
# through object.__setattr__, in Python, at a few times the cost of a plain one.
@dataclass
class TableRead:
    table: str
    rows: list[RowRead]
    missing: list[RowPattern]  # rows whose label was not found
    start: int
    end: int
    anchored: bool = True  # 表四: found under a header of its column words


# --- locating rows ------------------------------------------------------------------------


def _label_start(stream: str, begin: int, found: int, pattern: RowPattern) -> int:
    """Move a label's start back over its own item number ("2." in "00000002.其他法律…")."""
    if pattern.item_number is None:
        return found
    window_start = max(begin, found - 24)
    window = stream[window_start:found]
    m = numbered_prefix(pattern.item_number).search(window)
    return window_start + m.start() if m else found


_Located = tuple[RowPattern, int, int]
_new_row = tuple.__new__  # RowRead(...) without the Python-level __new__ (made for every row)


def read_rows(
    stream: str, patterns: Sequence[RowPattern], begin: int, end: int, *, table_start: int
) -> TableRead:
    """Find each row label in order in ``stream[begin:end]`` and read the values after it.

    Rows whose label is missing or unrecognisable are placed by their position in the form
    when the values printed between the labels around them are exactly so many more rows
    and each such row adds up (表三: 总计 = the six applicant columns); labels printed apart
    from their numbers (a run of labels, then a block of numbers) are matched the same way.
    """
    located: list[_Located] = []
    missing: list[RowPattern] = []
    pos = begin
    for pattern in patterns:
        m = pattern.pattern.search(stream, pos, end)
        if m is None:
            missing.append(pattern)
            continue
        start = m.start()
        if pattern.item_number is not None:
            start = max(_label_start(stream, pos, start, pattern), pos)
        located.append((pattern, start, m.end()))
        pos = m.end()
    if missing and located:
        in_order = len(missing)
        missing = _out_of_order(stream, missing, located, begin, end)
        if len(missing) < in_order:
            located.sort(key=lambda item: item[1])
    group = _other_group(stream, patterns, located, missing, end)
    if group is not None:
        located.append(group)
        located.sort(key=lambda item: item[1])
        missing = [p for p in missing if p.key not in _OTHER_ITEMS]
    rows: list[RowRead] = []
    for i, (pattern, start, label_end) in enumerate(located):
        next_start = located[i + 1][1] if i + 1 < len(located) else end
        chunks, used = read_values(
            stream[label_end:next_start], len(pattern.addresses),
            ends_at_label=i + 1 < len(located), label=pattern.compact,
        )
        rows.append(_new_row(RowRead, (pattern.table, pattern.key, pattern.label, pattern.addresses,
                                       pattern.kinds, pattern.rules, tuple(chunks), start,
                                       label_end + used, False)))
    if patterns and patterns[0].table == "t3" and rows:
        rows, missing = _by_position(stream, patterns, located, rows, missing, begin, end)
    last = max([table_start, *(r.end for r in rows)])
    first = min([table_start, *(r.start for r in rows)]) if rows else table_start
    return TableRead(patterns[0].table if patterns else "", rows, missing, first, last)


def _out_of_order(stream: str, missing: list[RowPattern],
                  located: list[_Located], begin: int,
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


# --- （六）其他处理 printed as one row in the 2021 format ------------------------------------

_OTHER_ITEMS = ("other_1", "other_2", "other_3")
OTHER_GROUP_KEY = "other_group"


def _other_group(stream: str, patterns: Sequence[RowPattern], located: list[_Located],
                 missing: list[RowPattern], end: int) -> _Located | None:
    """"（六）其他处理" with values right after it where the 2021 form has its three items:
    one row standing for their sum."""
    if {p.key for p in missing} & set(_OTHER_ITEMS) != set(_OTHER_ITEMS):
        return None
    keys = [p.key for p in patterns]
    if "other_1" not in keys:
        return None  # the 2019 format: （六） is a row of its own
    before = keys.index("other_1")
    begin = max((s for p, s, _ in located if keys.index(p.key) < before), default=-1)
    stop = min((s for p, s, _ in located if keys.index(p.key) > before), default=end)
    if begin < 0:
        return None
    m = OTHER_GROUP.search(stream, begin, stop)
    if m is None or not _VALUES_NEXT.match(stream, m.end()):
        return None
    item = next(p for p in patterns if p.key == "other_3")
    pattern = RowPattern(
        table="t3", key=OTHER_GROUP_KEY, label="（六）其他处理", pattern=OTHER_GROUP,
        addresses=item.addresses, kinds=item.kinds, rules=item.rules, compact="（六）其他处理",
    )
    return pattern, m.start(), m.end()


# --- rows placed by position ----------------------------------------------------------------


def _by_position(stream: str, patterns: Sequence[RowPattern], located: list[_Located],
                 rows: list[RowRead], missing: list[RowPattern], begin: int,
                 end: int) -> tuple[list[RowRead], list[RowPattern]]:
    """Give rows without a label (or with one not recognised) the values printed between
    the labels around them, and labels printed apart from their numbers the block of numbers
    after them, when the counts are exact and every row so read adds up."""
    if not missing and all(row.chunks for row in rows[:-1]):
        return rows, missing  # every label found, with values after it: nothing to place
    return _place_by_position(stream, patterns, located, rows, missing, begin, end)


def _place_by_position(stream: str, patterns: Sequence[RowPattern], located: list[_Located],
                       rows: list[RowRead], missing: list[RowPattern], begin: int,
                       end: int) -> tuple[list[RowRead], list[RowPattern]]:
    """:func:`_by_position` without its shortcut for a table with nothing to place."""
    order = {p.key: i for i, p in enumerate(patterns)}
    order[OTHER_GROUP_KEY] = order.get("other_1", len(order))
    if any(order[a.key] >= order[b.key] for a, b in itertools.pairwise(rows)):
        return rows, missing  # labels out of the form's order: no position to rely on
    lost = sorted(missing, key=lambda p: order[p.key])
    out: list[RowRead] = []
    pending: list[RowRead] = []  # labels with no values yet (numbers printed after them)
    for i, row in enumerate(rows):
        nxt = order[rows[i + 1].key] if i + 1 < len(rows) else len(patterns)
        after = [p for p in lost if order[row.key] < order[p.key] < nxt]
        if not row.chunks and i + 1 < len(rows) and not after:
            pending.append(row)
            continue
        if not pending and not after:
            out.append(row)
            continue
        slots: list[RowPattern | RowRead] = [*pending, row, *after]
        n = len(row.addresses)
        next_start = located[i + 1][1] if i + 1 < len(located) else end
        label_end = located[i][2]
        chunks, used = read_values(stream[label_end:next_start], n, ends_at_label=i + 1 < len(rows),
                                   label=compact_label(row.label), rows=len(slots))
        groups = _partition(chunks, n, len(slots), row.rules, lead=False)
        if groups is not None:
            for slot, values in zip(slots, groups, strict=True):
                if isinstance(slot, RowRead):
                    out.append(RowRead(slot.table, slot.key, slot.label, slot.addresses,
                                       slot.kinds, slot.rules, tuple(values), slot.start,
                                       label_end + used))
                else:
                    out.append(RowRead(slot.table, slot.key, slot.label, slot.addresses,
                                       slot.kinds, slot.rules, tuple(values), row.start,
                                       label_end + used, placed=True))
                    lost.remove(slot)
        else:
            out.extend(pending)
            out.append(row)
        pending = []
    out.extend(pending)
    first = rows[0]
    head = [p for p in lost if order[p.key] < order[first.key]]
    if head and len(head) == order[first.key] - min(order[p.key] for p in head):
        placed = _head_rows(stream, head, first, begin)
        if placed:
            out[:0] = placed
            lost = [p for p in lost if p not in head]
    return out, lost


_HEAD_END = re.compile(
    r"总\s*计|其\s*他|法\s*律\s*服\s*务\s*机\s*构|数\s*据\s*\d{1,2}|列\s*\d{1,2}")


def _head_rows(stream: str, head: list[RowPattern], first: RowRead,
               begin: int) -> list[RowRead]:
    """Rows before the first label found (一、本年新收 with its label lost): the values
    between the column headers and that label."""
    last = None
    for m in _HEAD_END.finditer(stream, begin, first.start):
        last = m
    if last is None:
        return []
    n = len(first.addresses)
    chunks, _ = read_values(stream[last.end():first.start], n, ends_at_label=True,
                            rows=len(head))
    groups = _partition(chunks, n, len(head), first.rules, lead=True)
    if groups is None:
        return []
    return [RowRead(p.table, p.key, p.label, p.addresses, p.kinds, p.rules, tuple(g),
                    last.end(), first.start, placed=True) for p, g in zip(head, groups, strict=True)]


def _partition(chunks: Sequence[Chunk], n: int, rows: int, rules: Sequence[SumRule], *,
               lead: bool) -> list[Sequence[Chunk]] | None:
    """``chunks`` cut into ``rows`` rows of ``n`` cells that each add up; empty cells where
    a row starts may be its lost label (a Markdown row "| | 0 | 0 |…") and are then
    skipped. ``None`` unless exactly one set of rows fits (or all that fit agree)."""
    extra = len(chunks) - n * rows
    if extra < 0 or extra > rows:
        return None
    readings: list[list[Sequence[Chunk]]] = []
    starts = range(0 if lead else 1, rows)

    def empty(i: int) -> bool:
        return i < len(chunks) and chunks[i].digits is None and not chunks[i].printed

    def cut(row: int, pos: int, skips: int, groups: list[Sequence[Chunk]]) -> None:
        if len(readings) > 8:
            return
        if row == rows:
            if pos == len(chunks):
                readings.append(list(groups))
            return
        options = [pos]
        if row in starts:
            skip = pos
            while skip - pos < skips and empty(skip):
                skip += 1
                options.append(skip)  # the empty label cells of a row without its label
        for start in options:
            group = chunks[start:start + n]
            if len(group) == n and _adds_up(group, rules):
                groups.append(group)
                cut(row + 1, start + n, skips - (start - pos), groups)
                groups.pop()

    cut(0, 0, extra, [])
    if not readings:
        return None
    shown = {tuple(tuple(c.printed for c in g) for g in reading) for reading in readings}
    return readings[0] if len(shown) == 1 else None


def _adds_up(chunks: Sequence[Chunk], rules: Sequence[SumRule]) -> bool:
    """Every chunk a number or a blank, and the row's sum rules hold (blanks as 0)."""
    values: list[int | None] = []
    for chunk in chunks:
        if chunk.digits is None:
            if not is_blank_mark(chunk.printed):
                return False
            values.append(None)
        elif not chunk.digits.isdigit():
            return False
        else:
            values.append(int(chunk.digits))
    return all(rule.holds(values) for rule in rules)


_T4_FIRST = re.compile(loose("行政复议"))
_T4_NEXT = re.compile(loose("结果维持") + "|" + loose("行政诉讼"))
_VALUES_NEXT = re.compile(r"[\s\x00|：:]*(?:\d|[（(]空|[/—-])")


_T4_COLUMNS_WORD = re.compile(loose("结果维持"))


def _t4_anchor(stream: str, begin: int, end: int, *, strict: bool = False) -> tuple[int, bool] | None:
    """Where 表四's header starts: 行政复议 followed, with no number between, by its columns
    (``True``: a header of the form's column words), or else a row labelled 行政复议 with
    its values (``False``). ``strict``: only a header with 结果维持 after it will do."""
    first = None
    for m in _T4_FIRST.finditer(stream, begin, end):
        window = stream[m.end():min(end, m.end() + (160 if strict else 60))]
        nxt = (_T4_COLUMNS_WORD if strict else _T4_NEXT).search(window)
        if nxt and not _DIGIT.search(window, 0, nxt.start()):
            return m.start(), True
        if first is None and not strict and _VALUES_NEXT.match(window):
            first = m.start()  # rows labelled 行政复议 / 行政诉讼 with their values
    return None if first is None else (first, False)


# between 表四's header words: punctuation, and the pieces of header words a PDF layout
# prints apart ("结果   结果     其他   尚未" over "维持   纠正     结果   审结")
_PUNCT_GAP = re.compile(r"(?:[\s\x00（）()·、，,：:]|结果|维持|纠正|其他|尚未|审结|总|计|行政)*")


def read_t4(stream: str, begin: int, end: int, *, strict: bool = False) -> TableRead:
    """表四: a block of header words, then the 15 values in printed order."""
    found = _t4_anchor(stream, begin, end, strict=strict)
    if found is None:
        return TableRead("t4", [], [], begin, begin, anchored=False)
    anchor, anchored = found
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
        return TableRead("t4", [], [], cluster_start, last_end, anchored)
    row = RowRead("t4", "all", "行政复议、行政诉讼", addresses, t4_kinds(), t4_rules(), tuple(chunks),
                  cluster_start, last_end + used)
    return TableRead("t4", [row], [], cluster_start, last_end + used, anchored)


# --- reading values -------------------------------------------------------------------------


def read_values(
    segment: str, n: int, *, ends_at_label: bool, skip: re.Pattern[str] | None = None,
    label: str = "", rows: int = 1,
) -> tuple[list[Chunk], int]:
    """The chunks printed in ``segment`` for a row of ``n`` cells, and how far they reach.

    The first piece is the rest of the label's own cell, the last (when the segment ends at
    the next label) the start of that label's cell: both are running text. Pieces between
    are whole cells. Header words before the values are skipped, and so is the rest of a
    label wrapped onto the next line (text that is part of ``label``, in its compact form);
    text after the values ends the row. With ``rows`` > 1 the values of that many rows are
    read, over the labels (unrecognised ones) printed between them.
    """
    reader = _ValueReader(n, skip, label, rows)
    if SEP not in segment:  # one piece, running text (a text report's row): read at once
        reach = reader.running(segment, 0)[1]
        return reader.chunks, 0 if reach is None else reach
    pos = 0
    used = 0
    pieces = segment.split(SEP)
    last_index = len(pieces) - 1 if ends_at_label else 0
    chunks = reader.chunks
    known_cells = _CELL_CACHE
    for index, piece in enumerate(pieces):
        if index == 0 or index == last_index:
            stop, reach = reader.running(piece, index)
        elif index == 1 and (block := _known_cells(pieces, len(pieces) - 1 if ends_at_label else len(pieces))):
            # every whole cell a number or blank mark seen before: read them at once
            chunks.extend(block[0])
            used = pos + block[1]
            pos += block[2]
            if last_index > 0:
                stop, reach = reader.running(pieces[last_index], last_index)
                if reach is not None:
                    used = pos + (len(pieces[last_index].rstrip()) if reach < 0 else reach)
            break
        else:
            known = known_cells.get(piece.strip())
            if known is not None and known[0] <= _KIND_BLANK:
                # a number or a blank mark seen before: what cell() makes of it, inline
                chunks.append(_chunk(Chunk, (piece.strip(), known[1], index, True, known[2])))
                used = pos + len(piece.rstrip())
                pos += len(piece) + 1
                continue
            stop, reach = reader.cell(piece, index)
        if reach is not None:
            used = pos + (len(piece.rstrip()) if reach < 0 else reach)
        if stop:
            break
        pos += len(piece) + 1
    return reader.chunks, used


_Block = tuple[tuple[Chunk, ...], int, int]
# Blocks of whole cells read by _known_cells, by their pieces: tables print the same row of
# cells over and over ("0", "0", …), and making its chunks costs most of reading it.
_BLOCK_CACHE: dict[tuple[str, ...], _Block] = {}


def clear_content_caches() -> None:
    """Empty the caches keyed by whole blocks of a report's content (``_BLOCK_CACHE``), so
    that parsing the same report again costs what a report not seen before would. The small
    token caches (``_CELL_CACHE``, ``_NUMBER_DIGITS``: "0", "12", labels) stay: every report
    hits them."""
    _BLOCK_CACHE.clear()


def _known_cells(pieces: list[str], end: int) -> _Block | None:
    """What reading ``pieces[1:end]`` one by one makes of them when every one is a number
    or a blank mark already in ``_CELL_CACHE``: their chunks, where the last one's text ends
    and where the piece after them starts (both from the start of ``pieces[1]``).

    A block read before is taken from ``_BLOCK_CACHE``: reading it again would give the same
    (its cells were all known then; were they dropped from ``_CELL_CACHE`` since, the pieces
    read one by one give what they gave)."""
    middle = tuple(pieces[1:end])
    if not middle:
        return None
    known_block = _BLOCK_CACHE.get(middle)
    if known_block is not None:
        return known_block
    block = _read_known_cells(middle, end)
    if block is not None:
        if len(_BLOCK_CACHE) > 20_000:
            _BLOCK_CACHE.clear()
        _BLOCK_CACHE[middle] = block
    return block


def _read_known_cells(middle: tuple[str, ...], end: int) -> _Block | None:
    """:func:`_known_cells` without its cache: one compiled loop that stops at the first cell
    not known as a number or a blank mark (most blocks of a report read for the first time
    hold one: its cells are then read one by one)."""
    known_cells = _CELL_CACHE
    chunks: list[Chunk] = []
    length = len(middle) - 1  # the separators between the pieces
    piece = 1  # middle[0] is pieces[1]
    for raw in middle:
        cell = raw.strip()
        known = known_cells.get(cell)
        if known is None or known[0] > _KIND_BLANK:
            return None
        chunks.append(_chunk(Chunk, (cell, known[1], piece, True, known[2])))
        length += len(raw)
        piece += 1
    last = middle[-1]
    return tuple(chunks), length - len(last) + len(last.rstrip()), length + 1


_ITEM_LABEL = re.compile(r"\s*(?:[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)])?\s*"
                         r"(?:\d{1,2}\s*[.．、])?[^\d]*")
# A character every match of article_noise() holds ("ol" of Column, "at" of data): opening
# with a class, it is found fast.
_NOISE_HINT = re.compile(r"[第数列栏字oa]")
_chunk = tuple.__new__  # Chunk(...) without the Python-level __new__ (a hot path)
# What every number or blank-mark token of _TOKEN holds (a digit, a dash or slash, "（空",
# "无" ending a word): without it, a text is read as words only.
_VALUE_HINT = re.compile(r"[\d—–\-/／\\]|[（(]\s*空|无(?![\u4e00-\u9fff])")
_KIND_NUMBER, _KIND_BLANK, _KIND_MERGED, _KIND_NOISE, _KIND_OTHER = range(5)
_DIGITS_AND_SPACE = "0123456789 "
_UNIT_STARTS = "万元件个项次"  # the first characters of the units a number token takes
# a stripped cell: its kind, digits and value (see Chunk)
_CELL_CACHE: dict[str, tuple[int, str | None, int | None]] = {}
# a number token's digits and value (cached, as _CELL_CACHE)
_NUMBER_DIGITS: dict[str, tuple[str | None, int | None]] = {}


class _PlainCounts(dict[str, int | None]):
    """:func:`plain_count` of number tokens, cached (as ``_CELL_CACHE``): converting "0" to
    0 costs more than looking it up."""

    def __missing__(self, token: str) -> int | None:
        if len(self) > 50_000:
            self.clear()
        value = self[token] = plain_count(token)
        return value


_PLAIN_COUNTS = _PlainCounts()


def _classify(cell: str) -> tuple[int, str | None, int | None]:
    """What a stripped cell is (cached: tables repeat "0" and their labels a lot)."""
    known = _CELL_CACHE.get(cell)
    if known is not None:
        return known
    if cell == MERGED:
        known = (_KIND_MERGED, None, None)
    elif is_blank_mark(cell):
        known = (_KIND_BLANK, None, None)
    else:
        parsed = number_text(cell)
        if parsed is not None:
            known = (_KIND_NUMBER, parsed[0], plain_count(cell))
        elif header_noise().fullmatch(cell):
            known = (_KIND_NOISE, None, None)
        else:
            known = (_KIND_OTHER, None, None)
    if len(_CELL_CACHE) > 50_000:
        _CELL_CACHE.clear()
    _CELL_CACHE[cell] = known
    return known


class _ValueReader:
    """Reads the pieces of one row's value material into chunks."""

    __slots__ = ("chunks", "label", "n", "rows", "skip")

    def __init__(self, n: int, skip: re.Pattern[str] | None, label: str, rows: int) -> None:
        self.n = n
        self.skip = skip
        self.label = label
        self.rows = rows
        self.chunks: list[Chunk] = []

    def _between_rows(self) -> bool:
        """At the end of a row with more rows to read: a label may come next."""
        count = len(self.chunks)
        return self.rows > 1 and count > 0 and count % self.n == 0 and count < self.n * self.rows

    def running(self, text: str, piece: int) -> tuple[bool, int | None]:
        """Read running text (see :meth:`tokens`): whether it ends the row, and where its last
        value ends (``None``: no value in it)."""
        if not text or text.isspace():
            return False, None  # no token
        if text.isascii():
            numbers = text.split()
            if "".join(numbers).isdigit():
                # only digits and spaces ("0 0 0 0 0 0 0", "640020470")
                self._numbers(numbers, piece)
                return False, len(text.rstrip())
        elif _VALUE_HINT.search(text) is None:  # words only: no number or blank mark to read
            if not self.chunks:
                return False, None  # the rest of a label: tokens of text, skipped
            if self.skip is None:
                return self._words_after_values(text), None
        else:  # words and numbers
            read = self._label_then_numbers(text, piece) if not self.chunks else None
            if read is None and self.skip is None:
                read = self._numbers_then_label(text, piece)
            if read is not None:
                return read
        return self.tokens(text, piece)

    def _words_after_values(self, text: str) -> bool:
        """Whether words read after values end the row: a word does, unless another row's
        label may come next."""
        return _WORD.search(text) is not None and not self._between_rows()

    def _label_then_numbers(self, text: str, piece: int) -> tuple[bool, int] | None:
        """The rest of a label, then digits and spaces ("禁止公开0000000"), read before any
        value: the words skipped, a number per run of digits. ``None`` for any other text,
        or words that may be a placeholder header taking the digits after it ("数据1")."""
        words = text.rstrip(_DIGITS_AND_SPACE)
        if (len(words) == len(text) or _VALUE_HINT.search(words) is not None
                or _NOISE_HINT.search(words) is not None):
            return None
        self._numbers(text[len(words):].split(), piece)
        return False, len(text.rstrip())

    def _numbers_then_label(self, text: str, piece: int) -> tuple[bool, int] | None:
        """Digits and spaces, then the start of the next label ("0000000三、本年度办理结果"):
        a number per run of digits, then words (see :meth:`_words_after_values`). ``None``
        for any other text, or words that start with a unit the last number takes ("5件")."""
        words = text.lstrip(_DIGITS_AND_SPACE)
        numbers = text[:len(text) - len(words)]
        if (not numbers.strip() or not words or words[0] in _UNIT_STARTS
                or _VALUE_HINT.search(words) is not None):
            return None
        self._numbers(numbers.split(), piece)
        return self._words_after_values(words), len(numbers.rstrip())

    def _numbers(self, numbers: list[str], piece: int) -> None:
        """Runs of ASCII digits read as the tokens read them: a number each. Equal numbers
        share one chunk (a tuple, never changed): rows repeat "0", and making a chunk costs
        several times looking one up."""
        plain = _PLAIN_COUNTS
        chunks = self.chunks
        made: dict[str, Chunk] = {}
        for number in numbers:
            chunk = made.get(number)
            if chunk is None:
                chunk = made[number] = _chunk(Chunk, (number, number, piece, False, plain[number]))
            chunks.append(chunk)

    def tokens(self, text: str, piece: int) -> tuple[bool, int | None]:
        """:meth:`running` token by token (what its fast paths stand for)."""
        if not text or text.isspace():
            return False, None  # no token
        if _NOISE_HINT.search(text):
            text = article_noise().sub(lambda m: " " * len(m.group()), text)
        chunks = self.chunks
        skip = self.skip
        reach: int | None = None
        match = _TOKEN.match
        pos = 0
        while (m := match(text, pos)) is not None:
            pos = m.end()
            kind = m.lastgroup
            if kind == "text":
                token = m.group(kind)
                if not chunks or (skip is not None and skip.fullmatch(token)):
                    continue
                if not _WORD.search(token) or self._between_rows():
                    continue  # stray punctuation between numbers, or a row's label
                return True, reach
            if kind == "num":
                token = m.group(kind)
                try:
                    digits, value = _NUMBER_DIGITS[token]
                except KeyError:
                    parsed = number_text(token)
                    digits = parsed[0] if parsed else None
                    value = plain_count(token)
                    if len(_NUMBER_DIGITS) > 50_000:
                        _NUMBER_DIGITS.clear()
                    _NUMBER_DIGITS[token] = digits, value
                chunks.append(_chunk(Chunk, (token, digits, piece, False, value)))
            else:
                chunks.append(_chunk(Chunk, (m.group(kind), None, piece, False, None)))  # type: ignore[arg-type]
            reach = pos
        return False, reach

    def cell(self, text: str, piece: int) -> tuple[bool, int | None]:
        """Read one whole cell; the reach -1 stands for the end of its text."""
        cell = text.strip()
        known = _CELL_CACHE.get(cell)
        kind, digits, value = known if known is not None else _classify(cell)
        chunks = self.chunks
        if kind == _KIND_NUMBER:
            chunks.append(_chunk(Chunk, (cell, digits, piece, True, value)))
            return False, -1
        if kind == _KIND_BLANK:
            chunks.append(_chunk(Chunk, (cell, None, piece, True, None)))
            return False, -1
        if kind == _KIND_MERGED:
            chunks.append(Chunk("（合并单元格）", None, piece, True))
            return False, -1
        if self.skip is not None and self.skip.fullmatch(cell):
            return False, None
        between = self._between_rows()
        if between and _CJK.search(cell):
            lead = _ITEM_LABEL.match(text)
            rest = text[lead.end():] if lead else ""
            if not _DIGIT.search(rest):
                return False, None  # the label of the next row
            stop, reach = self.running(rest, piece)
            offset = len(text) - len(rest)
            return stop, None if reach is None else offset + reach
        if kind == _KIND_NOISE or (len(chunks) >= self.n and _CJK.search(cell)):
            return bool(chunks), None
        if _DIGIT.search(cell):
            before = len(chunks)
            stop, reach = self.running(text, piece)
            if len(chunks) > before:
                return stop, reach
        if not chunks and _CJK.search(cell) and (len(cell) > 6 or self._in_label(cell)):
            return False, None  # a label or caption before the values, or a label's last line
        chunks.append(Chunk(cell, None, piece, True))  # text where a number is due
        return False, -1

    def _in_label(self, cell: str) -> bool:
        return bool(self.label) and compact_label(cell) in self.label
