"""Instructions per report of parse and parse+check, counted by valgrind: on a noisy machine
the times of ``bench/parse_check.py`` move by a third between runs, these counts by about 1%.

The same inputs as ``parse_check.py --n 0``: the ten bench texts (the real text samples and the
converter-style corpus, each parsed after ``clear_content_caches()`` as a report not seen
before) and the real page ``shuyang-fgj-2023.html``, with lxml's bare parse of that page as the
yardstick. Only the measured rounds are counted (callgrind's instrumentation is switched on
around them with ``callgrind_control``), after two warm-up rounds.

    .venv/bin/python bench/parse_instructions.py [--rounds 4]   # needs valgrind (apt install valgrind)
    NIANBAO_PURE_PYTHON=1 .venv/bin/python bench/parse_instructions.py   # the plain Python modules

The counts depend on the interpreter as well as on our code: Debian's Python 3.11 (PGO and LTO)
runs the same text parse+check in about 11% fewer instructions than pyenv's default build.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MODES = {  # mode: what one round does, and how many reports it holds
    "text": "parse each bench text",
    "textcheck": "parse and check each bench text",
    "html": "parse the page",
    "htmlcheck": "parse and check the page",
    "lxml": "lxml's bare parse of the page",
}


def texts() -> list[str]:
    found = [p.read_text("utf-8") for p in sorted((FIXTURES / "samples").glob("*.txt"))]
    return found + [p.read_text("utf-8") for p in sorted((FIXTURES / "converted").glob("*"))
                    if p.is_file() and p.name != "README"]


def workload(mode: str, rounds: int) -> None:
    """The child: ``rounds`` rounds of ``mode``, counted between callgrind on and off."""
    from lxml import etree

    from assistant.checks import run_checks
    from assistant.parsing import clear_content_caches, parse_html, parse_text

    corpus = texts()
    page = (FIXTURES / "samples" / "shuyang-fgj-2023.html").read_bytes()

    def once() -> None:
        if mode.startswith("text"):
            for text in corpus:
                clear_content_caches()
                report = parse_text(text)
                if mode == "textcheck":
                    run_checks(report)
        elif mode == "lxml":
            etree.fromstring(page, etree.HTMLParser())
        else:
            report = parse_html(page)
            if mode == "htmlcheck":
                run_checks(report)

    once()
    once()
    control = ["callgrind_control", "-i"]
    subprocess.run([*control, "on", str(os.getpid())], capture_output=True, check=True)
    for _ in range(rounds):
        once()
    subprocess.run([*control, "off", str(os.getpid())], capture_output=True, check=True)


def count(mode: str, rounds: int) -> int:
    """Instructions per report of ``mode``."""
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={folder}/callgrind.%p", sys.executable, __file__,
             "--child", mode, "--rounds", str(rounds)],
            capture_output=True, text=True, check=True)
    collected = re.search(r"Collected : (\d+)", run.stderr)
    if collected is None:
        raise SystemExit(f"valgrind did not report a count for {mode}:\n{run.stderr[-2000:]}")
    reports = rounds * (len(texts()) if mode.startswith("text") else 1)
    return int(collected.group(1)) // reports


def main() -> None:
    # this checkout's code, in the parent (which prints what the modules are) and in the child
    sys.path.insert(0, str(ROOT))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        workload(args.child, args.rounds)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("需要 valgrind（apt install valgrind）")
    from assistant import accel

    print(f"modules: {accel.state().reason}")
    print(f"interpreter: Python {platform.python_version()} ({sys.executable})")
    figures = {mode: count(mode, args.rounds) for mode in MODES}
    print(f"instructions per report, {args.rounds} rounds after two warm-up rounds (valgrind):")
    for mode, about in MODES.items():
        print(f"  {mode:10s} {figures[mode] / 1e6:6.2f}M  {about}")
    print(f"  text: checks {(figures['textcheck'] - figures['text']) / 1e6:.2f}M of "
          f"{figures['textcheck'] / 1e6:.2f}M a report")
    print(f"  page: parse+check {figures['htmlcheck'] / figures['lxml']:.2f}× lxml's bare parse, "
          f"checks {(figures['htmlcheck'] - figures['html']) / 1e6:.2f}M")


if __name__ == "__main__":
    main()
