"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A writer killed between creating its temporary file and renaming it (``kill -9``, a power cut)
leaves that file behind; its name holds the writer's process id, so that
:func:`remove_orphans` can tell it from the file of a writer still at work.
"""

from __future__ import annotations

import contextlib
import os
import re
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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
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


# ".report.json.<pid>.<mkstemp's random part>.tmp"
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")


def remove_orphans(folder: Path) -> list[Path]:
    """The temporary files under ``folder`` (subfolders too) of writers that are no longer
    running, removed; returns them. A live writer's file is left alone: its process still
    exists."""
    removed: list[Path] = []
    for tmp in folder.rglob(".*.tmp"):
        found = _TEMPORARY.match(tmp.name)
        if found is None or _running(int(found.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str, encoding: str = "utf-8", *, durable: bool = True) -> Path:
    return write_bytes(path, text.encode(encoding), durable=durable)
