"""The reports this UI process has open, and the ways to start one.

One ``OpenReport`` per report folder, shared by every browser tab that shows it, so that two
tabs never overwrite each other with stale copies. No gradio here: the handlers in the tab
modules turn these results into widgets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import atomic
from assistant.errors import NianbaoError
from assistant.report import Report
from assistant.workspace import Entry, OpenReport, Workspace, start_blank, start_from_previous

if TYPE_CHECKING:
    from assistant.ledger.fill import FillResult


@dataclass
class Started:
    """The result of starting a report: its key and what the writer should read first."""

    key: str
    notes: list[str] = field(default_factory=list)


class Library:
    def __init__(self, reports_dir: Path, *, snapshot_every: float = 300.0) -> None:
        self.workspace = Workspace(reports_dir, snapshot_every=snapshot_every)
        self._open: dict[str, OpenReport] = {}
        self._lock = threading.Lock()

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

    def store(self, report: Report, origin: str, *, previous: Report | None = None,
              replace: bool = False) -> str:
        folder = self.workspace.create(report, origin, previous=previous, replace=replace)
        key = self.key_of(folder.path)
        self.forget(key)  # a replaced report must be reloaded from disk
        return key

    # --- ways to start --------------------------------------------------------------------

    def start_blank(self, agency: str, year: int) -> Started:
        agency = agency.strip()
        if not agency:
            raise NianbaoError("请填写机关名称")
        return Started(self.store(start_blank(agency, year), "空白报告"))

    def import_report(self, path: Path, *, agency: str = "", year: int | None = None,
                      replace: bool = False) -> Started:
        """A published report (any format the parser reads) as this year's report."""
        report = read_report(path)
        if agency.strip():
            report.meta.agency = agency.strip()
        if year:
            report.meta.year = year
        if not report.meta.agency or report.meta.year is None:
            missing = "、".join(n for n, v in (("机关名称", report.meta.agency),
                                                  ("年度", report.meta.year)) if not v)
            raise NianbaoError(f"{path.name}：未能从文件中读出{missing}，请在表单中填写后重新导入")
        notes = [f"已导入 {path.name}（{report.version.value}年版格式）"]
        notes += [f"解析提示：{f.message}" for f in report.parse_findings]
        key = self.store(report, f"导入 {path.name}", replace=replace)
        return Started(key, notes)

    def start_from_previous(self, path: Path, *, year: int | None = None,
                            replace: bool = False) -> Started:
        previous = read_report(path)
        report = start_from_previous(previous, year)
        key = self.store(report, f"以上年报告 {path.name} 为基础", previous=previous,
                         replace=replace)
        notes = [f"已从 {path.name}（{previous.meta.year}年）开始：上年结转、现行有效件数已带入，"
                 "第五部分需重新撰写"]
        return Started(key, notes)

    def start_from_ledger(self, applications: Path, *, agency: str, year: int,
                          cases: Path | None = None, table2: Path | None = None,
                          previous: Path | None = None, replace: bool = False) -> Started:
        """表二/三/四 counted from the ledgers; the ledgers' problems listed in the notes."""
        from assistant.ledger.fill import fill  # deferred: openpyxl

        agency = agency.strip()
        if not agency:
            raise NianbaoError("请填写机关名称")
        last = read_report(previous) if previous is not None else None
        result = fill(applications, year, cases=cases, table2=table2, previous=last,
                      previous_name=previous.name if previous else "上年报告", agency=agency)
        report = result.report
        report.meta.title = f"{agency}{year}年政府信息公开工作年度报告"
        key = self.store(report, f"台账 {applications.name}", previous=last, replace=replace)
        atomic.write_text(self.get(key).folder.provenance_path, result.provenance.to_json())
        return Started(key, ledger_notes(result))

    def import_ledger(self, key: str, applications: Path, *, cases: Path | None = None,
                      table2: Path | None = None) -> list[str]:
        """Replace the open report's table cells with those counted from the ledgers."""
        from assistant.ledger.fill import fill

        current = self.get(key)
        with current.lock:
            year = current.report.meta.year
            if year is None:
                raise NianbaoError("报告没有年度，无法按年度统计台账")
            result = fill(applications, year, cases=cases, table2=table2,
                          previous=current.previous, agency=current.report.meta.agency)
            updated = current.report.model_copy(deep=True)
            tables = {"t3", "t4"} | ({"t2"} if table2 is not None else set())
            for address, value in result.report.cells.items():
                if address.split(".", 1)[0] in tables and address in updated.cells:
                    updated.set_cell(address, value)
            current.replace(updated, f"从台账 {applications.name} 填入表格")
            atomic.write_text(current.folder.provenance_path, result.provenance.to_json())
        return ledger_notes(result)

    def set_previous(self, key: str, path: Path) -> str:
        previous = read_report(path)
        self.get(key).set_previous(previous)
        return f"已载入上年报告 {path.name}（{previous.meta.year}年），跨年度核对已启用"


def ledger_notes(result: FillResult) -> list[str]:
    """What the writer must know after a ledger was counted: rows read, every problem."""
    from assistant.ledger.explain import SOURCE_NAMES

    read = "，".join(f"{SOURCE_NAMES[source]} {n} 行" for source, n in result.rows_read.items())
    notes = [f"已读取{read}；发现 {len(result.issues)} 个台账问题"]
    notes += [f"台账问题：{issue.text}" for issue in result.issues]
    notes += [f"与上年报告核对：{f.message}" for f in result.crosscheck]
    return notes


def read_report(path: Path) -> Report:
    from assistant.parsing import parse_file  # deferred: the parser is heavy

    report: Report = parse_file(path)
    return report


def _split_key(key: str) -> tuple[str, int]:
    agency, _, year = key.rpartition("/")
    if not agency or not year.isdigit():
        raise NianbaoError(f"报告标识无效：{key}")
    return agency, int(year)
