"""meta's fast searches against the plain regex searches they stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import meta

_PIECES = st.sampled_from(["\n", " ", "\t", "2024", "1999", "年", "月", "日", "1", "12", "x", "发布日期", "发布时间",
                           "公开日期", "成文日期", "印发", "日期", "：", "-", "/", "本机关",
                           "\n2024年1月2日", "2023 年 12 月 31 日\n", "\n 2021年3月4日 ", "发布时间：2024-01-02",
                           "成文日期 2020/1/2", "日期：2019年5月6"])
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXTS, st.integers(0, 60))
def test_last_date_line_is_the_last_match(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    found = list(meta._DATE_LINE.finditer(text, pos))
    last = meta._last_date_line(text, pos)
    if not found:
        assert last is None
    else:
        assert last is not None
        assert last.groupdict() == found[-1].groupdict()
        assert last.start("y") == found[-1].start("y") and last.end() == found[-1].end()


@settings(max_examples=600, deadline=None)
@given(_TEXTS, st.integers(0, 60), st.integers(0, 60))
def test_published_is_the_search(text: str, start: int, size: int) -> None:
    start = min(start, len(text))
    end = min(start + size, len(text))
    expected = meta._PUBLISHED.search(text, start, end)
    got = meta._published(text, start, end)
    assert (got and got.span()) == (expected and expected.span())
