"""meta's fast searches against the plain regex searches they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import FormatVersion
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


# What detect_format counted before the words opening with 本年 were counted by one regex.
_V2019_REFERENCE = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购",
                    "其他对外管理服务事项")
_V2019_MARKS_REFERENCE = (re.compile(r"本年增\s*[/／]\s*减"), re.compile(r"第二十条第\s*[（(]\s*九\s*[）)]\s*项"))
_V2021_REFERENCE = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")
_OTHER_GROUPS_REFERENCE = (re.compile(r"（\s*六\s*[）)]\s*其\s*他\s*处\s*理"),
                           re.compile(r"\(\s*六\s*[）)]\s*其\s*他\s*处\s*理"))
_FORMAT_PIECES = st.sampled_from([*_V2019_REFERENCE, *_V2021_REFERENCE, "本年增/减", "本年增 ／ 减", "本年增", "本年",
                                  "本", "年", "新", "第二十条第（九）项", "（六）其他处理", "1.", "2", " ", "\n", "x",
                                  "（", "(", "六", "）", ")", "其他处理", "( 六 ) 其 他处理", "1.其", "（空）"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_FORMAT_PIECES, max_size=30).map("".join), st.sampled_from([None, 2020, 2021]))
def test_detect_format_counts_as_each_word_on_its_own(text: str, year: int | None) -> None:
    old = sum(text.count(w) for w in _V2019_REFERENCE) + sum(len(p.findall(text)) for p in _V2019_MARKS_REFERENCE)
    new = sum(text.count(w) for w in _V2021_REFERENCE)
    for m in (m for p in _OTHER_GROUPS_REFERENCE for m in p.finditer(text)):
        follow = meta._OTHER_ITEM.match(text, m.end())
        if follow is not None:
            new, old = (new + 1, old) if follow.group("item") else (new, old + 1)
    version, basis = meta.detect_format(text, year)
    if old != new:
        assert basis == "表格栏目"
        assert version is (FormatVersion.V2019 if old > new else FormatVersion.V2021)
    else:
        assert basis != "表格栏目"
