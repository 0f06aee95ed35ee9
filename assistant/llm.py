"""Model access in one place: a ``"provider:model"`` string becomes a langchain chat model.

Every provider difference lives here (which server accepts ``json_schema``, which ignores
``max_completion_tokens``, which key variable it reads), so the drafting code only ever sees
a :class:`Model`: a langchain chat model plus the few facts about its server that matter.
Imports of langchain, openai and httpx happen inside functions: importing this module does
nothing. Errors the user sees are Chinese and name the setting to change.

Settings come from :mod:`assistant.settings` (``NIANBAO_LLM``, ``NIANBAO_LLM_BASE_URL``,
``NIANBAO_LLM_MODEL``, ``NIANBAO_LLM_API_KEY`` or the provider's own key variable,
``NIANBAO_LLM_TIMEOUT``, ``NIANBAO_LLM_MAX_RETRIES``, ``NIANBAO_LLM_MAX_TOKENS``); a ``--model``
option overrides ``NIANBAO_LLM``. The default of 4096 tokens per answer leaves room: a
three-problem 五 takes about 1,500, and a reasoning model thinks before it answers.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from assistant.errors import NianbaoError
from assistant.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage
    from langchain_core.runnables import Runnable

ENV_SPEC = "NIANBAO_LLM"
ENV_BASE_URL = "NIANBAO_LLM_BASE_URL"
ENV_MODEL = "NIANBAO_LLM_MODEL"
ENV_API_KEY = "NIANBAO_LLM_API_KEY"
ENV_TIMEOUT = "NIANBAO_LLM_TIMEOUT"
ENV_MAX_RETRIES = "NIANBAO_LLM_MAX_RETRIES"
ENV_MAX_TOKENS = "NIANBAO_LLM_MAX_TOKENS"

DEFAULT_MAX_TOKENS: int = Settings.model_fields["llm_max_tokens"].default
TEMPLATE = "template"  # the pseudo-provider: no model, the facts rendered through templates


class ModelUnavailable(NianbaoError):
    """No model can be used as configured (missing key, unreachable endpoint, unknown model)."""


@dataclass(frozen=True)
class Provider:
    """What differs between the servers we talk to."""

    name: str
    title: str  # Chinese name for messages
    base_url: str | None  # default endpoint; None: NIANBAO_LLM_BASE_URL is required
    key_envs: tuple[str, ...] = ()  # provider's own key variables, after NIANBAO_LLM_API_KEY
    needs_key: bool = True
    json_schema: bool = True  # accepts response_format={"type": "json_schema", …}
    schema_in_json_mode: bool = False  # json_object may carry a "schema" (grammar-constrained)
    max_tokens_extra: bool = True  # also send max_tokens (servers that ignore max_completion_tokens)
    kind: ProviderKind = "http"
    polish_only: bool = False  # too small to draft: it only polishes the template draft


# How a provider's model is reached: an HTTP endpoint; the llama.cpp server started here for the
# run (``local:`` – the GGUF named after the colon, see assistant.drafting.local); scripted
# replies read from a JSON list (``fake:FILE`` – tests and demos, no network at all).
ProviderKind = Literal["http", "local", "scripted"]


PROVIDERS: dict[str, Provider] = {
    p.name: p
    for p in (
        Provider("openai", "OpenAI 兼容接口", "https://api.openai.com/v1", ("OPENAI_API_KEY",)),
        Provider("deepseek", "DeepSeek", "https://api.deepseek.com/v1", ("DEEPSEEK_API_KEY",),
                 json_schema=False),
        Provider("dashscope", "通义千问（DashScope）", "https://dashscope.aliyuncs.com/compatible-mode/v1",
                 ("DASHSCOPE_API_KEY",), json_schema=False),
        Provider("vllm", "vLLM", None, needs_key=False),
        Provider("xinference", "Xinference", None, needs_key=False),
        # Ollama: langchain-ollama's ChatOllama (native API; takes OpenAI-style response_format).
        Provider("ollama", "Ollama", "http://127.0.0.1:11434", needs_key=False, max_tokens_extra=False),
        # llama.cpp's server: json_schema -> HTTP 500; json_object + schema is grammar-constrained.
        Provider("llamacpp", "llama.cpp", "http://127.0.0.1:8080/v1", needs_key=False,
                 json_schema=False, schema_in_json_mode=True),
    )
}
PROVIDERS["qwen"] = replace(PROVIDERS["dashscope"], name="qwen")
PROVIDERS["local"] = Provider("local", "本机模型（llama.cpp）", None, needs_key=False, json_schema=False,
                              schema_in_json_mode=True, kind="local", polish_only=True)
PROVIDERS["fake"] = Provider("fake", "测试模型", None, needs_key=False, kind="scripted")


@dataclass(frozen=True)
class ModelSettings:
    provider: str
    model: str
    base_url: str
    api_key: str | None
    timeout_s: float = 120.0
    max_retries: int = 2
    max_tokens: int = 4096
    temperature: float = 0.0
    seed: int | None = 7

    @property
    def spec(self) -> str:
        return f"{self.provider}:{self.model}"


@dataclass(frozen=True)
class Model:
    """A chat model ready for drafting, with what its server can do."""

    chat: BaseChatModel
    name: str  # "provider:model", recorded in every draft's provenance
    provider: Provider = field(default_factory=lambda: PROVIDERS["openai"])
    settings: ModelSettings | None = None
    max_retries: int = 2  # retries after a transient failure, with backoff

    def json_ladder(self, schema: dict[str, Any] | None, name: str) -> list[tuple[str, Runnable[Any, Any]]]:
        """Ways to ask for JSON, strictest first: json_schema, JSON mode, plain text."""
        ladder: list[tuple[str, Runnable[Any, Any]]] = []
        if schema is not None and self.provider.json_schema:
            ladder.append(("json_schema", self.chat.bind(response_format={
                "type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": False},
            })))
        json_mode: dict[str, Any] = {"type": "json_object"}
        if schema is not None and self.provider.schema_in_json_mode:
            json_mode["schema"] = schema
        ladder.append(("json_mode", self.chat.bind(response_format=json_mode)))
        ladder.append(("text", self.chat))
        return ladder


def parse_spec(spec: str) -> tuple[str, str]:
    """``"deepseek:deepseek-chat"`` → ``("deepseek", "deepseek-chat")``; the model may hold colons."""
    provider, sep, model = spec.strip().partition(":")
    provider = provider.strip().lower()
    if provider not in PROVIDERS:
        known = "、".join(sorted(PROVIDERS))
        raise ModelUnavailable(
            f"不认识的模型提供方“{provider}”（{ENV_SPEC} 或 --model 写作“提供方:模型名”，提供方可为：{known}）"
        )
    return provider, model.strip() if sep else ""


def resolve_settings(spec: str | None = None, env: Mapping[str, str] | None = None) -> ModelSettings | None:
    """Settings from ``spec`` (``--model``) and the environment; ``None`` means no model configured.

    A base URL alone (``NIANBAO_LLM_BASE_URL`` without ``NIANBAO_LLM``) means an OpenAI-compatible
    endpoint; a key is then optional (self-hosted servers often have none), while a cloud
    provider at its own address needs one. ``template`` asks explicitly for the template drafter.
    """
    try:
        env_settings = load_settings(env)
    except SettingsError as exc:
        raise ModelUnavailable(str(exc)) from None
    spec = (spec or env_settings.llm or "").strip()
    base_url = env_settings.llm_base_url or ""
    if spec == TEMPLATE or (not spec and not base_url):
        return None
    provider_name, model = parse_spec(spec) if spec else ("openai", "")
    provider = PROVIDERS[provider_name]
    if provider.kind != "http":
        raise ModelUnavailable(
            f"“{spec}”不是网络接口上的模型：{provider.title}只能在 nianbao draft --model {provider_name}:… 中使用"
        )
    model = model or env_settings.llm_model or ""
    if not model:
        raise ModelUnavailable(
            f"未指定模型名：请设置 {ENV_MODEL}，或用 {ENV_SPEC}/--model 写作“{provider_name}:模型名”"
        )
    url = base_url or provider.base_url
    if not url:
        raise ModelUnavailable(f"{provider.title} 没有默认地址：请设置 {ENV_BASE_URL}（例如 http://127.0.0.1:8000/v1）")
    key = (env_settings.llm_api_key or "").strip() or next(
        (env_settings.api_keys[k] for k in provider.key_envs if k in env_settings.api_keys), ""
    )
    if provider.needs_key and not key and not base_url:  # a self-hosted endpoint may need no key
        names = "、".join((ENV_API_KEY, *provider.key_envs))
        raise ModelUnavailable(f"{provider.title} 需要 API 密钥：请设置 {names}")
    return ModelSettings(
        provider=provider_name, model=model, base_url=url.rstrip("/"), api_key=key or None,
        timeout_s=env_settings.llm_timeout, max_retries=env_settings.llm_max_retries,
        max_tokens=env_settings.llm_max_tokens,
    )


def open_model(settings: ModelSettings) -> Model:
    """The langchain chat model for ``settings`` (imports the provider's package only now)."""
    provider = PROVIDERS[settings.provider]
    if provider.name == "ollama":
        return _open_ollama(settings, provider)
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    extra_body: dict[str, Any] = {}
    if provider.max_tokens_extra:
        extra_body["max_tokens"] = settings.max_tokens
    chat = ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=SecretStr(settings.api_key or "no-key"),
        timeout=settings.timeout_s,
        max_retries=0,  # retries happen in stream_reply, where they are bounded and visible
        temperature=settings.temperature,
        seed=settings.seed,
        max_completion_tokens=settings.max_tokens,
        extra_body=extra_body or None,
    )
    return Model(chat=chat, name=settings.spec, provider=provider, settings=settings, max_retries=settings.max_retries)


