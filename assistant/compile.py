"""Compile the modules :data:`assistant.accel.COMPILED` with mypyc (see ``assistant/accel.py``).

    python -m assistant.compile [build] [--force] [--strict] [--verbose]   # quick when up to date
    python -m assistant.compile status   # what ``import assistant`` uses, and why

The compiler's output is shown only when the build fails (``--verbose``: always). A failure (no C
compiler, no mypy) leaves the plain Python modules in use; with ``--strict`` it also exits 1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from assistant.accel import (
    COMPILED,
    GROUP,
    MANIFEST,
    PACKAGE_ROOT,
    State,
    abi,
    compiled_dir,
    source_hashes,
    source_of,
    state,
)


def build() -> State:
    """Compile :data:`COMPILED` into :func:`compiled_dir` (replaced whole, atomically). mypyc and
    setuptools print their output and, on a failure, exit (``SystemExit``): ``main`` runs this in
    a process of its own and shows the output only then."""
    directory = compiled_dir()
    from mypyc.build import mypycify  # the test extra's mypy
    from setuptools import setup  # type: ignore[import-untyped]

    directory.parent.mkdir(parents=True, exist_ok=True)
    hashes = source_hashes()
    work = Path(tempfile.mkdtemp(prefix=".nianbao-compile-", dir=directory.parent))
    cwd = Path.cwd()
    try:
        os.chdir(PACKAGE_ROOT)  # mypy reads its configuration (pyproject.toml) from here
        extensions = mypycify([str(source_of(m).relative_to(PACKAGE_ROOT)) for m in COMPILED],
                              opt_level="3", target_dir=str(work / "c"), group_name=GROUP)
        os.chdir(work)  # setuptools would read the project's pyproject.toml too
        setup(name="nianbao-native", ext_modules=extensions, script_args=[
            "--quiet", "build_ext", "--build-lib", str(work / "lib"), "--build-temp", str(work / "obj")])
        lib = work / "lib"
        (lib / MANIFEST).write_text(json.dumps(
            {"abi": abi(), "root": str(PACKAGE_ROOT), "sources": hashes}, indent=1), "utf-8")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        lib.rename(directory)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    return state(directory, environ={})


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and not args[0].startswith("-") else "build"
    if command == "status":
        print(state().reason)
        return 0
    if command == "child":  # the build itself, in a process whose output the parent keeps
        build()
        return 0
    if command != "build":
        print("用法：python -m assistant.compile [build] [--force] [--strict] [--verbose] | status",
              file=sys.stderr)
        return 2
    if state(environ={}).compiled and "--force" not in args:
        print(f"编译结果已是最新：{compiled_dir()}")
        return 0
    print(f"正在用 mypyc 编译 {len(COMPILED)} 个模块（约两分钟）……", flush=True)
    verbose = "--verbose" in args
    child = subprocess.run([sys.executable, "-m", "assistant.compile", "child"], check=False,
                           capture_output=not verbose, text=True)
    done = state(environ={})
    if child.returncode != 0 or not done.compiled:
        # no compiler, no mypy, a type mypyc refuses: the plain Python modules still work
        if not verbose:
            output = (child.stdout + child.stderr).splitlines()
            print("\n".join(output[-40:]), file=sys.stderr)
        print(f"未能编译（退出码 {child.returncode}，输出见上）；{done.reason}", file=sys.stderr)
        return 1 if "--strict" in args else 0
    print(done.reason)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
