"""The audit log: a hash chain that names the first entry changed, removed or cut off, and
whose table refuses UPDATE and DELETE."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.collab import auditlog
from assistant.collab.auditlog import Action, full_log, report_log, verify, write_log
from assistant.collab.people import AccessDenied, Actor
from assistant.collab.reports import create_report, save_report
from assistant.db import Database
from assistant.db.models import AuditEntry
from tests.collab.conftest import Office, make_report


def _append(db: Database, n: int, who: str = "测试") -> None:
    for i in range(n):
        with db.transaction() as session:
            auditlog.append(session, who, Action.COMMENT, target=f"第{i}条", detail={"内容": f"意见{i}"})


def _allow_tampering(db: Database) -> None:
    """What an attacker with database access would do first."""
    with db.transaction() as session:
        if db.backend == "sqlite":
            session.execute(text("DROP TRIGGER audit_log_no_update"))
            session.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))


def test_an_untouched_log_verifies(db: Database) -> None:
    assert verify(db).ok and verify(db).entries == 0
    _append(db, 5)
    result = verify(db)
    assert result.ok and result.entries == 5 and result.message == "审计日志完整：共 5 条记录，哈希链校验无误"


def test_a_changed_entry_is_named(db: Database) -> None:
    _append(db, 5)
    _allow_tampering(db)
    with db.transaction() as session:
        session.execute(text("UPDATE audit_log SET detail = '{\"内容\":\"改过\"}' WHERE seq = 3"))
    result = verify(db)
    assert not result.ok and result.broken_seq == 3
    assert "审计日志第 3 条（" in result.message and "内容与其哈希不符" in result.message


def test_a_changed_entry_with_a_recomputed_hash_breaks_the_next_link(db: Database) -> None:
    _append(db, 5)
    _allow_tampering(db)
    with db.transaction() as session:
        session.execute(text("UPDATE audit_log SET hash = :h WHERE seq = 2"), {"h": "f" * 64})
    result = verify(db)
    assert result.broken_seq == 2  # its own hash no longer fits
    with db.transaction() as session:  # a forger who recomputes entry 2's hash properly
        row = session.get(AuditEntry, 2)
        assert row is not None
        forged = auditlog.entry_hash(2, row.at, "伪造者", row.action, None, None, row.target, row.detail,
                                     row.prev_hash)
        session.execute(text("UPDATE audit_log SET actor = '伪造者', hash = :h WHERE seq = 2"), {"h": forged})
    result = verify(db)
    assert result.broken_seq == 3 and "与上一条接不上：第 2 条记录被改动或替换过" in result.message


def test_removed_entries_are_named(db: Database) -> None:
    _append(db, 5)
    _allow_tampering(db)
    with db.transaction() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    result = verify(db)
    assert result.broken_seq == 4 and result.message.startswith("审计日志第 4 条记录缺失")
    with db.transaction() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq >= 4"))
    result = verify(db)
    assert result.broken_seq == 4 and "末尾的 2 条记录被删除" in result.message


def test_concurrent_appends_keep_one_chain(db: Database) -> None:
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            _append(db, 15, name)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"线程{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = verify(db)
    assert result.ok and result.entries == 60


def test_per_report_log_access_and_export(db: Database, office: Office, tmp_path: Path) -> None:
    stored = create_report(db, office.writer, make_report())
    changed = stored.report.model_copy(deep=True)
    changed.set_cell("t2.normative.issued", 99)
    save_report(db, office.writer, stored.id, changed, expected_version=stored.version)
    entries = report_log(db, office.approver, stored.id)
    assert [e.action_label for e in entries] == ["新建报告", "修改表格"]
    assert entries[1].detail["单元格"]["t2.normative.issued"][1] == "99"
    with pytest.raises(AccessDenied, match="王五（wangwu） 无权查看临川县教育局 2023年的报告"):
        report_log(db, office.other_writer, stored.id)
    with pytest.raises(AccessDenied):
        full_log(db, office.writer)
    csv_text = write_log(entries, tmp_path / "log.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0] == "序号,时间,操作人,操作,报告编号,汇总编号,对象,详情,哈希"
    assert "张三（zhangsan）" in csv_text
    data = json.loads(write_log(entries, tmp_path / "log.json").read_text(encoding="utf-8"))
    assert [d["action_label"] for d in data] == ["新建报告", "修改表格"]


def test_times_in_any_zone_are_chained_as_utc(db: Database) -> None:
    beijing = timezone(timedelta(hours=8))
    with db.transaction() as session:
        auditlog.append(session, "测试", Action.LOGIN, at=datetime(2025, 1, 6, 9, 30, 5, 123456, tzinfo=beijing))
    assert verify(db).ok
    assert full_log(db, Actor.local())[0].at == datetime(2025, 1, 6, 1, 30, 5, 123456, tzinfo=UTC)