def _open_ollama(settings: ModelSettings, provider: Provider) -> Model:
    """Ollama through langchain-ollama; its OpenAI-compatible ``/v1`` when that is not installed."""
    try:
        from langchain_ollama import ChatOllama
    except ImportError:
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        base = settings.base_url.removesuffix("/v1") + "/v1"
        chat: BaseChatModel = ChatOpenAI(
            model=settings.model, base_url=base, api_key=SecretStr(settings.api_key or "ollama"),
            timeout=settings.timeout_s, max_retries=0, temperature=settings.temperature, seed=settings.seed,
            max_completion_tokens=settings.max_tokens, extra_body={"max_tokens": settings.max_tokens},
        )
        return Model(chat=chat, name=settings.spec, provider=provider, settings=settings,
                     max_retries=settings.max_retries)
    chat = ChatOllama(
        model=settings.model, base_url=settings.base_url.removesuffix("/v1"), temperature=settings.temperature,
        seed=settings.seed, num_predict=settings.max_tokens,
        client_kwargs={"timeout": settings.timeout_s},
    )
    return Model(chat=chat, name=settings.spec, provider=provider, settings=settings, max_retries=settings.max_retries)


def model_from_spec(spec: str | None = None, env: Mapping[str, str] | None = None) -> Model | None:
    """The configured model, or ``None`` when none is configured (the template drafter then)."""
    settings = resolve_settings(spec, env)
    return None if settings is None else open_model(settings)


