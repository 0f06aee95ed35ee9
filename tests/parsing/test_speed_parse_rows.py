"""resolve._plain_reading and _direct as compiled loops, against the code they replaced."""

from __future__ import annotations

import operator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import FormatVersion, ValueKind
from assistant.findings import Finding, Severity
from assistant.parsing import resolve
from assistant.parsing.labels import t2_patterns, t3_patterns
from assistant.parsing.resolve import CellSink
from assistant.parsing.splitter import plain_count
from assistant.parsing.tables import Chunk, RowRead
from assistant.settings import RULE_SEVERITY

_PATTERNS = [p for v in FormatVersion for p in (*t2_patterns(v)[:4], *t3_patterns(v)[:3])]


def _plain_reading_by_maps(row: RowRead) -> tuple[int, ...] | None:
    """_plain_reading as it was."""
    kinds = row.kinds
    values = tuple(map(operator.itemgetter(4), row.chunks))
    if (None in values or len(values) != len(kinds) or len(row.addresses) != len(kinds)
            or ValueKind.AMOUNT in kinds):
        return None
    if all(map(operator.itemgetter(3), row.chunks)) or all(rule.holds(values) for rule in row.rules):
        return values  # type: ignore[return-value]
    return None


def _direct_by_zip(row: RowRead, sink: CellSink) -> resolve.RowOptions:
    """_direct's values and raws as they were read with zip (the chunks trimmed first)."""
    n = len(row.addresses)
    chunks = list(row.chunks)
    while len(chunks) > n and chunks[-1].digits is None:
        chunks.pop()
    while len(chunks) > n and chunks[0].digits is None:
        chunks.pop(0)
    chunks = chunks[:n]
    values: list[object] = []
    raws: list[str | None] = []
    for (printed, digits, _, _, _), kind in zip(chunks, row.kinds, strict=False):
        if digits is None:
            values.append(None)
            raws.append(printed)
        elif kind is not ValueKind.AMOUNT and printed == digits and printed.isdigit() and printed.isascii() \
                and (printed[0] != "0" or len(printed) == 1):
            values.append(int(printed))
            raws.append(None)
        else:
            value = resolve.cell_value(digits, kind)
            values.append(value)
            raws.append(None if value is not None and str(value) == printed else printed)
    return resolve.RowOptions(row, [tuple(values)], [tuple(raws)])  # type: ignore[list-item]


_TOKENS = st.sampled_from(["0", "1", "2", "12", "007", "3件", "1.5", "-2", "（空）", "—", "本年", "１"])


def _chunk(text: str, alone: bool, piece: int) -> Chunk:
    digits = text if text.isascii() and text.lstrip("-").replace(".", "", 1).isdigit() else None
    if text == "3件":
        digits = "3"
    return Chunk(text, digits, piece, alone, plain_count(text) if digits == text else None)


@st.composite
def _rows(draw: st.DrawFn) -> RowRead:
    pattern = draw(st.sampled_from(_PATTERNS))
    n = len(pattern.addresses)
    count = draw(st.sampled_from([n, n, n, n - 1, n + 1, n + 2, 0]))
    chunks = tuple(_chunk(draw(_TOKENS), draw(st.booleans()), draw(st.integers(0, 2)))
                   for _ in range(max(count, 0)))
    if draw(st.booleans()):  # a row that adds up, of plain counts
        values = [draw(st.integers(0, 30)) for _ in range(n)]
        chunks = tuple(Chunk(str(v), str(v), 0, draw(st.booleans()), v) for v in values)
    return RowRead(pattern.table, pattern.key, pattern.label, pattern.addresses, pattern.kinds,
                   pattern.rules, chunks, 0, 1)


@settings(max_examples=600, deadline=None)
@given(_rows())
def test_plain_reading_as_the_maps(row: RowRead) -> None:
    assert resolve._plain_reading(row) == _plain_reading_by_maps(row)


@settings(max_examples=600, deadline=None)
@given(_rows())
def test_direct_as_zip(row: RowRead) -> None:
    got = resolve._direct(row, CellSink())
    expected = _direct_by_zip(row, CellSink())
    assert (got.candidates, got.raws) == (expected.candidates, expected.raws)


def test_the_sink_regrades_with_the_setting_read_when_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """CellSink.add re-grades as Finding(...) would, with NIANBAO_RULE_SEVERITY as it was when
    the sink (one per report read) was made."""
    monkeypatch.setenv(RULE_SEVERITY, "parse.split_resolved=error")
    sink = CellSink()
    monkeypatch.setenv(RULE_SEVERITY, "parse.extra_cells=error")  # set later: not this report's
    sink.add("parse.split_resolved", Severity.WARNING, "t3", "x")
    sink.add("parse.extra_cells", Severity.WARNING, "t3", "y")
    assert [f.severity for f in sink.findings] == [Severity.ERROR, Severity.WARNING]
    monkeypatch.delenv(RULE_SEVERITY)
    expected = Finding(code="parse.split_resolved", severity=Severity.ERROR, message="x",
                       section=sink.findings[0].section)
    assert sink.findings[0] == expected
    assert CellSink().severities == {}


def _raws_by_zip(chunks: tuple[Chunk, ...], values: tuple[object, ...], origin: tuple[int, ...]) -> object:
    """What _split and _forced_row made of a reading's raws, with zip."""
    return tuple(chunks[o].printed if v is None else None for v, o in zip(values, origin, strict=True))


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=6), st.data())
def test_raws_of_as_zip(tokens: list[str], data: st.DataObject) -> None:
    chunks = tuple(_chunk(t, False, 0) for t in tokens)
    n = data.draw(st.integers(0, 8))
    values = tuple(data.draw(st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=n, max_size=n)))
    origin = tuple(data.draw(st.lists(st.integers(0, len(chunks) - 1), min_size=n,
                                      max_size=n + data.draw(st.integers(0, 1)))))
    try:
        expected = _raws_by_zip(chunks, values, origin)
    except ValueError:
        with pytest.raises(ValueError):
            resolve._raws_of(chunks, values, origin)
        return
    assert resolve._raws_of(chunks, values, origin) == expected


@settings(max_examples=300, deadline=None)
@given(_rows())
def test_split_and_forced_row_read_as_with_attributes(row: RowRead) -> None:
    """_split's and _forced_row's runs read from the chunks by unpacking, as by attribute."""
    got = resolve._split(row, row.chunks, ruled=True)
    runs = [c.digits for c in row.chunks]
    expected = resolve.splits(runs, row.kinds, row.rules, whole=[c.alone for c in row.chunks])
    assert got.candidates == list(expected.candidates) and got.exhausted == expected.exhausted
    forced = resolve._forced_row(row)
    cut = resolve.forced_cut(runs, row.kinds, [c.alone or c.digits is None for c in row.chunks])
    assert (forced is None) == (cut is None)
    if forced is not None and cut is not None and cut[0] is not None and forced.candidates:
        assert forced.candidates == [cut[0]]
        assert forced.raws == [_raws_by_zip(row.chunks, cut[0], cut[1])]
