"""Rebuilding an open report's tables from the ledgers: what would change, before it changes.

``plan_rebuild`` counts the ledgers and returns the report as it would be, cell by cell what
changes (old → new), and the provenance merged: only the tables whose ledger was given are
rebuilt (表三 from the application ledger, 表四 from the case ledger, 表二 from the 表二 ledger);
every other table, and its ledger trail, is left exactly as it is. Nothing is written: the
caller shows the plan, and applies it when the writer confirms.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from assistant.errors import NianbaoError
from assistant.form import TABLE_KEYS, cell_spec, cell_specs, is_address
from assistant.form import TABLE_NAMES as TABLE_NAMES  # re-exported: assistant.services names it
from assistant.ledger.compute import Source
from assistant.ledger.fill import FillResult, fill
from assistant.ledger.provenance import CellOrigin, Provenance
from assistant.report import Report
from assistant.workspace.editing import cell_text
from assistant.workspace.origins import describe, forget_ledger_tables, new_provenance
from assistant.workspace.store import now

TABLE_SOURCES: dict[str, Source] = {
    "t2": Source.TABLE2, "t3": Source.APPLICATIONS, "t4": Source.CASES,
}
LEDGER_NAMES = {"t2": "表二台账", "t3": "依申请公开登记台账", "t4": "复议诉讼台账"}


@dataclass(frozen=True)
class CellChange:
    address: str
    label: str
    old: str
    new: str

    @property
    def table(self) -> str:
        return self.address.split(".", 1)[0]


@dataclass
class RebuildPlan:
    """What a rebuild would do; ``report`` and ``provenance`` are the state after it."""

    result: FillResult
    tables: tuple[str, ...]  # rebuilt, in order
    kept: tuple[str, ...]  # left as they are: no ledger given
    changes: list[CellChange]
    report: Report
    provenance: Provenance
    base: str  # digest of the report the plan was made against
    ledger_name: str
    skipped: list[str] = field(default_factory=list)  # counted cells the report's format lacks

    def changes_in(self, table: str) -> list[CellChange]:
        return [c for c in self.changes if c.table == table]

    def summary(self) -> str:
        """One Chinese sentence: how many cells change, which tables stay as they are."""
        parts = []
        for table in self.tables:
            n = len(self.changes_in(table))
            parts.append(f"{TABLE_NAMES[table]} {n} 个单元格将改变" if n
                         else f"{TABLE_NAMES[table]}没有变化")
        text = "按台账重新统计：" + "，".join(parts) + "。"
        for table in self.kept:
            text += f"未提供{LEDGER_NAMES[table]}，{TABLE_NAMES[table]}保持不变。"
        return text


def digest(report: Report) -> str:
    return hashlib.sha256(report.to_json(indent=None).encode("utf-8")).hexdigest()


def plan_rebuild(report: Report, provenance: Provenance | None, applications: Path, *,
                 cases: Path | None = None, table2: Path | None = None,
                 previous: Report | None = None, today: date | None = None,
                 at: datetime | None = None) -> RebuildPlan:
    """Count the ledgers for the report's year and plan the change; nothing is written."""
    year = report.meta.year
    if year is None:
        raise NianbaoError("报告没有年度，无法按年度统计台账")
    at = at or now()
    result = fill(applications, year, cases=cases, table2=table2, previous=previous,
                  agency=report.meta.agency, today=today)
    tables = tuple(t for t, given in (("t2", table2), ("t3", applications), ("t4", cases))
                   if given is not None)
    kept = tuple(t for t in TABLE_KEYS if t not in tables)
    updated = report.model_copy(deep=True)
    changes: list[CellChange] = []
    skipped: list[str] = []
    written: list[str] = []
    counted = result.report
    for spec in cell_specs(counted.version):
        if spec.table not in tables:
            continue
        if not is_address(report.version, spec.address):
            skipped.append(spec.address)
            continue
        written.append(spec.address)
        old = cell_text(report, spec.address)
        updated.set_cell(spec.address, counted.cells.get(spec.address))
        new = cell_text(updated, spec.address)
        if new != old:
            label = cell_spec(report.version, spec.address).label
            changes.append(CellChange(spec.address, label, old, new))

    merged = provenance.model_copy(deep=True) if provenance is not None \
        else new_provenance(report)
    forget_ledger_tables(merged, tables)
    fresh = result.provenance
    for address, rows in fresh.cells.items():
        if address.split(".", 1)[0] in tables:
            merged.cells[address] = rows
    for address, parts in fresh.sums.items():
        if address.split(".", 1)[0] in tables:
            merged.sums[address] = list(parts)
    for table in tables:
        source = TABLE_SOURCES[table]
        if source in fresh.sources:
            merged.sources[source] = fresh.sources[source]
    merged.year, merged.case_scope = fresh.year, fresh.case_scope
    merged.issues, merged.crosscheck = list(fresh.issues), list(fresh.crosscheck)
    name = applications.name
    changed = {c.address: c.old for c in changes}
    files = {"t2": table2, "t3": applications, "t4": cases}
    for address in written:
        earlier = merged.origins.get(address)
        ledger = files[address.split(".", 1)[0]]
        merged.origins[address] = CellOrigin(
            kind="ledger", source=ledger.name if ledger is not None else name, at=at,
            value=cell_text(updated, address), old=changed.get(address),
            before=describe(earlier) if earlier is not None and address in changed else None,
        )
    return RebuildPlan(result, tables, kept, changes, updated, merged, digest(report), name,
                       skipped)
