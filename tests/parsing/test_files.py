"""parse_file: formats by content and extension, encodings, our JSON, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cells import FormatVersion
from assistant.errors import UnreadableInput
from assistant.parsing import parse_file, parse_html
from assistant.report import Report
from tests.parsing.conftest import SAMPLES

SEED = SAMPLES / "jinghe-gongyeyuanqu-2021.txt"
SHUYANG = SAMPLES / "shuyang-fgj-2023.html"


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("gb18030", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".text"])
def test_text_encodings(encoding: str, prefix: bytes, suffix: str, tmp_path: Path) -> None:
    text = SEED.read_text("utf-8").replace("\n", "\r\n")
    path = tmp_path / f"精河{suffix}"
    path.write_bytes(prefix + text.encode(encoding))
    report = parse_file(path)
    expected = parse_file(SEED)
    assert report.cells == expected.cells
    assert report.meta.agency == "精河工业园区管理委员会"
    assert [s.heading for s in report.sections] == [s.heading for s in expected.sections]
    assert [s.text for s in report.sections] == [s.text for s in expected.sections]


def test_html_by_content_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(SHUYANG.read_bytes())
    report = parse_file(path)
    assert report.cells["t3.new.total"] == 26


@pytest.mark.parametrize("suffix", [".html", ".htm", ".shtml"])
def test_html_suffixes(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"沭阳{suffix}"
    path.write_bytes(SHUYANG.read_bytes())
    assert parse_file(path).meta.agency == "沭阳县发展和改革局"


def test_html_given_as_text_or_bytes_agree() -> None:
    data = SHUYANG.read_bytes()
    assert parse_html(data).cells == parse_html(data.decode("utf-8")).cells


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()
                                          if p.suffix in {".txt", ".html"}))
def test_report_json_round_trips_through_parse_file(sample: str, tmp_path: Path) -> None:
    report = parse_file(SAMPLES / sample)
    path = tmp_path / "report.json"
    path.write_text(report.to_json(), "utf-8")
    assert parse_file(path) == report


def test_blank_report_json(tmp_path: Path) -> None:
    report = Report.blank(FormatVersion.V2019, agency="某局", year=2019)
    path = tmp_path / "blank.json"
    path.write_text(report.to_json(), "utf-8")
    assert parse_file(path) == report


@pytest.mark.parametrize(("name", "data", "says"), [
    ("空.txt", b"", "空"),
    ("空白.txt", b" \n\t\r\n", "空"),
    ("垃圾.txt", bytes(range(256)) * 8, "二进制"),
    ("乱码.txt", b"\x81\x30\xff\xfe\x00\x00\x80\x80" * 40, ""),
    ("随便.txt", "今天天气很好，我们去公园散步。".encode(), "无法识别"),
    ("表.txt", "一、\n二、\n12345".encode(), "无法识别"),
    ("报告.pdf", b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    ("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
    ("坏.json", b'{"meta": {"year": "not a year"}}', "JSON"),
    ("坏2.json", b"{not json", "JSON"),
    ("图.html", b"<html><body><img src=a.png></body></html>", "没有可读取的内容"),
])
def test_unreadable_files_name_the_file(name: str, data: bytes, says: str,
                                        tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableInput) as caught:
        parse_file(path)
    assert name in str(caught.value)
    assert says in str(caught.value)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match=r"不存在\.txt"):
        parse_file(tmp_path / "不存在.txt")


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match=str(tmp_path.name)):
        parse_file(tmp_path)


def test_json_that_is_not_a_report_falls_back_to_text_when_not_named_json(
    tmp_path: Path,
) -> None:
    path = tmp_path / "note.txt"
    path.write_text('{"x": 1}', "utf-8")
    with pytest.raises(UnreadableInput, match=r"note\.txt"):
        parse_file(path)
