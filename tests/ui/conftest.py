"""Browser-test infrastructure: the real UI server under a network guard, headless Chromium.

- The server is ``python -m ui`` in a subprocess with ``tests/ui/netguard`` on PYTHONPATH: its
  sitecustomize refuses and records every non-loopback connection or lookup. Where the
  machine allows it (root, ``unshare``/``nsenter``), the server also runs in a network
  namespace that has only a loopback interface, and Chromium is started inside the same
  namespace: nothing else is even reachable.
- Chromium is Debian's (``scripts/system-deps.sh`` installs it with fonts-noto-cjk), driven
  by Python playwright with ``executable_path``; ``playwright install`` is never used. Every
  request the page makes to a host other than 127.0.0.1 is aborted and recorded.
- Each test module gets one server (started once, shared by its tests); teardown fails the
  module if the guard recorded anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
NETGUARD = Path(__file__).parent / "netguard"
CHROMIUM = Path(os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    "--disable-default-apps", "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--lang=zh-CN",
]
# The app must switch these off itself: the tests make sure the environment does not.
OFFLINE_VARS = ("GRADIO_ANALYTICS_ENABLED", "HF_HUB_OFFLINE", "ANONYMIZED_TELEMETRY",
                "HF_HUB_DISABLE_TELEMETRY", "DO_NOT_TRACK", "GRADIO_SSR_MODE")
READY = "年报助手已就绪"
SCREENSHOTS = REPO / "docs" / "images"


def require_browser() -> None:
    """Fail where Chromium is missing: `make test` installs it (scripts/system-deps.sh)."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        _missing("Python playwright 未安装（pip install -e '.[test]'）")
    if not CHROMIUM.exists():
        _missing(f"未找到 Chromium：{CHROMIUM}（运行 scripts/system-deps.sh）")


def _missing(message: str) -> None:
    pytest.fail(message)


def netns_available() -> bool:
    if os.environ.get("NIANBAO_TEST_NETNS", "1") == "0":
        return False
    if not (shutil.which("unshare") and shutil.which("nsenter") and shutil.which("ip")):
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """``python -m ui`` on 127.0.0.1 in a subprocess, guarded."""

    data_dir: Path
    workdir: Path
    port: int = field(default_factory=free_port)
    netns: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def guard_log(self) -> Path:
        return self.workdir / "netguard.jsonl"

    @property
    def output(self) -> Path:
        return self.workdir / f"server-{self.starts}.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in OFFLINE_VARS}
        env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), str(REPO)])
        env["NIANBAO_NETGUARD_LOG"] = str(self.guard_log)
        env["PYTHONUNBUFFERED"] = "1"
        for name in ("NIANBAO_UI_HOST", "NIANBAO_UI_PORT", "NIANBAO_UI_USER",
                     "NIANBAO_UI_PASSWORD", "NIANBAO_MODEL", "NIANBAO_DATA_DIR"):
            env.pop(name, None)
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90.0) -> None:
        self.starts += 1
        command = [sys.executable, "-m", "ui", "--port", str(self.port),
                   "--data-dir", str(self.data_dir)]
        if self.netns:
            command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
                       *command]
        with self.output.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=self.env(), stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if READY in self.output.read_text(encoding="utf-8", errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        text = self.output.read_text(encoding="utf-8", errors="replace")
        self.stop()
        raise RuntimeError(f"UI server did not start:\n{text[-4000:]}")

    def stop(self, *, kill: bool = False) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process = None

    def violations(self) -> list[dict[str, Any]]:
        if not self.guard_log.exists():
            return []
        lines = self.guard_log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def browser_executable(self) -> Path:
        """Chromium itself, or a wrapper that starts it in the server's network namespace."""
        if not self.netns or self.process is None:
            return CHROMIUM
        wrapper = self.workdir / "chromium-in-netns.sh"
        wrapper.write_text(
            f'#!/bin/sh\nexec nsenter --net=/proc/{self.process.pid}/ns/net {CHROMIUM} "$@"\n',
            encoding="utf-8")
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        return wrapper


def start_fake_llm(server: Server, port: int) -> subprocess.Popen[bytes]:
    """The scripted OpenAI-compatible server, reachable from the UI server at 127.0.0.1."""
    command = [sys.executable, str(Path(__file__).with_name("fake_llm.py")), str(port)]
    if server.netns and server.process is not None:
        command = ["nsenter", f"--net=/proc/{server.process.pid}/ns/net", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert b"fake-llm ready" in line, line
    return process


def assert_offline(server: Server, requests: list[str]) -> None:
    found = server.violations()
    assert not found, "UI server tried to reach the network:\n" + "\n".join(
        f"{v['kind']} {v['target']}\n{''.join(v['stack'][-4:])}" for v in found)
    assert not requests, f"the page requested non-local URLs: {requests}"


@dataclass
class Browser:
    """One Chromium with one page; records every non-local request."""

    server: Server
    locale: str = "zh-CN"  # the browser's language (navigator.language, Accept-Language)
    viewport: tuple[int, int] = (1280, 800)  # an office screen: README screenshots are taken at it
    blocked: list[str] = field(default_factory=list)
    _pw: Any = None
    _browser: Any = None
    context: Any = None
    page: Any = None

    def open(self) -> Any:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = launch_chromium(self._pw, self.server)
        self.page = new_page(self._browser, locale=self.locale, viewport=self.viewport, blocked=self.blocked)
        self.context = self.page.context
        return self.page

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._pw is not None:
            self._pw.stop()
            self._pw = None

    def reopen(self) -> Any:
        """A fresh Chromium (in the restarted server's network namespace, when there is one)."""
        self.close()
        return self.open()


LOOPBACK = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:")


def launch_chromium(playwright: Any, server: Server) -> Any:
    """Headless Chromium, the one the tests found (``Server.browser_executable``)."""
    return playwright.chromium.launch(
        executable_path=str(server.browser_executable()), args=CHROMIUM_FLAGS, headless=True)


def new_page(browser: Any, *, locale: str, viewport: tuple[int, int], blocked: list[str]) -> Any:
    """A page in a fresh browser context (its own cookies) that may reach only the loopback:
    any other request is aborted and its URL appended to ``blocked``."""

    def route(route: Any) -> None:
        url: str = route.request.url
        if url.startswith(LOOPBACK):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    width, height = viewport
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height}, accept_downloads=True)
    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


