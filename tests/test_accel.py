"""The mypyc-compiled parser and checks (assistant/accel.py): used only while they match their
sources, never by NIANBAO_PURE_PYTHON, and giving the very results of the Python modules.

``make test`` compiles first and sets NIANBAO_REQUIRE_COMPILED=1, so a build that silently
failed fails here instead of leaving the suite and the bench on plain Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import accel
from assistant.accel import COMPILED, MANIFEST, PURE_PYTHON, abi, compiled_dir, source_hashes, state
from assistant.settings import load_settings, variables

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = bool(os.environ.get("NIANBAO_REQUIRE_COMPILED"))


def _manifest(directory: Path, **changes: object) -> Path:
    data: dict[str, object] = {"abi": abi(), "root": str(accel.PACKAGE_ROOT), "sources": source_hashes()}
    data.update(changes)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MANIFEST).write_text(json.dumps(data), "utf-8")
    return directory


def test_nothing_built_means_plain_python(tmp_path: Path) -> None:
    got = state(tmp_path / "nowhere", environ={})
    assert not got.compiled and "未编译" in got.reason


def test_an_edited_source_disables_the_whole_group(tmp_path: Path) -> None:
    sources = source_hashes()
    sources["assistant.parsing.tables"] = "0" * 64  # compiled from another text of that module
    got = state(_manifest(tmp_path, sources=sources), environ={})
    assert not got.compiled
    assert "已过期" in got.reason and "assistant.parsing.tables" in got.reason


def test_another_python_or_checkout_is_not_used(tmp_path: Path) -> None:
    assert "另一个 Python" in state(_manifest(tmp_path / "a", abi=".cpython-399.so"), environ={}).reason
    assert "另一份代码" in state(_manifest(tmp_path / "b", root="/elsewhere"), environ={}).reason
    fewer = {m: h for m, h in source_hashes().items() if m != COMPILED[0]}
    assert "清单已变更" in state(_manifest(tmp_path / "c", sources=fewer), environ={}).reason


def test_a_fresh_manifest_without_its_files_is_not_used(tmp_path: Path) -> None:
    got = state(_manifest(tmp_path), environ={})
    assert not got.compiled and "不完整" in got.reason


def test_pure_python_is_a_setting(tmp_path: Path) -> None:
    assert "已设置" in state(_manifest(tmp_path), environ={PURE_PYTHON: "1"}).reason
    assert load_settings({PURE_PYTHON: "yes"}).pure_python
    assert not load_settings({PURE_PYTHON: "0"}).pure_python
    assert PURE_PYTHON in {v.name for v in variables()}


def _run(code: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=300)
    return done.stdout


_WHERE = "import assistant.parsing.tables as t, assistant.checks.narrative as n; print(t.__file__); print(n.__file__)"


def test_the_compiled_modules_are_in_use_when_built() -> None:
    if not state(environ={}).compiled:
        if REQUIRED:
            pytest.fail(f"编译模块未生效：{state(environ={}).reason}")
        pytest.skip(state(environ={}).reason)
    for line in _run(_WHERE, **{PURE_PYTHON: ""}).split():
        assert Path(line).is_relative_to(compiled_dir()) and line.endswith(abi())
    for line in _run(_WHERE, **{PURE_PYTHON: "1"}).split():
        assert Path(line).is_relative_to(ROOT / "assistant") and line.endswith(".py")


# Every sample and converter-style text, and the real page: parsed and checked, as JSON.
_RESULTS = """
import json, sys
from pathlib import Path
from assistant.checks import run_checks
from assistant.parsing import parse_file
fixtures = Path("tests/fixtures")
paths = sorted(fixtures.glob("samples/*.txt")) + sorted(fixtures.glob("samples/*.html"))
paths += sorted(p for p in (fixtures / "converted").iterdir() if p.name != "README")
for path in paths:
    report = parse_file(path)
    findings = [f.model_dump(mode="json") for f in run_checks(report)]
    print(json.dumps([str(path), report.model_dump(mode="json"), findings], ensure_ascii=False, sort_keys=True))
"""


def test_compiled_and_python_modules_give_the_same_results() -> None:
    if not state(environ={}).compiled:
        pytest.skip(state(environ={}).reason)
    compiled = _run(_RESULTS, **{PURE_PYTHON: ""}).splitlines()
    python = _run(_RESULTS, **{PURE_PYTHON: "1"}).splitlines()
    assert len(compiled) == len(python) >= 10
    for a, b in zip(compiled, python, strict=True):
        assert a == b
