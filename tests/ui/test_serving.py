"""How the UI is served: loopback by default; the LAN only with a login."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from tests.ui.conftest import REPO, Server
from ui.settings import resolve


def test_defaults_bind_loopback() -> None:
    settings = resolve({})
    assert (settings.host, settings.port, settings.auth) == ("127.0.0.1", 7860, None)
    assert settings.url == "http://127.0.0.1:7860/"


@pytest.mark.parametrize("env", [{"NIANBAO_UI_HOST": "0.0.0.0"}, {"NIANBAO_UI_HOST": "192.168.1.5"},
                                 {"NIANBAO_UI_HOST": "0.0.0.0", "NIANBAO_UI_USER": "a"}])
def test_lan_without_login_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    # a data folder of its own: one holding a shared deployment's database is served differently
    with pytest.raises(NianbaoError, match=r"必须设置登录账号.*NIANBAO_UI_USER"):
        resolve(env, data_dir=tmp_path)


def test_lan_flag_with_login() -> None:
    settings = resolve({"NIANBAO_UI_USER": "ban", "NIANBAO_UI_PASSWORD": "s3"}, lan=True)
    assert settings.host == "0.0.0.0" and settings.auth == ("ban", "s3")


@pytest.mark.parametrize("port", ["x", "0", "70000"])
def test_bad_port(port: str) -> None:
    with pytest.raises(NianbaoError, match="端口"):
        resolve({"NIANBAO_UI_PORT": port})


def test_launcher_refuses_lan_without_login(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_UI_")}
    done = subprocess.run([sys.executable, "-m", "ui", "--lan", "--data-dir", str(tmp_path)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "必须设置登录账号" in done.stderr
    assert not (tmp_path / "reports").exists()  # refused before anything was started


@pytest.fixture(scope="module")
def login_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with a login set (on loopback, so nothing is exposed during the test)."""
    workdir = tmp_path_factory.mktemp("ui-login")
    server = Server(data_dir=workdir / "data", workdir=workdir,
                    extra_env={"NIANBAO_UI_USER": "bangongshi", "NIANBAO_UI_PASSWORD": "nianbao-2025"})
    server.start()
    yield server
    server.stop()
    assert server.violations() == []


def test_login_is_required_when_set(login_server: Server) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(login_server.url + "config", timeout=10)
    assert refused.value.code in (401, 403)
    refused.value.close()
    form = b"username=bangongshi&password=wrong"
    with pytest.raises(urllib.error.HTTPError) as wrong:
        urllib.request.urlopen(urllib.request.Request(login_server.url + "login", data=form),
                               timeout=10)
    assert wrong.value.code in (400, 401)
    wrong.value.close()
    form = b"username=bangongshi&password=nianbao-2025"
    with urllib.request.urlopen(urllib.request.Request(login_server.url + "login", data=form),
                                timeout=10) as ok:
        assert ok.status == 200
