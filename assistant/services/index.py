"""The regulation index: built once before serving (fast when nothing changed), and the passage
search a draft uses.

A stamp in the data folder holds the digest of the corpus files, so a prepared machine goes
straight to serving. Drafting searches the built index (regulations and past reports) when it is
ready and falls back to exact corpus lookups otherwise, or when the search fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import atomic
from assistant.errors import UnreadableInput

if TYPE_CHECKING:
    from assistant.drafting import PassageFinder

STAMP = ".regulations-indexed"


def corpus_digest() -> str:
    from assistant.corpus import corpus_dir

    digest = hashlib.sha256()
    root = corpus_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def index_ready(data_dir: Path) -> bool:
    """Whether the regulation index in ``data_dir`` was built from the corpus as it is now."""
    stamp = data_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == corpus_digest()


def prepare_index(data_dir: Path, say: Callable[[str], None]) -> bool:
    """Build the regulation index in ``data_dir`` if it is missing or stale, telling ``say``
    how it goes; True when ready, False when the retrieval modules are not installed."""
    if index_ready(data_dir):
        return True
    try:
        from assistant.retrieval.chunks import Source
        from assistant.retrieval.store import Index
    except ImportError as exc:
        say(f"检索模块不可用，跳过建立法规索引（{exc}）；起草时只用精确条文。")
        return False
    started = time.monotonic()
    say("正在检查法规索引……")
    data_dir.mkdir(parents=True, exist_ok=True)
    index = Index.open(data_dir)
    added = index.ensure_regulations(progress=say)
    index.lexical(Source.REGULATIONS)
    atomic.write_text(data_dir / STAMP, corpus_digest())
    say(f"法规索引已就绪（新建 {added} 段，用时 {time.monotonic() - started:.1f} 秒）。")
    return True


def passage_finder(data_dir: Path | None) -> PassageFinder:
    """Hybrid search in the built index (regulations and past reports) when it is ready, else
    exact corpus lookups; a failing search falls back to the lookups instead of failing the
    draft. The index is opened per draft: no client outlives the request."""
    from assistant.drafting import default_finder, search_finder
    from assistant.retrieval.store import Index

    exact = default_finder()
    if data_dir is None or not index_ready(data_dir):
        return exact
    folder = data_dir

    def find(section: Any, sheet: Any) -> Any:
        try:
            with Index.open(folder) as index:
                return search_finder(index)(section, sheet)
        except Exception:  # a broken index must not cost the writer the draft
            return exact(section, sheet)

    return find


@contextlib.contextmanager
def index_finder(index_dir: Path | None) -> Iterator[PassageFinder | None]:
    """Hybrid search in the index at ``index_dir`` for as long as the block runs (``nianbao
    draft --index``); ``None`` when no folder is given: exact corpus lookups only."""
    if index_dir is None:
        yield None
        return
    from assistant.drafting import search_finder
    from assistant.retrieval.store import Index

    if not index_dir.is_dir():
        raise UnreadableInput(f"找不到检索库文件夹：{index_dir}")
    index = Index.open(index_dir)
    try:
        yield search_finder(index)
    finally:
        index.close()
