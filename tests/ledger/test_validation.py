"""Every validation error: its row number and its Chinese message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.ledger.reading import read_table
from assistant.ledger.records import APPLICATIONS, CASES, TABLE2, LedgerIssue
from assistant.ledger.validation import (
    validate_applications,
    validate_cases,
    validate_table2,
)
from tests.ledger.sheets import APP_HEADER, CASE_HEADER, T2_HEADER, table2_rows, write_csv

GOOD = ("A-0", "2024-01-02", "自然人", "2024-01-03", "予以公开", None)


def app_issues(tmp_path: Path, today: date, bad_row: tuple[object, ...]) -> list[LedgerIssue]:
    """Issues of a ledger whose row 3 is ``bad_row`` (row 2 is fine)."""
    path = write_csv(tmp_path / "申请台账.csv", APP_HEADER, [GOOD, bad_row])
    result = validate_applications(read_table(path, APPLICATIONS), today)
    assert all(r.row != 3 for r in result.records) == any(i.excluded for i in result.issues)
    return result.issues


APPLICATION_ERRORS = [
    ("unknown_applicant", ("A-1", "2024-01-05", "企业", None, None, None),
     "申请台账.csv 第3行：申请人类型“企业”无法识别，是否为“商业企业”？（该行未计入统计）"),
    ("unknown_applicant", ("A-1", "2024-01-05", "居委会", None, None, None),
     "申请台账.csv 第3行：申请人类型“居委会”无法识别，应为“自然人”、“商业企业”、“科研机构”、"
     "“社会公益组织”、“法律服务机构”、“其他”之一（该行未计入统计）"),
    ("missing_applicant", ("A-1", "2024-01-05", None, None, None, None),
     "申请台账.csv 第3行：申请人类型未填写，应为自然人、商业企业、科研机构、社会公益组织、"
     "法律服务机构、其他之一（该行未计入统计）"),
    ("unknown_outcome", ("A-1", "2024-01-05", "自然人", "2024-01-09", "不予公开-国家秘密", None),
     "申请台账.csv 第3行：办理结果“不予公开-国家秘密”无法识别，是否为“（三）不予公开 "
     "1.属于国家秘密”？（该行未计入统计）"),
    ("unknown_outcome", ("A-1", "2024-01-05", "自然人", "2024-01-09", "不予公开", None),
     "申请台账.csv 第3行：办理结果“不予公开”未写明具体情形，应为“（三）不予公开”下的某一项，"
     "如“（三）不予公开 1.属于国家秘密”（该行未计入统计）"),
    ("closed_before_received", ("A-1", "2024-01-05", "自然人", "2024-01-04", "予以公开", None),
     "申请台账.csv 第3行：办结日期 2024-01-04 早于收到日期 2024-01-05（该行未计入统计）"),
    ("future_date", ("A-1", "2025-01-11", "自然人", None, None, None),
     "申请台账.csv 第3行：收到日期 2025-01-11 晚于今天（2025-01-10）（该行未计入统计）"),
    ("future_date", ("A-1", "2024-12-01", "自然人", "2025-02-01", "予以公开", None),
     "申请台账.csv 第3行：办结日期 2025-02-01 晚于今天（2025-01-10）（该行未计入统计）"),
    ("bad_date", ("A-1", "2024-13-05", "自然人", None, None, None),
     "申请台账.csv 第3行：收到日期“2024-13-05”无法识别，请写成 2024-01-05、2024/1/5 或 "
     "2024年1月5日（该行未计入统计）"),
    ("bad_date", ("A-1", "2024-01-05", "自然人", "下周", "予以公开", None),
     "申请台账.csv 第3行：办结日期“下周”无法识别，请写成 2024-01-05、2024/1/5 或 2024年1月5日"
     "（该行未计入统计）"),
    ("early_date", ("A-1", "3000", "自然人", None, None, None),
     "申请台账.csv 第3行：收到日期 1908-03-18 早于《条例》施行日 2008-05-01，可能填写有误"
     "（该行未计入统计）"),
    ("missing_date", ("A-1", None, "自然人", None, None, None),
     "申请台账.csv 第3行：收到日期未填写（该行未计入统计）"),
    ("closed_without_outcome", ("A-1", "2024-01-05", "自然人", "2024-01-09", None, "已答复"),
     "申请台账.csv 第3行：已填写办结日期 2024-01-09，但办理结果未填写（该行未计入统计）"),
    ("open_with_outcome", ("A-1", "2024-01-05", "自然人", None, "予以公开", None),
     "申请台账.csv 第3行：办理结果为“予以公开”，但办结日期未填写（未办结的申请不应有办理结果）"
     "（该行未计入统计）"),
    ("duplicate_id", ("A-0", "2024-01-05", "自然人", None, None, None),
     "申请台账.csv 第3行：编号“A-0”与第2行重复（两行均已计入，请核对）"),
    ("missing_id", (None, "2024-01-05", "自然人", None, None, None),
     "申请台账.csv 第3行：编号未填写"),
]


@pytest.mark.parametrize(("code", "row", "text"), APPLICATION_ERRORS,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(APPLICATION_ERRORS)])
def test_each_application_error(
    tmp_path: Path, today: date, code: str, row: tuple[object, ...], text: str
) -> None:
    issues = app_issues(tmp_path, today, row)
    assert [(i.code, i.row, i.text) for i in issues] == [(code, 3, text)]


def test_counted_despite_id_problems(tmp_path: Path, today: date) -> None:
    path = write_csv(tmp_path / "a.csv", APP_HEADER, [
        GOOD, ("A-0", "2024-02-02", "自然人", None, None, None),
        (None, "2024-02-03", "自然人", None, None, None),
    ])
    result = validate_applications(read_table(path, APPLICATIONS), today)
    assert [r.row for r in result.records] == [2, 3, 4]
    assert [(i.code, i.excluded) for i in result.issues] == [
        ("duplicate_id", False), ("missing_id", False)]


def test_several_problems_in_one_row_are_all_named(tmp_path: Path, today: date) -> None:
    issues = app_issues(tmp_path, today, ("A-1", "2024-01-05", "企业", None, "全部公开", None))
    assert [i.code for i in issues] == ["unknown_applicant", "unknown_outcome",
                                        "open_with_outcome"]
    assert all(i.row == 3 and i.excluded for i in issues)
    assert issues[1].column == "办理结果"


def test_integer_ids_from_excel_are_text(tmp_path: Path, today: date) -> None:
    from tests.ledger.sheets import write_xlsx

    path = write_xlsx(tmp_path / "a.xlsx", APP_HEADER, [
        (7, "2024-01-05", "自然人", None, None, None),
        (7.0, "2024-01-06", "自然人", None, None, None),
    ])
    result = validate_applications(read_table(path, APPLICATIONS), today)
    assert [r.id for r in result.records] == ["7", "7"]
    assert [i.text for i in result.issues] == [
        "a.xlsx 第3行：编号“7”与第2行重复（两行均已计入，请核对）"]


# --- cases -----------------------------------------------------------------------------------

CASE_OK = ("F-0", "行政复议", "2024-03-01", "维持", "2024-05-01")

CASE_ERRORS = [
    ("unknown_case_type", ("F-1", "行政诉讼", "2024-03-01", None, None),
     "复议诉讼台账.csv 第3行：类型“行政诉讼”未写明是“未经复议直接起诉”还是“复议后起诉”"
     "（该行未计入统计）"),
    ("unknown_case_type", ("F-1", "复议后诉讼", "2024-03-01", None, None),
     "复议诉讼台账.csv 第3行：类型“复议后诉讼”无法识别，是否为“复议后起诉”？（该行未计入统计）"),
    ("missing_case_type", ("F-1", None, "2024-03-01", None, None),
     "复议诉讼台账.csv 第3行：类型未填写，应为行政复议、未经复议直接起诉、复议后起诉之一"
     "（该行未计入统计）"),
    ("unknown_result", ("F-1", "行政复议", "2024-03-01", "审理中", None),
     "复议诉讼台账.csv 第3行：结果“审理中”无法识别，是否为“尚未审结”？（该行未计入统计）"),
    ("pending_with_close_date", ("F-1", "行政复议", "2024-03-01", "尚未审结", "2024-04-01"),
     "复议诉讼台账.csv 第3行：结果为“尚未审结”，但填写了结案日期 2024-04-01（该行未计入统计）"),
    ("result_without_close_date", ("F-1", "行政复议", "2024-03-01", "纠正", None),
     "复议诉讼台账.csv 第3行：结果为“纠正”，但结案日期未填写（该行未计入统计）"),
    ("closed_without_result", ("F-1", "行政复议", "2024-03-01", None, "2024-04-01"),
     "复议诉讼台账.csv 第3行：已填写结案日期 2024-04-01，但结果未填写（该行未计入统计）"),
    ("closed_before_received", ("F-1", "行政复议", "2024-03-01", "维持", "2024-02-01"),
     "复议诉讼台账.csv 第3行：结案日期 2024-02-01 早于收到日期 2024-03-01（该行未计入统计）"),
    ("future_date", ("F-1", "行政复议", "2026-03-01", None, None),
     "复议诉讼台账.csv 第3行：收到日期 2026-03-01 晚于今天（2025-01-10）（该行未计入统计）"),
    ("bad_date", ("F-1", "行政复议", "三月", None, None),
     "复议诉讼台账.csv 第3行：收到日期“三月”无法识别，请写成 2024-01-05、2024/1/5 或 2024年1月5日"
     "（该行未计入统计）"),
    ("missing_date", ("F-1", "行政复议", None, None, None),
     "复议诉讼台账.csv 第3行：收到日期未填写（该行未计入统计）"),
    ("duplicate_id", ("F-0", "行政复议", "2024-03-01", None, None),
     "复议诉讼台账.csv 第3行：编号“F-0”与第2行重复（两行均已计入，请核对）"),
]


@pytest.mark.parametrize(("code", "row", "text"), CASE_ERRORS,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASE_ERRORS)])
def test_each_case_error(
    tmp_path: Path, today: date, code: str, row: tuple[object, ...], text: str
) -> None:
    path = write_csv(tmp_path / "复议诉讼台账.csv", CASE_HEADER, [CASE_OK, row])
    result = validate_cases(read_table(path, CASES), today)
    assert [(i.code, i.row, i.text) for i in result.issues] == [(code, 3, text)]
    assert [r.row for r in result.records] == ([2, 3] if code == "duplicate_id" else [2])


def test_blank_result_without_close_date_is_pending(tmp_path: Path, today: date) -> None:
    path = write_csv(tmp_path / "c.csv", CASE_HEADER,
                     [("F-1", "复议后起诉", "2024-03-01", None, None)])
    result = validate_cases(read_table(path, CASES), today)
    assert (result.issues, [r.result for r in result.records]) == ([], ["pending"])


# --- 表二 ------------------------------------------------------------------------------------------


def t2_issues(tmp_path: Path, rows: list[list[object]]) -> list[str]:
    path = write_csv(tmp_path / "表二.csv", T2_HEADER, rows)
    return [i.text for i in validate_table2(read_table(path, TABLE2)).issues]


def test_complete_table2_has_no_issues(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "表二.csv", T2_HEADER, table2_rows(fees_amount_wan="1.25"))
    result = validate_table2(read_table(path, TABLE2))
    assert result.issues == []
    assert len(result.records) == 10


@pytest.mark.parametrize(("row_no", "row", "text"), [
    (2, ["规章", "本年制发件数", "-1"], "表二.csv 第2行：数值“-1”不能为负数（该行未计入统计）"),
    (2, ["规章", "本年制发件数", "2.5"], "表二.csv 第2行：数值“2.5”应为整数（该行未计入统计）"),
    (2, ["规章", "本年制发件数", "无"],
     "表二.csv 第2行：数值“无”不是数字（没有的请填0）（该行未计入统计）"),
    (2, ["规章", "本年制发件数", None],
     "表二.csv 第2行：数值未填写（没有的请填0）（该行未计入统计）"),
    (2, ["规定", "本年制发件数", "1"],
     "表二.csv 第2行：项目“规定”无法识别，应为规章、行政规范性文件、行政许可、行政处罚、行政强制、"
     "行政事业性收费之一（该行未计入统计）"),
    (2, ["规章", "本年处理决定数量", "1"],
     "表二.csv 第2行：“规章”的指标“本年处理决定数量”无法识别，应为本年制发件数、本年废止件数、"
     "现行有效件数之一（该行未计入统计）"),
    (11, ["行政事业性收费", "本年收费金额（元）", "12000"],
     "表二.csv 第11行：“行政事业性收费”的指标“本年收费金额（元）”无法识别，应为本年收费金额"
     "（单位：万元）之一（该行未计入统计）"),
])
def test_each_table2_error(tmp_path: Path, row_no: int, row: list[object], text: str) -> None:
    rows = table2_rows()
    rows[row_no - 2] = row
    issues = t2_issues(tmp_path, rows)
    assert issues[0] == text
    # The cell that row should have filled is then reported missing (unless it was a value error).
    assert len(issues) in (1, 2)


def test_table2_duplicate_and_missing(tmp_path: Path) -> None:
    rows = table2_rows()
    rows[1] = ["规章", "本年制发件数", 4]
    assert t2_issues(tmp_path, rows) == [
        "表二.csv 第3行：“规章·本年制发件数”与第2行重复（该行未计入统计）",
        "表二.csv：缺少“规章·本年废止件数”一行，该单元格留空",
    ]


def test_table2_short_forms(tmp_path: Path) -> None:
    rows = [[r[0] if r[0] != "行政规范性文件" else "规范性文件", r[1], r[2]] for r in table2_rows()]
    rows[6] = ["行政许可", None, "1,234"]  # a single-measure item needs no 指标
    rows[9] = ["行政事业性收费", "收费金额（万元）", 0.75]
    path = write_csv(tmp_path / "表二.csv", T2_HEADER, rows)
    result = validate_table2(read_table(path, TABLE2))
    assert result.issues == []
    values = {e.address: e.value for e in result.records}
    assert values["t2.licensing.decisions"] == 1234
    assert str(values["t2.fees.amount_wan"]) == "0.75"
