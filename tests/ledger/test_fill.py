"""Files in, report and provenance out: both file types, three encodings, errors kept."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import UnreadableInput
from assistant.ledger.compute import Source
from assistant.ledger.fill import fill, load_previous, write_outputs
from assistant.ledger.provenance import Provenance, path_for
from assistant.report import Report
from tests.ledger.sheets import (
    APP_HEADER,
    CASE_HEADER,
    T2_HEADER,
    table2_rows,
    write_csv,
    write_xlsx,
)

APPS = [
    ("2024-001", "2024-01-05", "自然人", "2024/1/20", "予以公开", None),
    ("2024-002", "2024年2月1日", "商业企业", "2024-02-10", "（二）部分公开", "区分处理"),
    ("2024-003", "2024-12-31", "法律服务机构", None, None, None),
    ("2023-050", "2023-12-20", "自然人", "2024-01-04", "不予公开-属于国家秘密", None),
    ("2023-051", "2023-11-02", "科研机构", None, None, "跨年"),
    ("2022-009", "2022-12-15", "社会公益组织", "2025-01-05", "（四）无法提供 1.本机关不掌握相关政府信息",
     None),
    ("2025-001", "2025-01-02", "自然人", None, None, None),
    ("2023-001", "2023-03-01", "其他", "2023-03-05", "予以公开", None),
]
CASES = [
    ("F1", "行政复议", "2024-03-01", "维持", "2024-05-01"),
    ("F2", "行政复议", "2024-11-01", "纠正", "2025-01-06"),
    ("F3", "未经复议直接起诉", "2024-04-01", None, None),
    ("F4", "复议后起诉", "2024-06-01", "其他", "2024-09-30"),
]

EXPECTED = {
    "t3.new.natural": 1, "t3.new.commercial": 1, "t3.new.legal": 1, "t3.new.total": 3,
    "t3.carried_in.natural": 1, "t3.carried_in.research": 1, "t3.carried_in.nonprofit": 1,
    "t3.carried_in.total": 3,
    "t3.public.natural": 1, "t3.public.total": 1, "t3.partial.commercial": 1,
    "t3.partial.total": 1, "t3.withheld_1.natural": 1, "t3.withheld_1.total": 1,
    "t3.handled_total.natural": 2, "t3.handled_total.commercial": 1, "t3.handled_total.total": 3,
    "t3.carried_out.legal": 1, "t3.carried_out.research": 1, "t3.carried_out.nonprofit": 1,
    "t3.carried_out.total": 3,
    "t4.review.upheld": 1, "t4.review.pending": 1, "t4.review.total": 2,
    "t4.suit_direct.pending": 1, "t4.suit_direct.total": 1,
    "t4.suit_after_review.other": 1, "t4.suit_after_review.total": 1,
    "t2.rules.issued": 2, "t2.normative.in_force": 31, "t2.licensing.decisions": 1520,
}
TODAY = date(2025, 1, 10)


def write_set(folder: Path, kind: str) -> tuple[Path, Path, Path]:
    t2 = table2_rows(rules_issued=2, normative_in_force=31, licensing_decisions=1520,
                     fees_amount_wan="3.5")
    if kind == "xlsx":
        return (write_xlsx(folder / "申请台账.xlsx", APP_HEADER, APPS),
                write_xlsx(folder / "复议诉讼台账.xlsx", CASE_HEADER, CASES),
                write_xlsx(folder / "表二.xlsx", T2_HEADER, t2))
    return (write_csv(folder / "申请台账.csv", APP_HEADER, APPS, encoding=kind),
            write_csv(folder / "复议诉讼台账.csv", CASE_HEADER, CASES, encoding=kind),
            write_csv(folder / "表二.csv", T2_HEADER, t2, encoding=kind))


@pytest.mark.parametrize("kind", ["xlsx", "utf-8", "utf-8-sig", "gb18030"])
def test_same_tables_from_every_file_type_and_encoding(tmp_path: Path, kind: str) -> None:
    apps, cases, t2 = write_set(tmp_path, kind)
    result = fill(apps, 2024, cases=cases, table2=t2, agency="某局", today=TODAY)
    assert result.issues == []
    cells = result.report.cells
    for address, value in EXPECTED.items():
        assert cells[address] == value, address
    nonzero = {a for a, v in cells.items() if v and a != "t2.fees.amount_wan"}
    assert nonzero == set(EXPECTED)
    assert cells["t2.fees.amount_wan"] == Decimal("3.5")
    meta = result.report.meta
    assert (meta.year, meta.agency, meta.format_version.value) == (2024, "某局", "2021")
    assert (meta.period_start, meta.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert result.rows_read == {Source.APPLICATIONS: 8, Source.CASES: 4, Source.TABLE2: 10}
    # Rows 8 (received 2025) and 9 (closed 2023) are not behind any 2024 cell.
    assert sorted(result.provenance.sources[Source.APPLICATIONS].records) == [2, 3, 4, 5, 6, 7]


def test_xlsx_native_dates_and_serials(tmp_path: Path) -> None:
    rows = [(1, datetime(2024, 1, 5), "自然人", 45311, "予以公开", None),
            (2, 45657, "自然人", None, None, None)]  # 45311 = 2024-01-20, 45657 = 2024-12-31
    path = write_xlsx(tmp_path / "a.xlsx", APP_HEADER, rows)
    result = fill(path, 2024, today=TODAY)
    assert result.issues == []
    assert result.report.cells["t3.new.natural"] == 2
    assert result.provenance.sources[Source.APPLICATIONS].records[2] == [
        "1", "2024-01-05", "自然人", "2024-01-20", "（一）予以公开"]


def test_a_ledger_with_errors_still_reports_what_it_could_read(tmp_path: Path) -> None:
    rows = [*APPS, ("X-1", "2024-05-01", "企业", None, None, None),
            ("X-2", "2024-05-02", "自然人", "2024-05-01", "予以公开", None)]
    path = write_csv(tmp_path / "申请台账.csv", APP_HEADER, rows)
    result = fill(path, 2024, today=TODAY)
    assert [i.text for i in result.issues] == [
        "申请台账.csv 第10行：申请人类型“企业”无法识别，是否为“商业企业”？（该行未计入统计）",
        "申请台账.csv 第11行：办结日期 2024-05-01 早于收到日期 2024-05-02（该行未计入统计）",
    ]
    assert result.has_errors
    assert result.report.cells["t3.new.total"] == 3  # the good rows are all there
    assert result.report.cells["t4.review.total"] is None  # no case ledger given


def test_outputs_are_written_side_by_side(tmp_path: Path) -> None:
    apps, cases, t2 = write_set(tmp_path, "utf-8-sig")
    result = fill(apps, 2024, cases=cases, table2=t2, today=TODAY)
    out = tmp_path / "报告.json"
    report_path, provenance_path = write_outputs(result, out)
    assert provenance_path == tmp_path / "报告.provenance.json" == path_for(out)
    report = Report.from_json(report_path.read_bytes())
    assert report.cells == result.report.cells
    provenance = Provenance.for_report(report_path)
    assert provenance.rows_of("t3.new.total") == [("applications", 2), ("applications", 3),
                                                 ("applications", 4)]
    assert provenance.rows_of("t2.rules.issued") == [("table2", 2)]
    assert provenance.sources[Source.TABLE2].records[2] == ["规章", "本年制发件数", "2"]
    raw = json.loads(provenance_path.read_text(encoding="utf-8"))
    assert raw["format"] == "nianbao-ledger-provenance/1"
    assert raw["cells"]["t3.public.natural"] == {"source": "applications", "rows": [2]}
    assert raw["sums"]["t3.public.total"][0] == "t3.public.natural"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_path_for_other_names(tmp_path: Path) -> None:
    assert path_for(tmp_path / "r.out") == tmp_path / "r.out.provenance.json"


# --- last year's report ------------------------------------------------------------------------


def previous_report(carried_out: dict[str, int], year: int = 2023) -> Report:
    report = Report.blank(year=year)
    for col, value in carried_out.items():
        report.set_cell(f"t3.carried_out.{col}", value)
    report.set_cell("t3.carried_out.total", sum(carried_out.values()))
    return report


def test_crosscheck_agrees(tmp_path: Path) -> None:
    apps, _, _ = write_set(tmp_path, "utf-8")
    previous = previous_report({"natural": 1, "research": 1, "nonprofit": 1})
    result = fill(apps, 2024, previous=previous, today=TODAY)
    assert result.crosscheck == [] and result.previous_checked and not result.has_errors


def test_crosscheck_names_column_and_difference(tmp_path: Path) -> None:
    apps, _, _ = write_set(tmp_path, "utf-8")
    previous = previous_report({"natural": 3, "research": 1, "nonprofit": 0})
    result = fill(apps, 2024, previous=previous, previous_name="2023年报告", today=TODAY)
    assert [(f.code, f.cell, f.severity.value, f.message) for f in result.crosscheck] == [
        ("ledger.carried_in_vs_previous", "t3.carried_in.natural", "error",
         "表三“二、上年结转”“自然人”列：台账算得 1 件，2023年报告“四、结转下年度继续办理”为 3 件，少 2 件"),
        ("ledger.carried_in_vs_previous", "t3.carried_in.nonprofit", "error",
         "表三“二、上年结转”“社会公益组织”列：台账算得 1 件，2023年报告“四、结转下年度继续办理”为 0 件，"
         "多 1 件"),
        ("ledger.carried_in_vs_previous", "t3.carried_in.total", "error",
         "表三“二、上年结转”“总计”列：台账算得 3 件，2023年报告“四、结转下年度继续办理”为 4 件，少 1 件"),
    ]
    assert result.has_errors


def test_crosscheck_wrong_year_and_blank_cells(tmp_path: Path) -> None:
    apps, _, _ = write_set(tmp_path, "utf-8")
    previous = previous_report({"natural": 1, "research": 1, "nonprofit": 1}, year=2022)
    previous.set_cell("t3.carried_out.legal", None)
    result = fill(apps, 2024, previous=previous, today=TODAY)
    assert [(f.code, f.severity.value) for f in result.crosscheck] == [
        ("ledger.previous_year", "warning"), ("ledger.carried_in_vs_previous", "warning")]
    assert "2022年度的，不是2023年度" in result.crosscheck[0].message
    assert "“法律服务机构”列无法核对" in result.crosscheck[1].message
    assert not result.has_errors


def test_load_previous_json_and_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "last.json"
    path.write_text(previous_report({"natural": 2}).to_json(), encoding="utf-8")
    assert load_previous(path).cells["t3.carried_out.natural"] == 2
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(UnreadableInput, match="不是有效的报告 JSON"):
        load_previous(path)
    with pytest.raises(UnreadableInput, match="找不到上年报告"):
        load_previous(tmp_path / "none.json")


def test_load_previous_published_text(tmp_path: Path, samples_dir: Path) -> None:
    """A published report goes through the parser (pingtan 2021: 结转下年度 1)."""
    previous = load_previous(samples_dir / "pingtan-zone-2021.txt")
    assert previous.meta.year == 2021
    assert previous.cells["t3.carried_out.total"] == 1
    column = next(c for c in ("natural", "commercial", "research", "nonprofit", "legal",
                              "other_org") if previous.cells[f"t3.carried_out.{c}"] == 1)
    label = {"natural": "自然人", "commercial": "商业企业", "research": "科研机构",
             "nonprofit": "社会公益组织", "legal": "法律服务机构", "other_org": "其他"}[column]
    path = write_csv(tmp_path / "a.csv", APP_HEADER,
                     [("1", "2021-12-20", label, "2022-01-10", "予以公开", None)])
    result = fill(path, 2022, previous=previous, today=TODAY)
    assert result.crosscheck == []
