"""The writer's library in the shared mode: reports stored in the database, each person working
on a copy of their own.

``SharedLibrary`` has the surface of :class:`~assistant.services.library.Library` (the tabs of
the UI use it unchanged) and acts for the person of the current request (``actor_of``, given by
the UI). Each person's copy of a report is an ordinary report folder under
``<cache>/<账户>/<机关>/<年度>/`` — its history, undo, provenance and chat stay as they are in
the single-user mode — whose every save goes first to the database
(:func:`assistant.collab.reports.save_report`, optimistic: the copy remembers the version it
was checked out at). So:

- an edit the person may not make (another agency's report, a 审核人's, a report under review,
  approved or published) is refused in Chinese before anything changes;
- when someone else saved the report since, the save is refused with the message naming who
  changed what and when; the person's own text stays in their copy (and in its history) until
  they keep it (:meth:`SharedLibrary.keep_mine`) or take the other version
  (:meth:`SharedLibrary.take_theirs`);
- dismissed warnings and exports are recorded in the database (the audit log has them).

The sign-off (送审, 退回修改, 审核通过 with the 保密审查, 发布), the comments and the submission
to a collection round are methods here too, by the report's key "机关/年度".
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from assistant.collab import comments as comment_service
from assistant.collab import rounds as round_service
from assistant.collab import signoff
from assistant.collab.auditlog import LogEntry, report_log, shown_time
from assistant.collab.comments import CommentView, Target
from assistant.collab.people import AccessDenied, Actor, InvalidState, Role
from assistant.collab.reports import (
    ReportSummary,
    SaveConflict,
    StoredReport,
    check_editable,
    create_report,
    dismiss_finding,
    find_report,
    list_reports,
    list_versions,
    load_journal,
    load_previous,
    load_report,
    locked_reason,
    record_export,
    report_summary,
    save_report,
    set_previous,
    undismiss_finding,
)
from assistant.collab.reports import load_version as load_stored_version
from assistant.collab.rounds import RoundInfo, SubmissionInfo
from assistant.collab.signoff import ApprovalInfo, Verdict
from assistant.collab.status import ReportStatus
from assistant.db import Database
from assistant.errors import NianbaoError
from assistant.findings import Finding
from assistant.report import Report
from assistant.services.library import Library, Started, _split_key
from assistant.services.start import NewReport, read_report, store
from assistant.workspace import CellChange, Entry, OpenReport
from assistant.workspace.records import Dismissal, DraftRecord, ExportOverride, ExportRecord, Replacement, Version
from assistant.workspace.store import VERSION_TIME, ReportFolder, folder_name

if TYPE_CHECKING:
    from assistant.account.model import YearAccount
    from assistant.findings import SectionKey
    from assistant.ledger.rebuild import RebuildPlan
    from assistant.workspace.ambiguity import Resolution

P = ParamSpec("P")
R = TypeVar("R")

STORED = "v"  # a history entry that is a version stored in the database: "<time>-v<number>"
STORED_ID = re.compile(rf"-{STORED}(\d+)$")
CONFLICT_NOTE = "保存冲突时我的修改（尚未存入共享库）"
CONFLICT_HINT = "在“审签与意见”中可选择以您的修改为准保存，或放弃您的修改、载入最新版本。"


def report_key(agency: str, year: int) -> str:
    return f"{agency}/{year}"


class SharedFolder(ReportFolder):
    """A person's copy of a stored report: every save goes to the database first."""

    conflict_hint = CONFLICT_HINT  # what a refused save tells the person to do

    def __init__(self, path: Path, *, db: Database, actor: Actor, stored: StoredReport,
                 snapshot_every: float = 300.0) -> None:
        super().__init__(path, snapshot_every=snapshot_every)
        self.db = db
        self.actor = actor
        self.report_id = stored.id
        self.label = stored.label
        self.version = stored.version  # the stored version this copy is based on
        self.conflict: SaveConflict | None = None

    def checkout(self, stored: StoredReport) -> None:
        """Make the copy the report as stored (with last year's report, the dismissals and the
        exports recorded in the database); the copy's own history and notes stay."""
        self.path.mkdir(parents=True, exist_ok=True)
        ReportFolder.save(self, stored.report)
        self.save_previous(load_previous(self.db, self.actor, stored.id))
        shared = load_journal(self.db, self.actor, stored.id)
        journal = self.journal()
        journal.dismissals, journal.exports = list(shared.dismissals), list(shared.exports)
        journal.origin = journal.origin or stored.origin
        self.save_journal(journal)
        self.version, self.conflict = stored.version, None

    def save(self, report: Report, *, note: str | None = None, at: datetime | None = None,
             draft: DraftRecord | None = None) -> Version | None:
        try:
            stored = save_report(self.db, self.actor, self.report_id, report, expected_version=self.version,
                                 note=note or "")
        except SaveConflict as exc:
            # Keep the person's own text: in the copy, and once in its history.
            first = self.conflict is None
            self.conflict = exc
            ReportFolder.save(self, report, note=CONFLICT_NOTE if first else None, at=at, draft=draft)
            raise SaveConflict(f"{exc}{self.conflict_hint}", mine=exc.mine, theirs=exc.theirs,
                               changes=exc.changes) from None
        self.version = stored.version
        return super().save(report, note=note, at=at, draft=draft)

    # --- the history: the copy's own snapshots and what others saved in the database -----------

    def versions(self, limit: int | None = None) -> list[Version]:
        """The copy's snapshots and the versions other people saved in the database (one per
        person per snapshot interval, and every named one), newest first."""
        found = super().versions(limit) + self.others_versions()
        found.sort(key=lambda v: v.at, reverse=True)
        return found[:limit] if limit is not None else found

    def others_versions(self) -> list[Version]:
        shown: list[Version] = []
        last_by: dict[str, datetime] = {}  # each person's oldest version shown so far
        for info in list_versions(self.db, self.actor, self.report_id):  # newest first
            if info.saved_by == self.actor.who:
                continue
            newer = last_by.get(info.saved_by)
            if not info.note and newer is not None and (newer - info.saved_at).total_seconds() < self.snapshot_every:
                continue
            last_by[info.saved_by] = info.saved_at
            at = info.saved_at.astimezone()
            note = f"{info.saved_by}保存的第 {info.number} 版" + (f"：{info.note}" if info.note else "")
            shown.append(Version(id=f"{at.strftime(VERSION_TIME)}-{STORED}{info.number}", at=at, note=note))
        return shown

    def load_version(self, version_id: str) -> Report:
        stored = STORED_ID.search(version_id)
        if stored is None:
            return super().load_version(version_id)
        return load_stored_version(self.db, self.actor, self.report_id, int(stored.group(1)))

    # --- what the database keeps beside the report --------------------------------------------

    def dismiss(self, finding: Finding, report: Report, reason: str, *,
                at: datetime | None = None) -> Dismissal:
        dismiss_finding(self.db, self.actor, self.report_id, finding, reason)
        return super().dismiss(finding, report, reason, at=at)

    def undismiss(self, key: str) -> None:
        undismiss_finding(self.db, self.actor, self.report_id, key)
        super().undismiss(key)

    def record_export(self, record: ExportRecord) -> None:
        record_export(self.db, self.actor, self.report_id, format=record.format, file=Path(record.file).name,
                      errors=record.errors, override_reason=record.override_reason)
        super().record_export(record)


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Refuse an edit the person may not make now, before anything changes; should the
    database refuse the save all the same (the status changed in between), put the report back
    as last saved."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        current = args[0]
        assert isinstance(current, SharedReport)
        current.guard()
        try:
            return method(*args, **kwargs)
        except (AccessDenied, InvalidState):
            current.reload()
            raise

    return wrapper


