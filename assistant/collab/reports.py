"""Reports in the database: stored as their JSON, every save a numbered version.

Saves are optimistic: the caller says which version it edited (``expected_version``); when
someone else saved since, ``SaveConflict`` names who changed what and when, nothing is written,
and the caller keeps its own report (``conflict.mine``) to compare and save again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.collab import auditlog
from assistant.collab.access import (
    check_report_member,
    check_report_read,
    check_report_write,
    get_report,
    reviewed_round_ids,
)
from assistant.collab.auditlog import Action, shown_time
from assistant.collab.people import AccessDenied, Actor, InvalidState, NotFound, Role
from assistant.collab.status import ReportStatus
from assistant.db import Database
from assistant.db.models import ReportRow, ReportVersion, Submission
from assistant.db.types import utcnow
from assistant.errors import NianbaoError
from assistant.findings import Finding
from assistant.report import Report
from assistant.workspace.records import Dismissal, ExportRecord, Journal
from assistant.workspace.review import finding_key
from assistant.workspace.store import Change, compare_reports

MAX_LISTED_CHANGES = 8


@dataclass(frozen=True)
class StoredReport:
    """A report as stored now: edit ``report`` and save with ``expected_version=version``."""

    id: int
    agency: str
    year: int
    status: ReportStatus
    version: int
    edition: int
    report: Report
    origin: str
    updated_at: datetime
    updated_by: str

    @property
    def label(self) -> str:
        return f"{self.agency} {self.year}年"


@dataclass(frozen=True)
class ReportSummary:
    id: int
    agency: str
    year: int
    status: ReportStatus
    version: int
    edition: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class VersionInfo:
    number: int
    edition: int
    saved_at: datetime
    saved_by: str
    note: str


class SaveConflict(NianbaoError):
    """Someone saved the report after the caller opened it. ``mine`` is the caller's report
    (not saved), ``theirs`` the report as stored now, ``changes`` what they changed."""

    def __init__(self, message: str, *, mine: Report, theirs: StoredReport, changes: list[Change]) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs
        self.changes = changes


def _read(row: ReportRow, body: str | None = None) -> Report:
    text = row.body if body is None else body
    try:
        return Report.from_json(text)
    except ValidationError as exc:
        raise NianbaoError(f"数据库中{row.agency} {row.year}年的报告已损坏（{exc.error_count()} 处错误）") from exc


def _stored(row: ReportRow) -> StoredReport:
    return StoredReport(id=row.id, agency=row.agency, year=row.year, status=ReportStatus(row.status),
                        version=row.version, edition=row.edition, report=_read(row), origin=row.origin,
                        updated_at=row.updated_at, updated_by=row.updated_by)


def _summary(row: ReportRow) -> ReportSummary:
    return ReportSummary(id=row.id, agency=row.agency, year=row.year, status=ReportStatus(row.status),
                         version=row.version, edition=row.edition, updated_at=row.updated_at,
                         updated_by=row.updated_by)


def describe_changes(changes: list[Change]) -> str:
    """“表三 一、本年新收 自然人（3 → 5）、五、存在的主要问题及改进情况”."""
    parts = []
    for change in changes[:MAX_LISTED_CHANGES]:
        if change.kind == "cell":
            parts.append(f"{change.where}（{change.before or '空'} → {change.after or '空'}）")
        else:
            parts.append(change.where)
    more = len(changes) - MAX_LISTED_CHANGES
    return "、".join(parts) + (f" 等 {len(changes)} 处" if more > 0 else "")


# --- creating, reading ----------------------------------------------------------------------------


def insert_report(session: Session, actor: Actor, report: Report, *, origin: str, agency: str | None = None,
                  status: ReportStatus = ReportStatus.DRAFT, journal: Journal | None = None,
                  previous: Report | None = None, at: datetime | None = None,
                  action: Action = Action.REPORT_CREATE) -> ReportRow:
    """Add a report in the caller's transaction (no access check: callers check)."""
    agency = (agency or report.meta.agency or actor.agency or "").strip()
    if not agency:
        raise NianbaoError("报告没有机关名称，无法保存：请先填写报告机关")
    if report.meta.year is None:
        raise NianbaoError(f"{agency}的报告没有年度，无法保存：请先填写报告年度")
    year = report.meta.year
    if session.execute(select(ReportRow.id).where(ReportRow.agency == agency, ReportRow.year == year)).first():
        raise NianbaoError(f"{agency} {year}年的报告已存在，请打开它")
    at = at or utcnow()
    row = ReportRow(agency=agency, year=year, status=status.value, version=1, edition=1,
                    body=report.to_json(indent=None), origin=origin[:500],
                    journal=journal.model_dump_json() if journal is not None else None,
                    previous=previous.to_json(indent=None) if previous is not None else None,
                    created_at=at, created_by=actor.who, updated_at=at, updated_by=actor.who)
    session.add(row)
    session.flush()
    session.add(ReportVersion(report_id=row.id, number=1, edition=1, body=row.body, note=f"新建：{origin}"[:500],
                              saved_at=at, saved_by=actor.who))
    auditlog.append(session, actor, action, report_id=row.id, target=f"{agency} {year}年",
                    detail={"来源": origin})
    return row


