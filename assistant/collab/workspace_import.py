"""Bring an on-disk workspace (``assistant.workspace``: ROOT/<机关名称>/<年度>/report.json with
its journal, last year's report and history snapshots) into the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from assistant.collab.access import require_admin
from assistant.collab.auditlog import Action
from assistant.collab.people import Actor
from assistant.collab.reports import insert_report
from assistant.db import Database
from assistant.db.models import ReportRow, ReportVersion
from assistant.db.types import utcnow
from assistant.errors import NianbaoError
from assistant.report import Report
from assistant.workspace.store import ReportFolder, Workspace, folder_name


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines = [f"导入 {len(self.imported)} 份报告，跳过 {len(self.skipped)} 份，出错 {len(self.problems)} 份。"]
        lines += [f"已导入：{x}" for x in self.imported]
        lines += [f"已跳过：{x}" for x in self.skipped]
        lines += [f"出错：{x}" for x in self.problems]
        return "\n".join(lines)


def _import_one(db: Database, actor: Actor, folder: ReportFolder, agency_folder: str, year: int,
                summary: ImportSummary) -> None:
    report = folder.load()
    journal = folder.journal()
    previous = folder.load_previous()
    agency = (report.meta.agency or agency_folder).strip()
    if report.meta.year is None:
        report.meta.year = year
    label = f"{agency} {report.meta.year}年（{folder.path}）"
    history = []
    for version in reversed(folder.versions()):  # oldest first
        try:
            history.append((version, folder.load_version(version.id)))
        except NianbaoError as exc:
            summary.problems.append(f"{label} 的历史版本 {version.id} 无法读取，未导入：{exc}")
    versions: list[tuple[datetime | None, str, Report]] = [(v.at, v.note, r) for v, r in history]
    if not versions or versions[-1][2].to_json(indent=None) != report.to_json(indent=None):
        versions.append((None, "导入时的当前版本", report))
    with db.transaction() as session:
        if session.execute(select(ReportRow.id).where(ReportRow.agency == agency,
                                                      ReportRow.year == report.meta.year)).first():
            summary.skipped.append(f"{label}：数据库中已有该报告")
            return
        first_at, first_note, first = versions[0]
        row = insert_report(session, actor, first, agency=agency, origin=f"导入工作区：{journal.origin or folder.path}",
                            journal=journal, previous=previous, at=first_at, action=Action.REPORT_IMPORT)
        session.execute(select(ReportVersion).where(ReportVersion.report_id == row.id)).scalar_one().note = \
            first_note[:500]
        for number, (at, note, version_report) in enumerate(versions[1:], start=2):
            session.add(ReportVersion(report_id=row.id, number=number, edition=1, note=note[:500],
                                      body=version_report.to_json(indent=None), saved_at=at or utcnow(),
                                      saved_by=actor.who))
        number = len(versions)
        row.version, row.body = number, report.to_json(indent=None)
    summary.imported.append(f"{label}：{number} 个版本")


def stored_folders(db: Database) -> set[tuple[str, int]]:
    """The reports the database holds, as workspace folders name them: (folder name, year)."""
    with db.transaction() as session:
        return {(folder_name(agency), year) for agency, year in
                session.execute(select(ReportRow.agency, ReportRow.year)).all()}


def import_workspace(db: Database, actor: Actor, root: Path) -> ImportSummary:
    """Import every report of the workspace at ``root``; a report already in the database (same
    agency and year) is skipped, so the import can be run again."""
    require_admin(actor, "导入工作区")
    if not root.is_dir():
        raise NianbaoError(f"找不到工作区文件夹：{root}")
    summary = ImportSummary()
    entries = sorted(Workspace(root).entries(), key=lambda e: (e.agency, e.year))
    if not entries:
        raise NianbaoError(f"文件夹 {root} 中没有工作区报告（应为 {root}/<机关名称>/<年度>/report.json）")
    stored = stored_folders(db)
    for entry in entries:
        if (entry.agency, entry.year) in stored:  # known without reading the folder's history
            summary.skipped.append(f"{entry.agency} {entry.year}年（{entry.folder}）：数据库中已有该报告")
            continue
        try:
            _import_one(db, actor, ReportFolder(entry.folder), entry.agency, entry.year, summary)
        except NianbaoError as exc:
            summary.problems.append(f"{entry.folder}：{exc}")
    return summary
