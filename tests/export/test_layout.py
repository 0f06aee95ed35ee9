"""The shared table layout against the national templates (2021 and the 2019 trial)."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.cells import FormatVersion, addresses
from assistant.export.document import title_lines
from assistant.export.layout import (
    T3_BALANCE_NOTE,
    CellRole,
    GridCell,
    format_value,
    placements,
    table_layouts,
)

REGULATIONS = Path(__file__).resolve().parents[2] / "corpus" / "regulations"  # shipped with the repo
TEMPLATES = {
    FormatVersion.V2021: "nianbao-geshi-2021.md",
    FormatVersion.V2019: "nianbao-tongzhi-2019.md",
}


def _template_rows(version: FormatVersion) -> list[list[str]]:
    """The 表三 rows of the transcribed template: the non-empty label cells of each row."""
    text = (_corpus_dir() / TEMPLATES[version]).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if re.match(r"^\| (一、本年|二、上年|三、本年度|四、结转)", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append([c for c in cells if c])
    return rows


def _corpus_dir() -> Path:
    return REGULATIONS


def _labels(version: FormatVersion, key: str) -> list[list[str]]:
    """Each body row's label path, with labels spanning rows repeated (as the template does)."""
    layout = next(t for t in table_layouts(version) if t.key == key)
    grid: dict[tuple[int, int], str] = {}
    for r, c, cell in layout.placed():
        if cell.role is CellRole.STUB:
            for dr in range(cell.rowspan):
                grid[(r + dr, c)] = cell.text
    rows = sorted({r for r, _ in grid})
    return [[grid[(r, c)] for c in range(layout.label_columns) if (r, c) in grid] for r in rows]


@pytest.mark.parametrize("version", list(FormatVersion))
def test_every_address_is_printed_exactly_once(version: FormatVersion) -> None:
    printed = Counter(a for t in table_layouts(version) for a in t.addresses())
    assert set(printed) == set(addresses(version))
    assert all(n == 1 for n in printed.values())


@pytest.mark.parametrize("version", list(FormatVersion))
def test_layouts_fill_their_grid(version: FormatVersion) -> None:
    for layout in table_layouts(version):
        cells = layout.placed()
        area = sum(c.rowspan * c.colspan for _, _, c in cells)
        assert area == layout.columns * layout.row_count, layout.key


@pytest.mark.parametrize("version", list(FormatVersion))
def test_table3_row_labels_are_the_templates_verbatim(version: FormatVersion) -> None:
    assert _labels(version, "t3") == _template_rows(version)


def test_table3_header_is_merged_as_on_the_form() -> None:
    t3 = table_layouts(FormatVersion.V2021)[1]
    head = [(r, c, cell.text, cell.rowspan, cell.colspan)
            for r, c, cell in placements(t3.blocks[0].head, t3.columns)]
    assert head == [
        (0, 0, T3_BALANCE_NOTE, 3, 3),
        (0, 3, "申请人情况", 1, 7),
        (1, 3, "自然人", 2, 1),
        (1, 4, "法人或其他组织", 1, 5),
        (1, 9, "总计", 2, 1),
        (2, 4, "商业企业", 1, 1),
        (2, 5, "科研机构", 1, 1),
        (2, 6, "社会公益组织", 1, 1),
        (2, 7, "法律服务机构", 1, 1),
        (2, 8, "其他", 1, 1),
    ]
    assert T3_BALANCE_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_table4_header_is_merged_as_on_the_form() -> None:
    t4 = table_layouts(FormatVersion.V2021)[2]
    head = placements(t4.blocks[0].head, t4.columns)
    top = [(c, cell.text, cell.rowspan, cell.colspan) for r, c, cell in head if r == 0]
    assert top == [(0, "行政复议", 1, 5), (5, "行政诉讼", 1, 10)]
    second = [(c, cell.text, cell.rowspan, cell.colspan) for r, c, cell in head if r == 1]
    assert second[:5] == [(0, "结果维持", 2, 1), (1, "结果纠正", 2, 1), (2, "其他结果", 2, 1),
                          (3, "尚未审结", 2, 1), (4, "总计", 2, 1)]
    assert second[5:] == [(5, "未经复议直接起诉", 1, 5), (10, "复议后起诉", 1, 5)]
    third = [cell.text for r, _, cell in head if r == 2]
    assert third == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    body = [cell.address for r, _, cell in t4.placed() if r == 3]
    assert body[0] == "t4.review.upheld" and body[-1] == "t4.suit_after_review.total"


def test_table2_2021_blocks_follow_the_template() -> None:
    t2 = table_layouts(FormatVersion.V2021)[0]
    texts = [[c.text or c.address for c in row] for _, row in t2.rows()]
    assert texts == [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force"],
        ["行政规范性文件", "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "t2.licensing.decisions"],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", "t2.penalty.decisions"],
        ["行政强制", "t2.coercion.decisions"],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "t2.fees.amount_wan"],
    ]


def test_table2_2019_has_its_own_rows_and_columns() -> None:
    t2 = table_layouts(FormatVersion.V2019)[0]
    texts = [[c.text or c.address for c in row] for _, row in t2.rows()]
    assert ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"] in texts
    assert ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"] in texts
    assert ["规范性文件", "t2.normative.made", "t2.normative.published",
            "t2.normative.public_total"] in texts
    assert ["政府集中采购", "t2.procurement.items", "t2.procurement.amount_yuan"] in texts
    assert ["第二十条第（九）项"] in texts


def test_2019_table3_has_a_single_other_row() -> None:
    labels = _labels(FormatVersion.V2019, "t3")
    assert ["三、本年度办理结果", "（六）其他处理"] in labels
    assert not any("申请人逾期未按收费通知" in label for row in labels for label in row)


@pytest.mark.parametrize(("value", "printed"), [
    (None, ""), (0, "0"), (17, "17"), (-3, "-3"), (Decimal("12.50"), "12.50"),
    (Decimal("0"), "0"), (Decimal("1E+2"), "100"), (Decimal("0.10"), "0.10"),
])
def test_values_print_as_stored(value: int | Decimal | None, printed: str) -> None:
    assert format_value(value) == printed


def test_placements_refuse_a_malformed_layout() -> None:
    with pytest.raises(ValueError, match="overflows"):
        placements(((GridCell(CellRole.HEADER, "x", colspan=3),),), 2)
    with pytest.raises(ValueError, match="gap"):
        placements(((GridCell(CellRole.HEADER, "x"),),), 2)


@pytest.mark.parametrize(("title", "lines"), [
    ("临川县发展和改革局2023年政府信息公开工作年度报告", ("临川县发展和改革局", "2023年政府信息公开工作年度报告")),
    ("南平镇2020年政府信息公开工作年度报告", ("南平镇2020年政府信息公开工作年度报告",)),
    ("2023年政府信息公开工作年度报告", ("2023年政府信息公开工作年度报告",)),
    ("中华人民共和国某某部某某司某某处政府信息公开工作年度报告（2023年）",
     ("中华人民共和国某某部某某司某某处政府信息公开工作年度报告（2023年）",)),
])
def test_title_breaks_only_between_agency_and_year(title: str, lines: tuple[str, ...]) -> None:
    assert title_lines(title) == lines


@pytest.mark.parametrize("version", list(FormatVersion))
def test_column_widths_fill_the_type_area(version: FormatVersion) -> None:
    for layout in table_layouts(version):
        assert len(layout.widths_mm) == layout.columns
        assert sum(layout.widths_mm) == pytest.approx(156.0)
