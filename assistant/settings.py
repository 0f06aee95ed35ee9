"""Every environment variable the project reads, in one typed object.

:func:`load_settings` reads the variables when called (never at import), from ``os.environ`` or
from a mapping given by a test; a blank value counts as unset. An invalid value raises
:class:`SettingsError`, whose Chinese message names the variable, what it should be and what it
is. :func:`variables` lists them (name, type, default, description) for the README table and
``python -m assistant.settings``.

Besides the ``NIANBAO_*`` variables, a provider's own key variable (``DEEPSEEK_API_KEY`` …,
named in :data:`assistant.llm.PROVIDERS`) is read from every ``*_API_KEY`` variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args

import annotated_types
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from assistant.accel import PURE_PYTHON
from assistant.errors import NianbaoError
from assistant.findings import Severity

PREFIX = "NIANBAO_"
API_KEY_SUFFIX = "_API_KEY"

_SAFE_FONT = re.compile(r"^[^\"'\\;{}<>&\x00-\x1f]{1,64}$")
RULE_SEVERITY = "NIANBAO_RULE_SEVERITY"
_RULE_ITEMS = re.compile(r"[,，;；\s]+")
_RULE_EQUALS = re.compile(r"\s*[=＝]\s*")
_SEVERITY_WORDS: dict[str, Severity] = {"warning": Severity.WARNING, "提示": Severity.WARNING,
                                        "error": Severity.ERROR, "错误": Severity.ERROR}
_OWN = "nianbao"  # pydantic error type of our own (Chinese) messages


class SettingsError(NianbaoError):
    """An environment variable holds a value that cannot be used."""


def _var(name: str, default: Any, description: str, *, shown: str | None = None, secret: bool = False,
         **constraints: Any) -> Any:
    """A field read from the environment variable ``name``; ``shown`` is the default as documented
    where it is computed elsewhere (``None`` here)."""
    extra: dict[str, Any] = {"secret": secret}
    if shown is not None:
        extra["shown"] = shown
    return Field(default, alias=name, description=description, repr=not secret, json_schema_extra=extra,
                 **constraints)


class Settings(BaseModel):
    """The project's settings; each field documents its environment variable."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_alias=True, validate_by_name=True)

    # where things are
    data_dir: Path = _var("NIANBAO_DATA_DIR", Path("data"),
                          "工作区数据文件夹：报告（reports/）、导出文件和检索索引")
    corpus_dir: Path | None = _var("NIANBAO_CORPUS_DIR", None, "法规语料文件夹（laws.json 及条文）",
                                   shown="项目的 corpus/")
    prompts_dir: Path | None = _var("NIANBAO_PROMPTS_DIR", None, "提示词文件夹", shown="项目的 prompts/")

    # the web interface
    ui_host: str = _var("NIANBAO_UI_HOST", "127.0.0.1", "界面监听地址；0.0.0.0 即在局域网中提供服务（须设置登录账号）")
    ui_port: int = _var("NIANBAO_UI_PORT", 7860, "界面监听的端口", ge=1, le=65535)
    ui_user: str | None = _var("NIANBAO_UI_USER", None, "界面登录账号；不在本机使用时必须设置")
    ui_password: str | None = _var("NIANBAO_UI_PASSWORD", None, "界面登录密码", secret=True)

    # the drafting model
    llm: str | None = _var(
        "NIANBAO_LLM", None,
        "起草用的模型，写作“提供方:模型名”（如 deepseek:deepseek-chat）；不设或 template 即用模板起草",
    )
    llm_base_url: str | None = _var("NIANBAO_LLM_BASE_URL", None, "OpenAI 兼容接口的地址（…/v1）")
    llm_model: str | None = _var("NIANBAO_LLM_MODEL", None, "模型名（NIANBAO_LLM 只写了提供方时）")
    llm_api_key: str | None = _var("NIANBAO_LLM_API_KEY", None,
                                   "模型接口的密钥（不设时读提供方自己的变量，如 DEEPSEEK_API_KEY）", secret=True)
    llm_timeout: float = _var("NIANBAO_LLM_TIMEOUT", 120.0, "每次请求的超时秒数", ge=1, le=3600,
                              allow_inf_nan=False)
    llm_max_retries: int = _var("NIANBAO_LLM_MAX_RETRIES", 2, "临时故障后的重试次数", ge=0, le=5)
    llm_max_tokens: int = _var("NIANBAO_LLM_MAX_TOKENS", 4096, "每次回答的最多词元数（推理模型的思考也计在内）",
                               ge=16, le=65536)
    models_dir: Path | None = _var("NIANBAO_MODELS_DIR", None, "本地模型（GGUF）所在文件夹", shown="项目的 .models/")
    local_model: Path | None = _var("NIANBAO_LOCAL_MODEL", None, "本地小模型的 GGUF 文件（make local-model）",
                                    shown=".models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")

    # a shared index
    chroma_host: str | None = _var("NIANBAO_CHROMA_HOST", None, "共用的 chroma 服务器地址（与端口同时设置）",
                                   shown="不设即用本机索引")
    chroma_port: int | None = _var("NIANBAO_CHROMA_PORT", None, "共用的 chroma 服务器端口", ge=1, le=65535)

    # a shared deployment (accounts, sign-off, collection rounds, audit log)
    database_url: str | None = _var(
        "NIANBAO_DATABASE_URL", None,
        "共享部署的数据库，如 postgresql://用户:密码@主机:5432/nianbao；不设即用数据文件夹中的 nianbao.sqlite3",
        shown="数据文件夹中的 SQLite 文件", secret=True,
    )

    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = _var(
        "NIANBAO_TRUSTED_PROXIES", (),
        "共享部署前面的反向代理的地址，逗号分隔，可写网段（如 10.0.0.5,10.0.1.0/24）：来自这些地址的登录按 "
        "X-Forwarded-For 认定登录者的地址，以便按地址限制反复失败的登录",
        shown="—",
    )

    # fonts of exported documents (Noto CJK SC stands in where they are missing)
    font_body: str = _var("NIANBAO_FONT_BODY", "仿宋_GB2312", "导出文件的正文字体")
    font_heading: str = _var("NIANBAO_FONT_HEADING", "黑体", "一级标题字体")
    font_subheading: str = _var("NIANBAO_FONT_SUBHEADING", "楷体_GB2312", "二级标题字体")
    font_title: str = _var("NIANBAO_FONT_TITLE", "方正小标宋简体", "文件标题字体")
    font_latin: str = _var("NIANBAO_FONT_LATIN", "Times New Roman", "数字和西文字体")
    font_serif_fallback: str = _var("NIANBAO_FONT_SERIF_FALLBACK", "Noto Serif CJK SC",
                                    "缺少宋体、仿宋、楷体时使用的字体")
    font_sans_fallback: str = _var("NIANBAO_FONT_SANS_FALLBACK", "Noto Sans CJK SC", "缺少黑体时使用的字体")

    # the checks
    rule_severity: dict[str, Severity] = _var(
        RULE_SEVERITY, {},
        "本单位调整的规则严重程度，写作“规则代码=warning,规则代码=error”（warning 即提示，error 即错误）；"
        "只能调整依据为实务的规则，依据条例、年报格式等的不能调整（nianbao rules 列出规则及其依据）",
        shown="—",
    )
    pure_python: bool = _var(
        PURE_PYTHON, False,
        "设为 1 则不用编译的解析和核对模块（make install 用 mypyc 编译，结果相同、更快），全部按 Python 源码运行",
        shown="0",
    )

    # not one variable: every *_API_KEY outside NIANBAO_*, by name
    api_keys: dict[str, str] = Field(default_factory=dict, repr=False,
                                     description="提供方自己的密钥变量（如 DEEPSEEK_API_KEY），按变量名")

    @field_validator("font_body", "font_heading", "font_subheading", "font_title", "font_latin",
                     "font_serif_fallback", "font_sans_fallback")
    @classmethod
    def _safe_font(cls, value: str, info: ValidationInfo) -> str:
        if not _SAFE_FONT.match(value):
            name = cls.model_fields[str(info.field_name)].alias
            raise PydanticCustomError(_OWN, "{message}", {"message": (
                f"环境变量 {name} 的字体名称“{value}”无效：应为 1–64 个字符，"
                "不含引号、反斜杠、分号、尖括号、花括号或控制字符"
            )})
        return value

    @field_validator("rule_severity", mode="before")
    @classmethod
    def _rule_severity(cls, value: object) -> object:
        """``code=warning,code=error`` (also ，；, 提示/错误) into a mapping; each code must be a rule
        an office may re-grade (assistant.checks.rules.override_refusal)."""
        from assistant.checks.rules import override_refusal

        problems: list[str] = []
        found: dict[str, Severity] = {}
        items = _RULE_ITEMS.split(_RULE_EQUALS.sub("=", value.strip())) if isinstance(value, str) else []
        for item in filter(None, items):
            code, sep, level = item.partition("=")
            code, level = code.strip(), level.strip()
            severity = _SEVERITY_WORDS.get(level.lower())
            if not sep or not code:
                problems.append(f"环境变量 {RULE_SEVERITY} 中的“{item}”应写作“规则代码=warning”或“规则代码=error”")
            elif severity is None:
                problems.append(f"环境变量 {RULE_SEVERITY} 中“{code}”的严重程度“{level}”无效："
                                "应为 warning（提示）或 error（错误）")
            elif found.get(code, severity) is not severity:
                problems.append(f"环境变量 {RULE_SEVERITY} 对规则“{code}”设置了两个不同的严重程度")
            else:
                found[code] = severity
        if isinstance(value, Mapping):
            found = {str(code): Severity(level) for code, level in value.items()}
        for code, severity in found.items():
            refusal = override_refusal(code, severity)
            if refusal is not None:
                problems.append(f"环境变量 {RULE_SEVERITY}：{refusal}")
        if problems:
            raise PydanticCustomError(_OWN, "{message}", {"message": "；".join(problems)})
        return found

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _trusted_proxies(cls, value: object) -> object:
        """“10.0.0.5, 10.0.1.0/24” (also ，；) into networks; a bad item is named."""
        if not isinstance(value, str):
            return value
        found: list[IPv4Network | IPv6Network] = []
        for item in filter(None, _RULE_ITEMS.split(value.strip())):
            try:
                found.append(ip_network(item, strict=False))
            except ValueError:
                raise PydanticCustomError(_OWN, "{message}", {"message": (
                    f"环境变量 NIANBAO_TRUSTED_PROXIES 中的“{item}”不是 IP 地址或网段（应如 10.0.0.5 或 10.0.1.0/24）"
                )}) from None
        return tuple(found)

    @model_validator(mode="after")
    def _chroma_pair(self) -> Settings:
        if (self.chroma_host is None) != (self.chroma_port is None):
            raise PydanticCustomError(_OWN, "{message}", {"message": (
                "NIANBAO_CHROMA_HOST 与 NIANBAO_CHROMA_PORT 须同时设置"
                f"（现为 {self.chroma_host or '未设置'}:{self.chroma_port or '未设置'}）"
            )})
        return self


