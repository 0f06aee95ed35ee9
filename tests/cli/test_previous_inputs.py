"""Last year's report in every command that takes it: in `audit` a paired previous report
decides run-together rows as `check --previous` does; an unreadable `--previous` is a warning
and the command still does its work on this year's report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.audit import audit_folder
from assistant.cli import main

Capture = pytest.CaptureFixture[str]
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
ARCHIVED_PAGE = "<html><head><title>页面已归档</title></head><body><p>该页面已归档。</p></body></html>"


def test_audit_lets_the_paired_previous_report_decide_a_run_together_row(tmp_path: Path) -> None:
    """平潭 2022 prints 行政规范性文件 as "8855698" (15 readings); 2021 in the same folder
    leaves one, exactly as `check --previous` reads it."""
    for name in ("pingtan-zone-2021.txt", "pingtan-zone-2022.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    result = audit_folder(tmp_path)
    entry = next(e for e in result.entries if e.path.name == "pingtan-zone-2022.txt")
    assert entry.previous == Path("pingtan-zone-2021.txt")
    codes = [(f.code, f.cell) for f in entry.findings]
    assert ("parse.ambiguous_split", "t2.normative.issued") not in codes
    resolved = [f for f in entry.findings if f.code == "parse.split_resolved" and "行政规范性文件" in f.message]
    assert len(resolved) == 1 and "8855698" in resolved[0].message

    (tmp_path / "pingtan-zone-2021.txt").unlink()
    unpaired = next(e for e in audit_folder(tmp_path).entries if e.path.name == "pingtan-zone-2022.txt")
    assert ("parse.ambiguous_split", "t2.normative.issued") in [(f.code, f.cell) for f in unpaired.findings]


def test_notes_with_an_unreadable_previous_still_writes_the_skeleton(capsys: Capture, tmp_path: Path) -> None:
    last = tmp_path / "2021.html"
    last.write_text(ARCHIVED_PAGE, encoding="utf-8")
    out = tmp_path / "说明.txt"
    code = main(["notes", str(SAMPLES / "pingtan-zone-2022.txt"), "--previous", str(last), "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 0
    assert "警告：上一年度报告" in err and "2021.html" in err and "无法读取" in err
    assert out.read_text(encoding="utf-8").strip()
