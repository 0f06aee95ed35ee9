from tests.db.fixtures import blank_url, db, pg_server

__all__ = ["blank_url", "db", "pg_server"]
