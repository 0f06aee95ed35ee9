"""Comments on a report — on a cell, a sentence or the whole report — and their answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.cells import is_address
from assistant.collab import auditlog
from assistant.collab.access import check_report_read, get_report
from assistant.collab.auditlog import Action
from assistant.collab.people import Actor, NotFound
from assistant.db import Database
from assistant.db.models import Comment, ReportRow
from assistant.db.types import utcnow
from assistant.errors import NianbaoError
from assistant.findings import SectionKey
from assistant.report import Report
from assistant.workspace.store import section_name

MAX_BODY = 4000


class TargetKind(StrEnum):
    REPORT = "report"
    CELL = "cell"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Target:
    """What a comment is about: the whole report, a cell (its address), or a stretch of a
    section's text (``span`` = [start, end) in that section's text)."""

    kind: TargetKind
    cell: str | None = None
    section: SectionKey | None = None
    span: tuple[int, int] | None = None


def whole_report() -> Target:
    return Target(TargetKind.REPORT)


def at_cell(address: str) -> Target:
    return Target(TargetKind.CELL, cell=address)


def at_sentence(section: SectionKey, start: int, end: int) -> Target:
    return Target(TargetKind.SENTENCE, section=section, span=(start, end))


@dataclass(frozen=True)
class CommentView:
    id: int
    target: Target
    quote: str
    body: str
    author: str
    created_at: datetime
    edition: int
    version: int
    resolved_by: str | None
    resolved_at: datetime | None
    answers: tuple[CommentView, ...] = field(default=())

    @property
    def open(self) -> bool:
        return self.resolved_at is None


def _quote(report: Report, target: Target, label: str) -> str:
    """Check the target exists in the report; the quoted text of a sentence target."""
    if target.kind is TargetKind.CELL:
        if not target.cell or not is_address(report.version, target.cell):
            raise NianbaoError(f"{label}中没有单元格 {target.cell}")
        return ""
    if target.kind is TargetKind.SENTENCE:
        if target.section is None or target.span is None:
            raise NianbaoError("对句子的意见须指明所在部分和字符位置")
        text = report.text(target.section)
        start, end = target.span
        if not 0 <= start < end <= len(text):
            raise NianbaoError(f"{label}“{target.section.value}”部分没有第 {start}–{end} 个字符"
                               f"（该部分共 {len(text)} 字）")
        return text[start:end]
    return ""


def _view(comment: Comment, answers: tuple[CommentView, ...] = ()) -> CommentView:
    kind = TargetKind(comment.target)
    span = (comment.span_start, comment.span_end) if comment.span_start is not None and comment.span_end is not None \
        else None
    target = Target(kind, cell=comment.cell, section=SectionKey(comment.section) if comment.section else None,
                    span=span)
    return CommentView(id=comment.id, target=target, quote=comment.quote, body=comment.body, author=comment.author,
                       created_at=comment.created_at, edition=comment.edition, version=comment.version,
                       resolved_by=comment.resolved_by, resolved_at=comment.resolved_at, answers=answers)


def _body(body: str) -> str:
    body = body.strip()
    if not body:
        raise NianbaoError("意见内容不能为空")
    if len(body) > MAX_BODY:
        raise NianbaoError(f"意见太长：最多 {MAX_BODY} 字（现为 {len(body)} 字）")
    return body


def add_comment_in(session: Session, actor: Actor, row: ReportRow, target: Target, body: str,
                   parent: Comment | None = None) -> Comment:
    """Add a comment in the caller's transaction (the caller checks access)."""
    label = f"{row.agency} {row.year}年的报告"
    quote = _quote(Report.from_json(row.body), target, label) if parent is None else ""
    comment = Comment(report_id=row.id, parent_id=parent.id if parent else None, edition=row.edition,
                      version=row.version, target=target.kind.value, cell=target.cell,
                      section=target.section.value if target.section else None,
                      span_start=target.span[0] if target.span else None,
                      span_end=target.span[1] if target.span else None,
                      quote=quote, body=_body(body), author=actor.who, created_at=utcnow())
    session.add(comment)
    session.flush()
    where = {TargetKind.REPORT: "全文", TargetKind.CELL: f"单元格 {target.cell}",
             TargetKind.SENTENCE: f"{section_name(target.section) if target.section else ''}：“{quote[:40]}”"
             }[target.kind]
    auditlog.append(session, actor, Action.COMMENT, report_id=row.id, target=f"{row.agency} {row.year}年",
                    detail={"意见编号": comment.id, "答复": parent.id if parent else None, "位置": where,
                            "内容": comment.body})
    return comment


def add_comment(db: Database, actor: Actor, report_id: int, target: Target, body: str) -> CommentView:
    """Comment on the report (anyone who may read it)."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        return _view(add_comment_in(session, actor, row, target, body))


def _comment(session: Session, actor: Actor, comment_id: int) -> tuple[Comment, ReportRow]:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"意见（编号 {comment_id}）不存在")
    row = get_report(session, comment.report_id)
    check_report_read(session, actor, row)
    return comment, row


def answer_comment(db: Database, actor: Actor, comment_id: int, body: str) -> CommentView:
    """Answer a comment (the writer explains or says what was changed)."""
    with db.transaction() as session:
        comment, row = _comment(session, actor, comment_id)
        while comment.parent_id is not None:  # answers attach to the comment they discuss
            parent = session.get(Comment, comment.parent_id)
            assert parent is not None
            comment = parent
        target = Target(TargetKind(comment.target), cell=comment.cell,
                        section=SectionKey(comment.section) if comment.section else None)
        return _view(add_comment_in(session, actor, row, target, body, parent=comment))


def resolve_comment(db: Database, actor: Actor, comment_id: int) -> CommentView:
    """Mark a comment as settled."""
    with db.transaction() as session:
        comment, row = _comment(session, actor, comment_id)
        if comment.resolved_at is None:
            comment.resolved_by, comment.resolved_at = actor.who, utcnow()
            auditlog.append(session, actor, Action.COMMENT, report_id=row.id, target=f"{row.agency} {row.year}年",
                            detail={"意见编号": comment.id, "已解决": True})
        return _view(comment)


def list_comments(db: Database, actor: Actor, report_id: int, *, edition: int | None = None,
                  open_only: bool = False) -> list[CommentView]:
    """The report's comments, oldest first, each with its answers."""
    with db.transaction() as session:
        row = get_report(session, report_id)
        check_report_read(session, actor, row)
        query = select(Comment).where(Comment.report_id == report_id).order_by(Comment.id)
        if edition is not None:
            query = query.where(Comment.edition == edition)
        rows = list(session.execute(query).scalars())
    answers: dict[int, list[CommentView]] = {}
    for c in rows:
        if c.parent_id is not None:
            answers.setdefault(c.parent_id, []).append(_view(c))
    views = [_view(c, tuple(answers.get(c.id, ()))) for c in rows if c.parent_id is None]
    return [v for v in views if v.open] if open_only else views
