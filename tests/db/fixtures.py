"""Fixtures shared by tests/db and tests/collab: ``db`` runs a test on SQLite and on a real
PostgreSQL (started once per session by ``tests.db.postgres``); ``blank_url`` gives an empty,
unmigrated database of each kind. Import them into a conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.db import Database, open_database
from tests.db.postgres import PostgresServer, find_bin_dir

BACKENDS = ("sqlite", "postgresql")

_server: PostgresServer | None = None
_template: str | None = None
_users = 0


def _acquire() -> PostgresServer:
    global _server, _template, _users
    if _server is None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: install the 'postgresql' "
                        "package (scripts/system-deps.sh) to run the PostgreSQL half of the db tests")
        server = PostgresServer(bin_dir)
        server.start()
        _server = server
        url = server.create_database()
        open_database(url).dispose()  # migrate once; each test copies this database
        _template = url.rsplit("/", 1)[1]
    _users += 1
    return _server


def _release() -> None:
    global _server, _users
    _users -= 1
    if _users == 0 and _server is not None:
        _server.stop()
        _server = None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = _acquire()
    yield server
    _release()


def _url(request: pytest.FixtureRequest, tmp_path: Path, *, migrated: bool) -> str:
    """A new database's URL; a PostgreSQL one is dropped when the test ends."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nianbao.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    url = server.create_database(template=_template if migrated else None)
    request.addfinalizer(lambda: server.drop_database(url))
    return url


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    database = open_database(_url(request, tmp_path, migrated=True))
    yield database
    database.dispose()


@pytest.fixture(params=BACKENDS)
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database with no schema, on each backend (left to the test to open)."""
    return _url(request, tmp_path, migrated=False)
