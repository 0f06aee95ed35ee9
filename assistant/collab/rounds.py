"""The 主管部门's collection round: a roster of units, the reports they submit (or the reviewer
uploads for them), returns and acceptances, a dashboard, and the roll-up computed live over
the accepted reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from assistant.cells import FormatVersion
from assistant.checks import run_checks
from assistant.collab import auditlog
from assistant.collab.access import (
    check_report_member,
    check_round_access,
    get_report,
    get_round,
    reviewed_round_ids,
)
from assistant.collab.auditlog import Action
from assistant.collab.people import AccessDenied, Actor, InvalidState, NotFound, Role
from assistant.collab.status import ReportStatus, SubmissionStatus, UnitState
from assistant.db import Database
from assistant.db.models import Approval, Round, RoundReviewer, RoundUnit, Submission, User
from assistant.db.types import utcnow
from assistant.errors import NianbaoError
from assistant.form import report_title
from assistant.report import Report
from assistant.rollup import Rollup, RosterUnit, UnitKind, match_names


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    year: int
    units: int
    reviewers: tuple[str, ...]
    created_by: str
    created_at: datetime
    has_published: bool

    @property
    def label(self) -> str:
        return f"{self.name} {self.year}年"


@dataclass(frozen=True)
class SubmissionInfo:
    id: int
    unit: str
    state: UnitState
    source: str
    errors: int
    warnings: int
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str


@dataclass(frozen=True)
class DashboardRow:
    unit: str
    kind: UnitKind
    parent: str | None
    state: UnitState
    errors: int
    warnings: int
    source: str
    changed_at: datetime | None
    changed_by: str | None
    note: str
    submission_id: int | None
    report_id: int | None


@dataclass(frozen=True)
class Dashboard:
    round: RoundInfo
    rows: tuple[DashboardRow, ...]

    def count(self, state: UnitState) -> int:
        return sum(r.state is state for r in self.rows)

    @property
    def summary(self) -> str:
        """“应报 30 个单位：未提交 3，已提交 20，有错误 2，已退回 1，已接收 4”."""
        counts = "，".join(f"{s.value} {self.count(s)}" for s in UnitState)
        return f"{self.round.label}：应报 {len(self.rows)} 个单位：{counts}"


def place_of(government: str) -> str:
    """'临川县人民政府' → '临川县' (for matching unit names written without the place)."""
    for suffix in ("人民政府办公室", "人民政府"):
        if government.endswith(suffix):
            return government[: -len(suffix)]
    return government


def _info(session: Session, found: Round) -> RoundInfo:
    units = session.execute(select(RoundUnit.id).where(RoundUnit.round_id == found.id)).all()
    reviewers = session.execute(select(User.name).join(RoundReviewer, RoundReviewer.user_id == User.id)
                                .where(RoundReviewer.round_id == found.id).order_by(User.name)).scalars()
    return RoundInfo(id=found.id, name=found.name, year=found.year, units=len(units), reviewers=tuple(reviewers),
                     created_by=found.created_by, created_at=found.created_at, has_published=bool(found.published))


def _state(sub: Submission | None) -> UnitState:
    if sub is None:
        return UnitState.NOT_SUBMITTED
    status = SubmissionStatus(sub.status)
    if status is SubmissionStatus.ACCEPTED:
        return UnitState.ACCEPTED
    if status is SubmissionStatus.RETURNED:
        return UnitState.RETURNED
    return UnitState.HAS_ERRORS if sub.errors else UnitState.SUBMITTED


def _sub_info(sub: Submission, unit: str) -> SubmissionInfo:
    return SubmissionInfo(id=sub.id, unit=unit, state=_state(sub), source=sub.source, errors=sub.errors,
                          warnings=sub.warnings, submitted_by=sub.submitted_by, submitted_at=sub.submitted_at,
                          decided_by=sub.decided_by, decided_at=sub.decided_at, note=sub.decision_note)


# --- rounds ---------------------------------------------------------------------------------------


def create_round(db: Database, actor: Actor, *, name: str, year: int, roster: Sequence[RosterUnit],
                 reviewers: Sequence[str] = ()) -> RoundInfo:
    """A new round (a 汇总审核人 creating it becomes one of its reviewers)."""
    if not actor.is_admin and actor.role is not Role.ROUND_REVIEWER:
        raise AccessDenied(f"{actor.who}（{actor.role.label}）无权新建汇总：只有汇总审核人或管理员可以")
    name = name.strip()
    if not name:
        raise NianbaoError("汇总须写明本级政府名称，如“临川县人民政府”")
    if not roster:
        raise NianbaoError(f"{name} {year}年的汇总花名册中没有任何单位")
    with db.transaction() as session:
        if session.execute(select(Round.id).where(Round.name == name, Round.year == year)).first():
            raise NianbaoError(f"{name} {year}年的汇总已存在")
        found = Round(name=name, year=year, created_by=actor.who, created_at=utcnow())
        session.add(found)
        session.flush()
        for unit in roster:
            session.add(RoundUnit(round_id=found.id, name=unit.name, kind=unit.kind.value, parent=unit.parent,
                                  row=unit.row))
        names = list(reviewers)
        if actor.role is Role.ROUND_REVIEWER and actor.name not in names:
            names.append(actor.name)
        for reviewer in names:
            user = session.execute(select(User).where(User.name == reviewer)).scalar_one_or_none()
            if user is None:
                raise NotFound(f"汇总审核人账户 {reviewer} 不存在")
            if user.role != Role.ROUND_REVIEWER.value:
                raise NianbaoError(f"账户 {reviewer} 是{Role(user.role).label}，只有汇总审核人可以被指定到汇总")
            session.add(RoundReviewer(round_id=found.id, user_id=user.id))
        auditlog.append(session, actor, Action.ROUND_CREATE, round_id=found.id, target=f"{name} {year}年",
                        detail={"单位数": len(roster), "汇总审核人": names})
        session.flush()
        return _info(session, found)


def _unit_names(session: Session, round_id: int) -> list[str]:
    return list(session.execute(select(RoundUnit.name).where(RoundUnit.round_id == round_id)).scalars())


def list_rounds(db: Database, actor: Actor) -> list[RoundInfo]:
    """Rounds ``actor`` reviews (administrators: all; a unit's people: those listing their agency)."""
    with db.transaction() as session:
        rounds = list(session.execute(select(Round).order_by(Round.year.desc(), Round.name)).scalars())
        if not actor.is_admin:
            mine = reviewed_round_ids(session, actor)
            rounds = [r for r in rounds if r.id in mine
                      or (actor.agency and _match_unit(session, r, actor.agency) is not None)]
        return [_info(session, r) for r in rounds]


def round_info(db: Database, actor: Actor, round_id: int) -> RoundInfo:
    with db.transaction() as session:
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        return _info(session, found)


def _match_unit(session: Session, found: Round, agency: str) -> RoundUnit | None:
    units = list(session.execute(select(RoundUnit).where(RoundUnit.round_id == found.id)).scalars())
    for unit in units:
        if unit.name == agency.strip():
            return unit
    matches = match_names([u.name for u in units], [agency], place_of(found.name))
    if 0 in matches:
        return next(u for u in units if u.name == matches[0].unit)
    return None


def _unit(session: Session, found: Round, name: str) -> RoundUnit:
    unit = session.execute(select(RoundUnit).where(RoundUnit.round_id == found.id, RoundUnit.name == name.strip())
                           ).scalar_one_or_none()
    if unit is None:
        raise NotFound(f"单位“{name}”不在汇总“{found.name} {found.year}年”的花名册上")
    return unit


def _latest(session: Session, unit: RoundUnit) -> Submission | None:
    return session.execute(select(Submission).where(Submission.unit_id == unit.id)
                           .order_by(Submission.id.desc()).limit(1)).scalar_one_or_none()


def _incompatible(found: Round, report: Report) -> str | None:
    if report.version is not FormatVersion.V2021 or report.meta.year not in (None, found.year):
        return (f"报告为{report.version.value}年版格式、{report.meta.year}年度，"
                f"汇总需要{found.year}年度的2021年版格式报告")
    return None


def _add_submission(session: Session, actor: Actor, found: Round, unit: RoundUnit, report: Report, *,
                    source: str, previous: Report | None, report_id: int | None,
                    report_version: int | None) -> Submission:
    latest = _latest(session, unit)
    if latest is not None and SubmissionStatus(latest.status) is SubmissionStatus.ACCEPTED:
        raise InvalidState(f"{unit.name}的报告已被 {latest.decided_by} 接收：如需更正，请汇总审核人先退回")
    findings = run_checks(report, previous)
    errors = sum(f.is_error for f in findings)
    sub = Submission(round_id=found.id, unit_id=unit.id, report_id=report_id, report_version=report_version,
                     body=report.to_json(indent=None), source=source[:500], status=SubmissionStatus.SUBMITTED.value,
                     errors=errors, warnings=len(findings) - errors, submitted_by=actor.who, submitted_at=utcnow(),
                     decided_by=None, decided_at=None, decision_note="")
    session.add(sub)
    session.flush()
    auditlog.append(session, actor, Action.SUBMISSION, round_id=found.id, report_id=report_id, target=unit.name,
                    detail={"操作": "提交", "来源": source, "错误": errors, "警告": sub.warnings,
                            "格式": _incompatible(found, report)})
    return sub


def submit_to_round(db: Database, actor: Actor, round_id: int, report_id: int) -> SubmissionInfo:
    """The unit sends its approved report (审核通过 or 已发布, at the approved version)."""
    with db.transaction() as session:
        found = get_round(session, round_id)
        row = get_report(session, report_id)
        check_report_member(actor, row, "报送")
        status = ReportStatus(row.status)
        approved = session.execute(select(Approval.id).where(
            Approval.report_id == row.id, Approval.edition == row.edition, Approval.version == row.version)).first()
        if status not in (ReportStatus.APPROVED, ReportStatus.PUBLISHED) or not approved:
            raise InvalidState(f"{row.agency} {row.year}年的报告现为“{status.label}”："
                               "须经本机关审核人审核通过后才能报送")
        if row.year != found.year:
            raise NianbaoError(f"{row.agency}的报告是{row.year}年度，汇总“{found.name}”收的是{found.year}年度")
        unit = _match_unit(session, found, row.agency)
        if unit is None:
            raise NotFound(f"机关“{row.agency}”不在汇总“{found.name} {found.year}年”的花名册上")
        report = Report.from_json(row.body)
        previous = Report.from_json(row.previous) if row.previous else None
        sub = _add_submission(session, actor, found, unit, report, source=f"报告库：第 {row.version} 版",
                              previous=previous, report_id=row.id, report_version=row.version)
        return _sub_info(sub, unit.name)


def upload_for_unit(db: Database, actor: Actor, round_id: int, unit: str, report: Report, *,
                    source: str) -> SubmissionInfo:
    """The reviewer enters a unit's report on its behalf (``source``: the file it came from)."""
    with db.transaction() as session:
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        target = _unit(session, found, unit)
        sub = _add_submission(session, actor, found, target, report, source=source, previous=None,
                              report_id=None, report_version=None)
        return _sub_info(sub, target.name)


def upload_file_for_unit(db: Database, actor: Actor, round_id: int, unit: str, path: Path) -> SubmissionInfo:
    """As ``upload_for_unit``, reading any file the parser reads (``UnreadableInput`` names it)."""
    from assistant.parsing import parse_file

    with db.transaction() as session:  # refuse before the (slow) parse
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        _unit(session, found, unit)
    return upload_for_unit(db, actor, round_id, unit, parse_file(path), source=path.name)


def _decide(db: Database, actor: Actor, round_id: int, unit: str, to: SubmissionStatus, note: str,
            *, despite_errors: bool = False) -> SubmissionInfo:
    with db.transaction() as session:
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        target = _unit(session, found, unit)
        sub = _latest(session, target)
        if sub is None:
            raise InvalidState(f"{target.name}尚未提交报告")
        current = SubmissionStatus(sub.status)
        if current is not SubmissionStatus.SUBMITTED:
            raise InvalidState(f"{target.name}的报告已{_state(sub).value.removeprefix('已')}，"
                               "不能再次处理：须单位重新提交")
        if to is SubmissionStatus.ACCEPTED:
            reason = _incompatible(found, Report.from_json(sub.body))
            if reason:
                raise InvalidState(f"{target.name}的报告不能接收：{reason}")
            if sub.errors and not despite_errors:
                raise InvalidState(f"{target.name}的报告有 {sub.errors} 个错误：请退回修改，"
                                   "或写明理由后仍然接收")
        sub.status, sub.decided_by, sub.decided_at, sub.decision_note = to.value, actor.who, utcnow(), note
        auditlog.append(session, actor, Action.SUBMISSION, round_id=found.id, report_id=sub.report_id,
                        target=target.name, detail={"操作": "接收" if to is SubmissionStatus.ACCEPTED else "退回",
                                                    "说明": note, "错误": sub.errors})
        return _sub_info(sub, target.name)


def return_submission(db: Database, actor: Actor, round_id: int, unit: str, comment: str) -> SubmissionInfo:
    """The reviewer sends a unit's report back, with comments (required)."""
    comment = comment.strip()
    if not comment:
        raise NianbaoError("退回须写明意见")
    return _decide(db, actor, round_id, unit, SubmissionStatus.RETURNED, comment)


def accept_submission(db: Database, actor: Actor, round_id: int, unit: str, note: str = "", *,
                      despite_errors: str = "") -> SubmissionInfo:
    """The reviewer accepts a unit's report; one with errors only with a reason (``despite_errors``)."""
    reason = despite_errors.strip()
    text = "；".join(t for t in (note.strip(), f"有错误仍接收的理由：{reason}" if reason else "") if t)
    return _decide(db, actor, round_id, unit, SubmissionStatus.ACCEPTED, text, despite_errors=bool(reason))


def submission_report(db: Database, actor: Actor, submission_id: int) -> Report:
    """The report as submitted (the reviewer's view of a unit's report)."""
    with db.transaction() as session:
        sub = session.get(Submission, submission_id)
        if sub is None:
            raise NotFound(f"报送记录（编号 {submission_id}）不存在")
        check_round_access(session, actor, get_round(session, sub.round_id))
        try:
            return Report.from_json(sub.body)
        except ValidationError as exc:
            raise NianbaoError(f"报送记录（编号 {submission_id}）中的报告已损坏（{exc.error_count()} 处错误）") from exc


def set_published(db: Database, actor: Actor, round_id: int, report: Report, *, source: str) -> None:
    """The government's own published report, compared cell by cell with the roll-up."""
    with db.transaction() as session:
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        found.published, found.published_source = report.to_json(indent=None), source[:500]
        auditlog.append(session, actor, Action.ROUND_CHANGE, round_id=found.id, target=f"{found.name} {found.year}年",
                        detail={"本级发布报告": source})


# --- the dashboard and the live roll-up -----------------------------------------------------------


def dashboard(db: Database, actor: Actor, round_id: int) -> Dashboard:
    """Every roster unit with its state, error and warning counts, and its last change (when, who)."""
    with db.transaction() as session:
        found = get_round(session, round_id)
        check_round_access(session, actor, found)
        info = _info(session, found)
        units = list(session.execute(select(RoundUnit).where(RoundUnit.round_id == round_id)
                                     .order_by(RoundUnit.row, RoundUnit.id)).scalars())
        latest: dict[int, Submission] = {}
        for each in session.execute(select(Submission).options(defer(Submission.body))
                                    .where(Submission.round_id == round_id).order_by(Submission.id)).scalars():
            latest[each.unit_id] = each
        rows = []
        for unit in units:
            sub = latest.get(unit.id)
            changed_at = changed_by = None
            if sub is not None:
                changed_at, changed_by = ((sub.decided_at, sub.decided_by) if sub.decided_at
                                          else (sub.submitted_at, sub.submitted_by))
            rows.append(DashboardRow(
                unit=unit.name, kind=UnitKind(unit.kind), parent=unit.parent, state=_state(sub),
                errors=sub.errors if sub else 0, warnings=sub.warnings if sub else 0,
                source=sub.source if sub else "", changed_at=changed_at, changed_by=changed_by,
                note=sub.decision_note if sub else "", submission_id=sub.id if sub else None,
                report_id=sub.report_id if sub else None))
        return Dashboard(round=info, rows=tuple(rows))


def live_rollup(db: Database, actor: Actor, round_id: int) -> Rollup:
    """The roll-up over the accepted reports as they are now, compared with the government's
    published report when one was given (``set_published``)."""
    from assistant.rollup.consolidate import (
        FailingPolicy,
        UnitResult,
        UnitStatus,
        compare_published,
        consolidate_cells,
        rollup_facts,
    )

    board = dashboard(db, actor, round_id)
    with db.transaction() as session:
        found = get_round(session, round_id)
        ids = [r.submission_id for r in board.rows if r.state is UnitState.ACCEPTED and r.submission_id]
        bodies: dict[int, str] = {}
        if ids:
            for sid, body in session.execute(select(Submission.id, Submission.body).where(Submission.id.in_(ids))):
                bodies[sid] = body
        published = Report.from_json(found.published) if found.published else None
    included: list[tuple[str, Report]] = []
    units: list[UnitResult] = []
    for row in board.rows:
        if row.state is UnitState.ACCEPTED and row.submission_id in bodies:
            report = Report.from_json(bodies[row.submission_id])
            included.append((row.unit, report))
            units.append(UnitResult(unit=row.unit, kind=row.kind, agency=report.meta.agency, file=row.source,
                                    status=UnitStatus.FAILING_INCLUDED if row.errors else UnitStatus.INCLUDED,
                                    errors=row.errors, warnings=row.warnings, note=row.note or None))
        else:
            units.append(UnitResult(unit=row.unit, kind=row.kind, status=UnitStatus.MISSING, file=row.source or None,
                                    errors=row.errors, warnings=row.warnings, note=f"尚未接收（{row.state.value}）"))
    sums, provenance = consolidate_cells(included)
    total = Report.blank(FormatVersion.V2021, agency=found.name, year=found.year)
    total.meta.title = report_title(found.name, found.year, suffix="（汇总）")
    for address, value in sums.items():
        total.set_cell(address, value)
    missing = sum(u.status is UnitStatus.MISSING for u in units)
    return Rollup(
        name=found.name, year=found.year, failing_policy=FailingPolicy.INCLUDE,
        policy_statement="汇总只含汇总审核人已接收的单位报告（有错误的报告须写明理由才能接收）",
        report=total, provenance=provenance, units=units, unmatched_files=[], unreadable_files=[],
        facts=rollup_facts(found.name, found.year, sums, units, included),
        differences=compare_published(published, sums, included, [], missing) if published else None,
    )
