"""Each format, read back with an independent reader: structure of the form, values, text."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from decimal import Decimal

from docx import Document
from docx.oxml.ns import qn
from lxml import html as lxml_html
from openpyxl import load_workbook

from assistant.cells import FormatVersion, cell_specs
from assistant.export import ExportFormat, render
from assistant.export.document import printed_report
from assistant.export.fonts import FontSettings
from assistant.export.layout import format_value, table_layouts
from assistant.findings import SectionKey
from assistant.report import Report
from tests.export.readers import (
    docx_paragraphs,
    docx_tables,
    expected_cells,
    html_tables,
    markdown_sections,
    markdown_values,
    xlsx_tables,
)

SEEDS = (1, 2, 3)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _values(report: Report) -> dict[str, str]:
    return {a: format_value(v) for a, v in report.cells.items()}


def _cases(factory: Callable[..., Report]) -> list[Report]:
    return [factory(seed, version) for seed in SEEDS for version in FormatVersion]


# --- docx -------------------------------------------------------------------------------


def test_docx_tables_are_the_form(report_factory: Callable[..., Report]) -> None:
    for report in _cases(report_factory):
        tables = docx_tables(render(report, ExportFormat.DOCX))
        layouts = table_layouts(report.version)
        assert len(tables) == len(layouts)
        for got, layout in zip(tables, layouts, strict=True):
            assert got == expected_cells(layout, _values(report)), layout.key


def test_docx_text_sections_in_order(report_2021: Report) -> None:
    paragraphs = docx_paragraphs(render(report_2021, ExportFormat.DOCX))
    texts = [t for _, t in paragraphs if t.strip()]
    assert texts[0] == "青溪市自然资源局\n2020年政府信息公开工作年度报告"  # broken at the year
    expected = []
    for section in report_2021.sections:
        if section.heading:
            expected.append(section.heading)
        expected += [line.strip() for line in section.text.splitlines() if line.strip()]
    assert texts[1:] == expected
    styles = {t: s for s, t in paragraphs}
    assert styles[texts[0]] == "Title"
    assert styles["一、总体情况"] == "Heading 1"
    assert styles["（一）主动公开"] == "Nianbao Subheading"


def test_docx_page_and_fonts(report_2021: Report) -> None:
    fonts = FontSettings(body="仿宋", heading="方正黑体_GBK")
    doc = Document(io.BytesIO(render(report_2021, ExportFormat.DOCX, fonts=fonts)))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert (round(sec.top_margin.mm), round(sec.left_margin.mm)) == (37, 28)
    normal = doc.styles["Normal"]
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋"
    assert normal.font.size.pt == 16
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    heading = doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "方正黑体_GBK"
    assert heading.get(qn("w:asciiTheme")) is None
    title = doc.styles["Title"].element.rPr.find(qn("w:rFonts"))
    assert title.get(qn("w:eastAsia")) == "方正小标宋简体"
    settings = doc.settings.element.find(qn("w:themeFontLang"))
    assert settings.get(qn("w:eastAsia")) == "zh-CN"
    # The font table names a Noto CJK SC family as the alternative of each agency font.
    font_table = next(r.target_part for r in doc.part.rels.values()
                      if r.reltype.endswith("/fontTable")).blob.decode("utf-8")
    assert 'w:name="仿宋"' in font_table and "Noto Serif CJK SC" in font_table
    assert 'w:name="方正黑体_GBK"' in font_table and "Noto Sans CJK SC" in font_table
    assert "PAGE" in doc.sections[0].footer._element.xml


def test_docx_numbers_centred_labels_verbatim(report_2021: Report) -> None:
    doc = Document(io.BytesIO(render(report_2021, ExportFormat.DOCX)))
    t3 = doc.tables[1]
    row = t3.rows[7]  # （三）不予公开 1.属于国家秘密
    texts = [c.text for c in row.cells]
    assert texts[:3] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    value = row.cells[3].paragraphs[0]
    assert value.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
    assert texts[3] == str(report_2021.cells["t3.withheld_1.natural"])


# --- HTML -------------------------------------------------------------------------------


def test_html_tables_are_the_form(report_factory: Callable[..., Report]) -> None:
    for report in _cases(report_factory):
        tables = html_tables(render(report, ExportFormat.HTML))
        for got, layout in zip(tables, table_layouts(report.version), strict=True):
            assert got == expected_cells(layout, _values(report)), layout.key


def test_html_is_self_contained_semantic_and_escaped(report_2021: Report) -> None:
    data = render(report_2021, ExportFormat.HTML)
    page = data.decode("utf-8")
    root = lxml_html.fromstring(data)
    assert root.get("lang") == "zh-CN"
    assert not root.xpath("//script") and "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert not root.xpath("//link | //img | //iframe | //@src | //@href")
    assert not re.search(r"url\(|@import|https?://", page.split("</style>")[0])
    assert root.xpath("//h1/text()") == ["青溪市自然资源局", "2020年政府信息公开工作年度报告"]
    assert root.xpath("//title/text()") == [report_2021.meta.title]
    for table in root.xpath("//table"):
        assert table.xpath("./thead/tr"), table.get("class")
        assert table.xpath("./tbody/tr")
    assert root.xpath("//td[@data-cell='t3.new.total']/text()") == [
        str(report_2021.cells["t3.new.total"])]
    assert "@page" in page and "A4" in page
    # The section text comes back whole (escaped and unescaped).
    problems = root.xpath("//section[@id='problems']")[0].text_content()
    assert _norm(report_2021.text(SectionKey.PROBLEMS)) in _norm(problems)


def test_html_uses_the_font_settings(report_2021: Report) -> None:
    fonts = FontSettings(body="华文仿宋")
    page = render(report_2021, ExportFormat.HTML, fonts=fonts).decode("utf-8")
    assert 'font-family: "华文仿宋", "Noto Serif CJK SC", serif' in page
    assert '"黑体", "SimHei"' in page and '"Noto Sans CJK SC", sans-serif' in page


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_round_trip(report_factory: Callable[..., Report]) -> None:
    for report in _cases(report_factory):
        text = render(report, ExportFormat.MD).decode("utf-8")
        assert markdown_values(text, report.version) == _values(report)
        got = markdown_sections(text)
        expected = [("", _norm(report.sections[0].text))]
        expected += [(s.heading, _norm(s.text)) for s in report.sections[1:]]
        assert got == expected
        assert text.startswith(f"# {report.meta.title}\n")


def test_markdown_escapes_markup(report_2021: Report) -> None:
    text = render(report_2021, ExportFormat.MD).decode("utf-8")
    assert "图表\\<图解\\>" in text and "A\\|B" in text and "\\* 制作" in text


# --- xlsx -------------------------------------------------------------------------------


def test_xlsx_tables_are_the_form(report_factory: Callable[..., Report]) -> None:
    for report in _cases(report_factory):
        sheets = xlsx_tables(render(report, ExportFormat.XLSX))
        for layout in table_layouts(report.version):
            assert sheets[layout.name] == expected_cells(layout, _values(report)), layout.key


def test_xlsx_cells_sheet_lists_every_address(report_2019: Report) -> None:
    book = load_workbook(io.BytesIO(render(report_2019, ExportFormat.XLSX)))
    rows = list(book["单元格"].iter_rows(values_only=True))
    assert rows[0] == ("地址", "表", "行", "列", "值")
    by_address = {r[0]: r[4] for r in rows[1:]}
    assert list(by_address) == [s.address for s in cell_specs(FormatVersion.V2019)]
    for address, value in report_2019.cells.items():
        got = by_address[address]
        assert (Decimal(repr(got)) if isinstance(got, float) else got) == value, address


def test_xlsx_keeps_decimal_places(report_2021: Report) -> None:
    report_2021.cells["t2.fees.amount_wan"] = Decimal("12.50")
    sheets = xlsx_tables(render(report_2021, ExportFormat.XLSX))
    assert any(p.text == "12.50" for p in sheets["表二"])


# --- JSON -------------------------------------------------------------------------------


def test_json_round_trip(report_factory: Callable[..., Report]) -> None:
    for report in _cases(report_factory):
        data = render(report, ExportFormat.JSON)
        back = Report.from_json(data)
        assert back.cells == report.cells
        assert back.sections == report.sections
        assert back.meta == report.meta
        assert set(json.loads(data)["cells"]) == {s.address for s in cell_specs(report.version)}


# --- shared behaviour -------------------------------------------------------------------


def test_none_cells_print_empty(report_2021: Report) -> None:
    report_2021.set_cell("t3.new.natural", None)
    report_2021.raw_cells["t3.new.natural"] = "（空）"
    assert printed_report(report_2021).value("t3.new.natural") == ""
    t3 = table_layouts(report_2021.version)[1]
    expected = expected_cells(t3, _values(report_2021))
    assert any(p.text == "" and (p.row, p.col) == (3, 3) for p in expected)
    assert docx_tables(render(report_2021, ExportFormat.DOCX))[1] == expected
    assert html_tables(render(report_2021, ExportFormat.HTML))[1] == expected
    assert xlsx_tables(render(report_2021, ExportFormat.XLSX))["表三"] == expected
    text = render(report_2021, ExportFormat.MD).decode("utf-8")
    assert markdown_values(text, report_2021.version)["t3.new.natural"] == ""
    assert "（空）" not in text


def test_report_without_preface_and_with_blank_text(report_factory: Callable[..., Report]) -> None:
    report = report_factory(4, with_preface=False)
    for section in report.sections:
        section.text = ""
    paragraphs = [t for _, t in docx_paragraphs(render(report, ExportFormat.DOCX)) if t]
    assert [_norm(paragraphs[0]), *paragraphs[1:]] == [report.meta.title,
                                                       *(s.heading for s in report.sections)]


def test_blank_report_title_from_meta() -> None:
    report = Report.blank(agency="精河工业园区管理委员会", year=2021)
    page = render(report, ExportFormat.HTML).decode("utf-8")
    assert "<h1>精河工业园区管理委员会<br>2021年政府信息公开工作年度报告</h1>" in page
    assert page.count('<td data-cell="t3.') == 7 * 25
