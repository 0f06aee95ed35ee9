"""Counting for report year Y: every boundary, every outcome, every applicant type, 表四."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cells import T3_PART_COLUMNS, T4_PART_COLUMNS, FormatVersion, t3_outcome_rows
from assistant.ledger.compute import (
    CaseScope,
    Computation,
    compute,
    place_application,
    t2_addresses,
)
from assistant.ledger.fill import report_from
from assistant.ledger.records import Application, Case
from assistant.report import Report

Y = 2024
OUTCOMES = t3_outcome_rows(FormatVersion.V2021)


def app(received: str, closed: str | None = None, outcome: str | None = "public",
        applicant: str = "natural", row: int = 2) -> Application:
    return Application(row, f"A{row}", date.fromisoformat(received), applicant,
                       date.fromisoformat(closed) if closed else None,
                       outcome if closed else None)


@pytest.mark.parametrize(("received", "closed", "year", "expected"), [
    # received on 31 Dec / 1 Jan
    ("2024-12-31", None, 2024, ("new", "carried_out")),
    ("2024-12-31", None, 2025, ("carried_in", "carried_out")),
    ("2025-01-01", None, 2024, (None, None)),
    ("2025-01-01", None, 2025, ("new", "carried_out")),
    ("2024-01-01", "2024-01-01", 2024, ("new", "public")),
    ("2023-12-31", None, 2024, ("carried_in", "carried_out")),
    # closed on 31 Dec / 1 Jan
    ("2024-06-01", "2024-12-31", 2024, ("new", "public")),
    ("2024-06-01", "2024-12-31", 2025, (None, None)),
    ("2024-12-31", "2025-01-01", 2024, ("new", "carried_out")),
    ("2024-12-31", "2025-01-01", 2025, ("carried_in", "public")),
    ("2023-12-31", "2024-01-01", 2023, ("new", "carried_out")),
    ("2023-12-31", "2024-01-01", 2024, ("carried_in", "public")),
    ("2023-12-01", "2023-12-31", 2024, (None, None)),
    # open across two year ends
    ("2022-12-15", None, 2022, ("new", "carried_out")),
    ("2022-12-15", None, 2023, ("carried_in", "carried_out")),
    ("2022-12-15", None, 2024, ("carried_in", "carried_out")),
    ("2022-12-15", "2025-01-05", 2023, ("carried_in", "carried_out")),
    ("2022-12-15", "2025-01-05", 2024, ("carried_in", "carried_out")),
    ("2022-12-15", "2025-01-05", 2025, ("carried_in", "public")),
    ("2022-12-15", "2025-01-05", 2026, (None, None)),
])
def test_year_boundaries(received: str, closed: str | None, year: int,
                         expected: tuple[str | None, str | None]) -> None:
    assert place_application(app(received, closed), year) == expected


def test_boundaries_through_the_tables() -> None:
    apps = [
        app("2023-12-31", None, row=2),  # 二 and 四
        app("2024-01-01", "2024-12-31", row=3),  # 一 and 三
        app("2024-12-31", None, row=4),  # 一 and 四
        app("2025-01-01", None, row=5),  # not 2024
        app("2022-12-15", "2025-01-05", row=6),  # 二 and 四 (open across 2022→2025)
        app("2023-03-01", "2023-12-31", row=7),  # closed before 2024: not counted
    ]
    cells = compute(Y, apps).cells
    assert (cells["t3.new.natural"], cells["t3.carried_in.natural"]) == (2, 2)
    assert (cells["t3.handled_total.natural"], cells["t3.carried_out.natural"]) == (1, 3)
    assert cells["t3.public.natural"] == 1


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_each_outcome_row(outcome: str) -> None:
    comp = compute(Y, [app("2024-03-01", "2024-03-20", outcome, row=9)])
    assert comp.cells[f"t3.{outcome}.natural"] == 1
    assert comp.cells[f"t3.{outcome}.total"] == 1
    assert comp.cells["t3.handled_total.natural"] == 1
    others = [o for o in OUTCOMES if o != outcome]
    assert all(comp.cells[f"t3.{o}.total"] == 0 for o in others)
    assert comp.rows_of(f"t3.{outcome}.natural") == [("applications", 9)]


@pytest.mark.parametrize("column", T3_PART_COLUMNS)
def test_each_applicant_type(column: str) -> None:
    comp = compute(Y, [app("2024-03-01", "2024-03-20", "partial", column, row=4),
                       app("2024-05-01", None, None, column, row=5)])
    assert comp.cells[f"t3.new.{column}"] == 2
    assert comp.cells[f"t3.partial.{column}"] == 1
    assert comp.cells[f"t3.carried_out.{column}"] == 1
    assert comp.cells["t3.new.total"] == 2
    others = [c for c in T3_PART_COLUMNS if c != column]
    assert all(comp.cells[f"t3.new.{c}"] == 0 for c in others)
    assert comp.rows_of("t3.new.total") == [("applications", 4), ("applications", 5)]
    assert comp.rows_of("t3.handled_total.total") == [("applications", 4)]


def test_tables_not_supplied_are_blank() -> None:
    comp = compute(Y, [])
    assert all(comp.cells[a] is None for a in t2_addresses())
    assert comp.cells["t4.review.total"] is None
    assert comp.cells["t3.new.total"] == 0


# --- 表四 ---------------------------------------------------------------------------------------


def case(kind: str, received: str, result: str = "pending", closed: str | None = None,
         row: int = 2) -> Case:
    return Case(row, f"F{row}", kind, date.fromisoformat(received), result,
                date.fromisoformat(closed) if closed else None)


CASES = [
    case("review", "2024-01-01", "upheld", "2024-03-01", row=2),
    case("review", "2024-12-31", "corrected", "2025-01-03", row=3),  # pending at year end
    case("review", "2023-12-31", "other", "2024-02-01", row=4),  # an earlier case
    case("suit_direct", "2024-05-01", "other", "2024-12-31", row=5),
    case("suit_direct", "2022-05-01", row=6),  # pending since 2022
    case("suit_after_review", "2025-01-01", row=7),  # next year
    case("suit_after_review", "2024-07-01", "corrected", "2024-08-01", row=8),
]


def test_cases_received_in_the_year() -> None:
    cells = compute(Y, [], CASES).cells
    assert [cells[f"t4.review.{c}"] for c in (*T4_PART_COLUMNS, "total")] == [1, 0, 0, 1, 2]
    assert [cells[f"t4.suit_direct.{c}"] for c in (*T4_PART_COLUMNS, "total")] == [0, 0, 1, 0, 1]
    assert [cells[f"t4.suit_after_review.{c}"] for c in (*T4_PART_COLUMNS, "total")] == [
        0, 1, 0, 0, 1]


def test_cases_active_in_the_year() -> None:
    comp = compute(Y, [], CASES, case_scope=CaseScope.ACTIVE)
    cells = comp.cells
    assert [cells[f"t4.review.{c}"] for c in (*T4_PART_COLUMNS, "total")] == [1, 0, 1, 1, 3]
    assert [cells[f"t4.suit_direct.{c}"] for c in (*T4_PART_COLUMNS, "total")] == [0, 0, 1, 1, 2]
    assert comp.rows_of("t4.suit_direct.total") == [("cases", 5), ("cases", 6)]


def test_next_year_sees_the_result() -> None:
    cells = compute(2025, [], CASES, case_scope=CaseScope.ACTIVE).cells
    assert cells["t4.review.corrected"] == 1  # row 3, closed 2025-01-03
    assert cells["t4.suit_after_review.pending"] == 1  # row 7


# --- the table rules hold by construction ---------------------------------------------------


def rule_violations(cells: dict[str, object]) -> list[str]:
    """The form's own rules, written independently of compute.py."""
    bad = []
    cols = (*T3_PART_COLUMNS, "total")
    for c in cols:
        def v(row: str, col: str = c) -> int:
            value = cells[f"t3.{row}.{col}"]
            assert isinstance(value, int) and value >= 0
            return value

        if v("new") + v("carried_in") != v("handled_total") + v("carried_out"):
            bad.append(f"column_balance {c}")
        if sum(v(o) for o in OUTCOMES) != v("handled_total"):
            bad.append(f"handled_sum {c}")
    rows = ("new", "carried_in", *OUTCOMES, "handled_total", "carried_out")
    for r in rows:
        if sum(int(str(cells[f"t3.{r}.{c}"])) for c in T3_PART_COLUMNS) != cells[f"t3.{r}.total"]:
            bad.append(f"row_sum {r}")
    for g in ("review", "suit_direct", "suit_after_review"):
        parts = sum(int(str(cells[f"t4.{g}.{c}"])) for c in T4_PART_COLUMNS)
        if parts != cells[f"t4.{g}.total"]:
            bad.append(f"group_sum {g}")
    return bad


