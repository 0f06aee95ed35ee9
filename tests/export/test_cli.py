"""`nianbao export REPORT --to FMT -o OUT` end to end (reads the report with the parser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.export.layout import format_value, table_layouts
from tests.export.conftest import make_report
from tests.export.readers import docx_tables, expected_cells, html_tables


@pytest.fixture
def report_json(tmp_path: Path) -> Path:
    path = tmp_path / "台账 导出.json"
    path.write_text(make_report(1).to_json(), encoding="utf-8")
    return path


def test_export_docx_from_ledger_json(report_json: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报 终稿.docx"
    assert main(["export", str(report_json), "--to", "docx", "-o", str(out)]) == 0
    assert "已导出 docx" in capsys.readouterr().out
    report = make_report(1)
    values = {a: format_value(v) for a, v in report.cells.items()}
    for got, layout in zip(docx_tables(out.read_bytes()), table_layouts(report.version), strict=True):
        assert got == expected_cells(layout, values)


def test_format_from_extension(report_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    assert main(["export", str(report_json), "-o", str(out)]) == 0
    report = make_report(1)
    values = {a: format_value(v) for a, v in report.cells.items()}
    assert html_tables(out.read_bytes())[1] == expected_cells(table_layouts(report.version)[1], values)


@pytest.mark.parametrize("fmt", ["md", "json", "xlsx", "pdf"])
def test_every_format(fmt: str, report_json: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(report_json), "--to", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_missing_output_folder(report_json: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nope" / "a.docx"
    assert main(["export", str(report_json), "--to", "docx", "-o", str(out)]) == 2
    assert f"输出文件夹不存在：{out.parent}" in capsys.readouterr().err
    assert not out.parent.exists()


def test_missing_report_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "无.json"), "-o", str(tmp_path / "a.md")]) == 2
    assert "找不到报告文件" in capsys.readouterr().err


def test_report_missing_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = make_report(2)
    report.sections = report.sections[:3]
    source = tmp_path / "r.json"
    source.write_text(report.to_json(), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["export", str(source), "-o", str(out)]) == 2
    assert "缺少第三、四、五、六部分" in capsys.readouterr().err
    assert not out.exists()


def test_extension_and_format_disagree(report_json: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(report_json), "--to", "pdf", "-o", str(tmp_path / "a.docx")]) == 2
    assert "与导出格式 pdf 不符" in capsys.readouterr().err
