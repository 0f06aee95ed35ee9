"""How 表二、表三、表四 are laid out on the national form: header rows, merged cells, row labels.

One description, derived from the form (:mod:`assistant.form`), serves every exporter (docx, HTML,
Markdown, xlsx), so the structure of the form is written once. A table is a grid of
``columns`` columns made of blocks; each block has header rows and body rows; each row is a
list of :class:`GridCell` placed left to right in the positions not already covered by a
``rowspan`` from a row above (the HTML rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache

from assistant.form import (
    FormatVersion,
    RowSpec,
    SectionKey,
    TableSpec,
    row_addresses,
    table,
)
from assistant.form.tables import RESULTS

# Printed on the form itself (国办公开办函〔2021〕30号 模板), top-left cell of 表三.
T3_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
T2_CONTENT = "信息内容"
TEXT_WIDTH_MM = 156.0  # GB/T 9704 版心 width


class CellRole(StrEnum):
    HEADER = "header"  # a column heading (or the 勾稽 note in 表三's corner)
    STUB = "stub"  # a row label
    VALUE = "value"  # a number: ``address`` names the canonical cell


@dataclass(frozen=True)
class GridCell:
    role: CellRole
    text: str = ""
    address: str | None = None
    rowspan: int = 1
    colspan: int = 1
    level: int = 0  # row labels: 0 for 一、二、三、四, 1 for （一）…, 2 for 1. 2. …


@dataclass(frozen=True)
class TableBlock:
    head: tuple[tuple[GridCell, ...], ...]
    body: tuple[tuple[GridCell, ...], ...]


@dataclass(frozen=True)
class TableLayout:
    key: str  # "t2" | "t3" | "t4"
    name: str  # "表二"
    title: str  # the caption: "表三 收到和处理政府信息公开申请情况"
    section: SectionKey
    columns: int
    label_columns: int  # leading columns holding row labels
    blocks: tuple[TableBlock, ...]
    widths_mm: tuple[float, ...]  # column widths on the 156 mm 版心 line (GB/T 9704)

    def rows(self) -> Iterator[tuple[bool, tuple[GridCell, ...]]]:
        """Every row in printed order with whether it is a header row."""
        for block in self.blocks:
            for row in block.head:
                yield True, row
            for row in block.body:
                yield False, row

    def placed(self) -> list[tuple[int, int, GridCell]]:
        """Each cell with its (row, column) origin in the whole table's grid."""
        return placements(tuple(row for _, row in self.rows()), self.columns)

    @property
    def row_count(self) -> int:
        return sum(len(b.head) + len(b.body) for b in self.blocks)

    def addresses(self) -> tuple[str, ...]:
        return tuple(c.address for _, row in self.rows() for c in row if c.address)


def _layout(spec: TableSpec, columns: int, label_columns: int, blocks: tuple[TableBlock, ...],
            widths_mm: tuple[float, ...]) -> TableLayout:
    return TableLayout(spec.key, spec.name, spec.caption, spec.section, columns, label_columns, blocks,
                       widths_mm)


def placements(rows: tuple[tuple[GridCell, ...], ...], columns: int) -> list[tuple[int, int, GridCell]]:
    """Place cells in a grid the way HTML does; raise ``ValueError`` on a malformed layout."""
    covered: set[tuple[int, int]] = set()
    out: list[tuple[int, int, GridCell]] = []
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in covered:
                col += 1
            if col + cell.colspan > columns:
                raise ValueError(f"row {r} overflows {columns} columns")
            out.append((r, col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, col + dc))
            col += cell.colspan
        if any((r, c) not in covered for c in range(columns)):
            raise ValueError(f"row {r} leaves a gap")
    return out


