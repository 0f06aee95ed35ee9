"""The database: SQLite by default (a file in the data folder), PostgreSQL when
``NIANBAO_DATABASE_URL`` is set; one code path (SQLAlchemy 2), migrations by Alembic."""

from assistant.db.engine import Database, create_database, open_database
from assistant.db.url import database_url

__all__ = ["Database", "create_database", "database_url", "open_database"]
