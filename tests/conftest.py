"""Shared fixtures (the real published reports), the test lanes, the network guard and the
embedding test double.

Lanes: each test that needs a heavy part gets that part's marker here, from its folder or the
fixtures it uses (see :data:`LANES`), and every such test also gets ``slow``; ``make test-fast``
runs ``pytest -m "not slow"``, ``make test`` runs everything. A test file never lists lanes.

Embeddings: a test runs with :data:`HASHING` (a deterministic test double) in place of the e5
model unless it is marked ``embedding``; only those tests load the model.
"""

from __future__ import annotations

import os
import socket
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

if TYPE_CHECKING:
    from assistant.retrieval.embedding import Embedder

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def seed_report_path() -> Path:
    """精河工业园区 2021: the seed report, one table cell per line ending in " |"."""
    return SAMPLES / "jinghe-gongyeyuanqu-2021.txt"


# --- lanes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lane:
    """Tests below ``path`` (a file or folder, relative to the repository) get ``marker`` when
    they use one of ``fixtures``, are parametrized with one of ``params`` or have one of ``ids``
    in their id (a test that starts the heavy part itself, with no fixture to tell); a lane
    with none of these takes every test below ``path``."""

    marker: str
    path: str
    fixtures: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()

    def takes(self, relpath: str, nodeid: str, fixtures: Sequence[str], params: Sequence[object]) -> bool:
        if relpath != self.path and not relpath.startswith(self.path + "/"):
            return False
        if not (self.fixtures or self.params or self.ids):
            return True
        return bool(set(self.fixtures) & set(fixtures)) or any(p in self.params for p in params) \
            or any(part in nodeid for part in self.ids)


LANES = (
    Lane("browser", "tests/ui", fixtures=("ui_server", "browser", "office_browser", "page", "login_server")),
    Lane("fuzz", "tests/fuzz"),
    Lane("llama", "tests/drafting/test_llama_http.py"),
    Lane("office", "tests/export/test_pdf.py"),
    Lane("office", "tests/parsing/test_office.py", fixtures=("made",)),
    Lane("office", "tests/parsing/test_pdf.py", fixtures=("converted",)),
    # .doc files and PDF exports converted by LibreOffice inside the test
    Lane("office", "tests/export/test_cli.py", ids=("test_every_format[pdf]",)),
    Lane("office", "tests/cli/test_inputs.py", ids=("[broken.doc]", "test_audit_reports_each_unreadable_file")),
    Lane("office", "tests/parsing/test_files.py", ids=(".doc-",)),
    Lane("office", "tests/retrieval/test_local_rules.py", ids=("test_docx_html_and_pdf_give_the_same_articles",)),
    Lane("office", "tests", fixtures=("libreoffice",)),  # the way for a new test to ask for it
    Lane("embedding", "tests/retrieval", fixtures=("session_index",)),
    Lane("embedding", "tests/retrieval/test_retrieval.py", ids=("test_embeddings_are_normalised_and_prefixed",)),
    Lane("embedding", "tests/drafting/test_guards.py", fixtures=("real_embed",)),
    # the guards' verdicts on the strong model's answers are calibrated with the e5 model
    Lane("embedding", "tests/drafting/test_strong_replay.py",
         ids=("test_faithful_answer", "test_planted_invention_is_marked", "test_planting_does_not_mark")),
    Lane("chroma", "tests/retrieval", fixtures=("chroma_server",)),
    Lane("postgres", "tests", fixtures=("pg_server",), params=("postgresql",)),
)
SLOW = "slow"
LANE_MARKERS = frozenset(lane.marker for lane in LANES)


def lane_markers(item: pytest.Item) -> set[str]:
    """The lane markers of ``item`` (none: it runs in every lane)."""
    relpath = item.path.resolve().relative_to(ROOT).as_posix()
    callspec = getattr(item, "callspec", None)
    params = list(callspec.params.values()) if callspec is not None else []
    fixtures = getattr(item, "fixturenames", ())
    found = {lane.marker for lane in LANES if lane.takes(relpath, item.nodeid, fixtures, params)}
    return found | {mark.name for mark in item.iter_markers() if mark.name in LANE_MARKERS}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        markers = lane_markers(item)
        for marker in sorted(markers):
            item.add_marker(marker)
        if markers:
            item.add_marker(SLOW)


@pytest.fixture
def libreoffice() -> str:
    """The LibreOffice program, for a test that converts with it (the fixture puts the test in
    the ``office`` lane); fails where it is missing: `make test` installs it."""
    from assistant.libreoffice import find_office

    found = find_office()
    assert found, "LibreOffice is a test dependency (scripts/system-deps.sh)"
    return found


# --- no test reads the developer's own data folder ------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def own_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``NIANBAO_DATA_DIR`` points at an empty folder of the session unless the run sets it: a
    test never reads ./data (an office's own rules in data/corpus/user, its reports database)."""
    if os.environ.get("NIANBAO_DATA_DIR"):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NIANBAO_DATA_DIR", str(tmp_path_factory.mktemp("nianbao-data")))
        yield


# --- no network beyond the loopback ----------------------------------------------------------

_LOCAL = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(scope="session", autouse=True)
def no_network_beyond_loopback() -> Iterator[None]:
    """Every test runs with connections and name lookups limited to 127.0.0.1 (in this process;
    the servers the tests start — UI, llama.cpp, chroma, LibreOffice — are local by design, and
    the UI's own guard is tests/ui/netguard)."""
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


# --- embeddings: a test double unless the test is about the model ----------------------------


def hashing_embed(texts: Sequence[str]) -> np.ndarray:
    """TEST DOUBLE for the e5 model: each character and character pair hashed (crc32) into one
    of 384 dimensions with a hashed sign, L2-normalised. Deterministic, instant, no model;
    texts that share characters come out close, so rankings are plausible but not e5's."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        grams = [*text, *(text[i:i + 2] for i in range(len(text) - 1))]
        for gram in grams:
            code = zlib.crc32(gram.encode("utf-8"))
            out[row, code % 384] += 1.0 if code & (1 << 20) else -1.0
        norm = float(np.linalg.norm(out[row]))
        if norm:
            out[row] /= norm
    return out


def hashing_embedder() -> Embedder:
    from assistant.retrieval.embedding import Embedder

    return Embedder("hashing test double", hashing_embed, hashing_embed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Setup, call and teardown of a test not marked ``embedding`` embed with the test double
    (so do the module and session fixtures it is the first to use)."""
    if item.get_closest_marker("embedding") is not None:
        return (yield)
    from assistant.retrieval.embedding import use_embedder

    with use_embedder(hashing_embedder()):
        return (yield)
