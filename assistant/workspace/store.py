"""Reports on disk, one folder per agency and year, with autosave and version history.

::

    ROOT/<机关名称>/<年度>/report.json          the report as it is now (every autosave)
                           workspace.json       the journal (dismissals, overrides, exports…)
                           previous.json        last year's report, for the cross-year checks
                           report.provenance.json  where each cell's value came from (ledger
                                                rows, imported file, hand edit)
                           history/<id>.json    snapshots, oldest first by name

Every file is written atomically (``assistant.atomic``): a crash leaves the previous file or
the new one, never half of one. ``save`` is cheap enough to call on every keystroke; it also
takes a snapshot when the last one is older than ``snapshot_every`` seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant import atomic
from assistant.errors import NianbaoError
from assistant.findings import Finding, SectionKey
from assistant.form import section_heading
from assistant.report import Report
from assistant.workspace.records import (
    CellEdit,
    ChatLog,
    ChatMessage,
    Dismissal,
    DraftRecord,
    ExportOverride,
    ExportRecord,
    Journal,
    Replacement,
    Snapshot,
    Version,
)
from assistant.workspace.review import ReviewItem, finding_key

if TYPE_CHECKING:
    from assistant.ledger.provenance import Provenance

REPORT_FILE = "report.json"
JOURNAL_FILE = "workspace.json"
PREVIOUS_FILE = "previous.json"
PROVENANCE_FILE = "report.provenance.json"
CHAT_FILE = "chat.json"
HISTORY_DIR = "history"
PROVENANCE_HISTORY_DIR = "provenance"  # under history/: provenance kept with a snapshot
UNNAMED_AGENCY = "未命名机关"
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')
VERSION_TIME = "%Y%m%dT%H%M%S%f"  # how a history entry's id begins: when it was saved
MAX_CELL_EDITS = 2000
MAX_CHAT_MESSAGES = 400
MAX_REPLACEMENTS = 100


def now() -> datetime:
    return datetime.now().astimezone()


def folder_name(agency: str | None) -> str:
    """A file-system-safe folder name for an agency (Chinese kept, separators replaced)."""
    name = _UNSAFE.sub("_", (agency or "").strip()).strip(". ")
    return name[:80] or UNNAMED_AGENCY


def _digest(report: Report) -> str:
    return hashlib.sha256(report.to_json(indent=None).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Entry:
    """A report in the workspace, as listed."""

    agency: str
    year: int
    folder: Path
    updated_at: datetime

    @property
    def label(self) -> str:
        return f"{self.agency} · {self.year}年"


class ReportFolder:
    """One agency's report for one year."""

    def __init__(self, path: Path, *, snapshot_every: float = 300.0, keep: int = 200) -> None:
        self.path = path
        self.snapshot_every = snapshot_every
        self.keep = keep
        self._last_snapshot: tuple[datetime, str] | None = None

    # --- the report -----------------------------------------------------------------------

    @property
    def report_path(self) -> Path:
        return self.path / REPORT_FILE

    @property
    def provenance_path(self) -> Path:
        return self.path / PROVENANCE_FILE

    def exists(self) -> bool:
        return self.report_path.is_file()

    def load(self) -> Report:
        """The saved report; ``NianbaoError`` naming the file when it cannot be read."""
        return _read_report(self.report_path)

    def save(self, report: Report, *, note: str | None = None, at: datetime | None = None,
             draft: DraftRecord | None = None) -> Version | None:
        """Write the report; snapshot it when ``note`` is given or the last snapshot is old
        (``draft``: the accepted draft the snapshot records).

        Returns the snapshot taken, if any.
        """
        at = at or now()
        atomic.write_text(self.report_path, report.to_json(indent=None))
        last = self._latest_snapshot()
        digest = _digest(report)
        if last is not None and last[1] == digest and note is None:
            return None
        due = last is None or (at - last[0]).total_seconds() >= self.snapshot_every
        if note is not None or due:
            return self.snapshot(report, note or "自动保存", at=at, digest=digest, draft=draft)
        return None

    # --- history --------------------------------------------------------------------------

    @property
    def history_path(self) -> Path:
        return self.path / HISTORY_DIR

    def snapshot(self, report: Report, note: str, *, at: datetime | None = None,
                 digest: str | None = None, draft: DraftRecord | None = None) -> Version:
        at = at or now()
        digest = digest or _digest(report)
        self.history_path.mkdir(parents=True, exist_ok=True)
        version_id = f"{at.strftime(VERSION_TIME)}-{digest}"
        data = Snapshot(at=at, note=note, draft=draft, report=report).model_dump_json(indent=None)
        atomic.write_text(self.history_path / f"{version_id}.json", data)
        self._last_snapshot = (at, digest)
        self._prune()
        return Version(id=version_id, at=at, note=note, draft=draft)

    def _snapshot_files(self) -> list[Path]:
        if not self.history_path.is_dir():
            return []
        return sorted(p for p in self.history_path.glob("*.json") if not p.name.startswith("."))

    def _latest_snapshot(self) -> tuple[datetime, str] | None:
        if self._last_snapshot is None:
            files = self._snapshot_files()
            if files:
                stamp, _, digest = files[-1].stem.partition("-")
                with contextlib.suppress(ValueError):
                    at = datetime.strptime(stamp, VERSION_TIME).astimezone()
                    self._last_snapshot = (at, digest)
        return self._last_snapshot

    def _prune(self) -> None:
        files = self._snapshot_files()
        for old in files[: max(0, len(files) - self.keep)]:
            old.unlink(missing_ok=True)

    def versions(self, limit: int | None = None) -> list[Version]:
        """Snapshots, newest first (unreadable ones are skipped)."""
        files = self._snapshot_files()[::-1]
        if limit is not None:
            files = files[:limit]
        found = []
        for path in files:
            try:
                snap = Snapshot.model_validate_json(path.read_bytes())
            except (OSError, ValidationError):
                continue
            found.append(Version(id=path.stem, at=snap.at, note=snap.note, draft=snap.draft))
        return found

    def load_version(self, version_id: str) -> Report:
        path = self.history_path / f"{Path(version_id).name}.json"
        try:
            return Snapshot.model_validate_json(path.read_bytes()).report
        except FileNotFoundError:
            raise NianbaoError(f"历史版本不存在：{version_id}") from None
        except ValidationError as exc:
            raise NianbaoError(f"历史版本文件已损坏：{path.name}（{exc.error_count()} 处错误）") from exc

    def restore(self, version_id: str, current: Report) -> Report:
        """Make a snapshot the current report; the current one is kept as a snapshot first (and
        the restore can be undone like any replacing action)."""
        restored = self.load_version(version_id)
        when = _version_time(version_id)
        before = self.snapshot(current, f"恢复版本（{when}）之前")
        after = self.save(restored, note=f"从版本（{when}）恢复")
        self.record_replacement(f"恢复到 {when} 的版本", before, after)
        return restored

    # --- undo -----------------------------------------------------------------------------

    def record_replacement(self, action: str, before: Version, after: Version | None, *,
                           typed: Sequence[SectionKey] | None = None,
                           draft: DraftRecord | None = None) -> Replacement:
        """Remember a replacing action with the versions saved around it, for :meth:`undo`
        (``draft``: where an accepted draft came from)."""
        journal = self.journal()
        record = Replacement(action=action, before=before.id, after=after.id if after else None,
                             at=before.at, typed=tuple(journal.typed if typed is None else typed),
                             draft=draft)
        journal.replacements = [*journal.replacements, record][-MAX_REPLACEMENTS:]
        self.save_journal(journal)
        return record

    def last_replacement(self) -> Replacement | None:
        """The latest replacing action not undone yet (whose version before is still kept)."""
        for record in reversed(self.journal().replacements):
            if not record.undone and (self.history_path / f"{record.before}.json").is_file():
                return record
        return None

    def undo(self, current: Report) -> tuple[Report, Replacement]:
        """Undo the last replacing action: the version saved just before it becomes the report
        (the current one is kept as a version first, named after the action undone)."""
        record = self.last_replacement()
        if record is None:
            raise NianbaoError("没有可以撤销的操作（接受起草稿、从台账填入表格、恢复版本之后才能撤销）")
        restored = self.load_version(record.before)
        self.snapshot(current, f"撤销“{record.action}”之前")
        self.save(restored, note=f"撤销：{record.action}")
        journal = self.journal()
        journal.replacements = [r.model_copy(update={"undone": True}) if r == record else r
                                for r in journal.replacements]
        journal.typed = list(record.typed)
        self.save_journal(journal)
        return restored, record

    # --- last year's report ---------------------------------------------------------------

    def load_previous(self) -> Report | None:
        path = self.path / PREVIOUS_FILE
        return _read_report(path) if path.is_file() else None

    def save_previous(self, report: Report | None) -> None:
        path = self.path / PREVIOUS_FILE
        if report is None:
            path.unlink(missing_ok=True)
        else:
            atomic.write_text(path, report.to_json(indent=None))

    # --- the journal ----------------------------------------------------------------------

    def journal(self) -> Journal:
        path = self.path / JOURNAL_FILE
        if not path.is_file():
            return Journal()
        try:
            return Journal.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            raise NianbaoError(f"{path}：工作记录文件已损坏（{exc.error_count()} 处错误）") from exc

    def save_journal(self, journal: Journal) -> None:
        atomic.write_text(self.path / JOURNAL_FILE, journal.model_dump_json(indent=1))

    def dismiss(self, finding: Finding, report: Report, reason: str, *,
                at: datetime | None = None) -> Dismissal:
        """Keep a warning out of the open list, with the writer's reason."""
        reason = reason.strip()
        if finding.is_error:
            raise NianbaoError("错误不能忽略：请修改报告，或在导出时写明理由后仍然导出")
        if not reason:
            raise NianbaoError("请写明忽略这条提示的理由")
        dismissal = Dismissal(key=finding_key(finding, report), code=finding.code,
                              severity=finding.severity, message=finding.message,
                              reason=reason, at=at or now())
        journal = self.journal()
        journal.dismissals = [d for d in journal.dismissals if d.key != dismissal.key]
        journal.dismissals.append(dismissal)
        self.save_journal(journal)
        return dismissal

    def undismiss(self, key: str) -> None:
        journal = self.journal()
        journal.dismissals = [d for d in journal.dismissals if d.key != key]
        self.save_journal(journal)

    def override_export(self, errors: list[ReviewItem], reason: str, *,
                        at: datetime | None = None) -> ExportOverride:
        """Record the decision to export despite ``errors``."""
        reason = reason.strip()
        if not reason:
            raise NianbaoError("请写明在仍有错误的情况下导出的理由")
        override = ExportOverride(
            reason=reason, at=at or now(), error_keys=tuple(i.key for i in errors),
            error_messages=tuple(i.finding.message for i in errors),
        )
        journal = self.journal()
        journal.overrides.append(override)
        self.save_journal(journal)
        return override

    def record_export(self, record: ExportRecord) -> None:
        journal = self.journal()
        journal.exports.append(record)
        self.save_journal(journal)

    def record_edit(self, cell: str, old: str | None, new: str | None, *,
                    at: datetime | None = None) -> CellEdit:
        edit = CellEdit(cell=cell, old=old, new=new, at=at or now())
        journal = self.journal()
        journal.cell_edits = [*journal.cell_edits, edit][-MAX_CELL_EDITS:]
        self.save_journal(journal)
        return edit

    # --- the chat beside the report -------------------------------------------------------

    @property
    def chat_path(self) -> Path:
        return self.path / CHAT_FILE

    def chat(self) -> list[ChatMessage]:
        """The chat so far (an unreadable file reads as an empty chat: it is only a record)."""
        if not self.chat_path.is_file():
            return []
        try:
            return ChatLog.model_validate_json(self.chat_path.read_bytes()).messages
        except (OSError, ValidationError):
            return []

    def save_chat(self, messages: Sequence[ChatMessage]) -> None:
        log = ChatLog(messages=list(messages)[-MAX_CHAT_MESSAGES:])
        atomic.write_text(self.chat_path, log.model_dump_json(indent=None))

    # --- provenance: where each cell's value came from ------------------------------------
    # report.provenance.json holds the ledger trail (``assistant.ledger.provenance``) and the
    # workspace's per-cell origins. A copy is kept under history/provenance/ with the id of the
    # snapshot taken before an action that changes it, so that the action can be undone whole.

    def load_provenance(self) -> Provenance | None:
        """The saved provenance, ``None`` when there is none; ``NianbaoError`` when damaged."""
        from assistant.ledger.provenance import Provenance

        path = self.provenance_path
        return Provenance.load(path) if path.is_file() else None

    def save_provenance(self, provenance: Provenance | None) -> None:
        """Write the provenance (atomically); ``None`` removes the file."""
        if provenance is None:
            self.provenance_path.unlink(missing_ok=True)
        else:
            atomic.write_text(self.provenance_path, provenance.to_json())

    @property
    def provenance_history_path(self) -> Path:
        return self.history_path / PROVENANCE_HISTORY_DIR

    def backup_provenance(self, version_id: str) -> None:
        """Keep the provenance as it is now beside snapshot ``version_id`` ("null" if none)."""
        self.provenance_history_path.mkdir(parents=True, exist_ok=True)
        path = self.provenance_path
        text = path.read_text(encoding="utf-8") if path.is_file() else "null"
        atomic.write_text(self.provenance_history_path / f"{Path(version_id).name}.json", text)

    def restore_provenance(self, version_id: str) -> bool:
        """Put back the provenance kept with snapshot ``version_id``; False if none was kept."""
        kept = self.provenance_history_path / f"{Path(version_id).name}.json"
        if not kept.is_file():
            return False
        text = kept.read_text(encoding="utf-8")
        if text.strip() == "null":
            self.provenance_path.unlink(missing_ok=True)
        else:
            atomic.write_text(self.provenance_path, text)
        return True


