"""Rows plainly printed, read the short way (speed of text parsing).

A chunk's :attr:`~assistant.parsing.tables.Chunk.value` is classified once, when the chunk is
read; a row whose chunks are all plain counts is then settled by a few steps
(``resolve._plain_reading``) instead of :func:`~assistant.parsing.resolve.row_options`. The
reference is the long way itself: the same rows with their values unknown (``None``), which
never takes the short way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import FormatVersion, ValueKind
from assistant.parsing import resolve, splitter, tables
from assistant.parsing.labels import RowPattern, t2_patterns, t3_patterns, t4_header_cell
from assistant.parsing.normalise import SEP
from assistant.parsing.splitter import SumRule, plain_count
from assistant.parsing.tables import Chunk, RowRead
from tests.parsing.test_fast_paths import every_cut, texts

EXAMPLES = settings(max_examples=300, deadline=None, derandomize=True, database=None)


# --- values classified when read -------------------------------------------------------------


@EXAMPLES
@given(texts("0", "1", "07", "123", "1234567890123456", " ", "  ", SEP, "本年", "（空）", "-", "—", "无",
             "5件", ".5", ",000", "数据", "二、", max_size=14),
       st.integers(1, 8), st.booleans(), st.integers(1, 3))
def test_chunk_values_are_the_plain_counts_printed(segment: str, n: int, ends_at_label: bool,
                                                  rows: int) -> None:
    chunks, _ = tables.read_values(segment, n, ends_at_label=ends_at_label, rows=rows)
    for chunk in chunks:
        assert chunk.value == (None if chunk.digits is None else plain_count(chunk.printed))
        if chunk.value is not None:
            assert chunk.digits == chunk.printed == str(chunk.value)


# --- rows settled the short way as the long way ------------------------------------------------


def _printed(value: int, zero_padded: bool) -> str:
    return f"0{value}" if zero_padded else str(value)


@st.composite
def _chunks(draw: st.DrawFn, n: int) -> tuple[Chunk, ...]:
    """A row's chunks as a page prints them: cells apart, numbers with spaces between them,
    one run of digits, with now and then a blank, a unit, a leading zero, a cell too many or
    too few, and a total that does not add up."""
    parts = draw(st.lists(st.sampled_from([0, 0, 0, 1, 2, 5, 12, 30]), min_size=n - 1, max_size=n - 1))
    total = sum(parts) + draw(st.sampled_from([0, 0, 0, 1]))
    printed = [str(v) for v in [*parts, total]]
    for i in draw(st.lists(st.integers(0, n - 1), max_size=2)):
        printed[i] = draw(st.sampled_from(["—", "（空）", "07", "3件", "1,000", "x"]))
    printed = printed[:draw(st.sampled_from([n, n, n, n - 1, n + 1]))] or ["0"]
    form = draw(st.sampled_from(["alone", "running", "mixed", "run"]))
    if form == "run":
        printed = ["".join(printed)]
    chunks = []
    for i, text in enumerate(printed):
        parsed = tables._classify(text)
        alone = form == "alone" or (form == "mixed" and i % 2 == 0)
        piece = i + 1 if form in ("alone", "mixed") else 0
        digits = parsed[1] if parsed[0] == tables._KIND_NUMBER else None
        chunks.append(Chunk(text, digits, piece, alone, plain_count(text) if digits else None))
    return tuple(chunks)


def _unknown(row: RowRead) -> RowRead:
    return row._replace(chunks=tuple(c._replace(value=None) for c in row.chunks))


def _written(sink: resolve.CellSink) -> tuple[object, ...]:
    return (list(sink.cells.items()), list(sink.raw.items()), sink.findings, sink.ambiguities)


def _drawn_rows(data: st.DataObject, patterns: Sequence[RowPattern]) -> list[RowRead]:
    """A row read for each of ``patterns``, its chunks drawn (plain counts, mostly)."""
    return [RowRead(p.table, p.key, p.label, p.addresses, p.kinds, p.rules,
                    data.draw(_chunks(len(p.addresses))), 0, 0) for p in patterns]


@EXAMPLES
@given(st.data(), st.sampled_from(list(FormatVersion)))
def test_plain_t3_rows_settle_as_the_long_way(data: st.DataObject, version: FormatVersion) -> None:
    rows = _drawn_rows(data, t3_patterns(version))
    short, long = resolve.CellSink(), resolve.CellSink()
    resolve.settle_t3(rows, version, short)
    resolve.settle_t3([_unknown(row) for row in rows], version, long)
    assert _written(short) == _written(long)


@EXAMPLES
@given(st.data(), st.sampled_from(list(FormatVersion)))
def test_plain_t2_rows_settle_as_the_long_way(data: st.DataObject, version: FormatVersion) -> None:
    rows = _drawn_rows(data, t2_patterns(version))
    short, long = resolve.CellSink(), resolve.CellSink()
    resolve.settle_rows(rows, short)
    resolve.settle_rows([_unknown(row) for row in rows], long)
    assert _written(short) == _written(long)


def test_plain_reading_takes_only_plain_counts() -> None:
    pattern = t3_patterns(FormatVersion.V2021)[0]
    kinds = pattern.kinds

    def row(*chunks: Chunk) -> RowRead:
        return RowRead("t3", pattern.key, pattern.label, pattern.addresses, kinds, pattern.rules,
                       chunks, 0, 0)

    plain = [Chunk(str(v), str(v), 0, False, v) for v in (1, 0, 0, 0, 0, 2, 3)]
    assert resolve._plain_reading(row(*plain)) == (1, 0, 0, 0, 0, 2, 3)
    assert resolve._plain_reading(row(*plain[:-1], Chunk("4", "4", 0, False, 4))) is None  # 1+2 != 4
    assert resolve._plain_reading(row(*plain[:-1])) is None  # a cell short
    assert resolve._plain_reading(_unknown(row(*plain))) is None
    assert ValueKind.AMOUNT not in kinds


# --- a run cut to its row's total: each suffix tried as the total --------------------------------


@EXAMPLES
@given(st.lists(st.sampled_from([0, 0, 0, 1, 2, 3, 10, 11, 20, 101]), min_size=1, max_size=6),
       st.sampled_from([0, 0, 1, 10]))
def test_run_cut_to_its_total_gives_every_cut_in_order(parts: list[int], off: int) -> None:
    """Runs printed from rows that add up (give or take ``off``), which often cut several
    ways: the cuts in the search's order, as every cut tried in that order gives them."""
    n = len(parts) + 1
    run = "".join(map(str, [*parts, sum(parts) + off]))
    if not n < len(run) <= 15:
        return  # not a run _one_run takes
    rules = (SumRule(tuple(range(n - 1)), n - 1),)
    found = splitter._one_run(run, (ValueKind.COUNT,) * n, rules, 10**6, 10**6)
    assert found == every_cut(run, n, rules)


