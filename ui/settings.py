"""How the UI is served: address, login, data folder, shared mode — from the command line and
environment.

The variables (``NIANBAO_UI_HOST``, ``NIANBAO_UI_PORT``, ``NIANBAO_UI_USER``,
``NIANBAO_UI_PASSWORD``, ``NIANBAO_DATA_DIR``, ``NIANBAO_DATABASE_URL``) are read through
:mod:`assistant.settings`; command-line arguments win over them.

The shared mode (accounts, sign-off, collection rounds; ``assistant.services.shared_database``)
is asked for by ``--shared`` or ``NIANBAO_DATABASE_URL``, and is on by itself when the data
folder's ``nianbao.sqlite3`` holds accounts. Off loopback, the single-user mode needs
``NIANBAO_UI_USER``/``NIANBAO_UI_PASSWORD``; in the shared mode the accounts replace them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.services import SQLITE_FILE, Network, NianbaoError, Settings, load_settings

DEFAULT_HOST: str = Settings.model_fields["ui_host"].default
DEFAULT_PORT: int = Settings.model_fields["ui_port"].default


@dataclass(frozen=True)
class UiSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    user: str | None = None
    password: str | None = None
    data_dir: Path = Path("data")
    shared: bool = False  # --shared: the shared mode is asked for
    database_url: str | None = None  # NIANBAO_DATABASE_URL (asks for the shared mode too)
    trusted_proxies: tuple[Network, ...] = ()  # NIANBAO_TRUSTED_PROXIES

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def wants_shared(self) -> bool:
        """Whether the shared mode is asked for (it may also come on by itself: accounts in the
        data folder's database)."""
        return self.shared or bool(self.database_url)

    @property
    def may_be_shared(self) -> bool:
        return self.wants_shared or (self.data_dir / SQLITE_FILE).is_file()

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def auth(self) -> tuple[str, str] | None:
        if self.user and self.password:
            return (self.user, self.password)
        return None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_refusal(host: str) -> NianbaoError:
    return NianbaoError(
        f"拒绝在 {host} 上提供服务：在局域网中开放必须设置登录账号。"
        "请设置环境变量 NIANBAO_UI_USER 和 NIANBAO_UI_PASSWORD 后重试，"
        "或去掉 --lan / NIANBAO_UI_HOST 只在本机使用；"
        "多人使用时，请用 nianbao users add 新建账户后以共享模式（--shared）启动。"
    )


def resolve(env: Mapping[str, str] | None = None, *, host: str | None = None,
            port: int | None = None, lan: bool = False, data_dir: Path | None = None,
            shared: bool = False) -> UiSettings:
    """Settings from arguments over environment over defaults; refuses an unsafe LAN setup (in
    the shared mode, the launcher checks that accounts exist)."""
    env_settings = load_settings(env)
    chosen_host = host or ("0.0.0.0" if lan else env_settings.ui_host)
    chosen_port = port if port is not None else env_settings.ui_port
    if not 0 < chosen_port < 65536:
        raise NianbaoError(f"端口设置无效：{chosen_port}（应为 1–65535 的整数）")
    settings = UiSettings(
        host=chosen_host, port=chosen_port, user=env_settings.ui_user, password=env_settings.ui_password,
        data_dir=data_dir or env_settings.data_dir, shared=shared,
        database_url=(env_settings.database_url or "").strip() or None,
        trusted_proxies=env_settings.trusted_proxies,
    )
    if not settings.loopback and settings.auth is None and not settings.may_be_shared:
        raise lan_refusal(chosen_host)
    return settings
