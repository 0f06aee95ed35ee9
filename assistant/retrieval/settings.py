"""Where the index lives: read from the environment when called, never at import."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.errors import NianbaoError


class ChromaServer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    port: int


def data_dir() -> Path:
    """``NIANBAO_DATA_DIR`` or ``./data`` (relative to the working directory)."""
    return Path(os.environ.get("NIANBAO_DATA_DIR") or "data")


def chroma_server() -> ChromaServer | None:
    """``NIANBAO_CHROMA_HOST``/``NIANBAO_CHROMA_PORT`` when an office shares one chroma server."""
    host = os.environ.get("NIANBAO_CHROMA_HOST", "").strip()
    port = os.environ.get("NIANBAO_CHROMA_PORT", "").strip()
    if not host and not port:
        return None
    if not host or not port.isdigit():
        raise NianbaoError(
            f"NIANBAO_CHROMA_HOST 与 NIANBAO_CHROMA_PORT 须同时设置且端口为数字（现为 {host!r}:{port!r}）"
        )
    return ChromaServer(host=host, port=int(port))
