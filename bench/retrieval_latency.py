"""Query latency p50/p95 over an index of at least 10,000 chunks (target: hybrid p95 under 100 ms).

    .venv/bin/python bench/retrieval_latency.py [--out bench/out/retrieval] [--min-chunks 10000]

Uses the index bench/retrieval_ingest.py left in <out>/data (or starts one), adds generated
reports until the index holds ``--min-chunks`` chunks (regulations and reports together),
then times 300 distinct queries per retriever (every query text new, so the query-embedding
cache never helps), with and without filters.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval.chunks import Source  # noqa: E402
from assistant.retrieval.evaluation import load_questions  # noqa: E402
from assistant.retrieval.ingest import ingest_paths  # noqa: E402
from assistant.retrieval.search import Filters, Mode, search  # noqa: E402
from assistant.retrieval.store import Index  # noqa: E402
from bench.retrieval_reports import sentence_pool, write_reports  # noqa: E402

QUERIES = 300


def queries(rng: random.Random, count: int) -> list[str]:
    """Distinct questions: the evaluation set's, then fragments of real report sentences."""
    asked = [q.q for q in load_questions(ROOT / "tests" / "retrieval" / "eval_set.json")]
    pool = [s for sentences in sentence_pool().values() for s in sentences]
    seen = set(asked)
    while len(asked) < count:
        sentence = rng.choice(pool)
        start = rng.randrange(0, max(1, len(sentence) - 12))
        fragment = sentence[start:start + rng.randint(8, 24)]
        if fragment not in seen:
            seen.add(fragment)
            asked.append(fragment)
    return asked


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "retrieval")
    parser.add_argument("--min-chunks", type=int, default=10_000)
    args = parser.parse_args()
    with Index.open(args.out / "data") as index:
        index.ensure_regulations()
        batch = 0
        while index.count(Source.REPORTS) + index.count(Source.REGULATIONS) < args.min_chunks:
            start = 100_000 + batch * 200
            extra = write_reports(args.out / "extra", 200, seed=7, start=start)
            ingest_paths(index, extra)
            batch += 1
        total = index.count(Source.REPORTS) + index.count(Source.REGULATIONS)
        print(f"索引：{total} 段（法规 {index.count(Source.REGULATIONS)}，往年报告 {index.count(Source.REPORTS)}）；"
              f"负载 {os.getloadavg()[0]:.2f}")
        search(index, "预热：载入关键词索引", k=5)  # loads the BM25 index and the model once
        rows = []
        plans = [
            ("hybrid", Mode.HYBRID, Filters()), ("bm25", Mode.BM25, Filters()), ("dense", Mode.DENSE, Filters()),
            ("hybrid + 年度与部分过滤", Mode.HYBRID, Filters(year=2022, section="problems")),
        ]
        asked = queries(random.Random(11), QUERIES * len(plans))
        for number, (name, mode, filters) in enumerate(plans):
            times = []
            for query in asked[number * QUERIES:(number + 1) * QUERIES]:  # no query is asked twice
                started = time.perf_counter()
                search(index, query, k=5, mode=mode, filters=filters)
                times.append((time.perf_counter() - started) * 1000)
            rows.append((name, statistics.median(times), percentile(times, 0.95), max(times)))
    print("| 检索方式 | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---|---|---|")
    for name, p50, p95, worst in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {worst:.1f} |")
    hybrid_p95 = rows[0][2]
    print(f"hybrid p95 目标 100 毫秒：{'达到' if hybrid_p95 < 100 else '未达到'}；结束时负载 {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