class SharedReport(OpenReport):
    """An ``OpenReport`` over a :class:`SharedFolder`."""

    folder: SharedFolder

    def __init__(self, folder: SharedFolder) -> None:
        super().__init__(folder)

    def guard(self) -> None:
        check_editable(self.folder.db, self.folder.actor, self.folder.report_id)

    def reload(self) -> None:
        with self.lock:
            self.report = self.folder.load()
            self._findings = None

    def checkout(self, stored: StoredReport) -> None:
        with self.lock:
            self.folder.checkout(stored)
            self.report = self.folder.load()
            self.previous = self.folder.load_previous()
            self._findings = None

    @_guarded
    def set_cell(self, address: str, text: str) -> CellChange | None:
        return super().set_cell(address, text)

    def set_text(self, key: SectionKey, text: str) -> bool:
        with self.lock:
            if self.report.text(key) == text:  # a section shown again, not an edit: no refusal
                return False
        return self._set_text(key, text)

    @_guarded
    def _set_text(self, key: SectionKey, text: str) -> bool:
        return super().set_text(key, text)

    @_guarded
    def replace_section(self, key: SectionKey, text: str, action: str, *,
                        draft: DraftRecord | None = None) -> None:
        super().replace_section(key, text, action, draft=draft)

    @_guarded
    def update_account(self, change: Callable[[YearAccount], YearAccount]) -> YearAccount:
        return super().update_account(change)

    @_guarded
    def replace(self, report: Report, note: str, *, draft: DraftRecord | None = None) -> None:
        super().replace(report, note, draft=draft)

    @_guarded
    def restore(self, version_id: str) -> Report:
        return super().restore(version_id)

    @_guarded
    def undo(self) -> Replacement:
        return super().undo()

    @_guarded
    def checkpoint(self, note: str) -> Version | None:
        return super().checkpoint(note)

    @_guarded
    def set_previous(self, previous: Report | None) -> None:
        set_previous(self.folder.db, self.folder.actor, self.folder.report_id, previous)
        super().set_previous(previous)

    @_guarded
    def override_export(self, reason: str) -> ExportOverride:
        return super().override_export(reason)


