"""Who is at the screen in the shared mode: which database serves, the login sessions, the
person of each session.

The shared mode (accounts, sign-off, collection rounds) is on when the deployment asks for it
(``NIANBAO_DATABASE_URL`` set, or ``--shared``) or when the data folder's SQLite database already
holds accounts; otherwise the UI is the single-user mode, the local user on the same database
without accounts (:func:`shared_database`, :func:`assistant.services.open_local`).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address
from pathlib import Path

from assistant.collab import logins
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
    """Login sessions: an unguessable token per login, ended by logging out or after ``idle``
    seconds without a request.

    With a database (the shared mode) they are kept in it (:mod:`assistant.collab.logins`):
    every worker of a deployment knows every login, and a restart logs nobody out. Each worker
    remembers for ``recheck`` seconds what it read, so that the many requests of one page do not
    each ask the database; a logout on one worker reaches the others within that time. Without a
    database they are kept in this process's memory."""

    def __init__(self, db: Database | None = None, *, idle: float = 12 * 3600, recheck: float = 10.0) -> None:
        self.db = db
        self.idle = idle
        self.recheck = recheck
        self._sessions: dict[str, _Session] = {}  # without a database: the sessions; with: the cache
        self._lock = threading.Lock()

    def start(self, name: str) -> str:
        token = logins.start(self.db, name, idle=self.idle) if self.db is not None else secrets.token_urlsafe(32)
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
            if found is not None and now - found.seen <= (self.recheck if self.db is not None else self.idle):
                if self.db is None:
                    found.seen = now
                return found.name
            self._sessions.pop(token, None)
        if self.db is None:
            return None
        name = logins.user_of(self.db, token, idle=self.idle)
        if name is not None:
            with self._lock:
                self._sessions[token] = _Session(name, now)
        return name

    def end(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)
        if token and self.db is not None:
            logins.end(self.db, token)


Network = IPv4Network | IPv6Network


def client_address(peer: str, forwarded_for: str | None, proxies: Sequence[Network] = ()) -> str:
    """The address a request came from, for throttling logins by address: the peer's own, unless
    the peer is one of our reverse ``proxies`` (``NIANBAO_TRUSTED_PROXIES``); then the nearest
    address in ``X-Forwarded-For`` that is not one of them. Each proxy appends the address it got
    the request from, so that one was seen by a proxy of ours; what lies left of it the client may
    have written itself."""
    if not proxies or not _behind(peer, proxies):
        return peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _behind(hop, proxies):
            return hop
    return hops[0] if hops else peer


def _behind(address: str, proxies: Sequence[Network]) -> bool:
    try:
        found = ip_address(address)
    except ValueError:
        return False
    return any(found in network for network in proxies)


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
