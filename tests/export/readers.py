"""Independent readers of the exported files, for structural comparison in tests.

Each reader rebuilds tables as a list of (row, column, rowspan, colspan, text) from the file's
own merge markup (docx gridSpan/vMerge, HTML rowspan/colspan, xlsx merged ranges), so a test
can compare them with the layout cell by cell.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.oxml.ns import qn
from lxml import html as lxml_html
from openpyxl import load_workbook

from assistant.cells import FormatVersion
from assistant.export.layout import CellRole, TableLayout, placements, table_layouts


@dataclass(frozen=True)
class Placed:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


def expected_cells(layout: TableLayout, values: dict[str, str]) -> list[Placed]:
    """What the layout says each table cell holds."""
    return [
        Placed(r, c, cell.rowspan, cell.colspan,
               values.get(cell.address, "") if cell.address else cell.text)
        for r, c, cell in layout.placed()
    ]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- docx -------------------------------------------------------------------------------


def docx_tables(data: bytes) -> list[list[Placed]]:
    doc = Document(io.BytesIO(data))
    out = []
    for table in doc.tables:
        cells: list[Placed] = []
        open_cols: dict[int, int] = {}  # column -> index in cells of the vMerge origin
        for r, tr in enumerate(table._tbl.tr_lst):
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
                    origin = cells[open_cols[col]]
                    cells[open_cols[col]] = Placed(origin.row, origin.col, origin.rowspan + 1,
                                                   origin.colspan, origin.text)
                else:
                    cells.append(Placed(r, col, 1, span, text))
                    if vmerge is not None:
                        open_cols[col] = len(cells) - 1
                col += span
        out.append(cells)
    return out


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of the body paragraphs outside tables, in order."""
    doc = Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


# --- HTML -------------------------------------------------------------------------------


def html_tables(data: bytes) -> list[list[Placed]]:
    root = lxml_html.fromstring(data)
    out = []
    for table in root.iter("table"):
        covered: set[tuple[int, int]] = set()
        cells: list[Placed] = []
        for r, tr in enumerate(table.iter("tr")):
            col = 0
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while (r, col) in covered:
                    col += 1
                rs, cs = int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))
                cells.append(Placed(r, col, rs, cs, cell.text_content()))
                covered.update((r + i, col + j) for i in range(rs) for j in range(cs))
                col += cs
        out.append(cells)
    return out


# --- Markdown ---------------------------------------------------------------------------


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Each pipe table as rows of cell texts (the separator line dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            if re.fullmatch(r"\|(?:---\|)+", line):
                continue
            inner = line.strip()[1:-1]
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]
            current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def markdown_values(text: str, version: FormatVersion) -> dict[str, str]:
    """Read every value cell back from the pipe tables, by the layout's positions."""
    tables = iter(markdown_tables(text))
    values: dict[str, str] = {}
    for layout in table_layouts(version):
        for block in layout.blocks:
            grid = next(tables)
            rows = (*block.head, *block.body)
            for r, c, cell in placements(rows, layout.columns):
                if cell.role is CellRole.VALUE and cell.address:
                    values[cell.address] = grid[r][c]
    return values


def markdown_sections(text: str) -> list[tuple[str, str]]:
    """(heading, text without whitespace) for the title-less parts of the document."""
    out: list[tuple[str, str]] = []
    heading, body = "", []
    for line in text.splitlines():
        if line.startswith("# "):
            continue
        if line.startswith("## "):
            out.append((heading, _norm("".join(body))))
            heading, body = line[3:], []
        elif line and not line.startswith("|"):
            body.append(re.sub(r"\\(.)", r"\1", line))
    out.append((heading, _norm("".join(body))))
    return out


# --- xlsx -------------------------------------------------------------------------------


def xlsx_tables(data: bytes) -> dict[str, list[Placed]]:
    book = load_workbook(io.BytesIO(data))
    out: dict[str, list[Placed]] = {}
    for sheet in book.worksheets:
        spans = {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
                 for m in sheet.merged_cells.ranges}
        inside = {(r, c) for m in sheet.merged_cells.ranges
                  for r in range(m.min_row, m.max_row + 1)
                  for c in range(m.min_col, m.max_col + 1)} - set(spans)
        cells = []
        for row in sheet.iter_rows():
            for cell in row:
                pos = (cell.row, cell.column)
                if pos in inside:
                    continue
                rs, cs = spans.get(pos, (1, 1))
                value = cell.value
                text = "" if value is None else _xlsx_text(value, cell.number_format)
                cells.append(Placed(cell.row - 1, cell.column - 1, rs, cs, text))
        out[sheet.title] = cells
    return out


def _xlsx_text(value: object, number_format: str) -> str:
    if isinstance(value, float):
        places = len(number_format.split(".", 1)[1]) if "." in number_format else 0
        return format(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places)), "f")
    return str(value)
