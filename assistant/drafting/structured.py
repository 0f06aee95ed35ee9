"""Structured answers from any chat model: JSON schema, else JSON mode, else text, then validation.

A server that refuses a form of request (llama.cpp answers ``json_schema`` with HTTP 500) is
asked the next way down, and later calls of the same draft start there. Whatever way, the
answer is parsed (Markdown fences removed) and validated with pydantic; an invalid answer is
sent back once with the validation error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.errors import NianbaoError
from assistant.llm import CallLog, Model, explain_failure, is_rejected_request, is_transient, stream_reply

T = TypeVar("T", bound=BaseModel)


class StructuredOutputError(NianbaoError):
    """The model's answer was not valid JSON of the asked shape, even after one re-ask."""


_THINK = re.compile(r"<think>.*?(?:</think>|$)", flags=re.S)


def strip_reasoning(reply: str) -> str:
    """A reasoning model's answer without its thinking: ``<think>…</think>`` blocks (vLLM,
    Ollama, llama.cpp serve DeepSeek-R1 and Qwen3 that way) and a thinking block whose opening
    tag the server swallowed (the reply then starts with the thought and ``</think>``)."""
    reply = _THINK.sub("", reply)
    if "</think>" in reply:
        reply = reply.rsplit("</think>", 1)[1]
    return reply


def extract_json(reply: str) -> Any:
    """The JSON object in a reply: fenced or bare, with any text around it ignored."""
    reply = strip_reasoning(reply)
    fenced = re.search(r"```(?:json)?\s*(.*?)```", reply, flags=re.S)
    body = fenced.group(1) if fenced else reply
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("回答中没有 JSON 对象")
    return json.loads(body[start:end + 1])


_COMPLETE = ("。", "！", "？", "；", "”", "」", "）", "】", ".", "!", "?")


def salvage_json(reply: str) -> Any:
    """The complete sentences of an answer cut off mid-way (the token limit): the JSON is closed
    where it stopped, and every sentence object whose text does not end a sentence is dropped."""
    from langchain_core.utils.json import parse_partial_json

    reply = strip_reasoning(reply)
    start = reply.find("{")
    if start < 0:
        raise ValueError("回答中没有 JSON 对象")
    data = parse_partial_json(reply[start:])
    if data is None:
        raise ValueError("回答中的 JSON 无法补全")
    return _prune(data)


def _incomplete(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    text = item.get("text")
    if isinstance(text, str):
        return not text.rstrip().endswith(_COMPLETE)
    return any(_incomplete(v) for v in item.values() if isinstance(v, dict))


def _prune(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _prune(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_prune(v) for v in data if not _incomplete(v)]
    return data


def parse_reply(reply: str, shape: type[T]) -> T:
    try:
        data = extract_json(reply)
    except (ValueError, json.JSONDecodeError) as exc:
        try:
            data = salvage_json(reply)
        except ValueError:
            raise StructuredOutputError(f"模型输出不是合法的 JSON：{exc}") from None
        if _incomplete(data):
            raise StructuredOutputError("模型输出被截断，没有完整的句子") from None
    try:
        return shape.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors()[:5])
        raise StructuredOutputError(f"模型输出的 JSON 结构不符：{problems}") from None


class StreamSink(Protocol):
    """Where a draft's tokens go while the model writes (the terminal, a UI, nothing)."""

    def start(self, label: str) -> None: ...

    def token(self, piece: str) -> None: ...

    def restart(self, reason: str) -> None: ...


@dataclass
class StructuredCaller:
    """Asks one model for structured answers during one draft; remembers which JSON way works."""

    model: Model
    log: CallLog = field(default_factory=CallLog)
    sink: StreamSink | None = None
    floor: int = 0  # index in the model's JSON ladder below which requests were refused
    mode_used: str | None = None

    def ask(self, system: str, user: str, shape: type[T], schema: dict[str, Any] | None, name: str,
            label: str = "") -> T:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        messages: list[Any] = [SystemMessage(content=system), HumanMessage(content=user)]
        ladder = self.model.json_ladder(schema, name)
        index = min(self.floor, len(ladder) - 1)
        reply = ""
        while True:
            mode, runnable = ladder[index]
            try:
                reply = self._stream(runnable, messages, label, strict=mode == "json_schema")
            except Exception as exc:
                if is_rejected_request(exc) and index + 1 < len(ladder):
                    self.log.note(f"服务拒绝了 {mode} 方式（{type(exc).__name__}），改用 {ladder[index + 1][0]}")
                    index = self.floor = index + 1
                    continue
                if isinstance(exc, NianbaoError):
                    raise
                raise explain_failure(exc, self.model) from exc
            break
        self.mode_used = mode
        try:
            return parse_reply(reply, shape)
        except StructuredOutputError as first:
            self.log.note(f"{first}；已要求模型重新输出一次")
            again = [*messages, AIMessage(content=reply),
                     HumanMessage(content=f"上面的输出不符合要求：{first}。请只输出符合要求结构的 JSON。")]
            try:
                reply = self._stream(runnable, again, f"{label}（重新输出）")
            except Exception as exc:
                raise explain_failure(exc, self.model) from exc
            return parse_reply(reply, shape)

    def _stream(self, runnable: Any, messages: list[Any], label: str, *, strict: bool = False) -> str:
        """One streamed answer; with ``strict`` (a json_schema request) a refusal is not retried but
        raised, so that the next way down the ladder is tried."""
        sink = self.sink
        if sink is not None:
            sink.start(label)
        return stream_reply(runnable, messages, model=self.model, log=self.log,
                            on_token=sink.token if sink else None, on_restart=sink.restart if sink else None,
                            retry_if=_retry_unless_refused if strict else None)


def _retry_unless_refused(exc: BaseException) -> bool:
    return is_transient(exc) and not is_rejected_request(exc)
