"""Parse+check throughput in one process, and `nianbao audit` wall time over many reports.

Generates synthetic, consistent reports (assistant.synth) printed as text (one cell a line,
and " | " rows) and as the HTML page our exporter writes, then:
  1. parses and checks --n of them in this process and prints reports/s per form;
  2. writes --audit-n of them (agencies with consecutive years, so cross-year pairing happens)
     into a folder and times the real CLI, `nianbao audit DIR --jobs <cores>`.
Targets (issue 2): >= 200 reports/s parse+check in one process; 10,000 reports audited in
under 60 s on 2 cores.

    .venv/bin/python bench/parse_check.py [--n 2000] [--audit-n 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.checks import run_checks
from assistant.export import ExportFormat, render
from assistant.parsing import parse_file
from assistant.report import Report
from assistant.synth import agency_names, render_text, synthetic_series

FORMS = ("cells", "rows", "html")


def printed(report: Report, form: str) -> tuple[str, str]:
    if form == "html":
        return ".html", render(report, ExportFormat.HTML).decode("utf-8")
    return ".txt", render_text(report, form)


def write_corpus(folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` reports: series of three consecutive years per agency, forms in rotation."""
    rng = random.Random(seed)
    paths: list[Path] = []
    for number, agency in enumerate(agency_names(count // 3 + 1)):
        for report in synthetic_series(rng, agency=agency, years=range(2021, 2024)):
            if len(paths) >= count:
                break
            suffix, text = printed(report, FORMS[len(paths) % len(FORMS)])
            path = folder / f"{number:05d}" / f"{report.meta.year}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def throughput(paths: list[Path]) -> dict[str, float]:
    """Reports per second of parse+check, per file form, in this process."""
    by_form: dict[str, list[Path]] = {}
    for i, path in enumerate(paths):
        by_form.setdefault(FORMS[i % len(FORMS)], []).append(path)
    rates = {}
    for form, items in by_form.items():
        start = time.perf_counter()
        for path in items:
            run_checks(parse_file(path))
        rates[form] = len(items) / (time.perf_counter() - start)
    start = time.perf_counter()
    for path in paths:
        run_checks(parse_file(path))
    rates["all"] = len(paths) / (time.perf_counter() - start)
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1500, help="reports for the one-process throughput")
    parser.add_argument("--audit-n", type=int, default=10_000, help="reports for the audit wall time")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small = write_corpus(root / "small", args.n, seed=1)
        run_checks(parse_file(small[0]))  # warm imports and caches
        rates = throughput(small)
        print(f"parse+check, one process, {len(small)} reports:")
        for form, rate in rates.items():
            print(f"  {form:>5}: {rate:7.0f} reports/s")
        start = time.perf_counter()
        big = write_corpus(root / "big", args.audit_n, seed=2)
        print(f"generated {len(big)} reports in {time.perf_counter() - start:.1f} s")
        out = root / "audit-out"
        command = [sys.executable, "-m", "assistant.cli", "audit", str(root / "big"), "-o", str(out),
                   "--jobs", str(args.jobs)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        print(done.stdout.strip())
        print(f"nianbao audit over {len(big)} reports, {args.jobs} jobs: {wall:.1f} s wall "
              f"(exit code {done.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
