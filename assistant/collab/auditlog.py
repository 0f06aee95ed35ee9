"""The audit log: every change, with who and when, append-only and tamper-evident.

Each entry is chained to the one before: ``hash = sha256(canonical JSON of the entry, its
sequence number and the previous entry's hash)``. Changing, removing or inserting an entry
breaks the chain from there on; ``verify`` names the first broken entry. The database also
refuses UPDATE and DELETE on the table (a trigger), and the head row (the last sequence
number and hash) reveals entries cut off the end.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import atomic
from assistant.collab.people import Actor, NotFound
from assistant.db import Database
from assistant.db.models import AuditEntry, AuditHead, ReportRow
from assistant.db.types import utcnow
from assistant.errors import NianbaoError

GENESIS = "0" * 64


class Action(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    REPORT_CREATE = "report_create"
    REPORT_IMPORT = "report_import"
    CELL_EDIT = "cell_edit"
    TEXT_EDIT = "text_edit"
    META_EDIT = "meta_edit"
    STATUS_CHANGE = "status_change"
    DISMISS = "dismiss_finding"
    COMMENT = "comment"
    EXPORT = "export"
    USER_ADD = "user_add"
    USER_CHANGE = "user_change"
    ROUND_CREATE = "round_create"
    ROUND_CHANGE = "round_change"
    SUBMISSION = "submission"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.LOGIN: "登录", Action.LOGIN_FAILED: "登录失败", Action.REPORT_CREATE: "新建报告",
    Action.REPORT_IMPORT: "导入报告", Action.CELL_EDIT: "修改表格", Action.TEXT_EDIT: "修改正文",
    Action.META_EDIT: "修改标题、机关或年度", Action.STATUS_CHANGE: "状态变更", Action.DISMISS: "忽略提示",
    Action.COMMENT: "意见", Action.EXPORT: "导出", Action.USER_ADD: "新建账户", Action.USER_CHANGE: "修改账户",
    Action.ROUND_CREATE: "新建汇总", Action.ROUND_CHANGE: "修改汇总", Action.SUBMISSION: "报送",
}


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, Chinese kept as is: one text for one value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _stamp(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


def entry_hash(seq: int, at: datetime, actor: str, action: str, report_id: int | None,
               round_id: int | None, target: str, detail: str, prev_hash: str) -> str:
    payload = {"seq": seq, "at": _stamp(at), "actor": actor, "action": action, "report_id": report_id,
               "round_id": round_id, "target": target, "detail": detail, "prev_hash": prev_hash}
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def _row_hash(entry: AuditEntry) -> str:
    return entry_hash(entry.seq, entry.at, entry.actor, entry.action, entry.report_id, entry.round_id,
                      entry.target, entry.detail, entry.prev_hash)


def append(session: Session, actor: Actor | str, action: Action, *, report_id: int | None = None,
           round_id: int | None = None, target: str = "", detail: dict[str, Any] | None = None,
           at: datetime | None = None) -> AuditEntry:
    """Add an entry in the caller's transaction (so a change and its entry commit together).
    The head row is locked first: concurrent appends queue and the chain stays linear."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    at = (at or utcnow()).astimezone(UTC)  # the hash covers the UTC time, as stored and read back
    who = actor.who if isinstance(actor, Actor) else actor
    text = canonical_json(detail or {})
    seq = head.seq + 1
    digest = entry_hash(seq, at, who, action.value, report_id, round_id, target[:300], text, head.hash)
    entry = AuditEntry(seq=seq, at=at, actor=who, action=action.value, report_id=report_id,
                       round_id=round_id, target=target[:300], detail=text, prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    action_label: str
    report_id: int | None
    round_id: int | None
    target: str
    detail: dict[str, Any]
    hash: str

    @property
    def summary(self) -> str:
        """“2026-01-12 09:30:05 张三（zhangsan） 修改表格 表三 …”"""
        parts = [shown_time(self.at), self.actor, self.action_label]
        if self.target:
            parts.append(self.target)
        return " ".join(parts)


def shown_time(at: datetime) -> str:
    """A time as people read it: local time, to the second."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _view(entry: AuditEntry) -> LogEntry:
    try:
        label = Action(entry.action).label
    except ValueError:
        label = entry.action
    try:
        detail = json.loads(entry.detail)
    except ValueError:
        detail = {"原文": entry.detail}
    return LogEntry(seq=entry.seq, at=entry.at, actor=entry.actor, action=entry.action, action_label=label,
                    report_id=entry.report_id, round_id=entry.round_id, target=entry.target,
                    detail=detail if isinstance(detail, dict) else {"值": detail}, hash=entry.hash)


def report_log(db: Database, actor: Actor, report_id: int) -> list[LogEntry]:
    """Every entry about one report, oldest first (who may read the report may read its log)."""
    from assistant.collab.access import check_report_read

    with db.transaction() as session:
        row = session.get(ReportRow, report_id)
        if row is None:
            raise NotFound(f"报告（编号 {report_id}）不存在")
        check_report_read(session, actor, row)
        entries = session.execute(select(AuditEntry).where(AuditEntry.report_id == report_id)
                                  .order_by(AuditEntry.seq)).scalars()
        return [_view(e) for e in entries]


def round_log(db: Database, actor: Actor, round_id: int) -> list[LogEntry]:
    """Every entry about one collection round, oldest first."""
    from assistant.collab.access import check_round_access, get_round

    with db.transaction() as session:
        check_round_access(session, actor, get_round(session, round_id))
        entries = session.execute(select(AuditEntry).where(AuditEntry.round_id == round_id)
                                  .order_by(AuditEntry.seq)).scalars()
        return [_view(e) for e in entries]


def full_log(db: Database, actor: Actor, *, since_seq: int = 0, limit: int | None = None) -> list[LogEntry]:
    """The whole log (administrators only), oldest first."""
    from assistant.collab.access import require_admin

    require_admin(actor, "查看全部审计日志")
    with db.transaction() as session:
        query = select(AuditEntry).where(AuditEntry.seq > since_seq).order_by(AuditEntry.seq)
        if limit is not None:
            query = query.limit(limit)
        return [_view(e) for e in session.execute(query).scalars()]


EXPORT_COLUMNS = ("序号", "时间", "操作人", "操作", "报告编号", "汇总编号", "对象", "详情", "哈希")


def _export_rows(entries: Sequence[LogEntry]) -> Iterator[list[str]]:
    for e in entries:
        yield [str(e.seq), shown_time(e.at), e.actor, e.action_label,
               "" if e.report_id is None else str(e.report_id), "" if e.round_id is None else str(e.round_id),
               e.target, canonical_json(e.detail), e.hash]


def write_log(entries: Sequence[LogEntry], path: Path) -> Path:
    """Write entries as .csv (UTF-8 with BOM, for Excel) or .json, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(_export_rows(entries))
        atomic.write_text(path, "\ufeff" + buffer.getvalue())
    elif suffix == ".json":
        data = [{**asdict(e), "at": e.at.isoformat()} for e in entries]
        atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=1))
    else:
        raise NianbaoError(f"审计日志只能导出为 .csv 或 .json：{path.name}")
    return path


