"""Model access: specs, settings, Chinese errors naming the setting, retries, the JSON ladder."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import HumanMessage

from assistant.llm import (
    DEFAULT_MAX_TOKENS,
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_MODEL,
    CallLog,
    ModelUnavailable,
    backoff_delays,
    explain_failure,
    fake_model,
    is_rejected_request,
    is_transient,
    model_from_spec,
    open_model,
    parse_spec,
    resolve_settings,
    stream_reply,
)


def test_parse_spec_keeps_colons_in_model_names() -> None:
    assert parse_spec("ollama:qwen2.5:7b") == ("ollama", "qwen2.5:7b")
    assert parse_spec(" DeepSeek:deepseek-chat ") == ("deepseek", "deepseek-chat")
    with pytest.raises(ModelUnavailable, match="不认识的模型提供方“acme”"):
        parse_spec("acme:x")


def test_no_model_configured_means_the_template_drafter() -> None:
    assert resolve_settings(None, {}) is None
    assert resolve_settings("template", {"NIANBAO_LLM": "deepseek:deepseek-chat"}) is None
    assert model_from_spec(None, {}) is None


@pytest.mark.parametrize(("env", "names"), [
    ({"NIANBAO_LLM": "deepseek:deepseek-chat"}, [ENV_API_KEY, "DEEPSEEK_API_KEY"]),
    ({"NIANBAO_LLM": "openai:gpt-4o-mini"}, [ENV_API_KEY, "OPENAI_API_KEY"]),
    ({"NIANBAO_LLM": "dashscope:qwen-plus"}, [ENV_API_KEY, "DASHSCOPE_API_KEY"]),
])
def test_a_missing_key_names_the_variables(env: dict[str, str], names: list[str]) -> None:
    with pytest.raises(ModelUnavailable) as caught:
        resolve_settings(None, env)
    assert "API 密钥" in str(caught.value)
    for name in names:
        assert name in str(caught.value)


def test_missing_model_name_and_missing_url_name_their_settings() -> None:
    with pytest.raises(ModelUnavailable, match=ENV_MODEL):
        resolve_settings(None, {ENV_BASE_URL: "http://127.0.0.1:8000/v1"})
    with pytest.raises(ModelUnavailable, match=ENV_BASE_URL):
        resolve_settings("vllm:qwen", {})
    with pytest.raises(ModelUnavailable, match="NIANBAO_LLM_TIMEOUT 应为数字"):
        resolve_settings("llamacpp:q", {"NIANBAO_LLM_TIMEOUT": "soon"})
    with pytest.raises(ModelUnavailable, match="NIANBAO_LLM_MAX_RETRIES 应在 0 到 5 之间"):
        resolve_settings("llamacpp:q", {"NIANBAO_LLM_MAX_RETRIES": "9"})


def test_a_base_url_alone_is_an_openai_compatible_endpoint() -> None:
    settings = resolve_settings(None, {ENV_BASE_URL: "http://127.0.0.1:9997/v1/", ENV_MODEL: "qwen2.5-instruct"})
    assert settings is not None
    assert (settings.provider, settings.model, settings.base_url) == ("openai", "qwen2.5-instruct",
                                                                      "http://127.0.0.1:9997/v1")


def test_openai_compatible_model_sends_max_tokens_too_and_no_client_retries() -> None:
    settings = resolve_settings("llamacpp:qwen", {ENV_BASE_URL: "http://127.0.0.1:1/v1", "NIANBAO_LLM_MAX_TOKENS": "64",
                                                  "NIANBAO_LLM_MAX_RETRIES": "3"})
    assert settings is not None
    model = open_model(settings)
    chat: Any = model.chat
    assert chat.extra_body == {"max_tokens": 64}  # llama.cpp ignores max_completion_tokens
    assert chat.max_tokens == 64 and chat.max_retries == 0 and chat.temperature == 0.0
    assert model.max_retries == 3 and model.name == "llamacpp:qwen"
    modes = [mode for mode, _ in model.json_ladder({"type": "object"}, "x")]
    assert modes == ["json_mode", "text"]  # no json_schema: llama.cpp answers it with HTTP 500
    deepseek = open_model(resolve_settings("deepseek:deepseek-chat", {ENV_API_KEY: "k"}))  # type: ignore[arg-type]
    assert [m for m, _ in deepseek.json_ladder({"type": "object"}, "x")] == ["json_mode", "text"]
    remote = open_model(resolve_settings("openai:gpt-4o-mini", {ENV_API_KEY: "k"}))  # type: ignore[arg-type]
    assert [m for m, _ in remote.json_ladder({"type": "object"}, "x")] == ["json_schema", "json_mode", "text"]


def test_ollama_uses_langchain_ollama() -> None:
    settings = resolve_settings("ollama:qwen2.5:7b", {})
    assert settings is not None and settings.api_key is None
    model = open_model(settings)
    assert type(model.chat).__name__ == "ChatOllama"
    chat: Any = model.chat
    assert chat.base_url == "http://127.0.0.1:11434" and chat.num_predict == DEFAULT_MAX_TOKENS


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_endpoint_gives_a_chinese_message_naming_the_setting() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    model = open_model(resolve_settings("llamacpp:qwen", {ENV_BASE_URL: url, "NIANBAO_LLM_MAX_RETRIES": "1"}))  # type: ignore[arg-type]
    log = CallLog()
    slept: list[float] = []
    with pytest.raises(openai.APIConnectionError) as caught:
        stream_reply(model.chat, [HumanMessage(content="hi")], model=model, log=log, sleep=slept.append)
    assert log.calls == 2 and log.retries == 1 and len(slept) == 1  # bounded: one retry, with backoff
    message = str(explain_failure(caught.value, model))
    assert ENV_BASE_URL in message and url in message and "无法连接" in message


def _status_error(code: int) -> openai.APIStatusError:
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx.Response(code, request=request)
    kinds: dict[int, type[openai.APIStatusError]] = {
        401: openai.AuthenticationError, 404: openai.NotFoundError, 500: openai.InternalServerError,
        400: openai.BadRequestError, 429: openai.RateLimitError,
    }
    return kinds[code]("error", response=response, body=None)


def test_failures_are_classified_and_explained() -> None:
    model = fake_model([])
    assert "NIANBAO_LLM_API_KEY" in str(explain_failure(_status_error(401), model))
    assert "NIANBAO_LLM_MODEL" in str(explain_failure(_status_error(404), model))
    assert is_transient(_status_error(500)) and is_transient(_status_error(429))
    assert not is_transient(_status_error(400)) and not is_transient(_status_error(401))
    assert is_rejected_request(_status_error(500)) and is_rejected_request(_status_error(400))
    assert not is_rejected_request(_status_error(429))
    assert is_transient(httpx.ConnectError("refused"))


def test_backoff_grows_and_is_capped() -> None:
    import random

    delays = backoff_delays(6, rng=random.Random(1))
    assert len(delays) == 6
    assert delays[0] < delays[2] < delays[4]
    assert all(0.375 <= d <= 10.0 for d in delays)


def test_fake_model_streams_its_scripted_reply() -> None:
    model = fake_model(["第一句 第二句"])
    tokens: list[str] = []
    assert stream_reply(model.chat, [HumanMessage(content="x")], model=model, log=CallLog(),
                        on_token=tokens.append) == "第一句 第二句"
    assert len(tokens) > 1


def test_importing_the_modules_loads_no_model_library() -> None:
    import subprocess
    import sys

    code = ("import sys, assistant.llm, assistant.drafting, assistant.facts, assistant.cli.draft_cmds;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('langchain_core','langchain_openai','langchain_ollama','openai','jieba','llama_cpp')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- every provider through one registry: endpoints, the local server, scripted replies ----------


def test_local_and_fake_are_registered_providers() -> None:
    from assistant.llm import PROVIDERS

    assert PROVIDERS["local"].kind == "local" and PROVIDERS["local"].polish_only
    assert PROVIDERS["fake"].kind == "scripted" and not PROVIDERS["fake"].needs_key
    assert all(p.kind == "http" for name, p in PROVIDERS.items() if name not in ("local", "fake"))
    assert parse_spec("local:test") == ("local", "test")


def test_open_spec_replays_a_scripted_model_from_a_file(tmp_path: Path) -> None:
    from assistant.llm import open_spec

    replies = tmp_path / "replies.json"
    replies.write_text('["第一句。", "第二句。"]', encoding="utf-8")
    with open_spec(f"fake:{replies}", env={}) as model:
        assert model is not None and model.name == f"fake:{replies}" and model.provider.name == "fake"
        assert model.chat.invoke("问").content == "第一句。"
    with open_spec(None, env={}) as none:
        assert none is None  # no model configured: the template drafter
    missing = f"fake:{tmp_path / 'x.json'}"
    with pytest.raises(ModelUnavailable, match="无法读取测试模型的回复文件"), open_spec(missing, env={}):
        pass


def test_local_and_fake_are_refused_where_only_an_endpoint_can_serve() -> None:
    with pytest.raises(ModelUnavailable, match="不是网络接口上的模型"):
        resolve_settings("local:test", env={})
    with pytest.raises(ModelUnavailable, match="不是网络接口上的模型"):
        resolve_settings("fake:x.json", env={})
