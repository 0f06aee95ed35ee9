"""Prompts are files: ``prompts/<name>.v<N>.md``, with their placeholders checked.

A prompt file has a first line ``<!-- placeholders: a, b, c -->`` declaring its placeholders,
then a ``## system`` part and a ``## user`` part. Placeholders are written ``{{name}}`` (so JSON
braces in a prompt need no escaping). Loading fails when the declared and the used placeholders
differ; rendering fails when a value is missing or one is passed that the prompt does not use.
Each draft records ``name.vN`` of the prompt that produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.errors import NianbaoError
from assistant.settings import load_settings

_FILE = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.md$")
_HEADER = re.compile(r"^<!--\s*placeholders:\s*(?P<names>[a-z_,\s]*)-->\s*$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_PART = re.compile(r"^##\s+(system|user)\s*$", re.M)


class PromptError(NianbaoError):
    """A prompt file is missing or malformed, or was rendered with the wrong values."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    system: str
    user: str
    placeholders: frozenset[str]

    @property
    def ref(self) -> str:
        """``draft_problems.v1``: what a draft records."""
        return f"{self.name}.v{self.version}"

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every placeholder filled."""
        given = set(values)
        missing, extra = self.placeholders - given, given - self.placeholders
        if missing or extra:
            raise PromptError(
                f"提示词 {self.ref} 的占位符不匹配：缺少 {sorted(missing) or '无'}，多出 {sorted(extra) or '无'}"
            )

        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

        return fill(self.system).strip(), fill(self.user).strip()


def prompts_dir() -> Path:
    """``NIANBAO_PROMPTS_DIR`` or the project's ``prompts/`` folder (read when called)."""
    configured = load_settings().prompts_dir
    if configured:
        return configured
    return Path(__file__).resolve().parent.parent.parent / "prompts"


def parse_prompt(name: str, version: int, text: str) -> Prompt:
    lines = text.splitlines()
    header = _HEADER.match(lines[0]) if lines else None
    where = f"{name}.v{version}"
    if header is None:
        raise PromptError(f"提示词 {where} 第一行应为 <!-- placeholders: … -->")
    declared = frozenset(n.strip() for n in header.group("names").split(",") if n.strip())
    body = "\n".join(lines[1:])
    parts = _PART.split(body)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    if set(sections) != {"system", "user"}:
        raise PromptError(f"提示词 {where} 应有且只有“## system”和“## user”两部分")
    used = frozenset(_PLACEHOLDER.findall(sections["system"] + sections["user"]))
    if used != declared:
        raise PromptError(
            f"提示词 {where} 声明的占位符与实际使用的不一致："
            f"未使用 {sorted(declared - used) or '无'}，未声明 {sorted(used - declared) or '无'}"
        )
    return Prompt(name=name, version=version, system=sections["system"], user=sections["user"], placeholders=declared)


def load_prompt(name: str, version: int | None = None, folder: Path | None = None) -> Prompt:
    """The prompt ``name`` at ``version`` (the highest version when ``None``)."""
    return _load(name, version, str((folder or prompts_dir()).resolve()))


@cache
def _load(name: str, version: int | None, folder: str) -> Prompt:
    root = Path(folder)
    versions: dict[int, Path] = {}
    for path in root.glob(f"{name}.v*.md"):
        match = _FILE.match(path.name)
        if match and match.group("name") == name:
            versions[int(match.group("version"))] = path
    if not versions:
        raise PromptError(f"找不到提示词文件 {root / (name + '.v1.md')}")
    chosen = max(versions) if version is None else version
    if chosen not in versions:
        raise PromptError(f"提示词 {name} 没有第 {chosen} 版（现有：{sorted(versions)}）")
    return parse_prompt(name, chosen, versions[chosen].read_text(encoding="utf-8"))
