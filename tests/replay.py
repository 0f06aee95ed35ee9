"""A scripted OpenAI-compatible chat server on 127.0.0.1, for tests and the bench.

It answers ``POST /v1/chat/completions`` (streamed as server-sent events, or whole) and
``GET /v1/models`` from a script: each :class:`Reply` names substrings of the last user message
it answers (``match``: the agency-and-year line of a draft prompt, the sentence of a repair
prompt); the first entry that matches and is not used up answers, else the default. A reply can
stream ``reasoning_content`` before its content (DeepSeek-reasoner), put a ``<think>…</think>``
block in front of it (R1/Qwen3 served by vLLM or Ollama), stop with ``finish_reason: "length"``
(cut off at the token limit), or fail with an HTTP status (429, 500, 503) a set number of times.
Every request is recorded, so a test can assert what the model was sent.

The drafting code reaches it as any vLLM endpoint::

    with ReplayServer([Reply(answer, match=("平潭综合实验区2021年",))]) as server:
        draft = draft_section(report, "五", previous=last, model=server.model())
        assert "上年问题" in server.requests[0].user

Nothing here listens beyond 127.0.0.1; the port is chosen by the system.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.llm import Model, ModelSettings
    from assistant.report import Report

MODEL_NAME = "replay"
_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                429: "rate_limit_error", 500: "server_error", 503: "server_error"}


@dataclass
class Reply:
    """One scripted answer."""

    content: str = ""
    match: tuple[str, ...] = ()  # substrings that must all occur in the last user message; () matches all
    reasoning: str = ""  # streamed as ``reasoning_content`` deltas before the content
    think: str = ""  # put in front of the content as ``<think>…</think>``
    finish_reason: str = "stop"  # "length": the answer was cut off at the token limit
    cut_at: int | None = None  # cut the content to this many characters (with finish_reason "length")
    status: int = 200  # an HTTP error instead of an answer
    times: int | None = None  # how many requests this entry answers; None: all of them
    chunk_chars: int = 24  # characters per streamed delta
    label: str = ""  # a name for tests and logs
    used: int = 0

    def matches(self, user: str) -> bool:
        return (self.times is None or self.used < self.times) and all(m in user for m in self.match)

    @property
    def text(self) -> str:
        """The content as sent: with the think block, cut where the script says."""
        body = self.content if self.cut_at is None else self.content[:self.cut_at]
        return (f"<think>{self.think}</think>" if self.think else "") + body

    @property
    def finish(self) -> str:
        return "length" if self.cut_at is not None else self.finish_reason


@dataclass
class Request:
    """One request the server received."""

    method: str
    path: str
    body: dict[str, Any] = field(default_factory=dict)
    reply: str | None = None  # the label (or index) of the entry that answered; None: the default

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    def _text(self, role: str) -> list[str]:
        return [_content(m.get("content")) for m in self.messages if m.get("role") == role]

    @property
    def user(self) -> str:
        """The last user message."""
        texts = self._text("user")
        return texts[-1] if texts else ""

    @property
    def system(self) -> str:
        return "\n".join(self._text("system"))

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def response_format(self) -> str | None:
        return (self.body.get("response_format") or {}).get("type")


def _content(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return ""


class ReplayServer:
    """The server; a context manager that starts it in a daemon thread and stops it."""

    def __init__(self, script: Iterable[Reply] = (), default: Reply | None = None, *, model: str = MODEL_NAME,
                 delay_s: float = 0.0) -> None:
        self.script: list[Reply] = list(script)
        self.default = default if default is not None else Reply("{}", label="default")
        self.model_name = model
        self.delay_s = delay_s  # between streamed chunks (0: as fast as possible)
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- the script --

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def reset(self, script: Iterable[Reply] = (), default: Reply | None = None) -> None:
        """A new script (and default); the record of requests is cleared."""
        with self._lock:
            self.script = list(script)
            if default is not None:
                self.default = default
            self.requests.clear()

    def choose(self, user: str) -> tuple[Reply, str | None]:
        with self._lock:
            for index, reply in enumerate(self.script):
                if reply.matches(user):
                    reply.used += 1
                    return reply, reply.label or str(index)
            return self.default, None

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    @property
    def completions(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- running --

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("replay server not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> ReplayServer:
        handler = type("ReplayHandler", (_Handler,), {"replay": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="replay-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the drafting code's view of it --

    def settings(self, *, max_retries: int = 1, max_tokens: int = 4096, timeout_s: float = 30.0) -> ModelSettings:
        from assistant.llm import ModelSettings

        return ModelSettings(provider="vllm", model=self.model_name, base_url=self.url, api_key=None,
                             timeout_s=timeout_s, max_retries=max_retries, max_tokens=max_tokens)

    def env(self) -> dict[str, str]:
        """The settings as environment variables (``NIANBAO_LLM=vllm:replay`` and the URL)."""
        return {"NIANBAO_LLM": f"vllm:{self.model_name}", "NIANBAO_LLM_BASE_URL": self.url}

    def model(self, **kwargs: Any) -> Model:
        from assistant.llm import open_model

        return open_model(self.settings(**kwargs))


class _Handler(BaseHTTPRequestHandler):
    replay: ReplayServer
    protocol_version = "HTTP/1.0"  # the body of a stream ends when the connection closes

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self.replay.record(Request("GET", self.path))
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [
                {"id": self.replay.model_name, "object": "model", "created": 0, "owned_by": "replay"}]})
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self.replay.record(Request("POST", self.path))
            self._error(400, "body is not JSON")
            return
        request = Request("POST", self.path, body)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.replay.record(request)
            self._error(404, f"no route {self.path}")
            return
        reply, label = self.replay.choose(request.user)
        request.reply = label
        self.replay.record(request)
        if reply.status != 200:
            self._error(reply.status, f"scripted HTTP {reply.status}")
            return
        if request.stream:
            self._stream(reply, body)
        else:
            self._json(200, self._completion(reply))

    # -- answers --

    def _completion(self, reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.text}
        if reply.reasoning:
            message["reasoning_content"] = reply.reasoning
        return {"id": _id(), "object": "chat.completion", "created": int(time.time()),
                "model": self.replay.model_name,
                "choices": [{"index": 0, "message": message, "finish_reason": reply.finish, "logprobs": None}],
                "usage": _usage(reply)}

    def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        ident, created = _id(), int(time.time())

        def chunk(delta: dict[str, Any], finish: str | None = None, usage: dict[str, int] | None = None,
                  choices: bool = True) -> None:
            data: dict[str, Any] = {"id": ident, "object": "chat.completion.chunk", "created": created,
                                    "model": self.replay.model_name,
                                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish,
                                                 "logprobs": None}] if choices else []}
            if usage is not None:
                data["usage"] = usage
            self._event(json.dumps(data, ensure_ascii=False))

        try:
            chunk({"role": "assistant", "content": ""})
            for piece in _pieces(reply.reasoning, reply.chunk_chars):
                chunk({"reasoning_content": piece})
            for piece in _pieces(reply.text, reply.chunk_chars):
                chunk({"content": piece})
            chunk({}, finish=reply.finish)
            if (body.get("stream_options") or {}).get("include_usage"):
                chunk({}, usage=_usage(reply), choices=False)
            self._event("[DONE]")
        except (BrokenPipeError, ConnectionResetError):  # the client went away
            return

    def _event(self, data: str) -> None:
        self.wfile.write(f"data: {data}\n\n".encode())
        self.wfile.flush()
        if self.replay.delay_s:
            time.sleep(self.replay.delay_s)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": {"message": message, "type": _ERROR_TYPES.get(status, "error"),
                                      "code": status}})


def _pieces(text: str, size: int) -> Iterator[str]:
    size = max(1, size)
    for start in range(0, len(text), size):
        yield text[start:start + size]


def _id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex[:16]


def _usage(reply: Reply) -> dict[str, int]:
    completion = len(reply.reasoning) + len(reply.text)
    return {"prompt_tokens": 0, "completion_tokens": completion, "total_tokens": completion}


def replies_for(answers: Sequence[tuple[str, str]]) -> list[Reply]:
    """One reply per (match, content) pair: a convenience for scripts of whole drafts."""
    return [Reply(content, match=(match,), label=match) for match, content in answers]


# --- the strong-model cases (tests/fixtures/strong) --------------------------------------------------

STRONG = Path(__file__).parent / "fixtures" / "strong"


@dataclass(frozen=True)
class Planted:
    """One sentence of a planted answer that invents something, and what it invents."""

    text: str
    kind: str  # deadline, frequency, sanction, status, copied, numeral, cause, …
    note: str = ""


@dataclass(frozen=True)
class StrongCase:
    """One agency-year: the report with the writer's account read from the notes, and the answers
    a strong model would give (faithful) and the same answer with inventions planted."""

    name: str
    folder: Path
    report: Report
    previous: Report | None
    lines: list[str]  # the notes file as written
    notes: list[str]  # its plain notes, after the account lines were read
    match: str  # the agency-and-year line of the draft prompt, to script the answer by
    faithful: dict[str, Any]
    planted: dict[str, Any]
    planted_sentences: list[Planted]
    meta: dict[str, Any]

    @property
    def faithful_text(self) -> str:
        return json.dumps(self.faithful, ensure_ascii=False, indent=1)

    @property
    def planted_text(self) -> str:
        return json.dumps(self.planted, ensure_ascii=False, indent=1)

    def faithful_sentences(self) -> list[str]:
        return answer_sentences(self.faithful)


def answer_sentences(answer: dict[str, Any]) -> list[str]:
    """The sentence texts of a section-五 answer in the order of the draft: what became of last
    year's problems, this year's problems with their evidence, then the measures."""
    out = [str(f.get("text", "")) for f in answer.get("last_year", [])]
    problems = answer.get("problems", [])
    for problem in problems:
        out.append(str(problem.get("problem", {}).get("text", "")))
        out += [str(s.get("text", "")) for s in problem.get("evidence", [])]
    for problem in problems:
        out += [str(s.get("text", "")) for s in problem.get("measures", [])]
    return [s for s in out if s.strip()]


def strong_case_names() -> list[str]:
    return sorted(p.name for p in STRONG.iterdir() if (p / "case.json").is_file())


def load_case(name: str) -> StrongCase:
    from assistant.account.notes import apply_notes, read_lines
    from assistant.parsing import parse_file

    folder = STRONG / name
    meta = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    report = parse_file((folder / meta["report"]).resolve())
    previous = parse_file((folder / meta["previous"]).resolve()) if meta.get("previous") else None
    lines = read_lines(folder / "notes.txt")
    reading = apply_notes(lines, report, previous, source="起草说明（notes.txt）")
    report = report.model_copy(update={"account": reading.account})
    faithful = _json(folder / "faithful.json", {})
    planted_file = _json(folder / "planted.json", {"answer": {}, "planted": []})
    planted = [Planted(p["text"], p["kind"], p.get("note", "")) for p in planted_file.get("planted", [])]
    match = f"{report.meta.agency}{report.meta.year}年"
    return StrongCase(name=name, folder=folder, report=report, previous=previous, lines=lines,
                      notes=reading.notes, match=match, faithful=faithful, planted=planted_file["answer"],
                      planted_sentences=planted, meta=meta)


def _json(path: Path, missing: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else missing
