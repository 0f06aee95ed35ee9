"""Where each table cell's value came from, kept beside the report as the cells change.

Every action that sets cells records, for each cell it set, a ``CellOrigin`` in
``report.provenance.json``: counted from the ledger, imported from a file, edited by hand,
chosen among the splits of a run-together row, or set when the report was started; with the
value it gave the cell. A cell is explained by its origin only while it still holds that value
(a restored version or any other change makes the record stale, and it is not cited); ledger
rows are cited only for cells whose value still comes from the ledger, and the ledger trail of a
cell that stops coming from the ledger is dropped.

Actions that replace the report whole (a ledger rebuild, a split chosen) go through
``replace_tracked``, which keeps the report and its provenance as they were, so that one
``undo`` puts both back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from assistant.cells import cell_spec, cell_specs
from assistant.errors import NianbaoError
from assistant.ledger.provenance import CellOrigin, CellRows, OriginKind, Provenance
from assistant.report import Report
from assistant.workspace.editing import OpenReport, cell_text
from assistant.workspace.records import CellEdit
from assistant.workspace.store import ReportFolder, now

KIND_NAMES: dict[str, str] = {
    "ledger": "台账统计", "import": "文件导入", "edit": "手工修改", "split": "选择拆分",
    "start": "新建报告",
}


def texts(report: Report, addresses: Iterable[str] | None = None) -> dict[str, str]:
    """What each cell shows now (all cells of the report's format when not given)."""
    chosen = addresses if addresses is not None else (s.address for s in cell_specs(report.version))
    return {a: cell_text(report, a) for a in chosen}


def describe(origin: CellOrigin) -> str:
    """An origin in a few words, e.g. “从文件 平潭2022.txt 导入”."""
    when = f"{origin.at:%m-%d %H:%M}"
    if origin.kind == "ledger":
        return f"{when} 由台账 {origin.source} 统计"
    if origin.kind == "import":
        return f"{when} 从文件 {origin.source} 导入"
    if origin.kind == "edit":
        return f"{when} 手工修改（{origin.old or '空'} → {origin.value or '空'}）"
    if origin.kind == "split":
        return f"{when} 在原文“{origin.source}”的拆分中选定"
    return f"{when} 新建报告（{origin.source or '空白报告'}）时的数值"


def new_provenance(report: Report) -> Provenance:
    return Provenance(year=report.meta.year or 0)


def set_origins(provenance: Provenance | None, report: Report, kind: OriginKind, source: str,
                addresses: Iterable[str], *, at: datetime | None = None,
                old: Mapping[str, str] | None = None) -> Provenance:
    """Record that ``addresses`` of ``report`` (as they are now) came from ``kind``/``source``.

    The earlier origin of each cell is kept in words (``before``); a cell that no longer comes
    from the ledger loses its ledger trail. Returns the provenance (a new one when none)."""
    prov = provenance if provenance is not None else new_provenance(report)
    at = at or now()
    chosen = list(addresses)
    for address in chosen:
        earlier = prov.origins.get(address)
        prov.origins[address] = CellOrigin(
            kind=kind, source=source, at=at, value=cell_text(report, address),
            old=None if old is None else old.get(address),
            before=describe(earlier) if earlier is not None and kind in ("edit", "split") else None,
        )
    if kind != "ledger":
        drop_ledger(prov, chosen)
    return prov


def drop_ledger(provenance: Provenance, addresses: Iterable[str]) -> None:
    """Forget the ledger trail of ``addresses``: a total that adds one of them up keeps its own
    rows (it still counts them), the cells themselves are no longer traced to ledger rows."""
    gone = {a for a in addresses if provenance.knows(a)}
    if not gone:
        return
    for total in list(provenance.sums):
        if total in gone or not _touches(provenance, total, gone):
            continue
        rows = provenance.rows_of(total)
        if rows:
            source = rows[0][0]
            provenance.cells[total] = CellRows(source=source, rows=[r for _, r in rows])
    for address in gone:
        provenance.cells.pop(address, None)
        provenance.sums.pop(address, None)
    for total, parts in list(provenance.sums.items()):
        provenance.sums[total] = [p for p in parts if p not in gone]
    _prune_records(provenance)


def _touches(provenance: Provenance, total: str, gone: set[str]) -> bool:
    return any(part in gone or _touches(provenance, part, gone)
               for part in provenance.sums.get(total, ()))


def _prune_records(provenance: Provenance) -> None:
    used: dict[str, set[int]] = {}
    for found in provenance.cells.values():
        used.setdefault(found.source, set()).update(found.rows)
    for source, kept in provenance.sources.items():
        rows = used.get(source, set())
        kept.records = {n: v for n, v in kept.records.items() if n in rows}


def forget_ledger_tables(provenance: Provenance, tables: Iterable[str]) -> None:
    """Drop the whole ledger trail (cells, sums, sources) of ``tables`` ("t2", "t3", "t4")."""
    from assistant.ledger.compute import Source

    chosen = set(tables)
    for mapping in (provenance.cells, provenance.sums):
        for address in [a for a in mapping if a.split(".", 1)[0] in chosen]:
            del mapping[address]
    sources = {"t2": Source.TABLE2, "t3": Source.APPLICATIONS, "t4": Source.CASES}
    for table in chosen:
        provenance.sources.pop(sources[table], None)


# --- editing ----------------------------------------------------------------------------------


def record_edit(folder: ReportFolder, report: Report, address: str, old: str, *,
                at: datetime | None = None) -> None:
    """After a hand edit of ``address`` (already applied to ``report``): its origin is the edit,
    and its ledger trail, if any, is dropped."""
    prov = folder.load_provenance()
    prov = set_origins(prov, report, "edit", "手工修改", [address], at=at, old={address: old})
    folder.save_provenance(prov)


def hand_edited(report: Report, provenance: Provenance | None,
                edits: Sequence[CellEdit] = ()) -> dict[str, datetime]:
    """Cells that hold a value typed by hand, with when it was typed."""
    found: dict[str, datetime] = {}
    if provenance is not None:
        for address, origin in provenance.origins.items():
            if origin.kind == "edit" and origin.value == cell_text(report, address):
                found[address] = origin.at
    for edit in edits:  # edits made where no origin was recorded
        recorded = provenance.origins.get(edit.cell) if provenance is not None else None
        if recorded is not None and recorded.at >= edit.at:
            continue
        try:
            current = cell_text(report, edit.cell)
        except KeyError:
            continue
        if (edit.new or "") == current:
            found[edit.cell] = max(edit.at, found.get(edit.cell, edit.at))
        else:
            found.pop(edit.cell, None)
    return found


# --- explaining ---------------------------------------------------------------------------------


@dataclass
class CellStory:
    """Why a cell holds its value, as far as the workspace knows."""

    address: str
    value: str
    kind: str  # an OriginKind, "legacy" (an old ledger trail without origins) or "unknown"
    lines: list[str] = field(default_factory=list)
    ledger_rows: int = 0  # ledger rows cited

    @property
    def cites_ledger(self) -> bool:
        return self.ledger_rows > 0 or self.kind in ("ledger", "legacy")

    def text(self) -> str:
        return "\n".join(self.lines)


def story(report: Report, provenance: Provenance | None, address: str, *,
          edits: Sequence[CellEdit] = (), fallback: str = "", limit: int = 30) -> CellStory:
    """The origin of ``address``'s current value, in Chinese lines for the inspector and chat."""
    try:
        cell_spec(report.version, address)
    except KeyError as exc:
        raise NianbaoError(str(exc.args[0])) from None
    value = cell_text(report, address)
    origin = provenance.origins.get(address) if provenance is not None else None
    edit = next((e for e in reversed(edits) if e.cell == address), None)
    if edit is not None and (origin is None or edit.at > origin.at) and (edit.new or "") == value:
        return CellStory(address, value, "edit", [
            f"{edit.at:%m-%d %H:%M:%S} 手工修改：{edit.old or '空'} → {edit.new or '空'}。"])
    if provenance is not None and origin is not None and origin.value == value:
        return _from_origin(report, provenance, origin, address, value, limit)
    if origin is None and provenance is not None and not provenance.origins \
            and provenance.knows(address):
        found = _ledger_lines(report, provenance, address, limit)
        return CellStory(address, value, "legacy", found[0], found[1])
    lines = []
    if origin is not None:
        lines.append(f"记录的来源（{describe(origin)}）给出的数值是 {origin.value or '空'}，"
                     f"与当前数值 {value or '空'} 不同（可能恢复了历史版本），不再作为依据。")
    lines.append(f"本报告的数值来自：{fallback or report.meta.source or '未记录'}。")
    return CellStory(address, value, "unknown", lines)


def _from_origin(report: Report, provenance: Provenance, origin: CellOrigin, address: str,
                 value: str, limit: int) -> CellStory:
    when = f"{origin.at:%Y-%m-%d %H:%M}"
    if origin.kind == "ledger":
        lines, rows = _ledger_lines(report, provenance, address, limit)
        lines.insert(0, f"{when} 由台账 {origin.source} 统计得出。")
        if origin.old is not None and origin.old != value:
            lines.append(f"统计前为 {origin.old or '空'}。")
        return CellStory(address, value, "ledger", lines, rows)
    if origin.kind == "import":
        lines = [f"{when} 从文件 {origin.source} 导入，原文为 {value or '空'}。"]
    elif origin.kind == "edit":
        lines = [f"{origin.at:%Y-%m-%d %H:%M:%S} 手工修改：{origin.old or '空'} → {value or '空'}。"]
    elif origin.kind == "split":
        lines = [f"{when} 原文“{origin.source}”各单元格连在一起印出，撰稿人在可能的拆分中选定了 "
                 f"{value}（此前：{origin.old or '空'}）。"]
    elif origin.source.startswith("新建"):
        lines = [f"{when} {origin.source}。"]
    else:
        lines = [f"{when} 新建报告（{origin.source or '空白报告'}）时的数值。"]
    if origin.before:
        lines.append(f"此前：{origin.before}。")
    return CellStory(address, value, origin.kind, lines)


def _ledger_lines(report: Report, provenance: Provenance, address: str,
                  limit: int) -> tuple[list[str], int]:
    from assistant.ledger.explain import SOURCE_NAMES, explain

    found = explain(report, provenance, address)
    lines = [f"计数规则：{found.rule}。"]
    if found.parts:
        parts = "、".join(f"{p}={v}" for p, v in found.parts)
        lines.append(f"合计的组成：{parts}。")
    if found.rows:
        lines.append(f"台账中计入的行（{len(found.rows)} 行）：")
        for row in found.rows[:limit]:
            values = "，".join(f"{k}：{v}" for k, v in row.values.items() if v)
            lines.append(f"- {SOURCE_NAMES[row.source]} {row.file} 第{row.row}行：{values}")
        if len(found.rows) > limit:
            lines.append(f"- ……另有 {len(found.rows) - limit} 行")
    elif not found.parts:
        lines.append("台账中没有计入该单元格的行。")
    if found.note:
        lines.append(f"注意：{found.note}")
    return lines, len(found.rows)


# --- whole-report actions that can be undone ----------------------------------------------------


@dataclass(frozen=True)
class UndoPoint:
    """The state before an action: the snapshot ``version_id`` and the provenance kept with it."""

    version_id: str
    label: str
    at: datetime


def replace_tracked(current: OpenReport, updated: Report, provenance: Provenance | None,
                    note: str) -> UndoPoint:
    """Make ``updated`` (with ``provenance``) the report, as ``OpenReport.replace`` does (a
    version before and after); the provenance as it was is kept with the version before, so
    that ``undo`` puts back both."""
    with current.lock:
        current.replace(updated, note)
        before = next((v for v in current.folder.versions(limit=4) if v.note == f"{note}之前"),
                      None)
        if before is None:  # pragma: no cover - replace always saves the version before
            raise NianbaoError(f"未能保存“{note}”之前的版本")
        current.folder.backup_provenance(before.id)
        current.folder.save_provenance(provenance)
        current.recheck()
        return UndoPoint(before.id, note, before.at)


def undo(current: OpenReport, point: UndoPoint) -> None:
    """Put back the report and its provenance as they were before ``point``'s action (the
    current report is kept as a version first)."""
    with current.lock:
        current.restore(point.version_id)
        current.folder.restore_provenance(point.version_id)
        current.recheck()
