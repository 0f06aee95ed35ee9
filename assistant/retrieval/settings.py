"""Where the index lives: read from the environment when called (:mod:`assistant.settings`), never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.settings import load_settings


class ChromaServer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    port: int


def data_dir() -> Path:
    """``NIANBAO_DATA_DIR`` or ``./data`` (relative to the working directory)."""
    return load_settings().data_dir


def chroma_server() -> ChromaServer | None:
    """``NIANBAO_CHROMA_HOST``/``NIANBAO_CHROMA_PORT`` when an office shares one chroma server."""
    settings = load_settings()
    if settings.chroma_host is None or settings.chroma_port is None:  # set together or not at all
        return None
    return ChromaServer(host=settings.chroma_host, port=settings.chroma_port)
