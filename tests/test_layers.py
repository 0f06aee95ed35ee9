"""The layer rules of the README's architecture section, read from the imports of every module
(``ast``, nothing imported): ``ui/`` takes from ``assistant`` only the public services
(``assistant.services``); the core never imports ``ui`` or gradio; below the services, the core
does not import them (only the CLI and the services themselves do)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = "assistant.services"
ABOVE_SERVICES = ("assistant.services", "assistant.cli")  # may call the services


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in ``path``."""
    yield from imports_in(path.read_text(encoding="utf-8"), module_name(path),
                          package=path.name == "__init__.py")


def imports_in(source: str, module: str, *, package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in ``source`` (the module ``module``), deferred ones inside
    functions included; ``from package import name`` reads as ``package.name`` (it may be a
    submodule), relative imports as absolute ones."""
    here = module if package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def service_modules() -> set[str]:
    return {f"{SERVICES}.{p.stem}" for p in (ROOT / "assistant" / "services").glob("*.py")}


@pytest.mark.parametrize("path", python_files("ui"), ids=lambda p: p.name)
def test_the_ui_imports_only_the_public_services(path: Path) -> None:
    modules = service_modules()
    wrong = []
    for line, name in imports(path):
        if not within(name, "assistant"):
            continue
        parent = name.rpartition(".")[0]
        if name in modules or any(within(name, m) for m in modules):
            wrong.append(f"{path.name}:{line}: {name} (inside the services: import from {SERVICES})")
        elif name != SERVICES and parent != SERVICES:
            wrong.append(f"{path.name}:{line}: {name} (not a public service: import from {SERVICES})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", python_files("assistant"), ids=lambda p: module_name(p))
def test_the_core_never_imports_the_ui_or_gradio(path: Path) -> None:
    wrong = [f"{module_name(path)}:{line}: {name}" for line, name in imports(path)
             if within(name, "ui") or within(name, "gradio")]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", python_files("assistant"), ids=lambda p: module_name(p))
def test_the_core_below_the_services_does_not_call_them(path: Path) -> None:
    if any(within(module_name(path), above) for above in ABOVE_SERVICES):
        return
    wrong = [f"{module_name(path)}:{line}: {name}" for line, name in imports(path)
             if within(name, SERVICES)]
    assert not wrong, "\n".join(wrong)


def test_the_rules_see_imports_in_functions_and_relative_ones() -> None:
    source = "def f():\n    from assistant.workspace import OpenReport\nfrom . import shell\n"
    found = [name for _, name in imports_in(source, "ui.tables_tab")]
    assert found == ["ui.shell", "assistant.workspace.OpenReport"] or found == [
        "assistant.workspace.OpenReport", "ui.shell"]
