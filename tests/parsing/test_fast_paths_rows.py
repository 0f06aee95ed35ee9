"""More of the parser's fast paths against the plain way they replace (issue 13, speed).

The house pattern of ``test_fast_paths.py``: each fast path is compared with its reference —
the regular expression it stands for, the token-by-token reading, the search it skips, or a
reading made afresh — on inputs drawn from the characters each one is about.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import FormatVersion, ValueKind
from assistant.parsing import assemble, document, meta, normalise, resolve, tables
from assistant.parsing.document import document_from_text, text_stream
from assistant.parsing.labels import t2_patterns, t3_patterns
from assistant.parsing.splitter import SumRule, splits
from tests.parsing.test_fast_paths import every_cut, spans, texts

EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True, database=None)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


# --- looks_binary: bytes that cannot hold an odd glyph are not searched for one -----------------


@EXAMPLES
@given(texts("本", "a", "1", " ", "\n", "\ufffd", "\ue000", "\uefff", "\uf000", "\uf8ff", "\uf900", "\uff0c",
             "\uffef", "\u3001", "é", "\U0001f600", max_size=120))
def test_looks_binary_counts_as_the_pattern(text: str) -> None:
    sample = text[:4000]
    expected = bool(text) and len(normalise._ODD_GLYPH.findall(sample)) > len(sample) // 20
    assert normalise.looks_binary(text) == expected


# --- header keys found from their marks -----------------------------------------------------------


@EXAMPLES
@given(texts(" ", "\t", "\n", "*", "：", ":", "|", "｜", "标题", "标 题", "发布机构", "来源", "名称", "URL", "公开",
             "某某局", "。", "1"), st.data())
def test_key_marks_search_as_the_pattern(text: str, data: st.DataObject) -> None:
    assert_key_marks_as_the_pattern(text, data)


def assert_key_marks_as_the_pattern(text: str, data: st.DataObject) -> None:
    """_KeyMarks.search, asked at increasing positions, finds what _KEY_MARK.search finds."""
    end = data.draw(st.integers(0, len(text)))
    keys = meta._KeyMarks(text, end)
    pos = 0
    while pos <= end:  # positions in increasing order, as _header_items asks for them
        found = keys.search(pos)
        expected = meta._KEY_MARK.search(text, pos, end)
        assert spans([found] if found else []) == spans([expected] if expected else [])
        pos += data.draw(st.integers(1, 4))


# --- wrap_width: the lines' widths counted in one go ------------------------------------------------


def wrap_width_by_lines(text: str) -> int | None:
    """wrap_width as it first read the text: line by line."""
    counts: dict[int, int] = {}
    prose = 0
    for line in text.split("\n"):
        if len(line) < 12 or "|" in line or "   " in line or "\t" in line:
            continue
        line = line.strip()
        if len(line) < 12:
            continue
        prose += 1
        width = assemble._width(line)
        counts[width] = counts.get(width, 0) + 1
    if not counts:
        return None

    def around(w: int) -> tuple[int, int]:
        return sum(counts.get(w + d, 0) for d in range(-2, 3)), w

    page = max(counts, key=around)
    near = sum(c for w, c in counts.items() if page - 4 <= w <= page + 4)
    if page < 30 or near < 8 or near * 4 < prose:
        return None
    return page


@EXAMPLES
@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["本", "a", " ", "。"]),
                          st.sampled_from(["", "|", "   ", "\t", " "])), max_size=40))
def test_wrap_width_as_line_by_line(lines: list[tuple[int, str, str]]) -> None:
    text = "\n".join(char * count + extra for count, char, extra in lines)
    assert assemble.wrap_width(text) == wrap_width_by_lines(text)


# --- running text: digits only, and words only, without the tokens -------------------------------


@EXAMPLES
@given(texts("0", "1", "00", "123", " ", "  ", "\t", "本年", "合法权益", "（空）", "-", "—", "/", "无", "第二十条",
             "数据", "、", "5件", ".5", ",000", max_size=12),
       st.integers(0, 3), st.integers(1, 8), st.integers(1, 3))
def test_running_reads_as_the_tokens(text: str, before: int, n: int, rows: int) -> None:
    fast = tables._ValueReader(n, None, "", rows)
    plain = tables._ValueReader(n, None, "", rows)
    for reader in (fast, plain):
        reader.chunks.extend(tables.Chunk("0", "0", 0, True) for _ in range(before))
    assert fast.running(text, 1) == plain.tokens(text, 1)
    assert fast.chunks == plain.chunks


# --- one run cut into counts and deltas alike ---------------------------------------------------


@EXAMPLES
@given(st.text("0000111223456789", min_size=1, max_size=13),
       st.lists(st.sampled_from([ValueKind.COUNT, ValueKind.DELTA]), min_size=2, max_size=7), st.booleans())
def test_one_run_of_counts_and_deltas_gives_every_cut(run: str, kinds: list[ValueKind], row_rule: bool) -> None:
    n = len(kinds)
    rules = (SumRule(tuple(range(n - 1)), n - 1),) if row_rule else ()
    if len(run) <= n:
        return  # one cell per run or per digit: no search
    expected = every_cut(run, n, rules)  # a piece without a minus sign reads alike in both kinds
    result = splits([run], kinds, rules)
    assert result.candidates == expected[:200]


# --- a report's rows read once: a row read again is taken as first read ---------------------------


def _rows(path: Path) -> list[tables.RowRead]:
    text = document_from_text(path.read_text("utf-8")).text
    stream = text_stream(text, 0, len(text))
    rows: list[tables.RowRead] = []
    for version in FormatVersion:
        for patterns in (t2_patterns(version), t3_patterns(version)):
            rows += tables.read_rows(stream, patterns, 0, len(stream), table_start=0).rows
    return rows


def _reading(options: resolve.RowOptions) -> tuple[object, ...]:
    return (options.row, options.candidates, options.raws, options.exhausted, options.mergeable,
            options.how)


@pytest.mark.parametrize("path", [*sorted((FIXTURES / "samples").glob("*.txt")),
                                  *sorted((FIXTURES / "converted").glob("*.*"))], ids=lambda p: p.name)
def test_rows_read_again_as_first_read(path: Path) -> None:
    rows = [row for row in _rows(path) if row.chunks]
    assert rows
    sink = resolve.CellSink()
    for row in rows:
        resolve.row_options(row, sink)
    assert sink.readings  # each distinct row kept
    repeated = Counter((row.chunks, row.kinds, row.rules) for row in rows)
    for row in rows:
        fresh = resolve.read_row_options(row, resolve.CellSink())
        assert _reading(resolve.row_options(row, sink)) == _reading(fresh)
    assert len(sink.readings) <= len(repeated)


# --- rows placed by position: nothing to place when every label was found with its values --------


def test_tables_with_nothing_to_place_read_as_placed() -> None:
    checked = 0
    for path in [*sorted((FIXTURES / "samples").glob("*.txt")), *sorted((FIXTURES / "converted").glob("*.*"))]:
        text = document_from_text(path.read_text("utf-8")).text
        stream = text_stream(text, 0, len(text))
        for version in FormatVersion:
            patterns = t3_patterns(version)
            found = tables.read_rows(stream, patterns, 0, len(stream), table_start=0)
            if found.missing or not found.rows or not all(row.chunks for row in found.rows[:-1]):
                continue
            by_key = {p.key: p for p in patterns}
            if any(row.key not in by_key for row in found.rows):
                continue  # （六）其他处理 printed as one row
            located = [(by_key[row.key], row.start, row.start) for row in found.rows]
            placed = tables._place_by_position(stream, patterns, located, found.rows, [], 0, len(stream))
            assert placed == (found.rows, [])
            checked += 1
    assert checked


# --- unwrap: short lines not measured ---------------------------------------------------------------


def unwrap_measuring_all(text: str, page: int | None) -> str:
    """unwrap as it first read the lines: each one measured."""
    if page is None or "\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    for prev, line in itertools.pairwise(lines):
        if (assemble._width(prev) >= page - 4 and prev.rstrip("”’\"）)")[-1:] not in assemble._SENTENCE_END
                and not assemble._table_gap(prev) and not assemble._ITEM_START.match(line)):
            joined = out[-1]
            space = " " if joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() \
                and line[0].isalnum() else ""
            out[-1] = joined + space + line
        else:
            out.append(line)
    return "\n".join(out)


@EXAMPLES
@given(st.lists(st.tuples(st.integers(1, 30), st.sampled_from(["本", "a", "é", "\U0001f600", "。"])), min_size=1,
                max_size=12),
       st.integers(-3, 60))
def test_unwrap_as_measuring_every_line(lines: list[tuple[int, str]], page: int) -> None:
    text = "\n".join(char * count for count, char in lines)
    assert assemble.unwrap(text, page) == unwrap_measuring_all(text, page)


# --- a grid's cell stream: each merged cell read once ---------------------------------------------


def pieces_reading_every_slot(grid: document.Grid) -> list[str]:
    """Grid.pieces as it first read them: each slot a merged cell covers read again."""
    out: list[str] = []
    for r in range(grid.n_rows):
        for c in range(grid.n_cols):
            cell = grid.slot(r, c)
            if cell is None:
                continue
            if (cell.row == r and cell.col == c) or normalise.is_blank_mark(cell.text):
                out.append(cell.text)
            elif normalise.number_text(cell.text) is not None and cell.row != r:
                out.append(normalise.MERGED)
    return out


@EXAMPLES
@given(st.lists(st.lists(st.tuples(st.sampled_from(["", "0", "12", "/", "（空）", "本年新收", "1,234", " 3 "]),
                                   st.integers(1, 3), st.integers(1, 3)), max_size=5), max_size=6))
def test_grid_pieces_as_reading_every_slot(rows: list[list[tuple[str, int, int]]]) -> None:
    grid = document.build_grid(rows)
    assert grid.pieces() == pieces_reading_every_slot(grid)