class PersonLibrary(Library):
    """One person's copies of the stored reports they may see."""

    folder_type: type[SharedFolder] = SharedFolder

    def __init__(self, db: Database, actor: Actor, root: Path, *, snapshot_every: float = 300.0) -> None:
        super().__init__(root, snapshot_every=snapshot_every)
        self.db = db
        self.actor = actor
        self._snapshot_every = snapshot_every

    def summaries(self) -> list[ReportSummary]:
        return list_reports(self.db, self.actor)

    def entries(self) -> list[Entry]:
        return [Entry(agency=s.agency, year=s.year, folder=self.workspace.folder(s.agency, s.year).path,
                      updated_at=s.updated_at) for s in self.summaries()]

    def choices(self) -> list[tuple[str, str]]:
        return [(f"{s.agency} · {s.year}年 · {s.status.label}", report_key(s.agency, s.year))
                for s in self.summaries()]

    def get(self, key: str) -> SharedReport:
        """The person's copy of report ``key``, checked out from the database on first use;
        ``AccessDenied`` for a report they may not see."""
        if not key:
            raise NianbaoError("尚未打开报告：请先新建或导入一份报告")
        with self._lock:
            found = self._open.get(key)
        if found is not None:
            assert isinstance(found, SharedReport)
            return found
        agency, year = _split_key(key)
        stored = find_report(self.db, self.actor, agency, year)
        if stored is None:
            raise NianbaoError(f"报告不存在：{agency} {year}年")
        folder = self.folder_type(self.workspace.folder(agency, year).path, db=self.db, actor=self.actor,
                              stored=stored, snapshot_every=self._snapshot_every)
        folder.checkout(stored)
        opened = SharedReport(folder)
        with self._lock:
            found = self._open.setdefault(key, opened)
        assert isinstance(found, SharedReport)
        return found

    def start(self, new: NewReport, *, replace: bool = False) -> Started:
        """Store a new report in the database (replacing the stored one of the same agency and
        year when ``replace``), then the person's copy with where its cells came from."""
        report = new.report
        if not report.meta.agency and self.actor.agency:
            report.meta.agency = self.actor.agency
        agency, year = (report.meta.agency or "").strip(), report.meta.year
        existing = find_report(self.db, self.actor, agency, year) if agency and year else None
        if existing is not None and not replace:
            raise NianbaoError(f"{existing.label}的报告已存在：请在“当前报告”中打开它（或选择覆盖）")
        if existing is not None:
            stored = save_report(self.db, self.actor, existing.id, report, expected_version=existing.version,
                                 note=f"被新导入的报告替换：{new.origin}")
            if new.previous is not None:
                set_previous(self.db, self.actor, stored.id, new.previous)
        else:
            stored = create_report(self.db, self.actor, report, origin=new.origin, previous=new.previous)
        report.meta.agency = stored.agency
        key = report_key(stored.agency, stored.year)
        self.forget(key)
        store(self.workspace, new, replace=True)
        return Started(key, new.notes)


@dataclass(frozen=True)
class SignoffState:
    """What the sign-off panel shows of report ``key`` to the person asking."""

    key: str
    report_id: int
    label: str
    status: ReportStatus
    version: int
    edition: int
    updated_at: datetime
    updated_by: str
    locked: str | None  # why the person cannot edit it now (None: they can)
    verdict: Verdict  # whether it may be exported for publishing
    conflict: str | None  # the save conflict the person's copy is in
    actor: Actor

    @property
    def can_write(self) -> bool:
        return self.actor.is_admin or (self.actor.role is Role.WRITER and self.actor.agency == self.agency)

    @property
    def can_approve(self) -> bool:
        return self.actor.is_admin or (self.actor.role is Role.APPROVER and self.actor.agency == self.agency)

    @property
    def agency(self) -> str:
        return self.key.rpartition("/")[0]

    @property
    def changed(self) -> str:
        return f"{self.updated_by} 于 {shown_time(self.updated_at)}"


