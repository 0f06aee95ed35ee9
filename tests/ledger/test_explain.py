"""`explain`: why a cell holds its value, down to the ledger rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.ledger.explain import explain, render, rule_for
from assistant.ledger.fill import fill
from assistant.ledger.provenance import Provenance
from assistant.report import Report
from tests.ledger.sheets import APP_HEADER, write_csv

TODAY = date(2025, 1, 10)
ROWS = [(f"N-{i}", f"2024-0{i}-01", "自然人", f"2024-0{i}-09", "予以公开", None)
        for i in range(1, 6)]
ROWS += [("C-1", "2024-03-01", "商业企业", "2024-03-02", "予以公开", None),
         ("L-1", "2023-12-30", "自然人", None, None, None)]


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Report, Provenance]:
    path = write_csv(tmp_path / "申请台账.csv", APP_HEADER, ROWS)
    result = fill(path, 2024, today=TODAY)
    return result.report, result.provenance


def test_why_is_public_natural_five(filled: tuple[Report, Provenance]) -> None:
    report, provenance = filled
    found = explain(report, provenance, "t3.public.natural")
    assert found.value == 5
    assert [r.row for r in found.rows] == [2, 3, 4, 5, 6]
    assert found.rows[0].values == {"编号": "N-1", "收到日期": "2024-01-01", "申请人类型": "自然人",
                                    "办结日期": "2024-01-09", "办理结果": "（一）予以公开"}
    assert found.rule == "办结日期在2024年内，办理结果为“（一）予以公开”，申请人类型为“自然人”"
    assert found.note is None
    text = render(found)
    assert text.splitlines()[0] == "t3.public.natural：表三“（一）予以公开”行“自然人”列 = 5"
    assert "来自 申请台账.csv 的 5 行：" in text
    assert ("  第2行  编号 N-1  收到日期 2024-01-01  申请人类型 自然人  办结日期 2024-01-09  "
            "办理结果 （一）予以公开") in text


def test_totals_list_their_parts_and_all_rows(filled: tuple[Report, Provenance]) -> None:
    report, provenance = filled
    found = explain(report, provenance, "t3.public.total")
    assert [r.row for r in found.rows] == [2, 3, 4, 5, 6, 7]
    assert ("t3.public.commercial", 1) in found.parts
    assert "合计：t3.public.natural（5） + t3.public.commercial（1）；其余 4 项为 0" in render(found)
    grand = explain(report, provenance, "t3.carried_in.total")
    assert [r.values["编号"] for r in grand.rows] == ["L-1"]


def test_limit_and_zero(filled: tuple[Report, Provenance]) -> None:
    report, provenance = filled
    text = render(explain(report, provenance, "t3.new.total"), limit=2)
    assert "……另有 4 行未显示" in text
    zero = render(explain(report, provenance, "t3.withheld_8.legal"))
    assert "台账中没有符合条件的行。" in zero


def test_missing_tables_and_edited_reports(filled: tuple[Report, Provenance]) -> None:
    report, provenance = filled
    t2 = explain(report, provenance, "t2.fees.amount_wan")
    assert t2.value is None and t2.note == "生成报告时未提供表二台账，该单元格留空"
    t4 = explain(report, provenance, "t4.review.total")
    assert t4.note == "生成报告时未提供复议诉讼台账，该单元格留空"
    report.set_cell("t3.public.natural", 7)
    edited = explain(report, provenance, "t3.public.natural")
    assert edited.note and "报告中的数值为 7，但台账中计入该单元格的是 5 行" in edited.note


def test_bad_address(filled: tuple[Report, Provenance]) -> None:
    report, provenance = filled
    with pytest.raises(NianbaoError, match=r"没有单元格 t3\.public\.nobody"):
        explain(report, provenance, "t3.public.nobody")


@pytest.mark.parametrize(("address", "rule"), [
    ("t3.new.legal", "收到日期在2024年内，申请人类型为“法律服务机构”"),
    ("t3.carried_in.total", "收到日期早于2024年1月1日，且当日尚未办结，各类申请人合计"),
    ("t3.carried_out.natural", "收到日期不晚于2024年12月31日，且当日尚未办结，申请人类型为“自然人”"),
    ("t4.review.upheld", "类型为“行政复议”，收到日期在2024年内，2024年12月31日前结案，结果为“结果维持”"),
    ("t4.suit_direct.pending", "类型为“未经复议直接起诉”，收到日期在2024年内，2024年12月31日时尚未审结"),
    ("t2.rules.issued", "表二台账中“规章·本年制发件数”一行填写的数值"),
])
def test_rules(address: str, rule: str) -> None:
    assert rule_for(address, 2024) == rule
