"""PDF through LibreOffice and PNG through pdftoppm: real programs, installed by the test setup
(scripts/system-deps.sh). These tests fail, not skip, when the programs are missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.cells import FormatVersion, t3_rows
from assistant.export import ExportFormat, export_report
from assistant.export.layout import T3_BALANCE_NOTE
from assistant.export.pdf import docx_to_pdf, find_office
from assistant.report import Report
from tests.export.conftest import make_report

SETUP = "请先运行 scripts/system-deps.sh（make test 会自动运行）"


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"缺少 {name}；{SETUP}"
    return found


def _pages(pdf: Path) -> list[str]:
    """The text layer of each page, whitespace removed."""
    text = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def test_programs_are_installed() -> None:
    assert find_office(), f"缺少 LibreOffice（soffice）；{SETUP}"
    for name in ("pdftoppm", "pdftotext", "pdfinfo", "pdffonts"):
        _tool(name)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path, Path]:
    """A generated 2021 report exported to .docx, then converted to PDF by LibreOffice."""
    report = make_report(1)
    folder = tmp_path_factory.mktemp("pdf")
    docx = export_report(report, folder / "年报 “终稿” (1).docx")
    pdf = folder / "年报 “终稿” (1).pdf"
    pdf.write_bytes(docx_to_pdf(docx.read_bytes()))
    return report, docx, pdf


def test_docx_converts_to_pdf_with_the_tables_in_the_text_layer(
        converted: tuple[Report, Path, Path]) -> None:
    report, _, pdf = converted
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = _pages(pdf)
    assert re.search(r"Pages:\s+4\b", info), info
    assert len(pages) == 4
    assert pages[0].startswith(re.sub(r"\s+", "", report.meta.title))
    whole = "".join(pages)
    for label in ("第二十条第（一）项", "行政规范性文件", "本年收费金额（单位：万元）", "行政事业性收费",
                  "未经复议直接起诉", "复议后起诉", "尚未审结"):
        assert label in whole, label
    # 表三 is whole on one page: its 勾稽 note, every row label and its numbers.
    t3_page = next(p for p in pages if "本年度办理结果" in p)
    assert re.sub(r"\s+", "", T3_BALANCE_NOTE) in t3_page
    for row in t3_rows(FormatVersion.V2021):
        assert row.label in t3_page, row.label
    assert str(report.cells["t3.new.total"]) in t3_page


def test_pdf_embeds_noto_cjk_not_a_fallback_without_chinese(
        converted: tuple[Report, Path, Path]) -> None:
    _, _, pdf = converted
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts
    assert "DejaVu" not in fonts, fonts


def test_pdf_pages_render_to_png(converted: tuple[Report, Path, Path], tmp_path: Path) -> None:
    _, _, pdf = converted
    prefix = tmp_path / "page"
    subprocess.run([_tool("pdftoppm"), "-r", "50", "-png", str(pdf), str(prefix)], check=True,
                   capture_output=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 4
    for png in pngs:
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000


def test_export_pdf_directly_to_an_odd_file_name(tmp_path: Path) -> None:
    report = make_report(2, FormatVersion.V2019)
    out = export_report(report, tmp_path / "2020年 报告 'draft' 第1版.pdf", ExportFormat.PDF)
    assert out.read_bytes().startswith(b"%PDF-")
    pages = _pages(out)
    assert any("（六）其他处理" in p for p in pages)
    assert any("政府集中采购" in p for p in pages)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
