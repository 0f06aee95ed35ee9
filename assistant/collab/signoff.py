"""The agency's sign-off: 起草中 → 送审 → 退回修改 / 审核通过 → 已发布.

Approval records the 保密审查 (《条例》第十七条: information is reviewed for secrets before it is
made public): who reviewed and when. Approval holds for the version approved; a published
report is locked, and a change starts the next edition, which needs approval again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.collab import auditlog
from assistant.collab.access import (
    check_report_approve,
    check_report_member,
    check_report_read,
    check_report_write,
    get_report,
)
from assistant.collab.auditlog import Action, shown_time
from assistant.collab.comments import add_comment_in, whole_report
from assistant.collab.people import Actor, InvalidState
from assistant.collab.status import ReportStatus
from assistant.db import Database
from assistant.db.models import Approval, ReportRow
from assistant.db.types import utcnow
from assistant.errors import NianbaoError

SECRECY_BASIS = "《中华人民共和国政府信息公开条例》第十七条"


@dataclass(frozen=True)
class ApprovalInfo:
    edition: int
    version: int
    approved_by: str
    approved_at: datetime
    secrecy_reviewer: str
    secrecy_reviewed_at: datetime
    note: str
    published_by: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class Verdict:
    """Whether an action may go ahead, and why (Chinese, for the person asking)."""

    ok: bool
    reason: str


def _info(approval: Approval) -> ApprovalInfo:
    return ApprovalInfo(edition=approval.edition, version=approval.version, approved_by=approval.approved_by,
                        approved_at=approval.approved_at, secrecy_reviewer=approval.secrecy_reviewer,
                        secrecy_reviewed_at=approval.secrecy_reviewed_at, note=approval.note,
                        published_by=approval.published_by, published_at=approval.published_at)


def _label(row: ReportRow) -> str:
    return f"{row.agency} {row.year}年的报告"


def _move(session: Session, actor: Actor, row: ReportRow, allowed: tuple[ReportStatus, ...], to: ReportStatus,
          what: str, detail: dict[str, object] | None = None) -> None:
    current = ReportStatus(row.status)
    if current not in allowed:
        names = "、".join(s.label for s in allowed)
        raise InvalidState(f"{_label(row)}现为“{current.label}”，不能{what}（只有“{names}”的报告可以）")
    row.status = to.value
    row.updated_at, row.updated_by = utcnow(), actor.who
    auditlog.append(session, actor, Action.STATUS_CHANGE, report_id=row.id, target=f"{row.agency} {row.year}年",
                    detail={"从": current.label, "到": to.label, "版本": row.version, "修订版": row.edition,
                            **(detail or {})})


def _current_approval(session: Session, row: ReportRow) -> Approval | None:
    return session.execute(select(Approval).where(Approval.report_id == row.id, Approval.edition == row.edition,
                                                  Approval.version == row.version)
                           .order_by(Approval.id.desc()).limit(1)).scalar_one_or_none()


def send_for_approval(db: Database, actor: Actor, report_id: int, *, expected_version: int | None = None,
                      note: str = "") -> ReportStatus:
    """The writer sends the report to the 审核人 (from 起草中 or 退回修改)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        if expected_version is not None and expected_version != row.version:
            raise InvalidState(f"{_label(row)}在您打开后已被 {row.updated_by} 修改（现为第 {row.version} 版）："
                               "请先查看最新版本再送审")
        _move(session, actor, row, (ReportStatus.DRAFT, ReportStatus.RETURNED), ReportStatus.SUBMITTED, "送审",
              {"说明": note} if note else None)
        return ReportStatus.SUBMITTED


