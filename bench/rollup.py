"""Roll up 1,000 unit reports with the real CLI and print the wall time.

Writes a roster of --units units and one synthetic report per unit (text, " | " rows and the
HTML our exporter writes, in rotation), then times
`nianbao rollup DIR --year Y --roster R --name ... --jobs <cores>`. Target (issue 6): under 30 s
on 2 cores for 1,000 reports.

    .venv/bin/python bench/rollup.py [--units 1000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.export import ExportFormat, render
from testdata.synth import agency_names, render_text, synthetic_report

YEAR = 2023
GOVERNMENT = "临川市人民政府"


def write_county(folder: Path, units: int) -> Path:
    rng = random.Random(3)
    roster = folder / "roster.csv"
    with roster.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "类型", "上级"])
        for i, name in enumerate(agency_names(units)):
            writer.writerow([name, "部门", GOVERNMENT])
            report = synthetic_report(rng, agency=name, year=YEAR)
            stem = folder / "reports" / f"{i:04d}"
            stem.parent.mkdir(exist_ok=True)
            form = ("cells", "rows", "html")[i % 3]
            if form == "html":
                stem.with_suffix(".html").write_bytes(render(report, ExportFormat.HTML))
            else:
                stem.with_suffix(".txt").write_text(render_text(report, form), encoding="utf-8")
    return roster


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        roster = write_county(folder, args.units)
        print(f"generated {args.units} unit reports in {time.perf_counter() - start:.1f} s")
        command = [sys.executable, "-m", "assistant.cli", "rollup", str(folder / "reports"),
                   "--year", str(YEAR), "--roster", str(roster), "--name", GOVERNMENT,
                   "-o", str(folder / "rollup.json"), "--jobs", str(args.jobs)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        print(done.stdout.strip().splitlines()[0] if done.stdout else done.stderr.strip()[-2000:])
        print(f"nianbao rollup of {args.units} unit reports, {args.jobs} jobs: {wall:.1f} s wall "
              f"(exit code {done.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