@contextlib.contextmanager
def open_spec(spec: str | None = None, env: Mapping[str, str] | None = None,
              *, notice: Callable[[str], None] | None = None) -> Iterator[Model | None]:
    """The model ``spec`` names (``--model``, else ``NIANBAO_LLM``), for the duration of the block,
    whatever its provider's kind: an endpoint is opened; ``local:`` starts llama.cpp's server on
    127.0.0.1 and stops it afterwards (``notice`` is told, it takes a while); ``fake:FILE`` replays
    the replies listed in FILE (a JSON list of strings). ``None``: no model, the template drafter."""
    name = (spec or "").strip()
    provider = PROVIDERS.get(name.partition(":")[0].strip().lower()) if name else None
    if provider is None or provider.kind == "http":
        yield model_from_spec(spec, env)
    elif provider.kind == "local":
        from assistant.drafting.local import local_model, local_model_path, local_server

        path = local_model_path(name.partition(":")[2].strip() or "local")
        if notice is not None:
            notice(f"启动本地模型 {path.name} …")
        with local_server(path) as url:
            yield replace(local_model(url, f"local:{path.stem}"), provider=PROVIDERS["local"])
    else:
        yield fake_model(_scripted_replies(name.partition(":")[2].strip()), name=name)


def _scripted_replies(file: str) -> list[str]:
    import json
    from pathlib import Path

    if not file:
        raise ModelUnavailable("测试模型写作“fake:回复文件.json”（文件内容为回复文本的 JSON 列表）")
    try:
        replies = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"无法读取测试模型的回复文件 {file}：{exc}") from None
    if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
        raise ModelUnavailable(f"测试模型的回复文件 {file} 应为字符串的 JSON 列表")
    return replies