def withdraw(db: Database, actor: Actor, report_id: int) -> ReportStatus:
    """The writer takes a report back from review to change it."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        _move(session, actor, row, (ReportStatus.SUBMITTED,), ReportStatus.DRAFT, "撤回送审")
        return ReportStatus.DRAFT


def return_for_changes(db: Database, actor: Actor, report_id: int, reason: str) -> ReportStatus:
    """The 审核人 returns the report with a reason (kept as a comment on the whole report)."""
    reason = reason.strip()
    if not reason:
        raise NianbaoError("退回修改须写明理由")
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_approve(actor, row)
        _move(session, actor, row, (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, "退回修改", {"理由": reason})
        add_comment_in(session, actor, row, whole_report(), f"退回修改：{reason}")
        return ReportStatus.RETURNED


def approve(db: Database, actor: Actor, report_id: int, *, secrecy_reviewed: bool,
            secrecy_reviewer: str | None = None, secrecy_reviewed_at: datetime | None = None,
            note: str = "") -> ApprovalInfo:
    """The 审核人 approves the version under review, confirming that the 保密审查 was done
    (by ``secrecy_reviewer``, default the approver, at ``secrecy_reviewed_at``, default now)."""
    if not secrecy_reviewed:
        raise NianbaoError(f"审核通过前须确认已完成保密审查（{SECRECY_BASIS}：公开前应依照保密法律法规进行审查）")
    reviewer = (secrecy_reviewer or "").strip() or actor.who
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_approve(actor, row)
        at = utcnow()
        _move(session, actor, row, (ReportStatus.SUBMITTED,), ReportStatus.APPROVED, "审核通过",
              {"保密审查人": reviewer, "说明": note} if note else {"保密审查人": reviewer})
        approval = Approval(report_id=row.id, edition=row.edition, version=row.version, approved_by=actor.who,
                            approved_at=at, secrecy_reviewer=reviewer, secrecy_reviewed_at=secrecy_reviewed_at or at,
                            note=note.strip(), published_by=None, published_at=None)
        session.add(approval)
        session.flush()
        return _info(approval)


def publish(db: Database, actor: Actor, report_id: int) -> ApprovalInfo:
    """Mark the approved report as published: it is locked from now on."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_member(actor, row, "发布")
        verdict = _can_publish(session, row)
        if not verdict.ok:
            raise InvalidState(verdict.reason)
        approval = _current_approval(session, row)
        assert approval is not None
        if ReportStatus(row.status) is ReportStatus.APPROVED:
            _move(session, actor, row, (ReportStatus.APPROVED,), ReportStatus.PUBLISHED, "发布")
            approval.published_by, approval.published_at = actor.who, utcnow()
        session.flush()
        return _info(approval)


def start_revision(db: Database, actor: Actor, report_id: int, reason: str = "") -> int:
    """Reopen an approved or published report for changes; a published one gets the next edition
    (the published edition stays in the history). Returns the edition now being written."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_write(actor, row)
        published = ReportStatus(row.status) is ReportStatus.PUBLISHED
        _move(session, actor, row, (ReportStatus.APPROVED, ReportStatus.PUBLISHED), ReportStatus.DRAFT, "开始修订",
              {"理由": reason.strip()} if reason.strip() else None)
        if published:
            row.edition += 1
        return row.edition


def _can_publish(session: Session, row: ReportRow) -> Verdict:
    status = ReportStatus(row.status)
    label = _label(row)
    if status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        return Verdict(False, f"{label}现为“{status.label}”：须送审并经审核人审核通过（含保密审查）后才能发布")
    if status is ReportStatus.SUBMITTED:
        return Verdict(False, f"{label}正在审核中：须经审核人审核通过（含保密审查）后才能发布")
    approval = _current_approval(session, row)
    if approval is None:
        return Verdict(False, f"{label}的当前版本（第 {row.version} 版）没有审核记录：请重新送审")
    secrecy = f"保密审查：{approval.secrecy_reviewer}，{shown_time(approval.secrecy_reviewed_at)}"
    approved = f"已由 {approval.approved_by} 于 {shown_time(approval.approved_at)} 审核通过（{secrecy}）"
    if status is ReportStatus.PUBLISHED:
        return Verdict(True, f"{label}{approved}，已发布")
    return Verdict(True, f"{label}{approved}，可以发布")


def can_publish(db: Database, report_id: int) -> Verdict:
    """Whether the report may be exported for publishing: approved (with the 保密审查) at the
    version stored now. The reason says why not, or who approved it and when."""
    with db.transaction() as session:
        return _can_publish(session, get_report(session, report_id))


def approvals(db: Database, actor: Actor, report_id: int) -> list[ApprovalInfo]:
    """Every approval of the report, oldest first."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        rows = session.execute(select(Approval).where(Approval.report_id == report_id).order_by(Approval.id))
        return [_info(a) for a in rows.scalars()]
