"""`nianbao parse`, `check` and `audit` end to end, on the real samples."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.report import Report
from testdata.synth import render_text, synthetic_series

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_seed_as_json(capsys: Capture, seed_report_path: Path) -> None:
    code, out, _ = run(capsys, "parse", str(seed_report_path), "--format", "json")
    assert code == 0
    report = Report.from_json(out)
    assert report.meta.year == 2021
    assert report.cells["t3.new.total"] == 0
    assert report.cells["t4.suit_after_review.total"] == 0
    assert json.loads(out)["cells"]["t2.fees.amount_wan"] == 0


def test_parse_text_summary(capsys: Capture, samples_dir: Path) -> None:
    code, out, _ = run(capsys, "parse", str(samples_dir / "shuyang-fgj-2023.html"), "--format", "text")
    assert code == 0
    assert "年度：2023" in out
    assert "格式：2021年版" in out


def test_check_seed_reports_typo_and_fee_sentence_and_no_error(capsys: Capture,
                                                              seed_report_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(seed_report_path), "--format", "json")
    doc = json.loads(out)
    assert code == 0, doc
    assert doc["errors"] == 0
    messages = " ".join(f["message"] for f in doc["findings"])
    assert "园区区" in messages
    assert "信息处理费" in messages


def test_check_text_output_names_findings(capsys: Capture, seed_report_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(seed_report_path))
    assert code == 0
    assert "[警告]" in out and "园区区" in out


def test_check_finds_pingtan_2020_total_mismatch(capsys: Capture, samples_dir: Path) -> None:
    code, out, _ = run(capsys, "check", str(samples_dir / "pingtan-zone-2020.txt"), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    cells = {f["cell"] for f in doc["findings"] if f["severity"] == "error"}
    assert "t3.handled_total.natural" in cells
    assert "t3.handled_total.total" in cells


def test_check_cross_year_carry_over(capsys: Capture, samples_dir: Path, tmp_path: Path) -> None:
    this_year = samples_dir / "pingtan-zone-2022.txt"
    code, out, _ = run(capsys, "check", str(this_year), "--previous",
                       str(samples_dir / "pingtan-zone-2021.txt"), "--format", "json", "--scope", "tables")
    assert code == 0, out
    # Last year's 结转下年度 changed from 1 to 3: this year's 上年结转 (1) no longer matches.
    previous = Report.from_json(_parse_json(capsys, samples_dir / "pingtan-zone-2021.txt"))
    previous.set_cell("t3.carried_out.natural", 3)
    previous.set_cell("t3.carried_out.total", 3)
    previous.set_cell("t3.handled_total.natural", 61)
    previous.set_cell("t3.handled_total.total", 67)
    previous.set_cell("t3.public.natural", 25)
    previous.set_cell("t3.public.total", 28)
    last = tmp_path / "last.json"
    last.write_text(previous.to_json(), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(this_year), "--previous", str(last), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    carry = [f for f in doc["findings"] if f["code"].startswith("xyear.") and f["severity"] == "error"]
    assert {f["cell"] for f in carry} >= {"t3.carried_in.natural", "t3.carried_in.total"}
    natural = next(f for f in carry if f["cell"] == "t3.carried_in.natural")
    assert natural["expected"] == "3" and natural["actual"] == "1"


def _parse_json(capsys: Capture, path: Path) -> str:
    code, out, _ = run(capsys, "parse", str(path))
    assert code == 0
    return out


def test_check_missing_file_exits_2(capsys: Capture, tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "没有这个文件.txt"))
    assert code == 2
    assert "没有这个文件.txt" in err


def test_audit_samples_folder(capsys: Capture, samples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(samples_dir, folder, ignore=shutil.ignore_patterns("README.md"))
    (folder / "broken").mkdir()
    (folder / "broken" / "坏.docx").write_bytes(b"not a zip")
    out_dir = tmp_path / "out"
    code, _out, err = run(capsys, "audit", str(folder), "-o", str(out_dir), "--jobs", "2")
    assert code == 1  # pingtan 2020 has errors, one file is unreadable
    assert "解析" in err and "核对" in err  # progress was shown
    rows = list(csv.DictReader((out_dir / "audit.csv").read_text("utf-8-sig").splitlines()))
    by_file = {r["文件"]: r for r in rows}
    assert len(rows) == 8
    assert by_file["broken/坏.docx"]["状态"] == "无法读取"
    assert by_file["hongze-gov-2024.pdf"]["机关"] == "淮安市洪泽区人民政府"  # a PDF is read too
    assert by_file["pingtan-zone-2020.txt"]["状态"] == "有错误"
    # consecutive years of the same agency are paired for the cross-year rules
    assert by_file["pingtan-zone-2022.txt"]["上年报告"] == "pingtan-zone-2021.txt"
    assert by_file["pingtan-zone-2021.txt"]["上年报告"] == "pingtan-zone-2020.txt"
    assert by_file["jinghe-gongyeyuanqu-2021.txt"]["错误数"] == "0"
    index = (out_dir / "index.html").read_text("utf-8")
    assert "pingtan-zone-2020.txt" in index and "details/" in index
    details = sorted((out_dir / "details").glob("*.html"))
    assert len(details) == 8
    assert "<script" not in index


def test_audit_synthetic_reports_are_clean_and_paired(capsys: Capture, tmp_path: Path) -> None:
    """Generated consistent series: no errors, every later year paired with the one before."""
    rng = random.Random(7)
    folder = tmp_path / "county"
    for agency in ("临川县教育局", "临川县民政局", "临川县水利局"):
        for report in synthetic_series(rng, agency=agency, years=range(2021, 2024)):
            sub = folder / agency
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{report.meta.year}.txt").write_text(render_text(report, "rows"), encoding="utf-8")
    code, _out, _ = run(capsys, "audit", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1")
    rows = list(csv.DictReader((tmp_path / "out" / "audit.csv").read_text("utf-8-sig").splitlines()))
    assert code == 0, [r for r in rows if r["错误数"] != "0"]
    assert len(rows) == 9
    assert sum(1 for r in rows if r["上年报告"]) == 6
    assert all(r["状态"] in ("通过", "仅有警告") for r in rows)
