"""``python -m ui.prepare``: build the regulation index once, with progress, before serving.

Fast when nothing changed: a stamp in the data folder holds the digest of the corpus files,
so ``make run`` on a prepared machine goes straight to serving.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.services import NianbaoError, index_ready, load_settings, prepare_index


def prepare(data_dir: Path, say: Callable[[str], None]) -> bool:
    """Build the regulation index in ``data_dir`` if it is missing or stale; True when ready
    (``assistant.services.prepare_index``, with the retrieval libraries kept offline)."""
    if index_ready(data_dir):
        return True
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return prepare_index(data_dir, say)


def main() -> int:
    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        data_dir = load_settings().data_dir
    except NianbaoError as exc:
        say(f"错误：{exc}")
        return 2

    try:
        prepare(data_dir, say)
    except Exception as exc:  # the UI still works without the index: say so, do not stop
        say(f"建立法规索引失败：{exc}；界面照常启动，起草时只用精确条文。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
