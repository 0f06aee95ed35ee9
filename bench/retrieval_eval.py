"""Retrieval evaluation: recall@1, recall@5 and MRR for BM25-only, dense-only and hybrid, side by side.

    .venv/bin/python bench/retrieval_eval.py

Builds a fresh index (the regulation corpus and the six sample reports) in a temporary folder
and asks the hand-written questions of tests/retrieval/eval_set.json.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval.evaluation import evaluate, load_questions, table  # noqa: E402
from assistant.retrieval.search import Fusion, Mode  # noqa: E402
from tests.retrieval.conftest import build_index  # noqa: E402


def main() -> int:
    questions = load_questions(ROOT / "tests" / "retrieval" / "eval_set.json")
    with tempfile.TemporaryDirectory() as folder:
        index = build_index(Path(folder))
        try:
            results = [evaluate(index, questions, mode) for mode in (Mode.BM25, Mode.DENSE, Mode.HYBRID)]
            results.append(evaluate(index, questions, Mode.HYBRID, fusion=Fusion.RRF))
        finally:
            index.close()
    reports = sum(1 for q in questions if q.gold[0].startswith("report:"))
    print(f"{len(questions)} 个问题（法规 {len(questions) - reports}，往年报告 {reports}）")
    print(table(results))
    for metrics in results:
        if metrics.misses:
            print(f"{metrics.name} 前5名未命中：{'；'.join(metrics.misses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
