"""Who is at the screen in the shared mode: which database serves, the login sessions, the
person of each session.

The shared mode (accounts, sign-off, collection rounds) is on when the deployment asks for it
(``NIANBAO_DATABASE_URL`` set, or ``--shared``) or when the data folder's SQLite database already
holds accounts; otherwise the UI stays the single-user workspace on files, and nothing is
created in the data folder (:func:`shared_database`).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.collab.accounts import get_actor, has_accounts
from assistant.collab.people import Actor
from assistant.db import Database, open_database
from assistant.db.url import SQLITE_FILE, default_sqlite_url
from assistant.errors import NianbaoError

NO_ACCOUNTS = ("共享模式须先新建账户：请先用 nianbao users add 用户名 --role 管理员 新建管理员账户，"
               "再新建撰稿人、审核人和汇总审核人的账户")


def shared_database(data_dir: Path, *, url: str | None = None, shared: bool = False) -> Database | None:
    """The database of the shared mode, or ``None`` for the single-user mode.

    ``url`` (``NIANBAO_DATABASE_URL``) or ``shared`` (``--shared``) ask for it: the database
    (default: ``nianbao.sqlite3`` in ``data_dir``) is opened, created and migrated, and must hold
    accounts. Otherwise the data folder's SQLite file, if there is one, decides: with accounts the
    shared mode is on; without the file nothing is created."""
    if url or shared:
        db = open_database(url or default_sqlite_url(data_dir))
        if not has_accounts(db):
            db.dispose()
            raise NianbaoError(NO_ACCOUNTS)
        return db
    if not (data_dir / SQLITE_FILE).is_file():
        return None
    db = open_database(default_sqlite_url(data_dir))
    if has_accounts(db):
        return db
    db.dispose()
    return None


@dataclass
class _Session:
    name: str
    seen: float


class Sessions:
    """Login sessions: an unguessable token per login, kept in memory (a restart logs everyone
    out), ended by logging out or after ``idle`` seconds without a request."""

    def __init__(self, idle: float = 12 * 3600) -> None:
        self.idle = idle
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def start(self, name: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = _Session(name, time.monotonic())
        return token

    def name_of(self, token: str | None) -> str | None:
        """The account of a live session (its idle clock restarts), else ``None``."""
        if not token:
            return None
        now = time.monotonic()
        with self._lock:
            found = self._sessions.get(token)
            if found is None:
                return None
            if now - found.seen > self.idle:
                del self._sessions[token]
                return None
            found.seen = now
            return found.name

    def end(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


class People:
    """The acting person by account name, read from the database at most every ``ttl`` seconds
    (a disabled account is refused from then on)."""

    def __init__(self, db: Database, ttl: float = 5.0) -> None:
        self.db = db
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Actor]] = {}
        self._lock = threading.Lock()

    def actor(self, name: str) -> Actor:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(name)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        actor = get_actor(self.db, name)
        with self._lock:
            self._cache[name] = (now, actor)
        return actor