@contextlib.contextmanager
def serving(server: Server) -> Iterator[Server]:
    """``server`` started for a module's tests, stopped after them; then it must not have tried
    to reach the network."""
    server.start()
    try:
        yield server
    finally:
        server.stop()
    found = server.violations()
    assert not found, f"UI server tried to reach the network: {found}"


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_browser()
    workdir = tmp_path_factory.mktemp("ui")
    with serving(Server(data_dir=workdir / "data", workdir=workdir, netns=netns_available())) as server:
        yield server


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where a module's screenshots go (and docs/images with NIANBAO_UI_SCREENSHOTS=1)."""
    return tmp_path_factory.mktemp("shots")


@pytest.fixture(scope="module")
def browser(ui_server: Server) -> Iterator[Browser]:
    session = Browser(ui_server)
    session.open()
    yield session
    session.close()
    assert not session.blocked, f"the page requested non-local URLs: {session.blocked}"


OFFICE_SCREEN = (1280, 800)
LOCALES = ("en-US", "zh-CN")


@pytest.fixture(scope="module", params=LOCALES)
def office_browser(request: pytest.FixtureRequest, ui_server: Server) -> Iterator[Browser]:
    """Chromium at an office screen's 1280×800, once with an English and once with a Chinese
    browser language: what the writer sees must not depend on it."""
    session = Browser(ui_server, locale=request.param, viewport=OFFICE_SCREEN)
    session.open()
    yield session
    session.close()
    assert not session.blocked, f"the page requested non-local URLs: {session.blocked}"


# Latin words that may stand on a Chinese screen: names of formats and products.
ALLOWED_LATIN = frozenset({"docx", "pdf", "html", "md", "json", "xlsx", "csv", "txt", "doc", "wps", "rtf", "odt",
                           "word", "excel", "markdown", "gb", "t", "b", "kb", "mb", "llm", "ai",
                           "htm", "xls", "exe"})


def visible_english(page: Any) -> list[str]:
    """Latin words on screen or in a tooltip (title, aria-label, placeholder) that are not the
    names of formats: English a Chinese writer would have to read. What a collapsed 详细信息
    (``<details>``) holds is not on screen until opened."""
    texts: list[str] = page.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            if (!el || !node.textContent.trim()) continue;
            const style = getComputedStyle(el);
            if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
            if (el.closest('script,style,noscript')) continue;
            // Not rendered: inside a collapsed <details> (content-visibility), or a display:none ancestor.
            if (el.checkVisibility && !el.checkVisibility()) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            out.push(node.textContent);
        }
        for (const el of document.querySelectorAll('[title],[aria-label],[placeholder]')) {
            if (el.checkVisibility && !el.checkVisibility()) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            for (const a of ['title', 'aria-label', 'placeholder']) {
                const v = el.getAttribute(a);
                if (v) out.push(v);
            }
        }
        return out;
    }""")
    found = []
    for text in texts:
        for word in re.findall(r"[A-Za-z][A-Za-z]+", text):
            if word.lower() not in ALLOWED_LATIN:
                found.append(f"{word}（{text.strip()[:40]}）")
    return found


def save_screenshot(page: Any, name: str, tmp_dir: Path) -> Path:
    """Screenshots go to the test's folder, and to docs/images when NIANBAO_UI_SCREENSHOTS=1."""
    path = tmp_dir / f"ui-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if os.environ.get("NIANBAO_UI_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / path.name)
    return path
