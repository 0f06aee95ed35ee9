"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from assistant.db import Database, create_database, open_database
from assistant.db.migrate import current_revision, downgrade, head_revision, upgrade
from assistant.db.models import Base
from assistant.errors import NianbaoError


def test_upgrade_from_empty_builds_the_models(blank_url: str) -> None:
    db = create_database(blank_url)
    try:
        assert current_revision(db) is None
        assert upgrade(db) is None
        assert current_revision(db) == head_revision()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    Base.metadata)
        assert diff == []
        assert upgrade(db) == head_revision()  # a second run does nothing
    finally:
        db.dispose()


def test_downgrade_removes_everything_and_upgrade_comes_back(blank_url: str) -> None:
    db = open_database(blank_url)
    try:
        downgrade(db, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(db)
        assert "audit_log" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()


def test_the_audit_log_refuses_update_and_delete(db: Database) -> None:
    with db.transaction() as session:
        session.execute(text("INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) "
                             "VALUES (1, CURRENT_TIMESTAMP, 'a', 'login', '', '{}', 'x', 'y')"))
    for statement in ("UPDATE audit_log SET actor = 'b'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="审计日志只能追加"), db.engine.begin() as conn:
            conn.execute(text(statement))


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def test_a_database_from_a_newer_nianbao_is_refused_in_chinese(blank_url: str) -> None:
    db = open_database(blank_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'r9999'"))
        with pytest.raises(NianbaoError, match=r"表结构版本（r9999）比本程序认识的.*新.*请将年报助手升级"):
            upgrade(db)
    finally:
        db.dispose()
