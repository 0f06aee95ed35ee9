"""Accounts: who may log in, with which role, for which agency or collection rounds.

``authenticate`` is what a login page calls; the other functions are for administrators
(``nianbao users …``). Passwords are kept as argon2id hashes only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.collab import auditlog, logins, passwords, throttle
from assistant.collab.access import get_round, require_admin
from assistant.collab.auditlog import Action
from assistant.collab.people import AccessDenied, Actor, NotFound, Role
from assistant.db import Database
from assistant.db.models import RoundReviewer, User
from assistant.db.types import utcnow
from assistant.errors import NianbaoError

_NAME = re.compile(r"^[^\s/\\:]{1,64}$")
BAD_LOGIN = "用户名或密码不正确"


class LoginRefused(NianbaoError):
    """A login that did not succeed; ``wait_seconds`` > 0 when the caller must wait."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    display_name: str
    role: Role
    agency: str | None
    disabled: bool
    created_at: datetime
    rounds: tuple[int, ...] = ()

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, role=self.role, display_name=self.display_name, agency=self.agency,
                     user_id=self.id)


def _account(session: Session, user: User) -> Account:
    rounds = tuple(sorted(session.execute(select(RoundReviewer.round_id)
                                          .where(RoundReviewer.user_id == user.id)).scalars()))
    return Account(id=user.id, name=user.name, display_name=user.display_name, role=Role(user.role),
                   agency=user.agency, disabled=user.disabled, created_at=user.created_at, rounds=rounds)


def _find(session: Session, name: str) -> User:
    user = session.execute(select(User).where(User.name == name.strip())).scalar_one_or_none()
    if user is None:
        raise NotFound(f"账户 {name} 不存在")
    return user


def _check_agency(role: Role, agency: str | None, name: str) -> str | None:
    agency = (agency or "").strip() or None
    if role in (Role.WRITER, Role.APPROVER) and agency is None:
        raise NianbaoError(f"账户 {name} 是{role.label}，须指定所属机关")
    return agency


def has_accounts(db: Database) -> bool:
    """Whether any account exists (none: the single-user mode of a loopback deployment)."""
    with db.transaction() as session:
        return bool(session.execute(select(func.count()).select_from(User)).scalar_one())


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def requires_login(db: Database, host: str) -> bool:
    """Whether the UI served on ``host`` asks for a login: always off loopback; on loopback only
    once accounts exist (without any, the single user acts as ``Actor.local()``)."""
    return host.strip() not in LOOPBACK or has_accounts(db)


def check_can_serve(db: Database, host: str) -> None:
    """Refuse to serve off loopback while there is no account to log in with."""
    if host.strip() not in LOOPBACK and not has_accounts(db):
        raise NianbaoError(f"在 {host} 上提供服务须先登录，但还没有任何账户：请先用 "
                           "nianbao users add 用户名 --role 管理员 新建账户")


def add_user(db: Database, actor: Actor, name: str, password: str, role: Role, *, display_name: str = "",
             agency: str | None = None) -> Account:
    require_admin(actor, "新建账户")
    name = name.strip()
    if not _NAME.match(name):
        raise NianbaoError(f"用户名“{name}”不可用：1–64 个字符，不能含空格、斜杠或冒号")
    passwords.check_strength(name, password)
    agency = _check_agency(role, agency, name)
    hashed = passwords.hash_password(password)
    with db.transaction() as session:
        if session.execute(select(User.id).where(User.name == name)).first():
            raise NianbaoError(f"账户 {name} 已存在")
        user = User(name=name, display_name=display_name.strip(), role=role.value, agency=agency,
                    password_hash=hashed, disabled=False)
        session.add(user)
        session.flush()
        auditlog.append(session, actor, Action.USER_ADD, target=name,
                        detail={"角色": role.label, "机关": agency, "姓名": user.display_name})
        return _account(session, user)


def list_users(db: Database, actor: Actor) -> list[Account]:
    require_admin(actor, "查看账户")
    with db.transaction() as session:
        return [_account(session, u) for u in session.execute(select(User).order_by(User.name)).scalars()]


def get_account(db: Database, name: str) -> Account:
    """An account by name (for a login session, and for the command line's ``--as``)."""
    with db.transaction() as session:
        return _account(session, _find(session, name))


def get_actor(db: Database, name: str) -> Actor:
    """The acting person for an enabled account."""
    account = get_account(db, name)
    if account.disabled:
        raise AccessDenied(f"账户 {name} 已停用")
    return account.actor


def set_disabled(db: Database, actor: Actor, name: str, disabled: bool = True) -> Account:
    require_admin(actor, "停用或启用账户")
    if disabled and name.strip() == actor.name:
        raise NianbaoError("不能停用自己正在使用的账户")
    with db.transaction() as session:
        user = _find(session, name)
        user.disabled = disabled
        if disabled:
            logins.end_all(session, user.name)
        auditlog.append(session, actor, Action.USER_CHANGE, target=user.name,
                        detail={"停用" if disabled else "启用": True})
        return _account(session, user)


