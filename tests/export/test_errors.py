"""Bad input gives a clear Chinese message and never leaves a partial file behind."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.export import ExportFormat, export_report, format_for
from assistant.export.fonts import FontSettings
from assistant.export.pdf import APT_PACKAGE, docx_to_pdf
from assistant.findings import SectionKey
from assistant.report import Report

DOCUMENTS = [ExportFormat.DOCX, ExportFormat.HTML, ExportFormat.MD, ExportFormat.PDF]
ODD_NAMES = [
    "年度报告 2023.docx",
    "“终稿” 'v2' (1).html",
    "a b\tc;d&e$f.md",
    "-以短横线开头.xlsx",
    "报告#1%20.json",
]


def _fake_office(folder: Path, body: str) -> Path:
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return bin_dir


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_missing_sections_are_named(fmt: ExportFormat, report_2021: Report, tmp_path: Path) -> None:
    report_2021.sections = [s for s in report_2021.sections
                            if s.key not in (SectionKey.PROBLEMS, SectionKey.OTHER)]
    out = tmp_path / f"out.{fmt.value}"
    with pytest.raises(NianbaoError) as err:
        export_report(report_2021, out)
    message = str(err.value)
    assert "缺少第五、六部分" in message
    assert "五、存在的主要问题及改进情况" in message and "六、其他需要报告的事项" in message
    assert list(tmp_path.iterdir()) == []


def test_tables_and_model_export_without_sections(report_2021: Report, tmp_path: Path) -> None:
    report_2021.sections = []
    assert export_report(report_2021, tmp_path / "t.xlsx").stat().st_size > 0
    assert export_report(report_2021, tmp_path / "t.json").stat().st_size > 0


def test_output_folder_that_does_not_exist(report_2021: Report, tmp_path: Path) -> None:
    out = tmp_path / "没有的文件夹" / "报告.docx"
    with pytest.raises(NianbaoError, match=r"输出文件夹不存在：.*没有的文件夹"):
        export_report(report_2021, out)
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_folder(report_2021: Report, tmp_path: Path) -> None:
    (tmp_path / "x.html").mkdir()
    with pytest.raises(NianbaoError, match="已有的文件夹"):
        export_report(report_2021, tmp_path / "x.html")


def test_output_parent_that_is_a_file(report_2021: Report, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(NianbaoError, match="不是文件夹"):
        export_report(report_2021, tmp_path / "file" / "a.md")


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names_work(name: str, report_2021: Report, tmp_path: Path) -> None:
    out = export_report(report_2021, tmp_path / name)
    assert out.name == name and out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_format_and_extension(tmp_path: Path) -> None:
    assert format_for(tmp_path / "a.HTM") is ExportFormat.HTML
    assert format_for(tmp_path / "a", "docx") is ExportFormat.DOCX
    assert format_for(tmp_path / "a.txt", "md") is ExportFormat.MD
    with pytest.raises(NianbaoError, match=r"扩展名 .html 与导出格式 docx 不符"):
        format_for(tmp_path / "a.html", "docx")
    with pytest.raises(NianbaoError, match=r"无法从文件名“a.txt”判断导出格式"):
        format_for(tmp_path / "a.txt")
    with pytest.raises(NianbaoError, match="不支持的导出格式“odt”"):
        format_for(tmp_path / "a", "odt")


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(
        report_2021: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "报告.html"
    out.write_text("旧版本", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(NianbaoError, match=r"无法写入输出文件.*报告.html"):
        export_report(report_2021, out)
    assert out.read_text(encoding="utf-8") == "旧版本"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.html"]


def test_pdf_without_libreoffice_names_the_package(
        report_2021: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(NianbaoError) as err:
        export_report(report_2021, out_dir / "报告.pdf")
    assert APT_PACKAGE in str(err.value) and "未找到 LibreOffice" in str(err.value)
    assert list(out_dir.iterdir()) == []


def test_pdf_conversion_failure_is_reported(
        report_2021: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(_fake_office(tmp_path, 'echo "Error: source file could not be loaded" >&2\nexit 1')))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(NianbaoError, match=r"未能把.*转换为 PDF（Error: source file could not be loaded）"):
        export_report(report_2021, out_dir / "报告.pdf")
    assert list(out_dir.iterdir()) == []


def test_pdf_conversion_timeout_kills_libreoffice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("PATH", str(_fake_office(tmp_path, f'echo $$ > "{pid_file}"\nexec /bin/sleep 60')))
    started = time.monotonic()
    with pytest.raises(NianbaoError, match="超过 1 秒仍未完成"):
        docx_to_pdf(b"PK", fonts=FontSettings(), timeout_s=1)
    assert time.monotonic() - started < 10
    pid = int(pid_file.read_text(encoding="utf-8"))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_font_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_FONT_BODY", " 仿宋 ")
    monkeypatch.setenv("NIANBAO_FONT_TITLE", "方正小标宋_GBK")
    monkeypatch.setenv("NIANBAO_FONT_HEADING", "")
    fonts = FontSettings.from_env()
    assert (fonts.body, fonts.title, fonts.heading) == ("仿宋", "方正小标宋_GBK", "黑体")
    assert FontSettings.from_env({}) == FontSettings()
    monkeypatch.setenv("NIANBAO_FONT_BODY", 'x"; } body { color: red')
    with pytest.raises(NianbaoError, match="环境变量 NIANBAO_FONT_BODY 的字体名称"):
        FontSettings.from_env()


def test_fallback_pairs() -> None:
    fonts = FontSettings()
    assert dict(fonts.replacements()) == {
        "仿宋_GB2312": "Noto Serif CJK SC",
        "黑体": "Noto Sans CJK SC",
        "楷体_GB2312": "Noto Serif CJK SC",
        "方正小标宋简体": "Noto Serif CJK SC",
        "Times New Roman": "Noto Serif CJK SC",
    }
    assert dict(FontSettings(body="Noto Serif CJK SC").replacements()).get("Noto Serif CJK SC") is None


def test_exported_file_gets_the_usual_mode(report_2021: Report, tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        out = export_report(report_2021, tmp_path / "网站.html")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # readable by the web server
