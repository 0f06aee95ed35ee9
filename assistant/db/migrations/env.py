"""Alembic environment: always run with a connection handed over by ``assistant.db.migrate``
(``config.attributes["connection"]``), or ``NIANBAO_DATABASE_URL``/the SQLite file when run
by the ``alembic`` command itself."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from assistant.db.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    from assistant.db.engine import create_database

    db = create_database()
    try:
        with db.engine.begin() as conn:
            _run(conn)
    finally:
        db.dispose()


if context.is_offline_mode():
    raise SystemExit("离线生成 SQL 不受支持：请用 nianbao db upgrade")
run_migrations_online()
