"""The engine and its sessions: one code path for SQLite and PostgreSQL.

SQLite is opened in WAL mode with foreign keys on, and every transaction starts with
``BEGIN IMMEDIATE``: a transaction that reads then writes (a save checking the version
counter, a log append reading the chain's head) takes the write lock first, so two writers
queue (``busy_timeout``) instead of failing on a stale snapshot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.db.url import database_url, is_sqlite, masked
from assistant.errors import NianbaoError

SQLITE_BUSY_MS = 30_000


@dataclass(frozen=True)
class Database:
    """An open database: the engine and a session factory. Services take it as first argument
    and open one transaction each (``db.transaction()``)."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    @property
    def shown(self) -> str:
        """The URL with its password hidden."""
        return masked(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        try:
            with self.sessions.begin() as session:
                yield session
        except IntegrityError as exc:  # e.g. two people creating the same report at the same moment
            raise NianbaoError("未能保存：与他人同时进行的修改冲突，请刷新后重试") from exc
        except OperationalError as exc:
            raise NianbaoError(f"数据库 {self.shown} 无法访问：{_reason(exc)}") from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _reason(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _sqlite_engine(url: URL, **options: Any) -> Engine:
    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_database(url: str | URL | None = None, *, pool_size: int = 5) -> Database:
    """Connect (no migration: see ``open_database``)."""
    resolved = database_url(url)
    if is_sqlite(resolved):
        engine = _sqlite_engine(resolved)
    else:
        engine = create_engine(resolved, pool_size=pool_size, pool_pre_ping=True)
    return Database(url=resolved, engine=engine,
                    sessions=sessionmaker(engine, expire_on_commit=False))


def open_database(url: str | URL | None = None, *, upgrade: bool = True, pool_size: int = 5) -> Database:
    """The database at ``url`` (default: ``NIANBAO_DATABASE_URL`` or the SQLite file in the data
    folder), brought to the latest schema unless ``upgrade`` is False."""
    db = create_database(url, pool_size=pool_size)
    if upgrade:
        from assistant.db.migrate import upgrade as run_upgrade

        run_upgrade(db)
    return db
