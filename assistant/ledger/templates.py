"""Blank ledgers the writer fills in Excel/WPS: .xlsx with drop-down lists, and .csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from assistant import atomic
from assistant.cells import T2_2021
from assistant.errors import NianbaoError
from assistant.ledger.dates import ACCEPTED_FORMS
from assistant.ledger.labels import applicant_types, case_results, case_types, outcomes
from assistant.ledger.reading import Layout
from assistant.ledger.records import APPLICATIONS, CASES, TABLE2

VALIDATED_ROWS = 20000  # rows of the data sheet that get drop-down lists
OPTIONS_SHEET = "选项"
GUIDE_SHEET = "填写说明"


def application_guide() -> list[str]:
    return [
        "申请台账：一行登记一件政府信息公开申请，全年持续登记，跨年未办结的申请保留在表中。",
        "编号：每件申请一个编号，不得重复。",
        f"收到日期：写成 {ACCEPTED_FORMS}，也可以是 Excel 日期。",
        "申请人类型：" + "、".join(applicant_types().choices)
        + "（“其他”指法人或其他组织中的其他类型）。",
        "办结日期：办结后填写；尚未办结的留空。",
        "办理结果：办结的必须填写，未办结的必须留空；照表三印刷的名称填写（见“选项”工作表），"
        "也可简写为“予以公开”“部分公开”“不予公开-属于国家秘密”等。区分处理的只计“部分公开”。",
        "备注：随意填写，不参与统计。",
        "统计规则（报告年度为Y）：一、本年新收 = 收到日期在Y年内；二、上年结转 = Y年以前收到、"
        "1月1日仍未办结；三、办理结果 = 办结日期在Y年内，按办理结果归类；四、结转下年度 = "
        "12月31日仍未办结。",
    ]


def case_guide() -> list[str]:
    return [
        "复议诉讼台账：一行登记一件以本机关为被申请人或被告的政府信息公开行政复议、行政诉讼案件"
        "（复议机关作共同被告的案件，只由原行政行为机关统计）。",
        "类型：" + "、".join(case_types().choices) + "。",
        f"收到日期：收到复议申请书或起诉状副本的日期，写成 {ACCEPTED_FORMS}。",
        "结果：" + "、".join(case_results().choices) + "；尚未审结的可留空。",
        "结案日期：有结果的必须填写；尚未审结的留空。",
        "统计规则：计入收到日期在报告年度内的案件，按12月31日时的结果归类，结案日期晚于年底的"
        "计为“尚未审结”。",
    ]


def table2_guide() -> list[str]:
    return [
        "表二：每行一个单元格，只填“数值”列，其他列不要改动。",
        "件数和处理决定数量填非负整数，没有的填0；行政事业性收费填本年收费金额，单位为万元，"
        "可有小数。",
        "规章、行政规范性文件的件数截至12月31日；行政许可、处罚、强制含未公开的处理决定。",
    ]


def _table2_rows() -> list[list[str]]:
    return [
        [label, col_label, "", heading]
        for _, label, heading, cols in T2_2021
        for _, col_label, _ in cols
    ]


def _headers(layout: Layout) -> list[str]:
    return [c.label for c in layout.columns]


# --- csv --------------------------------------------------------------------------------------


def _csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read it as UTF-8


# --- xlsx -------------------------------------------------------------------------------------


def _workbook(layout: Layout, rows: Sequence[Sequence[str]], guide: Sequence[str],
              lists: dict[str, Sequence[str]], date_columns: Sequence[str]) -> bytes:
    """A workbook: the data sheet, a guide, and a hidden sheet with the drop-down choices."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = layout.name
    headers = _headers(layout)
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    sheet.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 60 if header == "办理结果" else 16

    options = book.create_sheet(OPTIONS_SHEET)
    for col_no, (header, choices) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col_no)
        options.cell(row=1, column=col_no, value=header).font = bold
        for row_no, choice in enumerate(choices, start=2):
            options.cell(row=row_no, column=col_no, value=choice)
        options.column_dimensions[letter].width = 60
        target = get_column_letter(headers.index(header) + 1)
        check = DataValidation(
            type="list", formula1=f"={OPTIONS_SHEET}!${letter}$2:${letter}${len(choices) + 1}",
            allow_blank=True, errorStyle="warning", showErrorMessage=True,
            errorTitle="不在选项中", error="请从下拉列表中选择（简写也可，填写后会核对）。",
        )
        check.add(f"{target}2:{target}{VALIDATED_ROWS}")
        sheet.add_data_validation(check)
    for header in date_columns:
        target = get_column_letter(headers.index(header) + 1)
        check = DataValidation(
            type="date", operator="between", formula1="DATE(2008,5,1)",
            formula2="DATE(2099,12,31)", allow_blank=True, errorStyle="warning",
            showErrorMessage=True, errorTitle="日期", error=f"请填写日期，如 {ACCEPTED_FORMS}。",
        )
        check.add(f"{target}2:{target}{VALIDATED_ROWS}")
        sheet.add_data_validation(check)
        for row_no in range(2, 2 + len(rows)):
            sheet.cell(row=row_no, column=headers.index(header) + 1).number_format = "yyyy-mm-dd"
    options.sheet_state = "hidden" if lists else "visible"
    if not lists:
        book.remove(options)

    notes = book.create_sheet(GUIDE_SHEET)
    notes.column_dimensions["A"].width = 110
    for line in guide:
        notes.append([line])
        cell = notes.cell(row=notes.max_row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the three templates ----------------------------------------------------------------------

def write_templates(folder: Path, *, formats: Sequence[str] = ("xlsx", "csv")) -> list[Path]:
    """Write the three blank ledgers (each in every format asked) and a guide; their paths."""
    if folder.exists() and not folder.is_dir():
        raise NianbaoError(f"{folder} 不是文件夹")
    folder.mkdir(parents=True, exist_ok=True)
    plans: tuple[tuple[Layout, list[list[str]], list[str], dict[str, Sequence[str]],
                       tuple[str, ...]], ...] = (
        (APPLICATIONS, [], application_guide(), {
            "申请人类型": applicant_types().choices, "办理结果": outcomes().choices,
        }, ("收到日期", "办结日期")),
        (CASES, [], case_guide(), {
            "类型": case_types().choices, "结果": case_results().choices,
        }, ("收到日期", "结案日期")),
        (TABLE2, _table2_rows(), table2_guide(), {}, ()),
    )
    written: list[Path] = []
    for layout, rows, guide, lists, dates in plans:
        if "xlsx" in formats:
            data = _workbook(layout, rows, guide, lists, dates)
            written.append(atomic.write_bytes(folder / f"{layout.name}.xlsx", data))
        if "csv" in formats:
            data = _csv_bytes([_headers(layout), *rows])
            written.append(atomic.write_bytes(folder / f"{layout.name}.csv", data))
    guide_text = "\n\n".join(
        "\n".join(lines) for lines in (application_guide(), case_guide(), table2_guide())
    )
    choices = "\n".join(["", "办理结果可选值：", *outcomes().choices])
    written.append(atomic.write_text(folder / "填写说明.txt", guide_text + "\n" + choices + "\n"))
    return written
