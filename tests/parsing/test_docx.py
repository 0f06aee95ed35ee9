"""Word .docx: paragraphs and tables in body order, merged cells (gridSpan, vMerge) resolved."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from assistant.cells import T3_COLUMNS, T4_COLUMNS, T4_GROUPS, FormatVersion, t3_rows
from assistant.errors import UnreadableInput
from assistant.findings import SectionKey
from assistant.parsing import parse_docx, parse_file
from tests.parsing.forms import SECTION_HEADINGS, Values, consistent_values

V21 = FormatVersion.V2021


def show(value: object) -> str:
    return "" if value is None else str(value)


def add_t2(document: Any, values: Values) -> None:
    table = document.add_table(rows=0, cols=4)

    def row(*cells: str) -> Any:
        out = table.add_row().cells
        for cell, text in zip(out, cells, strict=False):
            cell.text = text
        return out

    def merged_caption(text: str) -> None:
        cells = row(text)
        cells[0].merge(cells[3])

    def wide(label: str, value: str) -> None:
        cells = row(label, value)
        cells[1].merge(cells[3])

    merged_caption("第二十条第（一）项")
    row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    for key, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        row(label, *(show(values[f"t2.{key}.{c}"]) for c in ("issued", "repealed", "in_force")))
    for caption, rows in (("第二十条第（五）项", [("licensing", "行政许可")]),
                          ("第二十条第（六）项", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
        merged_caption(caption)
        wide("信息内容", "本年处理决定数量")
        for key, label in rows:
            wide(label, show(values[f"t2.{key}.decisions"]))
    merged_caption("第二十条第（八）项")
    wide("信息内容", "本年收费金额（单位：万元）")
    wide("行政事业性收费", show(values["t2.fees.amount_wan"]))


def add_t3(document: Any, values: Values) -> None:
    specs = t3_rows(V21)
    table = document.add_table(rows=3 + len(specs), cols=10)
    cell = table.cell
    cell(0, 0).merge(cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    cell(0, 3).merge(cell(0, 9)).text = "申请人情况"
    cell(1, 3).merge(cell(2, 3)).text = "自然人"
    cell(1, 4).merge(cell(1, 8)).text = "法人或其他组织"
    cell(1, 9).merge(cell(2, 9)).text = "总计"
    for i, head in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        cell(2, 4 + i).text = head
    first = {}
    for i, spec in enumerate(specs):
        r = 3 + i
        if not spec.group:
            cell(r, 0).merge(cell(r, 2)).text = spec.label
        elif spec.group.startswith("（"):
            first.setdefault(spec.group, r)
            cell(r, 2).text = spec.label
        else:
            cell(r, 1).merge(cell(r, 2)).text = spec.label
        for j, (col, _) in enumerate(T3_COLUMNS):
            cell(r, 3 + j).text = show(values[f"t3.{spec.key}.{col}"])
    results = [3 + i for i, s in enumerate(specs) if s.group]
    cell(results[0], 0).merge(cell(results[-1], 0)).text = "三、本年度办理结果"
    for group, start in first.items():
        size = sum(1 for s in specs if s.group == group)
        cell(start, 1).merge(cell(start + size - 1, 1)).text = group


def add_t4(document: Any, values: Values) -> None:
    table = document.add_table(rows=4, cols=15)
    cell = table.cell
    cell(0, 0).merge(cell(0, 4)).text = "行政复议"
    cell(0, 5).merge(cell(0, 14)).text = "行政诉讼"
    for j, (_, label) in enumerate(T4_COLUMNS):
        cell(1, j).merge(cell(2, j)).text = label
        cell(2, 5 + j).text = label
        cell(2, 10 + j).text = label
    cell(1, 5).merge(cell(1, 9)).text = "未经复议直接起诉"
    cell(1, 10).merge(cell(1, 14)).text = "复议后起诉"
    for j, (group, col) in enumerate((g, c) for g, _ in T4_GROUPS for c, _ in T4_COLUMNS):
        cell(3, j).text = show(values[f"t4.{group}.{col}"])


def build(values: Values, *, nested: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("某某县交通运输局")
    document.add_paragraph("2022年政府信息公开工作年度报告")
    document.add_paragraph("根据《中华人民共和国政府信息公开条例》，本报告统计期限为2022年1月1日至"
                           "2022年12月31日。")
    target = document
    if nested:
        layout = document.add_table(rows=1, cols=1)
        target = layout.cell(0, 0)
    target.add_paragraph(SECTION_HEADINGS[0])
    target.add_paragraph("2022年，本局认真落实政务公开。")
    target.add_paragraph(SECTION_HEADINGS[1])
    add_t2(target, values)
    target.add_paragraph(SECTION_HEADINGS[2])
    add_t3(target, values)
    target.add_paragraph(SECTION_HEADINGS[3])
    add_t4(target, values)
    target.add_paragraph(SECTION_HEADINGS[4])
    target.add_paragraph("存在的主要问题是解读形式单一。")
    target.add_paragraph(SECTION_HEADINGS[5])
    target.add_paragraph("本年度未收取信息处理费。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_docx_reads_every_cell(seed: int, tmp_path: Path) -> None:
    values = consistent_values(random.Random(seed), V21)
    path = tmp_path / "年报.docx"
    path.write_bytes(build(values))
    report = parse_file(path)
    assert report.version is V21
    assert report.cells == values
    assert report.parse_findings == []
    assert report.meta.agency == "某某县交通运输局"
    assert report.meta.title == "某某县交通运输局2022年政府信息公开工作年度报告"
    assert report.meta.year == 2022
    assert report.meta.source == str(path)
    assert [s.heading for s in report.sections][1:] == list(SECTION_HEADINGS)
    assert report.text(SectionKey.PROBLEMS) == "存在的主要问题是解读形式单一。"
    assert report.text(SectionKey.APPLICATIONS) == ""
    assert "某某县交通运输局" not in report.text(SectionKey.PREFACE)


def test_blank_cells_in_docx() -> None:
    values = consistent_values(random.Random(3), V21)
    for address in ("t3.new.research", "t3.other_2.legal", "t4.suit_direct.other"):
        values[address] = None
    report = parse_docx(build(values), source="空格.docx")
    assert report.cells == values
    assert report.raw_cells == {"t3.new.research": "", "t3.other_2.legal": "",
                                "t4.suit_direct.other": ""}


def test_tables_nested_in_a_layout_table() -> None:
    values = consistent_values(random.Random(4), V21)
    report = parse_docx(build(values, nested=True))
    assert report.cells == values
    assert [s.key for s in report.sections][-1] is SectionKey.OTHER


def test_content_controls_are_read(tmp_path: Path) -> None:
    data = build(consistent_values(random.Random(5), V21))
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode("utf-8")
    body_start = xml.index("<w:body>") + len("<w:body>")
    sect = xml.index("<w:sectPr")
    xml = (xml[:body_start] + "<w:sdt><w:sdtContent>" + xml[body_start:sect]
           + "</w:sdtContent></w:sdt>" + xml[sect:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = xml.encode("utf-8") if item.filename == "word/document.xml" else \
                source.read(item)
            target.writestr(item, body)
    report = parse_docx(out.getvalue())
    assert report.cells["t3.new.total"] is not None
    assert len(report.sections) == 7


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, body in files.items():
            target.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("data", [
    b"PK\x03\x04 not really a zip",
    b"",
    b"plain text in a .docx",
    _zip({"other.xml": b"<a/>"}),
    _zip({"word/document.xml": b"<w:document><w:body><w:p>"}),
    _zip({"word/document.xml": b'<?xml version="1.0"?><x/>'}),
])
def test_damaged_docx_is_unreadable_and_names_the_file(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "坏文档.docx"
    path.write_bytes(data)
    with pytest.raises(UnreadableInput, match=r"坏文档\.docx"):
        parse_file(path)


def test_truncated_docx_is_unreadable(tmp_path: Path) -> None:
    data = build(consistent_values(random.Random(6), V21))
    path = tmp_path / "截断.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableInput, match=r"截断\.docx"):
        parse_file(path)
