"""Splitting digits printed run together: only the table's own rules may choose a split."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from assistant.cells import ValueKind
from assistant.parsing.splitter import SumRule, count_splits, splits

C, D, A = ValueKind.COUNT, ValueKind.DELTA, ValueKind.AMOUNT
T3 = (SumRule(parts=(0, 1, 2, 3, 4, 5), total=6),)
T4 = (SumRule((0, 1, 2, 3), 4), SumRule((5, 6, 7, 8), 9), SumRule((10, 11, 12, 13), 14))


@pytest.mark.parametrize(("runs", "expected"), [
    (["640020470"], [(64, 0, 0, 2, 0, 4, 70)]),  # 平潭 2021 一、本年新收
    (["713000074"], [(71, 3, 0, 0, 0, 0, 74)]),  # 平潭 2022 一、本年新收
    (["0000000"], [(0,) * 7]),
    (["200", "000121"], [(20, 0, 0, 0, 0, 1, 21)]),  # whitespace kept by the page
    (["20", "0", "00", "0", "121"], [(20, 0, 0, 0, 0, 1, 21)]),  # 平潭 2020 （七）总计
    (["500000", "5"], [(5, 0, 0, 0, 0, 0, 5)]),
])
def test_t3_rows_with_one_split(runs: list[str], expected: list[tuple[int, ...]]) -> None:
    result = splits(runs, (C,) * 7, T3)
    assert result.candidates == expected
    assert not result.exhausted


def test_t3_row_with_two_splits_keeps_both() -> None:
    """"270020130" fits the row rule two ways; the row alone cannot choose."""
    result = splits(["270020130"], (C,) * 7, T3)
    assert sorted(result.candidates) == [(2, 7, 0, 0, 20, 1, 30), (27, 0, 0, 2, 0, 1, 30)]


def test_t4_run_is_split_by_group_totals() -> None:
    """平潭 2021 表四: 10203120001200000 = 1,0,2,0,3 | 12,0,0,0,12 | 0,0,0,0,0."""
    result = splits(["10203120001200000"], (C,) * 15, T4)
    assert result.candidates == [(1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)]


def test_whitespace_is_a_hard_boundary() -> None:
    # as one run, "1234" splits into (1,2,3..)…; with "12 34" each cell stays inside its run
    free = splits(["1234"], (C, C))
    spaced = splits(["12", "34"], (C, C))
    assert len(free.candidates) == 3
    assert spaced.candidates == [(12, 34)]


def test_inconsistent_row_has_no_ruled_split() -> None:
    """A printed row that breaks its own rule gives no ruled candidate (callers fall back)."""
    assert splits(["1", "1", "0", "0", "0", "0", "5"], (C,) * 7, T3).candidates == []
    assert splits(["1", "1", "0", "0", "0", "0", "5"], (C,) * 7).candidates == [
        (1, 1, 0, 0, 0, 0, 5)
    ]


def test_no_leading_zeros_except_zero() -> None:
    assert splits(["05"], (C, C)).candidates == [(0, 5)]
    assert splits(["05"], (C,)).candidates == []
    assert splits(["05"], (C,), whole=[True]).candidates == [(5,)]  # printed as its own cell


def test_minus_sign_opens_a_signed_cell_only() -> None:
    """2019 表二 本年增/减: "2648-18538" is 2648 | -1.. ; a count is never negative."""
    result = splits(["2648", "-18538"], (C, D, C))
    assert result.candidates == [
        (2648, -1, 8538), (2648, -18, 538), (2648, -185, 38), (2648, -1853, 8)
    ]
    assert splits(["35", "-15"], (C, D)).candidates == [(35, -15)]
    assert splits(["-15"], (C,)).candidates == []


def test_decimal_point_only_inside_an_amount() -> None:
    result = splits(["39573802895.90"], (C, A))
    assert (39573, Decimal("802895.90")) in result.candidates
    assert all(isinstance(v[1], Decimal) and "." in str(v[1]) for v in result.candidates)
    assert splits(["24252.311082"], (A,)).candidates == [(Decimal("24252.311082"),)]
    assert splits(["12.5"], (C,)).candidates == []


def test_blank_cells_take_one_cell() -> None:
    result = splits(["5", None, None, "2", "7"], (C, C, C, C, C), (SumRule((0, 1, 2, 3), 4),))
    assert result.candidates == [(5, None, None, 2, 7)]
    assert result.origins == [(0, 1, 2, 3, 4)]


def test_counts_without_rules() -> None:
    assert count_splits("693665", 3) == 10
    assert count_splits("000", 3) == 1
    assert count_splits("0", 3) == 0


@pytest.mark.parametrize("run", ["1234567890" * 8, "9" * 300, "1" * 2000])
def test_long_runs_terminate_quickly(run: str) -> None:
    started = time.perf_counter()
    ruled = splits([run], (C,) * 7, T3)
    unruled = splits([run], (C,) * 3)
    t4 = splits([run], (C,) * 15, T4)
    assert time.perf_counter() - started < 2.0
    assert len(unruled.candidates) <= 200
    for result in (ruled, unruled, t4):
        assert result.exhausted or len(result.candidates) < 200


def test_candidate_cap_is_reported() -> None:
    result = splits(["12345678912345"], (C,) * 5, keep=10)
    assert len(result.candidates) == 10
    assert result.exhausted


def test_impossible_shapes() -> None:
    assert splits([], (C,)).candidates == []
    assert splits(["1"], ()).candidates == []
    assert splits(["1", "2", "3"], (C, C)).candidates == []  # more runs than cells
    assert splits(["12"], (C, C, C)).candidates == []  # fewer digits than cells
