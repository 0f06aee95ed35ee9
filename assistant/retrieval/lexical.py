"""Chinese keyword search: jieba tokens scored with BM25 (bm25s), kept beside chroma.

Local chroma has no BM25 index, so this one lives in the data folder. It is a derived cache of
a chroma collection: it records the collection revision it was built from and is rebuilt when
the collection changed (also when another machine wrote to a shared chroma server).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.atomic import write_text

# Words jieba would otherwise cut apart; cutting for search still yields their parts.
DOMAIN_WORDS = (
    "政府信息公开", "依申请公开", "主动公开", "信息处理费", "行政复议", "行政诉讼", "不予公开", "不予处理",
    "无法提供", "予以公开", "部分公开", "年度报告", "行政规范性文件", "规范性文件", "过程性信息",
    "内部事务信息", "三安全一稳定", "政务公开", "工作主管部门", "结转下年度", "上年结转", "行政许可",
    "行政处罚", "行政强制", "行政事业性收费", "公开指南", "公开目录", "政务新媒体", "政策解读",
    "按件计收", "按量计收", "计收", "按件", "按量", "补正", "不予重复处理", "共同被告", "举证责任",
)
_STOPWORD_TEXT = (
    "的 了 和 与 及 或 是 在 为 对 等 并 将 把 被 由 于 以 之 其 中 也 都 就 而 且 向 从 按 按照 根据 依据 "
    "有关 相关 进行 一个 哪些 什么 怎么 如何 多少 吗 呢 么 应 应当 可以 能 会 要 需要 是否 这 那 该 本"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split(" "))
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=2000)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Search tokens of a Chinese text: words and their sub-words, no punctuation or stopwords."""
    jieba = _jieba()
    text = unicodedata.normalize("NFKC", text).lower()
    with _LOCK:
        raw = jieba.lcut_for_search(text)
    return [t for t in (w.strip() for w in raw) if t and t not in STOPWORDS and any(c.isalnum() for c in t)]


FILTER_FIELDS = ("kind", "law", "family", "year", "agency", "section")


class LexicalIndex:
    """BM25 over one collection's chunks, with the metadata needed to filter."""

    def __init__(self, ids: list[str], fields: dict[str, list[Any]], retriever: Any, revision: str) -> None:
        self.ids = ids
        self.fields = {name: np.asarray(values, dtype=object) for name, values in fields.items()}
        self.retriever = retriever
        self.revision = revision

    @classmethod
    def build(
        cls, ids: Sequence[str], tokens: Sequence[list[str]], metadatas: Sequence[Mapping[str, Any]], revision: str,
    ) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25()
        if ids:
            retriever.index([list(t) or [""] for t in tokens], show_progress=False)
        fields = {name: [m.get(name) for m in metadatas] for name in FILTER_FIELDS}
        return cls(list(ids), fields, retriever, revision)

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, filters: Mapping[str, Any]) -> np.ndarray | None:
        """Boolean mask of the chunks matching every filter (a filter value may be a list: any of)."""
        if not filters:
            return None
        keep = np.ones(len(self.ids), dtype=bool)
        for name, wanted in filters.items():
            column = self.fields.get(name)
            if column is None:
                return np.zeros(len(self.ids), dtype=bool)
            options = set(wanted) if isinstance(wanted, list | tuple | set | frozenset) else {wanted}
            keep &= np.fromiter((value in options for value in column), dtype=bool, count=len(column))
        return keep

    def search(self, query: str, k: int, filters: Mapping[str, Any] | None = None) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        wanted = [t for t in tokenize(query) if t in self.retriever.vocab_dict]
        if not wanted:
            return []
        scores = np.asarray(self.retriever.get_scores(wanted), dtype=np.float64)
        mask = self.mask(filters or {})
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        count = min(k, int(np.isfinite(scores).sum()), len(scores))
        if count <= 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    # persistence: <folder>/current.json names the build folder; builds are written whole, then swapped

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
        if self.ids:
            self.retriever.save(str(build / "bm25"), show_progress=False)
        columns = {name: list(values) for name, values in self.fields.items()}
        (build / "chunks.json").write_text(
            json.dumps({"ids": self.ids, "fields": columns, "revision": self.revision}, ensure_ascii=False),
            encoding="utf-8",
        )
        previous = _current_build(folder)
        write_text(folder / "current.json", json.dumps({"build": build.name, "revision": self.revision}))
        if previous is not None and previous != build:
            shutil.rmtree(previous, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        import bm25s

        build = _current_build(folder)
        if build is None or not (build / "chunks.json").is_file():
            return None
        raw = json.loads((build / "chunks.json").read_text(encoding="utf-8"))
        ids: list[str] = raw["ids"]
        retriever = bm25s.BM25.load(str(build / "bm25"), show_progress=False) if ids else bm25s.BM25()
        return cls(ids, raw["fields"], retriever, raw["revision"])


def _current_build(folder: Path) -> Path | None:
    pointer = folder / "current.json"
    if not pointer.is_file():
        return None
    name = json.loads(pointer.read_text(encoding="utf-8")).get("build")
    return folder / name if name else None


class TokenCache:
    """Token lists by chunk id (ids are content-derived, so an entry never goes stale)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tokens: dict[str, list[str]] = {}
        if path.is_file():
            self.tokens = json.loads(path.read_text(encoding="utf-8"))
        self._dirty = False

    def get(self, chunk_id: str, text: str) -> list[str]:
        found = self.tokens.get(chunk_id)
        if found is None:
            found = tokenize(text)
            self.tokens[chunk_id] = found
            self._dirty = True
        return found

    def keep_only(self, ids: set[str]) -> None:
        stale = [key for key in self.tokens if key not in ids]
        for key in stale:
            del self.tokens[key]
        self._dirty = self._dirty or bool(stale)

    def save(self) -> None:
        if self._dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text(self.path, json.dumps(self.tokens, ensure_ascii=False))
            self._dirty = False
