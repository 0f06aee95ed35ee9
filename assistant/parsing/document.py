"""What every input format is read into: normalised text plus the tables found as grids.

HTML and .docx give real tables; they become :class:`Grid` objects (rowspan/colspan resolved)
and are also rendered into the text as `` | ``-separated lines, so that section offsets and
narrative refer to one text. Plain text has no grids: its tables are read from the text.

Table cells are read as a *cell stream*: one string in which cells are separated by ``SEP``.
A grid gives one piece per grid slot (merged blank cells give a blank piece per slot they
cover, so that columns never shift); a text region gives one piece per line or per
``|``-separated cell, with running text left as one piece for the splitter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby, repeat
from operator import itemgetter
from typing import NamedTuple

from assistant.parsing.normalise import MERGED, SEP, blank_spans, is_blank_mark, normalise_text, number_text

MAX_SPAN = 200  # rowspan/colspan beyond this are damaged input, not a report table
MAX_SLOTS = 20_000


class GridCell(NamedTuple):
    """One cell of a table, placed: the names of the fields of a grid's cell tuples."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


# A placed cell as a grid holds it: (text, row, col, rowspan, colspan), the fields of GridCell.
# Grids built here hold plain tuples: tables are made of hundreds of cells, and a plain tuple
# is made in C at a third of a GridCell's cost.
CellTuple = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class Grid:
    """A table with merged cells resolved: ``slot(r, c)`` is the cell covering that slot."""

    cells: tuple[CellTuple, ...]
    n_rows: int
    n_cols: int
    _slots: dict[tuple[int, int], int] = field(default_factory=dict, compare=False, repr=False)
    # the cell stream once read (a list holding it: the class is frozen, and compiled by mypyc,
    # whose classes have no instance dict for functools.cached_property)
    _stream: list[tuple[str, ...]] = field(default_factory=list, compare=False, repr=False)

    def slot(self, row: int, col: int) -> GridCell | None:
        index = self._slots.get((row, col))
        return None if index is None else GridCell._make(self.cells[index])

    def rows(self) -> list[list[str]]:
        """The expanded grid as text: merged cells repeated in every slot they cover."""
        out: list[list[str]] = []
        for r in range(self.n_rows):
            row = []
            for c in range(self.n_cols):
                cell = self.slot(r, c)
                row.append(cell.text if cell else "")
            out.append(row)
        return out

    def pieces(self) -> list[str]:
        """The cell stream, row by row: see the module docstring."""
        if not self._stream:
            self._stream.append(self._pieces())
        return list(self._stream[0])

    def _pieces(self) -> tuple[str, ...]:
        out: list[str] = []
        slots, cells = self._slots, self.cells
        merged: dict[int, int] = {}  # per merged cell: _BLANK, _NUMBER or _OTHER (read once)
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                index = slots.get((r, c))
                if index is None:
                    continue
                cell = cells[index]  # (text, row, col, rowspan, colspan)
                if cell[1] == r and cell[2] == c:
                    out.append(cell[0])
                    continue
                kind = merged.get(index)
                if kind is None:
                    merged[index] = kind = _merged_kind(cell[0])
                if kind == _BLANK:
                    out.append(cell[0])  # a merged blank covers this slot too
                elif kind == _NUMBER and cell[1] != r:
                    out.append(MERGED)  # a number merged down: this row's value is unknown
        return tuple(out)

    def lines(self) -> list[str]:
        """How the grid reads in the document text: one line per row, origin cells only."""
        n_rows = self.n_rows
        by_row: list[list[str]] = [[] for _ in range(n_rows)]
        # the cells come row by row: taken a run of one row's cells at a time
        for row, run in groupby(self.cells, _ROW):
            if 0 <= row < n_rows:
                by_row[row].extend(map(_TEXT, run))
        return [" | ".join(texts) for texts in by_row]


_TEXT, _ROW = itemgetter(0), itemgetter(1)  # a GridCell's fields, read in C
_BLANK, _NUMBER, _OTHER = range(3)


