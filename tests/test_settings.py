"""Every environment variable in one typed object: defaults, typed values, Chinese errors naming
the variable, nothing read at import, every reader going through it, and the README's table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import NianbaoError
from assistant.settings import Settings, SettingsError, describe, load_settings, variables

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_from_an_empty_environment() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert (settings.data_dir, settings.ui_host, settings.ui_port) == (Path("data"), "127.0.0.1", 7860)
    assert (settings.llm, settings.llm_timeout, settings.llm_max_retries, settings.llm_max_tokens) == (
        None, 120.0, 2, 4096)
    assert settings.corpus_dir is None and settings.chroma_host is None and settings.api_keys == {}


def test_values_are_typed_and_a_blank_one_is_unset() -> None:
    settings = load_settings({
        "NIANBAO_UI_PORT": " 8080 ", "NIANBAO_DATA_DIR": "/srv/年报", "NIANBAO_LLM": "  ",
        "NIANBAO_LLM_TIMEOUT": "30.5", "NIANBAO_UI_PASSWORD": " 带空格 ", "NIANBAO_FONT_BODY": " 仿宋 ",
        "NIANBAO_CHROMA_HOST": "10.0.0.2", "NIANBAO_CHROMA_PORT": "8000", "NIANBAO_UNKNOWN": "ignored",
    })
    assert settings.ui_port == 8080 and settings.data_dir == Path("/srv/年报") and settings.llm is None
    assert settings.llm_timeout == 30.5 and settings.font_body == "仿宋"
    assert settings.ui_password == " 带空格 "  # a secret is kept as typed
    assert (settings.chroma_host, settings.chroma_port) == ("10.0.0.2", 8000)


def test_provider_keys_are_read_by_name_and_secrets_stay_out_of_the_repr() -> None:
    settings = load_settings({"DEEPSEEK_API_KEY": " sk-one ", "NIANBAO_LLM_API_KEY": "sk-two",
                              "EMPTY_API_KEY": " ", "NIANBAO_UI_PASSWORD": "口令123", "PATH": "/bin"})
    assert settings.api_keys == {"DEEPSEEK_API_KEY": "sk-one"} and settings.llm_api_key == "sk-two"
    assert "sk-" not in repr(settings) and "口令123" not in repr(settings)


@pytest.mark.parametrize(("env", "message"), [
    ({"NIANBAO_UI_PORT": "x"}, "环境变量 NIANBAO_UI_PORT 应为整数，实为“x”（界面监听的端口）"),
    ({"NIANBAO_UI_PORT": "70000"}, "环境变量 NIANBAO_UI_PORT 应在 1 到 65535 之间，实为“70000”"),
    ({"NIANBAO_LLM_TIMEOUT": "soon"}, "环境变量 NIANBAO_LLM_TIMEOUT 应为数字，实为“soon”"),
    ({"NIANBAO_LLM_TIMEOUT": "nan"}, "环境变量 NIANBAO_LLM_TIMEOUT 应为数字"),
    ({"NIANBAO_LLM_TIMEOUT": "0.5"}, "环境变量 NIANBAO_LLM_TIMEOUT 应在 1 到 3600 之间"),
    ({"NIANBAO_LLM_MAX_RETRIES": "2.5"}, "环境变量 NIANBAO_LLM_MAX_RETRIES 应为整数"),
    ({"NIANBAO_LLM_MAX_RETRIES": "9"}, "环境变量 NIANBAO_LLM_MAX_RETRIES 应在 0 到 5 之间"),
    ({"NIANBAO_LLM_MAX_TOKENS": "8"}, "环境变量 NIANBAO_LLM_MAX_TOKENS 应在 16 到 65536 之间"),
    ({"NIANBAO_CHROMA_PORT": "abc", "NIANBAO_CHROMA_HOST": "h"}, "环境变量 NIANBAO_CHROMA_PORT 应为整数"),
    ({"NIANBAO_CHROMA_HOST": "10.0.0.2"}, "NIANBAO_CHROMA_HOST 与 NIANBAO_CHROMA_PORT 须同时设置"),
    ({"NIANBAO_FONT_TITLE": "x{}"}, "环境变量 NIANBAO_FONT_TITLE 的字体名称“x{}”无效"),
])
def test_an_invalid_value_names_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    assert message in str(caught.value)
    assert isinstance(caught.value, NianbaoError)


def test_every_invalid_value_is_named_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"NIANBAO_UI_PORT": "x", "NIANBAO_LLM_MAX_TOKENS": "1"})
    assert "NIANBAO_UI_PORT" in str(caught.value) and "NIANBAO_LLM_MAX_TOKENS" in str(caught.value)


def test_read_when_asked_never_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {"NIANBAO_UI_PORT": "不是端口", "NIANBAO_LLM_TIMEOUT": "soon", "PYTHONPATH": str(ROOT)}
    modules = ("assistant.settings", "assistant.llm", "assistant.corpus", "assistant.export.fonts",
               "assistant.drafting.prompts", "assistant.drafting.local", "assistant.retrieval.settings",
               "ui.settings", "ui.prepare")
    code = f"import {', '.join(modules)}; from assistant.settings import describe; print(describe())"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=broken, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "`NIANBAO_UI_PORT`" in done.stdout
    monkeypatch.setenv("NIANBAO_DATA_DIR", "/tmp/一")
    assert load_settings().data_dir == Path("/tmp/一")
    monkeypatch.setenv("NIANBAO_DATA_DIR", "/tmp/二")
    assert load_settings().data_dir == Path("/tmp/二")


def test_every_reader_goes_through_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from assistant.corpus import corpus_dir
    from assistant.drafting.local import local_model_path, models_dir
    from assistant.drafting.prompts import prompts_dir
    from assistant.export.fonts import FontSettings
    from assistant.llm import ModelUnavailable, resolve_settings
    from assistant.retrieval.settings import chroma_server, data_dir
    from ui.settings import resolve

    for name in ("NIANBAO_CORPUS_DIR", "NIANBAO_PROMPTS_DIR", "NIANBAO_MODELS_DIR", "NIANBAO_DATA_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name))
    monkeypatch.setenv("NIANBAO_LOCAL_MODEL", str(tmp_path / "m.gguf"))
    monkeypatch.setenv("NIANBAO_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("NIANBAO_CHROMA_PORT", "8123")
    monkeypatch.setenv("NIANBAO_FONT_HEADING", "方正黑体")
    monkeypatch.setenv("NIANBAO_LLM", "vllm:qwen")
    monkeypatch.setenv("NIANBAO_LLM_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("NIANBAO_UI_PORT", "8765")
    assert corpus_dir() == tmp_path / "NIANBAO_CORPUS_DIR"
    assert prompts_dir() == tmp_path / "NIANBAO_PROMPTS_DIR"
    assert models_dir() == tmp_path / "NIANBAO_MODELS_DIR"
    assert local_model_path() == tmp_path / "m.gguf"
    assert local_model_path("test") == tmp_path / "NIANBAO_MODELS_DIR" / "qwen2.5-coder-0.5b-instruct.gguf"
    assert data_dir() == tmp_path / "NIANBAO_DATA_DIR"
    server = chroma_server()
    assert server is not None and (server.host, server.port) == ("127.0.0.1", 8123)
    assert FontSettings.from_env().heading == "方正黑体"
    model = resolve_settings()
    assert model is not None and model.spec == "vllm:qwen" and model.base_url == "http://127.0.0.1:8000/v1"
    ui = resolve()
    assert ui.port == 8765 and ui.data_dir == tmp_path / "NIANBAO_DATA_DIR"
    # an invalid value reaches each reader as a Chinese error naming it
    monkeypatch.setenv("NIANBAO_LLM_MAX_RETRIES", "many")
    for read in (corpus_dir, prompts_dir, models_dir, local_model_path, data_dir, chroma_server,
                 FontSettings.from_env, resolve):
        with pytest.raises(NianbaoError, match="NIANBAO_LLM_MAX_RETRIES 应为整数"):
            read()
    with pytest.raises(ModelUnavailable, match="NIANBAO_LLM_MAX_RETRIES 应为整数"):
        resolve_settings()


def test_font_defaults_are_the_exporters() -> None:
    from assistant.export.fonts import FontSettings

    assert FontSettings.from_env({}) == FontSettings()


def test_every_variable_is_described() -> None:
    table = describe()
    for var in variables():
        assert var.name.startswith("NIANBAO_") and var.description and var.type and var.default
        assert f"| `{var.name}` | {var.type} | {var.default} | {var.description} |" in table
    assert len({var.name for var in variables()}) == len(variables())


def readme_variables(text: str) -> set[str]:
    """The names in the first column of the README's configuration table; ``_X`` after a ``/``
    stands for ``NIANBAO_<GROUP>_X`` with the group of the first name in the cell."""
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        cells = line.split(" | ")
        if not line.startswith("| `") or len(cells) < 2:
            continue
        found = re.findall(r"`([A-Z_]+)`", cells[0])
        group = "_".join(found[0].split("_")[:2])
        names.update(name if name.startswith("NIANBAO_") else group + name for name in found)
    return names


def test_the_readme_documents_every_variable_and_no_other() -> None:
    documented = readme_variables((ROOT / "README.md").read_text(encoding="utf-8"))
    known = {var.name for var in variables()}
    assert documented - known == set(), "documented in the README, unknown to assistant/settings.py"
    assert known - documented == set(), "in assistant/settings.py, missing from the README's table"


def test_the_readme_parser_expands_the_short_names() -> None:
    text = ("\n## Configuration\n\n| variable | meaning |\n|---|---|\n"
            "| `NIANBAO_LLM_TIMEOUT` / `_MAX_RETRIES` | per call |\n"
            "| `NIANBAO_FONT_SERIF_FALLBACK` / `_SANS_FALLBACK` | fonts |\n\n## Next\n| `NIANBAO_X` | no |\n")
    assert readme_variables(text) == {"NIANBAO_LLM_TIMEOUT", "NIANBAO_LLM_MAX_RETRIES",
                                      "NIANBAO_FONT_SERIF_FALLBACK", "NIANBAO_FONT_SANS_FALLBACK"}
