"""Which database: ``NIANBAO_DATABASE_URL`` (PostgreSQL) or an SQLite file in the data folder.

The URL is read when asked for, never at import. PostgreSQL URLs are given the psycopg 3
driver (``postgresql://…`` and ``postgres://…`` → ``postgresql+psycopg://…``), so that the
same URL works for ``psql`` and for us.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from assistant.errors import NianbaoError

ENV_VAR = "NIANBAO_DATABASE_URL"
SQLITE_FILE = "nianbao.sqlite3"


def configured_url() -> str | None:
    """``NIANBAO_DATABASE_URL`` when set (``assistant.settings``)."""
    from assistant.settings import load_settings

    value = (load_settings().database_url or "").strip()
    return value or None


def default_sqlite_url(data_dir: Path | None = None) -> URL:
    """The embedded database: ``<NIANBAO_DATA_DIR or data>/nianbao.sqlite3``."""
    if data_dir is None:
        from assistant.settings import load_settings

        data_dir = load_settings().data_dir
    return URL.create("sqlite+pysqlite", database=str(data_dir / SQLITE_FILE))


def database_url(value: str | URL | None = None) -> URL:
    """The URL to connect to: ``value``, else ``NIANBAO_DATABASE_URL``, else the SQLite file.

    Only PostgreSQL (psycopg 3) and SQLite are supported; anything else is refused in Chinese.
    """
    if value is None:
        value = configured_url()
    if value is None:
        return default_sqlite_url()
    try:
        url = make_url(value) if isinstance(value, str) else value
    except ArgumentError:
        raise NianbaoError(
            f"{ENV_VAR} 不是有效的数据库地址：{_masked_text(str(value))}"
            "（应为 postgresql://用户:密码@主机:端口/库名 或 sqlite:///文件路径）"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise NianbaoError("SQLite 数据库须是一个文件（sqlite:///文件路径），不能是内存数据库")
        return url.set(drivername="sqlite+pysqlite")
    raise NianbaoError(
        f"不支持的数据库“{backend}”：{masked(url)}（只支持 PostgreSQL 与 SQLite）"
    )


def masked(url: URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    return url.render_as_string(hide_password=True)


def _masked_text(text: str) -> str:
    head, at, tail = text.rpartition("@")
    if not at:
        return text
    scheme, sep, rest = head.partition("://")
    user = rest.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{tail}"


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"
