"""The checks alone: ``run_checks`` on reports parsed once, per report, CPU time.

The real samples (the saved HTML page, the text samples and the converter-style corpus) are
parsed once; then ``run_checks`` on them is timed, best of several rounds, in this process's
CPU time (so that other work on the machine counts less). Parse time is left out: this is what
the checks add to parse+check (bench/parse_check.py).

    .venv/bin/python bench/checks_speed.py [--rounds 15] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from assistant.checks import run_checks
from assistant.parsing import parse_html, parse_text
from assistant.report import Report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
CONVERTED = ROOT / "tests" / "fixtures" / "converted"
PAGE = SAMPLES / "shuyang-fgj-2023.html"


def corpora() -> dict[str, list[Report]]:
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    converted = [p.read_text("utf-8") for p in sorted(CONVERTED.glob("*"))
                 if p.is_file() and p.name != "README"]
    return {
        "HTML page": [parse_html(PAGE.read_bytes(), source=str(PAGE))],
        "text samples": [parse_text(t) for t in texts],
        "converted corpus": [parse_text(t) for t in converted],
    }


def best_ms_per_report(reports: list[Report], rounds: int, batch: int = 20) -> float:
    """CPU milliseconds of ``run_checks`` per report, best of ``rounds`` batches."""
    for report in reports:
        run_checks(report)  # warm caches (the lexicon, the form's tables)
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(batch):
            for report in reports:
                run_checks(report)
        best = min(best, (time.process_time() - start) / (batch * len(reports)) * 1000)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="print cProfile of the checks and stop")
    args = parser.parse_args()
    found = corpora()
    if args.profile:
        every = [r for reports in found.values() for r in reports]
        for report in every:
            run_checks(report)
        profiler = cProfile.Profile()
        for _ in range(50):
            for report in every:
                profiler.runcall(run_checks, report)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return 0
    total = 0.0
    count = 0
    for label, reports in found.items():
        ms = best_ms_per_report(reports, args.rounds)
        total += ms * len(reports)
        count += len(reports)
        print(f"{label:17s} ({len(reports)} reports): run_checks {ms:6.3f} ms per report")
    print(f"all samples       ({count} reports): run_checks {total / count:6.3f} ms per report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
