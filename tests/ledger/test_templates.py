"""Templates: what the writer downloads, fills in Excel/WPS, and hands back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from assistant.ledger.fill import fill
from assistant.ledger.labels import outcomes
from assistant.ledger.reading import read_table
from assistant.ledger.records import APPLICATIONS, CASES, TABLE2
from assistant.ledger.templates import OPTIONS_SHEET, write_templates

TODAY = date(2025, 1, 10)


def test_all_templates_are_written(tmp_path: Path) -> None:
    written = write_templates(tmp_path / "模板")
    assert sorted(p.name for p in written) == sorted([
        "申请台账.xlsx", "申请台账.csv", "复议诉讼台账.xlsx", "复议诉讼台账.csv", "表二.xlsx",
        "表二.csv", "填写说明.txt",
    ])
    assert (tmp_path / "模板" / "申请台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    guide = (tmp_path / "模板" / "填写说明.txt").read_text(encoding="utf-8")
    assert "（三）不予公开 8.属于行政查询事项" in guide


def test_only_one_format(tmp_path: Path) -> None:
    written = write_templates(tmp_path, formats=("csv",))
    assert {p.suffix for p in written} == {".csv", ".txt"}


def test_xlsx_template_offers_drop_downs(tmp_path: Path) -> None:
    write_templates(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "申请台账.xlsx")
    assert book.sheetnames == ["申请台账", OPTIONS_SHEET, "填写说明"]
    assert book[OPTIONS_SHEET].sheet_state == "hidden"
    sheet = book["申请台账"]
    assert [c.value for c in sheet[1]] == ["编号", "收到日期", "申请人类型", "办结日期", "办理结果",
                                          "备注"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation
             if v.type == "list"}
    assert lists == {"C2:C20000": f"={OPTIONS_SHEET}!$A$2:$A$7",
                     "E2:E20000": f"={OPTIONS_SHEET}!$B$2:$B$22"}
    choices = [book[OPTIONS_SHEET].cell(row=r, column=2).value for r in range(2, 23)]
    assert choices == list(outcomes().choices)


def test_empty_templates_read_back_empty(tmp_path: Path) -> None:
    write_templates(tmp_path)
    for name, layout in (("申请台账", APPLICATIONS), ("复议诉讼台账", CASES)):
        for suffix in (".xlsx", ".csv"):
            assert read_table(tmp_path / f"{name}{suffix}", layout).rows == ()
    assert len(read_table(tmp_path / "表二.xlsx", TABLE2).rows) == 10


def test_filled_xlsx_templates_fill_a_report(tmp_path: Path) -> None:
    write_templates(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "申请台账.xlsx")
    sheet = book["申请台账"]
    sheet.append(["2024-1", datetime(2024, 3, 1), "自然人", datetime(2024, 3, 8),
                  outcomes().display["withheld_6"], None])
    sheet.append(["2024-2", datetime(2024, 12, 30), "商业企业", None, None, "未办结"])
    book.save(tmp_path / "申请台账.xlsx")
    cases = openpyxl.load_workbook(tmp_path / "复议诉讼台账.xlsx")
    cases["复议诉讼台账"].append(["F-1", "行政复议", datetime(2024, 5, 1), "尚未审结", None])
    cases.save(tmp_path / "复议诉讼台账.xlsx")
    t2 = openpyxl.load_workbook(tmp_path / "表二.xlsx")
    for row in range(2, 12):
        t2["表二"].cell(row=row, column=3, value=row - 2)
    t2.save(tmp_path / "表二.xlsx")

    result = fill(tmp_path / "申请台账.xlsx", 2024, cases=tmp_path / "复议诉讼台账.xlsx",
                  table2=tmp_path / "表二.xlsx", today=TODAY)
    assert result.issues == []
    cells = result.report.cells
    assert (cells["t3.withheld_6.natural"], cells["t3.carried_out.commercial"]) == (1, 1)
    assert cells["t4.review.pending"] == 1
    assert (cells["t2.rules.issued"], cells["t2.coercion.decisions"]) == (0, 8)
    assert str(cells["t2.fees.amount_wan"]) == "9"


def test_blank_table2_template_reports_every_missing_value(tmp_path: Path) -> None:
    write_templates(tmp_path)
    apps = tmp_path / "申请台账.csv"
    result = fill(apps, 2024, table2=tmp_path / "表二.csv", today=TODAY)
    assert [i.code for i in result.issues] == ["missing_value"] * 10
    assert result.issues[0].text == "表二.csv 第2行：数值未填写（没有的请填0）（该行未计入统计）"