def format_value(value: int | Decimal | None) -> str:
    """A cell as printed: blank for ``None``, decimals exactly as stored (no float noise)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


# --- 表二 -----------------------------------------------------------------------------------


def _t2(version: FormatVersion) -> TableLayout:
    spec = table(version, "t2")
    data_columns = max(len(row.columns) for row in spec.rows)
    columns = 1 + data_columns
    items: list[list[RowSpec]] = []  # the rows under each article item, in printed order
    for row in spec.rows:
        if items and items[-1][0].heading == row.heading:
            items[-1].append(row)
        else:
            items.append([row])
    blocks = []
    for item in items:
        cols = item[0].columns
        spans = [1] * len(cols)
        spans[-1] += data_columns - len(cols)  # the last column takes the free width
        head = (
            (GridCell(CellRole.HEADER, item[0].heading, colspan=columns),),
            (
                GridCell(CellRole.HEADER, T2_CONTENT),
                *(GridCell(CellRole.HEADER, col.label, colspan=s)
                  for col, s in zip(cols, spans, strict=True)),
            ),
        )
        body = tuple(
            (
                GridCell(CellRole.STUB, row.label),
                *(GridCell(CellRole.VALUE, address=address, colspan=s)
                  for address, s in zip(row_addresses(version, "t2", row.key), spans, strict=True)),
            )
            for row in item
        )
        blocks.append(TableBlock(head, body))
    value_mm = (TEXT_WIDTH_MM - 44) / data_columns
    widths = (44.0, *(value_mm,) * data_columns)
    return _layout(spec, columns, 1, tuple(blocks), widths)


# --- 表三 -----------------------------------------------------------------------------------


def _t3_labels(rows: tuple[RowSpec, ...]) -> list[list[GridCell]]:
    """The row-label cells of each 表三 row (three label columns, merged as on the form)."""
    under_results = [r for r in rows if r.group]
    out: list[list[GridCell]] = []
    seen_groups: set[str] = set()
    for r in rows:
        cells: list[GridCell] = []
        if not r.group:
            cells.append(GridCell(CellRole.STUB, r.label, colspan=3))
            out.append(cells)
            continue
        if not seen_groups:
            cells.append(GridCell(CellRole.STUB, RESULTS, rowspan=len(under_results)))
            seen_groups.add(RESULTS)
        if r.group == RESULTS:
            cells.append(GridCell(CellRole.STUB, r.label, colspan=2, level=1))
        else:
            if r.group not in seen_groups:
                size = sum(1 for x in rows if x.group == r.group)
                cells.append(GridCell(CellRole.STUB, r.group, rowspan=size, level=1))
                seen_groups.add(r.group)
            cells.append(GridCell(CellRole.STUB, r.label, level=2))
        out.append(cells)
    return out


def _t3(version: FormatVersion) -> TableLayout:
    spec = table(version, "t3")
    rows = spec.rows
    labels = {c.key: c.label for c in spec.columns}
    orgs = [c.label for c in spec.columns if c.key not in ("natural", "total")]
    head = (
        (
            GridCell(CellRole.HEADER, T3_BALANCE_NOTE, rowspan=3, colspan=3),
            GridCell(CellRole.HEADER, T3_APPLICANTS, colspan=len(spec.columns)),
        ),
        (
            GridCell(CellRole.HEADER, labels["natural"], rowspan=2),
            GridCell(CellRole.HEADER, T3_ORGANISATIONS, colspan=len(orgs)),
            GridCell(CellRole.HEADER, labels["total"], rowspan=2),
        ),
        tuple(GridCell(CellRole.HEADER, label) for label in orgs),
    )
    body = tuple(
        (
            *stubs,
            *(GridCell(CellRole.VALUE, address=address) for address in row_addresses(version, "t3", r.key)),
        )
        for r, stubs in zip(rows, _t3_labels(rows), strict=True)
    )
    widths = (11.0, 17.0, 51.0, *(11.0,) * len(spec.columns))  # the label column takes the rest
    return _layout(spec, 3 + len(spec.columns), 3, (TableBlock(head, body),), widths)


# --- 表四 -----------------------------------------------------------------------------------


def _t4(version: FormatVersion) -> TableLayout:
    spec = table(version, "t4")
    n = len(spec.columns)
    review = [r for r in spec.rows if not r.group]  # 行政复议
    suits = [r for r in spec.rows if r.group]  # 行政诉讼: 未经复议直接起诉, 复议后起诉
    head = (
        (
            *(GridCell(CellRole.HEADER, r.label, colspan=n) for r in review),
            GridCell(CellRole.HEADER, suits[0].group, colspan=n * len(suits)),
        ),
        (
            *(GridCell(CellRole.HEADER, c.label, rowspan=2) for _ in review for c in spec.columns),
            *(GridCell(CellRole.HEADER, r.label, colspan=n) for r in suits),
        ),
        tuple(GridCell(CellRole.HEADER, c.label) for _ in suits for c in spec.columns),
    )
    body = (
        tuple(
            GridCell(CellRole.VALUE, address=address)
            for r in spec.rows
            for address in row_addresses(version, "t4", r.key)
        ),
    )
    columns = n * len(spec.rows)
    return _layout(spec, columns, 0, (TableBlock(head, body),), (TEXT_WIDTH_MM / columns,) * columns)


@cache
def table_layouts(version: FormatVersion) -> tuple[TableLayout, ...]:
    """表二、表三、表四 of the format, in printed order."""
    return (_t2(version), _t3(version), _t4(version))


def table_for_section(version: FormatVersion, key: SectionKey | None) -> TableLayout | None:
    return next((t for t in table_layouts(version) if t.section is key), None)