def create_report(db: Database, actor: Actor, report: Report, *, origin: str = "新建",
                  previous: Report | None = None) -> StoredReport:
    """Store a new report for the actor's agency (an administrator: for the agency it names)."""
    if not actor.is_admin:
        if actor.role is not Role.WRITER:
            raise AccessDenied(f"{actor.who}（{actor.role.label}）无权新建报告：只有撰稿人可以")
        if report.meta.agency and report.meta.agency.strip() != actor.agency:
            raise AccessDenied(f"{actor.who} 只能为本机关（{actor.agency}）新建报告，"
                               f"不能为“{report.meta.agency}”新建")
    with db.transaction() as session:
        row = insert_report(session, actor, report, origin=origin, previous=previous,
                            agency=None if actor.is_admin else actor.agency)
        return _stored(row)


def load_report(db: Database, actor: Actor, report_id: int) -> StoredReport:
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        return _stored(row)


def find_report(db: Database, actor: Actor, agency: str, year: int) -> StoredReport | None:
    """The report of ``agency`` for ``year``, if stored and visible to ``actor``."""
    with db.transaction() as session:
        row = session.execute(select(ReportRow).where(ReportRow.agency == agency.strip(),
                                                      ReportRow.year == year)).scalar_one_or_none()
        if row is None:
            return None
        check_report_read(session, actor, row)
        return _stored(row)


def list_reports(db: Database, actor: Actor) -> list[ReportSummary]:
    """The reports ``actor`` may see, most recently changed first."""
    with db.transaction() as session:
        query = select(ReportRow).order_by(ReportRow.updated_at.desc(), ReportRow.id)
        if not actor.is_admin:
            rounds = reviewed_round_ids(session, actor)
            if rounds:
                submitted = select(Submission.report_id).where(Submission.round_id.in_(rounds))
                query = query.where(ReportRow.id.in_(submitted))
            elif actor.role in (Role.WRITER, Role.APPROVER) and actor.agency:
                query = query.where(ReportRow.agency == actor.agency)
            else:
                return []
        return [_summary(row) for row in session.execute(query).scalars()]


def list_versions(db: Database, actor: Actor, report_id: int) -> list[VersionInfo]:
    """Every saved version, newest first."""
    with db.transaction() as session:
        check_report_read(session, actor, get_report(session, report_id))
        rows = session.execute(select(ReportVersion).where(ReportVersion.report_id == report_id)
                               .order_by(ReportVersion.number.desc())).scalars()
        return [VersionInfo(number=v.number, edition=v.edition, saved_at=v.saved_at, saved_by=v.saved_by,
                            note=v.note) for v in rows]


def _version_body(session: Session, row: ReportRow, number: int) -> str:
    body = session.execute(select(ReportVersion.body).where(ReportVersion.report_id == row.id,
                                                            ReportVersion.number == number)).scalar_one_or_none()
    if body is None:
        raise NotFound(f"{row.agency} {row.year}年的报告没有第 {number} 版")
    return body


