"""assemble's section text fast paths against what they stand for."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import assemble


def _most_around_by_max(counts: dict[int, int]) -> int:
    """wrap_width's pick as it was: max over a Counter with a key per width."""
    get = Counter(counts).get

    def around(w: int) -> tuple[int, int]:
        return get(w - 2, 0) + get(w - 1, 0) + get(w, 0) + get(w + 1, 0) + get(w + 2, 0), w

    return max(counts, key=around)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.integers(0, 80), st.integers(1, 9), min_size=1, max_size=30))
def test_most_around_is_max_by_key(counts: dict[int, int]) -> None:
    assert assemble._most_around(counts) == _most_around_by_max(counts)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "a", "本", " "]), max_size=30).map("".join), st.integers(1, 10))
def test_has_lines_counts_the_breaks(text: str, n: int) -> None:
    assert assemble._has_lines(text, n) == (text.count("\n") >= n - 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(28, 36), st.sampled_from(["本", "a", "。"])),
                max_size=30))
def test_wrap_width_of_wrapped_paragraphs(lines: list[tuple[int, int, str]]) -> None:
    """Texts broken at widths 28-36 (where wrap_width finds one) read as Counter and max did."""
    text = "\n".join(" " * lead + char * count for lead, count, char in lines)
    prose = [line.strip() for line in text.split("\n") if not assemble._table_gap(line)]
    prose = [line for line in prose if len(line) >= 12]
    expected = None
    if len(prose) >= 8:
        counts = Counter(map(assemble._width, prose))
        page = _most_around_by_max(dict(counts))
        near = sum(c for w, c in counts.items() if page - 4 <= w <= page + 4)
        expected = None if page < 30 or near < 8 or near * 4 < len(prose) else page
    assert assemble.wrap_width(text) == expected


def _cut_joining(text: str, start: int, end: int, holes: list[tuple[int, int]], page: int | None) -> str:
    """_cut as it was: the pieces joined, split into lines, joined again and unwrapped."""
    pieces = assemble.pieces_outside(text, start, end, holes)
    joined = "\n".join(filter(None, map(str.strip, pieces)))
    return assemble.unwrap("\n".join(filter(None, map(str.strip, joined.split("\n")))), page)


_TEXT = st.lists(st.sampled_from(["本", "a", "1", " ", "\n", "\n\n", "   ", "\t", "。", "|", "（一）", "\u2028",
                                  "\x1c", "本" * 20]), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXT, st.data(), st.one_of(st.none(), st.integers(-2, 50)))
def test_cut_as_joining_and_splitting(text: str, data: st.DataObject, page: int | None) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text) + 2))
    holes = data.draw(st.lists(st.tuples(st.integers(0, len(text) + 2), st.integers(0, len(text) + 2)),
                               max_size=4))
    assert assemble._cut(text, start, end, holes, page) == _cut_joining(text, start, end, holes, page)
