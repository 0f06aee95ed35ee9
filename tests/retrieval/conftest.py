"""Fixtures: one index per test session (the corpus is embedded once), a real chroma server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.retrieval.ingest import ingest_paths
from assistant.retrieval.settings import ChromaServer
from assistant.retrieval.store import Index

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
SAMPLE_REPORTS = tuple(p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".html"))
# pingtan-zone-2021.txt names its agency nowhere in the text: the user says whose it is.
UNNAMED = {"pingtan-zone-2021.txt": "平潭综合实验区"}


_LOCAL = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(scope="session", autouse=True)
def no_network_beyond_loopback() -> Iterator[None]:
    """Every retrieval test runs with connections and name lookups limited to 127.0.0.1."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def allowed(sock: socket.socket, address: object) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True
        return isinstance(address, tuple) and address[0] in _LOCAL

    def connect(sock: socket.socket, address: object) -> None:
        if not allowed(sock, address):
            raise ConnectionRefusedError(f"测试中不得访问 127.0.0.1 以外的网络：{address}")
        real_connect(sock, address)  # type: ignore[arg-type]

    def connect_ex(sock: socket.socket, address: object) -> int:
        if not allowed(sock, address):
            raise ConnectionRefusedError(f"测试中不得访问 127.0.0.1 以外的网络：{address}")
        return real_connect_ex(sock, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host not in (*_LOCAL, None):
            raise socket.gaierror(f"测试中不得解析 127.0.0.1 以外的主机名：{host}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


def build_index(folder: Path, server: ChromaServer | None = None) -> Index:
    index = Index.open(folder, server=server)
    index.ensure_regulations()
    named = [p for p in SAMPLE_REPORTS if p.name not in UNNAMED]
    ingest_paths(index, named)
    for name, agency in UNNAMED.items():
        ingest_paths(index, [SAMPLES / name], agency=agency)
    return index


@pytest.fixture(scope="session")
def session_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """The regulation corpus and the six sample reports, embedded once for the whole session."""
    index = build_index(tmp_path_factory.mktemp("nianbao-data"))
    yield index
    index.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A real ``chroma run`` on 127.0.0.1, stopped at the end of the session."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).parent / "chroma"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    deadline = time.monotonic() + 60
    url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail(f"chroma 服务器未能启动：{(folder / 'server.log').read_text(errors='replace')[-2000:]}")
        time.sleep(0.3)
    try:
        yield ChromaServer(host="127.0.0.1", port=port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