class SharedLibrary(Library):
    """The shared mode's library for every person: each call acts for ``actor_of()`` (the
    person of the current request) on that person's copies."""

    def __init__(self, db: Database, cache_dir: Path, actor_of: Callable[[], Actor], *,
                 snapshot_every: float = 300.0) -> None:
        super().__init__(cache_dir, snapshot_every=snapshot_every)
        self.db = db
        self.actor_of = actor_of
        self._snapshot_every = snapshot_every
        self._people: dict[str, PersonLibrary] = {}
        self._people_lock = threading.Lock()

    def actor(self) -> Actor:
        return self.actor_of()

    def mine(self) -> PersonLibrary:
        """The current person's library (made again when their account changed)."""
        actor = self.actor_of()
        with self._people_lock:
            found = self._people.get(actor.name)
            if found is None or found.actor != actor:
                found = PersonLibrary(self.db, actor, self.root / folder_name(actor.name),
                                      snapshot_every=self._snapshot_every)
                self._people[actor.name] = found
            return found

    # --- the Library surface, for the current person --------------------------------------------

    def entries(self) -> list[Entry]:
        return self.mine().entries()

    def choices(self) -> list[tuple[str, str]]:
        return self.mine().choices()

    def get(self, key: str) -> SharedReport:
        return self.mine().get(key)

    def forget(self, key: str) -> None:
        self.mine().forget(key)

    def start(self, new: NewReport, *, replace: bool = False) -> Started:
        return self.mine().start(new, replace=replace)

    def plan_ledger(self, key: str, applications: Path, *, cases: Path | None = None,
                    table2: Path | None = None) -> RebuildPlan:
        return self.mine().plan_ledger(key, applications, cases=cases, table2=table2)

    def pending_plan(self, key: str) -> RebuildPlan | None:
        return self.mine().pending_plan(key)

    def cancel_ledger(self, key: str) -> None:
        self.mine().cancel_ledger(key)

    def apply_ledger(self, key: str) -> list[str]:
        self.get(key).guard()
        return self.mine().apply_ledger(key)

    def resolve_split(self, key: str, index: int, choice: int, printed: str | None = None) -> Resolution:
        return self.mine().resolve_split(key, index, choice, printed=printed)

    def edit_cell(self, key: str, address: str, text: str) -> CellChange | None:
        return self.mine().edit_cell(key, address, text)

    def undo_label(self, key: str) -> str | None:
        return self.mine().undo_label(key)

    def undo(self, key: str) -> str:
        self.get(key).guard()
        return self.mine().undo(key)

    def set_previous(self, key: str, path: Path) -> str:
        previous = read_report(path)
        self.get(key).set_previous(previous)
        return f"已载入上年报告 {path.name}（{previous.meta.year}年），跨年度核对已启用"

    # --- the copy and the database ----------------------------------------------------------------

    def sync(self, key: str) -> None:
        """Bring the person's copy up to the stored version (not while it holds a conflict: the
        person's own text is kept until they decide)."""
        if not key:
            return
        current = self.get(key)
        if current.folder.conflict is not None:
            return
        summary = report_summary(self.db, current.folder.actor, current.folder.report_id)
        if summary.version != current.folder.version:
            current.checkout(load_report(self.db, current.folder.actor, current.folder.report_id))

    def keep_mine(self, key: str) -> str:
        """Save the person's copy over the version stored now (after reading the conflict)."""
        current = self.get(key)
        folder = current.folder
        if folder.conflict is None:
            raise NianbaoError("没有保存冲突：您的修改都已存入共享库")
        current.guard()
        with current.lock:
            theirs = load_report(self.db, folder.actor, folder.report_id)
            folder.version, folder.conflict = theirs.version, None
            folder.save(current.report, note="保存冲突后以我的修改为准")
        return f"已以您的修改为准保存（第 {folder.version} 版）；对方的版本仍在共享库的历史中"

    def take_theirs(self, key: str) -> str:
        """Drop the person's copy for the version stored now (theirs stays in the copy's history)."""
        current = self.get(key)
        if current.folder.conflict is None:
            raise NianbaoError("没有保存冲突：您的修改都已存入共享库")
        stored = load_report(self.db, current.folder.actor, current.folder.report_id)
        current.checkout(stored)
        return (f"已载入最新版本（第 {stored.version} 版，{stored.updated_by} 保存）；"
                f"您的修改保存在“历史版本”中（{CONFLICT_NOTE}）")

    def state(self, key: str) -> SignoffState:
        current = self.get(key)
        folder = current.folder
        actor = folder.actor
        summary = report_summary(self.db, actor, folder.report_id)
        conflict = str(folder.conflict) if folder.conflict is not None else None
        verdict = signoff.can_publish(self.db, folder.report_id)
        if conflict:
            verdict = Verdict(False, "您的副本有尚未存入共享库的修改（保存冲突）：请先在“审签与意见”中处理")
        return SignoffState(key=key, report_id=folder.report_id, label=folder.label, status=summary.status,
                            version=summary.version, edition=summary.edition, updated_at=summary.updated_at,
                            updated_by=summary.updated_by,
                            locked=locked_reason(self.db, actor, folder.report_id), verdict=verdict,
                            conflict=conflict, actor=actor)

    def locked(self, key: str) -> str:
        """Why the current person cannot edit report ``key`` now ("" when they can)."""
        if not key:
            return ""
        current = self.get(key)
        return locked_reason(self.db, current.folder.actor, current.folder.report_id) or ""

    def publish_verdict(self, key: str) -> Verdict:
        return self.state(key).verdict

    # --- the sign-off ---------------------------------------------------------------------------

    def _ids(self, key: str) -> tuple[Actor, int, SharedFolder]:
        folder = self.get(key).folder
        return folder.actor, folder.report_id, folder

    def send_for_approval(self, key: str, note: str = "") -> ReportStatus:
        actor, rid, folder = self._ids(key)
        if folder.conflict is not None:
            raise InvalidState("您的副本有尚未存入共享库的修改（保存冲突）：请先处理冲突再送审")
        return signoff.send_for_approval(self.db, actor, rid, expected_version=folder.version, note=note)

    def withdraw(self, key: str) -> ReportStatus:
        actor, rid, _ = self._ids(key)
        return signoff.withdraw(self.db, actor, rid)

    def return_for_changes(self, key: str, reason: str) -> ReportStatus:
        actor, rid, _ = self._ids(key)
        return signoff.return_for_changes(self.db, actor, rid, reason)

    def approve(self, key: str, *, secrecy_reviewed: bool, secrecy_reviewer: str = "",
                note: str = "") -> ApprovalInfo:
        actor, rid, _ = self._ids(key)
        return signoff.approve(self.db, actor, rid, secrecy_reviewed=secrecy_reviewed,
                               secrecy_reviewer=secrecy_reviewer or None, note=note)

    def publish(self, key: str) -> ApprovalInfo:
        actor, rid, _ = self._ids(key)
        return signoff.publish(self.db, actor, rid)

    def start_revision(self, key: str, reason: str = "") -> int:
        actor, rid, _ = self._ids(key)
        return signoff.start_revision(self.db, actor, rid, reason)

    def approvals(self, key: str) -> list[ApprovalInfo]:
        actor, rid, _ = self._ids(key)
        return signoff.approvals(self.db, actor, rid)

    # --- comments -------------------------------------------------------------------------------

    def comments(self, key: str) -> list[CommentView]:
        actor, rid, _ = self._ids(key)
        return comment_service.list_comments(self.db, actor, rid)

    def add_comment(self, key: str, target: Target, body: str) -> CommentView:
        actor, rid, _ = self._ids(key)
        return comment_service.add_comment(self.db, actor, rid, target, body)

    def answer_comment(self, comment_id: int, body: str) -> CommentView:
        return comment_service.answer_comment(self.db, self.actor(), comment_id, body)

    def resolve_comment(self, comment_id: int) -> CommentView:
        return comment_service.resolve_comment(self.db, self.actor(), comment_id)

    # --- the collection round, as the unit sees it ----------------------------------------------

    def unit_rounds(self) -> list[RoundInfo]:
        """The rounds that list the person's agency (a unit's people submit to them)."""
        actor = self.actor()
        return round_service.list_rounds(self.db, actor) if actor.agency else []

    def submit(self, key: str, round_id: int) -> SubmissionInfo:
        actor, rid, _ = self._ids(key)
        return round_service.submit_to_round(self.db, actor, round_id, rid)

    def log(self, key: str) -> list[LogEntry]:
        actor, rid, _ = self._ids(key)
        return report_log(self.db, actor, rid)

