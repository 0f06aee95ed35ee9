"""A unit whose file cannot be read is reported with the file and the reason, never as a unit
that sent nothing; unreadable files off the roster are listed with their reasons too."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.rollup import UnitStatus, read_roster, rollup
from testdata.synth import render_text, synthetic_report

YEAR = 2023
GOVERNMENT = "临川县人民政府"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    roster = tmp_path / "花名册.csv"
    roster.write_text("单位名称,类型,上级\n临川县教育局,部门,临川县人民政府\n"
                      "临川县统计局,部门,临川县人民政府\n临川县审计局,部门,临川县人民政府\n",
                      encoding="utf-8")
    rng = random.Random(7)
    report = synthetic_report(rng, agency="临川县教育局", year=YEAR)
    (tmp_path / "教育局.txt").write_text(render_text(report), encoding="utf-8")
    (tmp_path / "临川县统计局.pdf").write_bytes(b"%PDF-1.4\n% broken: no objects, no pages\n")
    (tmp_path / "扫描件.html").write_text("<html><body></body></html>", encoding="utf-8")
    return tmp_path


def test_unreadable_unit_file_carries_its_reason(folder: Path) -> None:
    files = sorted(p for p in folder.iterdir() if p.suffix != ".csv")
    result = rollup(files, read_roster(folder / "花名册.csv"), name=GOVERNMENT, year=YEAR, root=folder)
    status = {u.unit: u for u in result.units}
    assert status["临川县教育局"].status is UnitStatus.INCLUDED
    statistics = status["临川县统计局"]
    assert statistics.status is UnitStatus.UNREADABLE
    assert statistics.file == "临川县统计局.pdf" and statistics.note
    assert status["临川县审计局"].status is UnitStatus.MISSING
    assert result.missing == ["临川县审计局"]
    reasons = {u.file: (u.unit, u.reason) for u in result.unreadable_files}
    assert set(reasons) == {"临川县统计局.pdf", "扫描件.html"}
    assert reasons["临川县统计局.pdf"][0] == "临川县统计局"
    assert reasons["扫描件.html"][0] is None and reasons["扫描件.html"][1]
    assert result.unmatched_files == []
    assert result.facts.units_excluded == 1 and result.facts.units_missing == 1


def test_cli_prints_each_unreadable_file_with_its_reason(folder: Path, tmp_path_factory: pytest.TempPathFactory,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path_factory.mktemp("out") / "汇总.json"
    main(["rollup", str(folder), "--roster", str(folder / "花名册.csv"), "--name", GOVERNMENT,
          "--year", str(YEAR), "--output", str(out)])
    printed = capsys.readouterr().out
    lines = [line for line in printed.splitlines() if line.startswith("无法读取：")]
    assert len(lines) == 2
    assert any("临川县统计局.pdf（临川县统计局）：" in line for line in lines)
    assert "无法读取的文件" in out.with_suffix(".html").read_text(encoding="utf-8")
