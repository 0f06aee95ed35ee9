"""Build small ledger files for tests: .xlsx and .csv in any encoding."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

APP_HEADER = ("编号", "收到日期", "申请人类型", "办结日期", "办理结果", "备注")
CASE_HEADER = ("编号", "类型", "收到日期", "结果", "结案日期")
T2_HEADER = ("项目", "指标", "数值")

Row = Sequence[object]


def write_csv(path: Path, header: Row, rows: Sequence[Row], encoding: str = "utf-8-sig",
              delimiter: str = ",") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: Row, rows: Sequence[Row], *, sheet: str = "Sheet1",
               title_rows: Sequence[Row] = ()) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in title_rows:
        ws.append(list(row))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def write_ledger(path: Path, header: Row, rows: Sequence[Row]) -> Path:
    """By suffix: .xlsx, or .csv in UTF-8 with BOM."""
    if path.suffix == ".xlsx":
        return write_xlsx(path, header, rows)
    return write_csv(path, header, rows)


def table2_rows(**values: object) -> list[list[object]]:
    """All ten 表二 rows, each value 0 unless given by address tail, e.g. rules_issued=3."""
    from assistant.cells import T2_2021

    rows: list[list[object]] = []
    for key, label, _, cols in T2_2021:
        for col, col_label, _ in cols:
            rows.append([label, col_label, values.get(f"{key}_{col}", 0)])
    return rows
