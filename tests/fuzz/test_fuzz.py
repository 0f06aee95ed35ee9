"""Fuzz parse+check with mutated real reports: no crash, no hang, only the documented error.

Mutations are drawn by hypothesis from the samples in three forms — text, HTML and .docx (the
docx is built from the seed's text, then its XML or its zip bytes are mutated). Every input
must either parse (and then check without raising) or raise ``UnreadableInput``, which the CLI
turns into exit code 2. A per-example alarm turns a hang into a failure.
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checks import run_checks
from assistant.cli import main
from assistant.errors import UnreadableInput
from assistant.parsing import parse_file
from tests.fuzz.conftest import RUNS

SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"
TEXTS = sorted(SAMPLES.glob("*.txt"))
HTMLS = sorted(SAMPLES.glob("*.html"))
EXAMPLES_PER_FORM = 3400  # three forms: more than 10,000 mutated reports in all
SECONDS_PER_EXAMPLE = 10

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


# Payloads that matter to this parser: digits, table separators, headings, brackets, tags.
PAYLOADS = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([
        "0", "7", "12", "-3", "（空）", " | ", " |\n", "\n", "三、", "五、", "（七）总计",
        "第二十条第（五）项", "《条例》", "2023年1月1日", "</td>", "<td colspan=9>",
        "<tr>", "<table>", "rowspan=\"99\"", "\ufeff", "\x00", "一、本年新收政府信息公开申请数量",
    ]).map(lambda s: s.encode("utf-8")),
)
OPS = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 1 << 20), st.integers(0, 400), PAYLOADS),
    min_size=1, max_size=6,
)


def feed(path: Path, data: bytes, kind: str) -> None:
    path.write_bytes(data)
    RUNS[kind] += 1
    with alarm(SECONDS_PER_EXAMPLE):
        try:
            report = parse_file(path)
        except UnreadableInput as exc:
            assert str(exc), "an UnreadableInput must explain itself"
            assert path.name in str(exc), f"the message must name the file: {exc}"
            return
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
    feed(tmp_path / "report.txt", mutate(TEXTS[index].read_bytes(), ops), "text")


@FUZZ
@given(index=st.integers(0, len(HTMLS) - 1), ops=OPS)
def test_fuzz_html(tmp_path: Path, index: int, ops: list[tuple[int, int, int, bytes]]) -> None:
    feed(tmp_path / "report.html", mutate(HTMLS[index].read_bytes(), ops), "html")


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
    feed(tmp_path / "report.docx", data, "docx")


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02garbage", "随便一段话。".encode()])
def test_cli_unreadable_exits_2(tmp_path: Path, data: bytes,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "坏文件.txt"
    path.write_bytes(data)
    assert main(["check", str(path)]) == 2
    assert "坏文件.txt" in capsys.readouterr().err
