"""A local model for offices with no endpoint: llama.cpp's server on 127.0.0.1, started and stopped here.

``make local-model`` builds llama-cpp-python[server] into the venv and assembles the GGUF
(Qwen2.5-Coder-1.5B-Instruct) under ``.models/``. :func:`local_server` starts the server on a
free port, waits until it answers, yields its ``/v1`` URL and stops it. The same function
serves the integration tests (with the 0.5B model).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from assistant.llm import Model, ModelSettings, ModelUnavailable, open_model
from assistant.settings import load_settings

LOCAL_MODELS: dict[str, str] = {
    "local": "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",  # make local-model
    "test": "qwen2.5-coder-0.5b-instruct.gguf",  # assembled by the test install step
}
ENV_LOCAL_MODEL = "NIANBAO_LOCAL_MODEL"


def models_dir() -> Path:
    configured = load_settings().models_dir
    return configured if configured else Path(__file__).resolve().parent.parent.parent / ".models"


def local_model_path(kind: str = "local") -> Path:
    """The GGUF file for ``kind`` (``NIANBAO_LOCAL_MODEL`` overrides the 1.5B model's path)."""
    configured = load_settings().local_model
    if kind == "local" and configured:
        return configured
    try:
        return models_dir() / LOCAL_MODELS[kind]
    except KeyError:
        raise ModelUnavailable(f"没有名为“{kind}”的本地模型（可选：{'、'.join(LOCAL_MODELS)}）") from None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def local_server(
    gguf: Path, *, port: int | None = None, n_ctx: int = 4096, threads: int = 2, ready_timeout_s: float = 180.0,
    python: str = sys.executable,
) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` for ``gguf`` on 127.0.0.1; yields the ``…/v1`` base URL."""
    if not gguf.is_file():
        raise ModelUnavailable(f"找不到本地模型文件 {gguf}：请先运行 make local-model（或设置 {ENV_LOCAL_MODEL}）")
    probe = subprocess.run([python, "-c", "import llama_cpp.server.app"], capture_output=True, check=False)
    if probe.returncode != 0:
        raise ModelUnavailable("本地模型需要 llama-cpp-python[server]：请先运行 make local-model")
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile(prefix="llama-server-") as log:
        process = subprocess.Popen(
            [python, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port", str(port),
             "--n_ctx", str(n_ctx), "--n_threads", str(threads)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + ready_timeout_s
            while not _answers(url):
                if process.poll() is not None:
                    log.seek(0)
                    tail = log.read()[-600:].decode("utf-8", "replace")
                    raise ModelUnavailable(f"本地模型服务启动失败（退出码 {process.returncode}）：{tail}")
                if time.monotonic() > deadline:
                    raise ModelUnavailable(f"本地模型服务 {ready_timeout_s:.0f} 秒内未就绪：{url}")
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def local_model(url: str, name: str, *, max_tokens: int = 512, timeout_s: float = 300.0, max_retries: int = 2) -> Model:
    """A llama.cpp-served model at ``url``: JSON mode with the schema, deterministic sampling."""
    settings = ModelSettings(provider="llamacpp", model=name, base_url=url, api_key=None, timeout_s=timeout_s,
                             max_retries=max_retries, max_tokens=max_tokens, temperature=0.0, seed=7)
    return open_model(settings)
