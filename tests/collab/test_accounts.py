"""Accounts and login: argon2id hashes, throttled failures (per account, per address, kept in
the database), Chinese refusals, every attempt logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.collab import accounts
from assistant.collab.accounts import LoginRefused, add_user, authenticate
from assistant.collab.auditlog import full_log
from assistant.collab.people import AccessDenied, Actor, Role
from assistant.db import Database, open_database
from assistant.db.models import User
from assistant.db.types import utcnow
from assistant.errors import NianbaoError
from tests.collab.conftest import AGENCY, PASSWORD, Office


def test_passwords_are_stored_as_argon2id(db: Database, office: Office) -> None:
    with db.transaction() as session:
        stored = session.execute(select(User.password_hash).where(User.name == "zhangsan")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_login_returns_the_person_and_is_logged(db: Database, office: Office) -> None:
    actor = authenticate(db, "zhangsan", PASSWORD, "10.0.0.5")
    assert (actor.name, actor.role, actor.agency, actor.who) == ("zhangsan", Role.WRITER, AGENCY, "张三（zhangsan）")
    last = full_log(db, office.admin)[-1]
    assert (last.action_label, last.actor, last.detail) == ("登录", "张三（zhangsan）", {"地址": "10.0.0.5"})


def test_wrong_password_and_unknown_name_read_the_same(db: Database, office: Office) -> None:
    for name in ("zhangsan", "nobody"):
        with pytest.raises(LoginRefused, match=r"^用户名或密码不正确$"):
            authenticate(db, name, "wrong password", "10.0.0.5")
    assert [e.action_label for e in full_log(db, office.admin)[-2:]] == ["登录失败", "登录失败"]


def test_repeated_failures_slow_the_account_down(db: Database, office: Office) -> None:
    now = utcnow()
    for _ in range(3):  # free failures
        with pytest.raises(LoginRefused) as refused:
            authenticate(db, "zhangsan", "nope-nope", "10.0.0.5", now=now)
        assert refused.value.wait_seconds == 0
    with pytest.raises(LoginRefused, match="请 2 秒后再试") as refused:
        authenticate(db, "zhangsan", "nope-nope", "10.0.0.5", now=now)
    assert refused.value.wait_seconds == 2
    # While blocked even the right password is refused, from any address, and the wait is said.
    with pytest.raises(LoginRefused, match=r"^登录失败次数过多，请 2 秒后再试$"):
        authenticate(db, "zhangsan", PASSWORD, "10.9.9.9", now=now)
    with pytest.raises(LoginRefused, match="请 4 秒后再试"):
        authenticate(db, "zhangsan", "nope-nope", "10.0.0.5", now=now + timedelta(seconds=3))
    # The counters live in the database: another process (a second engine) sees them.
    other = open_database(db.url)
    try:
        with pytest.raises(LoginRefused, match="请 1 秒后再试"):
            authenticate(other, "zhangsan", PASSWORD, "10.0.0.5", now=now + timedelta(seconds=6))
        assert authenticate(other, "zhangsan", PASSWORD, "10.0.0.5", now=now + timedelta(seconds=8)).name == "zhangsan"
    finally:
        other.dispose()
    with pytest.raises(LoginRefused) as refused:  # success cleared the count
        authenticate(db, "zhangsan", "nope-nope", "10.0.0.5", now=now + timedelta(seconds=9))
    assert refused.value.wait_seconds == 0


def test_one_address_trying_many_accounts_is_slowed_down(db: Database, office: Office) -> None:
    now = utcnow()
    for i in range(10):
        with pytest.raises(LoginRefused):
            authenticate(db, f"guess{i}", "nope-nope", "203.0.113.7", now=now)
    with pytest.raises(LoginRefused, match="请 2 秒后再试"):
        authenticate(db, "guess10", "nope-nope", "203.0.113.7", now=now)
    with pytest.raises(LoginRefused, match="请 2 秒后再试"):
        authenticate(db, "lisi", PASSWORD, "203.0.113.7", now=now)
    assert authenticate(db, "lisi", PASSWORD, "198.51.100.1", now=now).name == "lisi"


def test_disabled_accounts_cannot_log_in(db: Database, office: Office) -> None:
    accounts.set_disabled(db, office.admin, "wangwu")
    with pytest.raises(LoginRefused, match="账户 wangwu 已停用，请联系管理员"):
        authenticate(db, "wangwu", PASSWORD, "10.0.0.5")
    accounts.set_disabled(db, office.admin, "wangwu", disabled=False)
    assert authenticate(db, "wangwu", PASSWORD, "10.0.0.5").agency == "临川县民政局"


def test_reset_password_and_assign(db: Database, office: Office) -> None:
    accounts.reset_password(db, office.admin, "zhangsan", "a new password")
    with pytest.raises(LoginRefused):
        authenticate(db, "zhangsan", PASSWORD, "10.0.0.5")
    assert authenticate(db, "zhangsan", "a new password", "10.0.0.5").name == "zhangsan"
    moved = accounts.assign(db, office.admin, "zhangsan", agency="临川县财政局", role=Role.APPROVER)
    assert (moved.role, moved.agency) == (Role.APPROVER, "临川县财政局")
    names = [(a.name, a.role.label) for a in accounts.list_users(db, office.admin)]
    assert ("zhangsan", "审核人") in names and len(names) == 4


def test_account_rules_are_enforced_in_chinese(db: Database, office: Office) -> None:
    with pytest.raises(AccessDenied, match="张三（zhangsan）（撰稿人）无权新建账户"):
        add_user(db, office.writer, "x1", PASSWORD, Role.WRITER, agency=AGENCY)
    with pytest.raises(NianbaoError, match="密码太短"):
        add_user(db, office.admin, "x2", "short", Role.WRITER, agency=AGENCY)
    with pytest.raises(NianbaoError, match="须指定所属机关"):
        add_user(db, office.admin, "x3", PASSWORD, Role.WRITER)
    with pytest.raises(NianbaoError, match="账户 zhangsan 已存在"):
        add_user(db, office.admin, "zhangsan", PASSWORD, Role.WRITER, agency=AGENCY)
    with pytest.raises(AccessDenied, match="无权修改账户 lisi 的密码"):
        accounts.reset_password(db, office.writer, "lisi", "another password")
    assert accounts.has_accounts(db)


def test_login_is_required_off_loopback_and_once_accounts_exist(db: Database) -> None:
    assert not accounts.requires_login(db, "127.0.0.1")
    assert accounts.requires_login(db, "0.0.0.0")
    with pytest.raises(NianbaoError, match="上提供服务须先登录，但还没有任何账户"):
        accounts.check_can_serve(db, "0.0.0.0")
    accounts.check_can_serve(db, "127.0.0.1")
    add_user(db, Actor.local(), "admin1", PASSWORD, Role.ADMIN)
    accounts.check_can_serve(db, "0.0.0.0")
    assert accounts.requires_login(db, "127.0.0.1")
