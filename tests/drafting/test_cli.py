"""`nianbao draft` without a model, and with an endpoint that does not answer."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from assistant.cli import main

NOTES = "问题：政策解读不及时\n措施：建立季度更新机制\n信息处理费：本年度未收取信息处理费\n"


@pytest.fixture(autouse=True)
def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NIANBAO_LLM", "NIANBAO_LLM_BASE_URL", "NIANBAO_LLM_MODEL", "NIANBAO_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_template_draft_is_printed_and_written_as_json(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    out = tmp_path / "draft.json"
    code = main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "五", "--previous",
                 str(samples_dir / "pingtan-zone-2021.txt"), "--notes", str(notes), "-o", str(out), "--facts"])
    assert code == 0
    printed = capsys.readouterr()
    assert "# 事实表：平潭综合实验区2022年" in printed.out
    assert "五、存在的主要问题及改进情况（模板生成文本" in printed.out
    assert "一是政策解读不及时。" in printed.out
    assert "草稿及出处已写入" in printed.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["provenance"]["model"] == "template" and data["section"] == "problems"
    assert data["sentences"] and all("facts" in s and "span" in s for s in data["sentences"])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_unknown_section_is_refused(samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "三"]) == 2
    assert "不能起草“三”" in capsys.readouterr().err


def test_missing_report_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(tmp_path / "none.txt"), "--section", "六"]) == 2
    assert "找不到报告文件" in capsys.readouterr().err


def test_unreachable_endpoint_names_the_setting(
    samples_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("NIANBAO_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("NIANBAO_LLM_BASE_URL", f"http://127.0.0.1:{port}/v1")
    code = main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "六", "--quiet",
                 "--model", "vllm:qwen"])
    assert code == 2
    err = capsys.readouterr().err
    assert "无法连接模型服务" in err and "NIANBAO_LLM_BASE_URL" in err


def test_missing_key_names_the_setting(samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "六", "--model",
                 "deepseek:deepseek-chat"])
    assert code == 2
    assert "NIANBAO_LLM_API_KEY" in capsys.readouterr().err


def test_local_model_missing_says_how_to_install(
    samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NIANBAO_LOCAL_MODEL", str(tmp_path / "absent.gguf"))
    code = main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "六", "--model", "local"])
    assert code == 2
    assert "make local-model" in capsys.readouterr().err


def test_unreadable_previous_is_a_warning_and_the_draft_is_made(
    samples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    last = tmp_path / "2021.html"
    last.write_text("<html><head><title>页面已归档</title></head><body><p>该页面已归档。</p></body></html>",
                    encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    code = main(["draft", str(samples_dir / "pingtan-zone-2022.txt"), "--section", "五", "--previous",
                 str(last), "--notes", str(notes)])
    printed = capsys.readouterr()
    assert code == 0
    assert "警告：上一年度报告" in printed.err and "2021.html" in printed.err and "起草时不使用上年报告" in printed.err
    assert "一是政策解读不及时。" in printed.out
