"""The parser's fast paths give what the plain way they replace gives (issue 13, speed).

Each fast path is checked against its reference: the regular expression it stands for (run
over every position, as ``finditer`` does), the line-by-line reading it replaces, or a brute
force over every way to cut a run. Inputs are drawn from the characters each one is about.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import ValueKind
from assistant.parsing import document, meta, normalise, sections, tables
from assistant.parsing.normalise import SEP
from assistant.parsing.splitter import SumRule, splits
from assistant.parsing.tables import read_values

EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True, database=None)


def texts(*pieces: str, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# --- text_stream: the region as cells, line by line --------------------------------------------

_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")


def stream_by_lines(text: str, start: int, end: int) -> str:
    """The cell stream as the parser first read it: one line at a time."""
    out: list[str] = []
    for line in text[start:end].split("\n"):
        if not line.strip() or _RULE.fullmatch(line):
            out.append(" " * len(line))
            out.append(" ")
            continue
        if "|" in line:
            left = len(line) - len(line.lstrip())
            right = len(line.rstrip()) - 1
            if line[left] == "|":
                line = line[:left] + " " + line[left + 1:]
            if line[right] == "|" and right != left:
                line = line[:right] + " " + line[right + 1:]
            line = line.replace("|", SEP)
        out.append(line)
        out.append(SEP)
    return "".join(out)[: end - start]


@EXAMPLES
@given(texts("|", "|", " ", "\t", "\n", "\n", "a", "1", "---", ":", "\u3000", "\u2028", "本", "\n|", "|\n",
             " |\n", "||"), st.data())
def test_text_stream_reads_as_line_by_line(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert document.text_stream(text, start, end) == stream_by_lines(text, start, end)
    assert document.text_stream(text, 0, len(text)) == stream_by_lines(text, 0, len(text))


# --- patterns found from a literal instead of at every position ----------------------------------


def spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


@EXAMPLES
@given(texts("一", "二", "三", "十", "、", "、", " ", "\n", "\t", "（", "(", "第", "x", "\u3000",
             "总体情况", "主动公开"))
def test_inline_headings_are_the_patterns_matches(text: str) -> None:
    assert spans(sections._inline_headings(text)) == spans(sections._INLINE_HEADING.finditer(text))


@EXAMPLES
@given(texts("一", "二", "、", ".", "，", " ", "\n", "#", "*", "【", "总体情况", "工作。", "x"))
def test_line_headings_are_the_patterns_matches(text: str) -> None:
    found = [(m.span("num"), m.groups(), line) for m, line in sections._line_headings(text)]
    expected = [(m.span("num"), m.groups(), m.start()) for m in sections._LINE_HEADING.finditer(text)]
    assert found == expected


@EXAMPLES
@given(texts(" ", "\t", "\n", ">", "#", "*", "-", "|", "｜", "：", ":", "标题", "标 题", "发布机构", "来源",
             "来源网址", "文件名称", "名称", "URL", "2023-01-02", "某某局", "。"))
def test_header_items_are_the_patterns_matches(text: str) -> None:
    end = len(text) - len(text) // 4
    assert spans(meta._header_items(text, end)) == spans(meta._HEADER_ITEM.finditer(text, 0, end))


@EXAMPLES
@given(texts("某某市", "人民政府", "2021", "1999", "年", "年度", " ", "\n", meta._REPORT_WORDS, "《", "本",
             "，", "1"))
def test_agencies_before_report_are_the_patterns_matches(text: str) -> None:
    found = spans(meta._agencies_before_report(text))
    assert found == spans(meta._AGENCY_BEFORE_REPORT.finditer(text))


@EXAMPLES
@given(texts("\n", "\n", " ", "-3-", "— 4 —", "第2页", "共5页 第3页", "3 / 5", "5/3", "Page 2", "·3·",
             "<!-- page 1 -->", "正文", "1"))
def test_page_marks_are_the_patterns_matches(text: str) -> None:
    expected = [m.span() for m in normalise._PAGE_MARK.finditer(text) if normalise._is_page_mark(m)]
    assert normalise._page_marks(text) == expected


# --- runs cut into cells: every valid cut, in order -----------------------------------------------


def every_cut(run: str, n: int, rules: tuple[SumRule, ...]) -> list[tuple[int, ...]]:
    """All ways to cut ``run`` into ``n`` counts (no leading zero, 15 digits at most) that
    satisfy the rules, cut positions ascending."""
    out = []
    for cuts in itertools.combinations(range(1, len(run)), n - 1):
        pieces = [run[a:b] for a, b in zip((0, *cuts), (*cuts, len(run)), strict=True)]
        if any(len(p) > 15 or (p[0] == "0" and len(p) > 1) for p in pieces):
            continue
        values = tuple(int(p) for p in pieces)
        if all(rule.holds(values) for rule in rules):
            out.append(values)
    return out


@EXAMPLES
@given(st.text("0000111223456789", min_size=1, max_size=14), st.integers(2, 8), st.booleans())
def test_one_run_gives_every_cut_in_order(run: str, n: int, row_rule: bool) -> None:
    rules = (SumRule(tuple(range(n - 1)), n - 1),) if row_rule else ()
    result = splits([run], (ValueKind.COUNT,) * n, rules)
    if len(run) <= n:
        return  # one cell per run or per digit: no search
    expected = every_cut(run, n, rules)
    if len(expected) < 200:
        assert result.candidates == expected
        assert not result.exhausted
    else:  # the search keeps the first 200
        assert result.candidates == expected[:200]


# --- whole cells read at once when each was seen before ------------------------------------------


@EXAMPLES
@given(st.lists(st.sampled_from([" 0 ", "12", " （空） ", "/", "3件", "数据1", "本年新收", "1,234", ""]),
                max_size=9),
       st.booleans(), st.integers(1, 8))
def test_cells_seen_before_read_as_the_first_time(cells: list[str], ends_at_label: bool, n: int) -> None:
    segment = SEP.join(["剩余", *cells, "二、"])
    tables._CELL_CACHE.clear()  # read cell by cell, filling the cache
    tables._BLOCK_CACHE.clear()
    first = read_values(segment, n, ends_at_label=ends_at_label)
    again = read_values(segment, n, ends_at_label=ends_at_label)  # every cell now cached
    assert again == first
    tables._CELL_CACHE.clear()  # the block cached, its cells no longer
    assert read_values(segment, n, ends_at_label=ends_at_label) == first
