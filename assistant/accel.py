"""The parser's and the checks' hot modules compiled to C by mypyc, used when they match the source.

``make install`` (and so ``make run`` / ``make test``) runs ``python -m assistant.compile``:
mypyc compiles :data:`COMPILED` into one group of extension modules under the virtual
environment (``<venv>/nianbao-compiled``, never into the source tree), with a manifest of the
sha256 of each module's source. ``import assistant`` then serves those modules from there, by
an import finder, only while every listed source still has the hash it was compiled from: a
module edited since falls back, with all of the group, to its Python source (compiled modules
call each other directly, so the group is used whole or not at all), and ``python -m
assistant.compile status`` says so.

Nothing else changes: the same functions with the same results, about 30 % fewer instructions
for parse+check of a text report (``bench/parse_instructions.py``: 7.05M against 10.19M). Without a C
compiler or mypy, or with ``NIANBAO_PURE_PYTHON=1``, everything runs as plain Python.

    python -m assistant.compile          # compile (quick when already up to date)
    python -m assistant.compile status   # what is in use, and why
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PURE_PYTHON = "NIANBAO_PURE_PYTHON"  # true (1, yes…): never use the compiled modules
_TRUE = ("1", "on", "t", "true", "y", "yes")  # what the settings' bool reads as true
GROUP = "nianbao_native"  # mypyc's shared library of the group: GROUP + "__mypyc"
MANIFEST = "manifest.json"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # holds assistant/
# The modules compiled: the text and HTML parse and the checks of one report (not the cross-year
# ones); no I/O, no pydantic model of their own, and annotations exact: mypyc enforces them at
# run time (a frozenset where typeshed says frozenset and the code makes a set fails there).
COMPILED: tuple[str, ...] = (
    "assistant.parsing.assemble",
    "assistant.parsing.document",
    "assistant.parsing.html",
    "assistant.parsing.labels",
    "assistant.parsing.meta",
    "assistant.parsing.normalise",
    "assistant.parsing.resolve",
    "assistant.parsing.sections",
    "assistant.parsing.splitter",
    "assistant.parsing.tables",
    "assistant.parsing.variants",
    "assistant.checks.bindings",
    "assistant.checks.cellvalues",
    "assistant.checks.lexicon",
    "assistant.checks.narrative",
    "assistant.checks.proofreading",
    "assistant.checks.reportyear",
    "assistant.checks.structure",
    "assistant.checks.tables",
    "assistant.checks.textspans",
)


def compiled_dir() -> Path:
    """Where ``assistant.compile`` writes the compiled group: inside the running virtual
    environment."""
    return Path(sys.prefix) / "nianbao-compiled"


def source_of(module: str) -> Path:
    return PACKAGE_ROOT.joinpath(*module.split(".")).with_suffix(".py")


def source_hashes() -> dict[str, str]:
    return {m: hashlib.sha256(source_of(m).read_bytes()).hexdigest() for m in COMPILED}


def abi() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


@dataclass(frozen=True)
class State:
    """What ``import assistant`` uses: ``files`` (module → extension file) when compiled,
    else empty, with ``reason`` saying why (in Chinese, for ``status`` and ``build``)."""

    files: dict[str, Path]
    reason: str

    @property
    def compiled(self) -> bool:
        return bool(self.files)


def state(directory: Path | None = None, *, environ: dict[str, str] | None = None) -> State:
    """Whether the compiled group in ``directory`` (default :func:`compiled_dir`) can be used."""
    env = os.environ if environ is None else environ
    if env.get(PURE_PYTHON, "").strip().lower() in _TRUE:
        return State({}, f"已设置 {PURE_PYTHON}，使用纯 Python 模块")
    directory = compiled_dir() if directory is None else directory
    try:
        manifest = json.loads((directory / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return State({}, f"未编译（{directory} 中没有编译结果；运行 python -m assistant.compile）")
    except (OSError, ValueError) as exc:
        return State({}, f"编译结果的清单 {directory / MANIFEST} 无法读取：{exc}")
    if manifest.get("abi") != abi() or manifest.get("root") != str(PACKAGE_ROOT):
        return State({}, f"{directory} 中的编译结果属于另一个 Python 或另一份代码，未使用")
    sources = manifest.get("sources", {})
    if set(sources) != set(COMPILED):
        return State({}, "编译的模块清单已变更，需重新编译")
    try:
        stale = [m for m, digest in source_hashes().items() if sources[m] != digest]
    except OSError as exc:
        return State({}, f"无法读取源文件：{exc}")
    if stale:
        return State({}, f"源文件已修改，编译结果已过期（{'、'.join(stale)}），使用纯 Python 模块")
    suffix = abi()
    files = {m: directory.joinpath(*m.split(".")).with_name(m.rsplit(".", 1)[1] + suffix) for m in COMPILED}
    files[GROUP + "__mypyc"] = directory / (GROUP + "__mypyc" + suffix)
    missing = [str(f) for f in files.values() if not f.is_file()]
    if missing:
        return State({}, f"编译结果不完整（缺少 {missing[0]}），使用纯 Python 模块")
    return State(files, f"使用 {directory} 中编译的 {len(COMPILED)} 个模块")


class _Finder(importlib.abc.MetaPathFinder):
    """Serves the compiled modules (and their group library) from their files: whether they can
    be used is found out (:func:`state`: the manifest read, the sources hashed) when the first of
    them is imported, not when ``assistant`` is."""

    _NAMES = frozenset((*COMPILED, GROUP + "__mypyc"))

    def __init__(self) -> None:
        self.state: State | None = None

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self._NAMES:
            return None
        if self.state is None:
            self.state = state()
        file = self.state.files.get(fullname)
        if file is None:
            return None  # not compiled, or not usable: the source, as always
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


_FINDER = _Finder()


def install() -> None:
    """Put the finder of the compiled modules in front of the sources, once per process (called
    by ``assistant/__init__.py``, before any of them is imported; it reads nothing until then)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def in_use() -> State:
    """What this process uses: the compiled modules, or the sources and why."""
    return _FINDER.state if _FINDER.state is not None else state()
