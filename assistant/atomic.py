"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from assistant.errors import NianbaoError


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    ``durable`` also flushes the data to disk before the rename, so that a power cut cannot
    leave an empty file; batch outputs that can be regenerated (thousands of audit detail
    pages) pass ``False`` and stay atomic for readers."""
    folder = path.parent
    if not folder.is_dir():
        raise NianbaoError(f"输出文件夹不存在：{folder}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp creates the file 0600; give it the mode a plain open() would (umask).
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str, encoding: str = "utf-8", *, durable: bool = True) -> Path:
    return write_bytes(path, text.encode(encoding), durable=durable)