def fake_model(replies: Sequence[str], name: str = "fake:scripted", *, max_retries: int = 2) -> Model:
    """A scripted chat model (langchain-core's ``GenericFakeChatModel``) for tests and demos."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    chat = GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))
    return Model(chat=chat, name=name, provider=PROVIDERS["fake"],
                 max_retries=max_retries)


# --- calling, with bounded retries -------------------------------------------------------------


@dataclass
class CallLog:
    """What happened during calls: attempts, retries, the JSON mode that worked. Mutable, per draft."""

    calls: int = 0
    retries: int = 0
    truncated: int = 0  # answers cut off at the token limit
    errors: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        self.errors.append(message)


def is_transient(exc: BaseException) -> bool:
    """A failure worth retrying: connection trouble, timeouts, rate limits, 5xx."""
    try:
        import openai
    except ImportError:  # pragma: no cover - langchain-openai depends on openai
        openai = None  # type: ignore[assignment]
    if openai is not None and isinstance(exc, openai.APIConnectionError | openai.RateLimitError
                                         | openai.InternalServerError):
        return True
    import httpx

    if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    status = getattr(exc, "status_code", None)  # ollama.ResponseError
    return type(exc).__name__ == "ResponseError" and isinstance(status, int) and (status >= 500 or status == 429)


def is_rejected_request(exc: BaseException) -> bool:
    """The server refused this form of request (400/404/422/500 on a JSON-schema request)."""
    try:
        import openai
    except ImportError:  # pragma: no cover
        return False
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (400, 404, 415, 422, 500, 501)
    status = getattr(exc, "status_code", None)  # ollama.ResponseError
    return type(exc).__name__ == "ResponseError" and status in (400, 500, 501)


def explain_failure(exc: BaseException, model: Model) -> NianbaoError:
    """A Chinese message naming the setting to change, for a failure that retries did not cure."""
    settings = model.settings
    where = settings.base_url if settings else model.name
    try:
        import openai
    except ImportError:  # pragma: no cover
        openai = None  # type: ignore[assignment]
    if openai is not None:
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelUnavailable(f"模型服务 {where} 拒绝了 API 密钥：请检查 {ENV_API_KEY}")
        if isinstance(exc, openai.NotFoundError):
            return ModelUnavailable(
                f"模型服务 {where} 上没有模型“{settings.model if settings else model.name}”："
                f"请检查 {ENV_MODEL}（或 {ENV_BASE_URL} 是否以 /v1 结尾）"
            )
        if isinstance(exc, openai.APITimeoutError):
            return ModelUnavailable(f"模型服务 {where} 响应超时：可调大 {ENV_TIMEOUT}，或检查服务负载")
        if isinstance(exc, openai.APIConnectionError):
            return ModelUnavailable(f"无法连接模型服务 {where}：请检查 {ENV_BASE_URL} 及服务是否已启动")
        if isinstance(exc, openai.APIStatusError):
            return ModelUnavailable(f"模型服务 {where} 返回错误 HTTP {exc.status_code}：{_short(str(exc))}")
    status = getattr(exc, "status_code", None)
    if type(exc).__name__ == "ResponseError" and status == 404:  # ollama: model not pulled
        return ModelUnavailable(f"Ollama 服务 {where} 上没有模型“{settings.model if settings else model.name}”："
                                f"请先 ollama pull，或检查 {ENV_MODEL}")
    if is_transient(exc):
        return ModelUnavailable(f"无法连接模型服务 {where}：请检查 {ENV_BASE_URL} 及服务是否已启动")
    return ModelUnavailable(f"调用模型 {model.name} 失败：{_short(str(exc))}")


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def backoff_delays(retries: int, base_s: float = 0.5, cap_s: float = 8.0,
                   rng: random.Random | None = None) -> list[float]:
    """Exponential backoff with jitter: 0.5, 1, 2, 4 … seconds (±25 %), capped."""
    rng = rng or random.Random()
    return [min(cap_s, base_s * 2 ** i) * rng.uniform(0.75, 1.25) for i in range(retries)]


def stream_reply(
    runnable: Runnable[Any, Any],
    messages: Sequence[BaseMessage],
    *,
    model: Model,
    log: CallLog,
    on_token: Callable[[str], None] | None = None,
    on_restart: Callable[[str], None] | None = None,
    retries: int | None = None,
    retry_if: Callable[[BaseException], bool] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Stream one answer, calling ``on_token`` per piece; retry transient failures with backoff.

    A retry restarts the answer: ``on_restart`` gets the reason, then the new answer's tokens
    follow. ``retry_if`` (default :func:`is_transient`) says which failures are retried; the
    others are raised unchanged, for the caller to fall back or explain.
    """
    retry_if = retry_if or is_transient
    limit = model.max_retries if retries is None else retries
    delays = backoff_delays(limit)
    attempt = 0
    while True:
        log.calls += 1
        pieces: list[str] = []
        try:
            for chunk in runnable.stream(list(messages)):
                piece = _chunk_text(chunk)
                if piece:
                    pieces.append(piece)
                    if on_token is not None:
                        on_token(piece)
            return "".join(pieces)
        except Exception as exc:
            cut = _cut_off_answer(exc)
            if cut is not None:  # the token limit ended the answer: keep what was written
                log.truncated += 1
                log.note("回答达到长度上限（NIANBAO_LLM_MAX_TOKENS）被截断")
                return cut or "".join(pieces)
            if not retry_if(exc) or attempt >= len(delays):
                raise
            log.retries += 1
            reason = f"第{attempt + 1}次调用失败（{type(exc).__name__}），{delays[attempt]:.1f}秒后重试"
            log.note(reason)
            if on_restart is not None:
                on_restart(reason)
            sleep(delays[attempt])
            attempt += 1


def _cut_off_answer(exc: BaseException) -> str | None:
    """The text of an answer that stopped at the token limit (openai's LengthFinishReasonError)."""
    if type(exc).__name__ != "LengthFinishReasonError":
        return None
    try:
        return str(exc.completion.choices[0].message.content or "")  # type: ignore[attr-defined]
    except (AttributeError, IndexError):
        return ""


def _chunk_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return ""
