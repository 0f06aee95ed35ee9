"""`nianbao ingest`, `nianbao search`, `nianbao cite`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from tests.retrieval.conftest import SAMPLES


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    monkeypatch.delenv("NIANBAO_CHROMA_HOST", raising=False)
    monkeypatch.delenv("NIANBAO_CHROMA_PORT", raising=False)
    return folder


def test_search_builds_the_index_on_first_use(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "年度报告应当在什么时间之前公布", "--k", "3"]) == 0
    captured = capsys.readouterr()
    assert "正在为法规语料建立索引" in captured.err
    assert captured.out.count("id：reg-") == 3 and "得分" in captured.out and "二、报告方式及时间" in captured.out
    assert main(["search", "《条例》第四十九条", "--k", "1"]) == 0
    captured = capsys.readouterr()
    assert "正在为法规语料建立索引" not in captured.err  # built once
    assert "tiaoli-2019.a49" in captured.out and "引用精确匹配" in captured.out


def test_ingest_then_search_reports_as_json(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "pingtan-zone-2021.txt", inbox)
    shutil.copy(SAMPLES / "pingtan-zone-2022.txt", inbox)
    assert main(["ingest", str(inbox), "--agency", "平潭综合实验区"]) == 0
    out = capsys.readouterr().out
    assert "新收录 2 份" in out
    assert main(["ingest", str(inbox)]) == 0
    assert "未变跳过 2 份" in capsys.readouterr().out
    code = main([
        "search", "政策解读形式单一", "--k", "2", "--year", "2022", "--section", "problems", "--format", "json",
    ])
    assert code == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["metadata"]["year"] == 2022 and h["metadata"]["section"] == "problems" for h in hits)
    assert "政策解读形式单一" in hits[0]["text"]
    assert {"id", "score", "text", "ref", "ranks"} <= set(hits[0])
    assert main(["search", "答复期限", "--law", "条例", "--format", "json"]) == 0
    assert all(h["metadata"]["law"] == "tiaoli-2019" for h in json.loads(capsys.readouterr().out))


def test_ingest_reports_failures(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "missing.txt")]) == 1
    assert "找不到文件" in capsys.readouterr().out


def test_cite_text_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "根据《条例》第五十八条规定公布年报。", "--year", "2022"]) == 1
    out = capsys.readouterr().out
    assert "cite.article_missing" in out and "第1行第7列" in out
    assert main(["cite", "根据《条例》第四十九条规定公布年报。", "--year", "2022"]) == 0
    assert "错误 0 处" in capsys.readouterr().out


def test_cite_a_report_file_uses_its_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    text = (SAMPLES / "pingtan-zone-2022.txt").read_text(encoding="utf-8")
    report.write_text(text.replace("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号"), encoding="utf-8")
    assert main(["cite", str(report), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["year"] == 2022 and result["errors"] == 1
    wrong = [c for c in result["checks"] if c["finding"]]
    assert wrong[0]["finding"]["code"] == "cite.superseded" and wrong[0]["section"] == "preface"
    assert main(["cite", str(SAMPLES / "shuyang-fgj-2023.html")]) == 0


def test_cite_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("依据国令第711号开展工作。"))
    assert main(["cite", "-", "--year", "2023"]) == 1
    assert "国务院令第711号" in capsys.readouterr().out