DAY0 = date(2021, 1, 1)
days = st.integers(min_value=0, max_value=6 * 365)


@st.composite
def applications(draw: st.DrawFn) -> list[Application]:
    result = []
    for row in range(draw(st.integers(0, 40))):
        received = DAY0 + timedelta(days=draw(days))
        closed = None
        if draw(st.booleans()):
            closed = received + timedelta(days=draw(st.integers(0, 500)))
        result.append(Application(
            row + 2, str(row), received, draw(st.sampled_from(T3_PART_COLUMNS)), closed,
            draw(st.sampled_from(OUTCOMES)) if closed else None,
        ))
    return result


@st.composite
def cases(draw: st.DrawFn) -> list[Case]:
    result = []
    for row in range(draw(st.integers(0, 15))):
        received = DAY0 + timedelta(days=draw(days))
        closed = None
        result_key = "pending"
        if draw(st.booleans()):
            closed = received + timedelta(days=draw(st.integers(0, 500)))
            result_key = draw(st.sampled_from(["upheld", "corrected", "other"]))
        kind = draw(st.sampled_from(["review", "suit_direct", "suit_after_review"]))
        result.append(Case(row + 2, str(row), kind, received, result_key, closed))
    return result


@settings(max_examples=100, deadline=None)
@given(apps=applications(), case_list=cases(), year=st.integers(2021, 2026),
       scope=st.sampled_from(list(CaseScope)))
