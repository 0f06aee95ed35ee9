"""Reading ledger sheets: both file types, three encodings, headers found by name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from assistant.errors import UnreadableInput
from assistant.ledger.reading import read_table
from assistant.ledger.records import APPLICATIONS, CASES
from tests.ledger.sheets import APP_HEADER, write_csv, write_xlsx

ROWS = [
    ("A-1", "2024-01-05", "自然人", "2024/1/20", "予以公开", "第一件"),
    ("A-2", "2024年3月1日", "商业企业", None, None, None),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "申请台账.csv", APP_HEADER, ROWS, encoding=encoding)
    table = read_table(path, APPLICATIONS)
    assert table.encoding == encoding
    assert table.header_row == 1
    assert [r.number for r in table.rows] == [2, 3]
    assert table.rows[0].values == ("A-1", "2024-01-05", "自然人", "2024/1/20", "予以公开", "第一件")
    assert table.rows[1].values == ("A-2", "2024年3月1日", "商业企业", None, None, None)


def test_gb18030_really_is_not_utf8(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", APP_HEADER, ROWS, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_table(path, APPLICATIONS).rows[0].values[2] == "自然人"


def test_utf16_with_bom_and_tabs(tmp_path: Path) -> None:
    """Excel's "Unicode 文本" export: UTF-16 with BOM, tab-separated."""
    path = write_csv(tmp_path / "a.txt", APP_HEADER, ROWS, encoding="utf-16", delimiter="\t")
    assert read_table(path, APPLICATIONS).rows[1].values[1] == "2024年3月1日"


def test_xlsx_keeps_native_values(tmp_path: Path) -> None:
    rows = [("1", datetime(2024, 1, 5), "自然人", 45311, "予以公开", None)]
    path = write_xlsx(tmp_path / "a.xlsx", APP_HEADER, rows, sheet="申请台账")
    table = read_table(path, APPLICATIONS)
    assert table.sheet == "申请台账"
    assert table.rows[0].values[:4] == ("1", datetime(2024, 1, 5), "自然人", 45311)


def test_header_found_below_title_rows_in_any_order_with_extra_columns(tmp_path: Path) -> None:
    header = ("序号", "申请人姓名", "申请人类型", "编号", "收到日期（年-月-日）", "办理结果",
              "答复日期")
    rows = [(1, "张三", "自然人", "Y-9", "2024-01-05", "予以公开", "2024-01-10"),
            (None, None, None, None, None, None, None),
            (2, "某公司", "商业企业", "Y-10", "2024-02-05", None, None)]
    title = [("某局2024年政府信息公开申请登记台账",), ()]
    path = write_xlsx(tmp_path / "a.xlsx", header, rows, title_rows=title)
    table = read_table(path, APPLICATIONS)
    assert table.header_row == 3
    assert table.headers["id"] == "编号"  # "编号" beats "序号"
    assert table.headers["closed"] == "答复日期"
    assert [r.number for r in table.rows] == [4, 6]  # the blank row 5 is skipped
    assert table.rows[0].values == ("Y-9", "2024-01-05", "自然人", "2024-01-10", "予以公开", None)


def test_sheet_named_like_the_ledger_is_preferred(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "草稿"
    first.append(list(APP_HEADER))
    first.append(["X", "2024-01-01", "自然人", None, None, None])
    real = book.create_sheet("申请台账")
    real.append(list(APP_HEADER))
    real.append(["Y", "2024-01-02", "自然人", None, None, None])
    path = tmp_path / "a.xlsx"
    book.save(path)
    table = read_table(path, APPLICATIONS)
    assert (table.sheet, table.rows[0].values[0]) == ("申请台账", "Y")


def test_missing_column_is_unreadable_and_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ("编号", "收到日期", "申请人类型", "办结日期"), [])
    with pytest.raises(UnreadableInput, match=r"a\.csv.*缺少“办理结果”列"):
        read_table(path, APPLICATIONS)


def test_wrong_kind_of_ledger_is_unreadable(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", APP_HEADER, ROWS)
    with pytest.raises(UnreadableInput, match="复议诉讼台账的表头"):
        read_table(path, CASES)


def test_old_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnreadableInput, match=r"另存为 \.xlsx"):
        read_table(path, APPLICATIONS)


def test_damaged_xlsx_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "a.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UnreadableInput, match=r"无法作为 \.xlsx 打开"):
        read_table(bad, APPLICATIONS)
    with pytest.raises(UnreadableInput, match="文件不存在"):
        read_table(tmp_path / "none.csv", APPLICATIONS)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("编号".encode() + b"\xff\xff\xff\x80\x80")
    with pytest.raises(UnreadableInput, match="编码"):
        read_table(path, APPLICATIONS)
