""".doc, .wps, .rtf and .odt through LibreOffice: the same cells as the original, and a clear
message when the file is damaged, LibreOffice is missing or the conversion hangs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.errors import UnreadableInput
from assistant.export import ExportFormat, export_report
from assistant.parsing import office as office_module
from assistant.parsing import parse_file
from assistant.parsing.office import OLE2_MAGIC, convert_to_docx, office_kind
from assistant.report import Report

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLE = SAMPLES / "pingtan-zone-2022.txt"


@pytest.fixture(scope="module")
def original() -> Report:
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, original: Report) -> dict[str, Path]:
    """The sample as .doc, .rtf and .odt, made by LibreOffice from our .docx export."""
    folder = tmp_path_factory.mktemp("office")
    docx = export_report(original, folder / "平潭2022.docx", ExportFormat.DOCX)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is a test dependency (scripts/system-deps.sh)"
    profile = tmp_path_factory.mktemp("lo-profile")
    for fmt in ("doc", "rtf", "odt"):
        subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(folder), str(docx)],
                       check=True, capture_output=True, timeout=300)
    return {p.suffix: p for p in folder.iterdir()}


@pytest.mark.parametrize("suffix", [".rtf", ".odt"])
def test_rtf_and_odt_read_the_same_cells(suffix: str, made: dict[str, Path], original: Report) -> None:
    back = parse_file(made[suffix])
    assert back.cells == original.cells
    assert [s.key for s in back.sections] == [s.key for s in original.sections]
    assert back.meta.agency == original.meta.agency and back.meta.year == original.meta.year


def test_wps_file_reads_the_same_cells(made: dict[str, Path], original: Report, tmp_path: Path) -> None:
    """WPS 文字's .wps is the Word 97–2003 format under another name."""
    wps = tmp_path / "平潭2022.wps"
    shutil.copy(made[".doc"], wps)
    assert parse_file(wps).cells == original.cells


def test_content_decides_not_the_name(made: dict[str, Path], original: Report, tmp_path: Path) -> None:
    named_docx = tmp_path / "其实是doc.docx"
    shutil.copy(made[".doc"], named_docx)
    assert parse_file(named_docx).cells == original.cells
    # a web page saved as .doc (common on government sites) is read as HTML, without LibreOffice
    page = tmp_path / "网页.doc"
    shutil.copy(SAMPLES / "shuyang-fgj-2023.html", page)
    assert parse_file(page).meta.agency == parse_file(SAMPLES / "shuyang-fgj-2023.html").meta.agency


def test_kinds() -> None:
    assert office_kind(OLE2_MAGIC + b"\0" * 100, ".wps") == ".wps"
    assert office_kind(OLE2_MAGIC + b"\0" * 100, ".doc") == ".doc"
    assert office_kind(OLE2_MAGIC + b"\0" * 100, "") == ".doc"
    assert office_kind(b"{\\rtf1\\ansi hello}", ".txt") == ".rtf"
    assert office_kind(b"plain text", ".doc") is None


def test_broken_doc_gives_the_conversion_message(made: dict[str, Path], tmp_path: Path) -> None:
    truncated = tmp_path / "损坏的报告.doc"
    truncated.write_bytes(made[".doc"].read_bytes()[:20_000])
    with pytest.raises(UnreadableInput) as info:
        parse_file(truncated)
    message = str(info.value)
    assert "损坏的报告.doc" in message and "LibreOffice" in message and "转换" in message
    assert "另存为 .docx" in message

    garbage = tmp_path / "乱码.wps"
    garbage.write_bytes(OLE2_MAGIC + bytes(range(256)) * 20)
    with pytest.raises(UnreadableInput, match=r"乱码\.wps.*LibreOffice.*转换"):
        parse_file(garbage)

    rtf = tmp_path / "坏.rtf"
    rtf.write_bytes(b"{\\rtf1 unfinished")
    with pytest.raises(UnreadableInput, match=r"坏\.rtf"):
        parse_file(rtf)


def test_missing_libreoffice_is_said_clearly(monkeypatch: pytest.MonkeyPatch, made: dict[str, Path]) -> None:
    monkeypatch.setattr(office_module, "find_office", lambda: None)
    with pytest.raises(UnreadableInput) as info:
        parse_file(made[".doc"])
    message = str(info.value)
    assert made[".doc"].name in message and "LibreOffice" in message
    assert "libreoffice-writer-nogui" in message and ".docx" in message


def test_conversion_timeout_is_said_clearly(made: dict[str, Path]) -> None:
    with pytest.raises(UnreadableInput, match=r"超过 0 秒仍未完成"):
        convert_to_docx(made[".doc"].read_bytes(), name="慢.doc", kind=".doc", timeout_s=0.01)
