"""Pathological input finishes quickly, unreadable files exit 2; the fuzzer is tests/fuzz."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import UnreadableInput
from assistant.parsing import parse_file, parse_text
from tests.parsing.conftest import SAMPLES

TEXTS = sorted(SAMPLES.glob("*.txt"))
HTML = SAMPLES / "shuyang-fgj-2023.html"


def read(path: Path) -> None:
    started = time.perf_counter()
    try:
        parse_file(path)
    except UnreadableInput as exc:
        assert path.name in str(exc)
    assert time.perf_counter() - started < 5


def test_long_digit_runs_and_deep_html_finish(tmp_path: Path) -> None:
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量" + "123456789" * 40
            + "（七）总计" + "9" * 500 + "\n四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼"
            "结果维持结果纠正其他结果尚未审结总计" + "1" * 300 + "\n")
    started = time.perf_counter()
    report = parse_text(text)
    assert time.perf_counter() - started < 3
    assert report.cells["t3.new.natural"] is None
    deep = tmp_path / "深.html"
    deep.write_text("<div>" * 5000 + "一、总体情况" + "</div>" * 5000, "utf-8")
    read(deep)


def test_samples_parse_quickly() -> None:
    """A generous guard against slow paths (the real benchmark is bench/parse_check.py)."""
    files = [*TEXTS, HTML]
    for path in files:
        parse_file(path)
    started = time.process_time()
    for _ in range(10):
        for path in files:
            parse_file(path)
    per_report = (time.process_time() - started) / (10 * len(files))
    assert per_report < 0.03


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02garbage", "随便一段话。".encode()])
def test_cli_unreadable_exits_2(tmp_path: Path, data: bytes,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "坏文件.txt"
    path.write_bytes(data)
    assert main(["check", str(path)]) == 2
    assert "坏文件.txt" in capsys.readouterr().err