def _merged_kind(text: str) -> int:
    """What a merged cell's text is, for the slots it covers (see Grid._pieces)."""
    if is_blank_mark(text):
        return _BLANK
    return _OTHER if number_text(text) is None else _NUMBER


def build_grid(rows: Sequence[Sequence[tuple[str, int, int]]]) -> Grid:
    """Place cells given as ``(text, rowspan, colspan)`` per row, the way browsers do."""
    shape = [[(rowspan, colspan) for _, rowspan, colspan in row] for row in rows]
    plain = [all(span == (1, 1) for span in row) for row in shape]
    return grid_from_shape(shape, plain, [text for row in rows for text, _, _ in row])


def grid_from_shape(shape: Sequence[Sequence[tuple[int, int]]], plain: Sequence[bool],
                    texts: Sequence[str]) -> Grid:
    """Place the cells of the rows that ``shape`` gives as (rowspan, colspan) per cell, the way
    browsers do, the cells' ``texts`` taken in order (one per cell). ``plain[r]``: every cell of
    row ``r`` is one slot (1, 1); a plain row that no rowspan from above reaches is placed in one
    step (its cells at columns 0, 1, …), any other cell by looking for its first free slot."""
    n_rows = len(shape)
    occupied: dict[tuple[int, int], int] = {}
    cells: list[CellTuple] = []
    n_cols = 0
    reached = 0  # a rowspan from above reaches no row from here on
    pos = 0
    for r, row in enumerate(shape):
        n = len(row)
        row_texts = texts[pos:pos + n]
        pos += n
        if plain[r] and r >= reached and len(occupied) + n <= MAX_SLOTS:
            base = len(cells)
            cells.extend(zip(row_texts, repeat(r), range(n), repeat(1), repeat(1), strict=False))
            occupied.update(zip(zip(repeat(r), range(n), strict=False), range(base, base + n),
                                strict=True))
            if n > n_cols:
                n_cols = n
            continue
        c = 0
        for (rowspan, colspan), text in zip(row, row_texts, strict=False):
            slot = (r, c)
            while slot in occupied:
                c += 1
                slot = (r, c)
            if rowspan == 1 and colspan == 1:
                if len(occupied) >= MAX_SLOTS:
                    break
                occupied[slot] = len(cells)
                cells.append((text, r, c, 1, 1))
                c += 1
                if c > n_cols:
                    n_cols = c
                continue
            rowspan = max(1, min(rowspan, MAX_SPAN, n_rows - r))
            colspan = max(1, min(colspan, MAX_SPAN))
            if len(occupied) + rowspan * colspan > MAX_SLOTS:
                break
            index = len(cells)
            cells.append((text, r, c, rowspan, colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.setdefault((r + dr, c + dc), index)
            if r + rowspan > reached:
                reached = r + rowspan
            c += colspan
            if c > n_cols:
                n_cols = c
    return Grid(tuple(cells), n_rows, n_cols, occupied)


# --- blocks and the document -------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str


Block = Paragraph | Grid


@dataclass(frozen=True)
class TableBlock:
    """A grid placed in the document text at ``[start, end)``."""

    grid: Grid
    start: int
    end: int


@dataclass
class Document:
    text: str
    tables: list[TableBlock] = field(default_factory=list)
    title_hint: str | None = None


def document_from_text(text: str) -> Document:
    return Document(text=normalise_text(text))


# Joins the texts of a document's blocks to normalise them at once: a noncharacter, which
# normalise_text leaves alone and which is in no text (or each is normalised on its own).
_JOIN = "\ufdd9"


def _normalised(texts: list[str]) -> list[str]:
    """``[normalise_text(t) for t in texts]``, in one pass (it works character by character,
    and on "\r\n", which the joint cannot split)."""
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != max(len(texts) - 1, 0):
        return [normalise_text(t) for t in texts]
    return normalise_text(joined).split(_JOIN) if texts else []


def document_from_blocks(blocks: Iterable[Block], *, title_hint: str | None = None) -> Document:
    parts: list[str] = []
    tables: list[TableBlock] = []
    pos = 0
    blocks = list(blocks)
    raw = [[block.text] if isinstance(block, Paragraph) else block.lines() for block in blocks]
    normalised = iter(_normalised([line for lines in raw for line in lines]))
    for block, lines in zip(blocks, raw, strict=True):
        if isinstance(block, Paragraph):
            text = next(normalised).strip()
            if not text:
                continue
        else:
            text = "\n".join(next(normalised) for _ in lines)
        if parts:
            parts.append("\n")
            pos += 1
        if isinstance(block, Grid):
            tables.append(TableBlock(block, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return Document("".join(parts), tables, title_hint)


# --- cell streams from text ------------------------------------------------------------------

_MD_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")
# A "|" opening a line after spaces, one closing it before spaces (str.replace does those
# without spaces); blank lines. Each starts with a literal character: the regex engine finds
# those fast, where it would try a pattern opening with "^" or a lookbehind at every position.
_SPACED_OPENING_BAR = re.compile(r"\n[^\S\n]+\|")
_SPACED_CLOSING_BAR = re.compile(r"\|(?=[^\S\n]++\n)")
_BLANK_LINE = re.compile(r"\n[^\S\n]*+(?=\n|\Z)")


def text_stream(text: str, start: int, end: int) -> str:
    """The region ``text[start:end]`` as a cell stream of the same length (offsets kept).

    A line break separates cells; inside a line ``|`` separates cells; a ``|`` at either end
    of a line only closes the line (the " |" form), and blank lines and Markdown rule lines
    separate nothing.
    """
    region = text[start:end]
    region_bars = _bars(region) if "|" in region else region
    stream = region_bars.replace("\n", SEP)
    # blank lines and rule lines: spaces, and so is the line break after them
    quiet: list[tuple[int, int]] = []
    first_end = region.find("\n")
    first = region if first_end < 0 else region[:first_end]
    if not first.strip() or _MD_RULE.fullmatch(first):
        quiet.append((0, len(first) + 1))
    quiet.extend((m.start() + 1, m.end() + 1) for m in _BLANK_LINE.finditer(region))
    if "---" in region:
        quiet.extend(_rule_lines(region))
    return blank_spans(stream, quiet) if quiet else stream


def _bars(region: str) -> str:
    """``region`` with the "|" that opens or closes a line blanked, the others ``SEP``."""
    first = region.lstrip()
    if first[:1] == "|" and "\n" not in region[:len(region) - len(first)]:
        at = len(region) - len(first)
        region = region[:at] + " " + region[at + 1:]  # the first line opens with "|"
    if "\n" in region:
        region = _SPACED_OPENING_BAR.sub(lambda m: m.group()[:-1] + " ", region)
        region = region.replace("\n|", "\n ")
    region = _SPACED_CLOSING_BAR.sub(" ", region).replace("|\n", " \n")
    last_start = region.rfind("\n") + 1
    last = region[last_start:].rstrip()
    if last.endswith("|"):
        at = last_start + len(last) - 1
        region = region[:at] + " " + region[at + 1:]  # the last line closes with "|"
    return region.replace("|", SEP)


def _rule_lines(region: str) -> list[tuple[int, int]]:
    """Spans of the Markdown rule lines ("|---|---|") with their line breaks."""
    out = []
    pos = region.find("---")
    while pos >= 0:
        line_start = region.rfind("\n", 0, pos) + 1
        line_end = region.find("\n", pos)
        line_end = len(region) if line_end < 0 else line_end
        if _MD_RULE.fullmatch(region, line_start, line_end):
            out.append((line_start, line_end + 1))
        pos = region.find("---", line_end)
    return out


def grid_stream(grids: Sequence[Grid]) -> str:
    return SEP.join(SEP.join(g.pieces()) for g in grids)
