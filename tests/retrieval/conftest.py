"""Fixtures: the sample index, once per session — with the e5 model (``session_index``: tests of
retrieval quality, marked ``embedding``) or the hashing test double (``hashed_index``: tests of
the retrieval logic) — and a real chroma server. The network guard is tests/conftest.py's."""

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

from assistant.retrieval.embedding import E5, use_embedder
from assistant.retrieval.ingest import ingest_paths
from assistant.retrieval.settings import ChromaServer
from assistant.retrieval.store import Index
from tests.conftest import hashing_embedder

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
SAMPLE_REPORTS = tuple(p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".html"))
# pingtan-zone-2021.txt names its agency nowhere in the text: the user says whose it is.
UNNAMED = {"pingtan-zone-2021.txt": "平潭综合实验区"}


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
    """The regulation corpus and the six sample reports, embedded once by the e5 model."""
    with use_embedder(E5):
        index = build_index(tmp_path_factory.mktemp("nianbao-data"))
    yield index
    index.close()


@pytest.fixture(scope="session")
def _hashed_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    with use_embedder(hashing_embedder()):
        index = build_index(tmp_path_factory.mktemp("nianbao-hashed"))
    yield index
    index.close()


@pytest.fixture
def hashed_index(_hashed_index: Index) -> Iterator[Index]:
    """The same index embedded by the hashing test double, which also embeds the queries."""
    with use_embedder(hashing_embedder()):
        yield _hashed_index


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
