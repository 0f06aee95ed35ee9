"""The tables. Reports are kept as their JSON (``Report.to_json``) with every saved version.

Identifiers of people in the tables (``*_by`` columns) are the account's name as shown
(``Actor.who``): the log must stay readable even after an account is renamed or disabled.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from assistant.db.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

WHO = 200  # length of a "who" column: "张三（zhangsan）"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class User(Base):
    """An account. ``role``: writer / approver / round_reviewer / admin (``Role``)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))
    agency: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginThrottle(Base):
    """Failed logins per account (``账户:name``) and per address (``地址:ip``)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime]
    blocked_until: Mapped[datetime | None]


class LoginSession(Base):
    """A login of the shared mode, so that every worker knows it and a restart keeps it: the
    sha256 of the cookie's token (the token itself is never stored), the account, and when the
    session was last used (it ends after a time without use)."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportRow(Base):
    """One agency's report for one year, as it is now; ``version`` counts every save
    (optimistic concurrency), ``edition`` counts publications (a published report is locked;
    a change starts the next edition)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("agency", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(default=1)
    edition: Mapped[int] = mapped_column(default=1)
    body: Mapped[str] = mapped_column(Text)
    journal: Mapped[str | None] = mapped_column(Text)
    previous: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(WHO))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(WHO))


class ReportVersion(Base):
    """Every saved version of a report (``number`` is the report's ``version`` then)."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    number: Mapped[int]
    edition: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(500), default="")
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by: Mapped[str] = mapped_column(String(WHO))


class Approval(Base):
    """The 审核人's approval of one edition at one version, with the 保密审查 confirmation
    (条例第十七条); publication is recorded on it."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    edition: Mapped[int]
    version: Mapped[int]
    approved_by: Mapped[str] = mapped_column(String(WHO))
    approved_at: Mapped[datetime]
    secrecy_reviewer: Mapped[str] = mapped_column(String(WHO))
    secrecy_reviewed_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[str | None] = mapped_column(String(WHO))
    published_at: Mapped[datetime | None]


class Comment(Base):
    """A reviewer's comment on a cell, a sentence or the whole report, or an answer to one."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    edition: Mapped[int]
    version: Mapped[int]
    target: Mapped[str] = mapped_column(String(16))  # report / cell / sentence
    cell: Mapped[str | None] = mapped_column(String(100))
    section: Mapped[str | None] = mapped_column(String(32))
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    quote: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(WHO))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(WHO))
    resolved_at: Mapped[datetime | None]


class Round(Base):
    """A 主管部门's collection round: one government, one year, a roster of units."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("name", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    created_by: Mapped[str] = mapped_column(String(WHO))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published: Mapped[str | None] = mapped_column(Text)  # the government's own published report
    published_source: Mapped[str | None] = mapped_column(String(500))


class RoundUnit(Base):
    __tablename__ = "round_units"
    __table_args__ = (UniqueConstraint("round_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    parent: Mapped[str | None] = mapped_column(String(200))
    row: Mapped[int] = mapped_column(Integer, default=0)


class RoundReviewer(Base):
    """A 汇总审核人 assigned to a round."""

    __tablename__ = "round_reviewers"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class Submission(Base):
    """A unit's report sent into a round (the latest one per unit counts).
    ``status``: submitted / returned / accepted."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("round_units.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    report_version: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    errors: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[int] = mapped_column(default=0)
    submitted_by: Mapped[str] = mapped_column(String(WHO))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(WHO))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """One entry of the append-only log; ``hash`` = sha256(canonical JSON of the entry with
    ``prev_hash``). Updates and deletes are refused by a trigger."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(WHO))
    action: Mapped[str] = mapped_column(String(32))
    report_id: Mapped[int | None] = mapped_column(index=True)
    round_id: Mapped[int | None] = mapped_column(index=True)
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The log's last entry (one row, id 1): appends lock it, so the chain stays linear; it
    also reveals entries cut off the end."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
