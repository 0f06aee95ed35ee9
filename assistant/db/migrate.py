"""Schema migrations (Alembic), shipped inside the package so that they work installed.

``upgrade`` runs on first use and from ``nianbao db upgrade``; concurrent starters are
serialised (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-level advisory lock).
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from assistant.db.engine import Database
from assistant.errors import NianbaoError

SCRIPT_LOCATION = "assistant.db:migrations"
_LOCK_KEY = 0x6E69616E  # "nian"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    """The schema revision of the database (``None`` when it has none yet)."""
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise NianbaoError(f"数据库 {db.shown} 无法访问：{exc.orig or exc}") from exc


def upgrade(db: Database, revision: str = "head") -> str | None:
    """Bring the schema to ``revision``; returns the revision before (``None``: new database)."""
    config = alembic_config()
    current = current_revision(db)
    if revision == "head" and current == head_revision():
        return current
    if current is not None and current not in known_revisions():
        raise NianbaoError(
            f"数据库 {db.shown} 的表结构版本（{current}）比本程序认识的（{head_revision()}）新："
            "它已被更新版本的年报助手使用过，请将年报助手升级到相同或更新的版本后再打开")
    try:
        with db.engine.begin() as conn:
            if db.backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            before = MigrationContext.configure(conn).get_current_revision()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except OperationalError as exc:
        raise NianbaoError(f"数据库 {db.shown} 无法升级：{exc.orig or exc}") from exc
    return before


def downgrade(db: Database, revision: str) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