def reset_password(db: Database, actor: Actor, name: str, password: str) -> Account:
    """A new password (by an administrator, or by the account's own person)."""
    if not actor.is_admin and actor.name != name.strip():
        raise AccessDenied(f"{actor.who} 无权修改账户 {name} 的密码")
    passwords.check_strength(name, password)
    hashed = passwords.hash_password(password)
    with db.transaction() as session:
        auditlog.lock(session)  # first, as logins do: the throttle rows are locked after it
        user = _find(session, name)
        user.password_hash, user.password_changed_at = hashed, utcnow()
        throttle.clear(session, [throttle.account_key(user.name)])
        logins.end_all(session, user.name)  # whoever knew the old password is logged out
        auditlog.append(session, actor, Action.USER_CHANGE, target=user.name, detail={"重设密码": True})
        return _account(session, user)


def assign(db: Database, actor: Actor, name: str, *, role: Role | None = None, agency: str | None = None,
           display_name: str | None = None) -> Account:
    """Change an account's role, agency or shown name."""
    require_admin(actor, "修改账户")
    with db.transaction() as session:
        user = _find(session, name)
        new_role = role or Role(user.role)
        new_agency = _check_agency(new_role, agency if agency is not None else user.agency, user.name)
        detail: dict[str, object] = {}
        if new_role.value != user.role:
            detail["角色"] = [Role(user.role).label, new_role.label]
        if new_agency != user.agency:
            detail["机关"] = [user.agency, new_agency]
        if display_name is not None and display_name.strip() != user.display_name:
            detail["姓名"] = [user.display_name, display_name.strip()]
            user.display_name = display_name.strip()
        user.role, user.agency = new_role.value, new_agency
        if new_role is not Role.ROUND_REVIEWER:
            session.execute(delete(RoundReviewer).where(RoundReviewer.user_id == user.id))
        if detail:
            auditlog.append(session, actor, Action.USER_CHANGE, target=user.name, detail=detail)
        return _account(session, user)


def assign_round(db: Database, actor: Actor, name: str, round_id: int, *, remove: bool = False) -> Account:
    """Make a 汇总审核人 a reviewer of a round (or no longer one)."""
    require_admin(actor, "指定汇总审核人")
    with db.transaction() as session:
        user = _find(session, name)
        found = get_round(session, round_id)
        if Role(user.role) is not Role.ROUND_REVIEWER:
            raise NianbaoError(f"账户 {user.name} 是{Role(user.role).label}，只有汇总审核人可以被指定到汇总")
        existing = session.get(RoundReviewer, (round_id, user.id))
        if remove and existing is not None:
            session.delete(existing)
        elif not remove and existing is None:
            session.add(RoundReviewer(round_id=round_id, user_id=user.id))
        auditlog.append(session, actor, Action.ROUND_CHANGE, round_id=round_id, target=user.name,
                        detail={"移出汇总审核人" if remove else "指定汇总审核人": f"{found.name} {found.year}年"})
        session.flush()
        return _account(session, user)


def authenticate(db: Database, name: str, password: str, address: str, *, now: datetime | None = None) -> Actor:
    """The acting person for a correct name and password, or ``LoginRefused`` in Chinese (which
    says how many seconds to wait after repeated failures). Every attempt is logged; a refusal
    is committed before it is raised, so that the counters survive it."""
    now = now or utcnow()
    name = name.strip()
    keys = [throttle.account_key(name), throttle.address_key(address)]
    with db.transaction() as session:
        auditlog.lock(session)  # logins queue: the throttle counters are read and written whole
        wait = throttle.wait_seconds(session, keys, now)
        user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
        stored = user.password_hash if user is not None else None
    if wait:
        raise LoginRefused(f"登录失败次数过多，请 {wait} 秒后再试", wait)
    if stored is None:
        passwords.waste_time(password)
    ok = stored is not None and passwords.verify_password(stored, password)
    refusal: LoginRefused | None = None
    with db.transaction() as session:
        auditlog.lock(session)
        user = session.execute(select(User).where(User.name == name)).scalar_one_or_none() if ok else None
        if user is None:
            delay = max(throttle.record_failure(session, keys[0], throttle.ACCOUNT, now),
                        throttle.record_failure(session, keys[1], throttle.ADDRESS, now))
            auditlog.append(session, name or "（空用户名）", Action.LOGIN_FAILED, target=name,
                            detail={"地址": address}, at=now)
            refusal = LoginRefused(BAD_LOGIN + (f"；失败次数过多，请 {delay} 秒后再试" if delay else ""), delay)
        elif user.disabled:
            auditlog.append(session, user.name, Action.LOGIN_FAILED, target=user.name,
                            detail={"地址": address, "原因": "账户已停用"}, at=now)
            refusal = LoginRefused(f"账户 {user.name} 已停用，请联系管理员")
        else:
            throttle.clear(session, keys)
            if passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(password)
            actor = _account(session, user).actor
            auditlog.append(session, actor, Action.LOGIN, target=user.name, detail={"地址": address}, at=now)
    if refusal is not None:
        raise refusal
    return actor