class Workspace:
    """All reports under one root folder."""

    def __init__(self, root: Path, *, snapshot_every: float = 300.0) -> None:
        self.root = root
        self.snapshot_every = snapshot_every

    def remove_orphans(self) -> list[Path]:
        """The temporary files that writers killed mid-save left under the root, removed (see
        :func:`assistant.atomic.remove_orphans`); done when the workspace is opened to work in."""
        return atomic.remove_orphans(self.root) if self.root.is_dir() else []

    def folder(self, agency: str | None, year: int) -> ReportFolder:
        return ReportFolder(self.root / folder_name(agency) / str(year),
                            snapshot_every=self.snapshot_every)

    def folder_for(self, report: Report) -> ReportFolder:
        if report.meta.year is None:
            raise NianbaoError("报告没有年度，无法保存：请先填写报告年度")
        return self.folder(report.meta.agency, report.meta.year)

    def create(self, report: Report, origin: str, *, previous: Report | None = None,
               replace: bool = False) -> ReportFolder:
        """Store a new report; an existing one is kept as a snapshot when ``replace``."""
        folder = self.folder_for(report)
        if folder.exists():
            if not replace:
                raise NianbaoError(
                    f"{report.meta.agency or UNNAMED_AGENCY} {report.meta.year}年的报告已存在："
                    f"{folder.path}（请打开它，或选择覆盖）"
                )
            folder.snapshot(folder.load(), "被新导入的报告替换之前")
        folder.path.mkdir(parents=True, exist_ok=True)
        folder.save(report, note=f"新建：{origin}")
        journal = folder.journal()
        journal.origin = origin
        journal.created_at = journal.created_at or now()
        folder.save_journal(journal)
        if previous is not None:
            folder.save_previous(previous)
        return folder

    def entries(self) -> list[Entry]:
        """Every stored report, most recently changed first."""
        if not self.root.is_dir():
            return []
        found = []
        for report_path in self.root.glob(f"*/*/{REPORT_FILE}"):
            year_dir = report_path.parent
            if not year_dir.name.isdigit():
                continue
            found.append(Entry(agency=year_dir.parent.name, year=int(year_dir.name),
                               folder=year_dir,
                               updated_at=datetime.fromtimestamp(report_path.stat().st_mtime)
                               .astimezone()))
        return sorted(found, key=lambda e: e.updated_at, reverse=True)