# --- verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    message: str
    broken_seq: int | None = None


def _describe(entry: AuditEntry) -> str:
    return f"第 {entry.seq} 条（{shown_time(entry.at)} {entry.actor} {_view(entry).action_label}）"


def _entries(session: Session, batch: int = 1000) -> Iterator[AuditEntry]:
    """Every entry by sequence number, read in batches (keyset paging: no server-side cursor)."""
    last = -1
    while True:
        rows = list(session.execute(select(AuditEntry).where(AuditEntry.seq > last)
                                    .order_by(AuditEntry.seq).limit(batch)).scalars())
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].seq
        session.expunge_all()


def _check(session: Session) -> Verification:
    previous = GENESIS
    expected = 1
    count = 0
    for entry in _entries(session):
        count += 1
        if entry.seq != expected:
            return Verification(False, count,
                                f"审计日志第 {expected} 条记录缺失（被删除）：其后是{_describe(entry)}", expected)
        if entry.prev_hash != previous:
            return Verification(False, count, f"审计日志{_describe(entry)}与上一条接不上：第 {entry.seq - 1} "
                                "条记录被改动或替换过", entry.seq)
        if _row_hash(entry) != entry.hash:
            return Verification(False, count, f"审计日志{_describe(entry)}的内容与其哈希不符：该条记录被改动过",
                                entry.seq)
        previous, expected = entry.hash, expected + 1
    head = session.get(AuditHead, 1)
    if head is None:
        return Verification(False, count, "审计日志的链头记录缺失：数据库被改动过", None)
    if head.seq != count or head.hash != previous:
        if head.seq > count:
            return Verification(False, count, f"审计日志末尾的 {head.seq - count} 条记录被删除（应有 {head.seq} 条，"
                                f"实有 {count} 条）", count + 1)
        return Verification(False, count, "审计日志的链头与最后一条记录不符：数据库被改动过", None)
    return Verification(True, count, f"审计日志完整：共 {count} 条记录，哈希链校验无误")


def verify(db: Database) -> Verification:
    """Walk the chain from the first entry; the first entry that does not fit is named."""
    with db.transaction() as session:
        return _check(session)

def lock(session: Session) -> None:
    """Take the log's lock now (appends take it anyway): for transactions that must not run
    side by side from their first statement (a login's throttle counters)."""
    session.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
