"""Who may see and do what. A unit's people see their own agency's reports; a round's
reviewers see the reports submitted to their rounds; administrators see everything."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.collab.people import AccessDenied, Actor, NotFound, Role
from assistant.db.models import ReportRow, Round, RoundReviewer, Submission


def require_admin(actor: Actor, what: str) -> None:
    if not actor.is_admin:
        raise AccessDenied(f"{actor.who}（{actor.role.label}）无权{what}：只有管理员可以")


def get_report(session: Session, report_id: int) -> ReportRow:
    row = session.get(ReportRow, report_id)
    if row is None:
        raise NotFound(f"报告（编号 {report_id}）不存在")
    return row


def get_round(session: Session, round_id: int) -> Round:
    found = session.get(Round, round_id)
    if found is None:
        raise NotFound(f"汇总（编号 {round_id}）不存在")
    return found


def reviewed_round_ids(session: Session, actor: Actor) -> set[int]:
    """The rounds ``actor`` is assigned to as 汇总审核人."""
    if actor.user_id is None or actor.role is not Role.ROUND_REVIEWER:
        return set()
    rows = session.execute(select(RoundReviewer.round_id).where(RoundReviewer.user_id == actor.user_id))
    return set(rows.scalars())


def _own_agency(actor: Actor, row: ReportRow) -> bool:
    return actor.agency is not None and actor.agency == row.agency


def _label(row: ReportRow) -> str:
    return f"{row.agency} {row.year}年的报告"


def check_report_read(session: Session, actor: Actor, row: ReportRow) -> None:
    if actor.is_admin or (actor.role in (Role.WRITER, Role.APPROVER) and _own_agency(actor, row)):
        return
    rounds = reviewed_round_ids(session, actor)
    if rounds and session.execute(select(Submission.id).where(
            Submission.report_id == row.id, Submission.round_id.in_(rounds)).limit(1)).first():
        return
    own = f"只能查看本机关（{actor.agency}）的报告" if actor.agency else "未分配机关或汇总"
    raise AccessDenied(f"{actor.who} 无权查看{_label(row)}：{own}")


def check_report_write(actor: Actor, row: ReportRow) -> None:
    """Editing and sending for approval: the agency's 撰稿人, or an administrator."""
    if actor.is_admin or (actor.role is Role.WRITER and _own_agency(actor, row)):
        return
    raise AccessDenied(f"{actor.who}（{actor.role.label}）无权修改{_label(row)}：只有本机关的撰稿人可以")


def check_report_approve(actor: Actor, row: ReportRow) -> None:
    """Returning and approving: the agency's 审核人, or an administrator."""
    if actor.is_admin or (actor.role is Role.APPROVER and _own_agency(actor, row)):
        return
    raise AccessDenied(f"{actor.who}（{actor.role.label}）无权审核{_label(row)}：只有本机关的审核人可以")


def check_report_member(actor: Actor, row: ReportRow, what: str) -> None:
    """Publishing and submitting to a round: the agency's 撰稿人 or 审核人, or an administrator."""
    if actor.is_admin or (actor.role in (Role.WRITER, Role.APPROVER) and _own_agency(actor, row)):
        return
    raise AccessDenied(f"{actor.who}（{actor.role.label}）无权{what}{_label(row)}：只有本机关的撰稿人或审核人可以")


def check_round_access(session: Session, actor: Actor, found: Round) -> None:
    """Reviewing a round: its assigned 汇总审核人, or an administrator."""
    if actor.is_admin or found.id in reviewed_round_ids(session, actor):
        return
    raise AccessDenied(f"{actor.who} 无权查看或处理汇总“{found.name} {found.year}年”：未被指定为该汇总的汇总审核人")
