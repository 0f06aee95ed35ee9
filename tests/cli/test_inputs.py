"""Reports as they arrive — PDF, .doc, scans, empty archived pages — through `parse`, `check`,
`audit` and `rollup`: each readable file is read, and an unreadable one never hides the rest."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from assistant.audit import discover
from assistant.cli import main
from assistant.parsing.office import OLE2_MAGIC
from assistant.rollup import UnitStatus

Capture = pytest.CaptureFixture[str]
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
HONGZE = SAMPLES / "hongze-gov-2024.pdf"
ARCHIVED_PAGE = "<html><head><title>页面已归档</title></head><body><p>该页面已归档。</p></body></html>"


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_pdf(capsys: Capture) -> None:
    code, out, _ = run(capsys, "parse", str(HONGZE), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["meta"]["agency"] == "淮安市洪泽区人民政府"
    assert doc["cells"]["t2.licensing.decisions"] == 9487


def test_parse_image_only_pdf_exits_2_with_the_reason(capsys: Capture, tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "扫描.pdf"
    Image.new("RGB", (600, 800), "white").save(scan, "PDF")
    code, out, err = run(capsys, "parse", str(scan))
    assert code == 2 and out == ""
    assert "扫描.pdf" in err and "没有文字层" in err


@pytest.mark.parametrize("last", ["archived.html", "empty.txt", "scan.pdf", "broken.doc", "missing.txt"])
def test_check_with_an_unreadable_previous_still_checks(capsys: Capture, tmp_path: Path, last: str) -> None:
    previous = tmp_path / last
    if last == "archived.html":
        previous.write_text(ARCHIVED_PAGE, encoding="utf-8")
    elif last == "empty.txt":
        previous.write_bytes(b"")
    elif last == "scan.pdf":
        from PIL import Image

        Image.new("RGB", (600, 800), "white").save(previous, "PDF")
    elif last == "broken.doc":
        previous.write_bytes(OLE2_MAGIC + b"\x00" * 600)
    current = SAMPLES / "pingtan-zone-2020.txt"  # has errors of its own: exit 1
    alone, alone_out, _ = run(capsys, "check", str(current))
    code, out, err = run(capsys, "check", str(current), "--previous", str(previous))
    assert code == alone == 1
    assert out == alone_out  # the current report's findings, all of them
    assert "警告" in err and last in err and "跨年度核对" in err

    code, out, err = run(capsys, "check", str(SAMPLES / "pingtan-zone-2022.txt"), "--previous",
                         str(previous), "--format", "json")
    doc = json.loads(out)
    assert code == (1 if doc["errors"] else 0)
    assert last in doc["previous_unreadable"]


def test_check_pdf_against_last_year(capsys: Capture, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(HONGZE), "--format", "json")
    doc = json.loads(out)
    assert doc["agency"] == "淮安市洪泽区人民政府" and doc["year"] == 2024
    assert code == 1  # 一 says 17 applications, 表三 says 95
    assert {f["code"] for f in doc["findings"] if f["severity"] == "error"} == {"text.received"}


def test_audit_reports_each_unreadable_file_with_its_reason(capsys: Capture, tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "收到的报告"
    folder.mkdir()
    shutil.copy(HONGZE, folder / "洪泽区2024.pdf")
    shutil.copy(SAMPLES / "pingtan-zone-2021.txt", folder / "平潭2021.txt")
    (folder / "归档页.html").write_text(ARCHIVED_PAGE, encoding="utf-8")
    Image.new("RGB", (600, 800), "white").save(folder / "扫描件.pdf", "PDF")
    (folder / "损坏.doc").write_bytes(OLE2_MAGIC + b"\x00" * 600)
    (folder / "空白.wps").write_bytes(b"")
    out_dir = tmp_path / "out"
    code, out, _ = run(capsys, "audit", str(folder), "-o", str(out_dir), "--jobs", "1")
    assert code == 1
    assert "6 份报告（其中 4 份无法读取）" in out
    rows = {r["文件"]: r for r in csv.DictReader((out_dir / "audit.csv").read_text("utf-8-sig").splitlines())}
    assert set(rows) == {"洪泽区2024.pdf", "平潭2021.txt", "归档页.html", "扫描件.pdf", "损坏.doc", "空白.wps"}
    assert rows["洪泽区2024.pdf"]["机关"] == "淮安市洪泽区人民政府"
    assert rows["平潭2021.txt"]["状态"] in ("通过", "仅有警告")
    reasons = {name: rows[name]["无法读取原因"] for name in ("归档页.html", "扫描件.pdf", "损坏.doc", "空白.wps")}
    assert all(rows[name]["状态"] == "无法读取" for name in reasons)
    assert "无法识别为政府信息公开工作年度报告" in reasons["归档页.html"]
    assert "没有文字层" in reasons["扫描件.pdf"]
    assert "LibreOffice" in reasons["损坏.doc"]
    assert "空的" in reasons["空白.wps"]
    pages = [p.read_text("utf-8") for p in sorted((out_dir / "details").glob("*.html"))]
    assert sum("没有文字层" in page for page in pages) == 1
    assert sum("无法读取：" in page for page in pages) == 4


def test_folder_scans_take_every_format(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.doc", "c.wps", "d.rtf", "e.odt", "f.docx", "g.html", "h.txt", "i.json",
                 "j.PDF", "roster.xlsx", "picture.png"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover(tmp_path)] == [
        "a.pdf", "b.doc", "c.wps", "d.rtf", "e.odt", "f.docx", "g.html", "h.txt", "i.json", "j.PDF"]


def test_rollup_reads_a_pdf_unit(capsys: Capture, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    shutil.copy(HONGZE, folder / "洪泽区.pdf")
    roster = tmp_path / "花名册.csv"
    roster.write_text("单位名称,类型,上级\n淮安市洪泽区人民政府,其他,淮安市人民政府\n", encoding="utf-8")
    out = tmp_path / "汇总.json"
    code, _, _ = run(capsys, "rollup", str(folder), "--year", "2024", "--roster", str(roster),
                     "--name", "淮安市人民政府", "--failing", "include", "-o", str(out), "--jobs", "1")
    assert code == 0
    result = json.loads(out.read_text("utf-8"))
    assert [u["status"] for u in result["units"]] == [UnitStatus.FAILING_INCLUDED.value]  # its 17 vs 95
    assert result["report"]["cells"]["t3.new.total"] == 95
