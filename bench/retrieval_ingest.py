"""Ingest time for 1,000 generated past reports (target: under 5 minutes on 2 cores).

    .venv/bin/python bench/retrieval_ingest.py [--reports 1000] [--out bench/out/retrieval]

The report files are written first (not timed); then a fresh index is created in
<out>/data and ``ingest_paths`` reads, parses, chunks, embeds and indexes them all, and
builds the BM25 index: that whole call is the figure. The data folder is kept for
bench/retrieval_latency.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval.chunks import Source  # noqa: E402
from assistant.retrieval.ingest import Outcome, ingest_paths  # noqa: E402
from assistant.retrieval.store import Index  # noqa: E402
from bench.retrieval_reports import write_reports  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "retrieval")
    args = parser.parse_args()
    reports = args.out / "reports"
    data = args.out / "data"
    if reports.exists():
        shutil.rmtree(reports)
    if data.exists():
        shutil.rmtree(data)
    started = time.perf_counter()
    paths = write_reports(reports, args.reports)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    made = time.perf_counter() - started
    print(f"生成 {len(paths)} 份报告（平均 {chars / len(paths):.0f} 字，含表格）用时 {made:.1f} 秒")
    print(f"CPU 核数 {os.cpu_count()}，开始时负载 {os.getloadavg()[0]:.2f}")
    with Index.open(data) as index:
        started = time.perf_counter()
        summary = ingest_paths(index, [reports])
        elapsed = time.perf_counter() - started
        chunks = index.count(Source.REPORTS)
    failed = summary.count(Outcome.FAILED)
    print(f"收录 {summary.count(Outcome.ADDED)} 份（失败 {failed} 份），{chunks} 段")
    print(f"ingest：{elapsed:.1f} 秒（{elapsed / len(paths) * 1000:.0f} 毫秒/份），目标 300 秒："
          f"{'达到' if elapsed < 300 else '未达到'}；结束时负载 {os.getloadavg()[0]:.2f}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
