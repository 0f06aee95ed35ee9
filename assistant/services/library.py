"""The reports a process has open, and what is done to them as a whole.

One ``OpenReport`` per report folder, shared by every caller that shows it (every browser tab of
the UI), so that two never overwrite each other with stale copies. Starting a report
(:mod:`assistant.services.start`), rebuilding its tables from the ledgers (shown first, written
when confirmed), choosing a split of a run-together row, a cell typed by hand, and the undo of the
last table action.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import NianbaoError
from assistant.services.start import (
    NewReport,
    blank,
    from_ledger,
    from_previous,
    imported,
    ledger_notes,
    read_report,
    store,
)
from assistant.workspace import CellChange, Entry, OpenReport, Workspace
from assistant.workspace.origins import UndoPoint

if TYPE_CHECKING:
    from assistant.ledger.rebuild import RebuildPlan
    from assistant.workspace.ambiguity import Resolution


@dataclass
class Started:
    """The result of starting a report: its key and what the writer should read first."""

    key: str
    notes: list[str] = field(default_factory=list)


class Library:
    """The reports under ``reports_dir``, each opened once (``get``) by its key "机关/年度"."""

    def __init__(self, reports_dir: Path, *, snapshot_every: float = 300.0) -> None:
        self.workspace = Workspace(reports_dir, snapshot_every=snapshot_every)
        self.workspace.remove_orphans()  # left by a save that a kill -9 cut short
        self._open: dict[str, OpenReport] = {}
        self._lock = threading.Lock()
        self._plans: dict[str, RebuildPlan] = {}  # ledger rebuilds shown, not yet confirmed
        self._undo: dict[str, UndoPoint] = {}  # the last table action of each report

    @property
    def root(self) -> Path:
        return self.workspace.root

    def key_of(self, folder: Path) -> str:
        return folder.relative_to(self.root).as_posix()

    def entries(self) -> list[Entry]:
        return self.workspace.entries()

    def choices(self) -> list[tuple[str, str]]:
        return [(e.label, self.key_of(e.folder)) for e in self.entries()]

    def get(self, key: str) -> OpenReport:
        """The open report for ``key`` ("机关/年度"), loading it on first use."""
        if not key:
            raise NianbaoError("尚未打开报告：请先新建或导入一份报告")
        with self._lock:
            found = self._open.get(key)
            if found is None:
                folder = self.workspace.folder(*_split_key(key))
                if not folder.exists():
                    raise NianbaoError(f"报告不存在：{key}")
                found = OpenReport(folder)
                self._open[key] = found
            return found

    def forget(self, key: str) -> None:
        with self._lock:
            self._open.pop(key, None)
            self._plans.pop(key, None)
            self._undo.pop(key, None)

    # --- ways to start --------------------------------------------------------------------

    def start(self, new: NewReport, *, replace: bool = False) -> Started:
        """Store a new report (replacing one of the same agency and year when ``replace``)."""
        folder = store(self.workspace, new, replace=replace)
        key = self.key_of(folder.path)
        self.forget(key)  # a replaced report must be reloaded from disk
        return Started(key, new.notes)

    def start_blank(self, agency: str, year: int) -> Started:
        return self.start(blank(agency, year))

    def import_report(self, path: Path, *, agency: str = "", year: int | None = None,
                      replace: bool = False) -> Started:
        """A published report (any format the parser reads) as this year's report."""
        return self.start(imported(path, agency=agency, year=year), replace=replace)

    def start_from_previous(self, path: Path, *, year: int | None = None,
                            replace: bool = False) -> Started:
        return self.start(from_previous(path, year=year), replace=replace)

    def start_from_ledger(self, applications: Path, *, agency: str, year: int,
                          cases: Path | None = None, table2: Path | None = None,
                          previous: Path | None = None, replace: bool = False) -> Started:
        """表二/三/四 counted from the ledgers; the ledgers' problems listed in the notes."""
        new = from_ledger(applications, agency=agency, year=year, cases=cases,
                                table2=table2, previous=previous)
        return self.start(new, replace=replace)

    # --- table actions: rebuild from the ledgers, choose a split, edit, undo --------------

    def plan_ledger(self, key: str, applications: Path, *, cases: Path | None = None,
                    table2: Path | None = None) -> RebuildPlan:
        """What rebuilding the tables from the ledgers would change; kept until confirmed."""
        from assistant.ledger.rebuild import plan_rebuild

        current = self.get(key)
        with current.lock:
            plan = plan_rebuild(current.report, current.folder.load_provenance(), applications,
                                cases=cases, table2=table2, previous=current.previous)
        with self._lock:
            self._plans[key] = plan
        return plan

    def pending_plan(self, key: str) -> RebuildPlan | None:
        return self._plans.get(key)

    def cancel_ledger(self, key: str) -> None:
        with self._lock:
            self._plans.pop(key, None)

    def apply_ledger(self, key: str) -> list[str]:
        """Write the rebuild shown to the writer; refused when the report changed since."""
        from assistant.ledger.rebuild import digest
        from assistant.workspace.origins import replace_tracked

        with self._lock:
            plan = self._plans.pop(key, None)
        if plan is None:
            raise NianbaoError("没有待确认的台账统计：请重新点击“按台账重新统计表格”")
        current = self.get(key)
        with current.lock:
            if digest(current.report) != plan.base:
                raise NianbaoError("统计之后报告又被修改过：请重新点击“按台账重新统计表格”查看改动")
            point = replace_tracked(current, plan.report, plan.provenance,
                                    f"从台账 {plan.ledger_name} 填入表格")
        with self._lock:
            self._undo[key] = point
        return [plan.summary(), *ledger_notes(plan.result)]

    def import_ledger(self, key: str, applications: Path, *, cases: Path | None = None,
                      table2: Path | None = None) -> list[str]:
        """Rebuild the tables whose ledgers are given, at once (``plan_ledger`` then
        ``apply_ledger``)."""
        self.plan_ledger(key, applications, cases=cases, table2=table2)
        return self.apply_ledger(key)

    def resolve_split(self, key: str, index: int, choice: int,
                      printed: str | None = None) -> Resolution:
        """Write the writer's choice among the splits of a run-together row (journalled, and
        undoable)."""
        from assistant.workspace.ambiguity import resolve
        from assistant.workspace.origins import replace_tracked, set_origins
        from assistant.workspace.store import now

        current = self.get(key)
        with current.lock:
            found = resolve(current.report, index, choice, printed=printed)
            at = now()
            provenance = set_origins(current.folder.load_provenance(), found.report, "split",
                                     found.ambiguity.printed, list(found.changes), at=at,
                                     old={a: old for a, (old, _) in found.changes.items()})
            point = replace_tracked(current, found.report, provenance,
                                    f"选择“{found.ambiguity.printed}”的拆分")
            for address, (old, new) in found.changes.items():
                current.folder.record_edit(address, old, new, at=at)
        with self._lock:
            self._undo[key] = point
        return found

    def edit_cell(self, key: str, address: str, text: str) -> CellChange | None:
        """A cell typed by hand: saved, journalled, its origin recorded (its ledger trail, if
        any, dropped); a run-together row whose every open cell is now typed is settled."""
        from assistant.workspace.ambiguity import settle_typed
        from assistant.workspace.origins import record_edit

        current = self.get(key)
        with current.lock:
            change = current.set_cell(address, text)
            if change is None:
                return None
            record_edit(current.folder, current.report, address, change.old)
            if settle_typed(current.report):
                current.folder.save(current.report)
                current.recheck()
        return change

    def undo_label(self, key: str) -> str | None:
        point = self._undo.get(key)
        return point.label if point is not None else None

    def undo(self, key: str) -> str:
        """Put the report (and where its cells came from) back as before the last table action."""
        from assistant.workspace.origins import undo

        with self._lock:
            point = self._undo.pop(key, None)
        if point is None:
            raise NianbaoError("没有可以撤销的表格操作")
        undo(self.get(key), point)
        return f"已撤销“{point.label}”，报告恢复到操作之前（撤销前的内容已保存为历史版本）。"

    def set_previous(self, key: str, path: Path) -> str:
        previous = read_report(path)
        self.get(key).set_previous(previous)
        return f"已载入上年报告 {path.name}（{previous.meta.year}年），跨年度核对已启用"


def _split_key(key: str) -> tuple[str, int]:
    agency, _, year = key.rpartition("/")
    if not agency or not year.isdigit():
        raise NianbaoError(f"报告标识无效：{key}")
    return agency, int(year)