def test_tables_balance_by_construction(
    apps: list[Application], case_list: list[Case], year: int, scope: CaseScope
) -> None:
    comp = compute(year, apps, case_list, case_scope=scope)
    assert rule_violations(comp.cells) == []
    # Every relevant application is counted exactly twice in its column: in 一/二 and 三/四.
    relevant = [a for a in apps if place_application(a, year) != (None, None)]
    counted = [comp.cells["t3.new.total"], comp.cells["t3.carried_in.total"]]
    assert sum(int(str(v)) for v in counted) == len(relevant)
    # Each leaf cell's value is the number of rows behind it.
    for address, (_, rows) in comp.leaves.items():
        assert comp.cells[address] == len(rows)
    # 二 of next year equals 四 of this year, column by column.
    following = compute(year + 1, apps).cells
    for c in T3_PART_COLUMNS:
        assert following[f"t3.carried_in.{c}"] == comp.cells[f"t3.carried_out.{c}"]


def filled_report(comp: Computation) -> Report:
    return report_from(comp, Y, agency="测试机关")


@settings(max_examples=40, deadline=None)
@given(apps=applications(), case_list=cases())
def test_table_checks_find_no_error(apps: list[Application], case_list: list[Case]) -> None:
    """The project's own table checks (assistant.checks) agree."""
    from assistant.checks import filter_scope, run_checks

    comp = compute(Y, apps, case_list)
    for address in t2_addresses():
        comp.cells[address] = 0
    report = filled_report(comp)
    errors = [f for f in filter_scope(run_checks(report), "tables") if f.is_error]
    assert errors == []
