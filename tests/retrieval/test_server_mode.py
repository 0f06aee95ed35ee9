"""The same index code against a real `chroma run` server on 127.0.0.1 (an office sharing one index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.retrieval.chunks import Source
from assistant.retrieval.ingest import Outcome, ingest_paths
from assistant.retrieval.search import Filters, search
from assistant.retrieval.settings import ChromaServer
from assistant.retrieval.store import Index
from tests.retrieval.conftest import SAMPLES


def test_server_mode_shares_one_index(chroma_server: ChromaServer, tmp_path: Path) -> None:
    with Index.open(tmp_path / "machine-a", server=chroma_server) as first, \
            Index.open(tmp_path / "machine-b", server=chroma_server) as second:
        _share(first, second)


def _share(first: Index, second: Index) -> None:
    assert first.remote
    first.ensure_regulations()
    summary = ingest_paths(first, [SAMPLES / "pingtan-zone-2022.txt", SAMPLES / "shuyang-fgj-2023.html"])
    assert [f.outcome for f in summary.files] == [Outcome.ADDED, Outcome.ADDED]

    # another machine: its own local folder (BM25 cache), the same server
    assert second.count(Source.REPORTS) == summary.chunks
    hits = search(second, "政策解读形式单一", k=3, filters=Filters(year=2022))
    assert hits and hits[0].metadata.get("agency") == "平潭综合实验区"
    assert search(second, "《条例》第四十九条", k=1)[0].ref == "tiaoli-2019.a49"
    again = ingest_paths(second, [SAMPLES / "pingtan-zone-2022.txt"])
    assert again.files[0].outcome is Outcome.UNCHANGED  # content already on the server

    # a write from the second machine reaches the first one's keyword index
    ingest_paths(second, [SAMPLES / "jinghe-gongyeyuanqu-2021.txt"])
    found = search(first, "精河工业园区", k=1, sources=(Source.REPORTS,))
    assert found and found[0].metadata.get("agency") == "精河工业园区管理委员会"


def test_cli_uses_the_server_from_the_environment(
    chroma_server: ChromaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NIANBAO_CHROMA_HOST", chroma_server.host)
    monkeypatch.setenv("NIANBAO_CHROMA_PORT", str(chroma_server.port))
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "local"))
    assert main(["search", "信息处理费按件计收", "--k", "2", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "chulifei-2020" in out


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    from assistant.errors import NianbaoError

    with pytest.raises(NianbaoError, match="无法连接 chroma 服务器"):
        Index.open(tmp_path, server=ChromaServer(host="127.0.0.1", port=9))
