"""The index: one chroma collection per source kind (persistent folder or shared server) plus BM25.

``Index.open()`` uses ``NIANBAO_CHROMA_HOST``/``PORT`` when set (an office sharing one server),
otherwise a ``PersistentClient`` in the data folder. The BM25 indexes always live in the local
data folder and are rebuilt from the collection whenever its revision changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.corpus import Corpus, load_corpus
from assistant.errors import NianbaoError
from assistant.retrieval.chunks import Chunk, Source, regulation_chunks
from assistant.retrieval.embedding import E5EmbeddingFunction, embed_passages, register
from assistant.retrieval.lexical import LexicalIndex, TokenCache
from assistant.retrieval.settings import ChromaServer, chroma_server, data_dir

Progress = Callable[[str], None]
_PAGE = 2000


def _silent(_message: str) -> None:
    return None


class Index:
    """Chroma collections and their BM25 companions."""

    def __init__(self, client: Any, folder: Path, *, remote: bool) -> None:
        self.client = client
        self.folder = folder
        self.remote = remote
        self._collections: dict[Source, Any] = {}
        self._lexical: dict[Source, LexicalIndex] = {}

    @classmethod
    def open(cls, folder: Path | None = None, *, server: ChromaServer | None = None) -> Index:
        import chromadb
        from chromadb.config import Settings

        folder = folder or data_dir()
        server = server or chroma_server()
        settings = Settings(anonymized_telemetry=False)
        register()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NianbaoError(f"无法创建数据文件夹 {folder}：{exc}") from exc
        if server is not None:
            client = None
            try:
                client = chromadb.HttpClient(host=server.host, port=server.port, settings=settings)
                client.heartbeat()
            except Exception as exc:
                if client is not None:
                    cls(client, folder, remote=True).close()
                raise NianbaoError(f"无法连接 chroma 服务器 {server.host}:{server.port}：{exc}") from exc
            return cls(client, folder, remote=True)
        client = chromadb.PersistentClient(path=str(folder / "chroma"), settings=settings)
        return cls(client, folder, remote=False)

    def close(self) -> None:
        """Release the client (sqlite files, or the HTTP connections to a server)."""
        # chromadb 1.x HTTP clients hold two httpx sessions (the client's and its admin client's)
        # and close neither; close them so no socket outlives the index.
        for owner in (self.client, getattr(self.client, "_admin_client", None)):
            session = getattr(getattr(owner, "_server", None), "_session", None)
            if session is not None and hasattr(session, "close"):
                session.close()
        close = getattr(self.client, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # collections

    def collection(self, source: Source) -> Any:
        found = self._collections.get(source)
        if found is None:
            found = self.client.get_or_create_collection(
                source.collection, embedding_function=E5EmbeddingFunction(),
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"revision": "empty", "corpus": "none"},
            )
            self._collections[source] = found
        return found

    def revision(self, source: Source) -> str:
        self.collection(source)
        # Another process (or, with a server, another machine) may have written: ask chroma each time.
        collection = self.client.get_collection(source.collection, embedding_function=E5EmbeddingFunction())
        self._collections[source] = collection
        return str((collection.metadata or {}).get("revision", "empty"))

    def _bump(self, source: Source, **extra: str) -> None:
        collection = self.collection(source)
        metadata = {k: v for k, v in (collection.metadata or {}).items() if not str(k).startswith("hnsw:")}
        metadata.update(extra)
        metadata["revision"] = uuid.uuid4().hex
        collection.modify(metadata=metadata)

    def count(self, source: Source) -> int:
        return int(self.collection(source).count())

    # writing

    def upsert(self, source: Source, chunks: Sequence[Chunk], *, batch: int = 256, progress: Progress = _silent,
               bump: bool = True) -> None:
        collection = self.collection(source)
        for start in range(0, len(chunks), batch):
            part = chunks[start:start + batch]
            vectors = embed_passages([c.dense_text for c in part])
            collection.upsert(
                ids=[c.id for c in part], documents=[c.text for c in part], embeddings=vectors,
                metadatas=[{**c.metadata, "context": c.context} for c in part],
            )
            progress(f"已写入 {min(start + batch, len(chunks))}/{len(chunks)} 段")
        if bump and chunks:
            self._bump(source)

    def delete(self, source: Source, ids: Iterable[str], *, bump: bool = True) -> int:
        wanted = list(ids)
        if wanted:
            self.collection(source).delete(ids=wanted)
            if bump:
                self._bump(source)
        return len(wanted)

    def ids_where(self, source: Source, where: Mapping[str, Any]) -> list[str]:
        result = self.collection(source).get(where=dict(where), include=[])
        return list(result["ids"])

    def touch(self, source: Source) -> None:
        """Mark the collection changed (after a series of writes made with ``bump=False``)."""
        self._bump(source)

    # the regulation collection is derived from the corpus

    def ensure_regulations(self, corpus: Corpus | None = None, progress: Progress = _silent) -> int:
        """Bring the regulation collection in line with the corpus; returns how many chunks were embedded."""
        corpus = corpus or load_corpus()
        chunks = list(regulation_chunks(corpus))
        fingerprint = _fingerprint(c.id for c in chunks)
        collection = self.collection(Source.REGULATIONS)
        if (collection.metadata or {}).get("corpus") == fingerprint:
            return 0
        existing = set(collection.get(include=[])["ids"])
        wanted = {c.id for c in chunks}
        missing = [c for c in chunks if c.id not in existing]
        if missing:
            progress(f"正在为法规语料建立索引（{len(missing)} 段，首次使用需要几十秒）……")
        self.upsert(Source.REGULATIONS, missing, batch=32, progress=progress, bump=False)
        self.delete(Source.REGULATIONS, existing - wanted, bump=False)
        self._bump(Source.REGULATIONS, corpus=fingerprint)
        return len(missing)

    # BM25 beside chroma

    def lexical(self, source: Source) -> LexicalIndex:
        revision = self.revision(source)
        cached = self._lexical.get(source)
        if cached is not None and cached.revision == revision:
            return cached
        folder = self.folder / "lexical" / source.value
        loaded = LexicalIndex.load(folder)
        if loaded is None or loaded.revision != revision:
            loaded = self._rebuild_lexical(source, revision, folder)
        self._lexical[source] = loaded
        return loaded

    def _rebuild_lexical(self, source: Source, revision: str, folder: Path) -> LexicalIndex:
        collection = self.collection(source)
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[Mapping[str, Any]] = []
        offset = 0
        while True:
            page = collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            if not page["ids"]:
                break
            ids.extend(page["ids"])
            texts.extend(page["documents"] or [])
            metadatas.extend(page["metadatas"] or [])
            offset += len(page["ids"])
        cache = TokenCache(folder / "tokens.json")
        tokens = [cache.get(i, f"{m.get('context', '')}\n{t}") for i, t, m in zip(ids, texts, metadatas, strict=True)]
        cache.keep_only(set(ids))
        index = LexicalIndex.build(ids, tokens, metadatas, revision)
        index.save(folder)
        cache.save()
        return index


def _fingerprint(ids: Iterable[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:32]
