"""`nianbao check` counts the report's citations apart in its summary: verified, wrong, not verifiable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))


def test_the_summary_counts_citations_by_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    seed = SAMPLES / "jinghe-gongyeyuanqu-2021.txt"
    main(["check", str(seed)])
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("引用核对："))
    assert "处已核对、0 处有误、1 处无法核对（法规库中没有《新疆维吾尔自治区实施<政府信息公开条例>办法》）" in line
    assert f"nianbao cite {seed}" in line
    main(["check", str(seed), "--format", "json"])
    cited = json.loads(capsys.readouterr().out)["citations"]
    assert cited["wrong"] == 0 and cited["unverifiable"] == 1
    assert cited["total"] == cited["verified"] + cited["wrong"] + cited["unverifiable"]
    assert cited["missing"] == ["《新疆维吾尔自治区实施<政府信息公开条例>办法》"]
    main(["check", str(seed), "--scope", "tables"])
    assert "引用核对" not in capsys.readouterr().out


def test_a_wrong_citation_is_counted_in_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (SAMPLES / "pingtan-zone-2022.txt").read_text(encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(text.replace("国办公开办函〔2021〕30号", "国办公开办函〔2021〕31号"), encoding="utf-8")
    code = main(["check", str(report), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    cited = document["citations"]
    assert cited["wrong"] == 1 and "1 处有误" in cited["summary"]
    assert not any(f["severity"] == "error" for f in document["findings"])
    assert code == 1  # a wrong citation fails the check, as it fails `nianbao cite`
    assert main(["check", str(report), "--scope", "tables"]) == 0  # the tables alone are right
