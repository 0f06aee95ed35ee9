"""``python -m ui.prepare``: build the regulation index once, with progress, before serving.

Fast when nothing changed: a stamp in the data folder holds the digest of the corpus files,
so ``make run`` on a prepared machine goes straight to serving.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from assistant import atomic

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
    stamp = data_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == corpus_digest()


def prepare(data_dir: Path, say: Callable[[str], None]) -> bool:
    """Build the regulation index in ``data_dir`` if it is missing or stale; True when ready."""
    if index_ready(data_dir):
        return True
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
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


def main() -> int:
    data_dir = Path(os.environ.get("NIANBAO_DATA_DIR") or "data")

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        prepare(data_dir, say)
    except Exception as exc:  # the UI still works without the index: say so, do not stop
        say(f"建立法规索引失败：{exc}；界面照常启动，起草时只用精确条文。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
