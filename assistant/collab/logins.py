"""Login sessions kept in the database: a worker of a shared deployment knows every login made
on any other, and a restart logs nobody out.

The cookie carries an unguessable token; the table keeps only its sha256, so a copy of the
database does not let anyone in. A session ends when its person logs out, after ``idle`` seconds
without use, when the account is disabled or its password reset (:func:`end_all`, called by
:mod:`assistant.collab.accounts`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from assistant.db import Database
from assistant.db.models import LoginSession
from assistant.db.types import utcnow

TOUCH_EVERY = timedelta(seconds=60)  # how stale ``seen_at`` may get before a use rewrites it


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(db: Database, name: str, *, idle: float) -> str:
    """A new session for account ``name``; returns its token (sessions idle for longer than
    ``idle`` seconds are cleared on the way)."""
    token = secrets.token_urlsafe(32)
    at = utcnow()
    with db.transaction() as session:
        session.execute(delete(LoginSession).where(LoginSession.seen_at < at - timedelta(seconds=idle)))
        session.add(LoginSession(token_hash=token_hash(token), user_name=name, created_at=at, seen_at=at))
    return token


def user_of(db: Database, token: str, *, idle: float, at: datetime | None = None) -> str | None:
    """The account of the live session ``token`` (its idle clock restarts), else ``None``."""
    at = at or utcnow()
    key = token_hash(token)
    with db.transaction() as session:
        found = session.get(LoginSession, key)
        if found is None:
            return None
        if (at - found.seen_at).total_seconds() > idle:
            session.delete(found)
            return None
        if at - found.seen_at >= TOUCH_EVERY:
            session.execute(update(LoginSession).where(LoginSession.token_hash == key).values(seen_at=at))
        return found.user_name


def end(db: Database, token: str) -> None:
    with db.transaction() as session:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(token)))


def end_all(session: Session, name: str) -> int:
    """End every session of account ``name`` (inside the caller's transaction); how many."""
    found = session.execute(select(LoginSession.token_hash).where(LoginSession.user_name == name)).all()
    session.execute(delete(LoginSession).where(LoginSession.user_name == name))
    return len(found)
