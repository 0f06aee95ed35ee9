"""Which database: the SQLite file in the data folder by default, PostgreSQL from
NIANBAO_DATABASE_URL (given the psycopg 3 driver), anything else refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.db import database_url, open_database
from assistant.db.migrate import current_revision, head_revision
from assistant.errors import NianbaoError


def test_the_default_is_a_sqlite_file_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_DATABASE_URL", raising=False)
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    url = database_url()
    assert url.drivername == "sqlite+pysqlite" and url.database == str(tmp_path / "data" / "nianbao.sqlite3")
    db = open_database()  # zero setup: the folder, the file and the schema are made on first use
    try:
        assert (tmp_path / "data" / "nianbao.sqlite3").is_file() and current_revision(db) == head_revision()
    finally:
        db.dispose()


@pytest.mark.parametrize("given", ["postgresql://u:secret@db.example:5432/nianbao",
                                   "postgres://u:secret@db.example:5432/nianbao",
                                   "postgresql+psycopg://u:secret@db.example:5432/nianbao"])
def test_postgresql_urls_get_psycopg3(given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", given)
    url = database_url()
    assert (url.drivername, url.host, url.port, url.database) == ("postgresql+psycopg", "db.example", 5432, "nianbao")


@pytest.mark.parametrize(("given", "message"), [
    ("mysql://u:secret@h/db", "不支持的数据库“mysql”：mysql://u:***@h/db（只支持 PostgreSQL 与 SQLite）"),
    ("not a url", "NIANBAO_DATABASE_URL 不是有效的数据库地址：not a url"),
    ("sqlite://", "SQLite 数据库须是一个文件"),
])
def test_other_urls_are_refused_without_showing_the_password(given: str, message: str) -> None:
    with pytest.raises(NianbaoError) as refused:
        database_url(given)
    assert message in str(refused.value) and "secret" not in str(refused.value)
