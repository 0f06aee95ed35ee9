"""How the UI is served: address, login, data folder — from the command line and environment.

| variable | meaning | default |
|---|---|---|
| ``NIANBAO_UI_HOST`` | address to bind; ``0.0.0.0`` serves the LAN (login required) | ``127.0.0.1`` |
| ``NIANBAO_UI_PORT`` | port | ``7860`` |
| ``NIANBAO_UI_USER`` / ``NIANBAO_UI_PASSWORD`` | login, required off loopback | — |
| ``NIANBAO_DATA_DIR`` | where reports (``reports/``) and the index live | ``./data`` |
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import NianbaoError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


@dataclass(frozen=True)
class UiSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    user: str | None = None
    password: str | None = None
    data_dir: Path = Path("data")

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

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


def resolve(env: Mapping[str, str] | None = None, *, host: str | None = None,
            port: int | None = None, lan: bool = False, data_dir: Path | None = None) -> UiSettings:
    """Settings from arguments over environment over defaults; refuses an unsafe LAN setup."""
    env = os.environ if env is None else env
    chosen_host = host or ("0.0.0.0" if lan else env.get("NIANBAO_UI_HOST") or DEFAULT_HOST)
    raw_port = port if port is not None else env.get("NIANBAO_UI_PORT") or DEFAULT_PORT
    try:
        chosen_port = int(raw_port)
    except ValueError:
        raise NianbaoError(f"端口设置无效：NIANBAO_UI_PORT={raw_port}（应为 1–65535 的整数）") from None
    if not 0 < chosen_port < 65536:
        raise NianbaoError(f"端口设置无效：{chosen_port}（应为 1–65535 的整数）")
    settings = UiSettings(
        host=chosen_host, port=chosen_port,
        user=env.get("NIANBAO_UI_USER") or None, password=env.get("NIANBAO_UI_PASSWORD") or None,
        data_dir=data_dir or Path(env.get("NIANBAO_DATA_DIR") or "data"),
    )
    if not settings.loopback and settings.auth is None:
        raise NianbaoError(
            f"拒绝在 {chosen_host} 上提供服务：在局域网中开放必须设置登录账号。"
            "请设置环境变量 NIANBAO_UI_USER 和 NIANBAO_UI_PASSWORD 后重试，"
            "或去掉 --lan / NIANBAO_UI_HOST 只在本机使用。"
        )
    return settings