# --- running text of words, or words and numbers: read without the tokens ------------------------------------------


@EXAMPLES
@given(texts("本年", "二、", "（", "）", "(", ")", "（一）", "空", "（空）", "( 空 )", "无", "无法", "无。", "a", " ",
             "、", "，", "·", "0", "12", "-", "—", "/", "第二十条", "数据", "件", "项目", "元", ".", ",",
             max_size=10),
       st.integers(0, 3), st.integers(1, 8), st.integers(1, 3), st.booleans())
def test_running_words_read_as_the_tokens(text: str, before: int, n: int, rows: int, skip: bool) -> None:
    assert_running_reads_as_the_tokens(text, n, t4_header_cell() if skip else None, rows, before)


@EXAMPLES
@given(texts("0", "12", "000", " ", max_size=5), texts("件", "项目", "元", "万元", "二、", "（一）", "本年", " ", "。",
                                                   "（", "无法", "数据", "列", max_size=4),
       texts("0", "12", " ", max_size=3), st.integers(0, 8), st.integers(1, 7), st.integers(1, 3))
def test_numbers_next_to_words_read_as_the_tokens(numbers: str, words: str, more: str, before: int, n: int,
                                                  rows: int) -> None:
    """Numbers then words (the next label's start), and words then numbers (the rest of a
    label): the shapes read without the tokens, and their near misses."""
    for text in (numbers + words, words + numbers, words + numbers + more, numbers + words + more):
        assert_running_reads_as_the_tokens(text, n, None, rows, before)


def assert_running_reads_as_the_tokens(text: str, n: int, header: re.Pattern[str] | None, rows: int,
                                       before: int) -> None:
    """``running`` (with its shortcuts) reads ``text`` as ``tokens`` (the general way) does, in
    a row of ``n`` cells after ``before`` values already read."""
    fast, reference = (tables._ValueReader(n, header, "", rows) for _ in range(2))
    for reader in (fast, reference):
        reader.chunks.extend(Chunk("0", "0", 0, True, 0) for _ in range(before))
    assert fast.running(text, 1) == reference.tokens(text, 1)
    assert fast.chunks == reference.chunks
