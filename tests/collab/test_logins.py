"""Login sessions in the database: every worker knows every login, a restart keeps it, logging
out, idling, disabling the account and resetting its password end it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from assistant.collab import logins
from assistant.collab.accounts import reset_password, set_disabled
from assistant.db import Database
from assistant.db.models import LoginSession
from assistant.db.types import utcnow
from assistant.services import Sessions
from tests.collab.conftest import Office


def test_a_login_made_on_one_worker_is_known_to_another_and_survives_a_restart(db: Database) -> None:
    first, second = Sessions(db), Sessions(db)
    token = first.start("zhangsan")
    assert second.name_of(token) == "zhangsan"
    assert Sessions(db).name_of(token) == "zhangsan"  # a worker started afresh
    assert second.name_of("guessed") is None and second.name_of(None) is None


def test_only_the_tokens_hash_is_stored(db: Database) -> None:
    token = Sessions(db).start("zhangsan")
    with db.transaction() as session:
        stored = session.execute(select(LoginSession.token_hash, LoginSession.user_name)).all()
    assert stored == [(logins.token_hash(token), "zhangsan")]
    assert token not in stored[0][0]


def test_logging_out_on_one_worker_ends_the_session_on_the_others(db: Database) -> None:
    first, second = Sessions(db, recheck=0), Sessions(db, recheck=0)
    token = first.start("zhangsan")
    assert second.name_of(token) == "zhangsan"
    second.end(token)
    assert first.name_of(token) is None and second.name_of(token) is None


def test_a_worker_asks_the_database_again_once_its_memory_is_older_than_recheck(db: Database) -> None:
    cached, fresh = Sessions(db, recheck=3600), Sessions(db, recheck=0)
    token = cached.start("zhangsan")
    fresh.end(token)
    assert cached.name_of(token) == "zhangsan"  # within recheck: what it read
    cached.recheck = 0
    assert cached.name_of(token) is None


def test_an_idle_session_ends_and_use_restarts_the_clock(db: Database) -> None:
    token = logins.start(db, "zhangsan", idle=600)
    later = utcnow() + timedelta(seconds=500)
    assert logins.user_of(db, token, idle=600, at=later) == "zhangsan"  # used: seen_at moves on
    assert logins.user_of(db, token, idle=600, at=later + timedelta(seconds=500)) == "zhangsan"
    assert logins.user_of(db, token, idle=600, at=later + timedelta(seconds=1200)) is None
    assert logins.user_of(db, token, idle=600) is None  # removed
    with db.transaction() as session:
        assert session.execute(select(LoginSession)).first() is None


def test_a_new_login_clears_the_sessions_idle_for_too_long(db: Database) -> None:
    old = logins.start(db, "zhangsan", idle=3600)
    with db.transaction() as session:
        session.get(LoginSession, logins.token_hash(old)).seen_at = utcnow() - timedelta(hours=2)  # type: ignore[union-attr]
    logins.start(db, "lisi", idle=3600)
    with db.transaction() as session:
        assert [name for (name,) in session.execute(select(LoginSession.user_name))] == ["lisi"]


def test_disabling_an_account_or_resetting_its_password_logs_it_out(db: Database, office: Office) -> None:
    sessions = Sessions(db, recheck=0)
    writer, approver, other = (sessions.start(n) for n in ("zhangsan", "lisi", "wangwu"))
    set_disabled(db, office.admin, "zhangsan")
    assert sessions.name_of(writer) is None and sessions.name_of(approver) == "lisi"
    reset_password(db, office.admin, "lisi", "another horse 42")
    assert sessions.name_of(approver) is None and sessions.name_of(other) == "wangwu"
