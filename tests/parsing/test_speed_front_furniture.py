"""Running headers found by str.find (normalise._running_headers) against the line-by-line
reference it replaced."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing.normalise import _PAGE_MARK, _running_headers, headers_near


def _reference(lines: list[str], marks: set[int]) -> list[tuple[int, int]]:
    """The lines that repeat and stand next to a page number, looked at one by one."""
    near = headers_near(lines, marks)
    if not near:
        return []
    keys = list(map(str.strip, lines))
    counts = Counter(key for key in keys if key in near)
    headers = {key for key, count in counts.items() if count >= 2}
    if not headers:
        return []
    first_text = next((i for i, key in enumerate(keys) if key), 0)
    spans = []
    pos = 0
    for i, (line, key) in enumerate(zip(lines, keys, strict=True)):
        if i > first_text + 2 and key in headers:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


_LINES = st.lists(
    st.one_of(
        st.sampled_from(["", " ", "\t", "  某某区政府信息公开年度报告", "某某区政府信息公开年度报告",
                         "某某区政府信息公开年度报告 ", "某某区政府信息公开年度报告某某区政府信息公开年度报告",
                         "某局", "人民政府办公室", " 人民政府办公室\u2028", "报告", "-3-",
                         "第 2 页", "正文一行", "x人民政府办公室", "人民政府办公室人民政府办公室"]),
        st.text(alphabet=" 报告政府人民局\t\u3000x", max_size=8),
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(_LINES, st.data())
def test_running_headers_match_the_line_by_line_reference(lines: list[str], data: st.DataObject) -> None:
    marks = set(data.draw(st.lists(st.integers(0, max(len(lines) - 1, 0)), max_size=5))) if lines else set()
    text = "\n".join(lines)
    assert sorted(_running_headers(text, marks)) == _reference(text.split("\n"), marks)


# The page-mark pattern without the look at the marks' first characters: what it stands for.
_LOOK = r"(?=[-－—–~～第共\dPp·•<])"
_PAGE_MARK_REFERENCE = re.compile(_PAGE_MARK.pattern.replace(_LOOK, "", 1), re.MULTILINE)
_MARK_PIECES = st.sampled_from(["\n", " ", "\t", "-", "－", "—", "–", "~", "～", "3", "12", "第", "页", "共", "，", "/",
                                "／", "Page", "page", "PAGE", " of ", "·", "•", "<!--", "-->", "x", "正文", "٣",
                                "\n<!-- page 3 -->", "\n - 3 - ", "\n第3页", "\n共5页 第3页", "\n3 / 5",
                                "\nPage 3 of 5", "\n· 3 ·", "\n<!-- 第2页 -->\n"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_MARK_PIECES, max_size=30).map("".join))
def test_page_mark_pattern_is_the_one_without_the_look(text: str) -> None:
    assert _LOOK in _PAGE_MARK.pattern
    assert [m.span() for m in _PAGE_MARK.finditer(text)] == \
        [m.span() for m in _PAGE_MARK_REFERENCE.finditer(text)]