def load_version(db: Database, actor: Actor, report_id: int, number: int) -> Report:
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        return _read(row, _version_body(session, row, number))


def load_previous(db: Database, actor: Actor, report_id: int) -> Report | None:
    """Last year's report kept beside this one (for the cross-year checks)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        return _read(row, row.previous) if row.previous else None


def set_previous(db: Database, actor: Actor, report_id: int, previous: Report | None) -> None:
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        row.previous = previous.to_json(indent=None) if previous is not None else None


# --- saving ---------------------------------------------------------------------------------------


def _locked_reason(row: ReportRow) -> str:
    status = ReportStatus(row.status)
    label = f"{row.agency} {row.year}年的报告"
    if status is ReportStatus.SUBMITTED:
        return f"{label}已送审，审核期间不能修改：如需修改，请先撤回送审"
    if status is ReportStatus.APPROVED:
        return f"{label}已审核通过，不能直接修改：如需修改，请先“开始修订”（修订后须重新送审）"
    return (f"{label}已发布（第 {row.edition} 版），已锁定：如需修改，请先“开始修订”，"
            "修订版须重新审核通过后才能发布")


def _audit_changes(session: Session, actor: Actor, row: ReportRow, changes: list[Change], version: int) -> None:
    where = f"{row.agency} {row.year}年"
    cells = {c.ref: [c.before, c.after] for c in changes if c.kind == "cell"}
    texts = [c for c in changes if c.kind == "text"]
    metas = {c.where: [c.before, c.after] for c in changes if c.kind == "meta"}
    if cells:
        auditlog.append(session, actor, Action.CELL_EDIT, report_id=row.id, target=where,
                        detail={"版本": version, "单元格": cells})
    if texts:
        auditlog.append(session, actor, Action.TEXT_EDIT, report_id=row.id, target=where,
                        detail={"版本": version, "部分": {c.where: {"原字数": len(c.before), "新字数": len(c.after)}
                                                         for c in texts}})
    if metas:
        auditlog.append(session, actor, Action.META_EDIT, report_id=row.id, target=where,
                        detail={"版本": version, "修改": metas})


def save_report(db: Database, actor: Actor, report_id: int, report: Report, *, expected_version: int,
                note: str = "") -> StoredReport:
    """Save ``report`` over version ``expected_version``. Unchanged: nothing is written.

    Raises ``SaveConflict`` when the stored version is newer, ``InvalidState`` when the report
    is under review, approved or published (locked)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        if row.version != expected_version:
            raise _conflict(session, row, report, expected_version)
        if not ReportStatus(row.status).editable:
            raise InvalidState(_locked_reason(row))
        if report.meta.year != row.year:
            raise NianbaoError(f"报告年度不能改动：这是{row.agency} {row.year}年的报告（改成了 {report.meta.year}）")
        changes = compare_reports(_read(row), report)
        if not changes:
            return _stored(row)
        at, version, body = utcnow(), expected_version + 1, report.to_json(indent=None)
        result = session.execute(
            update(ReportRow).where(ReportRow.id == row.id, ReportRow.version == expected_version)
            .values(version=version, body=body, updated_at=at, updated_by=actor.who)
            .execution_options(synchronize_session=False))
        if getattr(result, "rowcount", 1) != 1:  # a concurrent save committed between read and write
            session.expire(row)
            raise _conflict(session, row, report, expected_version)
        session.add(ReportVersion(report_id=row.id, number=version, edition=row.edition, body=body,
                                  note=note[:500], saved_at=at, saved_by=actor.who))
        _audit_changes(session, actor, row, changes, version)
        session.flush()
        session.refresh(row)
        return _stored(row)


def _conflict(session: Session, row: ReportRow, mine: Report, expected: int) -> SaveConflict:
    theirs = _stored(row)
    try:
        base = _read(row, _version_body(session, row, expected))
    except NotFound:
        base = mine
    changes = compare_reports(base, theirs.report)
    what = f"，改动了：{describe_changes(changes)}" if changes else ""
    message = (f"保存冲突：{theirs.label}的报告在您打开（第 {expected} 版）之后已被修改——{theirs.updated_by} 于 "
               f"{shown_time(theirs.updated_at)} 保存了第 {theirs.version} 版{what}。"
               "您的修改没有保存，仍保留在编辑器中：请对照对方的修改后再保存。")
    return SaveConflict(message, mine=mine, theirs=theirs, changes=changes)