# --- history entries as the writer reads them ---------------------------------------------------

_SECTION_CODE = re.compile("（(" + "|".join(k.value for k in SectionKey) + ")）")
_ACCEPTED = re.compile(r"^接受.+（(" + "|".join(k.value for k in SectionKey) + ")）$")
_OLD_VERSION_ID = re.compile(r"版本 (\d{8}T\d{6})\d*(?:-\w+)? ?")


def section_name(key: SectionKey) -> str:
    """“五、存在的主要问题及改进情况”; the preface is “引言”."""
    return section_heading(key)


def _version_time(version_id: str) -> str:
    stamp = version_id.partition("-")[0][:15]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S").strftime("%m-%d %H:%M:%S")
    except ValueError:
        return version_id


def readable_note(note: str) -> str:
    """A history entry's name without codes: sections by their Chinese names, versions by the
    time they were saved (older entries were named “接受…（problems）”, “恢复版本 20250106T0900…”)."""
    accepted = _ACCEPTED.match(note)
    if accepted:
        return f"接受起草稿（{section_name(SectionKey(accepted.group(1)))}）"
    note = _SECTION_CODE.sub(lambda m: f"（{section_name(SectionKey(m.group(1)))}）", note)
    return _OLD_VERSION_ID.sub(lambda m: f"版本（{_version_time(m.group(1))}）", note)


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a report, named as the writer reads it."""

    kind: str  # "text" | "cell" | "meta"
    where: str  # a section's or a cell's name
    before: str
    after: str
    ref: str = ""  # the section key or the cell address


def compare_reports(old: Report, new: Report) -> list[Change]:
    """What changes when ``old`` becomes ``new``: title and year, each section's text (in the
    format's order), each table cell."""
    from assistant.cells import cell_spec
    from assistant.workspace.editing import cell_text

    changes: list[Change] = []
    for name, a, b in (("标题", old.meta.title, new.meta.title), ("机关名称", old.meta.agency,
                       new.meta.agency), ("年度", old.meta.year, new.meta.year)):
        if a != b:
            changes.append(Change("meta", name, str(a or ""), str(b or "")))
    for key in SectionKey:
        a, b = old.text(key), new.text(key)
        if a != b:
            changes.append(Change("text", section_name(key), a, b, key.value))
    version = new.version if new.version is old.version else None
    for address in sorted(set(old.cells) | set(new.cells) | set(old.raw_cells) | set(new.raw_cells)):
        a, b = cell_text(old, address), cell_text(new, address)
        if a == b:
            continue
        try:
            label = cell_spec(version or new.version, address).label
        except KeyError:
            label = address
        changes.append(Change("cell", label, a, b, address))
    return changes


def _read_report(path: Path) -> Report:
    try:
        return Report.from_json(path.read_bytes())
    except FileNotFoundError:
        raise NianbaoError(f"报告文件不存在：{path}") from None
    except ValidationError as exc:
        raise NianbaoError(f"{path}：报告文件已损坏（{exc.error_count()} 处错误）") from exc
