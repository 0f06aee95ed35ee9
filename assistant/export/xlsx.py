"""The tables as an Excel workbook: one sheet per table laid out like the form, plus a sheet of
every cell by canonical address for tools."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from assistant.export.document import PrintedReport
from assistant.export.fonts import FontSettings
from assistant.export.layout import CellRole, TableLayout, table_layouts
from assistant.form import cell_specs, table_name

CELLS_SHEET = "单元格"
CELLS_HEADER = ("地址", "表", "行", "列", "值")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
def render_xlsx(printed: PrintedReport, fonts: FontSettings) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    book.properties.title = printed.title
    book.properties.creator = ""
    book.properties.language = "zh-CN"
    for layout in table_layouts(printed.version):
        sheet = book.create_sheet(layout.name)
        _table(sheet, layout, printed, fonts)
    _cells(book.create_sheet(CELLS_SHEET), printed, fonts)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number_format(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return "0." + "0" * places if places else "0"
    return "0"


def _table(sheet: Worksheet, layout: TableLayout, printed: PrintedReport, fonts: FontSettings) -> None:
    body_font = Font(name=fonts.body, size=10.5)
    head_font = Font(name=fonts.heading, size=10.5)
    heads = [i for i, (head, _) in enumerate(layout.rows()) if head]
    for r, c, cell in layout.placed():
        target = sheet.cell(row=r + 1, column=c + 1)
        if cell.role is CellRole.VALUE:
            assert cell.address is not None
            value = printed.cells.get(cell.address)
            target.value = value
            if value is not None:
                target.number_format = _number_format(value)
            target.font = body_font
            target.alignment = Alignment(horizontal="center", vertical="center")
        else:
            target.value = cell.text
            target.font = head_font if cell.role is CellRole.HEADER else body_font
            centred = cell.role is CellRole.HEADER or layout.key == "t2" or cell.rowspan > 1
            target.alignment = Alignment(
                horizontal="center" if centred else "left", vertical="center", wrap_text=True
            )
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                sheet.cell(row=r + dr + 1, column=c + dc + 1).border = _BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1,
                              end_row=r + cell.rowspan, end_column=c + cell.colspan)
    for i, width in enumerate(layout.widths_mm, start=1):  # ~2 mm per character at 10.5 pt
        sheet.column_dimensions[get_column_letter(i)].width = round(width / 1.9, 1)
    if layout.key != "t2":  # repeat the header rows on each printed page
        sheet.print_title_rows = f"1:{max(heads) + 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if layout.key == "t4" else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToHeight = 0


def _cells(sheet: Worksheet, printed: PrintedReport, fonts: FontSettings) -> None:
    font = Font(name=fonts.body, size=10.5)
    sheet.append(list(CELLS_HEADER))
    for spec in cell_specs(printed.version):
        value = printed.cells.get(spec.address)
        sheet.append([spec.address, table_name(spec.table),
                      spec.row_label, spec.col_label, value])
        if value is not None:
            sheet.cell(row=sheet.max_row, column=5).number_format = _number_format(value)
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = font
    for i, width in enumerate((30, 6, 60, 24, 12), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
