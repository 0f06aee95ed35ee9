"""The shared mode's switch and login: when it comes on (and when it must not), the launcher's
refusals, and the login page over HTTP — Chinese refusals, a session cookie that every request of
the app needs, logout."""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.collab.accounts import add_user
from assistant.collab.people import Actor, Role
from assistant.db import open_database
from assistant.errors import NianbaoError
from assistant.services import Sessions, shared_database
from tests.ui.conftest import REPO, Server, serving
from tests.ui.test_signoff_flow import PASSWORD, cheap_hashes
from ui.settings import resolve

SQLITE = "nianbao.sqlite3"


def with_account(data_dir: Path, name: str = "zhangsan") -> None:
    db = open_database(f"sqlite:///{data_dir / SQLITE}")
    try:
        with cheap_hashes():
            add_user(db, Actor.local(), name, PASSWORD, Role.WRITER, display_name="张三", agency="临川县教育局")
    finally:
        db.dispose()


def launch(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_")}
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


# --- when the shared mode is on ---------------------------------------------------------------------


def test_single_user_by_default_and_nothing_is_created(tmp_path: Path) -> None:
    settings = resolve({}, data_dir=tmp_path)
    assert not settings.wants_shared and not settings.may_be_shared
    assert shared_database(tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_asked_for_by_the_flag_or_the_database_url(tmp_path: Path) -> None:
    assert resolve({}, shared=True).wants_shared
    url = "postgresql://nianbao:secret@db.example:5432/nianbao"
    assert resolve({"NIANBAO_DATABASE_URL": url}).database_url == url
    with pytest.raises(NianbaoError, match="共享模式须先新建账户：请先用 nianbao users add"):
        shared_database(tmp_path, shared=True)


def test_on_by_itself_once_the_data_folders_database_holds_accounts(tmp_path: Path) -> None:
    open_database(f"sqlite:///{tmp_path / SQLITE}").dispose()
    assert shared_database(tmp_path) is None  # a database without accounts: still single-user
    with_account(tmp_path)
    db = shared_database(tmp_path)
    assert db is not None
    db.dispose()


def test_the_lan_needs_a_login_or_accounts(tmp_path: Path) -> None:
    with pytest.raises(NianbaoError, match=r"必须设置登录账号.*NIANBAO_UI_USER.*共享模式"):
        resolve({"NIANBAO_UI_HOST": "0.0.0.0"}, data_dir=tmp_path)
    assert resolve({}, lan=True, shared=True).host == "0.0.0.0"  # accounts are checked at launch
    with_account(tmp_path)
    assert resolve({}, lan=True, data_dir=tmp_path).may_be_shared


def test_the_launcher_refuses_the_shared_mode_without_accounts(tmp_path: Path) -> None:
    done = launch("--shared", "--data-dir", str(tmp_path))
    assert done.returncode == 2 and "共享模式须先新建账户" in done.stderr
    open_database(f"sqlite:///{tmp_path / 'lan' / SQLITE}").dispose()
    done = launch("--lan", "--data-dir", str(tmp_path / "lan"))  # a database, but no account in it
    assert done.returncode == 2 and "必须设置登录账号" in done.stderr
    assert not (tmp_path / "lan" / "reports").exists()


def test_sessions_end_on_logout_or_when_idle() -> None:
    sessions = Sessions(idle=60)
    token = sessions.start("zhangsan")
    assert sessions.name_of(token) == "zhangsan" and sessions.name_of("guessed") is None
    sessions.end(token)
    assert sessions.name_of(token) is None
    idle = Sessions(idle=0)
    assert idle.name_of(idle.start("lisi")) is None


# --- the login page ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def login_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shared mode on loopback: one account, nothing else."""
    workdir = tmp_path_factory.mktemp("ui-shared-login")
    (workdir / "data").mkdir()
    with_account(workdir / "data")
    with serving(Server(data_dir=workdir / "data", workdir=workdir)) as server:
        yield server


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def client() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar)), jar


def status(opener: urllib.request.OpenerDirector, url: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=30) as answer:
            return answer.status, answer.headers.get("location", ""), answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as refused:
        body = refused.read().decode("utf-8", "replace")
        refused.close()
        return refused.code, refused.headers.get("location", ""), body


def test_the_page_sends_a_visitor_to_the_login_and_the_app_needs_a_session(login_server: Server) -> None:
    opener, jar = client()
    code, where, _ = status(opener, login_server.url)
    assert (code, where) == (303, "/login")
    code, _, page = status(opener, login_server.url + "login")
    assert code == 200 and "用户名" in page and "密码" in page and 'lang="zh-CN"' in page
    assert status(opener, login_server.url + "config")[0] == 401

    code, _, page = status(opener, login_server.url + "login", {"username": "zhangsan", "password": "wrong"})
    assert code == 401 and "用户名或密码不正确" in page
    code, where, _ = status(opener, login_server.url + "login", {"username": "zhangsan", "password": PASSWORD})
    assert (code, where) == (303, "/") and [c.name for c in jar] == ["nianbao-session"]
    assert status(opener, login_server.url + "config")[0] == 200
    assert status(opener, login_server.url)[0] == 200

    code, where, _ = status(opener, login_server.url + "logout")
    assert (code, where) == (303, "/login?out=1")
    assert status(opener, login_server.url + "config")[0] == 401
    assert "已退出登录" in status(opener, login_server.url + "login?out=1")[2]
