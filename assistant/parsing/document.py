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
from functools import cached_property

from assistant.parsing.normalise import MERGED, SEP, is_blank_mark, normalise_text, number_text

MAX_SPAN = 200  # rowspan/colspan beyond this are damaged input, not a report table
MAX_SLOTS = 20_000


@dataclass(frozen=True)
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    """A table with merged cells resolved: ``slot(r, c)`` is the cell covering that slot."""

    cells: tuple[GridCell, ...]
    n_rows: int
    n_cols: int
    _slots: dict[tuple[int, int], int] = field(default_factory=dict, compare=False, repr=False)

    def slot(self, row: int, col: int) -> GridCell | None:
        index = self._slots.get((row, col))
        return None if index is None else self.cells[index]

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
        return list(self._pieces)

    @cached_property
    def _pieces(self) -> tuple[str, ...]:
        out: list[str] = []
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                cell = self.slot(r, c)
                if cell is None:
                    continue
                if cell.row == r and cell.col == c:
                    out.append(cell.text)
                elif is_blank_mark(cell.text):
                    out.append(cell.text)  # a merged blank covers this slot too
                elif number_text(cell.text) is not None and cell.row != r:
                    out.append(MERGED)  # a number merged down: this row's value is unknown
        return tuple(out)

    def lines(self) -> list[str]:
        """How the grid reads in the document text: one line per row, origin cells only."""
        out = []
        for r in range(self.n_rows):
            texts = [c.text for c in self.cells if c.row == r]
            out.append(" | ".join(texts))
        return out


def build_grid(rows: Sequence[Sequence[tuple[str, int, int]]]) -> Grid:
    """Place cells given as ``(text, rowspan, colspan)`` per row, the way browsers do."""
    n_rows = len(rows)
    occupied: dict[tuple[int, int], int] = {}
    cells: list[GridCell] = []
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in occupied:
                c += 1
            rowspan = max(1, min(rowspan, MAX_SPAN, n_rows - r))
            colspan = max(1, min(colspan, MAX_SPAN))
            if len(occupied) + rowspan * colspan > MAX_SLOTS:
                break
            index = len(cells)
            cells.append(GridCell(text, r, c, rowspan, colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.setdefault((r + dr, c + dc), index)
            c += colspan
            n_cols = max(n_cols, c)
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


def document_from_blocks(blocks: Iterable[Block], *, title_hint: str | None = None) -> Document:
    parts: list[str] = []
    tables: list[TableBlock] = []
    pos = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            text = normalise_text(block.text).strip()
            if not text:
                continue
        else:
            text = "\n".join(normalise_text(line) for line in block.lines())
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


def text_stream(text: str, start: int, end: int) -> str:
    """The region ``text[start:end]`` as a cell stream of the same length (offsets kept).

    A line break separates cells; inside a line ``|`` separates cells; a ``|`` at either end
    of a line only closes the line (the " |" form), and blank lines and Markdown rule lines
    separate nothing.
    """
    out: list[str] = []
    for line in text[start:end].split("\n"):
        if not line.strip() or _MD_RULE.fullmatch(line):
            out.append(" " * len(line))
            out.append(" ")  # a blank line ends no cell
            continue
        if "|" in line:
            left = len(line) - len(line.lstrip())
            right = len(line.rstrip()) - 1
            if line[left] == "|":
                line = line[:left] + " " + line[left + 1:]
            if line[right] == "|" and right != left:
                line = line[:right] + " " + line[right + 1:]
            line = line.replace("|", SEP)
        out.append(line)
        out.append(SEP)
    return "".join(out)[: end - start]


def grid_stream(grids: Sequence[Grid]) -> str:
    return SEP.join(SEP.join(g.pieces()) for g in grids)
