"""Running headers found by str.find (normalise._running_headers) against the line-by-line
reference it replaced."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing.normalise import _HEADER_LINE, _running_headers


def _reference(lines: list[str], marks: set[int]) -> list[tuple[int, int]]:
    """The lines that repeat and stand next to a page number, looked at one by one."""
    near: set[str] = set()
    for index in marks:
        for step in (-1, 1):
            j = index + step
            while 0 <= j < len(lines) and not lines[j].strip():
                j += step
            if 0 <= j < len(lines):
                key = lines[j].strip()
                if 4 <= len(key) <= 60 and _HEADER_LINE.search(key):
                    near.add(key)
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
