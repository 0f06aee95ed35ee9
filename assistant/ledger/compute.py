"""Validated ledger records + report year -> 表二/三/四 cells, each with the rows behind it.

Pure functions. Every application relevant to year Y lands in exactly one of 一/二 and
exactly one of 三/四, and every total is the sum of its parts, so the tables satisfy every
rule of the form by construction:

- 一、本年新收: received in Y;
- 二、上年结转: received before Y and still open on 1 January Y;
- 三、本年度办理结果: closed in Y, in the row of its 办理结果;
- 四、结转下年度: received by 31 December Y and still open after it.

表四 counts each case in its group (行政复议 / 未经复议直接起诉 / 复议后起诉) by its result as
of 31 December Y: a case closed later is 尚未审结 for Y. Which cases belong to Y is a choice
the format leaves open: ``CaseScope.RECEIVED`` (default) counts cases received in Y;
``CaseScope.ACTIVE`` also counts earlier cases still pending on 1 January Y.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from assistant.form import (
    FormatVersion,
    cell_address,
    defining_sums,
    row_addresses,
    t3_outcome_rows,
    table_addresses,
)
from assistant.ledger.labels import PENDING
from assistant.ledger.records import Application, Case, Table2Entry
from assistant.report import CellValue

V2021 = FormatVersion.V2021


class CaseScope(StrEnum):
    RECEIVED = "received"  # cases received in the report year
    ACTIVE = "active"  # … plus earlier cases still pending on 1 January


class Source(StrEnum):
    """Which ledger a cell's rows come from."""

    APPLICATIONS = "applications"
    CASES = "cases"
    TABLE2 = "table2"


@dataclass
class Computation:
    """The cells of the three tables and where each came from.

    ``leaves`` holds the rows behind each cell that is counted directly; ``sums`` says which
    cells a total adds up. A cell of a table that was not supplied is ``None``.
    """

    cells: dict[str, CellValue] = field(default_factory=dict)
    leaves: dict[str, tuple[Source, list[int]]] = field(default_factory=dict)
    sums: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rows_of(self, address: str) -> list[tuple[Source, int]]:
        """Every ledger row behind a cell, totals resolved through their parts."""
        return sorted(set(_rows_of(self.leaves, self.sums, address)))


def _rows_of(
    leaves: dict[str, tuple[Source, list[int]]], sums: dict[str, tuple[str, ...]], address: str
) -> Iterable[tuple[Source, int]]:
    if address in leaves:
        source, rows = leaves[address]
        yield from ((source, r) for r in rows)
    for part in sums.get(address, ()):
        yield from _rows_of(leaves, sums, part)


# --- the sums the form prints -----------------------------------------------------------------


def t3_sums() -> dict[str, tuple[str, ...]]:
    """表三 totals: 三（七） = its outcome rows; 总计 column = the six applicant columns."""
    return defining_sums(V2021, "t3")


def t4_sums() -> dict[str, tuple[str, ...]]:
    return defining_sums(V2021, "t4")


def t3_leaf_rows() -> tuple[str, ...]:
    return ("new", "carried_in", *t3_outcome_rows(V2021), "carried_out")


# --- counting ----------------------------------------------------------------------------------


def place_application(app: Application, year: int) -> tuple[str | None, str | None]:
    """The 表三 rows an application counts in for ``year``: (一 or 二, 三-row or 四)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if app.received > end or (app.closed is not None and app.closed < start):
        return None, None
    arrived = "new" if app.received >= start else "carried_in"
    if app.closed is not None and app.closed <= end:
        assert app.outcome is not None  # validation refuses a closed row without outcome
        return arrived, app.outcome
    return arrived, "carried_out"


def tally_applications(apps: Iterable[Application], year: int) -> dict[str, list[int]]:
    """表三 leaf cell -> ledger row numbers, for every leaf cell (empty lists included)."""
    tally: dict[str, list[int]] = {
        cell: [] for r in t3_leaf_rows() for cell in row_addresses(V2021, "t3", r, parts=True)
    }
    for app in apps:
        arrived, left = place_application(app, year)
        if arrived is None or left is None:
            continue
        tally[cell_address("t3", arrived, app.applicant)].append(app.row)
        tally[cell_address("t3", left, app.applicant)].append(app.row)
    return tally


def case_counts_in(case: Case, year: int, scope: CaseScope) -> bool:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if case.received > end:
        return False
    if scope is CaseScope.RECEIVED:
        return case.received >= start
    return case.closed is None or case.closed >= start


def case_result_in(case: Case, year: int) -> str:
    """The result column for ``year``: the ledger's result once closed by 31 December."""
    if case.closed is not None and case.closed <= date(year, 12, 31) and case.result != PENDING:
        return case.result
    return "pending"


def tally_cases(cases: Iterable[Case], year: int, scope: CaseScope) -> dict[str, list[int]]:
    tally: dict[str, list[int]] = {cell: [] for cell in table_addresses(V2021, "t4", parts=True)}
    for case in cases:
        if case_counts_in(case, year, scope):
            tally[cell_address("t4", case.kind, case_result_in(case, year))].append(case.row)
    return tally


# --- assembling -------------------------------------------------------------------------------


def _add_counted(
    comp: Computation, tally: dict[str, list[int]], sums: dict[str, tuple[str, ...]],
    source: Source,
) -> None:
    for address, rows in tally.items():
        comp.leaves[address] = (source, rows)
        comp.cells[address] = len(rows)
    comp.sums.update(sums)

    def total(address: str) -> int:
        if address not in comp.cells:
            comp.cells[address] = sum(total(part) for part in sums[address])
        value = comp.cells[address]
        assert isinstance(value, int)
        return value

    for address in sums:
        total(address)


def _blank(comp: Computation, addresses: Iterable[str]) -> None:
    for address in addresses:
        comp.cells[address] = None


def t2_addresses() -> tuple[str, ...]:
    return table_addresses(V2021, "t2")


def compute(
    year: int,
    applications: Iterable[Application],
    cases: Iterable[Case] | None = None,
    table2: Iterable[Table2Entry] | None = None,
    *,
    case_scope: CaseScope = CaseScope.RECEIVED,
) -> Computation:
    """All cells of 表二/三/四 (2021 format) for ``year``; a table not supplied is left blank."""
    comp = Computation()
    _blank(comp, t2_addresses())
    if table2 is not None:
        for entry in table2:
            comp.cells[entry.address] = (
                Decimal(entry.value) if entry.address.endswith("amount_wan") else entry.value
            )
            comp.leaves[entry.address] = (Source.TABLE2, [entry.row])
    _add_counted(comp, tally_applications(applications, year), t3_sums(), Source.APPLICATIONS)
    if cases is None:
        _blank(comp, table_addresses(V2021, "t4"))
    else:
        _add_counted(comp, tally_cases(cases, year, case_scope), t4_sums(), Source.CASES)
    return comp
