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
    resolve._set_cells(got, addresses, values, count)
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
