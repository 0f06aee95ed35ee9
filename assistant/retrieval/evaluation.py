"""Retrieval evaluation: recall@k and MRR of a retriever over hand-written questions with gold passages.

Gold ids are corpus refs (``tiaoli-2019.a49``; a hit on an item or paragraph of that article
counts) or ``report:<file name>#<section>`` for a section of an ingested report.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.retrieval.search import Fusion, Hit, Mode, search
from assistant.retrieval.store import Index


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    q: str
    gold: tuple[str, ...]


class Metrics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="bm25、dense、hybrid（convex 融合）或 hybrid-rrf")
    questions: int
    recall_at_1: float
    recall_at_5: float
    mrr: float = Field(description="首个正确结果名次倒数的平均（前10名内）")
    ms_per_query: float
    misses: list[str] = Field(default_factory=list, description="前5名内没有正确结果的问题")


def load_questions(path: Path) -> list[Question]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [Question.model_validate(q) for q in raw["questions"]]


def hit_matches(hit: Hit, gold: str) -> bool:
    if gold.startswith("report:"):
        name, _sep, section = gold.removeprefix("report:").partition("#")
        source = str(hit.metadata.get("source", ""))
        return Path(source).name == name and hit.metadata.get("section") == section
    return hit.ref == gold or hit.ref.startswith(gold + ".")


def first_rank(hits: list[Hit], gold: tuple[str, ...]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if any(hit_matches(hit, g) for g in gold):
            return rank
    return None


def evaluate(
    index: Index, questions: list[Question], mode: Mode, *, fusion: Fusion = Fusion.CONVEX, depth: int = 10,
) -> Metrics:
    from assistant.retrieval.embedding import clear_query_cache

    clear_query_cache()  # time every retriever with the same cold query cache
    ranks: list[int | None] = []
    started = time.perf_counter()
    for question in questions:
        hits = search(index, question.q, k=depth, mode=mode, fusion=fusion, exact=False)
        ranks.append(first_rank(hits, question.gold))
    elapsed = time.perf_counter() - started
    count = len(questions)
    name = mode.value if mode is not Mode.HYBRID or fusion is Fusion.CONVEX else f"hybrid-{fusion.value}"
    return Metrics(
        name=name, questions=count,
        recall_at_1=sum(1 for r in ranks if r is not None and r <= 1) / count,
        recall_at_5=sum(1 for r in ranks if r is not None and r <= 5) / count,
        mrr=sum(1 / r for r in ranks if r is not None) / count,
        ms_per_query=elapsed / count * 1000,
        misses=[q.q for q, r in zip(questions, ranks, strict=True) if r is None or r > 5],
    )


def table(results: list[Metrics]) -> str:
    """A Markdown table, one row per retriever."""
    lines = ["| retriever | recall@1 | recall@5 | MRR | ms/query |", "|---|---|---|---|---|"]
    for m in results:
        lines.append(
            f"| {m.name} | {m.recall_at_1:.3f} | {m.recall_at_5:.3f} | {m.mrr:.3f} | {m.ms_per_query:.0f} |"
        )
    return "\n".join(lines)
