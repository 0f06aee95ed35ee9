"""Markdown for other tools: headings, paragraphs and the tables as pipe tables.

Pipe tables have no merged cells: a merged header shows its text in its first position; a row
label that spans rows (“三、本年度办理结果”, “（三）不予公开”) is repeated on each row it covers,
so every body row carries its full label path, as in the corpus's transcription of the form.
"""

from __future__ import annotations

import re

from assistant.export.document import PrintedReport
from assistant.export.layout import CellRole, GridCell, TableBlock, TableLayout, placements

_BLOCK_START = re.compile(r"^(\s*)([#>+*-]|\d+[.)]|=+$|`{3,}|~{3,})")


def render_markdown(printed: PrintedReport) -> bytes:
    out: list[str] = [f"# {_inline(printed.title)}", ""]
    for section in printed.sections:
        if section.heading:
            out += [f"## {_inline(section.heading)}", ""]
        for text in section.paragraphs:
            out += [_paragraph(text), ""]
        if section.table is not None:
            out += _table(section.table, printed)
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _inline(text: str) -> str:
    """Escape characters Markdown would read as markup inside a line."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _paragraph(text: str) -> str:
    text = _inline(text)
    # A line that would start a list, quote or heading is escaped at its first character.
    match = _BLOCK_START.match(text)
    if match:
        start = match.end(1)
        token = match.group(2)
        if token[0].isdigit():
            cut = len(token) - 1
            return text[: start + cut] + "\\" + text[start + cut:]
        return text[:start] + "\\" + text[start:]
    return text


def block_grid(layout: TableLayout, block: TableBlock, printed: PrintedReport) -> list[list[str]]:
    """The block as a dense grid of printed texts (merged headers in their first position,
    spanning row labels repeated)."""
    rows = (*block.head, *block.body)
    grid = [[""] * layout.columns for _ in rows]
    for r, c, cell in placements(rows, layout.columns):
        text = _text(cell, printed)
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                first = dr == 0 and dc == 0
                repeat = cell.role is CellRole.STUB and dc == 0
                if first or repeat:
                    grid[r + dr][c + dc] = text
    return grid


def _text(cell: GridCell, printed: PrintedReport) -> str:
    return printed.value(cell.address) if cell.address else cell.text


def _table(layout: TableLayout, printed: PrintedReport) -> list[str]:
    out: list[str] = []
    for block in layout.blocks:
        grid = block_grid(layout, block, printed)
        out.append(_row(grid[0]))
        out.append("|" + "|".join("---" for _ in grid[0]) + "|")
        out.extend(_row(row) for row in grid[1:])
        out.append("")
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
