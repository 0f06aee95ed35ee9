"""Damaged input never escapes as anything but UnreadableInput, and parsing stays fast."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import UnreadableInput
from assistant.parsing import parse_file, parse_text
from tests.parsing.conftest import SAMPLES

TEXTS = sorted(SAMPLES.glob("*.txt"))
HTML = SAMPLES / "shuyang-fgj-2023.html"

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
PAYLOADS = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([
        "0", "12", "-3", "（空）", " | ", " |\n", "\n", "三、", "五、", "（七）总计",
        "第二十条第（五）项", "</td>", "<td colspan=9>", "<tr>", "<table>", 'rowspan="99"',
        "\ufeff", "\x00", "一、本年新收政府信息公开申请数量", "99999999999999999999", "1.",
    ]).map(lambda s: s.encode("utf-8")),
)
EDITS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.integers(0, 300),
                           PAYLOADS), min_size=1, max_size=6)


def mutate(data: bytes, edits: list[tuple[int, int, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, length, payload in edits:
        pos %= max(1, len(buf))
        if kind == 0:
            del buf[pos:pos + length]
        elif kind == 1:
            buf[pos:pos] = payload
        elif kind == 2:
            buf[pos:pos + len(payload)] = payload
        else:
            buf[pos:pos] = buf[pos:pos + length]
    return bytes(buf)


def read(path: Path) -> None:
    started = time.perf_counter()
    try:
        parse_file(path)
    except UnreadableInput as exc:
        assert path.name in str(exc)
    assert time.perf_counter() - started < 5


@FUZZ
@given(index=st.integers(0, len(TEXTS) - 1), edits=EDITS)
def test_mutated_text(tmp_path: Path, index: int, edits: list[tuple[int, int, int, bytes]]) -> None:
    path = tmp_path / "变异.txt"
    path.write_bytes(mutate(TEXTS[index].read_bytes(), edits))
    read(path)


@FUZZ
@given(edits=EDITS)
def test_mutated_html(tmp_path: Path, edits: list[tuple[int, int, int, bytes]]) -> None:
    path = tmp_path / "变异.html"
    path.write_bytes(mutate(HTML.read_bytes(), edits))
    read(path)


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    document = docx.Document()
    for line in TEXTS[0].read_text("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(edits=EDITS, inner=st.booleans())
def test_mutated_docx(tmp_path: Path, seed_docx: bytes, edits: list[tuple[int, int, int, bytes]],
                      inner: bool) -> None:
    if inner:
        source = zipfile.ZipFile(io.BytesIO(seed_docx))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                body = source.read(item)
                target.writestr(item, mutate(body, edits)
                                if item.filename == "word/document.xml" else body)
        data = out.getvalue()
    else:
        data = mutate(seed_docx, edits)
    path = tmp_path / "变异.docx"
    path.write_bytes(data)
    read(path)


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
def test_any_text(text: str) -> None:
    try:
        parse_text(text, source="任意")
    except UnreadableInput as exc:
        assert "任意" in str(exc)


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