# --- the journal: dismissed findings and exports ------------------------------------------------


def _journal(row: ReportRow) -> Journal:
    if not row.journal:
        return Journal()
    try:
        return Journal.model_validate_json(row.journal)
    except ValidationError as exc:
        raise NianbaoError(
            f"数据库中{row.agency} {row.year}年报告的工作记录已损坏（{exc.error_count()} 处错误）") from exc


def load_journal(db: Database, actor: Actor, report_id: int) -> Journal:
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        return _journal(row)


def dismiss_finding(db: Database, actor: Actor, report_id: int, finding: Finding, reason: str) -> Dismissal:
    """Keep a warning out of the open list, with the writer's reason (errors cannot be dismissed)."""
    reason = reason.strip()
    if finding.is_error:
        raise NianbaoError("错误不能忽略：请修改报告，或在导出时写明理由后仍然导出")
    if not reason:
        raise NianbaoError("请写明忽略这条提示的理由")
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        dismissal = Dismissal(key=finding_key(finding, _read(row)), code=finding.code, severity=finding.severity,
                              message=finding.message, reason=reason, at=utcnow())
        journal = _journal(row)
        journal.dismissals = [d for d in journal.dismissals if d.key != dismissal.key] + [dismissal]
        row.journal = journal.model_dump_json()
        auditlog.append(session, actor, Action.DISMISS, report_id=row.id, target=f"{row.agency} {row.year}年",
                        detail={"规则": finding.code, "提示": finding.message, "理由": reason})
        return dismissal


def record_export(db: Database, actor: Actor, report_id: int, *, format: str, file: str, errors: int = 0,
                  override_reason: str | None = None) -> ExportRecord:
    """Log an export (the file name, its format, the errors left and any reason to export anyway)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_member(actor, row, "导出")
        record = ExportRecord(format=format, file=file, at=utcnow(), errors=errors, override_reason=override_reason)
        journal = _journal(row)
        journal.exports.append(record)
        row.journal = journal.model_dump_json()
        detail: dict[str, Any] = {"格式": format, "文件": file, "版本": row.version, "错误数": errors}
        if override_reason:
            detail["仍然导出的理由"] = override_reason
        auditlog.append(session, actor, Action.EXPORT, report_id=row.id, target=f"{row.agency} {row.year}年",
                        detail=detail)
        return record


# --- for a UI holding a working copy ------------------------------------------------------------


def report_summary(db: Database, actor: Actor, report_id: int) -> ReportSummary:
    """The report's status, version and last change, without its body (cheap to ask often)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        return _summary(row)


def check_editable(db: Database, actor: Actor, report_id: int) -> ReportSummary:
    """Refuse in Chinese, before anything is changed, when ``actor`` may not edit the report now:
    ``AccessDenied`` (not the agency's 撰稿人), ``InvalidState`` (under review, approved or
    published: locked)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        if not ReportStatus(row.status).editable:
            raise InvalidState(_locked_reason(row))
        return _summary(row)


def locked_reason(db: Database, actor: Actor, report_id: int) -> str | None:
    """Why ``actor`` cannot edit the report now (``None``: they can)."""
    try:
        check_editable(db, actor, report_id)
    except (AccessDenied, InvalidState) as exc:
        return str(exc)
    return None


def undismiss_finding(db: Database, actor: Actor, report_id: int, key: str) -> None:
    """Put a dismissed warning back in the open list."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        journal = _journal(row)
        kept = [d for d in journal.dismissals if d.key != key]
        if len(kept) == len(journal.dismissals):
            return
        gone = next(d for d in journal.dismissals if d.key == key)
        journal.dismissals = kept
        row.journal = journal.model_dump_json()
        auditlog.append(session, actor, Action.DISMISS, report_id=row.id, target=f"{row.agency} {row.year}年",
                        detail={"规则": gone.code, "提示": gone.message, "恢复": True})