@dataclass(frozen=True)
class Variable:
    """One environment variable as documented."""

    name: str
    field: str
    type: str  # in Chinese: 文本、密钥、整数、数字、路径、开关
    default: str  # as documented; "—" when unset means "none"
    description: str
    secret: bool


@cache
def variables() -> tuple[Variable, ...]:
    """Every ``NIANBAO_*`` variable, in the order of :class:`Settings`."""
    found: list[Variable] = []
    for field, info in Settings.model_fields.items():
        if info.alias is None:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        shown = extra.get("shown")
        default = str(shown) if shown is not None else _shown(info.default)
        secret = bool(extra.get("secret"))
        kind = "密钥" if secret else _type_name(info.annotation)
        found.append(Variable(info.alias, field, kind, default, info.description or "", secret))
    return tuple(found)


def _shown(default: object) -> str:
    if default is None:
        return "—"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    return str(default)


def _type_name(annotation: object) -> str:
    kinds = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    return {Path: "路径", bool: "开关（1 或 0）", int: "整数", float: "数字"}.get(kinds[0], "文本")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``env`` (``os.environ`` when ``None``); raises :class:`SettingsError`."""
    source = os.environ if env is None else env
    values: dict[str, Any] = {}
    for var in variables():
        raw = source.get(var.name)
        if raw is None or not raw.strip():
            continue
        values[var.field] = raw if var.secret else raw.strip()
    values["api_keys"] = {
        name: value.strip() for name, value in source.items()
        if name.endswith(API_KEY_SUFFIX) and not name.startswith(PREFIX) and value.strip()
    }
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise SettingsError("；".join(_message(error) for error in exc.errors())) from None


_NO_RULE_SEVERITY: Mapping[str, Severity] = MappingProxyType({})


def rule_severity(env: Mapping[str, str] | None = None) -> Mapping[str, Severity]:
    """The practice rules the office re-graded (``NIANBAO_RULE_SEVERITY``), read now from ``env``
    (``os.environ`` when ``None``): every finding is made with them (:class:`assistant.findings.Finding`).
    Raises :class:`SettingsError` on an invalid value."""
    raw = (os.environ if env is None else env).get(RULE_SEVERITY) or ""
    return _rule_severity(raw.strip())


@lru_cache(maxsize=16)
def _rule_severity(raw: str) -> Mapping[str, Severity]:
    if not raw:
        return _NO_RULE_SEVERITY
    return MappingProxyType(dict(load_settings({RULE_SEVERITY: raw}).rule_severity))


def _message(error: Any) -> str:
    """One pydantic error as a Chinese sentence naming the variable."""
    if error["type"] == _OWN:
        return str(error["msg"])
    field = str(error["loc"][0]) if error["loc"] else ""
    info = Settings.model_fields.get(field)
    if info is None or info.alias is None:  # pragma: no cover - every field with input has a variable
        return f"设置无效：{error['msg']}"
    name, raw = info.alias, error.get("input")
    about = f"（{info.description}）" if info.description else ""
    kind = error["type"]
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"环境变量 {name} 应为整数，实为“{raw}”{about}"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"环境变量 {name} 应为数字，实为“{raw}”{about}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(info.metadata)
        return f"环境变量 {name} 应在 {low:g} 到 {high:g} 之间，实为“{raw}”{about}"
    return f"环境变量 {name} 的值“{raw}”无效{about}"  # pragma: no cover - no other kind of field


def _bounds(metadata: list[Any]) -> tuple[float, float]:
    low, high = float("-inf"), float("inf")
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            high = float(item.le)  # type: ignore[arg-type]
    return low, high


def describe() -> str:
    """The variables as a Markdown table (变量、类型、默认值、说明)."""
    lines = ["| 变量 | 类型 | 默认值 | 说明 |", "|---|---|---|---|"]
    for var in variables():
        lines.append(f"| `{var.name}` | {var.type} | {var.default} | {var.description} |")
    lines.append(f"| 其他 `*{API_KEY_SUFFIX}` | 密钥 | — | 提供方自己的密钥变量（如 DEEPSEEK_API_KEY），"
                 "NIANBAO_LLM_API_KEY 未设置时使用 |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(describe())
