"""The index loops that stand for zip(..., strict=...) in resolve and splitter, against zip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parsing import resolve, splitter

_ADDRESSES = st.lists(st.sampled_from(["t3.a.1", "t3.a.2", "t3.b.1", "t2.x", "t4.y"]), max_size=8)
_VALUES = st.lists(st.one_of(st.none(), st.integers(-5, 99), st.just(Decimal("1.5"))), max_size=8)


@settings(max_examples=400, deadline=None)
@given(_ADDRESSES, _VALUES, st.integers(0, 9))
def test_set_cells_is_update_from_zip(addresses: list[str], values: list[int | Decimal | None],
                                      written: int) -> None:
    count = min(len(addresses), len(values), written)
    got: dict[str, int | Decimal | None] = {"t2.x": 7}
    resolve._set_cells(got, tuple(addresses), tuple(values), count)
    expected: dict[str, int | Decimal | None] = {"t2.x": 7}
    expected.update(zip(addresses, values if len(values) == written else values[:written], strict=False))
    assert got == expected
    assert list(got) == list(expected)


@settings(max_examples=400, deadline=None)
@given(_ADDRESSES, _VALUES)
def test_candidate_is_the_comprehension(addresses: list[str], values: list[int | Decimal | None]) -> None:
    try:
        expected = {a: v for a, v in zip(addresses, values, strict=True) if v is not None}
    except ValueError:
        with pytest.raises(ValueError):
            resolve._candidate(addresses, values)
        return
    got = resolve._candidate(addresses, values)
    assert got == expected
    assert list(got) == list(expected)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["0", "12", "1.5", "-3", "１", "007", ""])), max_size=6),
       st.lists(st.booleans(), max_size=6))
def test_all_digits_apart_is_any_over_zip(runs: list[str | None], is_whole: list[bool]) -> None:
    try:
        expected = not any(alone or not run.isascii() or not run.isdigit() for run, alone
                           in zip(runs, is_whole, strict=True) if run is not None)
    except ValueError:
        with pytest.raises(ValueError):
            splitter._all_digits_apart(runs, is_whole)
        return
    assert splitter._all_digits_apart(runs, is_whole) == expected


# --- tables._read_known_cells: a loop with an early stop, against the maps it replaced -----------

def _read_known_cells_by_maps(middle: tuple[str, ...], end: int) -> object:
    """_read_known_cells as it was: every cell stripped and looked up, then the chunks made."""
    import operator
    from itertools import repeat

    from assistant.parsing.normalise import SEP
    from assistant.parsing.tables import _CELL_CACHE, _KIND_BLANK, Chunk

    cells = list(map(str.strip, middle))
    known = list(map(_CELL_CACHE.get, cells))
    if None in known or max(map(operator.itemgetter(0), known)) > _KIND_BLANK:  # type: ignore[arg-type]
        return None
    chunks = tuple(map(tuple.__new__, repeat(Chunk), zip(  # type: ignore[call-overload]
        cells, map(operator.itemgetter(1), known), range(1, end), repeat(True),  # type: ignore[arg-type]
        map(operator.itemgetter(2), known), strict=False)))  # type: ignore[arg-type]
    length = len(SEP.join(middle))
    return chunks, length - len(middle[-1]) + len(middle[-1].rstrip()), length + 1


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" 0 ", "12", " （空） ", "/", "3件", "数据1", "本年新收", "1,234", "", "0",
                                 "  7\n", "—"]), min_size=1, max_size=9))
def test_read_known_cells_as_the_maps(cells: list[str]) -> None:
    from assistant.parsing import tables

    tables._CELL_CACHE.clear()
    for cell in ("0", "12", "（空）", "/", "1,234", "本年新收", "数据1", "3件", "7"):
        tables._classify(cell)
    middle = tuple(cells)
    assert tables._read_known_cells(middle, len(middle) + 1) == _read_known_cells_by_maps(middle, len(middle) + 1)
