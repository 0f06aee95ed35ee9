"""The fuzzer: mutated real reports through parse+check — no crash, no hang, only the documented error.

Mutations are drawn by hypothesis from every sample in three forms — text, HTML and .docx (the
docx is built from the seed's text, then its XML or its zip bytes are mutated) — plus any text
at all. Every input must either parse (and then check without raising) or raise
``UnreadableInput`` naming the file, which the CLI turns into exit code 2. Parsing must stay
fast (:data:`PARSE_SECONDS`), and a per-example alarm turns a hang into a failure.

``NIANBAO_FUZZ_EXAMPLES`` sets the examples per form (default 3400: more than 10,000 mutated
reports in all) for a quick run by hand; every test here is in the ``fuzz`` lane.
"""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checks import run_checks
from assistant.errors import UnreadableInput
from assistant.parsing import parse_file, parse_text
from tests.fuzz.conftest import RUNS

SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"
TEXTS = sorted(SAMPLES.glob("*.txt"))
HTMLS = sorted(SAMPLES.glob("*.html"))
EXAMPLES_PER_FORM = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES") or 3400)
SECONDS_PER_EXAMPLE = 10  # parse+check, or the alarm fails the example
PARSE_SECONDS = 5  # parse alone

FUZZ = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def hang(signum: int, frame: object) -> None:
        raise TimeoutError(f"parse+check took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def mutate(data: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    """Apply byte-level edits: 0 delete, 1 insert, 2 overwrite, 3 duplicate, 4 truncate."""
    buf = bytearray(data)
    for kind, pos, length, payload in ops:
        if not buf:
            buf.extend(payload)
            continue
        pos %= len(buf)
        if kind == 0:
            del buf[pos:pos + length]
        elif kind == 1:
            buf[pos:pos] = payload
        elif kind == 2:
            buf[pos:pos + len(payload)] = payload
        elif kind == 3:
            buf[pos:pos] = buf[pos:pos + length]
        else:
            del buf[pos:]
    return bytes(buf)


# Payloads that matter to this parser: digits (and runs too long for a cell), table separators,
# headings, list numbers, brackets, tags.
PAYLOADS = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([
        "0", "7", "12", "-3", "（空）", " | ", " |\n", "\n", "三、", "五、", "（七）总计",
        "第二十条第（五）项", "《条例》", "2023年1月1日", "</td>", "<td colspan=9>",
        "<tr>", "<table>", "rowspan=\"99\"", "\ufeff", "\x00", "一、本年新收政府信息公开申请数量",
        "99999999999999999999", "1.",
    ]).map(lambda s: s.encode("utf-8")),
)
OPS = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 1 << 20), st.integers(0, 400), PAYLOADS),
    min_size=1, max_size=6,
)


def feed(path: Path, data: bytes, kind: str) -> None:
    """``data`` written to ``path`` (a Chinese name: the message must carry it) and read."""
    path.write_bytes(data)
    RUNS[kind] += 1
    with alarm(SECONDS_PER_EXAMPLE):
        started = time.perf_counter()
        report = None
        try:
            report = parse_file(path)
        except UnreadableInput as exc:
            assert str(exc), "an UnreadableInput must explain itself"
            assert path.name in str(exc), f"the message must name the file: {exc}"
        assert time.perf_counter() - started < PARSE_SECONDS
        if report is not None:
            run_checks(report)


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    document = docx.Document()
    for line in (SAMPLES / "jinghe-gongyeyuanqu-2021.txt").read_text("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(index=st.integers(0, len(TEXTS) - 1), ops=OPS)
def test_fuzz_text(tmp_path: Path, index: int, ops: list[tuple[int, int, int, bytes]]) -> None:
    feed(tmp_path / "变异.txt", mutate(TEXTS[index].read_bytes(), ops), "text")


@FUZZ
@given(index=st.integers(0, len(HTMLS) - 1), ops=OPS)
def test_fuzz_html(tmp_path: Path, index: int, ops: list[tuple[int, int, int, bytes]]) -> None:
    feed(tmp_path / "变异.html", mutate(HTMLS[index].read_bytes(), ops), "html")


@FUZZ
@given(ops=OPS, inner=st.booleans())
def test_fuzz_docx(tmp_path: Path, seed_docx: bytes, ops: list[tuple[int, int, int, bytes]],
                   inner: bool) -> None:
    if inner:  # mutate document.xml and zip it again: reaches the docx reader proper
        source = zipfile.ZipFile(io.BytesIO(seed_docx))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                body = source.read(item)
                if item.filename == "word/document.xml":
                    body = mutate(body, ops)
                target.writestr(item, body)
        data = out.getvalue()
    else:  # mutate the zip container itself
        data = mutate(seed_docx, ops)
    feed(tmp_path / "变异.docx", data, "docx")


@settings(FUZZ, max_examples=max(1, EXAMPLES_PER_FORM // 17))  # 200 by default
@given(st.text(max_size=400))
def test_fuzz_any_text(text: str) -> None:
    RUNS["any text"] += 1
    with alarm(SECONDS_PER_EXAMPLE):
        try:
            report = parse_text(text, source="任意")
        except UnreadableInput as exc:
            assert "任意" in str(exc)
            return
        run_checks(report)
