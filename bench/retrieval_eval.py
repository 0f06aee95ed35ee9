"""Retrieval evaluation: recall@1, recall@5 and MRR for BM25-only, dense-only and hybrid, side by side.

    .venv/bin/python bench/retrieval_eval.py [--chunk-chars 600] [--dense-chars 80|full]

Builds a fresh index (the regulation corpus and the six sample reports) in a temporary folder
and asks the hand-written questions of tests/retrieval/eval_set.json. The options size the
report pieces and the part of each the embedding reads, to compare with the defaults.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval.chunks import REPORT_CHUNK_CHARS, REPORT_DENSE_CHARS  # noqa: E402
from assistant.retrieval.evaluation import evaluate, load_questions, table  # noqa: E402
from assistant.retrieval.ingest import ingest_paths  # noqa: E402
from assistant.retrieval.search import Fusion, Mode  # noqa: E402
from assistant.retrieval.store import Index  # noqa: E402
from tests.retrieval.conftest import SAMPLE_REPORTS, UNNAMED  # noqa: E402


def build(folder: Path, chunk_chars: int, dense_chars: int | None) -> Index:
    index = Index.open(folder)
    index.ensure_regulations()
    for path in SAMPLE_REPORTS:
        ingest_paths(index, [path], agency=UNNAMED.get(path.name), chunk_chars=chunk_chars, dense_chars=dense_chars)
    return index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunk-chars", type=int, default=REPORT_CHUNK_CHARS)
    parser.add_argument("--dense-chars", default=str(REPORT_DENSE_CHARS), help="整数，或 full（全文）")
    args = parser.parse_args()
    dense = None if args.dense_chars == "full" else int(args.dense_chars)
    questions = load_questions(ROOT / "tests" / "retrieval" / "eval_set.json")
    with tempfile.TemporaryDirectory() as folder:
        index = build(Path(folder), args.chunk_chars, dense)
        try:
            results = [evaluate(index, questions, mode) for mode in (Mode.BM25, Mode.DENSE, Mode.HYBRID)]
            results.append(evaluate(index, questions, Mode.HYBRID, fusion=Fusion.RRF))
        finally:
            index.close()
    reports = sum(1 for q in questions if q.gold[0].startswith("report:"))
    print(f"{len(questions)} 个问题（法规 {len(questions) - reports}，往年报告 {reports}）；"
          f"往年报告每段 {args.chunk_chars} 字，语义向量读取 {args.dense_chars} 字")
    print(table(results))
    for metrics in results:
        if metrics.misses:
            print(f"{metrics.name} 前5名未命中：{'；'.join(metrics.misses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
